//! The subglobal minimum of a cell combination (Liu eqs. (12)–(14); decomposition paper
//! eq. (7)): the least-squares solutions `R* = A⁺y + (I − A⁺A)c` of `A v ≈ y`, computed exactly.

use relucert_exact::{Q, QMatrix};

/// Exact least-squares data of one combination.
#[derive(Clone, Debug)]
pub struct LeastSquares {
    /// `rank(A)`.
    pub rank: usize,
    /// The Moore–Penrose pseudo-inverse `A⁺` (Liu eq. (12)); satisfies the Penrose equations.
    pub pinv: QMatrix,
    /// The least-squares solution of minimum norm, `R₀ = A⁺y`.
    pub r0: Vec<Q>,
    /// A basis of the null space of `A`: every solution is `R₀ + Σ t_j B_j`.
    pub null_basis: Vec<Vec<Q>>,
    /// `p − rank(A)`, the dimension of the solution set.
    pub solution_dim: usize,
    /// The subglobal loss `(1/N)‖AA⁺y − y‖²` (Liu eq. (14)).
    pub loss: Q,
}

/// Solve the least-squares problem exactly.
///
/// # Panics
/// If the computed `A⁺` fails a Penrose equation (an internal error of the exact algebra).
pub fn least_squares(a: &QMatrix, y: &[Q]) -> LeastSquares {
    let pinv = a.pseudo_inverse();
    assert!(
        a.is_pseudo_inverse(&pinv),
        "pseudo-inverse fails the Penrose equations"
    );
    let rank = a.rank();
    let r0 = pinv.mul_vec(y);
    let fitted = a.mul_vec(&r0);
    let residual: Vec<Q> = fitted.iter().zip(y).map(|(f, yi)| f - yi).collect();
    LeastSquares {
        rank,
        null_basis: a.null_space(),
        solution_dim: a.cols() - rank,
        loss: crate::model::mean_square(&residual),
        pinv,
        r0,
    }
}
