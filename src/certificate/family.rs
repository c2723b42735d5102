//! Certificate records for families of local minima (SPEC §4, §6 `minima`).
//!
//! The section lists every face of the data arrangement with a witness and the Zaslavsky face
//! count, then one record per face/mode multiset: non-empty families in `families` (witness
//! point and multipliers), empty ones in `refuted` (Motzkin multipliers). Together they must
//! account for every multiset exactly once. Rationals are strings.
//!
//! **Regions.** For each unit, `regions` lists the chambers `T` of the small arrangement of the
//! non-zero samples `Z'_k` on which the unit's face vanishes, as strings over all samples (`+`
//! on `T`, `-` on `Z'_k∖T`, `.` elsewhere) with a strict witness direction. `multipliers` has
//! one entry per sample of `Z'_k` in ascending sample order: `λ_i` where the region has `+`,
//! `μ_i` where it has `-`; it is empty for units with mode `0`.
//!
//! **Refutation rows** refer to the family system of `crate::families::system`, rebuilt from the
//! instance, the faces, the modes and the listed regions: variables `R_1..R_K`, `[c]`, then one
//! multiplier per (unit with mode ≠ 0, region, sample of `Z'_k`); strict rows
//! `s_i m_k x_i·R_k > 0` (units with mode ≠ 0, samples with face sign ≠ 0 and `x_i ≠ 0`,
//! ascending); non-strict rows `ν ≥ 0` in variable order; equalities (a) `x_i·R_k = 0` for
//! `i ∈ Z'_k` (mode ≠ 0), (b) `R_k = 0` coordinate-wise (mode 0), (c) `Σ e_i = 0` (output bias),
//! (d) per unit, region, coordinate: `m_k G_k(T)[j] − Σ_{Z'_k} ±ν x_i[j] = 0` (mode ≠ 0) or
//! `G_k(T)[j] = 0` (mode 0), with `e_i = Σ_k a_ik x_i·R_k [+ c] − y_i`, `a_ik = 1` for face
//! sign `+` else `α`.

use serde::{Deserialize, Serialize};

use crate::certificate::rational_text;
use crate::exact::Q;
use crate::families::{FamiliesReport, FamilyOutcome, FamilyResult};
use crate::point::local_region::LocalRegion;

/// A face of the data arrangement with a witness.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceRecord {
    /// One of `+`, `-`, `0` per sample.
    pub signs: String,
    /// A point `w` with exactly these signs.
    #[serde(with = "rational_text::vec")]
    pub witness: Vec<Q>,
}

/// One local region `T` of a unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRecord {
    /// `+` on `T`, `-` on `Z'_k∖T`, `.` elsewhere.
    pub region: String,
    /// A direction `v` with `v·x_i > 0` on `T` and `< 0` on `Z'_k∖T`.
    #[serde(with = "rational_text::vec")]
    pub witness: Vec<Q>,
    /// `λ`/`μ` per sample of `Z'_k`, ascending (empty for mode-0 units and in refutations).
    #[serde(default, with = "rational_text::vec")]
    pub multipliers: Vec<Q>,
}

/// A point `(z, w [, c])`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PointRecord {
    #[serde(with = "rational_text::vec")]
    pub z: Vec<Q>,
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

/// A non-empty family of local minima.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyRecord {
    /// Each unit's face (sign strings), in canonical (non-decreasing face, mode) order.
    pub faces: Vec<String>,
    /// Each unit's mode, e.g. `"+0"`.
    pub modes: String,
    /// The loss, constant on the family.
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// Every unit with mode ≠ 0 lies in a chamber.
    pub differentiable: bool,
    /// Loss above the global minimum.
    pub spurious: bool,
    /// A local minimum in the family.
    pub witness: PointRecord,
    /// Per unit, every local region with its multipliers.
    pub regions: Vec<Vec<RegionRecord>>,
}

