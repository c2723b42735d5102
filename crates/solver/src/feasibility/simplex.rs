//! An exact two-phase tableau simplex method for standard-form linear programs
//!
//! ```text
//!     minimise cᵀy   subject to   E y = f,  y ≥ 0,
//! ```
//!
//! over the rationals. Besides the optimal vertex it returns the simplex multipliers `π` (an
//! optimal solution of the dual `max fᵀπ s.t. Eᵀπ ≤ c`), or, when the objective is unbounded
//! below, a ray `d ≥ 0` with `E d = 0` and `cᵀd < 0`.
//!
//! **Fraction-free.** Rows are scaled to integers and the tableau is kept as integers `T` with
//! one common positive denominator `D` (the last pivot; the true tableau is `T / D`). A pivot on
//! `(r, q)` replaces every other row by `(T_rq·T_i − T_iq·T_r) / D` — an exact integer division
//! (each entry is a minor of the scaled input, Edmonds' integer pivoting) — and sets `D = T_rq`.
//! No gcds are taken, and entries stay bounded by those minors. The entries are
//! [`relucert_exact::Int`]s: machine words, big integers only when a minor does not fit
//! (`proofs/fast-scalar.md`); each update `(T_rq·T_ij − T_iq·T_rj) / D` is one exact `i128`
//! expression on machine words.
//!
//! **Termination.** The entering column is the most negative reduced cost (Dantzig) until
//! `DEGENERATE_LIMIT` consecutive degenerate pivots occur; then Bland's rule (smallest entering
//! index, smallest leaving basic index on ties) is used until the objective strictly improves.
//! A strict improvement never returns to an earlier basis, and Bland's rule cannot cycle among
//! degenerate pivots, so the method terminates.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use relucert_exact::{Int, Q};

/// After this many consecutive degenerate pivots, switch to Bland's rule.
const DEGENERATE_LIMIT: usize = 8;

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

/// A fraction-free simplex tableau: `m` constraint rows plus the cost row (last); columns are
/// the `n` original variables, then `m` artificial variables, then the right-hand side. The
/// true tableau is `rows / det`, `det > 0`.
struct Tableau {
    rows: Vec<Vec<Int>>,
    det: Int,
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
        let pivot_row = std::mem::take(&mut self.rows[r]);
        let p = pivot_row[q].clone();
        for (i, row) in self.rows.iter_mut().enumerate() {
            if i == r {
                continue;
            }
            let factor = row[q].clone();
            for (x, pj) in row.iter_mut().zip(&pivot_row) {
                if x.is_zero() && (factor.is_zero() || pj.is_zero()) {
                    continue;
                }
                *x = x.pivot_update(&p, &factor, pj, &self.det);
            }
        }
        self.rows[r] = pivot_row;
        self.basis[r] = q;
        if p.is_negative() {
            // Keep the common denominator positive: negate every entry and the denominator.
            for row in self.rows.iter_mut() {
                for x in row.iter_mut() {
                    if !x.is_zero() {
                        *x = x.neg();
                    }
                }
            }
            self.det = p.neg();
        } else {
            self.det = p;
        }
    }

    /// Iterate over columns `< limit` until optimal (`Ok`) or until column `q` shows the
    /// objective is unbounded (`Err(q)`).
    fn run(&mut self, limit: usize) -> Result<(), usize> {
        let rhs = self.rhs();
        let mut degenerate_streak = 0;
        loop {
            let cost = &self.rows[self.m];
            let entering = if degenerate_streak < DEGENERATE_LIMIT {
                (0..limit)
                    .filter(|&j| cost[j].is_negative())
                    .min_by(|&a, &b| cost[a].cmp(&cost[b]).then(a.cmp(&b)))
            } else {
                (0..limit).find(|&j| cost[j].is_negative())
            };
            let Some(q) = entering else {
                return Ok(());
            };
            // Ratio test: minimise rows[i][rhs] / rows[i][q] over rows[i][q] > 0, compared by
            // cross-multiplication; ties go to the smallest basic index (Bland).
            let mut best: Option<usize> = None;
            for i in 0..self.m {
                let a = &self.rows[i][q];
                if !a.is_positive() {
                    continue;
                }
                let better = match best {
                    None => true,
                    Some(b) => {
                        let lhs = self.rows[i][rhs].mul(&self.rows[b][q]);
                        let rhs_cmp = self.rows[b][rhs].mul(a);
                        lhs < rhs_cmp || (lhs == rhs_cmp && self.basis[i] < self.basis[b])
                    }
                };
                if better {
                    best = Some(i);
                }
            }
            let Some(r) = best else {
                return Err(q);
            };
            if self.rows[r][rhs].is_zero() {
                degenerate_streak += 1;
            } else {
                degenerate_streak = 0;
            }
            self.pivot(r, q);
        }
    }

    /// The rational value `x / det`.
    fn value(&self, x: &Int) -> Q {
        Q::new(x.to_big(), self.det.to_big())
    }

    /// The current basic solution over the original variables.
    fn solution(&self) -> Vec<Q> {
        let rhs = self.rhs();
        let mut y = vec![Q::zero(); self.n];
        for (i, &b) in self.basis.iter().enumerate() {
            if b < self.n {
                y[b] = self.value(&self.rows[i][rhs]);
            }
        }
        y
    }

    /// Reset the cost row to the reduced costs of the integer `cost` (one entry per column
    /// before the rhs), scaled by `det`: `det·c_j − Σ_i c_{B_i} T_ij`.
    fn price(&mut self, cost: &[Int]) {
        let rhs = self.rhs();
        let mut row: Vec<Int> = cost.iter().map(|c| c.mul(&self.det)).collect();
        row.push(Int::int(0));
        for i in 0..self.m {
            let cb = &cost[self.basis[i]];
            if cb.is_zero() {
                continue;
            }
            for (x, a) in row.iter_mut().zip(&self.rows[i][..=rhs]) {
                if !a.is_zero() {
                    *x = x.sub(&cb.mul(a));
                }
            }
        }
        self.rows[self.m] = row;
    }
}

