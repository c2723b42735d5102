//! Dense matrices over an exact field: products, transpose, reduced row echelon form, rank,
//! null space, consistent solves, inverse and the Moore–Penrose pseudo-inverse.

use std::fmt;

use super::field::Field;

/// A dense row-major matrix over an exact field.
#[derive(Clone, PartialEq)]
pub struct Matrix<T> {
    rows: usize,
    cols: usize,
    data: Vec<T>,
}

/// The reduced row echelon form of a matrix together with its pivot columns.
#[derive(Clone, Debug)]
pub struct Rref<T> {
    /// The reduced matrix (same shape as the input).
    pub matrix: Matrix<T>,
    /// Pivot column of each non-zero row, increasing; `pivots.len()` is the rank.
    pub pivots: Vec<usize>,
}

impl<T: Field> Rref<T> {
    /// The rank (the number of pivots).
    pub fn rank(&self) -> usize {
        self.pivots.len()
    }

    /// The null-space basis of the reduced matrix (that of the original): one vector per free
    /// column (the free column's entry is 1, the other free entries 0).
    pub fn null_space(&self) -> Vec<Vec<T>> {
        let cols = self.matrix.cols;
        let mut basis = Vec::new();
        let mut is_pivot = vec![false; cols];
        for &p in &self.pivots {
            is_pivot[p] = true;
        }
        for free in (0..cols).filter(|&j| !is_pivot[j]) {
            let mut v = vec![T::zero(); cols];
            v[free] = T::one();
            for (r, &p) in self.pivots.iter().enumerate() {
                v[p] = -self.matrix[(r, free)].clone();
            }
            basis.push(v);
        }
        basis
    }
}

