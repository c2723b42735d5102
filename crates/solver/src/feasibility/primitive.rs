//! The shortest positive multiple of a Motzkin certificate: `t·(λ, ν, μ)` with `t > 0` is a
//! Motzkin certificate whenever `(λ, ν, μ)` is one (the combination `t·0 = 0`, the signs of
//! `λ, ν` and of `s` are kept, `t·s > 0` iff `s > 0`; `proofs/motzkin.md`, "Positive
//! multiples"). The primitive integer multiple (integers, gcd 1) usually needs fewer digits
//! than fractions with many denominators, so certificates carry it when it is shorter.

use relucert_exact::{Q, format_q};

use super::Motzkin;
use crate::arrangement::integral::primitive;

/// The written length of a list of rationals.
fn digits(v: &[Q]) -> usize {
    v.iter()
        .filter(|q| !num_traits::Zero::is_zero(*q))
        .map(|q| format_q(q).len())
        .sum()
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
    let scaled = primitive(&all);
    if digits(&scaled) >= digits(&all) {
        return m;
    }
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
    fn shorter_text_is_kept() {
        let m = Motzkin {
            strict: vec![q("1"), q("0")],
            nonstrict: vec![q("1/1000003")],
            equalities: vec![q("1/1000033")],
        };
        assert_eq!(shortest(m.clone()), m);
    }
}
