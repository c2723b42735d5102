//! Rule `refutation-motzkin`: for every sign vector `s ∈ {+,−,0}^K`, Motzkin multipliers
//! prove that no least-squares solution with `sign(z) = s` lies strictly inside the cells.
//! The system is rebuilt here from the instance, in the row order of
//! `docs/certificate-format.md`.

use std::collections::BTreeSet;

use num_traits::Zero;

use relucert_exact::Rat;

use super::Rejection;
use super::witness::CellContext;
use relucert_format::{MotzkinRecord, RefutationRecord};

/// Check the refutation list of one cell; returns how many certificates were verified.
pub fn check_all(ctx: &CellContext<'_>, list: &[RefutationRecord]) -> Result<u64, Rejection> {
    let k = ctx.inst.hidden;
    let mut seen = BTreeSet::new();
    for r in list {
        let loc = || format!("{} s={}", ctx.loc, r.s);
        let s: Option<Vec<i8>> =
            r.s.chars()
                .map(|c| match c {
                    '+' => Some(1),
                    '-' => Some(-1),
                    '0' => Some(0),
                    _ => None,
                })
                .collect();
        let Some(s) = s.filter(|s| s.len() == k) else {
            return Err(Rejection::new(
                "refutation-motzkin",
                loc(),
                format!("s must have {k} characters from +, -, 0"),
            ));
        };
        if !seen.insert(r.s.as_str()) {
            return Err(Rejection::new(
                "refutation-motzkin",
                loc(),
                "sign vector refuted twice",
            ));
        }
        check_one(ctx, &s, &r.motzkin)
            .map_err(|detail| Rejection::new("refutation-motzkin", loc(), detail))?;
    }
    // K ≤ MAX_HIDDEN (rule `instance`), so 3^K fits; saturate rather than trust that here.
    let needed = u32::try_from(k)
        .ok()
        .and_then(|k| 3u64.checked_pow(k))
        .unwrap_or(u64::MAX);
    if seen.len() as u64 != needed {
        return Err(Rejection::new(
            "refutation-motzkin",
            ctx.loc.to_string(),
            format!("{} sign vectors refuted, all {needed} needed", seen.len()),
        ));
    }
    Ok(needed)
}

/// `λ ≥ 0`, no non-strict rows, `Σ λ_j a_j + Σ μ_l c_l = 0`, and with
/// `σ = Σ λ_j·0 + Σ μ_l d_l`: `σ > 0`, or `σ ≥ 0` and some `λ_j > 0`.
///
/// The rows of the system for `s` are not materialised; they are added into the combination
/// where they are rebuilt, in the order of `docs/certificate-format.md`:
/// * strict rows `a·v > 0`: for each unit `k` with `s_k ≠ 0` (increasing `k`), for each sample
///   `i` with `σ_ik ≠ 0` (increasing `i`), `a` is `s_k σ_ik x_i` in block `k`, zero elsewhere;
/// * equalities `c·v = d`: the normal equations (row `j` of `AᵀA`, right-hand side `(Aᵀy)_j`),
///   then for each unit `k` with `s_k = 0` the rows `v_{kd+t} = 0`, `t = 0..d`.
fn check_one(ctx: &CellContext<'_>, s: &[i8], m: &MotzkinRecord) -> Result<(), String> {
    let d = ctx.inst.x[0].len();
    let p = ctx.gram.rows();
    let strict_rows: usize = s
        .iter()
        .enumerate()
        .filter(|(_, sk)| **sk != 0)
        .map(|(k, _)| (0..ctx.small.x.len()).filter(|&i| ctx.units[k][i] != 0).count())
        .sum();
    let zeroed_units = s.iter().filter(|sk| **sk == 0).count();
    let equality_rows = p + d * zeroed_units;
    if m.strict.len() != strict_rows {
        return Err(format!(
            "expected {} strict multipliers, found {}",
            strict_rows,
            m.strict.len()
        ));
    }
    if !m.nonstrict.is_empty() {
        return Err("the cell systems have no non-strict rows".into());
    }
    if m.equalities.len() != equality_rows {
        return Err(format!(
            "expected {} equality multipliers, found {}",
            equality_rows,
            m.equalities.len()
        ));
    }
    if let Some(j) = m.strict.iter().position(Rat::is_negative) {
        return Err(format!("strict multiplier {j} is negative"));
    }
    let mut combination = vec![Rat::zero(); p];
    let mut sum = Rat::zero();
    // Strict rows: λ · s_k σ_ik x_i into block k (the right-hand sides are 0).
    let mut lambdas = m.strict.iter();
    for (k, &sk) in s.iter().enumerate() {
        if sk == 0 {
            continue;
        }
        for (i, x) in ctx.small.x.iter().enumerate() {
            let sigma = ctx.units[k][i];
            if sigma == 0 {
                continue;
            }
            let lambda = lambdas.next().expect("the strict multipliers were counted");
            if lambda.is_zero() {
                continue;
            }
            let lambda = lambda.clone();
            let f = if sk * sigma > 0 { lambda } else { -lambda };
            for (acc, xt) in combination[k * d..(k + 1) * d].iter_mut().zip(x) {
                if !xt.is_zero() {
                    *acc += &(&f * xt);
                }
            }
        }
    }
    // Equalities: the normal equations, then the unit rows of the zeroed blocks.
    let (normal, unit_rows) = m.equalities.split_at(p);
    for (j, mu) in normal.iter().enumerate() {
        if mu.is_zero() {
            continue;
        }
        for (acc, ct) in combination.iter_mut().zip(ctx.gram.row(j)) {
            if !ct.is_zero() {
                *acc += &(mu * ct);
            }
        }
        sum += &(mu * &ctx.aty[j]);
    }
    let zeroed = s
        .iter()
        .enumerate()
        .filter(|(_, sk)| **sk == 0)
        .flat_map(|(k, _)| k * d..(k + 1) * d);
    for (mu, t) in unit_rows.iter().zip(zeroed) {
        if !mu.is_zero() {
            combination[t] += mu;
        }
    }
    if let Some(t) = combination.iter().position(|v| !v.is_zero()) {
        return Err(format!(
            "the combination of the rows is not zero (coordinate {t})"
        ));
    }
    let some_strict = m.strict.iter().any(Rat::is_positive);
    if sum < Rat::zero() || (sum.is_zero() && !some_strict) {
        return Err("the right-hand side sum violates the strictness condition".into());
    }
    Ok(())
}
