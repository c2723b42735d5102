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
}
