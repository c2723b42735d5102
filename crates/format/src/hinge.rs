//! The hinge-loss certificate `relucert-hinge/1` (`relucert hinge -o FILE`;
//! `proofs/hinge-cells.md`): the instance (labels `±1`), the chambers with their count, and per
//! cell combination the exact minimum of the loss with the pattern fixed (a minimiser and dual
//! multipliers), and either a minimiser inside the cells (a local minimum) with its shape, or
//! one Motzkin certificate per sign vector of `z`.

use serde::{Deserialize, Serialize};

use crate::rational_text;
use crate::{ArrangementRecord, InstanceRecord, RefutationRecord};
use relucert_exact::Q;

/// The value of the `format` field.
pub const HINGE_FORMAT: &str = "relucert-hinge/1";

/// A whole hinge certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HingeCertificate {
    pub format: String,
    pub instance: InstanceRecord,
    /// The chambers (no faces) and the Whitney/Zaslavsky count.
    pub arrangement: ArrangementRecord,
    /// One record per multiset of `K` chambers, canonical order (as in `relucert/1`).
    pub cells: Vec<HingeCellRecord>,
}

/// One combination.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HingeCellRecord {
    pub chambers: Vec<String>,
    pub multiplicity: u64,
    /// `min_v L_C(v)`.
    #[serde(with = "rational_text::one")]
    pub minimum: Q,
    /// A minimiser `v = (R [, c])`.
    #[serde(with = "rational_text::vec")]
    pub minimiser: Vec<Q>,
    /// Dual multipliers `π_i ∈ [0, 1/N]`, `Σ π_i y_i A_i = 0`, `Σ π_i = minimum`.
    #[serde(with = "rational_text::vec")]
    pub dual: Vec<Q>,
    /// Whether a minimiser lies inside the cells.
    pub inside: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<HingeWitnessRecord>,
    /// When not inside: one certificate per sign vector `s ∈ {+,−,0}^K` for the inside system.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refutation: Option<Vec<RefutationRecord>>,
}

/// A local minimum inside the cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HingeWitnessRecord {
    #[serde(with = "rational_text::vec")]
    pub z: Vec<Q>,
    #[serde(with = "rational_text::matrix")]
    pub w: Vec<Vec<Q>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub c: Option<Q>,
    /// `"flat"` (no active kink: constant loss nearby; checked), `"flat-boundary"`, `"sharp"`
    /// or `"undecided"` (informational: the checker verifies only `"flat"`).
    pub shape: String,
}

impl HingeCertificate {
    pub fn to_json(&self) -> String {
        crate::json_file::to_json(self)
    }
    pub fn from_json(text: &str) -> std::result::Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}
