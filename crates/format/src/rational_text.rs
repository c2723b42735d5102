//! Serde adapters that write exact rationals as strings (`"p/q"` or `"p"`, see
//! [`relucert_exact::format_q`]) and read them back with [`relucert_exact::parse_q`].
//!
//! Use with `#[serde(with = "...")]`: [`one`] for a single `Q`, [`vec`] for `Vec<Q>`,
//! [`matrix`] for `Vec<Vec<Q>>`, [`option`] for `Option<Q>`. Numbers are written straight
//! into the output (same text as [`format_q`], tested below).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[cfg(test)]
use relucert_exact::format_q;
use relucert_exact::{Q, Rat, parse_q};

/// A rational serialised as its canonical text ([`format_q`]), written straight into the
/// serializer's output (no intermediate `String` per number; the bytes are the same).
struct Text<'a>(&'a Q);

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use num_traits::{One, ToPrimitive};
        let q = self.0;
        // Machine-size values (the common case) print through i64, as format_q does.
        if let (Some(n), Some(d)) = (q.numer().to_i64(), q.denom().to_i64()) {
            return if d == 1 {
                write!(f, "{n}")
            } else {
                write!(f, "{n}/{d}")
            };
        }
        if q.denom().is_one() {
            write!(f, "{}", q.numer())
        } else {
            write!(f, "{}/{}", q.numer(), q.denom())
        }
    }
}

impl Serialize for Text<'_> {
    /// Machine-size numbers are printed into a buffer on the stack and handed over as one
    /// string (cheaper than the formatter adapter of `collect_str`); the text is the same.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use num_traits::ToPrimitive;
        let q = self.0;
        let mut buf = [0u8; 48];
        if let (Some(n), Some(d)) = (q.numer().to_i64(), q.denom().to_i64())
            && let Some(text) = small_text(n, d, &mut buf)
        {
            return s.serialize_str(text);
        }
        s.collect_str(self)
    }
}

/// `n` (for `d = 1`) or `n/d`, printed into `buf` on the stack; `None` only if it did not fit,
/// which cannot happen: `-9223372036854775808/9223372036854775807` is 40 bytes.
fn small_text(n: i64, d: i64, buf: &mut [u8; 48]) -> Option<&str> {
    use std::io::Write;
    let mut rest = &mut buf[..];
    let written = if d == 1 {
        write!(rest, "{n}")
    } else {
        write!(rest, "{n}/{d}")
    };
    let len = 48 - rest.len();
    written.ok()?;
    std::str::from_utf8(&buf[..len]).ok()
}

/// The rows of a matrix, each a sequence of [`Text`].
struct Row<'a>(&'a [Q]);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(Text))
    }
}

fn parse<E: serde::de::Error>(text: &str) -> Result<Q, E> {
    parse_q(text).map_err(E::custom)
}

/// A rational read straight from the JSON string it is written as: the visitor parses the
/// borrowed text, so no `String` is allocated per number (the expected type is named as for a
/// `String`, so messages are unchanged).
struct QText(Q);

struct QVisitor;

impl serde::de::Visitor<'_> for QVisitor {
    type Value = Q;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Q, E> {
        parse(text)
    }
}

impl<'de> Deserialize<'de> for QText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(QVisitor).map(QText)
    }
}

fn unwrap_all(v: Vec<QText>) -> Vec<Q> {
    v.into_iter().map(|t| t.0).collect()
}

/// A [`Rat`] as the same canonical text as its value as a `Q` (machine words printed from the
/// stack, big values through [`Text`]).
struct RatText<'a>(&'a Rat);

impl Serialize for RatText<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A `Small` value is canonical (reduced, `d > 0`): the text of `format_q`.
        let mut buf = [0u8; 48];
        match self.0.small_parts().and_then(|(n, d)| small_text(n, d, &mut buf)) {
            Some(text) => s.serialize_str(text),
            None => Text(&self.0.to_q()).serialize(s),
        }
    }
}

/// A vector of [`Rat`] as an array of strings: the same text as [`vec`] for the same values,
/// read with the same parser ([`parse_q`]) and kept in machine words where they fit.
pub mod rat_vec {
    use super::*;

    /// Serialize every entry as text.
    pub fn serialize<S: Serializer>(v: &[Rat], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(RatText))
    }

    /// Parse an array of rational strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Rat>, D::Error> {
        struct Seq;
        impl<'de> serde::de::Visitor<'de> for Seq {
            type Value = Vec<Rat>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a sequence")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<Rat>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(QText(q)) = seq.next_element()? {
                    out.push(Rat::from_big(q));
                }
                Ok(out)
            }
        }
        d.deserialize_seq(Seq)
    }
}

/// One rational as a string.
pub mod one {
    use super::*;

    /// Serialize `q` as its canonical text.
    pub fn serialize<S: Serializer>(q: &Q, s: S) -> Result<S::Ok, S::Error> {
        Text(q).serialize(s)
    }

