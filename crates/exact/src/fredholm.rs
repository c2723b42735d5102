//! The Fredholm alternative for linear equations, with the certificate either way: either
//! `M t = b` has a solution — then every solution is `t₀ + Σ u_j C_j` — or some `y` has
//! `yᵀM = 0` and `yᵀb = 1`, which proves that none exists.
//!
//! One Gauss–Jordan elimination of `[M | b | I]` gives both: every row of the reduced matrix is
//! `yᵀ[M | b | I]` for the `y` in its last block, so a row that reads `[0 … 0 | 1 | y]` is the
//! certificate, and otherwise the pivots give `t₀` and the kernel as usual.

use crate::field::Field;
use crate::matrix::Matrix;

/// Which side of the alternative holds for `M t = b`.
#[derive(Clone, Debug, PartialEq)]
pub enum Alternative<T> {
    /// `M t = b` is solvable: the solutions are `particular + span(kernel)`; `kernel` is a
    /// basis of `ker M` (empty when the solution is unique).
    Solvable { particular: Vec<T>, kernel: Vec<Vec<T>> },
    /// `yᵀM = 0` and `yᵀb = 1` (one entry of `y` per row of `M`).
    Inconsistent(Vec<T>),
}

impl<T: Field> Matrix<T> {
    /// Decide `self · t = b` exactly ([`Alternative`]).
    ///
    /// # Panics
    /// When `b.len()` differs from the number of rows.
    pub fn solve_or_refute(&self, b: &[T]) -> Alternative<T> {
        let (rows, cols) = (self.rows(), self.cols());
        assert_eq!(b.len(), rows, "shape mismatch in Matrix::solve_or_refute");
        let mut aug = Matrix::zeros(rows, cols + 1 + rows);
        for i in 0..rows {
            for j in 0..cols {
                aug[(i, j)] = self[(i, j)].clone();
            }
            aug[(i, cols)] = b[i].clone();
            aug[(i, cols + 1 + i)] = T::one();
        }
        let reduced = aug.rref();
        if let Some(r) = reduced.pivots.iter().position(|&p| p == cols) {
            // Row r is [0 … 0 | 1 | y]: the pivot of the b column is 1 after Gauss–Jordan.
            let y = (0..rows)
                .map(|i| reduced.matrix[(r, cols + 1 + i)].clone())
                .collect();
            return Alternative::Inconsistent(y);
        }
        let pivots: Vec<usize> = reduced.pivots.iter().copied().filter(|&p| p < cols).collect();
        let mut particular = vec![T::zero(); cols];
        for (r, &p) in pivots.iter().enumerate() {
            particular[p] = reduced.matrix[(r, cols)].clone();
        }
        let mut is_pivot = vec![false; cols];
        for &p in &pivots {
            is_pivot[p] = true;
        }
        let kernel = (0..cols)
            .filter(|&j| !is_pivot[j])
            .map(|free| {
                let mut v = vec![T::zero(); cols];
                v[free] = T::one();
                for (r, &p) in pivots.iter().enumerate() {
                    v[p] = -reduced.matrix[(r, free)].clone();
                }
                v
            })
            .collect();
        Alternative::Solvable { particular, kernel }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Rat;
    use crate::matrix::dot;
    use num_traits::Zero;
    use proptest::prelude::*;

    fn m(rows: &[&[i64]]) -> Matrix<Rat> {
        let cols = rows.first().map_or(0, |r| r.len());
        Matrix::from_rows(
            rows.iter()
                .map(|r| r.iter().map(|&v| Rat::int(v)).collect())
                .collect(),
            cols,
        )
    }

    fn ints(v: &[i64]) -> Vec<Rat> {
        v.iter().map(|&x| Rat::int(x)).collect()
    }

    #[test]
    fn inconsistent_pair_gets_its_certificate() {
        // t1 + t2 = 1 and 2 t1 + 2 t2 = 3: y = (-2, 1) gives yᵀM = 0, yᵀb = 1.
        let a = m(&[&[1, 1], &[2, 2]]);
        assert_eq!(
            a.solve_or_refute(&ints(&[1, 3])),
            Alternative::Inconsistent(ints(&[-2, 1]))
        );
    }

    #[test]
    fn solvable_system_gives_particular_and_kernel() {
        let a = m(&[&[1, 1, 0], &[0, 0, 1]]);
        match a.solve_or_refute(&ints(&[2, 5])) {
            Alternative::Solvable { particular, kernel } => {
                assert_eq!(particular, ints(&[2, 0, 5]));
                assert_eq!(kernel, vec![ints(&[-1, 1, 0])]);
            }
            other => panic!("expected solvable, got {other:?}"),
        }
    }

    #[test]
    fn empty_system_is_solvable_with_full_kernel() {
        let a: Matrix<Rat> = Matrix::zeros(0, 2);
        match a.solve_or_refute(&[]) {
            Alternative::Solvable { particular, kernel } => {
                assert_eq!(particular, ints(&[0, 0]));
                assert_eq!(kernel.len(), 2);
            }
            other => panic!("expected solvable, got {other:?}"),
        }
    }

    proptest! {
        /// Either side of the alternative is checked against its definition on random small
        /// systems, many of them rank deficient (entries in -2..=2).
        #[test]
        fn either_side_is_a_proof(
            rows in 1usize..5,
            cols in 1usize..5,
            entries in proptest::collection::vec(-2i64..=2, 25),
            rhs in proptest::collection::vec(-3i64..=3, 5),
        ) {
            let a = Matrix::from_rows(
                (0..rows).map(|i| (0..cols).map(|j| Rat::int(entries[i * 5 + j])).collect()).collect(),
                cols,
            );
            let b = ints(&rhs[..rows]);
            match a.solve_or_refute(&b) {
                Alternative::Solvable { particular, kernel } => {
                    prop_assert_eq!(a.mul_vec(&particular), b.clone());
                    prop_assert_eq!(kernel.len(), cols - a.rank());
                    for k in &kernel {
                        prop_assert!(a.mul_vec(k).iter().all(Zero::is_zero));
                    }
                }
                Alternative::Inconsistent(y) => {
                    prop_assert!(a.solve(&b).is_none());
                    for j in 0..cols {
                        prop_assert!(dot(&y, &a.col(j)).is_zero());
                    }
                    prop_assert_eq!(dot(&y, &b), Rat::int(1));
                }
            }
        }
    }
}
