//! The `≈` decimal printed beside an exact rational. Display only: nothing is decided from it.

use num_traits::ToPrimitive;
use relucert_exact::Q;

/// A short decimal approximation of `q` (six significant digits), e.g. `0.16`, `1.33333`,
/// `2.5e-9`. Exact integers and short decimals print without trailing zeros.
pub fn approx(q: &Q) -> String {
    let v = to_f64(q);
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    if !(1e-4..1e7).contains(&a) {
        return format!("{v:.5e}");
    }
    let digits = (6 - 1 - a.log10().floor() as i32).clamp(0, 10) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// `q` as the nearest float (for placing things on a picture). Huge values saturate.
pub fn to_f64(q: &Q) -> f64 {
    q.to_f64()
        .unwrap_or(if q.numer().sign() == num_bigint::Sign::Minus {
            f64::MIN
        } else {
            f64::MAX
        })
}

/// The exact text `p/q` followed by ` (≈ decimal)` unless the text already is that decimal.
pub fn exact_and_approx(q: &Q) -> String {
    let exact = relucert_exact::format_q(q);
    let dec = approx(q);
    if dec == exact {
        exact
    } else {
        format!("{exact} (≈ {dec})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::parse_q;

    #[test]
    fn decimals() {
        let t = |s: &str| approx(&parse_q(s).unwrap());
        assert_eq!(t("4/25"), "0.16");
        assert_eq!(t("1/3"), "0.333333");
        assert_eq!(t("13/2"), "6.5");
        assert_eq!(t("7"), "7");
        assert_eq!(t("-2/3"), "-0.666667");
        assert_eq!(t("1/100000000"), "1.00000e-8");
        assert_eq!(exact_and_approx(&parse_q("7").unwrap()), "7");
        assert_eq!(exact_and_approx(&parse_q("1/2").unwrap()), "1/2 (≈ 0.5)");
    }
}
