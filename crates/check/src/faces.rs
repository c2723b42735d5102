//! Rules `face-witness` and `face-count`: the faces listed in `arrangement.faces` are real,
//! distinct, and as many as Zaslavsky's face count says the arrangement has — so the list is
//! complete. The count is the checker's own: `Σ_{F ≤ G} |μ(F, G)|` over its lattice of flats
//! ([`super::flats`]), exact ranks only; on small instances it is cross-checked by the subset
//! route (flats as closures of subsets of samples, the chambers of each restriction by
//! Whitney's subset formula).

use std::collections::BTreeSet;

use num_traits::{Signed, Zero};

use super::Rejection;
use super::flats::{Lattice, TooLarge};
use relucert_exact::{Q, QMatrix};
use relucert_format::{ChamberRecord, InstanceRecord};

/// Up to this many non-zero samples the face count is cross-checked by the subset route
/// (which walks `2^N'` subsets, each with a rank per sample).
pub const SUBSET_CROSS_CHECK: usize = 8;

pub(crate) fn dot(a: &[Q], b: &[Q]) -> Q {
    a.iter().zip(b).map(|(u, v)| u * v).sum()
}

pub(crate) fn sign_char(v: &Q) -> char {
    if v.is_positive() {
        '+'
    } else if v.is_negative() {
        '-'
    } else {
        '0'
    }
}

/// The sign string of `w` against every sample.
pub(crate) fn signs_of(x: &[Vec<Q>], w: &[Q]) -> String {
    x.iter().map(|xi| sign_char(&dot(xi, w))).collect()
}

pub(crate) fn is_zero_vec(v: &[Q]) -> bool {
    v.iter().all(|a| a.is_zero())
}

fn rank_of(x: &[Vec<Q>], idx: &[usize], d: usize) -> usize {
    if idx.is_empty() {
        return 0;
    }
    QMatrix::from_rows(idx.iter().map(|&i| x[i].clone()).collect(), d).rank()
}

/// The number of chambers of the arrangement `{x_i : i ∈ idx}` restricted to the common zero
/// set of `base` (Zaslavsky, `Σ_G |μ(0̂, G)|` over the checker's lattice of flats), or the size
/// that put it above the checker's limits. Samples of `idx` in the span of `base` vanish on the
/// whole restriction and are ignored, like zero samples.
pub(crate) fn restricted_chamber_count(x: &[Vec<Q>], idx: &[usize], base: &[usize]) -> Result<u64, TooLarge> {
    let samples: Vec<Vec<Q>> = idx.iter().map(|&i| x[i].clone()).collect();
    let quotient: Vec<Vec<Q>> = base.iter().map(|&i| x[i].clone()).collect();
    Lattice::build(&samples, &quotient)?.chamber_count()
}

/// [`restricted_chamber_count`] as a signed number, `−1` when it is above the checker's limits
/// (a value no list of regions can match, so the caller rejects). `d` is the dimension; the
/// samples of `idx` must lie outside the span of `base`. Up to [`SUBSET_CROSS_CHECK`] samples
/// Whitney's subset formula is used instead (same number, `proofs/checker-rules.md`).
pub(crate) fn chamber_count(x: &[Vec<Q>], idx: &[usize], base: &[usize], d: usize) -> i64 {
    if idx.len() <= SUBSET_CROSS_CHECK {
        return subset_chamber_count(x, idx, base, d);
    }
    restricted_chamber_count(x, idx, base)
        .ok()
        .and_then(|c| i64::try_from(c).ok())
        .unwrap_or(-1)
}

/// Whitney: `Σ_{S ⊆ idx} (−1)^{|S| − rank(x_S)}` (samples in `idx` outside the span of `base`,
/// `|idx| < 64`).
/// `base` are samples whose span is quotiented out (the restriction to their common zero set):
/// the rank is `rank(base ∪ S) − rank(base)`.
fn subset_chamber_count(x: &[Vec<Q>], idx: &[usize], base: &[usize], d: usize) -> i64 {
    let r0 = rank_of(x, base, d);
    let mut total = 0i64;
    for mask in 0u64..(1u64 << idx.len()) {
        let mut set: Vec<usize> = base.to_vec();
        let mut size = 0i64;
        for (b, &i) in idx.iter().enumerate() {
            if mask >> b & 1 == 1 {
                set.push(i);
                size += 1;
            }
        }
        let r = rank_of(x, &set, d) as i64 - r0 as i64;
        total += if (size - r) % 2 == 0 { 1 } else { -1 };
    }
    total
}

/// Zaslavsky: `#faces = Σ_{F ≤ G} |μ(F, G)|` over the checker's lattice of flats of the
/// non-zero samples, or the size that put it above the checker's limits.
pub fn face_count(x: &[Vec<Q>]) -> Result<u64, TooLarge> {
    Lattice::build(x, &[])?.face_count()
}

