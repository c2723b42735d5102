//! The design matrix `A` of a cell combination (Liu eqs. (10)–(11); decomposition paper
//! eqs. (4)–(7)). With unit `k` in chamber `C_k`, row `i` of `A` is
//! `(a_i1 x_iᵀ, …, a_iK x_iᵀ [, 1])`, where `a_ik = 1` when `C_k` has `+` at sample `i` and
//! `a_ik = α` otherwise; the last column (all ones) is there only with an output bias. Then
//! the network output on sample `i` is `(A v)_i` for `v = (R_1, …, R_K [, c])`, `R_k = z_k w_k`.

use num_traits::{One, Zero};

use super::Chamber;
use crate::instance::Instance;
use relucert_exact::{Matrix, Q, QMatrix, Rat};

/// The number of columns `p = K d [+1]` of `A` (the length of `v = (R [, c])`).
pub fn columns(inst: &Instance) -> usize {
    inst.hidden * inst.d() + usize::from(inst.output_bias)
}

/// Build `A` for the chambers `units[k]` of the hidden units.
pub fn design_matrix(inst: &Instance, units: &[&Chamber]) -> QMatrix {
    let d = inst.d();
    let p = columns(inst);
    let mut a = QMatrix::zeros(inst.n(), p);
    for (i, x) in inst.x.iter().enumerate() {
        for (k, chamber) in units.iter().enumerate() {
            let factor = if chamber.signs[i] > 0 {
                Q::one()
            } else {
                inst.alpha.clone()
            };
            if factor.is_zero() {
                continue;
            }
            for (t, xt) in x.iter().enumerate() {
                a[(i, k * d + t)] = &factor * xt;
            }
        }
        if inst.output_bias {
            a[(i, p - 1)] = Q::one();
        }
    }
    a
}

/// The instance's numbers as [`Rat`] (machine words unless a number does not fit), converted
/// once per run so the per-cell algebra never touches a big integer on ordinary data.
#[derive(Clone, Debug)]
pub struct SmallData {
    /// The samples (after bias augmentation).
    pub x: Vec<Vec<Rat>>,
    /// The labels.
    pub y: Vec<Rat>,
    /// The leaky slope `α`.
    pub alpha: Rat,
}

impl SmallData {
    /// Convert the instance's numbers.
    pub fn new(inst: &Instance) -> Self {
        SmallData {
            x: inst
                .x
                .iter()
                .map(|r| r.iter().map(Rat::from_q).collect())
                .collect(),
            y: inst.y.iter().map(Rat::from_q).collect(),
            alpha: Rat::from_q(&inst.alpha),
        }
    }
}

/// [`design_matrix`] over [`Rat`] (the same entries).
pub fn design_matrix_small(inst: &Instance, data: &SmallData, units: &[&Chamber]) -> Matrix<Rat> {
    let d = inst.d();
    let p = columns(inst);
    let mut a = Matrix::<Rat>::zeros(inst.n(), p);
    for (i, x) in data.x.iter().enumerate() {
        for (k, chamber) in units.iter().enumerate() {
            if chamber.signs[i] > 0 {
                for (t, xt) in x.iter().enumerate() {
                    a[(i, k * d + t)] = xt.clone();
                }
            } else if !data.alpha.is_zero() {
                for (t, xt) in x.iter().enumerate() {
                    a[(i, k * d + t)] = &data.alpha * xt;
                }
            }
        }
        if inst.output_bias {
            a[(i, p - 1)] = Rat::one();
        }
    }
    a
}
