//! Serde adapters that write exact rationals as strings (`"p/q"` or `"p"`, see
//! [`relucert_exact::format_q`]) and read them back with [`relucert_exact::parse_q`].
//!
//! Use with `#[serde(with = "...")]`: [`one`] for a single `Q`, [`vec`] for `Vec<Q>`,
//! [`matrix`] for `Vec<Vec<Q>>`, [`option`] for `Option<Q>`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use relucert_exact::{Q, format_q, parse_q};

fn parse<E: serde::de::Error>(text: &str) -> Result<Q, E> {
    parse_q(text).map_err(E::custom)
}

/// One rational as a string.
pub mod one {
    use super::*;

    /// Serialize `q` as its canonical text.
    pub fn serialize<S: Serializer>(q: &Q, s: S) -> Result<S::Ok, S::Error> {
        format_q(q).serialize(s)
    }

    /// Parse a rational from its text.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Q, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text)
    }
}

/// A vector of rationals as an array of strings.
pub mod vec {
    use super::*;

    /// Serialize every entry as text.
    pub fn serialize<S: Serializer>(v: &[Q], s: S) -> Result<S::Ok, S::Error> {
        v.iter().map(format_q).collect::<Vec<_>>().serialize(s)
    }

    /// Parse an array of rational strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Q>, D::Error> {
        let texts = Vec::<String>::deserialize(d)?;
        texts.iter().map(|t| parse(t)).collect()
    }
}

/// A list of rational vectors as an array of arrays of strings.
pub mod matrix {
    use super::*;

    /// Serialize every entry as text.
    pub fn serialize<S: Serializer>(m: &[Vec<Q>], s: S) -> Result<S::Ok, S::Error> {
        m.iter()
            .map(|r| r.iter().map(format_q).collect::<Vec<_>>())
            .collect::<Vec<_>>()
            .serialize(s)
    }

    /// Parse an array of arrays of rational strings.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<Q>>, D::Error> {
        let texts = Vec::<Vec<String>>::deserialize(d)?;
        texts
            .iter()
            .map(|r| r.iter().map(|t| parse(t)).collect())
            .collect()
    }
}

/// An optional rational: absent/`null` or a string.
pub mod option {
    use super::*;

    /// Serialize `Some(q)` as text, `None` as `null`.
    pub fn serialize<S: Serializer>(q: &Option<Q>, s: S) -> Result<S::Ok, S::Error> {
        q.as_ref().map(format_q).serialize(s)
    }

    /// Parse `null` or a rational string.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Q>, D::Error> {
        match Option::<String>::deserialize(d)? {
            None => Ok(None),
            Some(t) => parse(&t).map(Some).map_err(|e: D::Error| D::Error::custom(e)),
        }
    }
}
