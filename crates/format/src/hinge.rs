//! The hinge-loss certificate `relucert-hinge/1` (`relucert hinge -o FILE`;
//! `proofs/hinge-cells.md`): the instance (labels `±1`), the chambers with their count, and per
//! cell combination the exact minimum of the loss with the pattern fixed (a minimiser and dual
//! multipliers), and either a minimiser inside the cells (a local minimum) with its shape, or
//! one Motzkin certificate per sign vector of `z`.

use serde::{Deserialize, Serialize};

use crate::rational_text;
use crate::{ArrangementRecord, InstanceRecord, MotzkinRecord, RefutationRecord};
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
    /// `"flat"` (no active kink: constant loss nearby), `"flat-boundary"` (with `kink_free`),
    /// `"sharp"` (with `sharp`) or `"undecided"` (only when some `z_k = 0`); all checked.
    pub shape: String,
    /// For `"flat-boundary"`: a minimiser `u` of the cell's `L_C` with no sample at its kink
    /// (`proofs/hinge-cells.md` §3 (iii)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kink_free: Option<KinkFreeRecord>,
    /// For `"sharp"`: why no kink-free minimiser of `L_C` exists.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharp: Option<SharpRecord>,
}

/// A kink-free minimiser `u = (R [, c])` of the cell's hinge loss.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KinkFreeRecord {
    #[serde(with = "rational_text::vec")]
    pub u: Vec<Q>,
}

/// No kink-free minimiser: a sample `fractional` whose dual `π_i` lies strictly between 0 and
/// `1/N` (complementary slackness), or Motzkin multipliers for the strict side rows
/// (`y_i A_i u > 1` where `π_i = 0`, `y_i A_i u < 1` where `π_i = 1/N`, rows with `A_i ≠ 0`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SharpRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fractional: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motzkin: Option<MotzkinRecord>,
}

impl HingeCertificate {
    pub fn to_json(&self) -> String {
        crate::json_file::to_json(self)
    }
    pub fn from_json(text: &str) -> std::result::Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }
}
