//! General position of the samples (SPEC §5): every `min(N, d)` of them linearly independent.
//!
//! The samples are taken after bias augmentation, exactly as they define the hyperplanes
//! `{w : w·x_i = 0}` of the arrangement (SPEC §2). The check runs over all subsets of size
//! `k = min(N, d)` in lexicographic order of their index sets and stops at the first dependent
//! one, which is reported with an exact linear dependency taken from the null space of the
//! `d × k` matrix whose columns are those samples. A subset of fewer than `k` samples is
//! independent whenever a `k`-subset containing it is, so checking size `k` alone suffices.

use num_bigint::BigInt;
use num_traits::{One, Zero};

use crate::error::{Error, Result};
use relucert_exact::{Q, QMatrix};

/// The largest number of `k`-subsets the check enumerates before refusing.
pub const SUBSET_LIMIT: u64 = 2_000_000;

/// The verdict on general position, with a witness when it fails.
#[derive(Clone, Debug, PartialEq)]
pub struct GeneralPosition {
    /// The subset size `k = min(N, d)` that was checked.
    pub subset_size: usize,
    /// The number of `k`-subsets examined (all of them when in general position).
    pub subsets_examined: u64,
    /// The first dependent `k`-subset in lexicographic order (0-based sample indices), if any.
    pub dependent_subset: Option<Vec<usize>>,
    /// Non-zero coefficients `c` (one per index of `dependent_subset`) with `Σ_j c_j x_{S_j} = 0`.
    pub dependency: Option<Vec<Q>>,
}

impl GeneralPosition {
    /// Whether the samples are in general position.
    pub fn holds(&self) -> bool {
        self.dependent_subset.is_none()
    }
}

/// Decide general position of `samples` (rows of equal length `d`), exactly.
///
/// Refuses (`Error::Refused`) when the number of `min(N, d)`-subsets exceeds [`SUBSET_LIMIT`].
/// The dependency it reports has been checked by [`verify_dependency`].
pub fn general_position(samples: &[Vec<Q>]) -> Result<GeneralPosition> {
    let n = samples.len();
    let d = samples.first().map_or(0, Vec::len);
    let k = n.min(d);
    let total = binomial(n as u64, k as u64);
    if total > BigInt::from(SUBSET_LIMIT) {
        return Err(Error::Refused(format!(
            "general position: {total} subsets of {k} of the {n} samples to check, above the limit of {SUBSET_LIMIT}"
        )));
    }
    let mut examined = 0u64;
    let mut subset: Vec<usize> = (0..k).collect();
    loop {
        examined += 1;
        let m = columns_matrix(samples, &subset);
        if m.rank() < k {
            let coeffs = m.null_space().into_iter().next().ok_or_else(|| {
                Error::Refused("internal error: a rank-deficient matrix with an empty null space".into())
            })?;
            if !verify_dependency(samples, &subset, &coeffs) {
                return Err(Error::Refused(
                    "internal error: the linear dependency failed its own verification".into(),
                ));
            }
            return Ok(GeneralPosition {
                subset_size: k,
                subsets_examined: examined,
                dependent_subset: Some(subset),
                dependency: Some(coeffs),
            });
        }
        if !next_subset(&mut subset, n) {
            break;
        }
    }
    Ok(GeneralPosition {
        subset_size: k,
        subsets_examined: examined,
        dependent_subset: None,
        dependency: None,
    })
}

/// Check a linear dependency by substitution: `coeffs` is not all zero, has one entry per
/// index of `subset`, and `Σ_j coeffs_j · samples[subset_j] = 0` exactly.
pub fn verify_dependency(samples: &[Vec<Q>], subset: &[usize], coeffs: &[Q]) -> bool {
    if subset.len() != coeffs.len() || subset.iter().any(|&i| i >= samples.len()) {
        return false;
    }
    if coeffs.iter().all(Zero::is_zero) {
        return false;
    }
    let d = samples.first().map_or(0, Vec::len);
    (0..d).all(|t| {
        subset
            .iter()
            .zip(coeffs)
            .fold(Q::zero(), |acc, (&i, c)| acc + c * &samples[i][t])
            .is_zero()
    })
}

