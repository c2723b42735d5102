//! An exact rational two-phase tableau simplex method for standard-form linear programs
//!
//! ```text
//!     minimise cᵀy   subject to   E y = f,  y ≥ 0,
//! ```
//!
//! with Bland's rule (smallest entering index, smallest leaving basic index on ties), which
//! rules out cycling, so the method always terminates. Besides the optimal vertex it returns the
//! simplex multipliers `π` (an optimal solution of the dual `max fᵀπ s.t. Eᵀπ ≤ c`), or, when
//! the objective is unbounded below, a ray `d ≥ 0` with `E d = 0` and `cᵀd < 0`.

use num_traits::{One, Signed, Zero};

use crate::exact::Q;

/// The result of [`minimise`].
#[derive(Clone, Debug, PartialEq)]
pub enum LpResult {
    /// An optimal vertex `y`, its value `cᵀy`, and dual multipliers `π` with `Eᵀπ ≤ c` and
    /// `fᵀπ = cᵀy` (strong duality, exact).
    Optimal { y: Vec<Q>, value: Q, duals: Vec<Q> },
    /// A feasible point `y` and a ray `d ≥ 0`, `E d = 0`, `cᵀd < 0`.
    Unbounded { y: Vec<Q>, ray: Vec<Q> },
    /// `E y = f, y ≥ 0` has no solution.
    Infeasible,
}

/// A dense simplex tableau: `m` constraint rows plus the cost row (last), columns are the `n`
/// original variables, then `m` artificial variables, then the right-hand side.
struct Tableau {
    rows: Vec<Vec<Q>>,
    basis: Vec<usize>,
    n: usize,
    m: usize,
}

impl Tableau {
    fn rhs(&self) -> usize {
        self.n + self.m
    }

    /// Pivot on `(r, q)`: column `q` enters the basis in row `r`.
    fn pivot(&mut self, r: usize, q: usize) {
        let width = self.rhs() + 1;
        let inv = Q::one() / &self.rows[r][q];
        let mut pivot_row = std::mem::take(&mut self.rows[r]);
        for x in pivot_row.iter_mut() {
            if !x.is_zero() {
                *x *= &inv;
            }
        }
        let support: Vec<usize> = (0..width).filter(|&j| !pivot_row[j].is_zero()).collect();
        for (i, row) in self.rows.iter_mut().enumerate() {
            if i == r || row[q].is_zero() {
                continue;
            }
            let factor = row[q].clone();
            for &j in &support {
                let delta = &factor * &pivot_row[j];
                row[j] -= delta;
            }
        }
        self.rows[r] = pivot_row;
        self.basis[r] = q;
    }

    /// Bland's rule on the cost row over columns `< limit`: the first column with a negative
    /// reduced cost, then the ratio test. Returns `Ok(())` when optimal, `Err(q)` when column
    /// `q` shows the objective is unbounded.
    fn run(&mut self, limit: usize) -> Result<(), usize> {
        let rhs = self.rhs();
        loop {
            let cost = &self.rows[self.m];
            let Some(q) = (0..limit).find(|&j| cost[j].is_negative()) else {
                return Ok(());
            };
            let mut best: Option<(usize, Q)> = None;
            for i in 0..self.m {
                let a = &self.rows[i][q];
                if !a.is_positive() {
                    continue;
                }
                let ratio = &self.rows[i][rhs] / a;
                let better = match &best {
                    None => true,
                    Some((bi, br)) => ratio < *br || (ratio == *br && self.basis[i] < self.basis[*bi]),
                };
                if better {
                    best = Some((i, ratio));
                }
            }
            match best {
                Some((r, _)) => self.pivot(r, q),
                None => return Err(q),
            }
        }
    }

    /// The current basic solution over the original variables.
    fn solution(&self) -> Vec<Q> {
        let rhs = self.rhs();
        let mut y = vec![Q::zero(); self.n];
        for (i, &b) in self.basis.iter().enumerate() {
            if b < self.n {
                y[b] = self.rows[i][rhs].clone();
            }
        }
        y
    }

    /// Reset the cost row to the reduced costs of `cost` (one entry per column before the rhs).
    fn price(&mut self, cost: &[Q]) {
        let rhs = self.rhs();
        let mut row: Vec<Q> = cost.to_vec();
        row.push(Q::zero());
        for i in 0..self.m {
            let cb = &cost[self.basis[i]];
            if cb.is_zero() {
                continue;
            }
            for j in 0..=rhs {
                let a = &self.rows[i][j];
                if !a.is_zero() {
                    let delta = cb * a;
                    row[j] -= delta;
                }
            }
        }
        self.rows[self.m] = row;
    }
}

