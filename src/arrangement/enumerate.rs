//! Enumeration of the chambers and faces of the arrangement, each with an exact rational
//! witness, by exact linear algebra only (no linear programming).
//!
//! **Chambers.** Hyperplanes are added one at a time. A chamber `C` of the first `j`
//! hyperplanes is cut by the new hyperplane `H` iff `C ∩ H ≠ ∅`, and then `C ∩ H` is exactly
//! one chamber of the first `j` hyperplanes *restricted to `H`* (an arrangement in one
//! dimension less, enumerated recursively). So the recursive call returns one witness `p ∈ H`
//! per chamber that splits; the witness of `p`'s signs names the chamber `C`, and the two new
//! chambers get the witnesses `p ± t·h` (with `h` the normal of `H`) for a rational `t > 0`
//! small enough that no other sign changes. Zero samples are skipped; a sample parallel or
//! anti-parallel to an earlier one gives the same hyperplane and splits nothing.
//!
//! **Faces.** Every face lies open in exactly one flat `F` (the common zero set of the samples
//! with sign `0`) and is a chamber of the arrangement restricted to `F`; so the faces are the
//! chambers of the restrictions to all flats of the [`Lattice`].
//!
//! Witnesses are scaled to primitive integer vectors (a positive multiple of a witness lies in
//! the same face, the arrangement being central) and every one is checked exactly.

use std::collections::{HashMap, HashSet};

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use crate::arrangement::face::Face;
use crate::arrangement::flat::Lattice;
use crate::arrangement::sign::{Sign, SignVector};
use crate::exact::matrix::dot;
use crate::exact::{Q, QMatrix};
use crate::feasibility::Route;

/// All chambers of the arrangement of `samples` (rows of equal length `d`), each with an exact
/// witness, sorted by sign string.
///
/// `route` is accepted for interface stability; this method is exact and needs no LP, so
/// every route gives the same answer.
pub fn chambers(samples: &[Vec<Q>], _route: Route) -> Vec<Face> {
    let d = samples.first().map_or(0, |x| x.len());
    let mut out: Vec<Face> = chamber_witnesses(samples, d)
        .into_iter()
        .map(|w| Face {
            signs: SignVector::of_point(samples, &w),
            witness: w,
        })
        .collect();
    sort_by_signs(&mut out);
    out
}

/// All faces of the arrangement of `samples`, each with an exact witness, sorted by sign
/// string. The face with all signs `0` has the witness `0`.
pub fn faces(samples: &[Vec<Q>], _route: Route) -> Vec<Face> {
    let d = samples.first().map_or(0, |x| x.len());
    let lattice = Lattice::of(samples, d);
    let mut out = Vec::new();
    for flat in &lattice.flats {
        let forms = flat.restrict(samples);
        for u in chamber_witnesses(&forms, flat.dim()) {
            let w = primitive(flat.embed(&u, d));
            out.push(Face {
                signs: SignVector::of_point(samples, &w),
                witness: w,
            });
        }
    }
    sort_by_signs(&mut out);
    out
}

/// The chambers of the arrangement of the samples with the given indices only (the small
/// arrangement used to classify a point); sign strings have one character per index.
pub fn chambers_of(samples: &[Vec<Q>], indices: &[usize], route: Route) -> Vec<Face> {
    let subset: Vec<Vec<Q>> = indices.iter().map(|&i| samples[i].clone()).collect();
    chambers(&subset, route)
}

fn sort_by_signs(faces: &mut [Face]) {
    faces.sort_by_cached_key(|f| f.signs.to_string());
}

/// One witness per chamber of the arrangement of the linear forms `forms` on `Q^k`.
fn chamber_witnesses(forms: &[Vec<Q>], k: usize) -> Vec<Vec<Q>> {
    // Before any hyperplane, the single chamber is the whole space; 0 is its witness until
    // the first hyperplane splits it.
    let mut witnesses: Vec<Vec<Q>> = vec![vec![Q::zero(); k]];
    let mut hyperplanes: HashSet<Vec<Q>> = HashSet::new();
    let mut active: Vec<&Vec<Q>> = Vec::new();
    for h in forms {
        let Some(normal) = direction(h) else {
            continue; // a zero form: not a hyperplane
        };
        if !hyperplanes.insert(normal) {
            continue; // same hyperplane as an earlier (parallel or anti-parallel) form
        }
        // Coordinates on H = {u : h·u = 0} and the earlier forms restricted to H.
        let basis = QMatrix::from_rows(vec![h.clone()], k).null_space();
        let restricted: Vec<Vec<Q>> = active
            .iter()
            .map(|f| basis.iter().map(|b| dot(f, b)).collect())
            .collect();
        let chamber_of: HashMap<Vec<Sign>, usize> = witnesses
            .iter()
            .enumerate()
            .map(|(idx, w)| (signs(&active, w), idx))
            .collect();
        for v in chamber_witnesses(&restricted, k - 1) {
            let p = combine(&basis, &v, k);
            let Some(&idx) = chamber_of.get(&signs(&active, &p)) else {
                continue; // cannot happen: p lies in some chamber; the final count check reports it
            };
            let t = step(&active, &p, h);
            let plus: Vec<Q> = p.iter().zip(h).map(|(pi, hi)| pi + t.clone() * hi).collect();
            let minus: Vec<Q> = p.iter().zip(h).map(|(pi, hi)| pi - t.clone() * hi).collect();
            witnesses[idx] = primitive(plus);
            witnesses.push(primitive(minus));
        }
        active.push(h);
    }
    witnesses
}

