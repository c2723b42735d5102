//! What a binary floating-point number means as exact input (issue #12): numbers from NumPy,
//! pandas or a CSV file written by them are IEEE doubles, and the exact rational the user meant
//! is not always the float's value. The policy is explicit (`docs/instance-format.md`):
//!
//! - [`FloatPolicy::Reject`] (the default): a float is refused with a message naming the fix. In
//!   a CSV file, where every number is text, a decimal cell is read exactly as written when it is
//!   the shortest decimal that gives its double back (what a person types, and what Python's
//!   `repr`, pandas' `to_csv` and NumPy's `fmt="%r"` write: `0.1` is 1/10); a cell written with
//!   more digits than that (NumPy's `savetxt` default `%.18e`: `1.000000000000000056e-01`) is
//!   refused.
//! - [`FloatPolicy::Decimal`]: the shortest decimal that gives the double back
//!   (`1.000000000000000056e-01` and `0.1` both give 1/10).
//! - [`FloatPolicy::Binary`]: the double's exact binary value
//!   (`0.1` gives 3602879701896397/36028797018963968).
//!
//! Integers and `p/q` cells are exact text and never touched by the policy.

use num_rational::BigRational;

use relucert_exact::{Q, parse_q};

/// How floating-point input becomes an exact rational.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FloatPolicy {
    /// Refuse floats (and, in text, decimals written with more digits than their double needs).
    #[default]
    Reject,
    /// The shortest decimal that round-trips the double.
    Decimal,
    /// The exact binary value of the double.
    Binary,
}

impl FloatPolicy {
    /// The policy named `reject`, `decimal` or `binary`.
    pub fn from_name(name: &str) -> Option<FloatPolicy> {
        match name {
            "reject" => Some(FloatPolicy::Reject),
            "decimal" => Some(FloatPolicy::Decimal),
            "binary" => Some(FloatPolicy::Binary),
            _ => None,
        }
    }

    /// The policy's name.
    pub fn name(self) -> &'static str {
        match self {
            FloatPolicy::Reject => "reject",
            FloatPolicy::Decimal => "decimal",
            FloatPolicy::Binary => "binary",
        }
    }
}

/// The shortest decimal text that parses back to `f` (Rust's `{:e}` is shortest round-trip).
fn shortest_decimal(f: f64) -> String {
    format!("{f:e}")
}

/// The exact rational of a finite double under `policy`; the error reads `expected …, found …`
/// and names the fix (the `how` text says how the user selects a policy, e.g.
/// `exact="decimal"` or `--floats decimal`).
pub fn float_value(f: f64, policy: FloatPolicy, how: &dyn Fn(FloatPolicy) -> String) -> Result<Q, String> {
    if !f.is_finite() {
        return Err(format!("expected a finite number, found the float {f}"));
    }
    match policy {
        FloatPolicy::Reject => Err(format!(
            "expected an exact number (int, Fraction, \"p/q\" or a decimal string), found the float {}; \
             floats are refused unless you choose: {} reads {} as its shortest decimal, {} takes its exact binary value",
            shortest_decimal_plain(f),
            how(FloatPolicy::Decimal),
            shortest_decimal_plain(f),
            how(FloatPolicy::Binary)
        )),
        FloatPolicy::Decimal => parse_q(&shortest_decimal(f)),
        FloatPolicy::Binary => {
            BigRational::from_float(f).ok_or_else(|| format!("expected a finite number, found {f}"))
        }
    }
}

/// The float as Python's `repr` would show it (shortest round-trip, plain notation).
fn shortest_decimal_plain(f: f64) -> String {
    format!("{f:?}")
}

/// Whether `text` is written in decimal notation (a point or an exponent), not as an integer or
/// `p/q`.
fn is_decimal_notation(text: &str) -> bool {
    !text.contains('/') && text.contains(['.', 'e', 'E'])
}

