//! The reduction of the family search to *cores* (`proofs/family-reductions.md`).
//!
//! An item `(F, m)` is **inert** when the unit adds nothing to any output on the family: mode
//! `0` (`z = 0`), or a face with no `+` when `α = 0` (ReLU: `σ(w·x_i) = 0` for every sample),
//! or a face with no `+` and no `-` (`w·x_i = 0` for every sample). The **core** of a family
//! drops its inert units and merges the units with the same face and the same non-zero mode
//! (`R = R_1 + R_2`). The note proves:
//!
//! - a family is non-empty ⇒ its core (a family of `j ≤ K` units) is non-empty with the same
//!   loss; an empty core means every unit is inert and then each single unit's one-unit family
//!   is non-empty with the same loss;
//! - a non-empty family of `j ≤ K` units gives a non-empty `K`-unit family with the same loss
//!   (split one unit into `K − j + 1` copies with `z/(K − j + 1)` each).
//!
//! So the set of loss values of local minima (hence the global minimum and the verdict) is the
//! set of losses of the non-empty families among: every single item, and every set of `j`
//! distinct non-inert items, `2 ≤ j ≤ K`.

use num_traits::Zero;

use super::Mode;
use crate::arrangement::{Face, Sign};
use relucert_exact::Q;

/// Whether the item `(face, mode)` is inert (adds nothing to any output).
pub fn is_inert(alpha: &Q, face: &Face, mode: Mode) -> bool {
    if mode == Mode::Zero {
        return true;
    }
    let signs = face.signs.signs();
    let any_pos = signs.contains(&Sign::Pos);
    let any_neg = signs.contains(&Sign::Neg);
    !any_pos && (alpha.is_zero() || !any_neg)
}

/// `inert[item]` for every item `3·face + mode`.
pub fn inert_items(alpha: &Q, faces: &[Face]) -> Vec<bool> {
    (0..3 * faces.len())
        .map(|j| is_inert(alpha, &faces[j / 3], Mode::ALL[j % 3]))
        .collect()
}

/// The core of a family given by its items: the non-inert items, each once, ascending.
pub fn core_of(items: &[usize], inert: &[bool]) -> Vec<usize> {
    let mut core: Vec<usize> = items.iter().copied().filter(|&j| !inert[j]).collect();
    core.sort_unstable();
    core.dedup();
    core
}

/// `C(n, k)`, saturating at `u128::MAX`.
pub fn binomial(n: u128, k: u128) -> u128 {
    if k > n {
        return 0;
    }
    let mut c: u128 = 1;
    for j in 0..k {
        match c.checked_mul(n - j) {
            Some(v) => c = v / (j + 1),
            None => return u128::MAX,
        }
    }
    c
}

/// `sizes[j − 1]` = the number of `j`-unit combinations of the reduced search, `j = 1..=k`:
/// `items` for `j = 1`, `C(live, j)` above.
pub fn reduced_sizes(items: usize, live: usize, k: usize) -> Vec<u128> {
    (1..=k)
        .map(|j| {
            if j == 1 {
                items as u128
            } else {
                binomial(live as u128, j as u128)
            }
        })
        .collect()
}

/// The total of [`reduced_sizes`], saturating.
pub fn reduced_total(items: usize, live: usize, k: usize) -> u128 {
    reduced_sizes(items, live, k)
        .into_iter()
        .fold(0u128, |a, b| a.saturating_add(b))
}

/// The combinations of the reduced search, in order: every single item, then for
/// `j = 2..=k` the `j`-subsets of the non-inert items in lexicographic order.
pub fn reduced_combinations(inert: &[bool], k: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = (0..inert.len()).map(|j| vec![j]).collect();
    let live: Vec<usize> = (0..inert.len()).filter(|&j| !inert[j]).collect();
    for j in 2..=k.min(live.len()) {
        let mut idx: Vec<usize> = (0..j).collect();
        loop {
            out.push(idx.iter().map(|&i| live[i]).collect());
            // Next j-subset of 0..live.len() in lexicographic order.
            let mut p = j;
            while p > 0 && idx[p - 1] == live.len() - j + p - 1 {
                p -= 1;
            }
            if p == 0 {
                break;
            }
            idx[p - 1] += 1;
            for q in p..j {
                idx[q] = idx[q - 1] + 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_combinations_match_their_count() {
        for live_mask in 0u32..64 {
            let inert: Vec<bool> = (0..6).map(|b| live_mask & (1 << b) != 0).collect();
            let live = inert.iter().filter(|v| !**v).count();
            for k in 1..=4 {
                let combos = reduced_combinations(&inert, k);
                assert_eq!(combos.len() as u128, reduced_total(6, live, k));
                let mut sorted = combos.clone();
                sorted.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
                sorted.dedup();
                assert_eq!(sorted, combos, "ordered by size then lexicographically, distinct");
                for c in combos.iter().filter(|c| c.len() > 1) {
                    assert!(c.windows(2).all(|w| w[0] < w[1]));
                    assert!(c.iter().all(|&j| !inert[j]));
                }
            }
        }
    }

    #[test]
    fn binomial_values() {
        assert_eq!(binomial(18, 4), 3060);
        assert_eq!(binomial(3, 5), 0);
        assert_eq!(binomial(10, 0), 1);
    }
}
