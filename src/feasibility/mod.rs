//! Exact feasibility of mixed strict / non-strict / equality linear systems, with certificates
//! both ways: a rational point, or a Motzkin transposition certificate of infeasibility.
//!
//! A float LP (good_lp + microlp) may *propose* the answer; exact arithmetic always confirms it,
//! and an exact method takes over when the proposal does not check out.

mod common_slack;
mod completion;
mod confirm;
mod elimination;
mod proposer;
mod rounding;
pub mod simplex;

pub use confirm::{confirm, is_motzkin_certificate, satisfies};

use crate::exact::Q;
use num_traits::Zero;

/// One linear constraint `coeffs · v  (>, ≥ or =)  rhs`; which relation depends on the list
/// of [`LinearSystem`] it sits in.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    pub coeffs: Vec<Q>,
    pub rhs: Q,
}

/// The system `{ a_j·v > b_j } ∪ { g_l·v ≥ h_l } ∪ { c_m·v = d_m }` over `v ∈ Q^dim`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinearSystem {
    pub dim: usize,
    pub strict: Vec<Constraint>,
    pub nonstrict: Vec<Constraint>,
    pub equalities: Vec<Constraint>,
}

/// Motzkin multipliers proving [`LinearSystem`] infeasible: `λ ≥ 0` (strict rows), `ν ≥ 0`
/// (non-strict rows), `μ` free (equalities), with `Σλ_j a_j + Σν_l g_l + Σμ_m c_m = 0` and
/// `s = Σλ_j b_j + Σν_l h_l + Σμ_m d_m` satisfying `s > 0`, or `s ≥ 0` with some `λ_j > 0`.
#[derive(Clone, Debug, PartialEq)]
pub struct Motzkin {
    pub strict: Vec<Q>,
    pub nonstrict: Vec<Q>,
    pub equalities: Vec<Q>,
}

/// The exact answer for a system.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// A rational point satisfying every constraint.
    Feasible(Vec<Q>),
    /// Multipliers proving that no point exists.
    Infeasible(Motzkin),
}

/// Which route finds the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Route {
    /// A float LP proposes, exact arithmetic confirms, exact simplex on failure.
    #[default]
    FloatFirst,
    /// Exact rational arithmetic only.
    ExactOnly,
}

/// The verdict and how it was reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub verdict: Verdict,
    /// True when the float proposal failed its exact check and the exact method decided.
    pub fell_back: bool,
}

/// Decide `sys` exactly: a rational point satisfying every row, or a Motzkin certificate.
///
/// Equalities are eliminated first ([`elimination`]); the remaining strict / non-strict system is
/// decided by the common-slack LP (maximise `τ`, see [`common_slack`]). With
/// [`Route::FloatFirst`] a float LP proposes the answer first; every answer, whichever route
/// found it, is confirmed exactly ([`confirm`]) before it is returned.
///
/// # Panics
/// When a row's length differs from `sys.dim` (a programming error), or if an exact answer fails
/// its own confirmation (a bug; the tests show it does not happen).
pub fn decide(sys: &LinearSystem, route: Route) -> Outcome {
    assert!(
        sys.strict
            .iter()
            .chain(&sys.nonstrict)
            .chain(&sys.equalities)
            .all(|r| r.coeffs.len() == sys.dim),
        "feasibility::decide: a constraint's length differs from the system dimension {}",
        sys.dim
    );
    match route {
        Route::ExactOnly => Outcome {
            verdict: decide_exact_confirmed(sys),
            fell_back: false,
        },
        // The float-first verdict has passed `confirm` already.
        Route::FloatFirst => match decide_float_first(sys) {
            Some(verdict) => Outcome {
                verdict,
                fell_back: false,
            },
            None => Outcome {
                verdict: decide_exact_confirmed(sys),
                fell_back: true,
            },
        },
    }
}

/// The exact route, with its answer checked by [`confirm`] before it is returned.
fn decide_exact_confirmed(sys: &LinearSystem) -> Verdict {
    let verdict = decide_exact(sys);
    assert!(
        confirm(sys, &verdict),
        "feasibility::decide: the exact simplex produced an answer that fails its exact check \\
         (a bug): system {sys:?}, verdict {verdict:?}"
    );
    verdict
}

/// The float-first route: exact elimination of the equalities, a float proposal for the rest,
/// exact completion, and the exact check against the original system. `None` when any step
/// fails (the caller then runs the exact route).
fn decide_float_first(sys: &LinearSystem) -> Option<Verdict> {
    let verdict = match elimination::eliminate(sys) {
        elimination::Elimination::Inconsistent(mu) => inconsistent_equalities(sys, mu),
        elimination::Elimination::Reduced(reduction) => {
            let reduced = &reduction.system;
            let candidate = if reduced.strict.is_empty() && reduced.nonstrict.is_empty() {
                Verdict::Feasible(vec![Q::zero(); reduced.dim])
            } else {
                completion::complete(reduced, &proposer::propose(reduced))?
            };
            lift(sys, &reduction, candidate)
        }
    };
    confirm(sys, &verdict).then_some(verdict)
}

/// The exact route: eliminate equalities, then the exact common-slack LP.
fn decide_exact(sys: &LinearSystem) -> Verdict {
    match elimination::eliminate(sys) {
        elimination::Elimination::Inconsistent(mu) => inconsistent_equalities(sys, mu),
        elimination::Elimination::Reduced(reduction) => {
            let reduced = common_slack::decide_without_equalities(&reduction.system);
            lift(sys, &reduction, reduced)
        }
    }
}

/// The certificate made of equality multipliers only.
fn inconsistent_equalities(sys: &LinearSystem, mu: Vec<Q>) -> Verdict {
    Verdict::Infeasible(Motzkin {
        strict: vec![Q::zero(); sys.strict.len()],
        nonstrict: vec![Q::zero(); sys.nonstrict.len()],
        equalities: mu,
    })
}

/// Map a verdict for the reduced system back to `sys`.
fn lift(sys: &LinearSystem, reduction: &elimination::Reduction<'_>, verdict: Verdict) -> Verdict {
    match verdict {
        Verdict::Feasible(t) => Verdict::Feasible(reduction.lift_point(&t)),
        Verdict::Infeasible(m) => Verdict::Infeasible(reduction.lift_certificate(sys, m.strict, m.nonstrict)),
    }
}