/// The exact value of a number cell of a text file under `policy` (see the module doc). The
/// error reads `expected …, found …` and names the fix through `how`.
pub fn text_value(text: &str, policy: FloatPolicy, how: &dyn Fn(FloatPolicy) -> String) -> Result<Q, String> {
    let exact = parse_q(text)?;
    let text = text.trim();
    if !is_decimal_notation(text) {
        return Ok(exact);
    }
    let Ok(f) = text.parse::<f64>() else {
        return Ok(exact);
    };
    if !f.is_finite() {
        // Out of the double range: no float wrote it; the exact decimal stands.
        return Ok(exact);
    }
    match policy {
        FloatPolicy::Binary => float_value(f, policy, how),
        FloatPolicy::Decimal => float_value(f, policy, how),
        FloatPolicy::Reject => {
            let shortest = float_value(f, FloatPolicy::Decimal, how)?;
            if shortest == exact {
                Ok(exact)
            } else {
                Err(format!(
                    "expected an exact number written as typed (integer, \"p/q\" or a short decimal), found \"{text}\", \
                     which has more digits than its double {} needs (a float written at full precision, \
                     e.g. by NumPy's savetxt default fmt=\"%.18e\"); choose {} for {}, {} for the double's exact \
                     binary value, or write the file with fmt=\"%r\" or exact fractions",
                    shortest_decimal_plain(f),
                    how(FloatPolicy::Decimal),
                    shortest_decimal_plain(f),
                    how(FloatPolicy::Binary)
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    fn flag(p: FloatPolicy) -> String {
        format!("--floats {}", p.name())
    }

    #[test]
    fn floats_under_each_policy() {
        assert!(
            float_value(0.1, FloatPolicy::Reject, &flag)
                .unwrap_err()
                .contains("--floats decimal")
        );
        assert_eq!(float_value(0.1, FloatPolicy::Decimal, &flag).unwrap(), q(1, 10));
        assert_eq!(
            float_value(0.1, FloatPolicy::Binary, &flag).unwrap(),
            parse_q("3602879701896397/36028797018963968").unwrap()
        );
        assert_eq!(float_value(-2.5, FloatPolicy::Binary, &flag).unwrap(), q(-5, 2));
        assert_eq!(
            float_value(1e22, FloatPolicy::Decimal, &flag).unwrap(),
            parse_q("1e22").unwrap()
        );
        assert!(float_value(f64::NAN, FloatPolicy::Decimal, &flag).is_err());
        assert!(float_value(f64::INFINITY, FloatPolicy::Binary, &flag).is_err());
    }

    #[test]
    fn text_cells_under_each_policy() {
        let savetxt = "1.000000000000000056e-01";
        let err = text_value(savetxt, FloatPolicy::Reject, &flag).unwrap_err();
        assert!(err.contains("%.18e") && err.contains("--floats decimal"), "{err}");
        assert_eq!(
            text_value(savetxt, FloatPolicy::Decimal, &flag).unwrap(),
            q(1, 10)
        );
        assert_eq!(
            text_value(savetxt, FloatPolicy::Binary, &flag).unwrap(),
            parse_q("3602879701896397/36028797018963968").unwrap()
        );
        // Short decimals, integers and fractions are exact under every policy but binary.
        assert_eq!(text_value("0.1", FloatPolicy::Reject, &flag).unwrap(), q(1, 10));
        assert_eq!(
            text_value("-1.5e-3", FloatPolicy::Reject, &flag).unwrap(),
            q(-3, 2000)
        );
        for p in [FloatPolicy::Reject, FloatPolicy::Decimal, FloatPolicy::Binary] {
            assert_eq!(text_value("1/3", p, &flag).unwrap(), q(1, 3));
            assert_eq!(
                text_value("123456789012345678901234567890", p, &flag).unwrap(),
                parse_q("123456789012345678901234567890").unwrap()
            );
            assert_eq!(text_value("2.5", p, &flag).unwrap(), q(5, 2));
            assert_eq!(text_value("1e400", p, &flag).unwrap(), parse_q("1e400").unwrap());
        }
        assert_eq!(text_value("0.5", FloatPolicy::Binary, &flag).unwrap(), q(1, 2));
        assert_eq!(text_value("7", FloatPolicy::Binary, &flag).unwrap(), qi(7));
        assert!(text_value("abc", FloatPolicy::Decimal, &flag).is_err());
    }
}
