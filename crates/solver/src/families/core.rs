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

/// The combinations of a family search, produced lazily (no list of them is ever built): all
/// `K`-multisets of the `3F` items (the full search), or the cores of the reduced search
/// ([`reduced_combinations`]'s order). Ranked: [`Combos::unrank`] gives the `i`-th one, so a
/// sample can be spread over the plan and a resumed run can start in the middle.
#[derive(Clone, Debug)]
pub enum Combos {
    /// Every multiset of `k` items out of `items`, lexicographic.
    Full { items: usize, k: usize },
    /// Every single item of `items`, then for `j = 2..=k` the `j`-subsets of `live`
    /// (ascending item indices) in lexicographic order.
    Reduced {
        items: usize,
        live: Vec<usize>,
        k: usize,
    },
}

impl Combos {
    /// The full search over `items` items with `k` units.
    pub fn full(items: usize, k: usize) -> Combos {
        Combos::Full { items, k }
    }

    /// The reduced search given `inert[item]`.
    pub fn reduced(inert: &[bool], k: usize) -> Combos {
        Combos::Reduced {
            items: inert.len(),
            live: (0..inert.len()).filter(|&j| !inert[j]).collect(),
            k,
        }
    }

    /// How many combinations (saturating at `u128::MAX`).
    pub fn len(&self) -> u128 {
        match self {
            Combos::Full { items, k } => {
                crate::cells::combination::multiset_count(*items as u128, *k as u128)
            }
            Combos::Reduced { items, live, k } => reduced_total(*items, live.len(), *k),
        }
    }

    /// No combination at all.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `index`-th combination (`None` past the end).
    pub fn unrank(&self, index: u128) -> Option<Vec<usize>> {
        match self {
            Combos::Full { items, k } => {
                // Multisets a_0 ≤ … ≤ a_{k−1} of 0..n are the k-subsets b_i = a_i + i of
                // 0..n+k−1, in the same (lexicographic) order.
                let n = *items + *k;
                let b = unrank_subset(n.saturating_sub(1), *k, index)?;
                Some(b.iter().enumerate().map(|(i, v)| v - i).collect())
            }
            Combos::Reduced { items, live, k } => {
                if index < *items as u128 {
                    return Some(vec![index as usize]);
                }
                let mut rest = index - *items as u128;
                for j in 2..=*k {
                    let size = binomial(live.len() as u128, j as u128);
                    if rest < size {
                        let idx = unrank_subset(live.len(), j, rest)?;
                        return Some(idx.iter().map(|&i| live[i]).collect());
                    }
                    rest -= size;
                }
                None
            }
        }
    }

    /// The combinations from the `start`-th on, in order.
    pub fn iter_from(&self, start: u128) -> CombosIter<'_> {
        CombosIter {
            combos: self,
            cur: self.unrank(start),
        }
    }

    /// The combination after `cur` (`None` at the end).
    fn next_after(&self, cur: &[usize]) -> Option<Vec<usize>> {
        match self {
            Combos::Full { items, k } => {
                let mut next = cur.to_vec();
                let pos = (0..*k).rev().find(|&p| next[p] + 1 < *items)?;
                let v = next[pos] + 1;
                for slot in &mut next[pos..] {
                    *slot = v;
                }
                Some(next)
            }
            Combos::Reduced { items, live, k } => {
                let j = cur.len();
                if j == 1 && cur[0] + 1 < *items {
                    return Some(vec![cur[0] + 1]);
                }
                if j >= 2 {
                    // Positions of the items in `live`.
                    let mut idx: Vec<usize> =
                        cur.iter().map(|v| live.binary_search(v).unwrap_or(0)).collect();
                    let m = live.len();
                    let mut p = j;
                    while p > 0 && idx[p - 1] == m - j + p - 1 {
                        p -= 1;
                    }
                    if p > 0 {
                        idx[p - 1] += 1;
                        for q in p..j {
                            idx[q] = idx[q - 1] + 1;
                        }
                        return Some(idx.iter().map(|&i| live[i]).collect());
                    }
                }
                // First subset of the next size.
                let next = j.max(1) + 1;
                (next <= *k && next <= live.len()).then(|| live[..next].to_vec())
            }
        }
    }
}

/// The combinations of a [`Combos`], lazily.
pub struct CombosIter<'a> {
    combos: &'a Combos,
    cur: Option<Vec<usize>>,
}

impl Iterator for CombosIter<'_> {
    type Item = Vec<usize>;

    fn next(&mut self) -> Option<Vec<usize>> {
        let cur = self.cur.take()?;
        self.cur = self.combos.next_after(&cur);
        Some(cur)
    }
}

impl CombosIter<'_> {
    /// Up to `size` next combinations.
    pub fn take_chunk(&mut self, size: usize) -> Vec<Vec<usize>> {
        self.by_ref().take(size).collect()
    }
}

/// The `index`-th `k`-subset of `0..n` in lexicographic order (`None` past the end).
fn unrank_subset(n: usize, k: usize, mut index: u128) -> Option<Vec<usize>> {
    if index >= binomial(n as u128, k as u128) {
        return None;
    }
    let mut out = Vec::with_capacity(k);
    let mut next = 0usize;
    for slot in 0..k {
        // Smallest v ≥ next such that the subsets starting with v cover `index`.
        let mut v = next;
        loop {
            let after = binomial((n - v - 1) as u128, (k - slot - 1) as u128);
            if index < after {
                break;
            }
            index -= after;
            v += 1;
        }
        out.push(v);
        next = v + 1;
    }
    Some(out)
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
    fn lazy_combos_match_the_lists() {
        for live_mask in [0u32, 1, 5, 18, 63, 40] {
            let inert: Vec<bool> = (0..6).map(|b| live_mask & (1 << b) != 0).collect();
            for k in 1..=4 {
                let list = reduced_combinations(&inert, k);
                let lazy = Combos::reduced(&inert, k);
                assert_eq!(lazy.len(), list.len() as u128);
                assert_eq!(lazy.iter_from(0).collect::<Vec<_>>(), list);
                for (i, c) in list.iter().enumerate() {
                    assert_eq!(lazy.unrank(i as u128).as_ref(), Some(c));
                    assert_eq!(lazy.iter_from(i as u128).next().as_ref(), Some(c));
                }
                assert_eq!(lazy.unrank(list.len() as u128), None);
            }
        }
        for (n, k) in [(6, 1), (6, 2), (4, 3), (9, 2), (1, 3), (5, 4)] {
            let list = crate::cells::combination::multisets(n, k);
            let lazy = Combos::full(n, k);
            assert_eq!(lazy.len(), list.len() as u128);
            assert_eq!(lazy.iter_from(0).collect::<Vec<_>>(), list);
            for (i, c) in list.iter().enumerate() {
                assert_eq!(lazy.unrank(i as u128).as_ref(), Some(c));
            }
            assert_eq!(lazy.unrank(list.len() as u128), None);
        }
    }

    #[test]
    fn binomial_values() {
        assert_eq!(binomial(18, 4), 3060);
        assert_eq!(binomial(3, 5), 0);
        assert_eq!(binomial(10, 0), 1);
    }
}
