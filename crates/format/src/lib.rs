//! The certificate format `relucert/1` (SPEC §6): serde types, rationals as strings.
//!
//! A certificate is self-contained: it carries the instance (after bias augmentation), the
//! chambers of the data arrangement with exact witnesses and the Whitney/Zaslavsky count, and
//! one record per cell combination (multiset of chambers) with its rank, solution dimension,
//! subglobal loss, and either a genuine witness point or one Motzkin refutation per sign
//! vector `s ∈ {+,−,0}^K`. Unless the cell stage ran alone, it also carries the faces of the
//! arrangement with their Zaslavsky count, the non-empty families of local minima (`minima`,
//! SPEC §4) with witnesses and multipliers, the empty face/mode combinations with Motzkin
//! refutations (`family_refutations`), and the global minimum and verdict in the summary. The
//! field-by-field description, including the exact order of the rows every Motzkin multiplier
//! refers to, is `docs/certificate-format.md`.
//!
//! The certificate holds no floats and no timings, and its lists are sorted, so equal inputs
//! give byte-identical files.

pub mod error;
pub mod family;
pub mod genericity;
pub mod hinge;
pub mod json_file;
pub mod landscape;
pub mod parallel_read;
pub mod rational_text;
pub mod reduction;
pub mod saddle;
pub mod v2;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use relucert_exact::{Q, Rat};

/// The value of the `format` field.
pub const FORMAT: &str = "relucert/1";

/// A whole certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// Always [`FORMAT`].
    pub format: String,
    /// The instance the claims are about.
    pub instance: InstanceRecord,
    /// The chambers of the data arrangement.
    pub arrangement: ArrangementRecord,
    /// One record per multiset of `K` chambers, in the canonical order (see the docs).
    pub cells: Vec<CellRecord>,
    /// The non-empty families of local minima, boundaries included (SPEC §4, §6): written by
    /// the families stage, absent with `--cells-only`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minima: Option<Vec<family::FamilyRecord>>,
    /// The empty face/mode combinations, each with a Motzkin refutation of its family system
    /// (present exactly when `minima` is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_refutations: Option<Vec<family::FamilyRefutationRecord>>,
    /// The differentiable saddle points per cell combination (Liu Thm 2), written by
    /// `certify --saddles`: one record per cell, in the order of `cells`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub saddles: Option<Vec<saddle::SaddleCellRecord>>,
    /// Present when the family search was reduced to cores (`proofs/family-reductions.md`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reduction: Option<reduction::ReductionRecord>,
    /// The distinct loss values of local minima, ascending (with the families).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<reduction::LevelRecord>>,
    /// Counts and losses derived from the records above.
    pub summary: Summary,
    /// Exact shape facts about the cells and families (Hessian ranks, family dimensions, dead
    /// and alive units), written by `relucert search` and `certify --landscape`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landscape: Option<landscape::LandscapeRecord>,
}

/// The instance, after bias augmentation (a constant 1 appended to every `x_i` when `bias`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstanceRecord {
    /// Samples `x_i ∈ Q^d`.
    #[serde(with = "rational_text::matrix")]
    pub x: Vec<Vec<Q>>,
    /// Labels `y_i`.
    #[serde(with = "rational_text::vec")]
    pub y: Vec<Q>,
    /// Number of hidden units `K`.
    pub hidden: usize,
    /// Leaky slope `α ∈ [0,1)`.
    #[serde(with = "rational_text::one")]
    pub alpha: Q,
    /// Whether `x` already carries the appended constant 1 (informational).
    #[serde(default)]
    pub bias: bool,
    /// Whether the network has an output bias `c`.
    pub output_bias: bool,
}

/// The chambers (and faces) of the arrangement `{w : w·x_i = 0}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArrangementRecord {
    /// Every chamber, sorted by sign string.
    pub chambers: Vec<ChamberRecord>,
    /// Every face, sorted by sign string, when the families stage ran (the cell stage does not
    /// need them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faces: Option<Vec<ChamberRecord>>,
    /// The Whitney/Zaslavsky number of chambers.
    pub count: u64,
    /// The Zaslavsky number of faces `Σ_{flats F} #chambers(restriction to F)`, with `faces`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub face_count: Option<u64>,
}

/// A chamber (or face): its sign string and a point of it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChamberRecord {
    /// One of `+`, `-`, `0` per sample (`0` exactly for zero samples in a chamber).
    pub signs: String,
    /// A point `w` with `sign(w·x_i)` as given.
    #[serde(with = "rational_text::vec")]
    pub witness: Vec<Q>,
}

/// One cell combination: a multiset of `K` chambers, one per hidden unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellRecord {
    /// The chambers' sign strings, in non-decreasing order (unit `k` lies in `chambers[k]`).
    pub chambers: Vec<String>,
    /// The number of ordered assignments `K!/Π m_c!` this multiset stands for.
    pub multiplicity: u64,
    /// `rank(A)`.
    pub rank: usize,
    /// `Kd [+1] − rank(A)`: the dimension of the least-squares solution set.
    pub solution_dim: usize,
    /// The subglobal loss `(1/N)‖AA⁺y − y‖²` (Liu eq. (14)).
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// Whether some least-squares solution lies strictly inside the cells.
    pub genuine: bool,
    /// When genuine: a differentiable local minimum of this combination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<WitnessRecord>,
    /// When not genuine: one Motzkin certificate per sign vector `s ∈ {+,−,0}^K`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refutation: Option<Vec<RefutationRecord>>,
    /// Only with `certify --least-squares`: `A⁺`, `R₀ = A⁺y` and a null-space basis of `A`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub least_squares: Option<LeastSquaresRecord>,
}

