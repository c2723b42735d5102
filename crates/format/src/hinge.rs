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
    /// The face families (minima on cell boundaries, every `z_k ≠ 0`), the global minimum and
    /// the verdict (`proofs/hinge-cells.md` §6–§7); absent in older certificates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub families: Option<HingeFamiliesRecord>,
}

/// Every face family, the global minimum and the verdict.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HingeFamiliesRecord {
    /// Every face of the data arrangement (sorted by sign string) with its witness.
    pub faces: Vec<crate::ChamberRecord>,
    /// Zaslavsky's face count.
    pub face_count: u64,
    /// One record per multiset of `K` pairs (face, sign of `z`), canonical order of the index
    /// `2·face + [s = −]`.
    pub families: Vec<FaceFamilyRecord>,
    pub global: GlobalMinimumRecord,
    /// Whether a local minimum (a face family's, or a cell's inside minimum) has a loss above
    /// the global minimum.
    pub spurious: bool,
}

/// One piece's LP minimum: `mask` bit `b` set = the `b`-th (unit, sample) pair on a hyperplane
/// (unit, then sample order) counted active; duals `(π_1..π_N, λ_1..λ_r)`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PieceRecord {
    pub mask: u64,
    #[serde(with = "rational_text::one")]
    pub minimum: Q,
    #[serde(with = "rational_text::vec")]
    pub minimiser: Vec<Q>,
    #[serde(with = "rational_text::vec")]
    pub dual: Vec<Q>,
}

/// One face family: `answer` is `"minima"` (every piece, a witness, a shape), `"unequal"` (two
/// pieces with different minima) or `"empty"` (every piece, a Motzkin refutation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceFamilyRecord {
    pub faces: Vec<String>,
    /// `+`/`-` per unit: the sign of `z_k`.
    pub s: String,
    pub answer: String,
    pub pieces: Vec<PieceRecord>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub loss: Option<Q>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<PointRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refutation: Option<MotzkinRecord>,
    /// `"flat"` (type I, with `flat`) or `"sharp"` (type II, with `sharp`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shape: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flat: Option<FlatPieceRecord>,
    /// One reason per piece, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharp: Option<Vec<NoInteriorRecord>>,
}

/// A point `(z, w [, c])`: the same record as a family's witness.
pub use crate::family::PointRecord;

/// Type I: piece number `piece` has the kink-free minimiser `u` strictly inside its cone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatPieceRecord {
    pub piece: usize,
    #[serde(with = "rational_text::vec")]
    pub u: Vec<Q>,
}

/// Why a piece has no kink-free minimiser inside its cone: exactly one of a face row `face`
/// with `λ > 0`, a sample `fractional` with `π ∈ (0, 1/N)`, or Motzkin multipliers for the
/// interior system (`G u > 0`, then the side rows).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoInteriorRecord {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fractional: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motzkin: Option<MotzkinRecord>,
}

/// The global minimum: one LP per closed set `P_{C,s}` (multisets of chambers, then `s` with bit
/// `k` set for `s_k = −`), and a point attaining the least value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalMinimumRecord {
    #[serde(with = "rational_text::one")]
    pub minimum: Q,
    pub witness: PointRecord,
    pub pieces: Vec<GlobalPieceRecord>,
}

/// One closed set's LP.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlobalPieceRecord {
    pub chambers: Vec<String>,
    pub s: String,
    #[serde(with = "rational_text::one")]
    pub minimum: Q,
    #[serde(with = "rational_text::vec")]
    pub minimiser: Vec<Q>,
    #[serde(with = "rational_text::vec")]
    pub dual: Vec<Q>,
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