    /// Parse a rational from its text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Q, D::Error> {
        QText::deserialize(d).map(|t| t.0)
    }
}

/// A vector of rationals as an array of strings.
pub mod vec {
    use super::*;

    /// Serialize every entry as text.
    pub fn serialize<S: Serializer>(v: &[Q], s: S) -> Result<S::Ok, S::Error> {
        Row(v).serialize(s)
    }

    /// Parse an array of rational strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Q>, D::Error> {
        Vec::<QText>::deserialize(d).map(unwrap_all)
    }
}

/// A list of rational vectors as an array of arrays of strings.
pub mod matrix {
    use super::*;

    /// Serialize every entry as text.
    pub fn serialize<S: Serializer>(m: &[Vec<Q>], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(m.iter().map(|r| Row(r)))
    }

    /// Parse an array of arrays of rational strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Q>>, D::Error> {
        let rows = Vec::<Vec<QText>>::deserialize(d)?;
        Ok(rows.into_iter().map(unwrap_all).collect())
    }
}

/// An optional rational: absent/`null` or a string.
pub mod option {
    use super::*;

    /// Serialize `Some(q)` as text, `None` as `null`.
    pub fn serialize<S: Serializer>(q: &Option<Q>, s: S) -> Result<S::Ok, S::Error> {
        q.as_ref().map(Text).serialize(s)
    }

    /// Parse `null` or a rational string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Q>, D::Error> {
        Ok(Option::<QText>::deserialize(d)?.map(|t| t.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `rat_vec` writes `vec`'s text for the same values and reads back the same values,
    /// machine words or not (`i64::MIN` does not fit `Small`).
    #[test]
    fn rat_vec_matches_vec() {
        #[derive(Serialize, Deserialize)]
        struct Qs(#[serde(with = "vec")] Vec<Q>);
        #[derive(Serialize, Deserialize)]
        struct Rats(#[serde(with = "rat_vec")] Vec<Rat>);
        let texts = [
            "0",
            "1",
            "-7/3",
            "9223372036854775807",
            "-9223372036854775808",
            "-9223372036854775807/9223372036854775806",
            "9223372036854775807000/7",
            "5/9223372036854775807000",
        ];
        let qs: Vec<Q> = texts.iter().map(|t| parse_q(t).unwrap()).collect();
        let rats: Vec<Rat> = qs.iter().map(Rat::from_q).collect();
        let q_text = serde_json::to_string(&Qs(qs.clone())).unwrap();
        assert_eq!(serde_json::to_string(&Rats(rats.clone())).unwrap(), q_text);
        let back: Rats = serde_json::from_str(&q_text).unwrap();
        assert_eq!(back.0, rats);
        assert_eq!(back.0.iter().map(Rat::to_q).collect::<Vec<_>>(), qs);
        // Same errors as the Q reader.
        for bad in [r#"["1/0"]"#, r#"[1]"#, r#"["x"]"#, r#"{}"#] {
            let q_err = serde_json::from_str::<Qs>(bad).err().map(|e| e.to_string());
            let r_err = serde_json::from_str::<Rats>(bad).err().map(|e| e.to_string());
            assert!(q_err.is_some() && r_err.is_some(), "{bad}");
            if bad != "{}" {
                assert_eq!(q_err, r_err, "{bad}");
            }
        }
    }

    /// The streamed text is `format_q`'s, machine-size or not, in every adapter.
    #[test]
    fn same_text_as_format_q() {
        let q = |t: &str| parse_q(t).unwrap();
        let values = vec![
            q("0"),
            q("-7/3"),
            q("-9223372036854775808"),
            q("9223372036854775807000/7"),
            q("5/9223372036854775807000"),
            q("-9223372036854775807000"),
        ];
        #[derive(Serialize)]
        struct All {
            // Alphabetical, like the expected `json!` map.
            #[serde(with = "matrix")]
            matrix: Vec<Vec<Q>>,
            #[serde(with = "option")]
            none: Option<Q>,
            #[serde(with = "one")]
            one: Q,
            #[serde(with = "option")]
            some: Option<Q>,
            #[serde(with = "vec")]
            vec: Vec<Q>,
        }
        let m = vec![values.clone(), Vec::new(), values[..2].to_vec()];
        let text = serde_json::to_string_pretty(&All {
            one: values[4].clone(),
            vec: values.clone(),
            matrix: m.clone(),
            some: Some(values[3].clone()),
            none: None,
        })
        .unwrap();
        let strings = |v: &[Q]| v.iter().map(format_q).collect::<Vec<_>>();
        let expected = serde_json::to_string_pretty(&serde_json::json!({
            "one": format_q(&values[4]),
            "vec": strings(&values),
            "matrix": m.iter().map(|r| strings(r)).collect::<Vec<_>>(),
            "some": format_q(&values[3]),
            "none": null,
        }))
        .unwrap();
        assert_eq!(text, expected);
    }
}
