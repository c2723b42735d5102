//! The scalar interface the exact algorithms are written against.

use std::fmt::Debug;
use std::ops::{Add, Div, Mul, Neg, Sub};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

/// An exact ordered field. Implemented for [`BigRational`]; another exact scalar (for example a
/// small-integer fast path with overflow fallback) can implement it later.
pub trait Field:
    Clone
    + Debug
    + PartialEq
    + PartialOrd
    + Zero
    + One
    + Add<Output = Self>
    + Sub<Output = Self>
    + Mul<Output = Self>
    + Div<Output = Self>
    + Neg<Output = Self>
    + for<'a> Add<&'a Self, Output = Self>
    + for<'a> Sub<&'a Self, Output = Self>
    + for<'a> Mul<&'a Self, Output = Self>
    + for<'a> Div<&'a Self, Output = Self>
{
    /// The sign: -1, 0 or +1.
    fn signum_i8(&self) -> i8;
    /// Embed an integer.
    fn from_i64(v: i64) -> Self;

    /// `Σ a_i b_i` over equal-length slices. The default adds the products one by one; an
    /// implementation may keep the sum unnormalised and reduce once at the end (same value).
    fn sum_of_products(a: &[Self], b: &[Self]) -> Self {
        let mut s = Self::zero();
        for (x, y) in a.iter().zip(b) {
            if !x.is_zero() && !y.is_zero() {
                s = s + x.clone() * y;
            }
        }
        s
    }
}

impl Field for BigRational {
    fn signum_i8(&self) -> i8 {
        if self.is_zero() {
            0
        } else if self.is_positive() {
            1
        } else {
            -1
        }
    }
    fn from_i64(v: i64) -> Self {
        BigRational::from_integer(BigInt::from(v))
    }

    /// Accumulates `num/den` over a common denominator (one gcd per term whose denominator
    /// differs from the running one, none when they agree) and reduces once at the end,
    /// instead of normalising after every product and every sum.
    fn sum_of_products(a: &[Self], b: &[Self]) -> Self {
        let mut num = BigInt::zero();
        let mut den = BigInt::one();
        for (x, y) in a.iter().zip(b) {
            if x.is_zero() || y.is_zero() {
                continue;
            }
            let tn = x.numer() * y.numer();
            let td = x.denom() * y.denom();
            if td == den {
                num += tn;
            } else if td.is_one() {
                num += tn * &den;
            } else {
                let g = num_integer::Integer::gcd(&den, &td);
                num = num * (&td / &g) + tn * (&den / &g);
                den = den / g * td;
            }
        }
        BigRational::new(num, den)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The unnormalised accumulation equals the product-by-product sum, reduced.
    fn naive(a: &[BigRational], b: &[BigRational]) -> BigRational {
        a.iter().zip(b).fold(BigRational::zero(), |s, (x, y)| s + x * y)
    }

    proptest! {
        #[test]
        fn sum_of_products_matches_the_naive_sum(
            pairs in proptest::collection::vec(((-40i64..40, 1i64..12), (-40i64..40, 1i64..12)), 0..12)
        ) {
            let q = |(p, d): (i64, i64)| BigRational::new(p.into(), d.into());
            let a: Vec<BigRational> = pairs.iter().map(|&(x, _)| q(x)).collect();
            let b: Vec<BigRational> = pairs.iter().map(|&(_, y)| q(y)).collect();
            let fast = BigRational::sum_of_products(&a, &b);
            prop_assert_eq!(&fast, &naive(&a, &b));
            // The result is in lowest terms with a positive denominator.
            prop_assert!(fast.denom().is_positive());
            prop_assert!(num_integer::Integer::gcd(fast.numer(), fast.denom()).is_one());
        }
    }

    #[test]
    fn sum_of_products_of_integers_and_empty() {
        let q = |p: i64, d: i64| BigRational::new(p.into(), d.into());
        assert_eq!(BigRational::sum_of_products(&[], &[]), BigRational::zero());
        assert_eq!(
            BigRational::sum_of_products(&[q(1, 2), q(2, 3), q(3, 1)], &[q(1, 3), q(3, 4), q(-1, 1)]),
            q(1, 6) + q(1, 2) - q(3, 1)
        );
    }
}
