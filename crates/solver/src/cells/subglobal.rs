//! The subglobal minimum of a cell combination (Liu eqs. (12)–(14); decomposition paper
//! eq. (7)): the least-squares solutions `R* = A⁺y + (I − A⁺A)c` of `A v ≈ y`, computed exactly.
//!
//! The certificate rests on the normal equations `AᵀA v = Aᵀy` (SPEC §3), so the per-cell work
//! is one elimination of `A` (rank and null-space basis) and one consistent solve of the normal
//! equations; `R₀ = A⁺y` is that solution with its null-space component removed (the unique
//! least-squares solution orthogonal to `ker A`, which is `A⁺y`). The pseudo-inverse itself
//! (Liu eq. (12)) is computed only on request ([`pseudo_inverse`], `--least-squares`).

use num_traits::Zero;
use relucert_exact::{Field, Matrix, Q, QMatrix, Rat};

/// Exact least-squares data of one combination.
#[derive(Clone, Debug)]
pub struct LeastSquares {
    /// `rank(A)`.
    pub rank: usize,
    /// The Moore–Penrose pseudo-inverse `A⁺` (Liu eq. (12)), only when asked for
    /// (`--least-squares`, [`pseudo_inverse`]); satisfies the Penrose equations.
    pub pinv: Option<QMatrix>,
    /// The least-squares solution of minimum norm, `R₀ = A⁺y`.
    pub r0: Vec<Q>,
    /// A basis of the null space of `A`: every solution is `R₀ + Σ t_j B_j`.
    pub null_basis: Vec<Vec<Q>>,
    /// `p − rank(A)`, the dimension of the solution set.
    pub solution_dim: usize,
    /// The subglobal loss `(1/N)‖AA⁺y − y‖²` (Liu eq. (14)).
    pub loss: Q,
}

/// The same data over [`Rat`], as the cell stage computes it.
#[derive(Clone, Debug)]
pub struct SmallLeastSquares {
    pub rank: usize,
    pub r0: Vec<Rat>,
    pub null_basis: Vec<Vec<Rat>>,
    pub loss: Rat,
}

impl SmallLeastSquares {
    /// As [`LeastSquares`] (no pseudo-inverse).
    pub fn to_q(&self, p: usize) -> LeastSquares {
        LeastSquares {
            rank: self.rank,
            pinv: None,
            r0: self.r0.iter().map(Rat::to_q).collect(),
            null_basis: self
                .null_basis
                .iter()
                .map(|b| b.iter().map(Rat::to_q).collect())
                .collect(),
            solution_dim: p - self.rank,
            loss: self.loss.to_q(),
        }
    }
}

/// Solve the least-squares problem exactly, given `AᵀA` and `Aᵀy`.
///
/// # Panics
/// If the normal equations are inconsistent (impossible: `Aᵀy` lies in the range of `AᵀA`).
pub fn least_squares_small(a: &Matrix<Rat>, y: &[Rat], gram: &Matrix<Rat>, aty: &[Rat]) -> SmallLeastSquares {
    let rref = a.rref();
    let null_basis = rref.null_space();
    // Fraction-free on the row-scaled integer system (the same solution as `gram.solve`).
    let v = gram
        .solve_fraction_free(aty)
        .expect("the normal equations are consistent");
    let r0 = min_norm(v, &null_basis);
    let fitted = a.mul_vec(&r0);
    let mut sum = Rat::from_i64(0);
    for (f, yi) in fitted.iter().zip(y) {
        let e = f - yi;
        sum = sum + &e * &e;
    }
    let loss = if y.is_empty() {
        sum
    } else {
        sum / Rat::from_i64(y.len() as i64)
    };
    SmallLeastSquares {
        rank: rref.rank(),
        r0,
        null_basis,
        loss,
    }
}

/// The solution `v − N c` of the normal equations orthogonal to `ker A = span(N)`, with
/// `(NᵀN) c = Nᵀv` (`NᵀN` is invertible: the basis is independent). It is `A⁺y`: a least-squares
/// solution in `(ker A)^⊥ = row(A)`, which is unique.
fn min_norm(v: Vec<Rat>, null_basis: &[Vec<Rat>]) -> Vec<Rat> {
    if null_basis.is_empty() {
        return v;
    }
    let m = null_basis.len();
    let ntn = Matrix::from_rows(
        (0..m)
            .map(|i| {
                (0..m)
                    .map(|j| Rat::sum_of_products(&null_basis[i], &null_basis[j]))
                    .collect()
            })
            .collect(),
        m,
    );
    let ntv: Vec<Rat> = null_basis.iter().map(|b| Rat::sum_of_products(b, &v)).collect();
    let c = ntn.solve_fraction_free(&ntv).expect("NᵀN is invertible");
    let mut r0 = v;
    for (cj, b) in c.iter().zip(null_basis) {
        if cj.is_zero() {
            continue;
        }
        for (x, bt) in r0.iter_mut().zip(b) {
            if !bt.is_zero() {
                *x -= &(cj * bt);
            }
        }
    }
    r0
}

/// Solve the least-squares problem exactly, with the pseudo-inverse (the `--least-squares` data).
///
/// # Panics
/// If the computed `A⁺` fails a Penrose equation, or `A⁺y` differs from the `R₀` of the normal
/// equations (internal errors of the exact algebra).
pub fn least_squares(a: &QMatrix, y: &[Q]) -> LeastSquares {
    let ar = a.map(Rat::from_q);
    let yr: Vec<Rat> = y.iter().map(Rat::from_q).collect();
    let at = ar.transpose();
    let small = least_squares_small(&ar, &yr, &at.mul(&ar), &at.mul_vec(&yr));
    let mut ls = small.to_q(a.cols());
    ls.pinv = Some(pseudo_inverse(&ar, &small.r0, &yr));
    ls
}

/// The Moore–Penrose pseudo-inverse of `A` (Liu eq. (12)), checked against the four Penrose
/// equations and against `R₀ = A⁺y`.
///
/// # Panics
/// When a check fails (an internal error of the exact algebra).
pub fn pseudo_inverse(a: &Matrix<Rat>, r0: &[Rat], y: &[Rat]) -> QMatrix {
    let pinv = a.pseudo_inverse();
    assert!(
        a.is_pseudo_inverse(&pinv),
        "pseudo-inverse fails the Penrose equations"
    );
    assert!(
        pinv.mul_vec(y) == r0,
        "A⁺y differs from the minimum-norm solution"
    );
    pinv.map(Rat::to_q)
}
