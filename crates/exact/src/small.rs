//! `Rat`: an exact rational that computes in machine words and moves to a big rational only
//! when a result does not fit — the approach of lrs (64-bit first, arbitrary precision on
//! overflow).
//!
//! A value is either `Small { n, d }` — numerator and denominator in `i64`, `d > 0`,
//! `gcd(|n|, d) = 1`, `n ≠ i64::MIN` — or `Big(BigRational)`, and it is `Big` **only** when it
//! does not fit `Small` (every constructor demotes). So each rational has exactly one
//! representation and equality is structural. Every machine operation is checked (`checked_*`,
//! or exact `i128` intermediates whose bounds are argued at the operation); an operation whose
//! result does not fit is redone on [`BigRational`] from the exact operands, so the value is
//! always the exact rational result — the property tests compare every operation against
//! `BigRational`, including operands chosen to overflow `i64` and `i128`.
//!
//! Reduction uses a binary gcd on `u64` (a few dozen cycles), not a big-integer gcd; the
//! common cases (integers, equal denominators) take no gcd at all.
//!
//! The share of operations that needed big integers is counted per thread without
//! synchronisation ([`counts`] sums the threads).

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Arc, Mutex};

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::field::Field;

/// An exact rational: machine words when it fits, a big rational otherwise (see the module docs).
#[derive(Clone)]
pub enum Rat {
    /// `n/d` with `d > 0`, `gcd(|n|, d) = 1`, `n ≠ i64::MIN`.
    Small { n: i64, d: i64 },
    /// A value that does not fit `Small`.
    Big(Box<BigRational>),
}

// ---------------------------------------------------------------------------------------------
// Operation counters (for `make bench`): per thread, plain loads and stores on an atomic the
// thread owns (no read-modify-write, no contention); `counts` sums every thread ever started.

struct Counter {
    ops: AtomicU64,
    big: AtomicU64,
}

static REGISTRY: Mutex<Vec<Arc<Counter>>> = Mutex::new(Vec::new());

thread_local! {
    static COUNTER: Arc<Counter> = {
        let c = Arc::new(Counter { ops: AtomicU64::new(0), big: AtomicU64::new(0) });
        if let Ok(mut r) = REGISTRY.lock() {
            r.push(c.clone());
        }
        c
    };
}

#[inline]
pub(crate) fn count(big: bool) {
    COUNTER.with(|c| {
        c.ops
            .store(c.ops.load(AtomicOrdering::Relaxed) + 1, AtomicOrdering::Relaxed);
        if big {
            c.big
                .store(c.big.load(AtomicOrdering::Relaxed) + 1, AtomicOrdering::Relaxed);
        }
    });
}

/// `(operations, operations that used big integers)` of [`Rat`] arithmetic (`+ − × ÷` and
/// comparisons) and of [`crate::Int`] products, differences and pivot updates, summed over
/// every thread so far.
pub fn counts() -> (u64, u64) {
    let r = REGISTRY.lock().map(|r| r.clone()).unwrap_or_default();
    r.iter().fold((0, 0), |(o, b), c| {
        (
            o + c.ops.load(AtomicOrdering::Relaxed),
            b + c.big.load(AtomicOrdering::Relaxed),
        )
    })
}

// ---------------------------------------------------------------------------------------------

/// Binary gcd of two non-negative machine integers (`gcd(0, b) = b`).
#[inline]
fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

impl Rat {
    /// The integer `v`.
    #[inline]
    pub fn int(v: i64) -> Self {
        if v == i64::MIN {
            Rat::Big(Box::new(BigRational::from_integer(BigInt::from(v))))
        } else {
            Rat::Small { n: v, d: 1 }
        }
    }

