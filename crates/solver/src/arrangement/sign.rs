//! Signs of a weight vector against the samples: the sign vectors that name faces (SPEC §2).
//!
//! A sign vector is written as a string with one character per sample, in sample order:
//! `+` for `w·x_i > 0`, `-` for `w·x_i < 0`, `0` for `w·x_i = 0`. A sample equal to 0 is not
//! part of the arrangement; its character is always `0`.

use std::fmt;
use std::str::FromStr;

use num_traits::{Signed, Zero};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::arrangement::integral::{dot_z, integer_multiple};
use relucert_exact::Q;

/// The sign of one value `w·x_i`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sign {
    /// `w·x_i < 0`.
    Neg,
    /// `w·x_i = 0`.
    Zero,
    /// `w·x_i > 0`.
    Pos,
}

impl Sign {
    /// The exact sign of a rational or an integer.
    pub fn of<T: Signed>(v: &T) -> Sign {
        if v.is_zero() {
            Sign::Zero
        } else if v.is_positive() {
            Sign::Pos
        } else {
            Sign::Neg
        }
    }

    /// The character of this sign in a sign string.
    pub fn as_char(self) -> char {
        match self {
            Sign::Neg => '-',
            Sign::Zero => '0',
            Sign::Pos => '+',
        }
    }

    /// The sign written as `c`, if `c` is one of `+`, `-`, `0`.
    pub fn from_char(c: char) -> Option<Sign> {
        match c {
            '-' => Some(Sign::Neg),
            '0' => Some(Sign::Zero),
            '+' => Some(Sign::Pos),
            _ => None,
        }
    }

    /// The opposite sign (`0` stays `0`).
    pub fn flip(self) -> Sign {
        match self {
            Sign::Neg => Sign::Pos,
            Sign::Zero => Sign::Zero,
            Sign::Pos => Sign::Neg,
        }
    }
}

/// One sign per sample, in sample order; names a face of the arrangement.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SignVector(pub Vec<Sign>);

impl SignVector {
    /// The signs of `w·x_i` for every sample `x_i`, computed exactly (on positive integer
    /// multiples of `w` and of each `x_i`, which have the same signs and need no fractions).
    pub fn of_point(samples: &[Vec<Q>], w: &[Q]) -> SignVector {
        let w = integer_multiple(w);
        SignVector(
            samples
                .iter()
                .map(|x| Sign::of(&dot_z(&integer_multiple(x), &w)))
                .collect(),
        )
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are no samples.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The signs in sample order.
    pub fn signs(&self) -> &[Sign] {
        &self.0
    }

    /// True when this names a chamber of the arrangement of `samples`: every non-zero sample
    /// has sign `+` or `-` (zero samples always have `0`).
    pub fn is_chamber(&self, samples: &[Vec<Q>]) -> bool {
        self.0.len() == samples.len()
            && self
                .0
                .iter()
                .zip(samples)
                .all(|(s, x)| (*s == Sign::Zero) == x.iter().all(|v| v.is_zero()))
    }

    /// The indices of the samples with sign `0` (the samples vanishing on the face).
    pub fn zero_set(&self) -> Vec<usize> {
        (0..self.0.len()).filter(|&i| self.0[i] == Sign::Zero).collect()
    }
}

impl fmt::Display for SignVector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for s in &self.0 {
            write!(f, "{}", s.as_char())?;
        }
        Ok(())
    }
}

impl FromStr for SignVector {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                Sign::from_char(c).ok_or_else(|| {
                    format!(
                        "expected a sign string of '+', '-' and '0', found {c:?} at position {} in \"{text}\"",
                        i + 1
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(SignVector)
    }
}

impl Serialize for SignVector {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SignVector {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    #[test]
    fn round_trips_through_text() {
        let s: SignVector = "+-0+".parse().unwrap();
        assert_eq!(s.0, vec![Sign::Pos, Sign::Neg, Sign::Zero, Sign::Pos]);
        assert_eq!(s.to_string(), "+-0+");
        assert_eq!(s.zero_set(), vec![2]);
        assert!("+x".parse::<SignVector>().unwrap_err().contains("position 2"));
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(json, "\"+-0+\"");
        assert_eq!(serde_json::from_str::<SignVector>(&json).unwrap(), s);
    }

    #[test]
    fn signs_of_a_point_and_chambers() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(0)], vec![qi(1), qi(-1)]];
        let s = SignVector::of_point(&x, &[qi(1), qi(1)]);
        assert_eq!(s.to_string(), "+00");
        assert!(!s.is_chamber(&x));
        let s = SignVector::of_point(&x, &[qi(-1), qi(2)]);
        assert_eq!(s.to_string(), "-0-");
        assert!(s.is_chamber(&x));
    }
}
