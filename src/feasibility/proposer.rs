//! The float proposer: the common-slack LP and its dual solved in `f64` with good_lp + microlp.
//!
//! Works on a system without equalities (they are eliminated exactly first). Its output is only
//! a *proposal* — a float point with the rows tight at it, or the support of float multipliers —
//! which [`super::completion`] turns into an exact candidate and [`super::confirm`] checks.
//! Every solver error (infeasible, unbounded, anything else, even a panic) becomes
//! [`Proposal::Nothing`] or the matching proposal, never a failure of the caller.

use good_lp::{Expression, ProblemVariables, ResolutionError, Solution, SolverModel, variable};
use num_traits::ToPrimitive;

use super::LinearSystem;

/// Relative tolerance for "this row is tight" and "this multiplier is non-zero".
const TOLERANCE: f64 = 1e-7;
/// The float optimum `τ*` must exceed this to propose a point.
const SLACK_MARGIN: f64 = 1e-9;

/// What the float LP suggests about a system without equalities.
#[derive(Clone, Debug, PartialEq)]
pub enum Proposal {
    /// A float point `t` with common slack `tau > 0`, and which rows are (nearly) tight there:
    /// strict rows with `a·t − τ ≈ b`, non-strict rows with `g·t ≈ h`, and whether `τ ≈ 1`.
    Point {
        t: Vec<f64>,
        tau: f64,
        tight_strict: Vec<usize>,
        tight_nonstrict: Vec<usize>,
        tau_at_bound: bool,
    },
    /// The rows carrying non-zero float Motzkin multipliers in the normalisation
    /// `Σλ + σ = 1` (`farkas = false`) or, when the non-strict rows alone are infeasible,
    /// `Σν h = 1` with `λ = 0` (`farkas = true`); `sigma` says whether `σ > 0`.
    Support {
        strict: Vec<usize>,
        nonstrict: Vec<usize>,
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
}

fn to_float(sys: &LinearSystem) -> Option<FloatRows> {
    let conv = |rows: &[super::Constraint]| -> Option<Vec<(Vec<f64>, f64)>> {
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
    })
}

/// Propose an answer for `sys` (which must have no equalities) from float LPs.
pub fn propose(sys: &LinearSystem) -> Proposal {
    let Some(rows) = to_float(sys) else {
        return Proposal::Nothing;
    };
    // A panic inside the float solver must not take the exact engine down with it.
    std::panic::catch_unwind(|| propose_float(&rows, sys.dim)).unwrap_or(Proposal::Nothing)
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

/// `max τ s.t. a_j·t − τ ≥ b_j, g_l·t ≥ h_l, τ ≤ 1` in floats: the point and `τ*`.
fn primal(rows: &FloatRows, k: usize) -> Result<(Vec<f64>, f64), ResolutionError> {
    let mut vars = ProblemVariables::new();
    let t: Vec<_> = (0..k).map(|_| vars.add(variable())).collect();
    let tau = vars.add(variable().max(1.0));
    let mut model = vars.maximise(tau).using(good_lp::solvers::microlp::microlp);
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
    let solution = model.solve()?;
    let point = t.iter().map(|v| solution.value(*v)).collect();
    Ok((point, solution.value(tau)))
}

/// The dual of the common-slack LP (`farkas = false`): `min σ − Σλb − Σνh` subject to
/// `Σλa + Σνg = 0`, `Σλ + σ = 1`, `λ, ν, σ ≥ 0`; or the Farkas LP (`farkas = true`):
/// `min Σν` subject to `Σνg = 0`, `Σνh = 1`, `ν ≥ 0`.
fn dual(rows: &FloatRows, k: usize, farkas: bool) -> Option<Proposal> {
    let mut vars = ProblemVariables::new();
    let lambda: Vec<_> = if farkas {
        Vec::new()
    } else {
        rows.strict
            .iter()
            .map(|_| vars.add(variable().min(0.0)))
            .collect()
    };
    let nu: Vec<_> = rows
        .nonstrict
        .iter()
        .map(|_| vars.add(variable().min(0.0)))
        .collect();
    let sigma = vars.add(variable().min(0.0).max(if farkas { 0.0 } else { f64::INFINITY }));
    let mut objective = Expression::with_capacity(lambda.len() + nu.len() + 1);
    if farkas {
        for v in &nu {
            objective.add_mul(1.0, *v);
        }
    } else {
        objective.add_mul(1.0, sigma);
        for (v, (_, b)) in lambda.iter().zip(&rows.strict) {
            objective.add_mul(-b, *v);
        }
        for (v, (_, h)) in nu.iter().zip(&rows.nonstrict) {
            objective.add_mul(-h, *v);
        }
    }
    let mut model = vars.minimise(objective).using(good_lp::solvers::microlp::microlp);
    for i in 0..k {
        let mut e = Expression::with_capacity(lambda.len() + nu.len());
        for (v, (a, _)) in lambda.iter().zip(&rows.strict) {
            if a[i] != 0.0 {
                e.add_mul(a[i], *v);
            }
        }
        for (v, (g, _)) in nu.iter().zip(&rows.nonstrict) {
            if g[i] != 0.0 {
                e.add_mul(g[i], *v);
            }
        }
        model = model.with(e.eq(0.0));
    }
    let mut normalisation = Expression::with_capacity(lambda.len() + nu.len() + 1);
    if farkas {
        for (v, (_, h)) in nu.iter().zip(&rows.nonstrict) {
            normalisation.add_mul(*h, *v);
        }
    } else {
        for v in &lambda {
            normalisation.add_mul(1.0, *v);
        }
        normalisation.add_mul(1.0, sigma);
    }
    model = model.with(normalisation.eq(1.0));
    let solution = model.solve().ok()?;
    let values_l: Vec<f64> = lambda.iter().map(|v| solution.value(*v)).collect();
    let values_n: Vec<f64> = nu.iter().map(|v| solution.value(*v)).collect();
    let big = values_l
        .iter()
        .chain(&values_n)
        .fold(solution.value(sigma), |m, x| m.max(x.abs()));
    let threshold = TOLERANCE * big.max(1e-300);
    Some(Proposal::Support {
        strict: (0..values_l.len()).filter(|&j| values_l[j] > threshold).collect(),
        nonstrict: (0..values_n.len()).filter(|&l| values_n[l] > threshold).collect(),
        sigma: !farkas && solution.value(sigma) > threshold,
        farkas,
    })
}
