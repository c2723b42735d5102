//! [`super::decide`] over machine integers: every equality row of `[C | d | I]` is scaled by the
//! least common multiple of its denominators, then eliminated with fraction-free row operations
//! `row_i ← (p/g)·row_i − (f/g)·row_r` (`p` the pivot, `f` the entry of `row_i` in the pivot
//! column, `g = gcd(p, f)`), rows divided by their content when their entries grow. Every
//! operation is a non-zero multiple of a row plus a multiple of another, so the row space, and
//! hence the unique reduced row echelon form, is the one of the rational elimination: at the
//! end pivot row `k` is `p_k` times row `k` of the reduced form. Only rows with a non-zero
//! entry in the pivot column are touched, so the sparsity of the family systems is kept, and no
//! greatest common divisor is taken per entry as in rational arithmetic.
//!
//! Every product and sum is checked; on overflow the caller falls back to the rational
//! elimination ([`super::decide_rational`]). Values read from the system must fit in `i64`
//! (numerator and denominator) for the same reason.

use std::cmp::Ordering;

use super::super::{Constraint, LinearSystem, Motzkin, Scalar, Verdict};

/// An intermediate value left the machine integers; the caller eliminates over `T` instead.
#[derive(Debug, PartialEq, Eq)]
pub struct Overflow;

type Checked<V> = Result<V, Overflow>;

fn ck(v: Option<i128>) -> Checked<i128> {
    v.ok_or(Overflow)
}

/// `gcd(|a|, |b|)` (binary method); `Overflow` when it is `2^127`.
fn gcd(a: i128, b: i128) -> Checked<i128> {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    if a == 0 || b == 0 {
        return i128::try_from(a | b).map_err(|_| Overflow);
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
            return i128::try_from(a << shift).map_err(|_| Overflow);
        }
    }
}

/// A fraction `n / d` in lowest terms with `d > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Frac {
    n: i128,
    d: i128,
}

impl Frac {
    const ZERO: Frac = Frac { n: 0, d: 1 };

    fn new(n: i128, d: i128) -> Checked<Frac> {
        debug_assert!(d != 0);
        let (n, d) = if d < 0 {
            (ck(n.checked_neg())?, ck(d.checked_neg())?)
        } else {
            (n, d)
        };
        let g = gcd(n, d)?;
        Ok(Frac { n: n / g, d: d / g })
    }

    fn of<T: Scalar>(t: &T) -> Checked<Frac> {
        let (n, d) = t.small_parts().ok_or(Overflow)?;
        Ok(Frac {
            n: i128::from(n),
            d: i128::from(d),
        })
    }

    fn add(self, o: Frac) -> Checked<Frac> {
        let g = gcd(self.d, o.d)?;
        let d = ck((self.d / g).checked_mul(o.d))?;
        let n = ck(ck(self.n.checked_mul(o.d / g))?.checked_add(ck(o.n.checked_mul(self.d / g))?))?;
        Frac::new(n, d)
    }

    fn mul(self, o: Frac) -> Checked<Frac> {
        let g1 = gcd(self.n, o.d)?.max(1);
        let g2 = gcd(o.n, self.d)?.max(1);
        Ok(Frac {
            n: ck((self.n / g1).checked_mul(o.n / g2))?,
            d: ck((self.d / g2).checked_mul(o.d / g1))?,
        })
    }

    fn cmp(self, o: Frac) -> Checked<Ordering> {
        Ok(ck(self.n.checked_mul(o.d))?.cmp(&ck(o.n.checked_mul(self.d))?))
    }

    fn to<T: Scalar>(self) -> T {
        T::from_fraction(self.n, self.d)
    }
}

/// Entries above this magnitude make a row be divided by its content.
const GROWTH: u64 = 1 << 40;