impl<T: Field> Matrix<T> {
    /// Map every entry (e.g. to change the scalar type).
    pub fn map<U: Field>(&self, f: impl Fn(&T) -> U) -> Matrix<U> {
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data: self.data.iter().map(f).collect(),
        }
    }

    /// The `rows × cols` zero matrix.
    pub fn zeros(rows: usize, cols: usize) -> Self {
        Matrix {
            rows,
            cols,
            data: vec![T::zero(); rows * cols],
        }
    }

    /// The `n × n` identity.
    pub fn identity(n: usize) -> Self {
        let mut m = Self::zeros(n, n);
        for i in 0..n {
            m[(i, i)] = T::one();
        }
        m
    }

    /// Build from rows; every row must have `cols` entries.
    ///
    /// # Panics
    /// When the rows are ragged (a programming error: user input is validated before).
    pub fn from_rows(rows: Vec<Vec<T>>, cols: usize) -> Self {
        let n = rows.len();
        let mut data = Vec::with_capacity(n * cols);
        for r in rows {
            assert_eq!(r.len(), cols, "ragged rows in Matrix::from_rows");
            data.extend(r);
        }
        Matrix { rows: n, cols, data }
    }

    /// A single column.
    pub fn column(v: Vec<T>) -> Self {
        let n = v.len();
        Matrix {
            rows: n,
            cols: 1,
            data: v,
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `i` as a slice.
    pub fn row(&self, i: usize) -> &[T] {
        &self.data[i * self.cols..(i + 1) * self.cols]
    }

    /// Column `j` as a vector.
    pub fn col(&self, j: usize) -> Vec<T> {
        (0..self.rows).map(|i| self[(i, j)].clone()).collect()
    }

    /// All rows as vectors.
    pub fn to_rows(&self) -> Vec<Vec<T>> {
        (0..self.rows).map(|i| self.row(i).to_vec()).collect()
    }

    /// The transpose.
    pub fn transpose(&self) -> Self {
        let mut t = Self::zeros(self.cols, self.rows);
        for i in 0..self.rows {
            for j in 0..self.cols {
                t[(j, i)] = self[(i, j)].clone();
            }
        }
        t
    }

    /// The matrix product `self · other` (each entry one [`Field::sum_of_products`]).
    pub fn mul(&self, other: &Self) -> Self {
        assert_eq!(self.cols, other.rows, "shape mismatch in Matrix::mul");
        let ot = other.transpose();
        let mut data = Vec::with_capacity(self.rows * other.cols);
        for i in 0..self.rows {
            let row = self.row(i);
            for j in 0..other.cols {
                data.push(T::sum_of_products(row, ot.row(j)));
            }
        }
        Matrix {
            rows: self.rows,
            cols: other.cols,
            data,
        }
    }

    /// The product `self · v`.
    pub fn mul_vec(&self, v: &[T]) -> Vec<T> {
        assert_eq!(self.cols, v.len(), "shape mismatch in Matrix::mul_vec");
        (0..self.rows).map(|i| dot(self.row(i), v)).collect()
    }

    /// Entrywise sum.
    pub fn add(&self, other: &Self) -> Self {
        assert!(
            self.rows == other.rows && self.cols == other.cols,
            "shape mismatch in Matrix::add"
        );
        let data = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(a, b)| a.clone() + b)
            .collect();
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data,
        }
    }

    /// Entrywise difference.
    pub fn sub(&self, other: &Self) -> Self {
        assert!(
            self.rows == other.rows && self.cols == other.cols,
            "shape mismatch in Matrix::sub"
        );
        let data = self
            .data
            .iter()
            .zip(&other.data)
            .map(|(a, b)| a.clone() - b)
            .collect();
        Matrix {
            rows: self.rows,
            cols: self.cols,
            data,
        }
    }

    /// Whether every entry is zero.
    pub fn is_zero(&self) -> bool {
        self.data.iter().all(|x| x.is_zero())
    }

    /// The columns listed in `cols`, in that order.
    pub fn select_cols(&self, cols: &[usize]) -> Self {
        let rows = (0..self.rows)
            .map(|i| cols.iter().map(|&j| self[(i, j)].clone()).collect())
            .collect();
        Self::from_rows(rows, cols.len())
    }

    /// The first `k` rows.
    pub fn top_rows(&self, k: usize) -> Self {
        Matrix {
            rows: k,
            cols: self.cols,
            data: self.data[..k * self.cols].to_vec(),
        }
    }

    /// Reduced row echelon form by Gauss–Jordan elimination (exact, no pivoting strategy needed).
    pub fn rref(&self) -> Rref<T> {
        let mut m = self.clone();
        let mut pivots = Vec::new();
        let mut r = 0;
        for c in 0..m.cols {
            if r == m.rows {
                break;
            }
            let Some(p) = (r..m.rows).find(|&i| !m[(i, c)].is_zero()) else {
                continue;
            };
            m.swap_rows(r, p);
            let inv = T::one() / &m[(r, c)];
            for j in c..m.cols {
                let v = std::mem::replace(&mut m[(r, j)], T::zero());
                m[(r, j)] = v * &inv;
            }
            for i in 0..m.rows {
                if i == r || m[(i, c)].is_zero() {
                    continue;
                }
                let f = m[(i, c)].clone();
                for j in c..m.cols {
                    if m[(r, j)].is_zero() {
                        continue;
                    }
                    let delta = f.clone() * &m[(r, j)];
                    let v = std::mem::replace(&mut m[(i, j)], T::zero());
                    m[(i, j)] = v - delta;
                }
            }
            pivots.push(c);
            r += 1;
        }
        Rref { matrix: m, pivots }
    }

    fn swap_rows(&mut self, a: usize, b: usize) {
        if a != b {
            for j in 0..self.cols {
                self.data.swap(a * self.cols + j, b * self.cols + j);
            }
        }
    }

    /// The rank.
    pub fn rank(&self) -> usize {
        self.rref().pivots.len()
    }

    /// A basis of the null space `{v : self·v = 0}`, one vector per free column
    /// (the free column's entry is 1, the other free entries 0).
    pub fn null_space(&self) -> Vec<Vec<T>> {
        self.rref().null_space()
    }

    /// A solution of `self · v = b` (free variables set to 0), or `None` when inconsistent.
    pub fn solve(&self, b: &[T]) -> Option<Vec<T>> {
        assert_eq!(b.len(), self.rows, "shape mismatch in Matrix::solve");
        let mut aug = Self::zeros(self.rows, self.cols + 1);
        for i in 0..self.rows {
            for j in 0..self.cols {
                aug[(i, j)] = self[(i, j)].clone();
            }
            aug[(i, self.cols)] = b[i].clone();
        }
        let Rref { matrix, pivots } = aug.rref();
        if pivots.last() == Some(&self.cols) {
            return None;
        }
        let mut v = vec![T::zero(); self.cols];
        for (r, &p) in pivots.iter().enumerate() {
            v[p] = matrix[(r, self.cols)].clone();
        }
        Some(v)
    }

    /// The inverse of a square matrix, or `None` when singular.
    pub fn inverse(&self) -> Option<Self> {
        assert_eq!(self.rows, self.cols, "inverse of a non-square matrix");
        let n = self.rows;
        let mut aug = Self::zeros(n, 2 * n);
        for i in 0..n {
            for j in 0..n {
                aug[(i, j)] = self[(i, j)].clone();
            }
            aug[(i, n + i)] = T::one();
        }
        let Rref { matrix, pivots } = aug.rref();
        if pivots.len() < n || pivots[n - 1] != n - 1 {
            return None;
        }
        let rows = (0..n)
            .map(|i| (0..n).map(|j| matrix[(i, n + j)].clone()).collect())
            .collect();
        Some(Self::from_rows(rows, n))
    }

    /// The Moore–Penrose pseudo-inverse by full-rank factorisation (Liu eq. (12)):
    /// `M = F G` with `F` the pivot columns of `M` and `G` the non-zero rows of its RREF, then
    /// `M⁺ = Gᵀ (G Gᵀ)⁻¹ (Fᵀ F)⁻¹ Fᵀ`; the zero matrix maps to the zero matrix (transposed).
    pub fn pseudo_inverse(&self) -> Self {
        let Rref { matrix, pivots } = self.rref();
        let r = pivots.len();
        if r == 0 {
            return Self::zeros(self.cols, self.rows);
        }
        let f = self.select_cols(&pivots);
        let g = matrix.top_rows(r);
        let ft = f.transpose();
        let gt = g.transpose();
        let ggt_inv = g.mul(&gt).inverse().expect("G has full row rank");
        let ftf_inv = ft.mul(&f).inverse().expect("F has full column rank");
        gt.mul(&ggt_inv).mul(&ftf_inv).mul(&ft)
    }

    /// Whether `p` satisfies the four Penrose equations for `self`:
    /// `M P M = M`, `P M P = P`, `(M P)ᵀ = M P`, `(P M)ᵀ = P M`.
    pub fn is_pseudo_inverse(&self, p: &Self) -> bool {
        if p.rows != self.cols || p.cols != self.rows {
            return false;
        }
        let mp = self.mul(p);
        let pm = p.mul(self);
        mp.mul(self) == *self && pm.mul(p) == *p && mp.transpose() == mp && pm.transpose() == pm
    }
}