/// The exact least-squares data of a cell (Liu eqs. (12)–(13)): every least-squares solution
/// is `R₀ + Σ_j t_j B_j`. The checker verifies the four Penrose equations for `A⁺` against the
/// `A` it rebuilds from the instance, `R₀ = A⁺y`, and that the basis is independent, killed by
/// `A` and of size `solution_dim`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeastSquaresRecord {
    /// The Moore–Penrose pseudo-inverse `A⁺`, `Kd [+1]` rows of `N` entries.
    #[serde(with = "rational_text::matrix")]
    pub pseudo_inverse: Vec<Vec<Q>>,
    /// The minimum-norm least-squares solution `R₀ = A⁺y`.
    #[serde(with = "rational_text::vec")]
    pub r0: Vec<Q>,
    /// A basis `B_j` of the null space of `A`.
    #[serde(with = "rational_text::matrix")]
    pub null_space: Vec<Vec<Q>>,
}

/// A genuine differentiable local minimum `(z, w [, c])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WitnessRecord {
    /// The sign vector `s` of `z` it was found for (informational; checked against `z`).
    pub signs: String,
    /// Output weights `z_k`.
    #[serde(with = "rational_text::vec")]
    pub z: Vec<Q>,
    /// Hidden weights `w_k`, one row per unit; `w_k` lies in the unit's chamber.
    #[serde(with = "rational_text::matrix")]
    pub w: Vec<Vec<Q>>,
    /// The output bias, present exactly when the instance has one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub c: Option<Q>,
    /// `R_k = z_k w_k`, one row per unit.
    #[serde(rename = "R", with = "rational_text::matrix")]
    pub r: Vec<Vec<Q>>,
}

/// Why no least-squares solution with `sign(z) = s` lies inside the cells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefutationRecord {
    /// The sign vector, one of `+`, `-`, `0` per unit.
    pub s: String,
    /// Multipliers for the system rebuilt from the instance (row order: the docs).
    pub motzkin: MotzkinRecord,
}

/// Motzkin transposition multipliers: `λ ≥ 0` for strict rows, `ν ≥ 0` for non-strict rows
/// (none in the cell systems), `μ` free for equalities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MotzkinRecord {
    /// `λ`, one per strict row.
    #[serde(with = "rational_text::rat_vec")]
    pub strict: Vec<Rat>,
    /// `ν`, one per non-strict row.
    #[serde(default, with = "rational_text::rat_vec")]
    pub nonstrict: Vec<Rat>,
    /// `μ`, one per equality row.
    #[serde(with = "rational_text::rat_vec")]
    pub equalities: Vec<Rat>,
}

/// The multipliers of a [`MotzkinRecord`] as `Q`, for checks that compute in `Q`.
#[derive(Clone, Debug, PartialEq)]
pub struct MotzkinValues {
    pub strict: Vec<Q>,
    pub nonstrict: Vec<Q>,
    pub equalities: Vec<Q>,
}

impl MotzkinRecord {
    /// The same multipliers as `Q`.
    pub fn to_q(&self) -> MotzkinValues {
        let q = |v: &[Rat]| v.iter().map(Rat::to_q).collect();
        MotzkinValues {
            strict: q(&self.strict),
            nonstrict: q(&self.nonstrict),
            equalities: q(&self.equalities),
        }
    }
}

/// Totals over the records.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Summary {
    /// Number of chambers.
    pub chambers: u64,
    /// Number of cell combinations (multisets).
    pub cells: u64,
    /// Number of ordered assignments (`chambers^K`, the sum of multiplicities).
    pub cells_ordered: u64,
    /// Number of genuine cell combinations.
    pub genuine: u64,
    /// The least loss of a genuine combination, if any is genuine.
    #[serde(with = "rational_text::option")]
    pub best_genuine_loss: Option<Q>,
    /// The distinct subglobal losses of all combinations, increasing.
    #[serde(with = "rational_text::vec")]
    pub losses: Vec<Q>,
    /// The distinct losses of the genuine combinations, increasing.
    #[serde(with = "rational_text::vec")]
    pub genuine_losses: Vec<Q>,
    /// The global minimum of the loss: the least family loss (families stage).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub global_min: Option<Q>,
    /// Number of spurious families, whose loss is above `global_min` (families stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spurious: Option<u64>,
    /// `"no-spurious-minima"` or `"spurious-minima"` (families stage).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
}

impl Certificate {
    /// Pretty JSON text (deterministic).
    pub fn to_json(&self) -> String {
        json_file::to_json(self)
    }

    /// Parse JSON text; the error names line and column.
    pub fn from_json(text: &str) -> std::result::Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Read and parse a certificate file. Errors are [`FormatError`](error::FormatError) naming the file and the
    /// line/column of a parse error.
    pub fn read(path: &Path) -> Result<Self> {
        let text = json_file::read_text(path)?;
        parallel_read::parse_certificate(&text, path)
    }
}
