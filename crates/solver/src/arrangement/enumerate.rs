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

use std::collections::HashMap;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::arrangement::face::Face;
use crate::arrangement::flat::Lattice;
use crate::arrangement::integral::{
    combine, direction, dot_z, hyperplane_basis, integer_multiple, primitive_integer,
};
use crate::arrangement::sign::{Sign, SignVector};
use relucert_exact::Q;

/// All chambers of the arrangement of `samples` (rows of equal length `d`), each with an exact
/// witness, sorted by sign string.
///
/// The method is exact and LP-free (integer linear algebra only), so there is no float route.
pub fn chambers(samples: &[Vec<Q>]) -> Vec<Face> {
    let d = samples.first().map_or(0, |x| x.len());
    let integral: Vec<Vec<BigInt>> = samples.iter().map(|x| integer_multiple(x)).collect();
    let mut out: Vec<Face> = split_chambers(&integral, d)
        .into_iter()
        .map(|(w, signs)| Face {
            signs: SignVector(signs),
            witness: w.into_iter().map(Q::from_integer).collect(),
        })
        .collect();
    sort_by_signs(&mut out);
    out
}

/// All faces of the arrangement of `samples`, each with an exact witness, sorted by sign
/// string. The face with all signs `0` has the witness `0`.
pub fn faces(samples: &[Vec<Q>]) -> Vec<Face> {
    let d = samples.first().map_or(0, |x| x.len());
    let lattice = Lattice::of(samples, d);
    let integral: Vec<Vec<BigInt>> = samples.iter().map(|x| integer_multiple(x)).collect();
    let mut out = Vec::new();
    for flat in &lattice.flats {
        // Restricted to the flat, sample i is the form u ↦ x_i·(Σ u_l b_l); its sign at the
        // witness is the sign of x_i at the embedded point.
        let basis = flat.integer_basis();
        let forms: Vec<Vec<BigInt>> = integral
            .iter()
            .map(|x| basis.iter().map(|b| dot_z(x, b)).collect())
            .collect();
        for (u, signs) in split_chambers(&forms, flat.dim()) {
            let w = primitive_integer(combine(basis, &u, d));
            out.push(Face {
                signs: SignVector(signs),
                witness: w.into_iter().map(Q::from_integer).collect(),
            });
        }
    }
    sort_by_signs(&mut out);
    out
}

/// The chambers of the arrangement of the samples with the given indices only (the small
/// arrangement used to classify a point); sign strings have one character per index.
pub fn chambers_of(samples: &[Vec<Q>], indices: &[usize]) -> Vec<Face> {
    let subset: Vec<Vec<Q>> = indices.iter().map(|&i| samples[i].clone()).collect();
    chambers(&subset)
}

fn sort_by_signs(faces: &mut [Face]) {
    faces.sort_by_cached_key(|f| f.signs.to_string());
}

