//! The common-slack LP of a mixed system, solved exactly through its dual.
//!
//! Primal (the "τ-LP"), over `v` free and `τ`:
//!
//! ```text
//!     maximise τ   s.t.   a_j·v − τ ≥ b_j,   g_l·v ≥ h_l,   c_m·v = d_m,   τ ≤ 1.
//! ```
//!
//! `τ* > 0` gives a point with every strict row strict. Its dual, in standard form over
//! `λ, ν, μ⁺, μ⁻, σ ≥ 0` (`μ = μ⁺ − μ⁻` free):
//!
//! ```text
//!     minimise σ − Σλ_j b_j − Σν_l h_l − Σμ_m d_m
//!     s.t.     Σλ_j a_j + Σν_l g_l + Σμ_m c_m = 0,   Σλ_j + σ = 1,
//! ```
//!
//! is always feasible (`σ = 1`), so exactly one of three things happens (LP duality):
//! - optimum `> 0`: the primal optimum `τ* > 0`; the simplex multipliers `π` give `v = −π_{1..n}`;
//! - optimum `≤ 0`: the optimal `(λ, ν, μ, σ)` has `s = Σλb + Σνh + Σμd ≥ σ ≥ 0` with `σ > 0`
//!   (then `s > 0`) or `Σλ = 1` (then some `λ_j > 0`): a Motzkin certificate;
//! - unbounded: the ray has `Σλ + σ = 0`, so `λ = 0`, and `Σνg + Σμc = 0`, `Σνh + Σμd > 0`
//!   (Farkas). See `proofs/motzkin.md` §4.

use num_traits::{One, Signed, Zero};

use super::simplex::{LpResult, minimise};
use super::{LinearSystem, Motzkin, Verdict};
use relucert_exact::Q;

/// Decide `sys` exactly with the exact simplex method on the dual common-slack LP.
pub fn decide(sys: &LinearSystem) -> Verdict {
    let k = sys.dim;
    let ms = sys.strict.len();
    let mn = sys.nonstrict.len();
    let me = sys.equalities.len();
    if ms + mn + me == 0 {
        return Verdict::Feasible(vec![Q::zero(); k]);
    }
    // Columns: λ (ms), ν (mn), μ⁺ (me), μ⁻ (me), σ.
    let n = ms + mn + 2 * me + 1;
    let mut e = vec![vec![Q::zero(); n]; k + 1];
    let mut c = Vec::with_capacity(n);
    for (j, row) in sys
        .strict
        .iter()
        .chain(&sys.nonstrict)
        .chain(&sys.equalities)
        .enumerate()
    {
        for (i, a) in row.coeffs.iter().enumerate() {
            if !a.is_zero() {
                e[i][j] = a.clone();
            }
        }
        c.push(-row.rhs.clone());
    }
    for (m, row) in sys.equalities.iter().enumerate() {
        for (i, a) in row.coeffs.iter().enumerate() {
            if !a.is_zero() {
                e[i][ms + mn + me + m] = -a.clone();
            }
        }
        c.push(row.rhs.clone());
    }
    for x in e[k][..ms].iter_mut() {
        *x = Q::one();
    }
    e[k][n - 1] = Q::one();
    c.push(Q::one());
    let mut f = vec![Q::zero(); k + 1];
    f[k] = Q::one();

    let multipliers = |y: Vec<Q>| {
        let equalities = (0..me)
            .map(|m| y[ms + mn + m].clone() - &y[ms + mn + me + m])
            .collect();
        Verdict::Infeasible(Motzkin {
            strict: y[..ms].to_vec(),
            nonstrict: y[ms..ms + mn].to_vec(),
            equalities,
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
