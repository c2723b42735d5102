//! Certificate records of the reduced family search (`proofs/family-reductions.md`) and of the
//! plain answer (the distinct loss values of local minima).
//!
//! **Reduced search.** With a `reduction` record, `minima` and `family_refutations` account for
//! the *cores* instead of every multiset of `K` (face, mode) items: every single item (one-unit
//! families, `3F` of them) and every set of `j` distinct non-inert items, `2 ≤ j ≤ K` (one
//! family of `j` units, items strictly increasing). An item is *inert* when its mode is `0`, or
//! its face has no `+` and (`α = 0` or the face has no `-`): such a unit adds nothing to any
//! output. The checker recomputes the inert items and the counts; the record only states them
//! so that a disagreement is named.

use serde::{Deserialize, Serialize};

use crate::rational_text;
use relucert_exact::Q;

/// The name of the only reduction so far.
pub const CORES: &str = "cores";

/// Whether the item (face with sign string `face`, mode `+`, `-` or `0`) is *inert*: its unit
/// adds nothing to any output — mode `0`, or a face with no `+` where (`α = 0` or the face
/// has no `-`). Lemma 1 of `proofs/family-reductions.md`.
pub fn is_inert(alpha: &Q, face: &str, mode: char) -> bool {
    if mode == '0' {
        return true;
    }
    !face.contains('+') && (num_traits::Zero::is_zero(alpha) || !face.contains('-'))
}

/// What the reduced family search covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReductionRecord {
    /// Always [`CORES`].
    pub rule: String,
    /// The inert items as `"<face signs>:<mode>"`, in canonical item order.
    pub inert: Vec<String>,
    /// `sizes[j − 1]`: the number of `j`-unit combinations decided (`3F` for `j = 1`,
    /// `C(M, j)` for `j ≥ 2` with `M` non-inert items).
    pub sizes: Vec<u64>,
}

/// One distinct loss value of local minima.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LevelRecord {
    /// The loss `(1/N) Σ e_i²`.
    #[serde(with = "rational_text::one")]
    pub loss: Q,
    /// Above the global minimum.
    pub spurious: bool,
    /// Distinct cores (sets of distinct non-inert items; the empty core counts once) of the
    /// non-empty families with this loss.
    pub families: u64,
    /// Of those, the cores whose units all lie in chambers (a differentiable minimum exists).
    pub differentiable: u64,
    /// Some core has `K` units: the level needs no dead, zero or duplicated unit.
    pub full_width: bool,
}
