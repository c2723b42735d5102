//! Fraction-free (Bareiss) Gauss–Jordan elimination for [`Rat`] matrices whose rows scale to
//! machine integers — the normal equations `AᵀA v = Aᵀy` and `(AᵀA)⁻¹` of the cell stage.
//!
//! Each row of `[M | B]` is multiplied by the least common multiple of its denominators (an
//! equation times a non-zero number has the same solutions, so the solution set — and the
//! inverse — are unchanged; `proofs/fast-scalar.md` §"Fraction-free elimination"). The integer
//! matrix is then eliminated with the update `x ← (p·x − f·q) / det` (an exact division; every
//! entry is a minor of the scaled matrix), choosing pivots exactly as [`Matrix::rref`] does (the
//! first row with a non-zero entry in the next column); no gcd is taken until the end, where
//! each result `num / det` is reduced once. Every pivot row keeps `det` at its pivot column, so
//! the particular solution (free variables 0) is the one [`Matrix::solve`] returns: the two
//! give the same rationals (property-tested). When a row does not scale to machine integers,
//! the functions fall back to the [`Rat`] Gauss–Jordan methods.

use num_traits::{One, Zero};

use crate::matrix::Matrix;
use crate::small::Rat;
use crate::small_int::Int;

/// `[M | B]` with every row scaled to integers, or `None` when a denominator lcm or a scaled
/// entry does not fit an `i64`.
fn scaled_rows(m: &Matrix<Rat>, extra: &[&[Rat]]) -> Option<Vec<Vec<Int>>> {
    let cols = m.cols();
    let mut out = Vec::with_capacity(m.rows());
    for i in 0..m.rows() {
        let row = (0..cols).map(|j| &m[(i, j)]).chain(extra.iter().map(|e| &e[i]));
        let mut l: i64 = 1;
        for x in row.clone() {
            let (_, d) = x.small_parts()?;
            if d != 1 {
                l = lcm(l, d)?;
            }
        }
        out.push(
            row.map(|x| {
                let (n, d) = x.small_parts()?;
                Some(Int::int(n.checked_mul(l / d)?))
            })
            .collect::<Option<Vec<Int>>>()?,
        );
    }
    Some(out)
}

fn lcm(a: i64, b: i64) -> Option<i64> {
    let (mut x, mut y) = (a, b);
    while y != 0 {
        (x, y) = (y, x % y);
    }
    (a / x).checked_mul(b)
}

/// Fraction-free Gauss–Jordan on the first `cols` columns of `t`, in place. Returns the pivot
/// columns (one per pivot row, rows `0..rank` after the swaps) and the final `det`.
fn eliminate(t: &mut [Vec<Int>], cols: usize) -> (Vec<usize>, Int) {
    let rows = t.len();
    let mut det = Int::int(1);
    let mut pivots = Vec::new();
    for c in 0..cols {
        let r0 = pivots.len();
        if r0 == rows {
            break;
        }
        let Some(r) = (r0..rows).find(|&r| !t[r][c].is_zero()) else {
            continue;
        };
        t.swap(r, r0);
        let prow = std::mem::take(&mut t[r0]);
        let p = prow[c].clone();
        for (i, row) in t.iter_mut().enumerate() {
            if i == r0 {
                continue;
            }
            let f = row[c].clone();
            for (x, q) in row.iter_mut().zip(&prow) {
                if x.is_zero() && (f.is_zero() || q.is_zero()) {
                    continue;
                }
                *x = x.pivot_update(&p, &f, q, &det);
            }
        }
        t[r0] = prow;
        det = p;
        pivots.push(c);
    }
    (pivots, det)
}

/// `num / det` as a [`Rat`].
fn ratio(num: &Int, det: &Int) -> Rat {
    match (num, det) {
        (Int::Small(n), Int::Small(d)) => Rat::int(*n) / Rat::int(*d),
        _ => Rat::from_big(num_rational::BigRational::new(num.to_big(), det.to_big())),
    }
}

