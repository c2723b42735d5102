//! The exact minimum of the hinge loss of one cell combination over all `v = (R [, c])`:
//! with the activation pattern fixed, `f(x_i) = (A v)_i` (`A` the design matrix of Liu
//! eq. (11)), and `L_C(v) = (1/N) Σ max(0, 1 − y_i (A v)_i)` is convex and piecewise linear.
//! Its minimum is the linear program
//!
//! ```text
//!   minimise (1/N) Σ ξ_i   s.t.  ξ_i + y_i A_i v ≥ 1,  ξ ≥ 0          (primal)
//!   maximise Σ π_i          s.t.  Σ_i π_i y_i A_i = 0,  0 ≤ π_i ≤ 1/N  (dual)
//! ```
//!
//! solved by the exact simplex method ([`crate::feasibility::simplex`]) in standard form
//! (`v = v⁺ − v⁻`, a surplus per row). The answer carries both: a minimiser `v*` and dual
//! multipliers `π` with `Σ π_i = L_C(v*)`; [`verify_optimality`] checks them exactly
//! (weak duality: `L_C(v) ≥ Σ π_i (1 − y_i A_i v) = Σ π_i` for every `v`).

use num_traits::{Signed, Zero};

use super::loss::hinge_of_outputs;
use crate::feasibility::simplex::{LpResult, minimise};
use relucert_exact::{Q, QMatrix};

/// The exact minimum of `L_C` with its two-sided proof.
#[derive(Clone, Debug, PartialEq)]
pub struct CellMinimum {
    /// `min_v L_C(v)`.
    pub value: Q,
    /// A minimiser.
    pub v: Vec<Q>,
    /// Dual multipliers `π_i ∈ [0, 1/N]` with `Σ π_i y_i A_i = 0` and `Σ π_i = value`.
    pub pi: Vec<Q>,
}

/// Solve the LP of the module docs exactly.
///
/// # Panics
/// If the simplex answer fails [`verify_optimality`] (a bug), or reports the always feasible,
/// bounded LP as infeasible or unbounded.
pub fn cell_minimum(a: &QMatrix, y: &[Q]) -> CellMinimum {
    let (n, p) = (a.rows(), a.cols());
    let nq = Q::from_integer((n as i64).into());
    let mut e = Vec::with_capacity(n);
    for i in 0..n {
        let mut row = vec![Q::zero(); 2 * p + 2 * n];
        for j in 0..p {
            let c = &y[i] * &a[(i, j)];
            row[p + j] = -c.clone();
            row[j] = c;
        }
        row[2 * p + i] = Q::from_integer(1.into());
        row[2 * p + n + i] = Q::from_integer((-1).into());
        e.push(row);
    }
    let f = vec![Q::from_integer(1.into()); n];
    let mut c = vec![Q::zero(); 2 * p + 2 * n];
    for ci in c.iter_mut().skip(2 * p).take(n) {
        *ci = Q::from_integer(1.into()) / &nq;
    }
    let LpResult::Optimal { y: sol, value, duals } = minimise(&e, &f, &c) else {
        panic!("hinge cell LP: feasible (v = 0, ξ = 1) and bounded below by 0");
    };
    let v: Vec<Q> = (0..p).map(|j| &sol[j] - &sol[p + j]).collect();
    let out = CellMinimum { value, v, pi: duals };
    assert!(
        verify_optimality(a, y, &out),
        "hinge cell LP: the exact answer fails its own check (a bug)"
    );
    out
}

/// Exact check of a [`CellMinimum`]: `L_C(v) = value`, `0 ≤ π_i ≤ 1/N`, `Σ π_i y_i A_i = 0`,
/// `Σ π_i = value`.
pub fn verify_optimality(a: &QMatrix, y: &[Q], m: &CellMinimum) -> bool {
    let (n, p) = (a.rows(), a.cols());
    if m.v.len() != p || m.pi.len() != n {
        return false;
    }
    let cap = Q::from_integer(1.into()) / Q::from_integer((n as i64).into());
    if m.pi.iter().any(|x| x.is_negative() || *x > cap) {
        return false;
    }
    let balance = (0..p).all(|j| (0..n).map(|i| &m.pi[i] * &y[i] * &a[(i, j)]).sum::<Q>().is_zero());
    let sum: Q = m.pi.iter().sum();
    balance && sum == m.value && hinge_of_outputs(y, &a.mul_vec(&m.v)) == m.value
}
