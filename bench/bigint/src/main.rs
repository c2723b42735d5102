//! Which big-integer crate for the overflow path of `relucert_exact::{Rat, Int}`?
//!
//! The fast scalars only reach big integers when a value does not fit a machine word (0.0007 %
//! of the operations on b1 K = 3, none on b1 K ≤ 2). The operations that do are of two kinds,
//! replayed here on the same inputs for every candidate:
//!
//! * **rational Gauss–Jordan** (`Rat::Big`, the normal equations and null spaces): the inverse
//!   of a `p × p` integer matrix by elimination over the rationals, every operation normalised
//!   by a gcd (as `BigRational` does);
//! * **fraction-free pivoting** (`Int::Big`, the exact simplex and Bareiss elimination): the
//!   update `(x·p − f·q) / det` with an exact division, on the same matrices.
//!
//! The matrices are `AᵀA`-like Gram matrices of random integer `N × p` data with entries up to
//! `2^bits` (b1 K = 3 has `p = 10`; `bits = 12..24` puts every intermediate past `i64`, like the
//! overflowing cells), fixed seed. Printed: microseconds per elimination (minimum of 5 rounds)
//! and the ratio to num-bigint. All candidates must produce the same determinant (checked).

use std::time::Instant;

use dashu_int::IBig as DInt;
use dashu_ratio::RBig;
use malachite_nz::integer::Integer as MInt;
use malachite_q::Rational as MRat;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// A little xorshift generator (fixed seed: the same matrices for every crate).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn int(&mut self, bits: u32) -> i64 {
        let m = 1i64 << bits;
        (self.next() % (2 * m as u64 + 1)) as i64 - m
    }
}

/// `XᵀX + I` for a random `n × p` integer matrix `X` (positive definite, so invertible).
fn gram(rng: &mut Rng, n: usize, p: usize, bits: u32) -> Vec<Vec<i64>> {
    let x: Vec<Vec<i64>> = (0..n).map(|_| (0..p).map(|_| rng.int(bits)).collect()).collect();
    (0..p)
        .map(|i| {
            (0..p)
                .map(|j| (0..n).map(|r| x[r][i] * x[r][j]).sum::<i64>() + i64::from(i == j))
                .collect()
        })
        .collect()
}

/// The operations the benchmark needs from a big rational / big integer type.
trait Num: Clone {
    fn from_i64(v: i64) -> Self;
    fn is_zero(&self) -> bool;
    fn add(&self, o: &Self) -> Self;
    fn sub(&self, o: &Self) -> Self;
    fn mul(&self, o: &Self) -> Self;
    /// Division (exact for the integer types: the callers divide by a divisor).
    fn div(&self, o: &Self) -> Self;
    fn text(&self) -> String;
}

macro_rules! num_impl {
    ($t:ty, $from:expr, $zero:expr) => {
        impl Num for $t {
            fn from_i64(v: i64) -> Self {
                $from(v)
            }
            fn is_zero(&self) -> bool {
                *self == $zero
            }
            fn add(&self, o: &Self) -> Self {
                self + o
            }
            fn sub(&self, o: &Self) -> Self {
                self - o
            }
            fn mul(&self, o: &Self) -> Self {
                self * o
            }
            fn div(&self, o: &Self) -> Self {
                self / o
            }
            fn text(&self) -> String {
                self.to_string()
            }
        }
    };
}

num_impl!(BigRational, |v| BigRational::from_integer(BigInt::from(v)), BigRational::zero());
num_impl!(BigInt, BigInt::from, BigInt::zero());
num_impl!(RBig, RBig::from, RBig::ZERO);
num_impl!(DInt, DInt::from, DInt::ZERO);
num_impl!(MRat, MRat::from, MRat::from(0));
num_impl!(MInt, MInt::from, MInt::from(0));
num_impl!(ibig::IBig, ibig::IBig::from, ibig::IBig::from(0));

/// Gauss–Jordan inverse over the rationals; returns the determinant (product of pivots).
fn gauss_jordan<T: Num>(m: &[Vec<i64>]) -> T {
    let p = m.len();
    let mut a: Vec<Vec<T>> = m
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row: Vec<T> = r.iter().map(|&v| T::from_i64(v)).collect();
            row.extend((0..p).map(|j| T::from_i64(i64::from(i == j))));
            row
        })
        .collect();
    let mut det = T::from_i64(1);
    for c in 0..p {
        let r = (c..p).find(|&r| !a[r][c].is_zero()).expect("invertible");
        a.swap(r, c);
        let piv = a[c][c].clone();
        det = det.mul(&piv);
        for x in a[c].iter_mut() {
            *x = x.div(&piv);
        }
        let prow = a[c].clone();
        for (i, row) in a.iter_mut().enumerate() {
            if i == c || row[c].is_zero() {
                continue;
            }
            let f = row[c].clone();
            for (x, pj) in row.iter_mut().zip(&prow) {
                *x = x.sub(&f.mul(pj));
            }
        }
    }
    det
}

