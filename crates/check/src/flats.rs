//! The checker's own intersection lattice of a central arrangement, and the Zaslavsky counts
//! read off its Möbius function (rules `chamber-count`, `face-count`, and the region count of
//! `family-regions`).
//!
//! The hyperplanes are the distinct sets `{w : w·x_i = 0}` of the non-zero samples (parallel and
//! anti-parallel samples give one hyperplane). Optionally a *quotient* list of vectors `b_j` is
//! given: then the arrangement is the restriction to the subspace `U = {w : w·b_j = 0 ∀ j}`, and
//! every sample is read modulo `span(b)` (a sample in that span vanishes on all of `U`).
//!
//! A flat is named by its *closed set*: the hyperplanes containing it. Flats are ordered by
//! inclusion of closed sets (`F ≤ G` iff `G ⊆ F` as subspaces); the bottom is the whole space.
//! They are built rank by rank: if `F` has closed set `S` and `red(v)` is `v` reduced modulo
//! `span(S)`, a hyperplane `h ∉ S` has `red(x_h) ≠ 0`, and `x_j ∈ span(S ∪ {x_h})` iff
//! `red(x_j)` is a multiple of `red(x_h)`. So the flats covering `F` are exactly `S ∪ P` for the
//! classes `P` of hyperplanes outside `S` whose reduced normals are parallel. Every flat of rank
//! `r + 1` covers some flat of rank `r`, hence all flats are found, each once (by its closed set).
//!
//! Counts (Zaslavsky): `#chambers = Σ_G |μ(0̂, G)|`, `#faces = Σ_{F ≤ G} |μ(F, G)|`, with the
//! Möbius function `μ(F, F) = 1`, `μ(F, G) = −Σ_{F ≤ H < G} μ(F, H)`. Exact rationals only; every
//! integer operation is checked.

use std::collections::HashMap;
use std::fmt;

use num_traits::Zero;

use relucert_exact::Q;

/// The largest number of flats the checker builds.
pub const MAX_FLATS: usize = 200_000;

/// The largest number of comparable pairs `F ≤ G` the checker stores.
pub const MAX_PAIRS: usize = 20_000_000;

/// The largest number of additions the face count's Möbius sums may take (`Σ_F |[F, ·]|²`).
pub const MAX_MOBIUS_STEPS: u64 = 500_000_000;

/// Why the lattice computation refused: the arrangement is too large for the checker's limits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TooLarge {
    /// More than [`MAX_FLATS`] flats.
    Flats(usize),
    /// More than [`MAX_PAIRS`] comparable pairs.
    Pairs(usize),
    /// More than [`MAX_MOBIUS_STEPS`] additions for the face count.
    Steps(u64),
    /// A Möbius value or a count left the machine integers (`i64`, `u64`).
    Overflow,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TooLarge::Flats(n) => write!(
                f,
                "the lattice of flats has more than {n} flats: above the checker's limit of {MAX_FLATS}"
            ),
            TooLarge::Pairs(n) => write!(
                f,
                "the lattice of flats has more than {n} comparable pairs: above the checker's limit of {MAX_PAIRS}"
            ),
            TooLarge::Steps(n) => write!(
                f,
                "the Möbius sums take {n} steps: above the checker's limit of {MAX_MOBIUS_STEPS}"
            ),
            TooLarge::Overflow => write!(f, "a Möbius value or count does not fit in 64 bits"),
        }
    }
}

/// An exact basis in reduced echelon form: each row is 1 at its pivot and 0 at every other
/// row's pivot, so reducing a vector row by row in any order leaves it 0 at all pivots, and the
/// result is 0 iff the vector lies in the span.
#[derive(Clone, Debug, Default)]
struct Echelon {
    rows: Vec<(usize, Vec<Q>)>,
}

impl Echelon {
    /// `v` minus its component in the span, expressed through the rows.
    fn reduce(&self, v: &[Q]) -> Vec<Q> {
        let mut out = v.to_vec();
        for (p, row) in &self.rows {
            if out[*p].is_zero() {
                continue;
            }
            let factor = out[*p].clone();
            for (o, r) in out.iter_mut().zip(row) {
                if !r.is_zero() {
                    *o -= &factor * r;
                }
            }
        }
        out
    }