impl Matrix<Rat> {
    /// [`Matrix::solve`] by fraction-free elimination (the same solution: free variables 0).
    pub fn solve_fraction_free(&self, b: &[Rat]) -> Option<Vec<Rat>> {
        assert_eq!(b.len(), self.rows(), "solve: right-hand side length");
        let Some(mut t) = scaled_rows(self, &[b]) else {
            return self.solve(b);
        };
        let n = self.cols();
        let (pivots, det) = eliminate(&mut t, n);
        if t[pivots.len()..].iter().any(|row| !row[n].is_zero()) {
            return None;
        }
        let mut x = vec![Rat::zero(); n];
        for (r, &c) in pivots.iter().enumerate() {
            x[c] = ratio(&t[r][n], &det);
        }
        Some(x)
    }

    /// [`Matrix::inverse`] by fraction-free elimination (`None` when singular).
    pub fn inverse_fraction_free(&self) -> Option<Matrix<Rat>> {
        assert_eq!(self.rows(), self.cols(), "inverse of a non-square matrix");
        let n = self.rows();
        let identity: Vec<Vec<Rat>> = (0..n)
            .map(|j| {
                (0..n)
                    .map(|i| if i == j { Rat::one() } else { Rat::zero() })
                    .collect()
            })
            .collect();
        let columns: Vec<&[Rat]> = identity.iter().map(Vec::as_slice).collect();
        let Some(mut t) = scaled_rows(self, &columns) else {
            return self.inverse();
        };
        let (pivots, det) = eliminate(&mut t, n);
        if pivots.len() < n {
            return None;
        }
        let rows = t
            .iter()
            .map(|row| row[n..].iter().map(|x| ratio(x, &det)).collect())
            .collect();
        Some(Matrix::from_rows(rows, n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rat_matrix(rows: usize, cols: usize, v: &[(i64, i64)]) -> Matrix<Rat> {
        Matrix::from_rows(
            (0..rows)
                .map(|i| {
                    (0..cols)
                        .map(|j| {
                            let (n, d) = v[i * cols + j];
                            Rat::int(n) / Rat::int(d)
                        })
                        .collect()
                })
                .collect(),
            cols,
        )
    }

    fn entry() -> impl Strategy<Value = (i64, i64)> {
        prop_oneof![
            3 => (-3i64..=3, Just(1i64)),
            2 => (-40i64..=40, 1i64..=12),
            1 => (Just(0i64), Just(1i64)),
            1 => (-(1i64 << 40)..(1i64 << 40), 1i64..=(1i64 << 30)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Same solution (or the same inconsistency) as `Matrix::solve`, singular systems included.
        #[test]
        fn solve_matches_gauss_jordan(
            rows in 1usize..6, cols in 1usize..6,
            v in proptest::collection::vec(entry(), 36),
            b in proptest::collection::vec(entry(), 6),
            dup in any::<bool>(),
        ) {
            let mut m = rat_matrix(rows, cols, &v);
            if dup && rows > 1 {
                // A dependent row: singular, consistent or not.
                for j in 0..cols {
                    m[(rows - 1, j)] = m[(0, j)].clone() * Rat::int(2);
                }
            }
            let rhs: Vec<Rat> = b[..rows].iter().map(|&(n, d)| Rat::int(n) / Rat::int(d)).collect();
            prop_assert_eq!(m.solve_fraction_free(&rhs), m.solve(&rhs));
            let image = m.mul_vec(&rat_matrix(cols, 1, &v[..cols]).col(0));
            prop_assert_eq!(m.solve_fraction_free(&image), m.solve(&image));
        }

        /// Same inverse as `Matrix::inverse`, `None` exactly when singular.
        #[test]
        fn inverse_matches_gauss_jordan(n in 1usize..6, v in proptest::collection::vec(entry(), 36), dup in any::<bool>()) {
            let mut m = rat_matrix(n, n, &v);
            if dup && n > 1 {
                for j in 0..n {
                    m[(n - 1, j)] = m[(0, j)].clone();
                }
            }
            prop_assert_eq!(m.inverse_fraction_free(), m.inverse());
        }
    }

    #[test]
    fn big_entries_fall_back() {
        let big = Rat::int(i64::MAX) * Rat::int(3);
        let m = Matrix::from_rows(
            vec![vec![big.clone(), Rat::one()], vec![Rat::one(), Rat::int(2)]],
            2,
        );
        let b = vec![Rat::one(), big];
        assert_eq!(m.solve_fraction_free(&b), m.solve(&b));
        assert_eq!(m.inverse_fraction_free(), m.inverse());
    }
}
