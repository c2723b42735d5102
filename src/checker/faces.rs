//! Rules `face-witness` and `face-count`: the faces listed in `arrangement.faces` are real,
//! distinct, and as many as Zaslavsky's face count says the arrangement has — so the list is
//! complete. The count is the checker's own: flats as closures of subsets of samples, and the
//! chambers of each restriction by Whitney's subset formula, exact ranks only.

use std::collections::BTreeSet;

use num_traits::{Signed, Zero};

use super::Rejection;
use crate::certificate::{ChamberRecord, InstanceRecord};
use crate::exact::{Q, QMatrix};

/// The largest number of non-zero samples for the exact face count (it walks `2^N` subsets).
pub const COUNT_LIMIT: usize = 14;

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

/// Whitney: `Σ_{S ⊆ idx} (−1)^{|S| − rank(x_S)}` (samples in `idx` non-zero, `|idx| < 64`).
/// `base` are samples whose span is quotiented out (the restriction to their common zero set):
/// the rank is `rank(base ∪ S) − rank(base)`.
pub(crate) fn chamber_count(x: &[Vec<Q>], idx: &[usize], base: &[usize], d: usize) -> i64 {
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

/// Zaslavsky: `#faces = Σ_{flats F} #chambers(arrangement restricted to F)`. The flats are the
/// distinct closures `{i : x_i ∈ span(x_S)}` of subsets `S` of the non-zero samples (the empty
/// closure is the whole space). `None` above [`COUNT_LIMIT`] non-zero samples.
pub fn face_count(x: &[Vec<Q>], d: usize) -> Option<u64> {
    let nonzero: Vec<usize> = (0..x.len()).filter(|&i| !is_zero_vec(&x[i])).collect();
    if nonzero.len() > COUNT_LIMIT {
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
        total += chamber_count(x, &rest, flat, d);
    }
    u64::try_from(total).ok()
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
    match face_count(&inst.x, d) {
        None => Err(Rejection::new(
            "face-count",
            "arrangement.faces",
            format!("more than {COUNT_LIMIT} non-zero samples: above the checker's limit for the face count"),
        )),
        Some(c) if c != faces.len() as u64 || c != count => Err(Rejection::new(
            "face-count",
            "arrangement.face_count",
            format!(
                "Zaslavsky's count gives {c} faces; {} listed, {count} stated",
                faces.len()
            ),
        )),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::rational::qi;

    #[test]
    fn counts_of_small_arrangements() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]];
        assert_eq!(chamber_count(&x, &[0, 1], &[], 2), 4);
        assert_eq!(face_count(&x, 2), Some(9));
        let line = vec![vec![qi(-2)], vec![qi(2)]];
        assert_eq!(face_count(&line, 1), Some(3));
        // Decomposition Fig. 1/3 data: 6 chambers, 6 rays, the origin.
        let fig = vec![vec![qi(-1), qi(1)], vec![qi(2), qi(1)], vec![qi(1), qi(3)]];
        assert_eq!(face_count(&fig, 2), Some(13));
        // A zero sample and a duplicate change nothing.
        let dup = vec![vec![qi(1), qi(0)], vec![qi(0), qi(0)], vec![qi(2), qi(0)]];
        assert_eq!(face_count(&dup, 2), Some(3));
    }
}