/// Bareiss fraction-free elimination on `[M | I]`: every update `(x·p − f·q) / det` is an exact
/// integer division; returns the determinant (the last pivot).
fn bareiss<T: Num>(m: &[Vec<i64>]) -> T {
    let p = m.len();
    let mut a: Vec<Vec<T>> = m
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mut row: Vec<T> = r.iter().map(|&v| T::from_i64(v)).collect();
            row.extend((0..p).map(|j| T::from_i64(i64::from(i == j))));
            row
        })
        .collect();
    let mut det = T::from_i64(1);
    for c in 0..p {
        let r = (c..p).find(|&r| !a[r][c].is_zero()).expect("invertible");
        a.swap(r, c);
        let prow = a[c].clone();
        let piv = prow[c].clone();
        for (i, row) in a.iter_mut().enumerate() {
            if i == c {
                continue;
            }
            let f = row[c].clone();
            for (x, pj) in row.iter_mut().zip(&prow) {
                *x = x.mul(&piv).sub(&f.mul(pj)).div(&det);
            }
        }
        det = piv;
    }
    det
}

fn time<F: FnMut() -> String>(mut f: F, reps: usize) -> (f64, String) {
    let mut best = f64::INFINITY;
    let mut out = String::new();
    for _ in 0..5 {
        let t = Instant::now();
        for _ in 0..reps {
            out = f();
        }
        best = best.min(t.elapsed().as_secs_f64() / reps as f64);
    }
    (best * 1e6, out)
}

fn main() {
    println!("big-integer candidates on the overflow operations of the exact core (µs per elimination, min of 5)");
    println!(
        "{:<22} {:>3} {:>4} | {:>11} {:>11} {:>11} {:>11}",
        "operation", "p", "bits", "num-bigint", "dashu", "malachite", "ibig"
    );
    for (p, bits) in [(7usize, 12u32), (10, 12), (10, 24)] {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ (p as u64) << 8 ^ u64::from(bits));
        let mats: Vec<Vec<Vec<i64>>> = (0..20).map(|_| gram(&mut rng, 10, p, bits)).collect();
        let reps = 3;
        // Rational Gauss–Jordan (ibig has no rational type: not run).
        let gj = |f: &dyn Fn(&[Vec<i64>]) -> String| {
            time(|| mats.iter().map(|m| f(m)).collect::<Vec<_>>().join(","), reps)
        };
        let (n, tn) = gj(&|m| gauss_jordan::<BigRational>(m).text());
        let (d, td) = gj(&|m| gauss_jordan::<RBig>(m).text());
        let (ml, tm) = gj(&|m| gauss_jordan::<MRat>(m).text());
        assert!(tn == td && tn == tm, "the candidates disagree on a determinant");
        let per = |x: f64| x / mats.len() as f64;
        println!(
            "{:<22} {:>3} {:>4} | {:>11.1} {:>5.1} ({:.2}×) {:>4.1} ({:.2}×) {:>11}",
            "rational Gauss–Jordan",
            p,
            bits,
            per(n),
            per(d),
            n / d,
            per(ml),
            n / ml,
            "-"
        );
        let (n, tn) = gj(&|m| bareiss::<BigInt>(m).text());
        let (d, td) = gj(&|m| bareiss::<DInt>(m).text());
        let (ml, tm) = gj(&|m| bareiss::<MInt>(m).text());
        let (ib, ti) = gj(&|m| bareiss::<ibig::IBig>(m).text());
        assert!(tn == td && tn == tm && tn == ti, "the candidates disagree on a determinant");
        println!(
            "{:<22} {:>3} {:>4} | {:>11.1} {:>5.1} ({:.2}×) {:>4.1} ({:.2}×) {:>4.1} ({:.2}×)",
            "fraction-free Bareiss",
            p,
            bits,
            per(n),
            per(d),
            n / d,
            per(ml),
            n / ml,
            per(ib),
            n / ib
        );
    }
    let _ = BigInt::one();
}