/// [`super::decide`] in machine integers: `Ok` with the same answer as
/// [`super::decide_rational`], or `Err(Overflow)`.
pub fn decide<T: Scalar>(sys: &LinearSystem<T>) -> Checked<Option<Verdict<T>>> {
    let (n, m) = (sys.dim, sys.equalities.len());
    if m < n || n == 0 {
        return Ok(None);
    }
    match eliminate(sys, false)? {
        Some(reduced) => answer(sys, &reduced),
        None => Ok(None),
    }
}

/// The eliminated `[C | d | I]` (row-major, `m × (n + 1 + m)`) and its pivot columns.
struct Reduced {
    a: Vec<i64>,
    pivots: Vec<usize>,
}

/// Fraction-free Gauss–Jordan elimination of `[C | d | I]`. Unless `full`, a column `c < n`
/// without a pivot (the point is not pinned) restricts the work to the columns `0..=n`, which
/// decide alone whether the equalities are inconsistent: `None` when they are consistent (the
/// answer is then `None`), a full elimination when they are not (its identity block is the
/// certificate).
fn eliminate<T: Scalar>(sys: &LinearSystem<T>, full: bool) -> Checked<Option<Reduced>> {
    let (n, m) = (sys.dim, sys.equalities.len());
    let w = n + 1 + m;
    let small = |v: i128| i64::try_from(v).map_err(|_| Overflow);
    let mut a = vec![0i64; m * w];
    for (i, row) in sys.equalities.iter().enumerate() {
        let mut l: i128 = 1;
        for t in row.coeffs.iter().chain(std::iter::once(&row.rhs)) {
            if !t.is_zero() {
                let d = Frac::of(t)?.d;
                l = ck((l / gcd(l, d)?).checked_mul(d))?;
            }
        }
        let scaled = |t: &T| -> Checked<i64> {
            let f = Frac::of(t)?;
            small(ck(f.n.checked_mul(l / f.d))?)
        };
        for (j, c) in row.coeffs.iter().enumerate() {
            if !c.is_zero() {
                a[i * w + j] = scaled(c)?;
            }
        }
        if !row.rhs.is_zero() {
            a[i * w + n] = scaled(&row.rhs)?;
        }
        a[i * w + n + 1 + i] = small(l)?;
    }
    // The columns the row operations update: all, or `0..=n` once the point is seen not pinned.
    let mut hi = w;
    let mut pivots = Vec::with_capacity(m);
    let mut support = Vec::with_capacity(w);
    let mut r = 0;
    for c in 0..w {
        if r == m || c >= hi {
            break;
        }
        // Any non-zero entry gives the same reduced form; the least keeps the numbers small.
        let mut best: Option<usize> = None;
        for i in r..m {
            let v = a[i * w + c].unsigned_abs();
            if v != 0 && best.is_none_or(|b| v < a[b * w + c].unsigned_abs()) {
                best = Some(i);
                if v == 1 {
                    break;
                }
            }
        }
        let Some(p) = best else {
            if c < n && !full {
                hi = n + 1;
            }
            continue;
        };
        if p != r {
            for j in 0..hi {
                a.swap(p * w + j, r * w + j);
            }
        }
        let piv = a[r * w + c];
        support.clear();
        support.extend((0..hi).filter(|&j| a[r * w + j] != 0));
        for i in 0..m {
            let f = a[i * w + c];
            if i == r || f == 0 {
                continue;
            }
            // row_i ← pp·row_i − ff·row_r with pp = |piv|/g > 0, ff = f·sign(piv)/g.
            let (pp, ff) = if piv.unsigned_abs() == 1 {
                (1i64, f.checked_mul(piv).ok_or(Overflow)?)
            } else {
                let g = gcd(i128::from(piv), i128::from(f))?;
                let ff = i128::from(f) * i128::from(piv.signum()) / g;
                (small(i128::from(piv).abs() / g)?, small(ff)?)
            };
            let row = i * w;
            if pp != 1 {
                for v in &mut a[row..row + hi] {
                    if *v != 0 {
                        *v = v.checked_mul(pp).ok_or(Overflow)?;
                    }
                }
            }
            let mut large = false;
            for &j in &support {
                let v = small(i128::from(a[row + j]) - i128::from(ff) * i128::from(a[r * w + j]))?;
                large |= v.unsigned_abs() > GROWTH;
                a[row + j] = v;
            }
            if large {
                let content = small(
                    a[row..row + hi]
                        .iter()
                        .try_fold(0i128, |g, &v| gcd(g, i128::from(v)))?,
                )?;
                if content > 1 {
                    for v in &mut a[row..row + hi] {
                        *v /= content;
                    }
                }
            }
        }
        pivots.push(c);
        r += 1;
    }
    if hi < w {
        // Not pinned: only inconsistent equalities (a pivot on `d`) still give an answer.
        return if pivots.contains(&n) {
            eliminate(sys, true)
        } else {
            Ok(None)
        };
    }
    Ok(Some(Reduced { a, pivots }))
}

