//! Certificate records for families of local minima (SPEC §4, §6): the `minima` list (one
//! record per non-empty family) and the `family_refutations` list (one record per empty
//! face/mode combination). Together they account for every multiset of `K` (face, mode) pairs
//! exactly once; the faces themselves are `arrangement.faces`. Rationals are strings.
//!
//! **Regions.** For each unit, `multipliers` lists the chambers `T` of the small arrangement
//! of the non-zero samples `Z'_k` on which the unit's face vanishes, as strings over all
//! samples (`+` on `T`, `-` on `Z'_k∖T`, `.` elsewhere) with a strict direction inside the
//! chamber, and the multipliers of SPEC §4: `m_k·G_k(T) = Σ_{i∈T} λ_i x_i − Σ_{i∈Z'_k∖T} μ_i x_i`,
//! `lambda` one per `+` of the region string and `mu` one per `-`, in ascending sample order.
//! Both are empty for units with mode `0` (there the condition is `G_k(T) = 0`).
//!
//! **Refutation rows** refer to the family system of the solver's `families::system`, rebuilt by the
//! checker from the instance, the faces, the modes and the listed regions; the exact row order
//! is in `docs/certificate-format.md`.

use serde::{Deserialize, Serialize};

use crate::MotzkinRecord;
use crate::rational_text;
use relucert_exact::Q;

/// One local region `T` of a unit, with the multipliers of the unit's cone condition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRecord {
    /// `+` on `T`, `-` on `Z'_k∖T`, `.` elsewhere.
    pub region: String,
    /// A direction `v` with `v·x_i > 0` on `T` and `< 0` on `Z'_k∖T`.
    #[serde(with = "rational_text::vec")]
    pub direction: Vec<Q>,
    /// `λ_i ≥ 0`, one per sample of `T`, ascending (empty for mode-0 units and in refutations).
    #[serde(default, with = "rational_text::vec")]
    pub lambda: Vec<Q>,
    /// `μ_i ≥ 0`, one per sample of `Z'_k∖T`, ascending (empty for mode-0 units and in
    /// refutations).
    #[serde(default, with = "rational_text::vec")]
    pub mu: Vec<Q>,
}

/// A point `(z, w [, c])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointRecord {
    /// Output weights `z_k`.
    #[serde(with = "rational_text::vec")]
    pub z: Vec<Q>,
    /// Hidden weights `w_k`, one row per unit.
    #[serde(with = "rational_text::matrix")]
    pub w: Vec<Vec<Q>>,
    /// Present exactly when the instance has an output bias.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub c: Option<Q>,
}

/// A non-empty family of local minima (an entry of `minima`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyRecord {
    /// Each unit's face (sign strings), units in canonical order (see the docs).
    pub faces: Vec<String>,
    /// Each unit's mode (the sign of `z_k`), e.g. `"+0"`.
    pub modes: String,
    /// The loss, constant on the family.
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// A local minimum in the family.
    pub witness: PointRecord,
    /// Per unit, every local region with its multipliers.
    pub multipliers: Vec<Vec<RegionRecord>>,
    /// Every unit with mode ≠ 0 lies in a chamber (so `L` is differentiable on the family).
    pub differentiable: bool,
    /// The loss is above the global minimum.
    pub spurious: bool,
}

/// An empty face/mode combination (an entry of `family_refutations`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyRefutationRecord {
    /// Each unit's face.
    pub faces: Vec<String>,
    /// Each unit's mode.
    pub modes: String,
    /// Per unit, the regions whose conditions the system uses (no multipliers).
    pub regions: Vec<Vec<RegionRecord>>,
    /// Motzkin multipliers for the family system, rows in the documented order.
    pub motzkin: MotzkinRecord,
}
