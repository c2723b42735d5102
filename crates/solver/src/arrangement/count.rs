//! Completeness by counting (SPEC §2): the number of chambers and faces of the central
//! arrangement `{w : w·x_i = 0}`, from exact ranks only, with no linear programming.
//!
//! - Whitney's subset formula: `#chambers = Σ_{S ⊆ [N']} (−1)^{|S| − rank(x_S)}` over the
//!   `N'` non-zero samples (exponential in `N'`, so limited to [`WHITNEY_SUBSET_LIMIT`]).
//! - Zaslavsky's theorem on the lattice of flats `L`: `#chambers = Σ_{G ∈ L} |μ(V, G)|`, and
//!   `#faces = Σ_{F ≤ G} |μ(F, G)|` = `Σ_F #chambers(restriction to F)`, since the faces lying
//!   open in a flat `F` are exactly the chambers of the arrangement restricted to `F`, whose
//!   lattice is the interval `[F, ·]`.
//! - General position (every `≤ d` of `N` samples independent, spanning `R^d`):
//!   `#chambers = 2 Σ_{i<d} C(N−1, i)`.

use num_bigint::BigInt;
use num_traits::Zero;

use crate::arrangement::flat::Lattice;
use crate::arrangement::integral::{integer_multiple, primitive_integer};
use relucert_exact::Q;

/// The largest number of non-zero samples for which [`whitney_subset_count`] runs (2^16 subsets).
pub const WHITNEY_SUBSET_LIMIT: usize = 16;

/// Whitney's subset formula `Σ_{S} (−1)^{|S| − rank(x_S)}` over subsets of the non-zero
/// samples, with ranks kept incrementally along a depth-first walk over subsets.
/// `None` when there are more than [`WHITNEY_SUBSET_LIMIT`] non-zero samples.
pub fn whitney_subset_count(samples: &[Vec<Q>]) -> Option<u64> {
    let nonzero: Vec<Vec<BigInt>> = samples
        .iter()
        .filter(|x| x.iter().any(|v| !v.is_zero()))
        .map(|x| integer_multiple(x))
        .collect();
    if nonzero.len() > WHITNEY_SUBSET_LIMIT {
        return None;
    }
    let total = subset_sum(&nonzero, 0, &mut Vec::new(), 0);
    u64::try_from(total).ok()
}

/// Sum of `(−1)^{|S| − rank}` over the subsets `S` that extend the current choice by samples
/// from `next` onwards; `basis` holds integer echelon rows `(pivot column, row)` of the chosen
/// samples (fraction-free elimination: the rank is all that matters).
fn subset_sum(
    samples: &[Vec<BigInt>],
    next: usize,
    basis: &mut Vec<(usize, Vec<BigInt>)>,
    size: usize,
) -> i64 {
    let parity = |k: usize| if k.is_multiple_of(2) { 1 } else { -1 };
    if next == samples.len() {
        return parity(size + basis.len());
    }
    let without = subset_sum(samples, next + 1, basis, size);
    let mut row = samples[next].clone();
    for (p, b) in basis.iter() {
        if !row[*p].is_zero() {
            // row ← b_p·row − row_p·b clears column p and keeps the span.
            let (bp, rp) = (b[*p].clone(), row[*p].clone());
            for (r, bj) in row.iter_mut().zip(b) {
                *r = &bp * &*r - &rp * bj;
            }
            row = primitive_integer(row);
        }
    }
    let with = match row.iter().position(|v| !v.is_zero()) {
        Some(p) => {
            basis.push((p, row));
            let s = subset_sum(samples, next + 1, basis, size + 1);
            basis.pop();
            s
        }
        None => subset_sum(samples, next + 1, basis, size + 1),
    };
    without + with
}

