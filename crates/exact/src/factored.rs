//! One elimination, many right-hand sides: Gauss–Jordan on `[M | I]` records the row
//! operations `E` with `E M = rref(M)`, after which each consistent solve `M v = b` is one
//! product `E b` (the same answer as [`Matrix::solve`]: the reduced row echelon form of
//! `[M | b]` is `[rref(M) | E b]` when the system is consistent, and the free variables are 0).

use crate::field::Field;
use crate::matrix::{Matrix, Rref};

/// `M` reduced once, ready to solve `M v = b` for many `b`.
#[derive(Clone, Debug)]
pub struct Factored<T> {
    /// `E` (`rows × rows`) with `E M = rref(M)`.
    transform: Matrix<T>,
    /// Pivot columns of `rref(M)`.
    pivots: Vec<usize>,
    cols: usize,
}

impl<T: Field> Matrix<T> {
    /// Reduce once for repeated [`Factored::solve`].
    pub fn factor(&self) -> Factored<T> {
        let (n, p) = (self.rows(), self.cols());
        let mut aug = Matrix::zeros(n, p + n);
        for i in 0..n {
            for j in 0..p {
                aug[(i, j)] = self[(i, j)].clone();
            }
            aug[(i, p + i)] = T::one();
        }
        let Rref { matrix, pivots } = aug.rref();
        // Pivots in the identity block only occur below the rank of M (rows of zeros in M).
        let pivots: Vec<usize> = pivots.into_iter().filter(|&c| c < p).collect();
        let mut transform = Matrix::zeros(n, n);
        for i in 0..n {
            for j in 0..n {
                transform[(i, j)] = matrix[(i, p + j)].clone();
            }
        }
        Factored {
            transform,
            pivots,
            cols: p,
        }
    }
}

impl<T: Field> Factored<T> {
    /// The rank of `M`.
    pub fn rank(&self) -> usize {
        self.pivots.len()
    }

    /// A solution of `M v = b` with the free variables 0, or `None` when inconsistent.
    pub fn solve(&self, b: &[T]) -> Option<Vec<T>> {
        let c = self.transform.mul_vec(b);
        if c[self.pivots.len()..].iter().any(|x| !x.is_zero()) {
            return None;
        }
        let mut v = vec![T::zero(); self.cols];
        for (r, &p) in self.pivots.iter().enumerate() {
            v[p] = c[r].clone();
        }
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rat;
    use proptest::prelude::*;

    proptest! {
        /// The same answer as a fresh elimination, consistent or not, any rank.
        #[test]
        fn factored_solve_equals_solve(
            n in 1usize..5, p in 1usize..5,
            entries in proptest::collection::vec(-3i64..4, 25),
            rhs in proptest::collection::vec(-5i64..6, 5),
            dependent in any::<bool>(),
        ) {
            let mut rows: Vec<Vec<Rat>> = (0..n)
                .map(|i| (0..p).map(|j| Rat::int(entries[i * 5 + j])).collect())
                .collect();
            if dependent && n > 1 {
                rows[n - 1] = rows[0].iter().zip(&rows[1]).map(|(a, b)| a + b).collect();
            }
            let m = Matrix::from_rows(rows, p);
            let b: Vec<Rat> = rhs[..n].iter().map(|&v| Rat::int(v)).collect();
            let f = m.factor();
            prop_assert_eq!(f.rank(), m.rank());
            prop_assert_eq!(f.solve(&b), m.solve(&b));
            // A right-hand side in the range is always solvable.
            let x: Vec<Rat> = (0..p).map(|j| Rat::int(rhs[j % 5] - 1)).collect();
            let mb = m.mul_vec(&x);
            let v = f.solve(&mb).expect("consistent");
            prop_assert_eq!(m.mul_vec(&v), mb);
        }
    }
}
