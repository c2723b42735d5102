//! A face of the arrangement together with an exact witness point (SPEC §2).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::arrangement::sign::SignVector;
use relucert_exact::{Q, format_q, parse_q};

/// The face `{w : sign(w·x_i) = s_i ∀i}` named by `signs`, with a rational point `witness`
/// that lies in it. Serialised as `{"signs": "+-0", "witness": ["1", "-1/2"]}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Face {
    /// The sign vector, one sign per sample.
    pub signs: SignVector,
    /// A weight vector `w ∈ Q^d` with exactly these signs.
    pub witness: Vec<Q>,
}

impl Face {
    /// Exact check that the witness has length `d` and exactly the signs `signs` against
    /// `samples`; this is what proves the face non-empty.
    pub fn verify(&self, samples: &[Vec<Q>]) -> bool {
        self.signs.len() == samples.len()
            && samples.iter().all(|x| x.len() == self.witness.len())
            && SignVector::of_point(samples, &self.witness) == self.signs
    }

    /// True when this face is a chamber of the arrangement of `samples`.
    pub fn is_chamber(&self, samples: &[Vec<Q>]) -> bool {
        self.signs.is_chamber(samples)
    }

    /// The witness in text form (`format_q` of each coordinate).
    pub fn witness_text(&self) -> Vec<String> {
        self.witness.iter().map(format_q).collect()
    }
}

#[derive(Serialize, Deserialize)]
struct FaceText {
    signs: SignVector,
    witness: Vec<String>,
}

impl Serialize for Face {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        FaceText {
            signs: self.signs.clone(),
            witness: self.witness_text(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Face {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = FaceText::deserialize(deserializer)?;
        let witness = text
            .witness
            .iter()
            .enumerate()
            .map(|(i, t)| parse_q(t).map_err(|e| serde::de::Error::custom(format!("witness[{i}]: {e}"))))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Face {
            signs: text.signs,
            witness,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    #[test]
    fn verifies_exactly_and_round_trips() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]];
        let face = Face {
            signs: "+-".parse().unwrap(),
            witness: vec![qi(1), q(-1, 2)],
        };
        assert!(face.verify(&x));
        assert!(face.is_chamber(&x));
        let json = serde_json::to_string(&face).unwrap();
        assert_eq!(json, r#"{"signs":"+-","witness":["1","-1/2"]}"#);
        assert_eq!(serde_json::from_str::<Face>(&json).unwrap(), face);
        let wrong = Face {
            signs: "+0".parse().unwrap(),
            witness: vec![qi(1), q(-1, 2)],
        };
        assert!(!wrong.verify(&x));
    }
}
