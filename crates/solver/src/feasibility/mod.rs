//! Exact feasibility of mixed strict / non-strict / equality linear systems, with certificates
//! both ways: a rational point, or a Motzkin transposition certificate of infeasibility.
//!
//! A float LP (good_lp + microlp) may *propose* the answer; exact arithmetic always confirms it,
//! and an exact method takes over when the proposal does not check out.

mod common_slack;
mod completion;
mod confirm;
pub mod pinned;
pub mod primitive;
mod proposer;
mod rounding;
mod scalar;
pub mod simplex;

pub use confirm::{confirm, is_motzkin_certificate, satisfies};
pub use scalar::Scalar;

use relucert_exact::Q;

/// One linear constraint `coeffs · v  (>, ≥ or =)  rhs`; which relation depends on the list
/// of [`LinearSystem`] it sits in.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint<T = Q> {
    pub coeffs: Vec<T>,
    pub rhs: T,
}

/// The system `{ a_j·v > b_j } ∪ { g_l·v ≥ h_l } ∪ { c_m·v = d_m }` over `v ∈ Q^dim`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LinearSystem<T = Q> {
    pub dim: usize,
    pub strict: Vec<Constraint<T>>,
    pub nonstrict: Vec<Constraint<T>>,
    pub equalities: Vec<Constraint<T>>,
}

/// Motzkin multipliers proving [`LinearSystem`] infeasible: `λ ≥ 0` (strict rows), `ν ≥ 0`
/// (non-strict rows), `μ` free (equalities), with `Σλ_j a_j + Σν_l g_l + Σμ_m c_m = 0` and
/// `s = Σλ_j b_j + Σν_l h_l + Σμ_m d_m` satisfying `s > 0`, or `s ≥ 0` with some `λ_j > 0`.
#[derive(Clone, Debug, PartialEq)]
pub struct Motzkin<T = Q> {
    pub strict: Vec<T>,
    pub nonstrict: Vec<T>,
    pub equalities: Vec<T>,
}

/// The exact answer for a system.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict<T = Q> {
    /// A rational point satisfying every constraint.
    Feasible(Vec<T>),
    /// Multipliers proving that no point exists.
    Infeasible(Motzkin<T>),
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
pub struct Outcome<T = Q> {
    pub verdict: Verdict<T>,
    /// True when the float proposal failed its exact check and the exact method decided.
    pub fell_back: bool,
}

/// Decide `sys` exactly: a rational point satisfying every row, or a Motzkin certificate.
/// Runs over any exact [`Scalar`]: with [`relucert_exact::Rat`] the completion and every
/// confirmation compute in machine words (big numbers only on overflow); the exact simplex
/// method runs on [`Q`] and its answer is converted back (the values are equal).
///
/// The exact route solves the dual of the common-slack LP (maximise `τ`, see [`common_slack`])
/// with an exact fraction-free simplex method ([`simplex`]). With [`Route::FloatFirst`] a float
/// LP ([`proposer`]) proposes a point or the support of the multipliers first, small exact solves
/// complete it ([`completion`]), and only a proposal that passes [`confirm`] is used; otherwise
/// the exact route decides and `fell_back` is set. Every answer is confirmed exactly before it
/// is returned. Soundness and completeness: `proofs/motzkin.md`.
///
/// # Panics
/// When a row's length differs from `sys.dim` (a programming error), or if an exact answer fails
/// its own confirmation (a bug; the tests show it does not happen).
pub fn decide<T: Scalar>(sys: &LinearSystem<T>, route: Route) -> Outcome<T> {
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
fn decide_exact_confirmed<T: Scalar>(sys: &LinearSystem<T>) -> Verdict<T> {
    let verdict: Verdict<T> = common_slack::decide(&sys.convert::<Q>()).convert();
    assert!(
        confirm(sys, &verdict),
        "feasibility::decide: the exact simplex produced an answer that fails its exact check \\
         (a bug): system {sys:?}, verdict {verdict:?}"
    );
    verdict
}

/// The float-first route: a float proposal, exact completion, exact check. `None` when any
/// step fails (the caller then runs the exact route).
fn decide_float_first<T: Scalar>(sys: &LinearSystem<T>) -> Option<Verdict<T>> {
    let verdict = if sys.strict.is_empty() && sys.nonstrict.is_empty() && sys.equalities.is_empty() {
        Verdict::Feasible(vec![T::zero(); sys.dim])
    } else {
        completion::complete(sys, &proposer::propose(sys))?
    };
    confirm(sys, &verdict).then_some(verdict)
}
