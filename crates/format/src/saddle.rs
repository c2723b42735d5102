//! The `saddles` section of a certificate (`certify --saddles`; Liu §V, Thm 2, eqs. (19)–(21)):
//! for every cell combination, either a differentiable saddle point (a critical point inside
//! the cells that is not a local minimum, with a direction of exactly negative second-order
//! change), or, for every set `S` of units that may carry the least-squares fit, a reason why
//! no saddle point has exactly the units of `S` with vanishing `∂L/∂R_j`.
//!
//! The mathematics is `proofs/saddle-points.md`; the checker rules are `saddle-*` in
//! `proofs/checker-rules.md`; the field-by-field format is `docs/certificate-format.md`.

use serde::{Deserialize, Serialize};

use crate::rational_text;
use crate::{MotzkinRecord, RefutationRecord};
use relucert_exact::Q;

/// The answer for one cell combination (same order and chambers as `cells`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaddleCellRecord {
    /// The combination's chambers, as in the matching `cells` record.
    pub chambers: Vec<String>,
    /// Whether the combination has a differentiable saddle point.
    pub saddle: bool,
    /// When `saddle`: one saddle point with its descent direction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witness: Option<SaddleWitnessRecord>,
    /// When not `saddle`: one record per canonical set `S` of units with `|S| < K`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refutation: Option<Vec<SubsetRefutationRecord>>,
}

/// A differentiable saddle point `(z, w [, c])`: every `w_k` strictly inside its chamber, the
/// gradient in `z`, `w` (and `c`) exactly zero, and a straight direction `(dz, dw [, dc])`
/// along which the loss has second-order coefficient `second_order < 0`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaddleWitnessRecord {
    /// The units whose `∂L/∂R_j` vanishes there (informational; the point is checked directly).
    pub units: Vec<usize>,
    /// Output weights.
    #[serde(with = "rational_text::vec")]
    pub z: Vec<Q>,
    /// Hidden weights, one row per unit.
    #[serde(with = "rational_text::matrix")]
    pub w: Vec<Vec<Q>>,
    /// The output bias, present exactly when the instance has one.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub c: Option<Q>,
    /// The descent direction.
    pub descent: SaddleDescentRecord,
}

/// A straight line `t ↦ (z + t dz, w + t dw [, c + t dc])` from the saddle point.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaddleDescentRecord {
    #[serde(with = "rational_text::vec")]
    pub dz: Vec<Q>,
    #[serde(with = "rational_text::matrix")]
    pub dw: Vec<Vec<Q>>,
    /// Present exactly when the instance has an output bias.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "rational_text::option"
    )]
    pub dc: Option<Q>,
    /// The coefficient of `t²` of the loss along the line (the coefficient of `t` is zero).
    #[serde(with = "rational_text::one")]
    pub second_order: Q,
}

/// Why no saddle point of the combination has exactly the units of `units` fitted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubsetRefutationRecord {
    /// The set `S` (unit positions, increasing; canonical among equal chambers).
    pub units: Vec<usize>,
    /// A solution `v = (R_S [, c])` of the normal equations of the units in `S` (with the
    /// output bias); its residual is the same for every solution.
    #[serde(with = "rational_text::vec")]
    pub least_squares: Vec<Q>,
    /// `"zero-gradient"`, `"hyperplane"` or `"not-genuine"`.
    pub reason: String,
    /// The unit `j ∉ S` for `"zero-gradient"` (its `∂L/∂R_j` is zero) and `"hyperplane"` (the
    /// hyperplane orthogonal to `∂L/∂R_j` misses its open chamber).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<usize>,
    /// For `"hyperplane"`: multipliers for the system `σ_i x_i·w > 0` (non-zero samples in
    /// order), `G_j·w = 0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub motzkin: Option<MotzkinRecord>,
    /// For `"not-genuine"`: one Motzkin certificate per sign vector of the units of `S`, for
    /// the genuineness system of the sub-combination (the `cells` row order with `K = |S|`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refutation: Option<Vec<RefutationRecord>>,
}

/// The `"saddles"` entry of a `certify --json` summary: one object per combination with a
/// saddle point, `{"chambers": [signs…], "witness": {"z", "w", "c"}}` (`c` only with an output
/// bias), rationals as strings.
pub fn summary_json(saddles: &[SaddleCellRecord]) -> serde_json::Value {
    use serde_json::{Value, json};
    let text = |q: &Q| Value::String(relucert_exact::format_q(q));
    let list: Vec<Value> = saddles
        .iter()
        .filter_map(|s| {
            let w = s.witness.as_ref()?;
            let mut point = serde_json::Map::new();
            point.insert("z".into(), Value::Array(w.z.iter().map(text).collect()));
            point.insert(
                "w".into(),
                Value::Array(
                    w.w.iter()
                        .map(|row| Value::Array(row.iter().map(text).collect()))
                        .collect(),
                ),
            );
            if let Some(c) = &w.c {
                point.insert("c".into(), text(c));
            }
            Some(json!({"chambers": s.chambers, "witness": Value::Object(point)}))
        })
        .collect();
    Value::Array(list)
}
