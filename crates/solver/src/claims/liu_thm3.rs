//! Liu, *Global loss landscape … Part 1*, Thm 3, read as "if and only if" with its strict
//! inequalities (29)–(30).
//!
//! The setting of the theorem: ReLU (`α = 0`), no output bias, every unit in a chamber except
//! one unit `m` with `z_m ≠ 0` whose weight lies on exactly one sample hyperplane `x_n` (the
//! boundary of two cells). Then (Liu eqs. (35)–(36), (40)) with `g = Σ_{i ≠ n} e_i I_im x_i`:
//!
//! - (29): `z_m · (g·x_n) < 0`,
//! - (30): `z_m · (g·x_n + e_n |x_n|²) > 0`,
//!
//! and the theorem says a non-differentiable local minimum of this configuration exists iff the
//! linear system `DR = d` has a (genuine) solution satisfying both. At any local minimum of the
//! configuration the two hold weakly (SPEC §4: `λ, μ ≥ 0`); the "only if" fails when a
//! configuration has local minima and every one of them makes (29) or (30) an equality. The
//! predictions, hence both quantities, are constant on a family, so it is decided family by
//! family: the claim is refuted by a family of the configuration where one is an equality,
//! when no family with the same faces satisfies both strictly.

use num_traits::Zero;

use relucert_exact::matrix::dot;
use relucert_exact::{Q, format_q};
use relucert_format::family::FamilyRecord;

use super::Refutation;
use super::evidence::{Evidence, families_of, family_lines, global_min};
use crate::error::Result;
use crate::instance::Instance;

/// Premise: ReLU and no output bias (Liu's model).
pub fn liu_model(inst: &Instance) -> Option<String> {
    if !inst.alpha.is_zero() {
        Some("Liu's Thm 3 is stated for ReLU (alpha = 0)".into())
    } else if inst.output_bias {
        Some("Liu's model has no output bias".into())
    } else {
        None
    }
}

/// The values of (29) and (30) at a family of the theorem's configuration: `(m, n, v29, v30)`
/// with `m` the unit on the hyperplane of sample `n`. `None` when the family is not of the
/// configuration.
pub fn liu_values(inst: &Instance, chambers: &[String], fam: &FamilyRecord) -> Option<(usize, usize, Q, Q)> {
    let zero_sample = |i: usize| inst.x[i].iter().all(Zero::is_zero);
    let modes: Vec<char> = fam.modes.chars().collect();
    let mut boundary = None;
    for (k, face) in fam.faces.iter().enumerate() {
        if chambers.contains(face) {
            continue;
        }
        if modes[k] == '0' || boundary.is_some() {
            return None;
        }
        let zeros: Vec<usize> = face
            .chars()
            .enumerate()
            .filter(|&(i, s)| s == '0' && !zero_sample(i))
            .map(|(i, _)| i)
            .collect();
        if zeros.len() != 1 {
            return None;
        }
        boundary = Some((k, zeros[0]));
    }
    let (m, n) = boundary?;
    let point = crate::model::Point {
        z: fam.witness.z.clone(),
        w: fam.witness.w.clone(),
        c: Q::zero(),
    };
    let e = crate::model::residuals(inst, &point);
    let face: Vec<char> = fam.faces[m].chars().collect();
    let xn = &inst.x[n];
    let mut g_dot = Q::zero();
    for (i, x) in inst.x.iter().enumerate() {
        if i != n && face[i] == '+' {
            g_dot += &e[i] * dot(x, xn);
        }
    }
    let zm = if modes[m] == '+' {
        Q::from_integer(1.into())
    } else {
        Q::from_integer((-1).into())
    };
    let v29 = &zm * &g_dot;
    let v30 = &zm * (g_dot + &e[n] * dot(xn, xn));
    Some((m, n, v29, v30))
}

fn refute(ev: &Evidence, spurious_only: bool) -> Option<Refutation> {
    let cert = &ev.certificate;
    let inst = &ev.instance;
    let chambers: Vec<String> = cert
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.clone())
        .collect();
    let sorted = |f: &FamilyRecord| {
        let mut faces = f.faces.clone();
        faces.sort();
        faces
    };
    let families = families_of(cert);
    let evaluated: Vec<_> = families
        .iter()
        .map(|(f, s)| (*f, *s, liu_values(inst, &chambers, f)))
        .collect();
    let strict = |v29: &Q, v30: &Q| v29 < &Q::zero() && v30 > &Q::zero();
    for (fam, shape, values) in &evaluated {
        let Some((m, n, v29, v30)) = values else { continue };
        if strict(v29, v30) || (spurious_only && !fam.spurious) {
            continue;
        }
        let faces = sorted(fam);
        let explained = evaluated
            .iter()
            .any(|(g, _, vg)| sorted(g) == faces && vg.as_ref().is_some_and(|(_, _, a, b)| strict(a, b)));
        if explained {
            continue;
        }
        let mut details = family_lines(cert, fam, shape);
        details.push(format!(
            "unit {m} lies on the hyperplane of sample {n}, x_{n} = {}, the other units inside chambers",
            super::vector_text(&inst.x[*n])
        ));
        details.push(format!(
            "(29) needs z_m·Σ_(i≠n) e_i I_im x_i·x_n < 0; its left side is {}",
            format_q(v29)
        ));
        details.push(format!(
            "(30) needs z_m·(Σ_(i≠n) e_i I_im x_i·x_n + e_n |x_n|²) > 0; its left side is {}",
            format_q(v30)
        ));
        details.push(format!(
            "no family with the faces [{}] satisfies (29)–(30) strictly, yet this one is a local minimum \
             (its multipliers are in the certificate)",
            faces.join(", ")
        ));
        return Some(Refutation {
            summary: format!(
                "a non-differentiable local minimum on one hyperplane{} where ({}) holds with equality: loss {} (global minimum {})",
                if fam.spurious { ", spurious," } else { "" },
                if *v29 == Q::zero() { "29" } else { "30" },
                format_q(&fam.loss),
                format_q(&global_min(cert))
            ),
            details,
            witness: Some(fam.witness.clone()),
        });
    }
    None
}

/// `liu-thm3-iff`.
pub fn refute_iff(ev: &Evidence) -> Result<Option<Refutation>> {
    Ok(refute(ev, false))
}

/// `liu-thm3-iff-spurious`: the degenerate local minimum is moreover spurious.
pub fn refute_iff_spurious(ev: &Evidence) -> Result<Option<Refutation>> {
    Ok(refute(ev, true))
}