    /// The basis extended by `reduced`, a non-zero vector already reduced against `self`
    /// (unchanged when `reduced` is zero).
    fn extended(&self, reduced: &[Q]) -> Echelon {
        let Some(p) = reduced.iter().position(|v| !v.is_zero()) else {
            return self.clone();
        };
        let lead = reduced[p].clone();
        let new: Vec<Q> = reduced.iter().map(|v| v / &lead).collect();
        let mut rows: Vec<(usize, Vec<Q>)> = self
            .rows
            .iter()
            .map(|(q, row)| {
                let factor = row[p].clone();
                if factor.is_zero() {
                    (*q, row.clone())
                } else {
                    (*q, row.iter().zip(&new).map(|(a, b)| a - &factor * b).collect())
                }
            })
            .collect();
        rows.push((p, new));
        Echelon { rows }
    }
}

/// The representative of the line through `v` whose first non-zero entry is 1; `None` for 0.
fn direction(v: &[Q]) -> Option<Vec<Q>> {
    let lead = v.iter().find(|a| !a.is_zero())?.clone();
    Some(v.iter().map(|a| a / &lead).collect())
}

/// A closed set of hyperplanes, as a bit set.
type Members = Vec<u64>;

fn holds(set: &Members, h: usize) -> bool {
    set[h / 64] >> (h % 64) & 1 == 1
}

/// The intersection lattice: flats indexed in order of non-decreasing rank (index 0 is the
/// bottom, the whole space), with the cover relation.
#[derive(Clone, Debug)]
pub struct Lattice {
    rank: Vec<usize>,
    /// `covers[g]`: the flats that `g` covers (one rank lower).
    covers: Vec<Vec<u32>>,
}

impl Lattice {
    /// The lattice of the arrangement of `samples` restricted to `{w : w·b = 0 ∀ b ∈ quotient}`
    /// (`quotient` empty: the whole space). All vectors must have the same length.
    pub fn build(samples: &[Vec<Q>], quotient: &[Vec<Q>]) -> Result<Lattice, TooLarge> {
        let mut base = Echelon::default();
        for b in quotient {
            let r = base.reduce(b);
            base = base.extended(&r);
        }
        let mut normals: Vec<Vec<Q>> = Vec::new();
        let mut seen: HashMap<Vec<Q>, usize> = HashMap::new();
        for x in samples {
            if let Some(dir) = direction(&base.reduce(x))
                && !seen.contains_key(&dir)
            {
                seen.insert(dir.clone(), normals.len());
                normals.push(dir);
            }
        }
        let m = normals.len();
        let words = m.div_ceil(64);

        let mut members: Vec<Members> = vec![vec![0; words]];
        let mut rank = vec![0usize];
        let mut covers: Vec<Vec<u32>> = vec![Vec::new()];
        let mut lookup: HashMap<Members, u32> = HashMap::from([(vec![0; words], 0)]);
        let mut level: Vec<(u32, Echelon)> = vec![(0, Echelon::default())];
        let mut r = 0;
        while !level.is_empty() {
            let mut next = Vec::new();
            for (f, basis) in &level {
                let closed = members[*f as usize].clone();
                // Group the hyperplanes outside the closed set by their direction modulo span(F).
                let mut group_of: HashMap<Vec<Q>, usize> = HashMap::new();
                let mut groups: Vec<(Vec<Q>, Members)> = Vec::new();
                for (h, normal) in normals.iter().enumerate() {
                    if holds(&closed, h) {
                        continue;
                    }
                    // Never `None`: the set is closed, so `normal` is outside span(F).
                    let Some(dir) = direction(&basis.reduce(normal)) else {
                        continue;
                    };
                    let g = *group_of.entry(dir.clone()).or_insert_with(|| {
                        groups.push((dir, closed.clone()));
                        groups.len() - 1
                    });
                    groups[g].1[h / 64] |= 1 << (h % 64);
                }
                for (dir, set) in groups {
                    if let Some(&g) = lookup.get(&set) {
                        covers[g as usize].push(*f);
                        continue;
                    }
                    if members.len() >= MAX_FLATS {
                        return Err(TooLarge::Flats(MAX_FLATS));
                    }
                    let g = members.len() as u32;
                    lookup.insert(set.clone(), g);
                    members.push(set);
                    rank.push(r + 1);
                    covers.push(vec![*f]);
                    next.push((g, basis.extended(&dir)));
                }
            }
            level = next;
            r += 1;
        }
        Ok(Lattice { rank, covers })
    }

    /// The number of flats.
    pub fn len(&self) -> usize {
        self.rank.len()
    }

