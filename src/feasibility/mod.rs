//! Exact feasibility of mixed strict / non-strict / equality linear systems, with certificates
//! both ways: a rational point, or a Motzkin transposition certificate of infeasibility.
//!
//! A float LP (good_lp + microlp) may *propose* the answer; exact arithmetic always confirms it,
//! and an exact method takes over when the proposal does not check out.

use crate::exact::Q;

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
