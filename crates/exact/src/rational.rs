//! The exact rational scalar `Q` and its text form.
//!
//! Text form (used in instance files, certificates and output): an integer `"-3"`, a fraction
//! `"p/q"` with `q ≠ 0`, or a decimal with optional exponent `"0.25"`, `"-1.5e-3"`. Output is
//! always the canonical `"p/q"` (lowest terms, positive denominator) or `"p"`.

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Zero};

/// The exact rational number type used everywhere.
pub type Q = BigRational;

/// Canonical text of a rational: `"p"` when integral, else `"p/q"` in lowest terms.
pub fn format_q(q: &Q) -> String {
    // Machine-size values (the common case) print through i64, without big-integer radix
    // conversion; the text is the same.
    use num_traits::ToPrimitive;
    if let (Some(n), Some(d)) = (q.numer().to_i64(), q.denom().to_i64()) {
        return if d == 1 { n.to_string() } else { format!("{n}/{d}") };
    }
    if q.denom().is_one() {
        q.numer().to_string()
    } else {
        format!("{}/{}", q.numer(), q.denom())
    }
}

/// Parse the exact text form of a rational. The error says what was expected.
pub fn parse_q(text: &str) -> Result<Q, String> {
    let s = text.trim();
    if s.is_empty() {
        return Err("expected a number, found an empty string".into());
    }
    // Bounded before conversion: "1e99999" or a million digits is refused from its text.
    crate::limits::check_number_text(s)?;
    if let Some(q) = parse_machine(s) {
        return Ok(q);
    }
    if let Some((p, q)) = s.split_once('/') {
        let num = parse_integer(p.trim()).ok_or_else(|| not_a_number(text))?;
        let den = parse_integer(q.trim()).ok_or_else(|| not_a_number(text))?;
        if den.is_zero() {
            return Err(format!("zero denominator in \"{text}\""));
        }
        return Ok(BigRational::new(num, den));
    }
    parse_decimal(s).ok_or_else(|| not_a_number(text))
}

/// The fast path of [`parse_q`] for the common text `"p"` or `"p/q"` with at most 18 digits
/// each (so both fit an `i64`): reduced with a machine gcd, the same value and representation
/// as the general path. `None` for anything else (including a zero denominator), which the
/// general path then handles.
fn parse_machine(s: &str) -> Option<Q> {
    fn int(t: &str) -> Option<i64> {
        let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let v: i64 = digits.parse().ok()?;
        Some(if t.starts_with('-') { -v } else { v })
    }
    let (n, d) = match s.split_once('/') {
        Some((p, q)) => (int(p.trim())?, int(q.trim())?),
        None => (int(s)?, 1),
    };
    if d == 0 {
        return None;
    }
    let (mut a, mut b) = (n.unsigned_abs(), d.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    let g = a.max(1) as i64;
    let (n, d) = if d < 0 { (-n / g, -d / g) } else { (n / g, d / g) };
    Some(BigRational::new_raw(BigInt::from(n), BigInt::from(d)))
}

fn not_a_number(text: &str) -> String {
    format!(
        "expected an exact number (integer, \"p/q\" or decimal like \"-1.5e-3\"), found \"{}\"",
        crate::limits::shorten(text)
    )
}

fn parse_integer(s: &str) -> Option<BigInt> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let v: BigInt = digits.parse().ok()?;
    Some(if s.starts_with('-') { -v } else { v })
}

/// `[+-]digits[.digits][(e|E)[+-]digits]`, at least one digit in the mantissa.
fn parse_decimal(s: &str) -> Option<Q> {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(pos) => (&s[..pos], Some(&s[pos + 1..])),
        None => (s, None),
    };
    let negative = mantissa.starts_with('-');
    let unsigned = mantissa.strip_prefix(['+', '-']).unwrap_or(mantissa);
    let (int_part, frac_part) = match unsigned.split_once('.') {
        Some((i, f)) => (i, f),
        None => (unsigned, ""),
    };
    if int_part.is_empty() && frac_part.is_empty() {
        return None;
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let all_digits = format!("{int_part}{frac_part}");
    let mut numer: BigInt = if all_digits.is_empty() {
        BigInt::zero()
    } else {
        all_digits.parse().ok()?
    };
    if negative {
        numer = -numer;
    }
    let mut exp: i64 = -(frac_part.len() as i64);
    if let Some(e) = exponent {
        let ev: i64 = parse_integer(e)?.try_into().ok()?;
        if ev.abs() > 100_000 {
            return None;
        }
        exp += ev;
    }
    let ten = BigInt::from(10);
    let value = if exp >= 0 {
        BigRational::from_integer(numer * num_traits::pow(ten, exp as usize))
    } else {
        BigRational::new(numer, num_traits::pow(ten, (-exp) as usize))
    };
    Some(value)
}

/// Convenience constructor for tests and examples: `q(p, r)` is `p/r`.
pub fn q(p: i64, r: i64) -> Q {
    BigRational::new(BigInt::from(p), BigInt::from(r))
}

/// The integer `n` as a rational.
pub fn qi(n: i64) -> Q {
    BigRational::from_integer(BigInt::from(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_exact_form() {
        assert_eq!(parse_q("3").unwrap(), qi(3));
        assert_eq!(parse_q("-3/4").unwrap(), q(-3, 4));
        assert_eq!(parse_q("6/-8").unwrap(), q(-3, 4));
        assert_eq!(parse_q("0.25").unwrap(), q(1, 4));
        assert_eq!(parse_q("-1.5e-3").unwrap(), q(-3, 2000));
        assert_eq!(parse_q("1e3").unwrap(), qi(1000));
        assert_eq!(parse_q(".5").unwrap(), q(1, 2));
        assert_eq!(parse_q("2.").unwrap(), qi(2));
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in [
            "", "abc", "1/0", "1.2.3", "e5", "1e", "--1", "1/2/3", "0x10", "nan", "inf",
        ] {
            assert!(parse_q(bad).is_err(), "{bad:?} should be rejected");
        }
        assert!(parse_q("1/0").unwrap_err().contains("zero denominator"));
    }

    proptest::proptest! {
        /// The machine fast path gives exactly the general path's value and representation.
        #[test]
        fn machine_path_equals_general_path(n in -10i64.pow(18)+1..10i64.pow(18), d in -10i64.pow(18)+1..10i64.pow(18), frac in proptest::bool::ANY) {
            let text = if frac { format!("{n}/{d}") } else { format!("{n}") };
            let general = if frac {
                (d != 0).then(|| BigRational::new(n.into(), d.into()))
            } else {
                Some(BigRational::from_integer(n.into()))
            };
            let parsed = parse_q(&text).ok();
            proptest::prop_assert_eq!(&parsed, &general);
            if let Some(q) = parsed {
                proptest::prop_assert_eq!(q.numer(), general.as_ref().unwrap().numer());
                proptest::prop_assert_eq!(q.denom(), general.as_ref().unwrap().denom());
            }
        }
    }

    #[test]
    fn formats_canonically() {
        assert_eq!(format_q(&q(6, -8)), "-3/4");
        assert_eq!(format_q(&qi(5)), "5");
        assert_eq!(format_q(&qi(0)), "0");
        assert_eq!(format_q(&qi(i64::MIN)), "-9223372036854775808");
        let big = Q::from_integer(BigInt::from(i64::MAX) * 4);
        assert_eq!(format_q(&big), "36893488147419103228");
        assert_eq!(format_q(&(Q::one() / big)), "1/36893488147419103228");
    }
}