/// The subset route to the same number, `Σ_{flats F} #chambers(restriction to F)`: the flats
/// are the distinct closures `{i : x_i ∈ span(x_S)}` of subsets `S` of the non-zero samples
/// (the empty closure is the whole space), each restriction counted by Whitney's formula.
/// Exponential: only for at most [`SUBSET_CROSS_CHECK`] non-zero samples (`None` above).
fn subset_face_count(x: &[Vec<Q>], d: usize) -> Option<i64> {
    let nonzero: Vec<usize> = (0..x.len()).filter(|&i| !is_zero_vec(&x[i])).collect();
    if nonzero.len() > SUBSET_CROSS_CHECK {
        return None;
    }
    let mut flats: BTreeSet<Vec<usize>> = BTreeSet::new();
    for mask in 0u64..(1u64 << nonzero.len()) {
        let s: Vec<usize> = (0..nonzero.len())
            .filter(|b| mask >> b & 1 == 1)
            .map(|b| nonzero[b])
            .collect();
        let r = rank_of(x, &s, d);
        let closure: Vec<usize> = nonzero
            .iter()
            .copied()
            .filter(|&i| {
                let mut t = s.clone();
                t.push(i);
                rank_of(x, &t, d) == r
            })
            .collect();
        flats.insert(closure);
    }
    let mut total = 0i64;
    for flat in &flats {
        let rest: Vec<usize> = nonzero.iter().copied().filter(|i| !flat.contains(i)).collect();
        total += subset_chamber_count(x, &rest, flat, d);
    }
    Some(total)
}

/// `face-witness` then `face-count` for the face list `faces` with its stated `count`.
pub fn check(inst: &InstanceRecord, faces: &[ChamberRecord], count: u64) -> Result<(), Rejection> {
    let d = inst.x[0].len();
    let mut previous: Option<&str> = None;
    for (f, face) in faces.iter().enumerate() {
        let loc = format!("arrangement.faces[{f}] ({})", face.signs);
        let bad = |detail: String| Err(Rejection::new("face-witness", loc.clone(), detail));
        if face.witness.len() != d {
            return bad(format!(
                "expected a witness with {d} coordinates, found {}",
                face.witness.len()
            ));
        }
        if signs_of(&inst.x, &face.witness) != face.signs {
            return bad(format!("the witness does not have the signs {}", face.signs));
        }
        if let Some(prev) = previous
            && prev >= face.signs.as_str()
        {
            return bad(format!("faces must be sorted and distinct; follows {prev}"));
        }
        previous = Some(&face.signs);
    }
    let nonzero = inst.x.iter().filter(|x| !is_zero_vec(x)).count();
    let c = face_count(&inst.x).map_err(|why| {
        Rejection::new(
            "face-count",
            "arrangement.faces",
            format!("{nonzero} non-zero samples: {why}"),
        )
    })?;
    if let Some(subsets) = subset_face_count(&inst.x, d)
        && subsets != i64::try_from(c).unwrap_or(-1)
    {
        return Err(Rejection::new(
            "face-count",
            "instance.x",
            format!("the lattice of flats gives {c} faces, the subset route {subsets}"),
        ));
    }
    if c != faces.len() as u64 || c != count {
        return Err(Rejection::new(
            "face-count",
            "arrangement.face_count",
            format!(
                "Zaslavsky's count gives {c} faces; {} listed, {count} stated",
                faces.len()
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use relucert_exact::rational::qi;

    fn both(x: &[Vec<Q>]) -> (u64, Option<i64>) {
        let d = x[0].len();
        (face_count(x).unwrap(), subset_face_count(x, d))
    }

    #[test]
    fn counts_of_small_arrangements() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]];
        assert_eq!(chamber_count(&x, &[0, 1], &[], 2), 4);
        assert_eq!(both(&x), (9, Some(9)));
        let line = vec![vec![qi(-2)], vec![qi(2)]];
        assert_eq!(both(&line), (3, Some(3)));
        // Decomposition Fig. 1/3 data: 6 chambers, 6 rays, the origin.
        let fig = vec![vec![qi(-1), qi(1)], vec![qi(2), qi(1)], vec![qi(1), qi(3)]];
        assert_eq!(both(&fig), (13, Some(13)));
        // A zero sample and a duplicate change nothing.
        let dup = vec![vec![qi(1), qi(0)], vec![qi(0), qi(0)], vec![qi(2), qi(0)]];
        assert_eq!(both(&dup), (3, Some(3)));
    }

    #[test]
    fn large_restrictions_use_the_lattice() {
        // 20 lines through the origin of the plane (w_3 = 0 quotiented out of R^3): 40 regions.
        let mut x: Vec<Vec<Q>> = (1..=20).map(|t| vec![qi(1), qi(t), qi(t * t)]).collect();
        x.push(vec![qi(0), qi(0), qi(1)]);
        let idx: Vec<usize> = (0..20).collect();
        assert_eq!(chamber_count(&x, &idx, &[20], 3), 40);
        assert_eq!(restricted_chamber_count(&x, &idx, &[20]), Ok(40));
        // Without the quotient: general position in R^3, 2 (1 + 19 + 171) chambers.
        assert_eq!(chamber_count(&x, &idx, &[], 3), 382);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]
        #[test]
        fn lattice_and_subset_routes_agree(
            d in 1usize..=4,
            raw in proptest::collection::vec(proptest::collection::vec(-2i64..=2, 4), 1..=7),
            base in proptest::collection::vec(0usize..7, 0..=2),
        ) {
            let x: Vec<Vec<Q>> = raw.iter().map(|r| r[..d].iter().map(|&a| qi(a)).collect()).collect();
            let (lattice, subsets) = both(&x);
            prop_assert_eq!(Some(lattice as i64), subsets);
            let base: Vec<usize> = base.into_iter().filter(|&b| b < x.len()).collect();
            // The restriction's hyperplanes: samples outside the span of the base.
            let r0 = rank_of(&x, &base, d);
            let idx: Vec<usize> = (0..x.len())
                .filter(|&i| rank_of(&x, &[base.clone(), vec![i]].concat(), d) > r0)
                .collect();
            prop_assert_eq!(
                restricted_chamber_count(&x, &idx, &base).map(|c| c as i64),
                Ok(subset_chamber_count(&x, &idx, &base, d))
            );
        }
    }
}
