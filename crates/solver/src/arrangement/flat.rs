//! The lattice of flats of the arrangement: the distinct subspaces `{w : x_i·w = 0 ∀ i ∈ S}`
//! cut out by subsets `S` of the samples.
//!
//! A flat is represented canonically by its *closed set*: all samples vanishing on it (zero
//! samples vanish everywhere, so they belong to every closed set). Duplicate, parallel and
//! anti-parallel samples define the same hyperplane and always fall into the same closed sets,
//! so the lattice sees each hyperplane once. Flats are ordered by reverse inclusion of
//! subspaces, i.e. by inclusion of closed sets: `F ≤ G` iff `G ⊆ F` as subspaces.

use std::collections::{HashMap, HashSet};

use num_bigint::BigInt;
use num_traits::{One, Zero};

use crate::arrangement::integral::{
    combine, direction, dot_z, hyperplane_basis, integer_multiple, primitive_integer,
};
use relucert_exact::Q;
use relucert_exact::matrix::dot;

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
    /// The same basis as primitive integer vectors (the basis above, exactly).
    integer_basis: Vec<Vec<BigInt>>,
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

    /// The basis as integer vectors (equal to [`Flat::basis`]).
    pub fn integer_basis(&self) -> &[Vec<BigInt>] {
        &self.integer_basis
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

fn to_rational(basis: &[Vec<BigInt>]) -> Vec<Vec<Q>> {
    basis
        .iter()
        .map(|b| b.iter().cloned().map(Q::from_integer).collect())
        .collect()
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
        let integral: Vec<Vec<BigInt>> = samples.iter().map(|x| integer_multiple(x)).collect();
        let mut set = vec![0u64; words];
        let mut vanishing = Vec::new();
        for (j, x) in integral.iter().enumerate() {
            if x.iter().all(|v| v.is_zero()) {
                set[j / 64] |= 1 << (j % 64);
                vanishing.push(j);
            }
        }
        let whole: Vec<Vec<BigInt>> = (0..d)
            .map(|i| {
                (0..d)
                    .map(|j| if i == j { BigInt::one() } else { BigInt::zero() })
                    .collect()
            })
            .collect();
        let mut flats = vec![Flat {
            vanishing,
            rank: 0,
            basis: to_rational(&whole),
            set,
            integer_basis: whole,
        }];
        let mut seen: HashSet<Vec<u64>> = flats.iter().map(|f| f.set.clone()).collect();
        let mut level_start = 0;
        loop {
            let level_end = flats.len();
            for parent in level_start..level_end {
                // Group the samples not vanishing on the parent by the hyperplane their
                // restriction cuts in it: x_j vanishes on F ∩ H_i iff its restriction to F is
                // a multiple of that of x_i. Each group gives one child flat.
                let mut groups: Vec<(Vec<BigInt>, Vec<usize>)> = Vec::new();
                let mut group_of: HashMap<Vec<BigInt>, usize> = HashMap::new();
                for (i, x) in integral.iter().enumerate() {
                    if flats[parent].contains(i) {
                        continue;
                    }
                    let restricted: Vec<BigInt> =
                        flats[parent].integer_basis.iter().map(|b| dot_z(x, b)).collect();
                    let Some((normal, _)) = direction(&restricted) else {
                        continue;
                    };
                    match group_of.get(&normal) {
                        Some(&g) => groups[g].1.push(i),
                        None => {
                            group_of.insert(normal, groups.len());
                            groups.push((restricted, vec![i]));
                        }
                    }
                }
                for (restricted, members) in groups {
                    let mut set = flats[parent].set.clone();
                    for &i in &members {
                        set[i / 64] |= 1 << (i % 64);
                    }
                    if !seen.insert(set.clone()) {
                        continue;
                    }
                    let mut vanishing: Vec<usize> =
                        flats[parent].vanishing.iter().copied().chain(members).collect();
                    vanishing.sort_unstable();
                    let basis: Vec<Vec<BigInt>> = hyperplane_basis(&restricted)
                        .iter()
                        .map(|c| primitive_integer(combine(&flats[parent].integer_basis, c, d)))
                        .collect();
                    flats.push(Flat {
                        vanishing,
                        rank: flats[parent].rank + 1,
                        basis: to_rational(&basis),
                        set,
                        integer_basis: basis,
                    });
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
    use relucert_exact::rational::qi;

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
