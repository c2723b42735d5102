//! Exact confirmation of a verdict: substitute the point, or check the Motzkin sums.
//!
//! Nothing any route proposes is returned before it passes these checks.

use super::{LinearSystem, Motzkin, Verdict};
use relucert_exact::Field;
use relucert_exact::matrix::dot;

/// Whether `verdict` is exactly correct for `sys`: a feasible point satisfies every row, an
/// infeasibility certificate satisfies the Motzkin conditions (see [`is_motzkin_certificate`]).
pub fn confirm<T: Field>(sys: &LinearSystem<T>, verdict: &Verdict<T>) -> bool {
    match verdict {
        Verdict::Feasible(v) => satisfies(sys, v),
        Verdict::Infeasible(m) => is_motzkin_certificate(sys, m),
    }
}

/// Whether `v` satisfies `a_j·v > b_j`, `g_l·v ≥ h_l` and `c_m·v = d_m` exactly.
pub fn satisfies<T: Field>(sys: &LinearSystem<T>, v: &[T]) -> bool {
    if v.len() != sys.dim || !rows_have_dim(sys) {
        return false;
    }
    sys.strict.iter().all(|r| dot(&r.coeffs, v) > r.rhs)
        && sys.nonstrict.iter().all(|r| dot(&r.coeffs, v) >= r.rhs)
        && sys.equalities.iter().all(|r| dot(&r.coeffs, v) == r.rhs)
}

/// Whether `m` proves `sys` infeasible: `λ ≥ 0`, `ν ≥ 0`, `Σλ_j a_j + Σν_l g_l + Σμ_m c_m = 0`
/// and `s = Σλ_j b_j + Σν_l h_l + Σμ_m d_m` with `s > 0`, or `s ≥ 0` and some `λ_j > 0`.
///
/// Soundness: a solution `v` would give `0 = (Σλa + Σνg + Σμc)·v = Σλ(a·v) + Σν(g·v) + Σμ d
/// ≥ s`, strictly when some `λ_j > 0`; both alternatives contradict this.
pub fn is_motzkin_certificate<T: Field>(sys: &LinearSystem<T>, m: &Motzkin<T>) -> bool {
    if m.strict.len() != sys.strict.len()
        || m.nonstrict.len() != sys.nonstrict.len()
        || m.equalities.len() != sys.equalities.len()
        || !rows_have_dim(sys)
    {
        return false;
    }
    if m.strict.iter().chain(&m.nonstrict).any(|x| x.signum_i8() < 0) {
        return false;
    }
    let mut combination = vec![T::zero(); sys.dim];
    let mut s = T::zero();
    let rows = sys
        .strict
        .iter()
        .zip(&m.strict)
        .chain(sys.nonstrict.iter().zip(&m.nonstrict))
        .chain(sys.equalities.iter().zip(&m.equalities));
    for (row, mult) in rows {
        if mult.is_zero() {
            continue;
        }
        for (acc, a) in combination.iter_mut().zip(&row.coeffs) {
            if !a.is_zero() {
                let sum = std::mem::replace(acc, T::zero()) + mult.clone() * a;
                *acc = sum;
            }
        }
        s = s + mult.clone() * &row.rhs;
    }
    if combination.iter().any(|x| !x.is_zero()) {
        return false;
    }
    s.signum_i8() > 0 || (s.signum_i8() == 0 && m.strict.iter().any(|x| x.signum_i8() > 0))
}

fn rows_have_dim<T>(sys: &LinearSystem<T>) -> bool {
    sys.strict
        .iter()
        .chain(&sys.nonstrict)
        .chain(&sys.equalities)
        .all(|r| r.coeffs.len() == sys.dim)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feasibility::Constraint;
    use relucert_exact::rational::qi;

    fn row(c: &[i64], r: i64) -> Constraint {
        Constraint {
            coeffs: c.iter().map(|&x| qi(x)).collect(),
            rhs: qi(r),
        }
    }

    /// `x > 0`, `−x ≥ 0`, `x = 0` in one variable.
    fn sys() -> LinearSystem {
        LinearSystem {
            dim: 1,
            strict: vec![row(&[1], 0)],
            nonstrict: vec![row(&[-1], 0)],
            equalities: vec![row(&[1], 0)],
        }
    }

    fn cert(l: i64, n: i64, m: i64) -> Motzkin {
        Motzkin {
            strict: vec![qi(l)],
            nonstrict: vec![qi(n)],
            equalities: vec![qi(m)],
        }
    }

    #[test]
    fn motzkin_conditions() {
        let s = sys();
        // λ = 1, ν = 1: combination 1 − 1 = 0, s = 0 with λ > 0.
        assert!(is_motzkin_certificate(&s, &cert(1, 1, 0)));
        // λ = 1, μ = −1: also valid (μ is free).
        assert!(is_motzkin_certificate(&s, &cert(1, 0, -1)));
        // Only non-strict/equality multipliers with s = 0: not a proof.
        assert!(!is_motzkin_certificate(&s, &cert(0, 1, 1)));
        // Negative λ is not allowed, non-zero combination is not allowed.
        assert!(!is_motzkin_certificate(&s, &cert(-1, 0, 1)));
        assert!(!is_motzkin_certificate(&s, &cert(1, 0, 0)));
        // Wrong lengths.
        let mut c = cert(1, 1, 0);
        c.equalities.clear();
        assert!(!is_motzkin_certificate(&s, &c));
    }

    #[test]
    fn points() {
        let s = LinearSystem {
            dim: 1,
            strict: vec![row(&[1], 0)],
            nonstrict: vec![row(&[1], 1)],
            equalities: vec![],
        };
        assert!(satisfies(&s, &[qi(1)]));
        assert!(!satisfies(&s, &[qi(0)]));
        assert!(!satisfies(&s, &[qi(1), qi(0)]));
        assert!(confirm(&s, &Verdict::Feasible(vec![qi(2)])));
    }
}