/// The least common multiple of the denominators of `xs` (1 for none).
fn denominator_lcm<'a>(xs: impl Iterator<Item = &'a Q>) -> BigInt {
    xs.fold(BigInt::one(), |l, x| {
        if x.denom().is_one() { l } else { l.lcm(x.denom()) }
    })
}

/// `x · scale` as an integer (`scale` must clear the denominator).
fn scaled(x: &Q, scale: &BigInt) -> BigInt {
    if x.is_zero() {
        BigInt::zero()
    } else {
        x.numer() * (scale / x.denom())
    }
}

/// Minimise `cᵀy` subject to `E y = f`, `y ≥ 0`, exactly. `e` has one row per equation, each of
/// length `c.len()`.
pub fn minimise(e: &[Vec<Q>], f: &[Q], c: &[Q]) -> LpResult {
    let m = e.len();
    let n = c.len();
    assert_eq!(f.len(), m, "simplex: right-hand side length");
    // Row i is multiplied by scale_i (non-zero integer, sign chosen so that f_i ≥ 0).
    let mut scales = Vec::with_capacity(m);
    let mut rows = Vec::with_capacity(m + 1);
    for i in 0..m {
        assert_eq!(e[i].len(), n, "simplex: ragged constraint matrix");
        let mut scale = denominator_lcm(e[i].iter().chain(std::iter::once(&f[i])));
        if f[i].is_negative() {
            scale = -scale;
        }
        let mut row = Vec::with_capacity(n + m + 1);
        row.extend(e[i].iter().map(|x| Int::from_big(scaled(x, &scale))));
        row.extend((0..m).map(|k| Int::int(i64::from(k == i))));
        row.push(Int::from_big(scaled(&f[i], &scale)));
        rows.push(row);
        scales.push(scale);
    }
    rows.push(vec![Int::int(0); n + m + 1]);
    let mut t = Tableau {
        rows,
        det: Int::int(1),
        basis: (n..n + m).collect(),
        n,
        m,
    };

    // Phase I: minimise the sum of the artificial variables.
    let mut phase1 = vec![Int::int(0); n + m];
    for x in phase1[n..].iter_mut() {
        *x = Int::int(1);
    }
    t.price(&phase1);
    t.run(n).expect("phase I objective is bounded below by 0");
    if t.rows[m][n + m].is_negative() {
        // The cost-row rhs holds −(sum of artificials)·det < 0: artificials remain positive.
        return LpResult::Infeasible;
    }
    // Drive the artificial variables (all at level 0) out of the basis where possible; rows
    // where that is impossible are redundant and never change again (up to the common scale).
    for i in 0..m {
        if t.basis[i] >= n
            && let Some(q) = (0..n).find(|&j| !t.rows[i][j].is_zero())
        {
            t.pivot(i, q);
        }
    }

    // Phase II: the true objective (scaled to integers); artificial columns never re-enter.
    let cost_scale = denominator_lcm(c.iter());
    let mut phase2: Vec<Int> = c.iter().map(|x| Int::from_big(scaled(x, &cost_scale))).collect();
    phase2.extend(std::iter::repeat_n(Int::int(0), m));
    t.price(&phase2);
    let cost_scale = Q::from_integer(cost_scale);
    match t.run(n) {
        Ok(()) => {
            let y = t.solution();
            let value = -t.value(&t.rows[m][n + m]) / &cost_scale;
            // The reduced cost of artificial column i is 0 − π'_i, with π' the duals of the
            // scaled rows; the original rows' duals are π_i = scale_i · π'_i / cost_scale.
            let duals = (0..m)
                .map(|i| -t.value(&t.rows[m][n + i]) * Q::from_integer(scales[i].clone()) / &cost_scale)
                .collect();
            LpResult::Optimal { y, value, duals }
        }
        Err(q) => {
            let y = t.solution();
            let mut ray = vec![Q::zero(); n];
            ray[q] = Q::one();
            for (i, &b) in t.basis.iter().enumerate() {
                if b < n {
                    ray[b] = -Q::new(t.rows[i][q].to_big(), t.rows[i][b].to_big());
                }
            }
            LpResult::Unbounded { y, ray }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

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
                relucert_exact::rational::q(8, 5),
                relucert_exact::rational::q(6, 5),
                qi(0),
                qi(0)
            ]
        );
        assert_eq!(value, relucert_exact::rational::q(-14, 5));
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