/// The verdict read from the eliminated `[C | d | I]`.
fn answer<T: Scalar>(sys: &LinearSystem<T>, reduced: &Reduced) -> Checked<Option<Verdict<T>>> {
    let (n, m) = (sys.dim, sys.equalities.len());
    let w = n + 1 + m;
    let (a, pivots) = (&reduced.a, &reduced.pivots);
    let entry = |row: usize, col: usize| i128::from(a[row * w + col]);
    // A pivot on the right-hand side column: inconsistent equalities.
    if let Some(row) = pivots.iter().position(|&p| p == n) {
        let p = entry(row, n);
        let mu = (0..m)
            .map(|i| Ok(Frac::new(entry(row, n + 1 + i), p)?.to::<T>()))
            .collect::<Checked<Vec<T>>>()?;
        return Ok(Some(Verdict::Infeasible(Motzkin {
            strict: vec![T::zero(); sys.strict.len()],
            nonstrict: vec![T::zero(); sys.nonstrict.len()],
            equalities: mu,
        })));
    }
    // Full column rank: the pivots are exactly 0..n, in order.
    if pivots.len() < n || pivots[..n].iter().enumerate().any(|(i, &p)| p != i) {
        return Ok(None);
    }
    let point = (0..n)
        .map(|i| Frac::new(entry(i, n), entry(i, i)))
        .collect::<Checked<Vec<Frac>>>()?;
    // `a·v*` for a row `a`.
    let value = |row: &Constraint<T>| -> Checked<Frac> {
        let mut s = Frac::ZERO;
        for (c, v) in row.coeffs.iter().zip(&point) {
            if !c.is_zero() && v.n != 0 {
                s = s.add(Frac::of(c)?.mul(*v)?)?;
            }
        }
        Ok(s)
    };
    // `−w` with `w = Eᵀ a` (row `j` of `E` is row `j` of the identity block over its pivot).
    let minus_expressed = |coeffs: &[T]| -> Checked<Vec<T>> {
        let mut out = Vec::with_capacity(m);
        for i in 0..m {
            let mut s = Frac::ZERO;
            for (j, c) in coeffs.iter().enumerate() {
                let e = entry(j, n + 1 + i);
                if !c.is_zero() && e != 0 {
                    s = s.add(Frac::of(c)?.mul(Frac::new(e, entry(j, j))?)?)?;
                }
            }
            out.push(Frac::new(ck(s.n.checked_neg())?, s.d)?.to::<T>());
        }
        Ok(out)
    };
    let certificate = |strict: Option<usize>, nonstrict: Option<usize>, coeffs: &[T]| {
        let mut lambda = vec![T::zero(); sys.strict.len()];
        let mut nu = vec![T::zero(); sys.nonstrict.len()];
        if let Some(j) = strict {
            lambda[j] = T::one();
        }
        if let Some(l) = nonstrict {
            nu[l] = T::one();
        }
        Ok(Some(Verdict::Infeasible(Motzkin {
            strict: lambda,
            nonstrict: nu,
            equalities: minus_expressed(coeffs)?,
        })))
    };
    for (j, row) in sys.strict.iter().enumerate() {
        if value(row)?.cmp(Frac::of(&row.rhs)?)? != Ordering::Greater {
            return certificate(Some(j), None, &row.coeffs);
        }
    }
    for (l, row) in sys.nonstrict.iter().enumerate() {
        if value(row)?.cmp(Frac::of(&row.rhs)?)? == Ordering::Less {
            return certificate(None, Some(l), &row.coeffs);
        }
    }
    Ok(Some(Verdict::Feasible(point.into_iter().map(Frac::to).collect())))
}