/// The dot product of two equal-length vectors.
pub fn dot<T: Field>(a: &[T], b: &[T]) -> T {
    assert_eq!(a.len(), b.len(), "length mismatch in dot");
    T::sum_of_products(a, b)
}

impl<T> std::ops::Index<(usize, usize)> for Matrix<T> {
    type Output = T;
    fn index(&self, (i, j): (usize, usize)) -> &T {
        &self.data[i * self.cols + j]
    }
}

impl<T> std::ops::IndexMut<(usize, usize)> for Matrix<T> {
    fn index_mut(&mut self, (i, j): (usize, usize)) -> &mut T {
        &mut self.data[i * self.cols + j]
    }
}

impl<T: fmt::Debug> fmt::Debug for Matrix<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Matrix {}x{} [", self.rows, self.cols)?;
        for i in 0..self.rows {
            writeln!(f, "  {:?}", &self.data[i * self.cols..(i + 1) * self.cols])?;
        }
        write!(f, "]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Q;
    use crate::rational::{q, qi};

    fn m(rows: &[&[i64]]) -> Matrix<Q> {
        let cols = rows.first().map_or(0, |r| r.len());
        Matrix::from_rows(
            rows.iter().map(|r| r.iter().map(|&v| qi(v)).collect()).collect(),
            cols,
        )
    }

    #[test]
    fn pseudo_inverse_of_rank_one() {
        let a = m(&[&[1, 2], &[2, 4]]);
        let p = a.pseudo_inverse();
        assert!(a.is_pseudo_inverse(&p));
        // (1/25) [[1,2],[2,4]]
        assert_eq!(p[(0, 0)], q(1, 25));
        assert_eq!(p[(1, 1)], q(4, 25));
    }

    #[test]
    fn zero_pseudo_inverse_is_zero() {
        let a = Matrix::<Q>::zeros(2, 3);
        let p = a.pseudo_inverse();
        assert_eq!(p, Matrix::zeros(3, 2));
        assert!(a.is_pseudo_inverse(&p));
    }

    #[test]
    fn solve_and_null_space() {
        let a = m(&[&[1, 1, 0], &[0, 0, 1]]);
        let v = a.solve(&[qi(2), qi(3)]).unwrap();
        assert_eq!(a.mul_vec(&v), vec![qi(2), qi(3)]);
        let ns = a.null_space();
        assert_eq!(ns.len(), 1);
        assert!(a.mul_vec(&ns[0]).iter().all(|x| *x == qi(0)));
        assert!(m(&[&[1, 1], &[1, 1]]).solve(&[qi(1), qi(2)]).is_none());
    }
}
