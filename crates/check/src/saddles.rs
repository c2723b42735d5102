//! The `saddles` section (Liu Thm 2; `proofs/saddle-points.md`). Rules, in the order they run:
//!
//! * `saddle-sections`: one record per cell, with the cell's chambers, and either a witness
//!   (`saddle: true`) or a refutation list (`saddle: false`), not both;
//! * `saddle-witness`: every `w_k` strictly inside its chamber, the gradient exactly zero
//!   (`G_k·w_k = 0`, `z_k G_k = 0`, and `Σ e_i = 0` with an output bias), and the loss along the
//!   stated straight direction has coefficient of `t²` equal to `second_order < 0`;
//! * `saddle-subsets`: the refutations cover every canonical set `S` (`|S| < K`, a prefix of
//!   every run of equal chambers) exactly once;
//! * `saddle-least-squares`: the stated `v` solves the normal equations of the units of `S`;
//! * `saddle-zero-gradient`: the named unit `j ∉ S` has `G_j = 0`;
//! * `saddle-hyperplane`: Motzkin multipliers prove that `G_j·w = 0` misses the open chamber of
//!   the named unit `j ∉ S`;
//! * `saddle-not-genuine`: per sign vector of `S`, Motzkin multipliers for the genuineness
//!   system of the sub-combination (the `cells` row order with `K = |S|`).

use std::collections::BTreeSet;

use num_traits::Zero;

use super::Rejection;
use super::design::{design_matrix, is_zero_sample, output, parse_signs, sign};
use super::witness::CellContext;
use relucert_exact::matrix::dot;
use relucert_exact::{Q, format_q};
use relucert_format::saddle::{SaddleWitnessRecord, SubsetRefutationRecord};
use relucert_format::{Certificate, InstanceRecord, MotzkinRecord};

/// What the saddle rules verified: combinations with a saddle point, and refuted sets `S`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SaddleTally {
    pub saddles: u64,
    pub refuted_subsets: u64,
}

/// Check the `saddles` section when present.
pub fn check_saddles(cert: &Certificate) -> Result<Option<SaddleTally>, Rejection> {
    let Some(list) = &cert.saddles else {
        return Ok(None);
    };
    if list.len() != cert.cells.len() {
        return Err(Rejection::new(
            "saddle-sections",
            "saddles",
            format!(
                "expected {} records (one per cell), found {}",
                cert.cells.len(),
                list.len()
            ),
        ));
    }
    let mut tally = SaddleTally::default();
    for (j, (rec, cell)) in list.iter().zip(&cert.cells).enumerate() {
        let loc = format!("saddles[{j}] [{}]", rec.chambers.join(","));
        if rec.chambers != cell.chambers {
            return Err(Rejection::new(
                "saddle-sections",
                loc,
                format!(
                    "expected the chambers of cells[{j}], [{}]",
                    cell.chambers.join(",")
                ),
            ));
        }
        // The cell rules matched these names against the verified chamber list.
        let units: Vec<Vec<i8>> = rec
            .chambers
            .iter()
            .map(|s| parse_signs(s).unwrap_or_default())
            .collect();
        match (rec.saddle, &rec.witness, &rec.refutation) {
            (true, Some(w), None) => {
                check_witness(&cert.instance, &units, w)
                    .map_err(|d| Rejection::new("saddle-witness", loc.clone(), d))?;
                tally.saddles += 1;
            }
            (false, None, Some(refs)) => {
                tally.refuted_subsets +=
                    check_refutations(&cert.instance, &rec.chambers, &units, refs, &loc)?;
            }
            _ => {
                return Err(Rejection::new(
                    "saddle-sections",
                    loc,
                    "a saddle needs a witness and no refutation; no saddle needs a refutation and no witness",
                ));
            }
        }
    }
    Ok(Some(tally))
}

/// `G = Σ_i e_i a_i x_i` for a unit with chamber signs `signs` (`a_i = 1` on `+`, else `α`).
fn unit_gradient(inst: &InstanceRecord, signs: &[i8], e: &[Q]) -> Vec<Q> {
    let d = inst.x[0].len();
    let mut g = vec![Q::zero(); d];
    for (i, x) in inst.x.iter().enumerate() {
        let f = if signs[i] == 1 {
            e[i].clone()
        } else {
            &e[i] * &inst.alpha
        };
        if f.is_zero() {
            continue;
        }
        for (gt, xt) in g.iter_mut().zip(x) {
            *gt += &f * xt;
        }
    }
    g
}