/// The chambers of the arrangement of the integer forms `forms` on `Q^k`: one primitive
/// integer witness per chamber, with its signs against every form (in form order).
///
/// Integers only: positive rescaling of forms, witnesses and basis vectors changes no sign,
/// so no rational (and no gcd-reducing) arithmetic is needed in the recursion.
fn split_chambers(forms: &[Vec<BigInt>], k: usize) -> Vec<(Vec<BigInt>, Vec<Sign>)> {
    // Before any hyperplane the single chamber is the whole space; 0 is its witness until
    // the first hyperplane splits it.
    let mut witnesses: Vec<Vec<BigInt>> = vec![vec![BigInt::zero(); k]];
    // keys[c]: the signs of witness c against the active forms.
    let mut keys: Vec<Vec<Sign>> = vec![Vec::new()];
    let mut active: Vec<&Vec<BigInt>> = Vec::new();
    // For each form: the active form with the same hyperplane and whether it has the same
    // orientation; None for a zero form.
    let mut origin: Vec<Option<(usize, bool)>> = Vec::with_capacity(forms.len());
    // For each hyperplane met so far: its active form and whether that form's first non-zero
    // entry is positive.
    let mut hyperplanes: HashMap<Vec<BigInt>, (usize, bool)> = HashMap::new();
    for h in forms {
        let Some((normal, positive)) = direction(h) else {
            origin.push(None); // a zero form: not a hyperplane
            continue;
        };
        if let Some(&(a, active_positive)) = hyperplanes.get(&normal) {
            // parallel or anti-parallel to an earlier form
            origin.push(Some((a, positive == active_positive)));
            continue;
        }
        // Coordinates on H = {u : h·u = 0} and the active forms restricted to H; the
        // recursive call returns the chambers of the restriction with their signs against
        // the active forms (f·(Σ v_l b_l) = Σ v_l (f·b_l)).
        let basis = hyperplane_basis(h);
        let restricted: Vec<Vec<BigInt>> = active
            .iter()
            .map(|f| primitive_integer(basis.iter().map(|b| dot_z(f, b)).collect()))
            .collect();
        let chamber_of: HashMap<&[Sign], usize> = keys
            .iter()
            .enumerate()
            .map(|(c, key)| (key.as_slice(), c))
            .collect();
        let mut splits: Vec<(usize, Vec<BigInt>)> = Vec::new();
        for (v, key) in split_chambers(&restricted, k - 1) {
            // cannot miss: p lies in some chamber (the final count check would report it)
            if let Some(&c) = chamber_of.get(key.as_slice()) {
                splits.push((c, combine(&basis, &v, k)));
            }
        }
        drop(chamber_of);
        let mut is_split = vec![false; witnesses.len()];
        for (c, _) in &splits {
            is_split[*c] = true;
        }
        for (c, w) in witnesses.iter().enumerate() {
            if !is_split[c] {
                keys[c].push(Sign::of(&dot_z(h, w)));
            }
        }
        for (c, p) in splits {
            let scale = step_exponent(&active, &p, h);
            let scaled: Vec<BigInt> = p.iter().map(|pi| pi << scale).collect();
            let plus: Vec<BigInt> = scaled.iter().zip(h).map(|(pi, hi)| pi + hi).collect();
            let minus: Vec<BigInt> = scaled.iter().zip(h).map(|(pi, hi)| pi - hi).collect();
            let mut key = keys[c].clone();
            key.push(Sign::Neg);
            keys[c].push(Sign::Pos);
            witnesses[c] = primitive_integer(plus);
            witnesses.push(primitive_integer(minus));
            keys.push(key);
        }
        hyperplanes.insert(normal, (active.len(), positive));
        origin.push(Some((active.len(), true)));
        active.push(h);
    }
    witnesses
        .into_iter()
        .zip(keys)
        .map(|(w, key)| {
            let full = origin
                .iter()
                .map(|o| match o {
                    None => Sign::Zero,
                    Some((a, true)) => key[*a],
                    Some((a, false)) => key[*a].flip(),
                })
                .collect();
            (w, full)
        })
        .collect()
}

/// The least `s ≥ 0` with `|f·h| < 2^s |f·p|` for every form `f`, so that `2^s p ± h` keeps
/// every non-zero sign of `p` (that is, `p ± t·h` with `t = 2^{-s}`, rescaled).
fn step_exponent(forms: &[&Vec<BigInt>], p: &[BigInt], h: &[BigInt]) -> usize {
    let mut s = 0usize;
    for f in forms {
        let at_p = dot_z(f, p).abs();
        let along = dot_z(f, h).abs();
        if along.is_zero() {
            continue;
        }
        while along >= (&at_p << s) {
            s += 1;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    fn rows(v: &[&[i64]]) -> Vec<Vec<Q>> {
        v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect()
    }

    fn strings(faces: &[Face]) -> Vec<String> {
        faces.iter().map(|f| f.signs.to_string()).collect()
    }

    #[test]
    fn liu_figure_two() {
        let x = rows(&[&[1, 0], &[0, 1]]);
        let c = chambers(&x);
        assert_eq!(strings(&c), vec!["++", "+-", "-+", "--"]);
        assert!(c.iter().all(|f| f.verify(&x) && f.is_chamber(&x)));
        let f = faces(&x);
        assert_eq!(f.len(), 9);
        assert!(f.iter().all(|f| f.verify(&x)));
    }

    #[test]
    fn line_with_two_samples() {
        let x = rows(&[&[-2], &[2]]);
        assert_eq!(strings(&chambers(&x)), vec!["+-", "-+"]);
        let f = faces(&x);
        assert_eq!(strings(&f), vec!["+-", "-+", "00"]);
        assert_eq!(f[2].witness, vec![qi(0)]);
    }

    #[test]
    fn four_planes_in_space() {
        // Coordinate planes plus (1,1,1): 14 chambers; restrictions meet anti-parallel forms.
        let x = rows(&[&[1, 0, 0], &[0, 1, 0], &[0, 0, 1], &[1, 1, 1]]);
        let c = chambers(&x);
        assert_eq!(c.len(), 14);
        assert!(c.iter().all(|f| f.verify(&x)));
        assert!(!strings(&c).contains(&"+++-".to_string()));
        let f = faces(&x);
        assert!(f.iter().all(|f| f.verify(&x)));
    }
}
