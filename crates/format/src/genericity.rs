//! The genericity certificate `relucert-generic/1` (SPEC §5, §6): the verdicts of
//! `relucert generic` on general position and on Laurent–von Brecht's rare data (Def. 1),
//! with the witnesses the checker needs to re-verify them.
//!
//! The certificate is self-contained: it carries the samples (after bias augmentation), the
//! labels, `α`, the weights `μ_i` and the `bias` flag. Its claims:
//!
//! - `general_position`: `holds: true` (every `min(N, d)` samples independent; the checker
//!   repeats the rank computation), or `holds: false` with a dependent subset and exact
//!   coefficients of a linear dependency among it (checked by substitution).
//! - `rare_data` (only with `--rare`, `null` otherwise): the depth `L`, the classes in
//!   increasing order, the options per sample, and either `rare: true` with a witness
//!   `(λ, ε)` (checked by substitution into Def. 1) or `rare: false` (the checker repeats the
//!   exhaustive search by its own route).
//!
//! Field by field: `docs/genericity.md`, section "Genericity certificates". Rationals are
//! strings (`"p/q"` or `"p"`).

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Result;
use crate::{json_file, rational_text};
use relucert_exact::Q;

/// The value of the `format` field of a genericity certificate.
pub const GENERIC_FORMAT: &str = "relucert-generic/1";

/// The largest depth `L` of the rare-data question a certificate may state (and `relucert
/// generic --depth` accepts): it keeps `1 + (L+1)(2^{R−1} − 1)` and the powers `α^0, …, α^L`
/// small, and no search beyond it is feasible anyway.
pub const MAX_DEPTH: usize = 1_000;

/// A whole genericity certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericCertificate {
    /// Always [`GENERIC_FORMAT`].
    pub format: String,
    /// The data the claims are about.
    pub instance: GenericInstanceRecord,
    /// The general-position claim.
    pub general_position: GeneralPositionRecord,
    /// The rare-data claim (Laurent–von Brecht Def. 1); `null` when it was not asked for.
    #[serde(default)]
    pub rare_data: Option<RareDataRecord>,
}

/// The data of a genericity certificate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenericInstanceRecord {
    /// Samples `x_i ∈ Q^d`, after bias augmentation (with `bias` every row ends in 1).
    #[serde(with = "rational_text::matrix")]
    pub x: Vec<Vec<Q>>,
    /// Labels `y_i` (integers when `rare_data` is present: the class labels).
    #[serde(with = "rational_text::vec")]
    pub y: Vec<Q>,
    /// Leaky slope `α` (`0 < α < 1` when `rare_data` is present).
    #[serde(with = "rational_text::one")]
    pub alpha: Q,
    /// Whether `x` already ends in the constant 1; then `x̃_i = x_i`, else `x̃_i = (x_i, 1)`.
    pub bias: bool,
    /// The weights `μ_i > 0` of Def. 1, one per sample (the instance's `weights`, default `1/N`).
    #[serde(with = "rational_text::vec")]
    pub weights: Vec<Q>,
}

/// The general-position claim.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GeneralPositionRecord {
    /// Whether every `subset_size` samples are linearly independent.
    pub holds: bool,
    /// `k = min(N, d)`.
    pub subset_size: usize,
    /// When `holds` is false: a dependent `k`-subset and a linear dependency among it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dependency: Option<DependencyRecord>,
}

/// A linear dependency `Σ_j c_j x_{S_j} = 0` with `c ≠ 0`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DependencyRecord {
    /// The samples `S` (0-based, strictly increasing), `k` of them.
    pub subset: Vec<usize>,
    /// The coefficients `c_j`, one per index of `subset`, not all zero.
    #[serde(with = "rational_text::vec")]
    pub coefficients: Vec<Q>,
}

/// The rare-data claim (Laurent & von Brecht, Def. 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RareDataRecord {
    /// Whether the data are rare.
    pub rare: bool,
    /// The depth `L ≥ 1`: `λ_i ∈ {1, α, …, α^L}`.
    pub depth: usize,
    /// The distinct labels of `y`, increasing (integers); column `r` of `ε` is `classes[r]`.
    #[serde(with = "rational_text::vec")]
    pub classes: Vec<Q>,
    /// `m = 1 + (L+1)(2^{R−1} − 1)`, the choices of `(λ_i, ε_i)` per sample counting the zero row.
    pub options_per_sample: u64,
    /// `m^N`, the size of the exhaustive search, as a decimal string.
    pub brute_force_count: String,
    /// The witness, present exactly when `rare` is true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<RareWitnessRecord>,
}

/// A rare-data witness, in the layout of `relucert generic --json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RareWitnessRecord {
    /// `λ_i`, one per sample.
    #[serde(with = "rational_text::vec")]
    pub lambda: Vec<Q>,
    /// `ε_{i,r}`: one row per sample, one column per class (order of `classes`).
    pub epsilon: Vec<Vec<u8>>,
}

impl GenericCertificate {
    /// Pretty JSON text (deterministic), ending in a newline.
    pub fn to_json(&self) -> String {
        json_file::to_json(self)
    }

    /// Parse JSON text; the error names line and column.
    pub fn from_json(text: &str) -> std::result::Result<Self, serde_json::Error> {
        serde_json::from_str(text)
    }

    /// Read and parse a certificate file ([`FormatError`](crate::error::FormatError) naming the file, and the line and
    /// column of a parse error).
    pub fn read(path: &Path) -> Result<Self> {
        json_file::read(path)
    }
}