fn check_witness(inst: &InstanceRecord, units: &[Vec<i8>], w: &SaddleWitnessRecord) -> Result<(), String> {
    let k = inst.hidden;
    let d = inst.x[0].len();
    let ds = &w.descent;
    if w.z.len() != k || w.w.len() != k || ds.dz.len() != k || ds.dw.len() != k {
        return Err(format!("expected z, w, dz, dw for {k} units"));
    }
    if w.w.iter().chain(&ds.dw).any(|r| r.len() != d) {
        return Err(format!("expected rows of {d} coordinates in w and dw"));
    }
    if w.c.is_some() != inst.output_bias || ds.dc.is_some() != inst.output_bias {
        return Err("c and dc must be present exactly when the instance has an output bias".into());
    }
    if w.units.iter().any(|&u| u >= k) {
        return Err(format!("units must be below K = {k}"));
    }
    for unit in 0..k {
        for (i, x) in inst.x.iter().enumerate() {
            if !is_zero_sample(x) && sign(&dot(&w.w[unit], x)) != units[unit][i] {
                return Err(format!(
                    "w[{unit}] is not strictly inside its chamber at sample {i}"
                ));
            }
        }
    }
    let e: Vec<Q> = inst
        .x
        .iter()
        .zip(&inst.y)
        .map(|(x, y)| output(inst, &w.z, &w.w, w.c.as_ref(), x) - y)
        .collect();
    if inst.output_bias && !e.iter().sum::<Q>().is_zero() {
        return Err("∂L/∂c ≠ 0: Σ e_i ≠ 0".into());
    }
    for unit in 0..k {
        let g = unit_gradient(inst, &units[unit], &e);
        if !dot(&g, &w.w[unit]).is_zero() {
            return Err(format!("∂L/∂z[{unit}] ≠ 0: G·w[{unit}] ≠ 0"));
        }
        if !w.z[unit].is_zero() && g.iter().any(|v| !v.is_zero()) {
            return Err(format!("∂L/∂w[{unit}] ≠ 0: z[{unit}] ≠ 0 and G ≠ 0"));
        }
    }
    // The loss along the line, with the activation pattern of the point (valid for small t).
    let zero = Q::zero();
    let dc = ds.dc.as_ref().unwrap_or(&zero);
    let mut first = Q::zero();
    let mut second = Q::zero();
    for (i, x) in inst.x.iter().enumerate() {
        let mut f1 = if inst.output_bias { dc.clone() } else { Q::zero() };
        let mut f2 = Q::zero();
        for unit in 0..k {
            let a = if units[unit][i] == 1 {
                Q::from_integer(1.into())
            } else {
                inst.alpha.clone()
            };
            let pre = dot(&w.w[unit], x);
            let dpre = dot(&ds.dw[unit], x);
            f1 += &a * (&ds.dz[unit] * &pre + &w.z[unit] * &dpre);
            f2 += &a * &ds.dz[unit] * &dpre;
        }
        first += Q::from_integer(2.into()) * &e[i] * &f1;
        second += &f1 * &f1 + Q::from_integer(2.into()) * &e[i] * &f2;
    }
    let n = Q::from_integer((inst.x.len() as i64).into());
    let second = second / n;
    if !first.is_zero() {
        return Err("the coefficient of t along the direction is not zero".into());
    }
    if second != ds.second_order {
        return Err(format!(
            "the coefficient of t² is {}, found {}",
            format_q(&second),
            format_q(&ds.second_order)
        ));
    }
    if second >= Q::zero() {
        return Err(format!(
            "the coefficient of t² is {}, not negative",
            format_q(&second)
        ));
    }
    Ok(())
}

/// The canonical subsets: a prefix of every run of equal chambers, fewer than `K` units.
fn canonical_subsets(chambers: &[String]) -> BTreeSet<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    let mut pos = 0;
    while pos < chambers.len() {
        let mut end = pos + 1;
        while end < chambers.len() && chambers[end] == chambers[pos] {
            end += 1;
        }
        out = out
            .into_iter()
            .flat_map(|prefix| {
                (pos..=end).map(move |stop| {
                    let mut s = prefix.clone();
                    s.extend(pos..stop);
                    s
                })
            })
            .collect();
        pos = end;
    }
    out.into_iter().filter(|s| s.len() < chambers.len()).collect()
}

fn check_refutations(
    inst: &InstanceRecord,
    chambers: &[String],
    units: &[Vec<i8>],
    refs: &[SubsetRefutationRecord],
    loc: &str,
) -> Result<u64, Rejection> {
    let mut needed = canonical_subsets(chambers);
    for r in refs {
        let sloc = format!("{loc} S={:?}", r.units);
        if !needed.remove(&r.units) {
            return Err(Rejection::new(
                "saddle-subsets",
                sloc,
                "not a canonical set of fewer than K units, or refuted twice",
            ));
        }
        check_subset(inst, units, r, &sloc)?;
    }
    if let Some(s) = needed.iter().next() {
        return Err(Rejection::new(
            "saddle-subsets",
            loc.to_string(),
            format!("the set S = {s:?} is not refuted"),
        ));
    }
    Ok(refs.len() as u64)
}