/// An empty face/mode combination.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefutedRecord {
    pub faces: Vec<String>,
    pub modes: String,
    /// Per unit, the regions used by the system (multipliers empty).
    pub regions: Vec<Vec<RegionRecord>>,
    /// Motzkin multipliers for the family system, rows in the documented order.
    pub refutation: MotzkinRecord,
}

/// Motzkin multipliers: strict rows, non-strict rows, equalities.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MotzkinRecord {
    #[serde(with = "rational_text::vec")]
    pub strict: Vec<Q>,
    #[serde(with = "rational_text::vec")]
    pub nonstrict: Vec<Q>,
    #[serde(with = "rational_text::vec")]
    pub equalities: Vec<Q>,
}

/// The whole families section.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MinimaSection {
    /// Every face of the data arrangement, sorted by sign string.
    pub faces: Vec<FaceRecord>,
    /// The Zaslavsky number of faces.
    pub face_count: u64,
    /// Non-empty families, in canonical order.
    pub families: Vec<FamilyRecord>,
    /// Empty combinations, in canonical order.
    pub refuted: Vec<RefutedRecord>,
    /// The least family loss.
    #[serde(with = "rational_text::one")]
    pub global_min: Q,
    /// The number of spurious families.
    pub spurious: usize,
    /// `"no-spurious-minima"` or `"spurious-minima"`.
    pub verdict: String,
}

fn region_record(r: &LocalRegion, n: usize, multipliers: Vec<Q>) -> RegionRecord {
    RegionRecord {
        region: r.signs_text(n),
        witness: r.witness.clone(),
        multipliers,
    }
}

fn regions_of(
    result: &FamilyResult,
    n: usize,
    multipliers: Option<&Vec<Vec<Vec<Q>>>>,
) -> Vec<Vec<RegionRecord>> {
    result
        .regions
        .iter()
        .enumerate()
        .map(|(k, regs)| {
            regs.iter()
                .enumerate()
                .map(|(t, r)| {
                    let m = multipliers.map(|m| m[k][t].clone()).unwrap_or_default();
                    region_record(r, n, m)
                })
                .collect()
        })
        .collect()
}

impl MinimaSection {
    /// Build the section from a families report (`n` samples, `face_count` the verified
    /// Zaslavsky number, `output_bias` whether `c` is written).
    pub fn from_report(
        report: &FamiliesReport,
        n: usize,
        face_count: u64,
        output_bias: bool,
    ) -> Option<Self> {
        let global_min = report.global_min.clone()?;
        let mut families = Vec::new();
        let mut refuted = Vec::new();
        for r in &report.results {
            let faces: Vec<String> = r.faces.iter().map(|f| f.to_string()).collect();
            match &r.outcome {
                FamilyOutcome::Exists {
                    loss,
                    point,
                    multipliers,
                    differentiable,
                } => families.push(FamilyRecord {
                    faces,
                    modes: r.modes_text(),
                    loss: loss.clone(),
                    differentiable: *differentiable,
                    spurious: loss > &global_min,
                    witness: PointRecord {
                        z: point.z.clone(),
                        w: point.w.clone(),
                        c: output_bias.then(|| point.c.clone()),
                    },
                    regions: regions_of(r, n, Some(multipliers)),
                }),
                FamilyOutcome::Empty { refutation } => refuted.push(RefutedRecord {
                    faces,
                    modes: r.modes_text(),
                    regions: regions_of(r, n, None),
                    refutation: MotzkinRecord {
                        strict: refutation.strict.clone(),
                        nonstrict: refutation.nonstrict.clone(),
                        equalities: refutation.equalities.clone(),
                    },
                }),
            }
        }
        let spurious = report.spurious.len();
        Some(MinimaSection {
            faces: report
                .faces
                .iter()
                .map(|f| FaceRecord {
                    signs: f.signs.to_string(),
                    witness: f.witness.clone(),
                })
                .collect(),
            face_count,
            families,
            refuted,
            global_min,
            spurious,
            verdict: report.verdict().to_string(),
        })
    }
}
