//! The float proposer: the common-slack LP and its dual solved in `f64` with good_lp + microlp.
//!
//! Its output is only a *proposal* — a float point with the rows tight at it, or the support of
//! float multipliers — which [`super::completion`] turns into an exact candidate and
//! [`super::confirm`] checks.
//! Every solver error (infeasible, unbounded, anything else, even a panic) becomes
//! [`Proposal::Nothing`] or the matching proposal, never a failure of the caller.

use good_lp::{
    Expression, ProblemVariables, ResolutionError, Solution, SolverModel, WithTimeLimit, variable,
};
use num_traits::ToPrimitive;

use super::LinearSystem;

/// Relative tolerance for "this row is tight" and "this multiplier is non-zero".
const TOLERANCE: f64 = 1e-7;
/// The float optimum `τ*` must exceed this to propose a point.
const SLACK_MARGIN: f64 = 1e-9;
/// Wall-clock budget of one float LP in seconds. microlp can cycle on degenerate problems
/// (observed with free variables); the budget turns that into "no proposal" (the exact
/// fallback then decides). It is meant to stop cycling, never a solve that would finish: a
/// solve cut short gives a different (equally valid) witness or refutation, so a certificate
/// would depend on the machine's load. A debug build runs microlp tens of times slower (the
/// test suite, on a loaded CI machine), so its budget is larger in proportion.
const TIME_LIMIT_SECONDS: f64 = if cfg!(debug_assertions) { 5.0 } else { 0.25 };

/// What the float LP suggests about a system.
#[derive(Clone, Debug, PartialEq)]
pub enum Proposal {
    /// A float point `t` with common slack `tau > 0`, and which rows are (nearly) tight there:
    /// strict rows with `a·t − τ ≈ b`, non-strict rows with `g·t ≈ h`, and whether `τ ≈ 1`
    /// (equalities are always tight).
    Point {
        t: Vec<f64>,
        tau: f64,
        tight_strict: Vec<usize>,
        tight_nonstrict: Vec<usize>,
        tau_at_bound: bool,
    },
    /// The rows carrying non-zero float Motzkin multipliers in the normalisation
    /// `Σλ + σ = 1` (`farkas = false`) or, when the non-strict rows and equalities alone are
    /// infeasible, `Σνh + Σμd = 1` with `λ = 0` (`farkas = true`); `sigma` says whether `σ > 0`.
    Support {
        strict: Vec<usize>,
        nonstrict: Vec<usize>,
        equalities: Vec<usize>,
        sigma: bool,
        farkas: bool,
    },
    /// The float solver gave no usable answer.
    Nothing,
}

/// The system's rows in floating point.
struct FloatRows {
    strict: Vec<(Vec<f64>, f64)>,
    nonstrict: Vec<(Vec<f64>, f64)>,
    equalities: Vec<(Vec<f64>, f64)>,
}

fn to_float<T: ToPrimitive>(sys: &LinearSystem<T>) -> Option<FloatRows> {
    let conv = |rows: &[super::Constraint<T>]| -> Option<Vec<(Vec<f64>, f64)>> {
        rows.iter()
            .map(|r| {
                let coeffs = r
                    .coeffs
                    .iter()
                    .map(|c| c.to_f64().filter(|x| x.is_finite()))
                    .collect::<Option<_>>()?;
                Some((coeffs, r.rhs.to_f64().filter(|x| x.is_finite())?))
            })
            .collect()
    };
    Some(FloatRows {
        strict: conv(&sys.strict)?,
        nonstrict: conv(&sys.nonstrict)?,
        equalities: conv(&sys.equalities)?,
    })
}

/// Propose an answer for `sys` from float LPs.
pub fn propose<T: ToPrimitive>(sys: &LinearSystem<T>) -> Proposal {
    let Some(rows) = to_float(sys) else {
        return Proposal::Nothing;
    };
    // A panic inside the float solver must not take the exact engine down with it.
    let dim = sys.dim;
    std::panic::catch_unwind(move || propose_float(&rows, dim)).unwrap_or(Proposal::Nothing)
}