    /// The number of distinct hyperplanes (the flats of rank 1).
    #[cfg(test)]
    fn hyperplanes(&self) -> usize {
        self.rank.iter().filter(|&&r| r == 1).count()
    }

    /// For each flat `G`, the flats `F ≤ G` (found by walking the covers down), increasing.
    fn lower_sets(&self) -> Result<Vec<Vec<u32>>, TooLarge> {
        let n = self.len();
        let mut stamp = vec![u32::MAX; n];
        let mut out = Vec::with_capacity(n);
        let mut pairs = 0usize;
        for g in 0..n {
            let tag = g as u32;
            let mut stack = vec![tag];
            stamp[g] = tag;
            let mut set = Vec::new();
            while let Some(h) = stack.pop() {
                set.push(h);
                for &f in &self.covers[h as usize] {
                    if stamp[f as usize] != tag {
                        stamp[f as usize] = tag;
                        stack.push(f);
                    }
                }
            }
            set.sort_unstable();
            pairs += set.len();
            if pairs > MAX_PAIRS {
                return Err(TooLarge::Pairs(MAX_PAIRS));
            }
            out.push(set);
        }
        Ok(out)
    }

    /// `#chambers = Σ_G |μ(0̂, G)|`, with `μ(0̂, G) = −Σ_{H < G} μ(0̂, H)` (every flat lies above
    /// the bottom `0̂`, the whole space).
    pub fn chamber_count(&self) -> Result<u64, TooLarge> {
        let lower = self.lower_sets()?;
        let mut mu = vec![0i64; self.len()];
        let mut total: u64 = 0;
        for (g, below) in lower.iter().enumerate() {
            let value = if g == 0 {
                1
            } else {
                let mut sum: i64 = 0;
                for &h in below.iter().filter(|&&h| h as usize != g) {
                    sum = sum.checked_add(mu[h as usize]).ok_or(TooLarge::Overflow)?;
                }
                sum.checked_neg().ok_or(TooLarge::Overflow)?
            };
            mu[g] = value;
            total = total
                .checked_add(value.unsigned_abs())
                .ok_or(TooLarge::Overflow)?;
        }
        Ok(total)
    }