/// The Möbius function `μ(F, G)` of the lattice for the flat `F = lattice.flats[from]`, one
/// entry per flat (`0` where `G` is not above `F`): `μ(F,F) = 1`,
/// `μ(F,G) = −Σ_{F ≤ H < G} μ(F,H)`.
pub fn moebius_from(lattice: &Lattice, from: usize) -> Vec<i64> {
    let flats = &lattice.flats;
    let mut mu = vec![0i64; flats.len()];
    let above: Vec<usize> = (0..flats.len())
        .filter(|&g| flats[from].is_below(&flats[g]))
        .collect();
    for (pos, &g) in above.iter().enumerate() {
        if g == from {
            mu[g] = 1;
            continue;
        }
        let sum: i64 = above[..pos]
            .iter()
            .filter(|&&h| flats[h].rank < flats[g].rank && flats[h].is_below(&flats[g]))
            .map(|&h| mu[h])
            .sum();
        mu[g] = -sum;
    }
    mu
}

/// The number of chambers of the arrangement restricted to the flat `lattice.flats[from]`
/// (Zaslavsky): `Σ_{G ≥ F} |μ(F, G)|`. For `from = 0` this is the number of chambers.
pub fn chambers_of_restriction(lattice: &Lattice, from: usize) -> u64 {
    moebius_from(lattice, from).iter().map(|m| m.unsigned_abs()).sum()
}

/// The number of chambers (Zaslavsky, through the lattice of flats). Samples must have equal
/// length `d`; zero samples are ignored and parallel samples count as one hyperplane.
pub fn count_chambers(samples: &[Vec<Q>]) -> u64 {
    let lattice = Lattice::of(samples, dimension(samples));
    chambers_of_restriction(&lattice, 0)
}

/// The number of faces: `Σ_{flats F} #chambers(restriction to F)`.
pub fn count_faces(samples: &[Vec<Q>]) -> u64 {
    let lattice = Lattice::of(samples, dimension(samples));
    (0..lattice.len())
        .map(|f| chambers_of_restriction(&lattice, f))
        .sum()
}

/// The chamber count `2 Σ_{i<d} C(n−1, i)` of `n ≥ 1` samples in general position spanning `R^d`
/// (for `n = 0` the single chamber is the whole space).
pub fn general_position_count(n: u64, d: u64) -> u64 {
    if n == 0 {
        return 1;
    }
    let mut binom = 1u64; // C(n−1, i)
    let mut sum = 0u64;
    for i in 0..d.min(n) {
        sum += binom;
        binom = binom * (n - 1 - i) / (i + 1);
    }
    2 * sum
}

fn dimension(samples: &[Vec<Q>]) -> usize {
    samples.first().map_or(0, |x| x.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    fn rows(v: &[&[i64]]) -> Vec<Vec<Q>> {
        v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect()
    }

    #[test]
    fn worked_examples() {
        let fig1 = rows(&[&[-1, 1], &[2, 1], &[1, 3]]);
        assert_eq!(whitney_subset_count(&fig1), Some(6));
        assert_eq!(count_chambers(&fig1), 6);
        assert_eq!(count_faces(&fig1), 13);
        let liu = rows(&[&[1, 0], &[0, 1]]);
        assert_eq!(count_chambers(&liu), 4);
        assert_eq!(count_faces(&liu), 9);
        let line = rows(&[&[-2], &[2]]);
        assert_eq!(whitney_subset_count(&line), Some(2));
        assert_eq!(count_chambers(&line), 2);
        assert_eq!(count_faces(&line), 3);
    }

    #[test]
    fn general_position_formula() {
        assert_eq!(general_position_count(3, 2), 6);
        assert_eq!(general_position_count(2, 2), 4);
        assert_eq!(general_position_count(4, 3), 14);
        assert_eq!(general_position_count(2, 5), 4);
        assert_eq!(general_position_count(5, 1), 2);
    }

    #[test]
    fn no_samples_one_chamber() {
        let none: Vec<Vec<Q>> = Vec::new();
        assert_eq!(whitney_subset_count(&none), Some(1));
        let zeros = rows(&[&[0, 0], &[0, 0]]);
        assert_eq!(whitney_subset_count(&zeros), Some(1));
        assert_eq!(count_chambers(&zeros), 1);
        assert_eq!(count_faces(&zeros), 1);
    }
}