/// The signs of `w` against the forms.
fn signs(forms: &[&Vec<Q>], w: &[Q]) -> Vec<Sign> {
    forms.iter().map(|f| Sign::of(&dot(f, w))).collect()
}

/// A rational `t > 0` (a power of 1/2) with `|t·f(h)| < |f(p)|` for every form `f`, so that
/// `p ± t·h` keeps every non-zero sign of `p`.
fn step(forms: &[&Vec<Q>], p: &[Q], h: &[Q]) -> Q {
    let half = Q::new(BigInt::one(), BigInt::from(2));
    let mut t = Q::one();
    for f in forms {
        let at_p = dot(f, p).abs();
        let along = dot(f, h).abs();
        while !along.is_zero() && t.clone() * &along >= at_p {
            t *= &half;
        }
    }
    t
}

/// `Σ_l v_l b_l` in `Q^k`.
fn combine(basis: &[Vec<Q>], v: &[Q], k: usize) -> Vec<Q> {
    let mut p = vec![Q::zero(); k];
    for (vl, b) in v.iter().zip(basis) {
        if vl.is_zero() {
            continue;
        }
        for (pj, bj) in p.iter_mut().zip(b) {
            *pj += vl.clone() * bj;
        }
    }
    p
}

/// The hyperplane of a form, canonically: the form scaled so that its first non-zero entry is
/// 1 (parallel and anti-parallel forms agree); `None` for the zero form.
fn direction(h: &[Q]) -> Option<Vec<Q>> {
    let lead = h.iter().find(|v| !v.is_zero())?.clone();
    Some(h.iter().map(|v| v.clone() / &lead).collect())
}

/// The positive multiple of `w` that is a primitive integer vector (`0` stays `0`).
fn primitive(w: Vec<Q>) -> Vec<Q> {
    let mut lcm = BigInt::one();
    for v in &w {
        lcm = lcm.lcm(v.denom());
    }
    let ints: Vec<BigInt> = w
        .iter()
        .map(|v| (v * Q::from_integer(lcm.clone())).to_integer())
        .collect();
    let mut gcd = BigInt::zero();
    for v in &ints {
        gcd = gcd.gcd(v);
    }
    if gcd.is_zero() {
        return w;
    }
    ints.into_iter().map(|v| Q::from_integer(v / &gcd)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::rational::qi;

    fn rows(v: &[&[i64]]) -> Vec<Vec<Q>> {
        v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect()
    }

    fn strings(faces: &[Face]) -> Vec<String> {
        faces.iter().map(|f| f.signs.to_string()).collect()
    }

    #[test]
    fn liu_figure_two() {
        let x = rows(&[&[1, 0], &[0, 1]]);
        let c = chambers(&x, Route::ExactOnly);
        assert_eq!(strings(&c), vec!["++", "+-", "-+", "--"]);
        assert!(c.iter().all(|f| f.verify(&x) && f.is_chamber(&x)));
        let f = faces(&x, Route::ExactOnly);
        assert_eq!(f.len(), 9);
        assert!(f.iter().all(|f| f.verify(&x)));
    }

    #[test]
    fn line_with_two_samples() {
        let x = rows(&[&[-2], &[2]]);
        assert_eq!(strings(&chambers(&x, Route::ExactOnly)), vec!["+-", "-+"]);
        let f = faces(&x, Route::ExactOnly);
        assert_eq!(strings(&f), vec!["+-", "-+", "00"]);
        assert_eq!(f[2].witness, vec![qi(0)]);
    }

    #[test]
    fn primitive_integer_witnesses() {
        assert_eq!(
            primitive(vec![Q::new(2.into(), 3.into()), Q::new((-4).into(), 9.into())]),
            vec![qi(3), qi(-2)]
        );
    }
}
