//! Rational reconstruction of floats: best approximations with a bounded denominator
//! (continued fractions), used to turn a float LP point into exact candidates.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::Zero;

use relucert_exact::Q;

/// The continued-fraction convergent of `x` with the largest denominator `≤ max_denominator`;
/// `None` for non-finite or huge `x`.
pub fn best_approximation(x: f64, max_denominator: i128) -> Option<Q> {
    if !x.is_finite() || x.abs() > 1e15 {
        return None;
    }
    // Convergents p_n / q_n with p_{-1}=1, q_{-1}=0, p_{-2}=0, q_{-2}=1.
    let (mut p0, mut q0, mut p1, mut q1) = (0i128, 1i128, 1i128, 0i128);
    let mut rest = x;
    for _ in 0..64 {
        let a = rest.floor();
        let ai = a as i128;
        let p2 = ai.checked_mul(p1)?.checked_add(p0)?;
        let q2 = ai.checked_mul(q1)?.checked_add(q0)?;
        if q2 > max_denominator {
            break;
        }
        (p0, q0, p1, q1) = (p1, q1, p2, q2);
        let frac = rest - a;
        if frac.abs() < 1e-300 || (p1 as f64 / q1 as f64 - x).abs() <= f64::EPSILON * x.abs() {
            break;
        }
        rest = 1.0 / frac;
    }
    if q1.is_zero() {
        return None;
    }
    Some(BigRational::new(BigInt::from(p1), BigInt::from(q1)))
}

/// The exact value of the float `x` (a dyadic rational), `None` when not finite.
pub fn exact_value(x: f64) -> Option<Q> {
    BigRational::from_float(x)
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::q;

    #[test]
    fn recovers_small_fractions() {
        assert_eq!(best_approximation(1.0 / 3.0, 1000), Some(q(1, 3)));
        assert_eq!(best_approximation(-22.0 / 7.0, 1000), Some(q(-22, 7)));
        assert_eq!(best_approximation(0.0, 10), Some(q(0, 1)));
        assert_eq!(best_approximation(std::f64::consts::PI, 100), Some(q(22, 7)));
        assert_eq!(best_approximation(f64::NAN, 100), None);
        assert_eq!(exact_value(0.5), Some(q(1, 2)));
    }
}