#[cfg(test)]
mod tests {
    use super::super::decide_rational;
    use super::*;
    use proptest::prelude::*;
    use relucert_exact::{Q, Rat};

    fn rat(n: i64, d: i64) -> Rat {
        Rat::from_q(&Q::new(n.into(), d.into()))
    }

    /// Rows of `len` entries: small integers, many zeros, some halves and thirds.
    fn rows(count: usize, len: usize) -> impl Strategy<Value = Vec<Constraint<Rat>>> {
        let entry = (
            -3i64..=3,
            prop_oneof![4 => Just(1i64), 1 => Just(2i64), 1 => Just(3i64)],
        )
            .prop_map(|(n, d)| rat(n, d));
        proptest::collection::vec((proptest::collection::vec(entry.clone(), len), entry), count).prop_map(
            |v| {
                v.into_iter()
                    .map(|(coeffs, rhs)| Constraint { coeffs, rhs })
                    .collect()
            },
        )
    }

    fn systems() -> impl Strategy<Value = LinearSystem<Rat>> {
        (1usize..=4, 0usize..=3, 0usize..=3, 0usize..=3).prop_flat_map(|(n, extra, s, ns)| {
            (rows(n + extra, n), rows(s, n), rows(ns, n)).prop_map(move |(equalities, strict, nonstrict)| {
                LinearSystem {
                    dim: n,
                    strict,
                    nonstrict,
                    equalities,
                }
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]
        /// The integer elimination gives exactly the answer of the rational one.
        #[test]
        fn integral_elimination_agrees_with_the_rational_one(sys in systems()) {
            prop_assert_eq!(decide(&sys), Ok(decide_rational(&sys)));
            let q: LinearSystem<Q> = sys.convert();
            prop_assert_eq!(decide(&q), Ok(decide_rational(&q)));
        }
    }

    #[test]
    fn numbers_beyond_machine_words_fall_back() {
        let big = Rat::from_q(&Q::new(1.into(), (1i128 << 80).into()));
        let sys = LinearSystem {
            dim: 1,
            strict: vec![],
            nonstrict: vec![],
            equalities: vec![Constraint {
                coeffs: vec![big.clone()],
                rhs: Rat::int(1),
            }],
        };
        assert_eq!(decide(&sys), Err(Overflow));
        assert_eq!(
            super::super::decide(&sys),
            Some(Verdict::Feasible(vec![Rat::from_q(&Q::from_integer(
                (1i128 << 80).into()
            ))]))
        );
    }

    #[test]
    fn large_entries_agree_with_the_rational_elimination() {
        // Entries near 2^40: products leave the machine words unless rows are reduced.
        let e = |v: i64| Rat::int(v);
        let sys = LinearSystem {
            dim: 2,
            strict: vec![],
            nonstrict: vec![],
            equalities: vec![
                Constraint {
                    coeffs: vec![e(1 << 40), e(847_288_609_443)],
                    rhs: e(1),
                },
                Constraint {
                    coeffs: vec![e(847_288_609_443), e((1 << 40) + 1)],
                    rhs: e(2),
                },
                Constraint {
                    coeffs: vec![e(3), e(5)],
                    rhs: e(7),
                },
            ],
        };
        let rational = decide_rational(&sys);
        assert_eq!(super::super::decide(&sys), rational);
    }
}