/// Minimise `cᵀy` subject to `E y = f`, `y ≥ 0`, exactly. `e` has one row per equation, each of
/// length `c.len()`.
pub fn minimise(e: &[Vec<Q>], f: &[Q], c: &[Q]) -> LpResult {
    let m = e.len();
    let n = c.len();
    assert_eq!(f.len(), m, "simplex: right-hand side length");
    // Flip rows so that f ≥ 0; remember the signs to report the duals of the original rows.
    let mut signs = vec![false; m];
    let mut rows = Vec::with_capacity(m + 1);
    for i in 0..m {
        assert_eq!(e[i].len(), n, "simplex: ragged constraint matrix");
        let neg = f[i].is_negative();
        signs[i] = neg;
        let mut row = Vec::with_capacity(n + m + 1);
        for x in &e[i] {
            row.push(if neg { -x.clone() } else { x.clone() });
        }
        for k in 0..m {
            row.push(if k == i { Q::one() } else { Q::zero() });
        }
        row.push(if neg { -f[i].clone() } else { f[i].clone() });
        rows.push(row);
    }
    rows.push(vec![Q::zero(); n + m + 1]);
    let mut t = Tableau {
        rows,
        basis: (n..n + m).collect(),
        n,
        m,
    };

    // Phase I: minimise the sum of the artificial variables.
    let mut phase1 = vec![Q::zero(); n + m];
    for x in phase1[n..].iter_mut() {
        *x = Q::one();
    }
    t.price(&phase1);
    t.run(n).expect("phase I objective is bounded below by 0");
    if t.rows[m][n + m].is_negative() {
        // The cost-row rhs holds −(sum of artificials) > 0 remaining.
        return LpResult::Infeasible;
    }
    // Drive the artificial variables (all at level 0) out of the basis where possible; rows
    // where that is impossible are redundant and never change again.
    for i in 0..m {
        if t.basis[i] >= n
            && let Some(q) = (0..n).find(|&j| !t.rows[i][j].is_zero())
        {
            t.pivot(i, q);
        }
    }

    // Phase II: the true objective; artificial columns never re-enter.
    let mut phase2 = c.to_vec();
    phase2.extend(std::iter::repeat_n(Q::zero(), m));
    t.price(&phase2);
    match t.run(n) {
        Ok(()) => {
            let y = t.solution();
            let value = -t.rows[m][n + m].clone();
            // Reduced cost of artificial column i is 0 − π'_i, π' the duals of the flipped rows.
            let duals = (0..m)
                .map(|i| {
                    let p = -t.rows[m][n + i].clone();
                    if signs[i] { -p } else { p }
                })
                .collect();
            LpResult::Optimal { y, value, duals }
        }
        Err(q) => {
            let y = t.solution();
            let mut ray = vec![Q::zero(); n];
            ray[q] = Q::one();
            for (i, &b) in t.basis.iter().enumerate() {
                if b < n {
                    ray[b] = -t.rows[i][q].clone();
                }
            }
            LpResult::Unbounded { y, ray }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::rational::qi;

    fn v(xs: &[i64]) -> Vec<Q> {
        xs.iter().map(|&x| qi(x)).collect()
    }

    #[test]
    fn small_optimum_with_duals() {
        // min -y0 - y1  s.t.  y0 + 2 y1 + y2 = 4,  3 y0 + y1 + y3 = 6
        let e = vec![v(&[1, 2, 1, 0]), v(&[3, 1, 0, 1])];
        let f = v(&[4, 6]);
        let c = v(&[-1, -1, 0, 0]);
        let LpResult::Optimal { y, value, duals } = minimise(&e, &f, &c) else {
            panic!("expected optimum")
        };
        assert_eq!(
            y,
            vec![
                crate::exact::rational::q(8, 5),
                crate::exact::rational::q(6, 5),
                qi(0),
                qi(0)
            ]
        );
        assert_eq!(value, crate::exact::rational::q(-14, 5));
        let dual_value: Q = duals.iter().zip(&f).map(|(a, b)| a * b).sum();
        assert_eq!(dual_value, value);
        for j in 0..4 {
            let col: Q = (0..2).map(|i| &duals[i] * &e[i][j]).sum();
            assert!(col <= c[j]);
        }
    }

    #[test]
    fn unbounded_ray_and_infeasible() {
        // min -y0 s.t. y0 - y1 = 1
        let e = vec![v(&[1, -1])];
        let LpResult::Unbounded { ray, .. } = minimise(&e, &v(&[1]), &v(&[-1, 0])) else {
            panic!("expected unbounded")
        };
        assert_eq!(ray, v(&[1, 1]));
        // y0 + y1 = -1 has no non-negative solution
        let e = vec![v(&[1, 1])];
        assert_eq!(minimise(&e, &v(&[-1]), &v(&[0, 0])), LpResult::Infeasible);
    }

    #[test]
    fn redundant_rows_and_negative_rhs() {
        // y0 + y1 = -(-2) written with a negative row, duplicated.
        let e = vec![v(&[-1, -1]), v(&[1, 1])];
        let LpResult::Optimal { y, value, duals } = minimise(&e, &v(&[-2, 2]), &v(&[1, 3])) else {
            panic!("expected optimum")
        };
        assert_eq!(y, v(&[2, 0]));
        assert_eq!(value, qi(2));
        let dual_value = &duals[0] * qi(-2) + &duals[1] * qi(2);
        assert_eq!(dual_value, value);
    }
}
