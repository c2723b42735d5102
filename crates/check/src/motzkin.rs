//! Rule `refutation-motzkin`: for every sign vector `s ∈ {+,−,0}^K`, Motzkin multipliers
//! prove that no least-squares solution with `sign(z) = s` lies strictly inside the cells.
//! The system is rebuilt here from the instance, in the row order of
//! `docs/certificate-format.md`.

use std::collections::BTreeSet;

use num_traits::{One, Zero};

use relucert_exact::Rat;

use super::Rejection;
use super::witness::CellContext;
use relucert_exact::Q;
use relucert_format::{MotzkinRecord, RefutationRecord};

/// Check the refutation list of one cell; returns how many certificates were verified.
pub fn check_all(ctx: &CellContext<'_>, list: &[RefutationRecord]) -> Result<u64, Rejection> {
    let k = ctx.inst.hidden;
    let mut seen = BTreeSet::new();
    for r in list {
        let loc = format!("{} s={}", ctx.loc, r.s);
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
                loc,
                format!("s must have {k} characters from +, -, 0"),
            ));
        };
        if !seen.insert(r.s.clone()) {
            return Err(Rejection::new(
                "refutation-motzkin",
                loc,
                "sign vector refuted twice",
            ));
        }
        check_one(ctx, &s, &r.motzkin).map_err(|detail| Rejection::new("refutation-motzkin", loc, detail))?;
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

/// An equality row `(c, d)`: `c·v = d`.
type Equality = (Vec<Rat>, Rat);

/// The rows of the system for `s`: strict rows `a·v > 0`, equalities `(c, d)` with `c·v = d`.
fn rows(ctx: &CellContext<'_>, s: &[i8]) -> (Vec<Vec<Rat>>, Vec<Equality>) {
    let d = ctx.inst.x[0].len();
    let p = ctx.gram.rows();
    let mut strict = Vec::new();
    for (k, &sk) in s.iter().enumerate() {
        if sk == 0 {
            continue;
        }
        for (i, x) in ctx.small.x.iter().enumerate() {
            let sigma = ctx.units[k][i];
            if sigma == 0 {
                continue;
            }
            let f = Rat::int(i64::from(sk * sigma));
            let mut a = vec![Rat::zero(); p];
            for (t, xt) in x.iter().enumerate() {
                a[k * d + t] = &f * xt;
            }
            strict.push(a);
        }
    }
    let mut equalities: Vec<Equality> = (0..p)
        .map(|j| (ctx.gram.row(j).to_vec(), ctx.aty[j].clone()))
        .collect();
    for (k, &sk) in s.iter().enumerate() {
        if sk == 0 {
            for t in 0..d {
                let mut c = vec![Rat::zero(); p];
                c[k * d + t] = Rat::one();
                equalities.push((c, Rat::zero()));
            }
        }
    }
    (strict, equalities)
}

/// `λ ≥ 0`, no non-strict rows, `Σ λ_j a_j + Σ μ_l c_l = 0`, and with
/// `σ = Σ λ_j·0 + Σ μ_l d_l`: `σ > 0`, or `σ ≥ 0` and some `λ_j > 0`.
fn check_one(ctx: &CellContext<'_>, s: &[i8], m: &MotzkinRecord) -> Result<(), String> {
    let (strict, equalities) = rows(ctx, s);
    if m.strict.len() != strict.len() {
        return Err(format!(
            "expected {} strict multipliers, found {}",
            strict.len(),
            m.strict.len()
        ));
    }
    if !m.nonstrict.is_empty() {
        return Err("the cell systems have no non-strict rows".into());
    }
    if m.equalities.len() != equalities.len() {
        return Err(format!(
            "expected {} equality multipliers, found {}",
            equalities.len(),
            m.equalities.len()
        ));
    }
    if let Some(j) = m.strict.iter().position(|l| *l < Q::zero()) {
        return Err(format!("strict multiplier {j} is negative"));
    }
    let p = ctx.gram.rows();
    let mut combination = vec![Rat::zero(); p];
    let mut sum = Rat::zero();
    for (lambda, a) in m.strict.iter().zip(&strict) {
        if lambda.is_zero() {
            continue;
        }
        let lambda = Rat::from_q(lambda);
        for (acc, at) in combination.iter_mut().zip(a) {
            if !at.is_zero() {
                *acc += &(&lambda * at);
            }
        }
    }
    for (mu, (c, rhs)) in m.equalities.iter().zip(&equalities) {
        if mu.is_zero() {
            continue;
        }
        let mu = Rat::from_q(mu);
        for (acc, ct) in combination.iter_mut().zip(c) {
            if !ct.is_zero() {
                *acc += &(&mu * ct);
            }
        }
        sum += &(&mu * rhs);
    }
    if let Some(t) = combination.iter().position(|v| !v.is_zero()) {
        return Err(format!(
            "the combination of the rows is not zero (coordinate {t})"
        ));
    }
    let some_strict = m.strict.iter().any(|l| *l > Q::zero());
    if sum < Rat::zero() || (sum.is_zero() && !some_strict) {
        return Err("the right-hand side sum violates the strictness condition".into());
    }
    Ok(())
}
