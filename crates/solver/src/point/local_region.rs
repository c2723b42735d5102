//! Local regions of one unit: the chambers `T` of the small arrangement of the samples on
//! which the unit's weight vanishes, and the one-sided gradients `G_k(T)` (SPEC §4,
//! `proofs/local-minima-theorem.md`, Step 1).

use num_traits::{One, Zero};

use crate::arrangement::{Sign, SignVector, chambers_of};
use relucert_exact::Q;

/// One chamber `T` of the small arrangement `{x_i : i ∈ Z'_k}` of a unit, where `Z'_k` are the
/// non-zero samples with `w_k·x_i = 0`.
#[derive(Clone, Debug, PartialEq)]
pub struct LocalRegion {
    /// Samples of `Z'_k` on the positive side (`T`), ascending.
    pub positive: Vec<usize>,
    /// Samples of `Z'_k` on the negative side (`Z'_k ∖ T`), ascending.
    pub negative: Vec<usize>,
    /// A direction `v` strictly inside the chamber: `v·x_i > 0` on `T`, `< 0` on `Z'_k∖T`.
    pub witness: Vec<Q>,
}

impl LocalRegion {
    /// The region as a string over all `n` samples: `+` for `T`, `-` for `Z'_k∖T`, `.` for
    /// samples outside `Z'_k`.
    pub fn signs_text(&self, n: usize) -> String {
        let mut s = vec!['.'; n];
        for &i in &self.positive {
            s[i] = '+';
        }
        for &i in &self.negative {
            s[i] = '-';
        }
        s.into_iter().collect()
    }

    /// The samples of `Z'_k` in ascending order with `true` for those in `T`.
    pub fn zero_samples(&self) -> Vec<(usize, bool)> {
        let mut all: Vec<(usize, bool)> = self
            .positive
            .iter()
            .map(|&i| (i, true))
            .chain(self.negative.iter().map(|&i| (i, false)))
            .collect();
        all.sort();
        all
    }
}

/// True when the sample is the zero vector (it is never part of an arrangement).
pub fn is_zero_sample(x: &[Q]) -> bool {
    x.iter().all(|v| v.is_zero())
}

/// `Z'_k`: the non-zero samples on which the face `signs` is zero, ascending.
pub fn vanishing_samples(samples: &[Vec<Q>], signs: &SignVector) -> Vec<usize> {
    signs
        .zero_set()
        .into_iter()
        .filter(|&i| !is_zero_sample(&samples[i]))
        .collect()
}

/// Every chamber `T` of the small arrangement of the samples `zero` (indices into `samples`),
/// each with a strict witness, in the arrangement module's order (sorted by sign string).
/// With `zero` empty there is one region, `T = ∅`, with witness `0`.
pub fn local_regions(samples: &[Vec<Q>], zero: &[usize]) -> Vec<LocalRegion> {
    let d = samples.first().map_or(0, |x| x.len());
    if zero.is_empty() {
        return vec![LocalRegion {
            positive: Vec::new(),
            negative: Vec::new(),
            witness: vec![Q::zero(); d],
        }];
    }
    chambers_of(samples, zero)
        .into_iter()
        .map(|face| {
            let mut positive = Vec::new();
            let mut negative = Vec::new();
            for (j, s) in face.signs.signs().iter().enumerate() {
                match s {
                    Sign::Pos => positive.push(zero[j]),
                    _ => negative.push(zero[j]),
                }
            }
            LocalRegion {
                positive,
                negative,
                witness: face.witness,
            }
        })
        .collect()
}

/// The coefficient `b_ik(T)`: `1` when sample `i` is active for the unit in region `T` (face
/// sign `+`, or face sign `0` and `i ∈ T`), else `α`.
pub fn region_activation(alpha: &Q, face_sign: Sign, in_t: bool) -> Q {
    match face_sign {
        Sign::Pos => Q::one(),
        Sign::Zero if in_t => Q::one(),
        _ => alpha.clone(),
    }
}

/// `G_k(T) = Σ_i b_ik(T) e_i x_i` for the unit whose face is `signs` (SPEC §4).
pub fn region_gradient(
    samples: &[Vec<Q>],
    alpha: &Q,
    signs: &SignVector,
    region: &LocalRegion,
    residuals: &[Q],
) -> Vec<Q> {
    let d = samples.first().map_or(0, |x| x.len());
    let mut g = vec![Q::zero(); d];
    for (i, (x, e)) in samples.iter().zip(residuals).enumerate() {
        if e.is_zero() {
            continue;
        }
        let b = region_activation(alpha, signs.signs()[i], region.positive.contains(&i));
        let coef = b * e;
        for (gj, xj) in g.iter_mut().zip(x) {
            *gj += coef.clone() * xj;
        }
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    #[test]
    fn two_regions_for_one_vanishing_sample() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]];
        let regions = local_regions(&x, &[1]);
        assert_eq!(regions.len(), 2);
        let texts: Vec<String> = regions.iter().map(|r| r.signs_text(2)).collect();
        assert!(texts.contains(&".+".to_string()) && texts.contains(&".-".to_string()));
    }

    #[test]
    fn empty_zero_set_has_one_region() {
        let x = vec![vec![qi(1)]];
        let regions = local_regions(&x, &[]);
        assert_eq!(regions.len(), 1);
        assert_eq!(regions[0].witness, vec![qi(0)]);
    }
}
