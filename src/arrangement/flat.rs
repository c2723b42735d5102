//! The lattice of flats of the arrangement: the distinct subspaces `{w : x_i·w = 0 ∀ i ∈ S}`
//! cut out by subsets `S` of the samples.
//!
//! A flat is represented canonically by its *closed set*: all samples vanishing on it (zero
//! samples vanish everywhere, so they belong to every closed set). Duplicate, parallel and
//! anti-parallel samples define the same hyperplane and always fall into the same closed sets,
//! so the lattice sees each hyperplane once. Flats are ordered by reverse inclusion of
//! subspaces, i.e. by inclusion of closed sets: `F ≤ G` iff `G ⊆ F` as subspaces.

use std::collections::HashSet;

use num_traits::Zero;

use crate::exact::matrix::dot;
use crate::exact::{Q, QMatrix};

/// One flat: a subspace of weight space cut out by samples.
#[derive(Clone, Debug, PartialEq)]
pub struct Flat {
    /// The samples vanishing on the flat (sorted; includes every zero sample).
    pub vanishing: Vec<usize>,
    /// The rank of those samples, i.e. the codimension of the flat.
    pub rank: usize,
    /// A basis of the subspace (vectors of length `d`); empty for the flat `{0}`.
    pub basis: Vec<Vec<Q>>,
    set: Vec<u64>,
}

impl Flat {
    /// True when sample `i` vanishes on this flat.
    pub fn contains(&self, i: usize) -> bool {
        self.set[i / 64] >> (i % 64) & 1 == 1
    }

    /// `self ≤ other` in the intersection poset: `other` lies inside `self` as a subspace.
    pub fn is_below(&self, other: &Flat) -> bool {
        self.set.iter().zip(&other.set).all(|(a, b)| a & !b == 0)
    }

    /// The dimension of the flat as a subspace.
    pub fn dim(&self) -> usize {
        self.basis.len()
    }

    /// The samples as linear forms on the flat, in the coordinates of [`Flat::basis`]:
    /// entry `l` of form `i` is `x_i·b_l`. Samples vanishing on the flat become zero forms.
    pub fn restrict(&self, samples: &[Vec<Q>]) -> Vec<Vec<Q>> {
        samples
            .iter()
            .map(|x| self.basis.iter().map(|b| dot(x, b)).collect())
            .collect()
    }

    /// The point `Σ_l u_l b_l` of weight space (length `d`) for coordinates `u` on the flat.
    pub fn embed(&self, u: &[Q], d: usize) -> Vec<Q> {
        let mut w = vec![Q::zero(); d];
        for (ul, b) in u.iter().zip(&self.basis) {
            if ul.is_zero() {
                continue;
            }
            for (wj, bj) in w.iter_mut().zip(b) {
                *wj += ul.clone() * bj;
            }
        }
        w
    }
}

/// All flats of the arrangement, sorted by rank (then by closed set); index 0 is the whole
/// space (rank 0).
#[derive(Clone, Debug, PartialEq)]
pub struct Lattice {
    /// The flats, by increasing rank.
    pub flats: Vec<Flat>,
    /// The dimension `d` of weight space.
    pub dim: usize,
}

impl Lattice {
    /// Enumerate the flats: every flat of rank `r + 1` is the closure of a flat of rank `r`
    /// and one more sample, so a breadth-first search by rank from the whole space finds them
    /// all. `samples` must all have length `d`.
    pub fn of(samples: &[Vec<Q>], d: usize) -> Lattice {
        let n = samples.len();
        let words = n.div_ceil(64).max(1);
        let closure_of = |basis: &[Vec<Q>]| -> (Vec<usize>, Vec<u64>) {
            let mut set = vec![0u64; words];
            let mut members = Vec::new();
            for (j, x) in samples.iter().enumerate() {
                if basis.iter().all(|b| dot(x, b).is_zero()) {
                    set[j / 64] |= 1 << (j % 64);
                    members.push(j);
                }
            }
            (members, set)
        };
        let whole: Vec<Vec<Q>> = QMatrix::identity(d).to_rows();
        let (vanishing, set) = closure_of(&whole);
        let mut flats = vec![Flat {
            vanishing,
            rank: 0,
            basis: whole,
            set,
        }];
        let mut seen: HashSet<Vec<u64>> = flats.iter().map(|f| f.set.clone()).collect();
        let mut level_start = 0;
        loop {
            let level_end = flats.len();
            for parent in level_start..level_end {
                let mut covered = flats[parent].set.clone();
                for i in 0..n {
                    if covered[i / 64] >> (i % 64) & 1 == 1 {
                        continue;
                    }
                    // The subspace of the parent on which x_i also vanishes.
                    let restricted: Vec<Q> =
                        flats[parent].basis.iter().map(|b| dot(&samples[i], b)).collect();
                    let kernel = QMatrix::from_rows(vec![restricted], flats[parent].basis.len()).null_space();
                    let child = Flat {
                        vanishing: Vec::new(),
                        rank: flats[parent].rank + 1,
                        basis: kernel.iter().map(|u| flats[parent].embed(u, d)).collect(),
                        set: Vec::new(),
                    };
                    let (vanishing, set) = closure_of(&child.basis);
                    for (c, s) in covered.iter_mut().zip(&set) {
                        *c |= s;
                    }
                    if seen.insert(set.clone()) {
                        flats.push(Flat {
                            vanishing,
                            set,
                            ..child
                        });
                    }
                }
            }
            if flats.len() == level_end {
                break;
            }
            flats[level_end..].sort_by(|a, b| a.vanishing.cmp(&b.vanishing));
            level_start = level_end;
        }
        Lattice { flats, dim: d }
    }

    /// Number of flats.
    pub fn len(&self) -> usize {
        self.flats.len()
    }

    /// Always false: the whole space is a flat.
    pub fn is_empty(&self) -> bool {
        self.flats.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::rational::qi;

    fn rows(v: &[&[i64]]) -> Vec<Vec<Q>> {
        v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect()
    }

    #[test]
    fn three_lines_in_the_plane() {
        // Decomposition paper Fig. 1: three distinct lines through the origin.
        let x = rows(&[&[-1, 1], &[2, 1], &[1, 3]]);
        let l = Lattice::of(&x, 2);
        let ranks: Vec<usize> = l.flats.iter().map(|f| f.rank).collect();
        assert_eq!(ranks, vec![0, 1, 1, 1, 2]);
        assert_eq!(l.flats[4].vanishing, vec![0, 1, 2]);
        assert_eq!(l.flats[4].dim(), 0);
        assert!(l.flats[0].is_below(&l.flats[2]) && !l.flats[2].is_below(&l.flats[1]));
    }

    #[test]
    fn duplicates_parallels_and_zeros_share_flats() {
        let x = rows(&[&[1, 2], &[0, 0], &[-2, -4], &[1, 2], &[0, 1]]);
        let l = Lattice::of(&x, 2);
        let sets: Vec<Vec<usize>> = l.flats.iter().map(|f| f.vanishing.clone()).collect();
        assert_eq!(
            sets,
            vec![vec![1], vec![0, 1, 2, 3], vec![1, 4], vec![0, 1, 2, 3, 4]]
        );
        for f in &l.flats {
            for (i, x) in x.iter().enumerate() {
                let on = f.basis.iter().all(|b| dot(x, b).is_zero());
                assert_eq!(on, f.contains(i));
            }
        }
    }
}