fn check_subset(
    inst: &InstanceRecord,
    units: &[Vec<i8>],
    r: &SubsetRefutationRecord,
    loc: &str,
) -> Result<(), Rejection> {
    let sub_units: Vec<Vec<i8>> = r.units.iter().map(|&k| units[k].clone()).collect();
    let sub = InstanceRecord {
        hidden: r.units.len(),
        ..inst.clone()
    };
    let a = design_matrix(&sub, &sub_units);
    let at = a.transpose();
    let gram = at.mul(&a);
    let aty = at.mul_vec(&inst.y);
    if r.least_squares.len() != a.cols() {
        return Err(Rejection::new(
            "saddle-least-squares",
            loc,
            format!(
                "expected {} coordinates, found {}",
                a.cols(),
                r.least_squares.len()
            ),
        ));
    }
    if gram.mul_vec(&r.least_squares) != aty {
        return Err(Rejection::new(
            "saddle-least-squares",
            loc,
            "the normal equations of the units of S fail",
        ));
    }
    let e: Vec<Q> = a
        .mul_vec(&r.least_squares)
        .iter()
        .zip(&inst.y)
        .map(|(f, y)| f - y)
        .collect();
    let outside = |rule: &'static str| -> Result<usize, Rejection> {
        match r.unit {
            Some(j) if j < units.len() && !r.units.contains(&j) => Ok(j),
            _ => Err(Rejection::new(rule, loc, "expected a unit outside S")),
        }
    };
    match r.reason.as_str() {
        "zero-gradient" => {
            let j = outside("saddle-zero-gradient")?;
            if unit_gradient(inst, &units[j], &e).iter().any(|v| !v.is_zero()) {
                return Err(Rejection::new(
                    "saddle-zero-gradient",
                    loc,
                    format!("G_{j} is not zero"),
                ));
            }
            if r.motzkin.is_some() || r.refutation.is_some() {
                return Err(Rejection::new(
                    "saddle-zero-gradient",
                    loc,
                    "unexpected multipliers",
                ));
            }
        }
        "hyperplane" => {
            let j = outside("saddle-hyperplane")?;
            let (Some(m), None) = (&r.motzkin, &r.refutation) else {
                return Err(Rejection::new(
                    "saddle-hyperplane",
                    loc,
                    "expected motzkin multipliers only",
                ));
            };
            let g = unit_gradient(inst, &units[j], &e);
            check_hyperplane(inst, &units[j], &g, m)
                .map_err(|d| Rejection::new("saddle-hyperplane", loc, format!("unit {j}: {d}")))?;
        }
        "not-genuine" => {
            let (None, None, Some(list)) = (&r.unit, &r.motzkin, &r.refutation) else {
                return Err(Rejection::new(
                    "saddle-not-genuine",
                    loc,
                    "expected a refutation list only",
                ));
            };
            let small = super::design::SmallInstance::new(&sub);
            let a_small = super::design::design_matrix_small(&sub, &small, &sub_units);
            let at_small = a_small.transpose();
            let gram_small = at_small.mul(&a_small);
            let aty_small = at_small.mul_vec(&small.y);
            let ctx = CellContext {
                inst: &sub,
                units: &sub_units,
                gram: &gram_small,
                aty: &aty_small,
                small: &small,
                loc,
            };
            super::motzkin::check_all(&ctx, list)
                .map_err(|rej| Rejection::new("saddle-not-genuine", rej.location, rej.detail))?;
        }
        other => {
            return Err(Rejection::new(
                "saddle-sections",
                loc,
                format!("unknown reason \"{other}\" (expected zero-gradient, hyperplane or not-genuine)"),
            ));
        }
    }
    Ok(())
}

/// The system `σ_i x_i·w > 0` (non-zero samples, in order), `G·w = 0` has no solution:
/// `λ ≥ 0`, `Σ λ_i σ_i x_i + μ G = 0`, some `λ_i > 0` (every right-hand side is 0).
fn check_hyperplane(inst: &InstanceRecord, signs: &[i8], g: &[Q], m: &MotzkinRecord) -> Result<(), String> {
    let m = &m.to_q();
    let rows: Vec<(usize, i8)> = inst
        .x
        .iter()
        .enumerate()
        .filter(|(_, x)| !is_zero_sample(x))
        .map(|(i, _)| (i, signs[i]))
        .collect();
    if m.strict.len() != rows.len() || !m.nonstrict.is_empty() || m.equalities.len() != 1 {
        return Err(format!(
            "expected {} strict multipliers, none non-strict and one equality multiplier",
            rows.len()
        ));
    }
    if m.strict.iter().any(|l| *l < Q::zero()) {
        return Err("a strict multiplier is negative".into());
    }
    if !m.strict.iter().any(|l| *l > Q::zero()) {
        return Err("no strict multiplier is positive".into());
    }
    let mut sum: Vec<Q> = g.iter().map(|v| v * &m.equalities[0]).collect();
    for (&(i, s), l) in rows.iter().zip(&m.strict) {
        if l.is_zero() {
            continue;
        }
        let f = if s > 0 { l.clone() } else { -l.clone() };
        for (acc, xt) in sum.iter_mut().zip(&inst.x[i]) {
            *acc += &f * xt;
        }
    }
    if sum.iter().any(|v| !v.is_zero()) {
        return Err("Σ λ_i σ_i x_i + μ G ≠ 0".into());
    }
    Ok(())
}