fn propose_float(rows: &FloatRows, k: usize) -> Proposal {
    match primal(rows, k) {
        Ok((t, tau)) if tau > SLACK_MARGIN => {
            let scale = |c: &[f64], rhs: f64| {
                1.0 + rhs.abs() + c.iter().zip(&t).map(|(a, x)| (a * x).abs()).sum::<f64>()
            };
            let tight_strict = (0..rows.strict.len())
                .filter(|&j| {
                    let (a, b) = &rows.strict[j];
                    (dot(a, &t) - tau - b).abs() <= TOLERANCE * scale(a, *b)
                })
                .collect();
            let tight_nonstrict = (0..rows.nonstrict.len())
                .filter(|&l| {
                    let (g, h) = &rows.nonstrict[l];
                    (dot(g, &t) - h).abs() <= TOLERANCE * scale(g, *h)
                })
                .collect();
            Proposal::Point {
                tau_at_bound: (tau - 1.0).abs() <= TOLERANCE,
                t,
                tau,
                tight_strict,
                tight_nonstrict,
            }
        }
        Ok(_) => dual(rows, k, false).unwrap_or(Proposal::Nothing),
        Err(ResolutionError::Infeasible) => dual(rows, k, true).unwrap_or(Proposal::Nothing),
        Err(_) => Proposal::Nothing,
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// `max τ s.t. a_j·t − τ ≥ b_j, g_l·t ≥ h_l, c_m·t = d_m, τ ≤ 1` in floats: the point and `τ*`.
fn primal(rows: &FloatRows, k: usize) -> Result<(Vec<f64>, f64), ResolutionError> {
    let mut vars = ProblemVariables::new();
    let t: Vec<_> = (0..k).map(|_| vars.add(variable())).collect();
    let tau = vars.add(variable().max(1.0));
    let mut model = vars
        .maximise(tau)
        .using(good_lp::solvers::microlp::microlp)
        .with_time_limit(TIME_LIMIT_SECONDS);
    for (a, b) in &rows.strict {
        let mut e = Expression::with_capacity(k + 1);
        for (c, v) in a.iter().zip(&t) {
            if *c != 0.0 {
                e.add_mul(*c, *v);
            }
        }
        e.add_mul(-1.0, tau);
        model = model.with(e.geq(*b));
    }
    for (g, h) in &rows.nonstrict {
        let mut e = Expression::with_capacity(k);
        for (c, v) in g.iter().zip(&t) {
            if *c != 0.0 {
                e.add_mul(*c, *v);
            }
        }
        model = model.with(e.geq(*h));
    }
    for (cm, d) in &rows.equalities {
        let mut e = Expression::with_capacity(k);
        for (c, v) in cm.iter().zip(&t) {
            if *c != 0.0 {
                e.add_mul(*c, *v);
            }
        }
        model = model.with(e.eq(*d));
    }
    let solution = model.solve()?;
    let point = t.iter().map(|v| solution.value(*v)).collect();
    Ok((point, solution.value(tau)))
}

/// The dual of the common-slack LP (`farkas = false`): `min σ − Σλb − Σνh − Σμd` subject to
/// `Σλa + Σνg + Σμc = 0`, `Σλ + σ = 1`, `λ, ν, σ ≥ 0`, `μ` free; or the Farkas LP
/// (`farkas = true`): `min Σν` subject to `Σνg + Σμc = 0`, `Σνh + Σμd = 1`, `ν ≥ 0`, `μ` free.
fn dual(rows: &FloatRows, k: usize, farkas: bool) -> Option<Proposal> {
    let mut vars = ProblemVariables::new();
    let strict: &[(Vec<f64>, f64)] = if farkas { &[] } else { &rows.strict };
    let (ms, mn, me) = (strict.len(), rows.nonstrict.len(), rows.equalities.len());
    // One term per non-negative variable: (variable, row, sign). The free equality multipliers
    // are split as μ = μ⁺ − μ⁻ (microlp was seen to cycle with free variables here).
    let all_rows: Vec<&(Vec<f64>, f64)> = strict
        .iter()
        .chain(&rows.nonstrict)
        .chain(&rows.equalities)
        .collect();
    let mut terms: Vec<(good_lp::Variable, usize, f64)> = (0..all_rows.len())
        .map(|j| (vars.add(variable().min(0.0)), j, 1.0))
        .collect();
    terms.extend((ms + mn..all_rows.len()).map(|j| (vars.add(variable().min(0.0)), j, -1.0)));
    let sigma = vars.add(variable().min(0.0).max(if farkas { 0.0 } else { f64::INFINITY }));
    let mut objective = Expression::with_capacity(terms.len() + 1);
    if farkas {
        for (v, _, _) in &terms[..mn] {
            objective.add_mul(1.0, *v);
        }
    } else {
        objective.add_mul(1.0, sigma);
        for (v, j, sign) in &terms {
            objective.add_mul(-sign * all_rows[*j].1, *v);
        }
    }
    let mut model = vars
        .minimise(objective)
        .using(good_lp::solvers::microlp::microlp)
        .with_time_limit(TIME_LIMIT_SECONDS);
    for i in 0..k {
        let mut e = Expression::with_capacity(terms.len());
        for (v, j, sign) in &terms {
            let a = all_rows[*j].0[i];
            if a != 0.0 {
                e.add_mul(sign * a, *v);
            }
        }
        model = model.with(e.eq(0.0));
    }
    let mut normalisation = Expression::with_capacity(terms.len() + 1);
    if farkas {
        for (v, j, sign) in &terms {
            normalisation.add_mul(sign * all_rows[*j].1, *v);
        }
    } else {
        for (v, _, _) in &terms[..ms] {
            normalisation.add_mul(1.0, *v);
        }
        normalisation.add_mul(1.0, sigma);
    }
    model = model.with(normalisation.eq(1.0));
    let solution = model.solve().ok()?;
    let mut values = vec![0.0f64; all_rows.len()];
    for (v, j, sign) in &terms {
        values[*j] += sign * solution.value(*v);
    }
    let big = values.iter().fold(solution.value(sigma), |m, x| m.max(x.abs()));
    let threshold = TOLERANCE * big.max(1e-300);
    Some(Proposal::Support {
        strict: (0..ms).filter(|&j| values[j] > threshold).collect(),
        nonstrict: (0..mn).filter(|&l| values[ms + l] > threshold).collect(),
        equalities: (0..me)
            .filter(|&m| values[ms + mn + m].abs() > threshold)
            .collect(),
        sigma: !farkas && solution.value(sigma) > threshold,
        farkas,
    })
}