    /// From a big rational (already in lowest terms, as `BigRational` keeps it).
    pub fn from_big(q: BigRational) -> Self {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) if n != i64::MIN => Rat::Small { n, d },
            _ => Rat::Big(Box::new(q)),
        }
    }

    /// From the crate's rational [`crate::Q`].
    pub fn from_q(q: &BigRational) -> Self {
        match (q.numer().to_i64(), q.denom().to_i64()) {
            (Some(n), Some(d)) if n != i64::MIN => Rat::Small { n, d },
            _ => Rat::Big(Box::new(q.clone())),
        }
    }

    /// As the crate's rational [`crate::Q`].
    pub fn to_q(&self) -> BigRational {
        match self {
            Rat::Small { n, d } => BigRational::new_raw(BigInt::from(*n), BigInt::from(*d)),
            Rat::Big(q) => (**q).clone(),
        }
    }

    fn big(&self) -> BigRational {
        self.to_q()
    }

    /// Numerator and denominator (`d > 0`, lowest terms) when held in machine words.
    pub fn small_parts(&self) -> Option<(i64, i64)> {
        match self {
            Rat::Small { n, d } => Some((*n, *d)),
            Rat::Big(_) => None,
        }
    }

    /// Whether the value is held in machine words.
    pub fn is_small(&self) -> bool {
        matches!(self, Rat::Small { .. })
    }

    /// Whether the value is an integer.
    pub fn is_integer(&self) -> bool {
        match self {
            Rat::Small { d, .. } => *d == 1,
            Rat::Big(q) => q.is_integer(),
        }
    }

    /// Whether the value is `> 0`.
    pub fn is_positive(&self) -> bool {
        self.signum_i8() > 0
    }

    /// Whether the value is `< 0`.
    pub fn is_negative(&self) -> bool {
        self.signum_i8() < 0
    }

    fn add_small(an: i64, ad: i64, bn: i64, bd: i64) -> Option<Self> {
        if ad == bd {
            let n = an.checked_add(bn)?;
            if ad == 1 {
                return (n != i64::MIN).then_some(Rat::Small { n, d: 1 });
            }
            let g = gcd_u64(n.unsigned_abs(), ad as u64) as i64;
            let n = n / g;
            return (n != i64::MIN).then_some(Rat::Small { n, d: ad / g });
        }
        // Knuth 4.5.1: g = gcd(ad, bd); t = an·(bd/g) + bn·(ad/g) (|t| < 2^127: two products
        // of magnitudes < 2^63); n = t/gcd(t, g), d = (ad/g)·(bd/gcd(t, g)).
        let g = gcd_u64(ad as u64, bd as u64) as i64;
        let t = i128::from(an) * i128::from(bd / g) + i128::from(bn) * i128::from(ad / g);
        if t == 0 {
            return Some(Rat::Small { n: 0, d: 1 });
        }
        let g2 = gcd_u64((t % i128::from(g)).unsigned_abs() as u64, g as u64) as i128;
        let n = i64::try_from(t / g2).ok()?;
        let d = (ad / g).checked_mul(bd / g2 as i64)?;
        (n != i64::MIN).then_some(Rat::Small { n, d })
    }

    fn mul_small(an: i64, ad: i64, bn: i64, bd: i64) -> Option<Self> {
        if ad == 1 && bd == 1 {
            let n = an.checked_mul(bn)?;
            return (n != i64::MIN).then_some(Rat::Small { n, d: 1 });
        }
        // Cross-reduce first so the result is in lowest terms without a final gcd.
        let g1 = gcd_u64(an.unsigned_abs(), bd as u64).max(1) as i64;
        let g2 = gcd_u64(bn.unsigned_abs(), ad as u64).max(1) as i64;
        let n = (an / g1).checked_mul(bn / g2)?;
        let d = (ad / g2).checked_mul(bd / g1)?;
        if n == 0 {
            return Some(Rat::Small { n: 0, d: 1 });
        }
        (n != i64::MIN).then_some(Rat::Small { n, d })
    }

    /// The reciprocal; `None` for zero.
    pub fn recip(&self) -> Option<Self> {
        match self {
            Rat::Small { n: 0, .. } => None,
            // n ≠ i64::MIN, so −n and −d fit.
            Rat::Small { n, d } if *n < 0 => Some(Rat::Small { n: -*d, d: -*n }),
            Rat::Small { n, d } => Some(Rat::Small { n: *d, d: *n }),
            Rat::Big(q) => Some(Rat::from_big(q.recip())),
        }
    }
}