/// The number of chambers of a central arrangement of `n` hyperplanes in general position in
/// dimension `d`: `2 Σ_{i<d} C(n−1, i)` (SPEC §2; `0` hyperplanes give 1 chamber).
pub fn general_position_chamber_count(n: usize, d: usize) -> BigInt {
    if n == 0 {
        return BigInt::one();
    }
    let sum: BigInt = (0..d).map(|i| binomial(n as u64 - 1, i as u64)).sum();
    sum * 2
}

/// `C(n, k)` exactly (0 when `k > n`).
pub fn binomial(n: u64, k: u64) -> BigInt {
    if k > n {
        return BigInt::zero();
    }
    let k = k.min(n - k);
    let mut acc = BigInt::one();
    for i in 0..k {
        acc = acc * BigInt::from(n - i) / BigInt::from(i + 1);
    }
    acc
}

/// The `d × |subset|` matrix whose columns are the chosen samples.
fn columns_matrix(samples: &[Vec<Q>], subset: &[usize]) -> QMatrix {
    let d = samples.first().map_or(0, Vec::len);
    let rows = (0..d)
        .map(|t| subset.iter().map(|&i| samples[i][t].clone()).collect())
        .collect();
    QMatrix::from_rows(rows, subset.len())
}

/// Advance `subset` (strictly increasing indices below `n`) to the next one in lexicographic
/// order; `false` when it was the last.
fn next_subset(subset: &mut [usize], n: usize) -> bool {
    let k = subset.len();
    let mut pos = k;
    while pos > 0 {
        pos -= 1;
        if subset[pos] < n - k + pos {
            subset[pos] += 1;
            for j in pos + 1..k {
                subset[j] = subset[j - 1] + 1;
            }
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    fn pts(rows: &[&[i64]]) -> Vec<Vec<Q>> {
        rows.iter().map(|r| r.iter().map(|&v| qi(v)).collect()).collect()
    }

    #[test]
    fn lexicographic_subsets() {
        let mut s = vec![0, 1];
        let mut all = vec![s.clone()];
        while next_subset(&mut s, 4) {
            all.push(s.clone());
        }
        assert_eq!(
            all,
            vec![
                vec![0, 1],
                vec![0, 2],
                vec![0, 3],
                vec![1, 2],
                vec![1, 3],
                vec![2, 3]
            ]
        );
    }

    #[test]
    fn fig1_data_is_in_general_position() {
        let x = pts(&[&[-1, 1], &[2, 1], &[1, 3]]);
        let gp = general_position(&x).unwrap();
        assert!(gp.holds());
        assert_eq!(gp.subsets_examined, 3);
        assert_eq!(general_position_chamber_count(3, 2), BigInt::from(6));
    }

    #[test]
    fn parallel_samples_give_first_dependent_pair() {
        let x = vec![
            vec![qi(1), qi(0)],
            vec![qi(0), qi(1)],
            vec![qi(2), qi(3)],
            vec![q(-1, 2), q(-3, 4)],
        ];
        let gp = general_position(&x).unwrap();
        assert_eq!(gp.dependent_subset, Some(vec![2, 3]));
        let c = gp.dependency.unwrap();
        assert!(verify_dependency(&x, &[2, 3], &c));
        assert!(!verify_dependency(&x, &[2, 3], &[qi(0), qi(0)]));
        assert!(!verify_dependency(&x, &[2, 3], &[qi(1), qi(1)]));
    }

    #[test]
    fn zero_sample_is_dependent_alone_in_dimension_one() {
        let x = pts(&[&[3], &[0], &[-2]]);
        let gp = general_position(&x).unwrap();
        assert_eq!(gp.dependent_subset, Some(vec![1]));
    }

    #[test]
    fn chamber_formula_small_cases() {
        assert_eq!(general_position_chamber_count(2, 2), BigInt::from(4));
        assert_eq!(general_position_chamber_count(4, 3), BigInt::from(14));
        assert_eq!(general_position_chamber_count(3, 5), BigInt::from(8));
        assert_eq!(binomial(30, 15), BigInt::from(155_117_520u64));
    }
}
