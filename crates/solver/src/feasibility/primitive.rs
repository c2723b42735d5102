//! The shortest positive multiple of a Motzkin certificate: `t·(λ, ν, μ)` with `t > 0` is a
//! Motzkin certificate whenever `(λ, ν, μ)` is one (the combination `t·0 = 0`, the signs of
//! `λ, ν` and of `s` are kept, `t·s > 0` iff `s > 0`; `proofs/motzkin.md`, "Positive
//! multiples"). The primitive integer multiple (integers, gcd 1) usually needs fewer digits
//! than fractions with many denominators, so certificates carry it when it is shorter.

use relucert_exact::{Q, format_q};

use super::Motzkin;
use crate::arrangement::integral::primitive;

/// The number of characters of `n` in decimal, sign included.
fn written_i64(n: i64) -> usize {
    usize::from(n < 0) + n.unsigned_abs().checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// The length of `format_q(q)`, counted without writing it for machine-size values.
fn written(q: &Q) -> usize {
    use num_traits::ToPrimitive;
    match (q.numer().to_i64(), q.denom().to_i64()) {
        (Some(n), Some(1)) => written_i64(n),
        (Some(n), Some(d)) => written_i64(n) + 1 + written_i64(d),
        _ => format_q(q).len(),
    }
}

/// The written length of a list of rationals.
fn digits(v: &[Q]) -> usize {
    v.iter()
        .filter(|q| !num_traits::Zero::is_zero(*q))
        .map(written)
        .sum()
}

/// The primitive integer multiple of `v` (not all zero) computed in machine words: `None` when
/// a value or an intermediate result does not fit. The primitive positive multiple is unique,
/// so this is [`primitive`]'s answer.
fn primitive_small(v: &[Q]) -> Option<Vec<i64>> {
    use num_integer::Integer;
    use num_traits::ToPrimitive;
    let parts: Vec<(i128, i128)> = v
        .iter()
        .map(|q| Some((q.numer().to_i64()?.into(), q.denom().to_i64()?.into())))
        .collect::<Option<_>>()?;
    let mut lcm: i128 = 1;
    for &(_, d) in &parts {
        lcm = (lcm / lcm.gcd(&d)).checked_mul(d)?;
    }
    let scaled: Vec<i128> = parts
        .iter()
        .map(|&(n, d)| n.checked_mul(lcm / d))
        .collect::<Option<_>>()?;
    let g = scaled.iter().fold(0i128, |g, v| g.gcd(v));
    scaled.into_iter().map(|v| i64::try_from(v / g).ok()).collect()
}

/// `m`, or its primitive integer multiple when that is written with fewer characters.
pub fn shortest(m: Motzkin<Q>) -> Motzkin<Q> {
    let all: Vec<Q> = m
        .strict
        .iter()
        .chain(&m.nonstrict)
        .chain(&m.equalities)
        .cloned()
        .collect();
    if all.iter().all(num_traits::Zero::is_zero) {
        return m;
    }
    let scaled = match primitive_small(&all) {
        Some(small) => {
            let written: usize = small.iter().filter(|&&v| v != 0).map(|&v| written_i64(v)).sum();
            if written >= digits(&all) {
                return m;
            }
            small.into_iter().map(|v| Q::from_integer(v.into())).collect()
        }
        None => {
            let scaled = primitive(&all);
            if digits(&scaled) >= digits(&all) {
                return m;
            }
            scaled
        }
    };
    let (a, b) = (m.strict.len(), m.strict.len() + m.nonstrict.len());
    Motzkin {
        strict: scaled[..a].to_vec(),
        nonstrict: scaled[a..b].to_vec(),
        equalities: scaled[b..].to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::parse_q;

    fn q(s: &str) -> Q {
        parse_q(s).unwrap()
    }

    #[test]
    fn fractions_become_the_primitive_integer_multiple() {
        let m = Motzkin {
            strict: vec![q("1")],
            nonstrict: vec![],
            equalities: vec![q("281/13455"), q("-199/4485"), q("-596/4485")],
        };
        let s = shortest(m);
        assert_eq!(s.strict, vec![q("13455")]);
        assert_eq!(s.equalities, vec![q("281"), q("-597"), q("-1788")]);
    }

    #[test]
    fn written_lengths_are_those_of_the_text() {
        for t in [
            "0",
            "7",
            "-7",
            "10",
            "-10",
            "99",
            "100",
            "-1/3",
            "22/7",
            "-1000/999",
            "9223372036854775807",
            "-9223372036854775807",
            "-9223372036854775808",
            "123456789012345678901234567890/7",
            "1/123456789012345678901234567890",
        ] {
            assert_eq!(written(&q(t)), format_q(&q(t)).len(), "{t}");
        }
    }

    #[test]
    fn machine_word_multiples_are_the_primitive_ones() {
        for v in [
            vec!["281/13455", "-199/4485", "-596/4485", "1"],
            vec!["0", "6", "-4", "10"],
            vec!["-1/2", "1/3", "0"],
            vec!["9223372036854775807", "1/2"],
            vec!["1/9223372036854775807", "1/9223372036854775806"],
        ] {
            let v: Vec<Q> = v.into_iter().map(q).collect();
            let expected = primitive(&v);
            match primitive_small(&v) {
                Some(small) => {
                    let small: Vec<Q> = small.into_iter().map(|x| Q::from_integer(x.into())).collect();
                    assert_eq!(small, expected, "{v:?}");
                }
                None => assert!(expected.iter().any(|x| x.numer().to_string().len() > 18), "{v:?}"),
            }
        }
    }

    #[test]
    fn shorter_text_is_kept() {
        let m = Motzkin {
            strict: vec![q("1"), q("0")],
            nonstrict: vec![q("1/1000003")],
            equalities: vec![q("1/1000033")],
        };
        assert_eq!(shortest(m.clone()), m);
    }
}
