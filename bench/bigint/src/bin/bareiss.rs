//! Fraction-free (Bareiss) against `Rat` Gauss–Jordan for the per-cell linear algebra of
//! `bench/b1.toml` with K = 2 (issue #9, "integer data, fraction-free algorithms").
//!
//! The cells' design matrices `A` (10 × 7: two blocks `σ x_i` with the hidden bias, and the
//! output-bias column) are built from random chamber pairs of the b1 data (signs of `w·x_i`
//! for random integer `w`, α = 0, as in the bench). Both sides compute the same exact results
//! (checked): the rank of `A`, and for full-rank cells the solution of the normal equations
//! `AᵀA v = Aᵀy`. The `Rat` side is what the cell stage runs (`Matrix<Rat>::rref`, `solve`);
//! the Bareiss side eliminates the integer matrices with `Int` and the exact division
//! `(x·p − f·q)/det`, and forms the rationals `v_j = num_j / det` once at the end.
//! Printed: microseconds per cell (minimum of 5 rounds).

use std::time::Instant;

use relucert_exact::{Int, Matrix, Rat};

const X: [[i64; 2]; 10] = [
    [-3, 4], [-4, -1], [-4, 2], [2, 2], [5, 1], [-2, -4], [2, -5], [1, 1], [4, -5], [2, -1],
];
const Y: [i64; 10] = [-2, 4, -4, 0, -5, -5, -5, 5, 3, -5];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn small(&mut self) -> i64 {
        (self.next() % 11) as i64 - 5
    }
}

/// The design matrix of two random chambers (integer entries).
fn design(rng: &mut Rng) -> Vec<Vec<i64>> {
    let w: Vec<[i64; 3]> = (0..2).map(|_| [rng.small(), rng.small(), rng.small()]).collect();
    X.iter()
        .map(|x| {
            let xi = [x[0], x[1], 1];
            let mut row = Vec::with_capacity(7);
            for wk in &w {
                let on = wk[0] * xi[0] + wk[1] * xi[1] + wk[2] * xi[2] > 0;
                row.extend(xi.iter().map(|&v| if on { v } else { 0 }));
            }
            row.push(1);
            row
        })
        .collect()
}

/// Bareiss elimination with row and column search: the rank.
fn bareiss_rank(a: &[Vec<i64>]) -> usize {
    let mut m: Vec<Vec<Int>> = a.iter().map(|r| r.iter().map(|&v| Int::int(v)).collect()).collect();
    let (rows, cols) = (m.len(), m[0].len());
    let mut det = Int::int(1);
    let mut rank = 0;
    for c in 0..cols {
        let Some(r) = (rank..rows).find(|&r| !m[r][c].is_zero()) else {
            continue;
        };
        m.swap(r, rank);
        let prow = m[rank].clone();
        let p = prow[c].clone();
        for row in m.iter_mut().skip(rank + 1) {
            let f = row[c].clone();
            for (x, q) in row.iter_mut().zip(&prow) {
                *x = x.pivot_update(&p, &f, q, &det);
            }
        }
        det = p;
        rank += 1;
    }
    rank
}

/// Bareiss on `[G | b]` (G invertible): the solution `x_j = num_j / det` as rationals.
fn bareiss_solve(g: &[Vec<i64>], b: &[i64]) -> Vec<Rat> {
    let n = g.len();
    let mut m: Vec<Vec<Int>> = g
        .iter()
        .zip(b)
        .map(|(r, &bi)| r.iter().chain(std::iter::once(&bi)).map(|&v| Int::int(v)).collect())
        .collect();
    let mut det = Int::int(1);
    for c in 0..n {
        let r = (c..n).find(|&r| !m[r][c].is_zero()).expect("invertible");
        m.swap(r, c);
        let prow = m[c].clone();
        let p = prow[c].clone();
        for (i, row) in m.iter_mut().enumerate() {
            if i == c {
                continue;
            }
            let f = row[c].clone();
            for (x, q) in row.iter_mut().zip(&prow) {
                *x = x.pivot_update(&p, &f, q, &det);
            }
        }
        det = p;
    }
    // Fraction-free Gauss–Jordan leaves det on the diagonal: x_j = m[j][n] / det.
    let d = Rat::from_big(num_rational::BigRational::from_integer(det.to_big()));
    (0..n)
        .map(|j| Rat::from_big(num_rational::BigRational::from_integer(m[j][n].to_big())) / d.clone())
        .collect()
}

fn main() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let cells: Vec<Vec<Vec<i64>>> = (0..4000).map(|_| design(&mut rng)).collect();
    let gram = |a: &[Vec<i64>]| -> (Vec<Vec<i64>>, Vec<i64>) {
        let p = a[0].len();
        let g = (0..p)
            .map(|i| (0..p).map(|j| a.iter().map(|r| r[i] * r[j]).sum()).collect())
            .collect();
        let b = (0..p).map(|i| a.iter().zip(&Y).map(|(r, y)| r[i] * y).sum()).collect();
        (g, b)
    };
    let full: Vec<(Vec<Vec<i64>>, Vec<i64>)> =
        cells.iter().filter(|a| bareiss_rank(a) == 7).map(|a| gram(a)).collect();
    let to_rat = |m: &[Vec<i64>]| Matrix::from_rows(m.iter().map(|r| r.iter().map(|&v| Rat::int(v)).collect()).collect(), m[0].len());

    // Same answers.
    for a in &cells {
        assert_eq!(to_rat(a).rref().rank(), bareiss_rank(a));
    }
    for (g, b) in &full {
        let rb: Vec<Rat> = b.iter().map(|&v| Rat::int(v)).collect();
        assert_eq!(to_rat(g).solve(&rb).unwrap(), bareiss_solve(g, b));
    }

    let time = |f: &dyn Fn() -> usize, n: usize| {
        let mut best = f64::INFINITY;
        let mut sink = 0;
        for _ in 0..5 {
            let t = Instant::now();
            sink += f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        std::hint::black_box(sink);
        best * 1e6 / n as f64
    };
    let rat_rank = time(&|| cells.iter().map(|a| to_rat(a).rref().rank()).sum(), cells.len());
    let int_rank = time(&|| cells.iter().map(|a| bareiss_rank(a)).sum(), cells.len());
    let rat_solve = time(
        &|| {
            full.iter()
                .map(|(g, b)| {
                    let rb: Vec<Rat> = b.iter().map(|&v| Rat::int(v)).collect();
                    to_rat(g).solve(&rb).unwrap().len()
                })
                .sum()
        },
        full.len(),
    );
    let int_solve = time(&|| full.iter().map(|(g, b)| bareiss_solve(g, b).len()).sum(), full.len());
    let (ops, big) = relucert_exact::small::counts();
    println!("b1 K = 2 design matrices: {} cells, {} of full rank; µs per cell (min of 5)", cells.len(), full.len());
    println!("rank of A (10×7):           Rat Gauss–Jordan {rat_rank:7.2}   Int Bareiss {int_rank:7.2}   ({:.2}×)", rat_rank / int_rank);
    println!("solve AᵀA v = Aᵀy (7×7):   Rat Gauss–Jordan {rat_solve:7.2}   Int Bareiss {int_solve:7.2}   ({:.2}×)", rat_solve / int_solve);
    println!("exact operations: {ops}, on big integers: {big}");
}
