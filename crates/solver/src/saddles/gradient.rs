//! The least-squares fit of the units of `S` alone and the gradients `∂L/∂R_j` it leaves on
//! the other units (Liu eqs. (19)–(20)).
//!
//! With `z_j = 0` for `j ∉ S`, the network output on sample `i` is `(A_S v)_i`,
//! `v = (R_S [, c])`, where `A_S` is the design matrix of the units of `S` (and the bias
//! column). `∂L/∂R_k = 0` for `k ∈ S` (and `∂L/∂c = 0`) are the normal equations of `A_S`, whose
//! solutions all leave the same residual `e = A_S v − y`. For every unit `j` the gradient is
//! `∂L/∂R_j = (2/N) G_j` with `G_j = Σ_i e_i a_ij x_i` (`a_ij = 1` on `+` samples of its
//! chamber, `α` otherwise); the records carry `G_j`, without the factor `2/N`.

use num_traits::{One, Zero};

use crate::cells::Chamber;
use crate::cells::design::design_matrix;
use crate::cells::subglobal::{LeastSquares, least_squares};
use crate::instance::Instance;
use relucert_exact::{Q, QMatrix};

/// The instance restricted to the units of `S` (`hidden = |S|`, possibly 0). Only used to build
/// design matrices and genuineness systems; it is not validated.
pub fn sub_instance(inst: &Instance, size: usize) -> Instance {
    Instance {
        hidden: size,
        ..inst.clone()
    }
}

/// The fit of the units of `S` (chambers `units`).
pub struct SubsetFit {
    /// The design matrix `A_S` (`N × (|S| d [+1])`).
    pub a: QMatrix,
    /// Its least-squares data; `None` when `A_S` has no columns (`S = ∅`, no output bias).
    pub least_squares: Option<LeastSquares>,
    /// A solution `v` of the normal equations (`R₀ = A_S⁺ y`; empty without columns).
    pub v: Vec<Q>,
    /// The residual `e = A_S v − y`.
    pub residual: Vec<Q>,
}

/// Fit the units of `S` exactly.
pub fn fit(inst: &Instance, units: &[&Chamber]) -> SubsetFit {
    let sub = sub_instance(inst, units.len());
    let a = design_matrix(&sub, units);
    if a.cols() == 0 {
        let residual = inst.y.iter().map(|y| -y.clone()).collect();
        return SubsetFit {
            a,
            least_squares: None,
            v: Vec::new(),
            residual,
        };
    }
    let ls = least_squares(&a, &inst.y);
    let residual = a
        .mul_vec(&ls.r0)
        .iter()
        .zip(&inst.y)
        .map(|(f, y)| f - y)
        .collect();
    SubsetFit {
        a,
        v: ls.r0.clone(),
        least_squares: Some(ls),
        residual,
    }
}

/// `G_j = Σ_i e_i a_ij x_i` for a unit in `chamber`.
pub fn unit_gradient(inst: &Instance, chamber: &Chamber, residual: &[Q]) -> Vec<Q> {
    let mut g = vec![Q::zero(); inst.d()];
    for (i, x) in inst.x.iter().enumerate() {
        if residual[i].is_zero() {
            continue;
        }
        let factor = if chamber.signs[i] > 0 {
            residual[i].clone()
        } else {
            &residual[i] * &inst.alpha
        };
        if factor.is_zero() {
            continue;
        }
        for (gt, xt) in g.iter_mut().zip(x) {
            *gt += &factor * xt;
        }
    }
    g
}

/// The activation factor of sample `i` for a unit in `chamber`: `1` on `+`, `α` otherwise.
pub fn activation(inst: &Instance, chamber: &Chamber, i: usize) -> Q {
    if chamber.signs[i] > 0 {
        Q::one()
    } else {
        inst.alpha.clone()
    }
}
