//! Sparse vectors of rationals: only the non-zero entries, as `[[index, "p/q"], …]` with
//! strictly increasing indices, plus the dense length where the reader needs it.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use num_traits::Zero;
use relucert_exact::{Q, format_q, parse_q};

use crate::MotzkinRecord;

/// The largest dense length a reader expands a sparse vector to (a bound on untrusted input;
/// real systems have at most a few thousand rows).
pub const MAX_DENSE_LEN: u64 = 1 << 22;

/// The non-zero entries of a vector, `(index, value)` with strictly increasing indices.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct SparseVec(pub Vec<(u64, Q)>);

impl SparseVec {
    /// The non-zero entries of `dense`.
    pub fn from_dense(dense: &[Q]) -> Self {
        SparseVec(
            dense
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_zero())
                .map(|(i, v)| (i as u64, v.clone()))
                .collect(),
        )
    }

    /// The dense vector of length `len`; `Err` names the first index that is out of range,
    /// repeated or out of order, or a stored zero.
    pub fn to_dense(&self, len: u64) -> Result<Vec<Q>, String> {
        if len > MAX_DENSE_LEN {
            return Err(format!("length {len} is above the limit {MAX_DENSE_LEN}"));
        }
        let n = len as usize;
        let mut out = vec![Q::zero(); n];
        let mut previous: Option<u64> = None;
        for (i, v) in &self.0 {
            if *i >= len {
                return Err(format!("index {i} is not below the length {len}"));
            }
            if previous.is_some_and(|p| p >= *i) {
                return Err(format!("index {i} is not above the one before it"));
            }
            if v.is_zero() {
                return Err(format!("index {i}: a sparse vector lists non-zero entries only"));
            }
            previous = Some(*i);
            out[*i as usize] = v.clone();
        }
        Ok(out)
    }
}

impl Serialize for SparseVec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0
            .iter()
            .map(|(i, v)| (*i, format_q(v)))
            .collect::<Vec<_>>()
            .serialize(s)
    }
}

impl<'de> Deserialize<'de> for SparseVec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<(u64, String)>::deserialize(d)?;
        raw.into_iter()
            .map(|(i, t)| parse_q(&t).map(|q| (i, q)).map_err(D::Error::custom))
            .collect::<Result<Vec<_>, _>>()
            .map(SparseVec)
    }
}

/// Motzkin multipliers, sparse: `λ` (strict rows), `ν` (non-strict rows), `μ` (equalities),
/// and the dense lengths `[strict, nonstrict, equalities]` of the system they refer to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SparseMotzkin {
    /// Non-zero `λ_j ≥ 0`.
    pub l: SparseVec,
    /// Non-zero `ν_j ≥ 0`.
    #[serde(default, skip_serializing_if = "is_empty")]
    pub n: SparseVec,
    /// Non-zero `μ_j`.
    pub e: SparseVec,
    /// Dense lengths `[strict, nonstrict, equalities]`.
    pub len: [u64; 3],
}

fn is_empty(v: &SparseVec) -> bool {
    v.0.is_empty()
}

impl SparseMotzkin {
    /// The sparse form of dense multipliers.
    pub fn from_dense(m: &MotzkinRecord) -> Self {
        let q = |v: &[relucert_exact::Rat]| v.iter().map(relucert_exact::Rat::to_q).collect::<Vec<_>>();
        SparseMotzkin {
            l: SparseVec::from_dense(&q(&m.strict)),
            n: SparseVec::from_dense(&q(&m.nonstrict)),
            e: SparseVec::from_dense(&q(&m.equalities)),
            len: [
                m.strict.len() as u64,
                m.nonstrict.len() as u64,
                m.equalities.len() as u64,
            ],
        }
    }

    /// The dense multipliers (`Err` names the part and the problem).
    pub fn to_dense(&self) -> Result<MotzkinRecord, String> {
        let rat = |v: Vec<relucert_exact::Q>| v.into_iter().map(relucert_exact::Rat::from_big).collect();
        Ok(MotzkinRecord {
            strict: rat(self.l.to_dense(self.len[0]).map_err(|e| format!("l: {e}"))?),
            nonstrict: rat(self.n.to_dense(self.len[1]).map_err(|e| format!("n: {e}"))?),
            equalities: rat(self.e.to_dense(self.len[2]).map_err(|e| format!("e: {e}"))?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    #[test]
    fn sparse_round_trip_and_untrusted_input() {
        let dense = vec![qi(0), qi(3), qi(0), qi(-2)];
        let s = SparseVec::from_dense(&dense);
        assert_eq!(s.0, vec![(1, qi(3)), (3, qi(-2))]);
        assert_eq!(s.to_dense(4).unwrap(), dense);
        assert_eq!(serde_json::to_string(&s).unwrap(), r#"[[1,"3"],[3,"-2"]]"#);
        assert!(s.to_dense(3).is_err(), "index out of range");
        assert!(
            SparseVec(vec![(2, qi(1)), (1, qi(1))]).to_dense(4).is_err(),
            "out of order"
        );
        assert!(
            SparseVec(vec![(1, qi(1)), (1, qi(1))]).to_dense(4).is_err(),
            "repeated"
        );
        assert!(SparseVec(vec![(1, qi(0))]).to_dense(4).is_err(), "stored zero");
        assert!(
            SparseVec::default().to_dense(MAX_DENSE_LEN + 1).is_err(),
            "too long"
        );
    }
}