    /// `#faces = Σ_{F ≤ G} |μ(F, G)|`. For each `G`, `μ(·, G)` is filled in on `[0̂, G]` from the
    /// top down: `μ(G, G) = 1`, `μ(F, G) = −Σ_{F < H ≤ G} μ(H, G)` (the dual recursion, which
    /// defines the same function).
    pub fn face_count(&self) -> Result<u64, TooLarge> {
        let lower = self.lower_sets()?;
        let n = self.len();
        let mut upper: Vec<Vec<u32>> = vec![Vec::new(); n];
        for (g, below) in lower.iter().enumerate() {
            for &f in below {
                upper[f as usize].push(g as u32);
            }
        }
        let mut steps: u64 = 0;
        for up in &upper {
            steps = steps.saturating_add((up.len() as u64).saturating_mul(up.len() as u64));
        }
        if steps > MAX_MOBIUS_STEPS {
            return Err(TooLarge::Steps(steps));
        }
        // `mu[h]` holds μ(h, g) for h in the part of [0̂, g] done so far, 0 everywhere else.
        let mut mu = vec![0i64; n];
        let mut total: u64 = 0;
        for (g, below) in lower.iter().enumerate() {
            for &f in below.iter().rev() {
                let f = f as usize;
                let value = if f == g {
                    1
                } else {
                    let mut sum: i64 = 0;
                    for &h in upper[f].iter().filter(|&&h| h as usize != f) {
                        sum = sum.checked_add(mu[h as usize]).ok_or(TooLarge::Overflow)?;
                    }
                    sum.checked_neg().ok_or(TooLarge::Overflow)?
                };
                mu[f] = value;
                total = total
                    .checked_add(value.unsigned_abs())
                    .ok_or(TooLarge::Overflow)?;
            }
            for &f in below {
                mu[f as usize] = 0;
            }
        }
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use relucert_exact::rational::{q, qi};

    fn rows(v: &[&[i64]]) -> Vec<Vec<Q>> {
        v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect()
    }

    fn counts(x: &[Vec<Q>]) -> (u64, u64) {
        let l = Lattice::build(x, &[]).unwrap();
        (l.chamber_count().unwrap(), l.face_count().unwrap())
    }

    #[test]
    fn worked_examples() {
        // Decomposition paper Fig. 1: 6 chambers, 6 rays, the origin.
        assert_eq!(counts(&rows(&[&[-1, 1], &[2, 1], &[1, 3]])), (6, 13));
        // Liu Fig. 2: the coordinate axes.
        assert_eq!(counts(&rows(&[&[1, 0], &[0, 1]])), (4, 9));
        assert_eq!(counts(&rows(&[&[-2], &[2]])), (2, 3));
        // Zero, duplicate, parallel and anti-parallel samples change nothing.
        let l = Lattice::build(&rows(&[&[1, 0], &[0, 0], &[2, 0], &[-3, 0]]), &[]).unwrap();
        assert_eq!(l.hyperplanes(), 1);
        assert_eq!(l.len(), 2);
        assert_eq!((l.chamber_count().unwrap(), l.face_count().unwrap()), (2, 3));
        // No hyperplane at all: one chamber, one face.
        assert_eq!(counts(&rows(&[&[0, 0]])), (1, 1));
        assert_eq!(counts(&[]), (1, 1));
        // Three coordinate planes in R^3: 8 octants, 27 faces.
        assert_eq!(counts(&rows(&[&[1, 0, 0], &[0, 1, 0], &[0, 0, 1]])), (8, 27));
        // Rational entries.
        let x = vec![
            vec![q(1, 2), q(-1, 3)],
            vec![q(3, 2), qi(-1)],
            vec![qi(0), q(1, 7)],
        ];
        assert_eq!(counts(&x), (4, 9));
    }

    #[test]
    fn general_position_in_three_dimensions() {
        // Moment-curve points are in general position: 2 Σ_{i<3} C(N−1, i) chambers.
        for n in 1..=12i64 {
            let x: Vec<Vec<Q>> = (1..=n).map(|t| vec![qi(1), qi(t), qi(t * t)]).collect();
            let m = (n - 1) as u64;
            let expected = 2 * (1 + m + m * m.saturating_sub(1) / 2);
            assert_eq!(counts(&x).0, expected, "n = {n}");
        }
    }

    #[test]
    fn refusals_name_the_size_and_the_limit() {
        let text = TooLarge::Flats(MAX_FLATS).to_string();
        assert!(text.contains("more than 200000 flats") && text.contains("limit of 200000"));
        assert!(
            TooLarge::Steps(600_000_000)
                .to_string()
                .contains("600000000 steps")
        );
    }

    #[test]
    fn restriction_through_a_quotient() {
        // The axes of R^3 restricted to the plane w_3 = 0: the two lines w_1 = 0, w_2 = 0.
        let x = rows(&[&[1, 0, 0], &[0, 1, 0], &[0, 0, 1]]);
        let l = Lattice::build(&x, &rows(&[&[0, 0, 1]])).unwrap();
        assert_eq!(l.hyperplanes(), 2);
        assert_eq!(l.chamber_count().unwrap(), 4);
        assert_eq!(l.face_count().unwrap(), 9);
    }

    /// Whitney's subset formula over the non-zero samples, directly from exact ranks.
    fn whitney(all: &[Vec<Q>]) -> i64 {
        let d = all.first().map_or(0, |r| r.len());
        let x: Vec<&Vec<Q>> = all.iter().filter(|r| r.iter().any(|a| !a.is_zero())).collect();
        let mut total = 0;
        for mask in 0u32..(1 << x.len()) {
            let chosen: Vec<Vec<Q>> = (0..x.len())
                .filter(|i| mask >> i & 1 == 1)
                .map(|i| x[i].clone())
                .collect();
            let size = chosen.len() as i64;
            let rank = if chosen.is_empty() {
                0
            } else {
                relucert_exact::QMatrix::from_rows(chosen, d).rank() as i64
            };
            total += if (size - rank) % 2 == 0 { 1 } else { -1 };
        }
        total
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn lattice_count_equals_subset_formula(
            d in 1usize..=4,
            raw in proptest::collection::vec(proptest::collection::vec(-2i64..=2, 4), 0..=8),
        ) {
            let x: Vec<Vec<Q>> = raw.iter().map(|r| r[..d].iter().map(|&a| qi(a)).collect()).collect();
            let (chambers, faces) = counts(&x);
            prop_assert_eq!(chambers as i64, whitney(&x));
            prop_assert!(faces >= chambers);
        }
    }
}
