//! The common-slack LP for a system without equalities, solved exactly through its dual.
//!
//! Primal (the "τ-LP"), over `t` free and `τ`:
//!
//! ```text
//!     maximise τ   s.t.   a_j·t − τ ≥ b_j,   g_l·t ≥ h_l,   τ ≤ 1.
//! ```
//!
//! `τ* > 0` gives a point with every strict row strict. Its dual, in standard form over
//! `λ, ν, σ ≥ 0`:
//!
//! ```text
//!     minimise σ − Σλ_j b_j − Σν_l h_l   s.t.   Σλ_j a_j + Σν_l g_l = 0,   Σλ_j + σ = 1,
//! ```
//!
//! is always feasible (`σ = 1`), so exactly one of three things happens (LP duality):
//! - optimum `> 0`: the primal optimum `τ* > 0`; the simplex multipliers `π` give `t = −π_{1..k}`;
//! - optimum `≤ 0`: the optimal `(λ, ν, σ)` has `s = Σλb + Σνh ≥ σ ≥ 0` with `σ > 0` (then
//!   `s > 0`) or `Σλ = 1` (then some `λ_j > 0`): a Motzkin certificate;
//! - unbounded: the ray has `Σλ + σ = 0`, so `λ = 0`, and `Σν g = 0`, `Σν h > 0` (Farkas).

use num_traits::{One, Signed, Zero};

use super::simplex::{LpResult, minimise};
use super::{LinearSystem, Verdict};
use crate::exact::Q;

/// Decide a system without equalities exactly. The returned verdict is for `sys` itself (the
/// Motzkin equality multipliers are empty).
pub fn decide_without_equalities(sys: &LinearSystem) -> Verdict {
    debug_assert!(sys.equalities.is_empty());
    let k = sys.dim;
    let ms = sys.strict.len();
    let mn = sys.nonstrict.len();
    if ms + mn == 0 {
        return Verdict::Feasible(vec![Q::zero(); k]);
    }
    let n = ms + mn + 1;
    let mut e = vec![vec![Q::zero(); n]; k + 1];
    for (j, row) in sys.strict.iter().chain(&sys.nonstrict).enumerate() {
        for (i, a) in row.coeffs.iter().enumerate() {
            e[i][j] = a.clone();
        }
    }
    for x in e[k][..ms].iter_mut() {
        *x = Q::one();
    }
    e[k][n - 1] = Q::one();
    let mut f = vec![Q::zero(); k + 1];
    f[k] = Q::one();
    let mut c: Vec<Q> = sys
        .strict
        .iter()
        .chain(&sys.nonstrict)
        .map(|r| -r.rhs.clone())
        .collect();
    c.push(Q::one());

    let multipliers = |y: Vec<Q>| {
        let mut strict = y;
        let nonstrict = strict[ms..ms + mn].to_vec();
        strict.truncate(ms);
        Verdict::Infeasible(super::Motzkin {
            strict,
            nonstrict,
            equalities: Vec::new(),
        })
    };
    match minimise(&e, &f, &c) {
        LpResult::Optimal { y, value, duals } => {
            if value.is_positive() {
                Verdict::Feasible(duals[..k].iter().map(|p| -p.clone()).collect())
            } else {
                multipliers(y)
            }
        }
        LpResult::Unbounded { ray, .. } => multipliers(ray),
        LpResult::Infeasible => unreachable!("the dual common-slack LP is feasible (σ = 1)"),
    }
}
