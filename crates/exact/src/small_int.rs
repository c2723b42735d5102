//! `Int`: an exact integer in an `i64` that moves to a [`BigInt`] only when a result does not
//! fit (the integer counterpart of [`crate::Rat`], for fraction-free eliminations such as the
//! exact simplex tableau).
//!
//! `Small(v)` holds every value in `(i64::MIN, i64::MAX]`; `Big` only values outside, so the
//! representation is unique. Machine operations are checked, or exact in `i128` with the
//! bound argued at the operation; otherwise the operation is redone on `BigInt`.

use std::cmp::Ordering;
use std::fmt;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};

/// An exact integer: machine word when it fits, big integer otherwise.
#[derive(Clone, PartialEq, Eq)]
pub enum Int {
    /// A value in `(i64::MIN, i64::MAX]`.
    Small(i64),
    /// A value outside that range.
    Big(BigInt),
}

impl Int {
    /// From an `i128` (exact).
    #[inline]
    fn from_i128(v: i128) -> Int {
        match i64::try_from(v) {
            Ok(s) if s != i64::MIN => Int::Small(s),
            _ => Int::Big(BigInt::from(v)),
        }
    }

    /// From a big integer (exact).
    pub fn from_big(v: BigInt) -> Int {
        match v.to_i64() {
            Some(s) if s != i64::MIN => Int::Small(s),
            _ => Int::Big(v),
        }
    }

    /// As a big integer.
    pub fn to_big(&self) -> BigInt {
        match self {
            Int::Small(v) => BigInt::from(*v),
            Int::Big(b) => b.clone(),
        }
    }

    /// The integer `v`.
    pub fn int(v: i64) -> Int {
        Int::from_i128(i128::from(v))
    }

    /// Whether the value is 0.
    pub fn is_zero(&self) -> bool {
        matches!(self, Int::Small(0))
    }

    /// Whether the value is 1.
    pub fn is_one(&self) -> bool {
        matches!(self, Int::Small(1))
    }

    /// Whether the value is `< 0`.
    pub fn is_negative(&self) -> bool {
        match self {
            Int::Small(v) => *v < 0,
            Int::Big(b) => b.is_negative(),
        }
    }

    /// Whether the value is `> 0`.
    pub fn is_positive(&self) -> bool {
        match self {
            Int::Small(v) => *v > 0,
            Int::Big(b) => b.is_positive(),
        }
    }

    /// `−self`.
    pub fn neg(&self) -> Int {
        match self {
            // v ≠ i64::MIN, so −v fits.
            Int::Small(v) => Int::Small(-*v),
            Int::Big(b) => Int::from_big(-b),
        }
    }

    /// `self · other`.
    pub fn mul(&self, other: &Int) -> Int {
        match (self, other) {
            // |a|, |b| < 2^63: the product fits i128.
            (Int::Small(a), Int::Small(b)) => {
                let r = Int::from_i128(i128::from(*a) * i128::from(*b));
                crate::small::count(!matches!(r, Int::Small(_)));
                r
            }
            _ => {
                crate::small::count(true);
                Int::from_big(self.to_big() * other.to_big())
            }
        }
    }

    /// `self − other`.
    pub fn sub(&self, other: &Int) -> Int {
        match (self, other) {
            (Int::Small(a), Int::Small(b)) => {
                let r = Int::from_i128(i128::from(*a) - i128::from(*b));
                crate::small::count(!matches!(r, Int::Small(_)));
                r
            }
            _ => {
                crate::small::count(true);
                Int::from_big(self.to_big() - other.to_big())
            }
        }
    }

    /// The fraction-free pivot update `(self·p − f·q) / det`, where the division is known to
    /// be exact (Edmonds: every entry is a minor). `det ≠ 0`.
    ///
    /// # Panics
    /// In debug builds, when the division is not exact (a caller's error).
    pub fn pivot_update(&self, p: &Int, f: &Int, q: &Int, det: &Int) -> Int {
        if let (Int::Small(x), Int::Small(p), Int::Small(f), Int::Small(q), Int::Small(d)) =
            (self, p, f, q, det)
        {
            // Each product has magnitude < 2^126, so the difference is < 2^127: no overflow.
            let t = i128::from(*x) * i128::from(*p) - i128::from(*f) * i128::from(*q);
            let d = i128::from(*d);
            debug_assert!(t % d == 0, "pivot_update: inexact division");
            let r = Int::from_i128(t / d);
            crate::small::count(!matches!(r, Int::Small(_)));
            return r;
        }
        crate::small::count(true);
        let t = self.to_big() * p.to_big() - f.to_big() * q.to_big();
        let d = det.to_big();
        debug_assert!((&t % &d).is_zero(), "pivot_update: inexact division");
        Int::from_big(t / d)
    }
}

impl Ord for Int {
    fn cmp(&self, o: &Int) -> Ordering {
        match (self, o) {
            (Int::Small(a), Int::Small(b)) => a.cmp(b),
            _ => self.to_big().cmp(&o.to_big()),
        }
    }
}

impl PartialOrd for Int {
    fn partial_cmp(&self, o: &Int) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl fmt::Debug for Int {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Int::Small(v) => write!(f, "{v}"),
            Int::Big(b) => write!(f, "{b}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn edgy() -> impl Strategy<Value = BigInt> {
        prop_oneof![
            (-50i128..50),
            Just(i128::from(i64::MAX)),
            Just(i128::from(i64::MIN)),
            (1i128 << 61)..(1i128 << 63),
            -(1i128 << 63)..-(1i128 << 61),
            (1i128 << 63)..(1i128 << 70),
            (1i128 << 120)..i128::MAX,
        ]
        .prop_map(BigInt::from)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn every_operation_matches_bigint(a in edgy(), b in edgy(), c in edgy(), d in edgy()) {
            let (ia, ib, ic, id) = (Int::from_big(a.clone()), Int::from_big(b.clone()), Int::from_big(c.clone()), Int::from_big(d.clone()));
            prop_assert_eq!(ia.to_big(), a.clone());
            prop_assert_eq!(ia.mul(&ib).to_big(), &a * &b);
            prop_assert_eq!(ia.sub(&ib).to_big(), &a - &b);
            prop_assert_eq!(ia.neg().to_big(), -a.clone());
            prop_assert_eq!(ia.cmp(&ib), a.cmp(&b));
            prop_assert_eq!(ia.mul(&ib), Int::from_big(&a * &b));
            // An exact division: t = a·b − c·d, divided by a non-zero divisor of t.
            let t = &a * &b - &c * &d;
            if !d.is_zero() {
                let tt = Int::from_big(t.clone() * &d);
                // (tt·1 − 0·0)/d = t
                prop_assert_eq!(tt.pivot_update(&Int::int(1), &Int::int(0), &Int::int(0), &id).to_big(), t.clone());
            }
            let _ = ic;
        }
    }

    #[test]
    fn canonical_at_the_edges() {
        assert!(matches!(Int::int(i64::MIN), Int::Big(_)));
        assert!(matches!(Int::int(i64::MAX), Int::Small(_)));
        let m = Int::int(i64::MAX).mul(&Int::int(2));
        assert!(matches!(m, Int::Big(_)));
        assert_eq!(
            m.pivot_update(&Int::int(1), &Int::int(0), &Int::int(0), &Int::int(2)),
            Int::int(i64::MAX)
        );
    }
}