/// Binary gcd on `u128`, with a `u64` fast path.
#[cfg(test)]
fn gcd_u128(a: u128, b: u128) -> u128 {
    if let (Ok(a), Ok(b)) = (u64::try_from(a), u64::try_from(b)) {
        return u128::from(gcd_u64(a, b));
    }
    let (mut a, mut b) = (a, b);
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

// --- arithmetic -------------------------------------------------------------------------------

fn add_ref(a: &Rat, b: &Rat) -> Rat {
    if let (Rat::Small { n: an, d: ad }, Rat::Small { n: bn, d: bd }) = (a, b) {
        if let Some(r) = Rat::add_small(*an, *ad, *bn, *bd) {
            count(false);
            return r;
        }
    }
    count(true);
    Rat::from_big(a.big() + b.big())
}

fn neg_ref(a: &Rat) -> Rat {
    match a {
        // n ≠ i64::MIN, so −n fits and is ≠ i64::MIN.
        Rat::Small { n, d } => Rat::Small { n: -*n, d: *d },
        Rat::Big(q) => Rat::from_big(-(**q).clone()),
    }
}

fn sub_ref(a: &Rat, b: &Rat) -> Rat {
    if let (Rat::Small { n: an, d: ad }, Rat::Small { n: bn, d: bd }) = (a, b) {
        if let Some(r) = Rat::add_small(*an, *ad, -*bn, *bd) {
            count(false);
            return r;
        }
    }
    count(true);
    Rat::from_big(a.big() - b.big())
}

fn mul_ref(a: &Rat, b: &Rat) -> Rat {
    if let (Rat::Small { n: an, d: ad }, Rat::Small { n: bn, d: bd }) = (a, b) {
        if let Some(r) = Rat::mul_small(*an, *ad, *bn, *bd) {
            count(false);
            return r;
        }
    }
    count(true);
    Rat::from_big(a.big() * b.big())
}

fn div_ref(a: &Rat, b: &Rat) -> Rat {
    let inv = b.recip().expect("Rat: division by zero");
    mul_ref(a, &inv)
}

macro_rules! binop {
    ($tr:ident, $m:ident, $f:ident) => {
        impl $tr for Rat {
            type Output = Rat;
            #[inline]
            fn $m(self, o: Rat) -> Rat {
                $f(&self, &o)
            }
        }
        impl<'a> $tr<&'a Rat> for Rat {
            type Output = Rat;
            #[inline]
            fn $m(self, o: &'a Rat) -> Rat {
                $f(&self, o)
            }
        }
        impl<'a> $tr<&'a Rat> for &Rat {
            type Output = Rat;
            #[inline]
            fn $m(self, o: &'a Rat) -> Rat {
                $f(self, o)
            }
        }
        impl $tr<Rat> for &Rat {
            type Output = Rat;
            #[inline]
            fn $m(self, o: Rat) -> Rat {
                $f(self, &o)
            }
        }
    };
}
binop!(Add, add, add_ref);
binop!(Sub, sub, sub_ref);
binop!(Mul, mul, mul_ref);
binop!(Div, div, div_ref);

impl Neg for Rat {
    type Output = Rat;
    fn neg(self) -> Rat {
        neg_ref(&self)
    }
}
impl Neg for &Rat {
    type Output = Rat;
    fn neg(self) -> Rat {
        neg_ref(self)
    }
}
impl AddAssign<&Rat> for Rat {
    fn add_assign(&mut self, o: &Rat) {
        *self = add_ref(self, o);
    }
}
impl SubAssign<&Rat> for Rat {
    fn sub_assign(&mut self, o: &Rat) {
        *self = sub_ref(self, o);
    }
}

// --- order and equality -------------------------------------------------------------------------

impl PartialEq for Rat {
    fn eq(&self, o: &Rat) -> bool {
        // Canonical representation: equal values have equal representations.
        match (self, o) {
            (Rat::Small { n: a, d: b }, Rat::Small { n: c, d: e }) => a == c && b == e,
            (Rat::Big(a), Rat::Big(b)) => a == b,
            _ => false,
        }
    }
}
impl Eq for Rat {}

impl Ord for Rat {
    fn cmp(&self, o: &Rat) -> Ordering {
        match (self, o) {
            (Rat::Small { n: an, d: ad }, Rat::Small { n: bn, d: bd }) => {
                count(false);
                if ad == bd {
                    an.cmp(bn)
                } else {
                    // Products of magnitudes < 2^63 fit i128.
                    (i128::from(*an) * i128::from(*bd)).cmp(&(i128::from(*bn) * i128::from(*ad)))
                }
            }
            _ => {
                count(true);
                self.big().cmp(&o.big())
            }
        }
    }
}
impl PartialOrd for Rat {
    fn partial_cmp(&self, o: &Rat) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl std::hash::Hash for Rat {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        match self {
            Rat::Small { n, d } => {
                n.hash(h);
                d.hash(h);
            }
            Rat::Big(q) => q.hash(h),
        }
    }
}

impl Zero for Rat {
    fn zero() -> Self {
        Rat::Small { n: 0, d: 1 }
    }
    fn is_zero(&self) -> bool {
        matches!(self, Rat::Small { n: 0, .. })
    }
}

impl One for Rat {
    fn one() -> Self {
        Rat::Small { n: 1, d: 1 }
    }
}

impl Field for Rat {
    fn signum_i8(&self) -> i8 {
        match self {
            Rat::Small { n, .. } => n.signum() as i8,
            Rat::Big(q) => {
                if q.is_positive() {
                    1
                } else if q.is_negative() {
                    -1
                } else {
                    0
                }
            }
        }
    }
    fn from_i64(v: i64) -> Self {
        Rat::int(v)
    }
}

/// Conversions to machine numbers. `to_f64` is the correctly rounded value (as
/// `BigRational::to_f64`): exact division of exactly representable operands when both fit in
/// 53 bits, the big-rational conversion otherwise.
impl ToPrimitive for Rat {
    fn to_i64(&self) -> Option<i64> {
        match self {
            Rat::Small { n, d: 1 } => Some(*n),
            Rat::Small { .. } => None,
            Rat::Big(q) => q.to_i64(),
        }
    }
    fn to_u64(&self) -> Option<u64> {
        self.to_i64().and_then(|v| u64::try_from(v).ok())
    }
    fn to_f64(&self) -> Option<f64> {
        const EXACT: i64 = 1 << 53;
        match self {
            Rat::Small { n, d } if n.abs() <= EXACT && *d <= EXACT => Some(*n as f64 / *d as f64),
            _ => self.to_q().to_f64(),
        }
    }
}

impl From<i64> for Rat {
    fn from(v: i64) -> Self {
        Rat::int(v)
    }
}

impl fmt::Debug for Rat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rat::Small { n, d: 1 } => write!(f, "{n}"),
            Rat::Small { n, d } => write!(f, "{n}/{d}"),
            Rat::Big(q) => write!(f, "{q}"),
        }
    }
}

