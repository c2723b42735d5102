//! Liu eq. (21): a unit `j ∉ S` of a saddle point has `z_j = 0` and `w_j` in its open chamber
//! on the hyperplane orthogonal to `∂L/∂R_j`. The system over `w ∈ Q^d`, rows in this order
//! (`docs/certificate-format.md`):
//!
//! * strict rows `σ_i x_i·w > 0` for every sample with `x_i ≠ 0` (increasing `i`), `σ_i = ±1`
//!   the chamber's sign at sample `i`;
//! * no non-strict rows;
//! * one equality `G_j·w = 0`.

use num_traits::Zero;

use crate::cells::Chamber;
use crate::feasibility::{Constraint, LinearSystem};
use relucert_exact::Q;

/// The system of a unit in `chamber` with gradient `g`.
pub fn hyperplane_system(x: &[Vec<Q>], chamber: &Chamber, g: &[Q]) -> LinearSystem {
    let d = g.len();
    let strict = x
        .iter()
        .zip(&chamber.signs)
        .filter(|(_, s)| **s != 0)
        .map(|(xi, &s)| Constraint {
            coeffs: xi
                .iter()
                .map(|v| if s > 0 { v.clone() } else { -v.clone() })
                .collect(),
            rhs: Q::zero(),
        })
        .collect();
    LinearSystem {
        dim: d,
        strict,
        nonstrict: Vec::new(),
        equalities: vec![Constraint {
            coeffs: g.to_vec(),
            rhs: Q::zero(),
        }],
    }
}
