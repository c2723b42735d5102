//! Systems whose equalities pin the point: when the equality rows `C v = d` have full column
//! rank, the system has at most one candidate `v*`, so it is decided by one exact elimination
//! of `[C | d | I]`, with no LP (float or exact):
//!
//! - a row `[0 … 0 | 1 | y]` of the reduced form: `yᵀC = 0`, `yᵀd = 1`, so the equalities are
//!   inconsistent and `μ = y` (λ = ν = 0, `s = 1 > 0`) is a Motzkin certificate;
//! - otherwise `v*` is unique; if every strict row has `a·v* > b` and every non-strict row
//!   `g·v* ≥ h`, `v*` is the point;
//! - else some row fails at `v*`. The top block of the reduced form is `[I | v* | E]` with
//!   `E C = I`, so `a = Cᵀ w` with `w = Eᵀ a`, and `λ = 1` on a failing strict row (or `ν = 1`
//!   on a failing non-strict row) with `μ = −w` is a Motzkin certificate:
//!   `a − Cᵀw = 0` and `s = b − wᵀd = b − a·v* ≥ 0` with `λ > 0` (non-strict: `h − g·v* > 0`).
//!
//! Whatever is returned is also checked by [`super::confirm`] in [`super::decide`]. Soundness
//! of Motzkin certificates: `proofs/motzkin.md`.
//!
//! The elimination runs first over machine integers ([`integral`]: every row scaled to
//! integers, fraction-free row operations on `i64` entries, checked). The reduced row
//! echelon form of `[C | d | I]` is unique (the identity block gives it full row rank), so this
//! gives exactly the verdict of the rational elimination; on any overflow the rational
//! elimination runs instead.

mod integral;

use super::{LinearSystem, Motzkin, Scalar, Verdict};
use relucert_exact::Matrix;
use relucert_exact::matrix::dot;

/// The verdict when the equalities pin the point (or are inconsistent); `None` when the
/// equality rows leave a free direction.
pub fn decide<T: Scalar>(sys: &LinearSystem<T>) -> Option<Verdict<T>> {
    match integral::decide(sys) {
        Ok(verdict) => verdict,
        Err(integral::Overflow) => decide_rational(sys),
    }
}

/// [`decide`] by elimination over the scalar `T` itself.
pub fn decide_rational<T: Scalar>(sys: &LinearSystem<T>) -> Option<Verdict<T>> {
    let (n, m) = (sys.dim, sys.equalities.len());
    if m < n || n == 0 {
        return None;
    }
    let width = n + 1 + m;
    let mut aug = Matrix::<T>::zeros(m, width);
    for (i, row) in sys.equalities.iter().enumerate() {
        for (j, c) in row.coeffs.iter().enumerate() {
            if !c.is_zero() {
                aug[(i, j)] = c.clone();
            }
        }
        aug[(i, n)] = row.rhs.clone();
        aug[(i, n + 1 + i)] = T::one();
    }
    let rref = aug.rref();
    let pivots = &rref.pivots;
    let r = &rref.matrix;
    // A pivot on the right-hand side column: inconsistent equalities.
    if let Some(row) = pivots.iter().position(|&p| p == n) {
        let mu: Vec<T> = (0..m).map(|i| r[(row, n + 1 + i)].clone()).collect();
        return Some(Verdict::Infeasible(Motzkin {
            strict: vec![T::zero(); sys.strict.len()],
            nonstrict: vec![T::zero(); sys.nonstrict.len()],
            equalities: mu,
        }));
    }
    // Full column rank: the pivots are exactly 0..n, in order.
    if pivots.len() < n || pivots[..n].iter().enumerate().any(|(i, &p)| p != i) {
        return None;
    }
    let point: Vec<T> = (0..n).map(|i| r[(i, n)].clone()).collect();
    // w = Eᵀ a for a row a (E = the identity-part of the top n rows).
    let expressed = |a: &[T]| -> Vec<T> {
        let mut w = vec![T::zero(); m];
        for (j, aj) in a.iter().enumerate() {
            if aj.is_zero() {
                continue;
            }
            for (i, wi) in w.iter_mut().enumerate() {
                let e = &r[(j, n + 1 + i)];
                if !e.is_zero() {
                    *wi = wi.clone() + &(aj.clone() * e);
                }
            }
        }
        w
    };
    let certificate = |strict: Option<usize>, nonstrict: Option<usize>, a: &[T]| {
        let mut lambda = vec![T::zero(); sys.strict.len()];
        let mut nu = vec![T::zero(); sys.nonstrict.len()];
        if let Some(j) = strict {
            lambda[j] = T::one();
        }
        if let Some(l) = nonstrict {
            nu[l] = T::one();
        }
        Verdict::Infeasible(Motzkin {
            strict: lambda,
            nonstrict: nu,
            equalities: expressed(a).into_iter().map(|w| -w).collect(),
        })
    };
    for (j, row) in sys.strict.iter().enumerate() {
        if dot(&row.coeffs, &point) <= row.rhs {
            return Some(certificate(Some(j), None, &row.coeffs));
        }
    }
    for (l, row) in sys.nonstrict.iter().enumerate() {
        if dot(&row.coeffs, &point) < row.rhs {
            return Some(certificate(None, Some(l), &row.coeffs));
        }
    }
    Some(Verdict::Feasible(point))
}