impl fmt::Display for Rat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(n: i128, d: i128) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    /// Numbers near the edges: small, around 2^31, 2^62..2^63 (overflow i64 products and sums),
    /// and around 2^64..2^127 (start `Big`, overflow i128 intermediates).
    fn edgy() -> impl Strategy<Value = BigRational> {
        let mag = prop_oneof![
            -20i128..20,
            Just(i128::from(i64::MAX)),
            Just(i128::from(i64::MIN)),
            Just(i128::from(i64::MAX) + 1),
            Just(-i128::from(i64::MAX)),
            (1i128 << 30)..(1i128 << 32),
            (1i128 << 61)..(1i128 << 63),
            -(1i128 << 63)..-(1i128 << 61),
            (1i128 << 63)..(1i128 << 66),
            (1i128 << 125)..i128::MAX,
        ];
        let den = prop_oneof![
            Just(1i128),
            1i128..50,
            (1i128 << 31)..(1i128 << 33),
            (1i128 << 61)..(1i128 << 63),
            Just(i128::from(i64::MAX)),
            (1i128 << 63)..(1i128 << 65),
        ];
        (mag, den).prop_map(|(n, d)| q(n, d))
    }

    fn check_canonical(r: &Rat) {
        match r {
            Rat::Small { n, d } => {
                assert!(*d > 0 && *n != i64::MIN);
                assert_eq!(
                    gcd_u64(n.unsigned_abs(), *d as u64),
                    if *n == 0 { *d as u64 } else { 1 }
                );
                if *n == 0 {
                    assert_eq!(*d, 1);
                }
            }
            Rat::Big(q) => assert!(
                q.numer().to_i64().filter(|n| *n != i64::MIN).is_none() || q.denom().to_i64().is_none(),
                "a Big value that fits Small: {q}"
            ),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn every_operation_matches_bigrational(a in edgy(), b in edgy()) {
            let (ra, rb) = (Rat::from_q(&a), Rat::from_q(&b));
            check_canonical(&ra);
            prop_assert_eq!(ra.to_q(), a.clone());
            let results = [
                (&ra + &rb, &a + &b),
                (&ra - &rb, &a - &b),
                (&ra * &rb, &a * &b),
                (-ra.clone(), -a.clone()),
            ];
            for (r, want) in results {
                check_canonical(&r);
                prop_assert_eq!(r.to_q(), want.clone());
                prop_assert_eq!(r, Rat::from_q(&want));
            }
            if !b.is_zero() {
                let r = &ra / &rb;
                check_canonical(&r);
                prop_assert_eq!(r.to_q(), &a / &b);
            }
            prop_assert_eq!(ra.cmp(&rb), a.cmp(&b));
            prop_assert_eq!(ra == rb, a == b);
            prop_assert_eq!(ra.signum_i8(), BigRational::signum_i8(&a));
            prop_assert_eq!(ra.to_f64(), a.to_f64());
        }

        /// Chains of operations (as the eliminations do) agree with `BigRational` at every step.
        #[test]
        fn chains_match_bigrational(xs in proptest::collection::vec(edgy(), 1..12), ops in proptest::collection::vec(0u8..4, 12)) {
            let mut r = Rat::from_q(&xs[0]);
            let mut want = xs[0].clone();
            for (x, op) in xs[1..].iter().zip(ops) {
                let rx = Rat::from_q(x);
                match op {
                    0 => { r = r + &rx; want += x; }
                    1 => { r = r - &rx; want -= x; }
                    2 => { r = r * &rx; want *= x; }
                    _ => if !x.is_zero() { r = r / &rx; want /= x; },
                }
                check_canonical(&r);
                prop_assert_eq!(r.to_q(), want.clone());
            }
        }

        /// Small fractions exercise the machine paths (no promotion), and must agree too.
        #[test]
        fn small_fractions(an in -1000i64..1000, ad in 1i64..1000, bn in -1000i64..1000, bd in 1i64..1000) {
            let (a, b) = (q(an.into(), ad.into()), q(bn.into(), bd.into()));
            let (ra, rb) = (Rat::from_q(&a), Rat::from_q(&b));
            prop_assert_eq!((&ra + &rb).to_q(), &a + &b);
            prop_assert_eq!((&ra - &rb).to_q(), &a - &b);
            prop_assert_eq!((&ra * &rb).to_q(), &a * &b);
            prop_assert!((&ra * &rb).is_small());
        }
    }

    #[test]
    fn overflow_promotes_and_demotes() {
        let big = Rat::int(i64::MAX);
        let sq = &big * &big;
        assert!(!sq.is_small());
        assert_eq!(sq.to_q(), q(i128::from(i64::MAX) * i128::from(i64::MAX), 1));
        let back = &sq / &big;
        assert!(back.is_small());
        assert_eq!(back, big);
        assert!(!Rat::int(i64::MIN).is_small());
        assert_eq!(
            (Rat::int(i64::MIN) + Rat::int(1)).to_q(),
            q(i128::from(i64::MIN) + 1, 1)
        );
        assert_eq!(gcd_u64(12, 18), 6);
        assert_eq!(gcd_u128(1 << 100, 1 << 90), 1 << 90);
    }

    #[test]
    fn counters_see_promotions() {
        let (o0, b0) = counts();
        let big = Rat::int(i64::MAX);
        let _ = &big * &big;
        let _ = Rat::int(2) + Rat::int(3);
        let (o1, b1) = counts();
        assert!(o1 >= o0 + 2 && b1 > b0);
    }
}
