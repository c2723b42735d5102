//! Exact completion of a float [`Proposal`]: from a float point or a float support to an exact
//! candidate verdict, via small exact linear solves (SPEC §8: the float picks the support, an
//! exact solve of that small system produces the answer).
//!
//! A candidate is returned only if it passes the exact check ([`super::confirm`]).

use super::confirm::{is_motzkin_certificate, satisfies};
use super::proposer::Proposal;
use super::rounding::{best_approximation, exact_value};
use super::{LinearSystem, Motzkin, Scalar, Verdict};
use relucert_exact::Matrix;
use relucert_exact::matrix::dot;

/// Denominator bounds tried when rounding a float point, smallest first.
const DENOMINATORS: [i128; 6] = [1, 100, 10_000, 1_000_000, 1_000_000_000, 1_000_000_000_000];

/// An exact verdict for `sys` built from `proposal`, or `None` when the proposal
/// does not lead to one that checks out.
pub fn complete<T: Scalar>(sys: &LinearSystem<T>, proposal: &Proposal) -> Option<Verdict<T>> {
    match proposal {
        Proposal::Point {
            t,
            tau,
            tight_strict,
            tight_nonstrict,
            tau_at_bound,
        } => {
            complete_point(sys, t, *tau, tight_strict, tight_nonstrict, *tau_at_bound).map(Verdict::Feasible)
        }
        Proposal::Support {
            strict,
            nonstrict,
            equalities,
            sigma,
            farkas,
        } => complete_support(sys, strict, nonstrict, equalities, *sigma, *farkas).map(Verdict::Infeasible),
        Proposal::Nothing => None,
    }
}

/// Candidates in order: the exact solution of the tight rows nearest the rounded point, the
/// rounded point itself at increasing precision, and the exact value of the float point.
fn complete_point<T: Scalar>(
    sys: &LinearSystem<T>,
    t: &[f64],
    tau: f64,
    tight_strict: &[usize],
    tight_nonstrict: &[usize],
    tau_at_bound: bool,
) -> Option<Vec<T>> {
    let approx = |x: f64, den: i128| best_approximation(x, den).map(|q| T::from_q(&q));
    let rounded = |den: i128| -> Option<Vec<T>> { t.iter().map(|&x| approx(x, den)).collect() };
    let base = rounded(1_000_000)?;
    let tau_q = if tau_at_bound {
        T::one()
    } else {
        approx(tau, 1_000_000)?
    };
    if let Some(v) = snap_to_tight_rows(sys, &base, &tau_q, tight_strict, tight_nonstrict)
        && satisfies(sys, &v)
    {
        return Some(v);
    }
    for den in DENOMINATORS {
        if let Some(v) = rounded(den)
            && satisfies(sys, &v)
        {
            return Some(v);
        }
    }
    let v: Vec<T> = t
        .iter()
        .map(|&x| exact_value(x).map(|q| T::from_q(&q)))
        .collect::<Option<_>>()?;
    satisfies(sys, &v).then_some(v)
}

/// The point `base + δ` where `δ` is the basic solution of the tight rows made exact:
/// `g_l·(base + δ) = h_l` (tight non-strict), `a_j·(base + δ) = b_j + τ` (tight strict) and
/// `c_m·(base + δ) = d_m` (every equality).
fn snap_to_tight_rows<T: Scalar>(
    sys: &LinearSystem<T>,
    base: &[T],
    tau: &T,
    tight_strict: &[usize],
    tight_nonstrict: &[usize],
) -> Option<Vec<T>> {
    if tight_strict.is_empty() && tight_nonstrict.is_empty() && sys.equalities.is_empty() {
        return None;
    }
    let mut rows = Vec::with_capacity(tight_strict.len() + tight_nonstrict.len());
    let mut residuals = Vec::with_capacity(rows.capacity());
    for &j in tight_strict {
        let r = &sys.strict[j];
        rows.push(r.coeffs.clone());
        residuals.push(r.rhs.clone() + tau - dot(&r.coeffs, base));
    }
    for r in tight_nonstrict
        .iter()
        .map(|&l| &sys.nonstrict[l])
        .chain(&sys.equalities)
    {
        rows.push(r.coeffs.clone());
        residuals.push(r.rhs.clone() - dot(&r.coeffs, base));
    }
    let delta = Matrix::from_rows(rows, sys.dim).solve(&residuals)?;
    Some(base.iter().zip(delta).map(|(b, d)| d + b).collect())
}

/// Solve exactly for multipliers supported on the proposed rows:
/// `Σ_S λ_j a_j + Σ_N ν_l g_l + Σ_E μ_m c_m = 0` with the normalisation `Σλ + σ = 1` (or
/// `Σνh + Σμd = 1` for a Farkas proposal), then require `λ, ν ≥ 0` and the Motzkin conditions.
fn complete_support<T: Scalar>(
    sys: &LinearSystem<T>,
    strict: &[usize],
    nonstrict: &[usize],
    equalities: &[usize],
    sigma: bool,
    farkas: bool,
) -> Option<Motzkin<T>> {
    let k = sys.dim;
    let signed = strict.len() + nonstrict.len();
    let n = signed + equalities.len() + usize::from(sigma);
    if n == 0 {
        return None;
    }
    let mut e = vec![vec![T::zero(); n]; k + 1];
    for (col, row) in strict
        .iter()
        .map(|&j| &sys.strict[j])
        .chain(nonstrict.iter().map(|&l| &sys.nonstrict[l]))
        .chain(equalities.iter().map(|&m| &sys.equalities[m]))
        .enumerate()
    {
        for (i, a) in row.coeffs.iter().enumerate() {
            e[i][col] = a.clone();
        }
    }
    if farkas {
        let rows = nonstrict.iter().map(|&l| &sys.nonstrict[l]);
        for (col, r) in rows
            .chain(equalities.iter().map(|&m| &sys.equalities[m]))
            .enumerate()
        {
            e[k][strict.len() + col] = r.rhs.clone();
        }
    } else {
        for x in e[k][..strict.len()].iter_mut() {
            *x = T::one();
        }
        if sigma {
            e[k][n - 1] = T::one();
        }
    }
    let mut f = vec![T::zero(); k + 1];
    f[k] = T::one();
    let y = Matrix::from_rows(e, n).solve(&f)?;
    if y[..signed].iter().any(|x| x.signum_i8() < 0) {
        return None;
    }
    let mut m = Motzkin {
        strict: vec![T::zero(); sys.strict.len()],
        nonstrict: vec![T::zero(); sys.nonstrict.len()],
        equalities: vec![T::zero(); sys.equalities.len()],
    };
    for (&j, v) in strict.iter().zip(&y) {
        m.strict[j] = v.clone();
    }
    for (&l, v) in nonstrict.iter().zip(&y[strict.len()..]) {
        m.nonstrict[l] = v.clone();
    }
    for (&i, v) in equalities.iter().zip(&y[signed..]) {
        m.equalities[i] = v.clone();
    }
    is_motzkin_certificate(sys, &m).then_some(m)
}
