//! The `landscape` section of a certificate: exact shape facts about the cells and the
//! families that claims about published theorems need (SPEC §7), beside the records they
//! describe. `landscape.cells[j]` describes `cells[j]` and `landscape.minima[j]` describes
//! `minima[j]` (same order, same length). Every number is a rank computed exactly from the
//! instance; the checker recomputes each one (rules `landscape-*`, `proofs/landscape.md`).

use serde::{Deserialize, Serialize};

/// The whole section.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandscapeRecord {
    /// One entry per cell combination, in the order of `cells`.
    pub cells: Vec<CellShape>,
    /// One entry per non-empty family, in the order of `minima` (empty without families).
    #[serde(default)]
    pub minima: Vec<FamilyShape>,
}

/// The Hessian of the loss in `R` inside a cell combination (Liu Lemma 2, eq. (47)): it is
/// `(2/N) A_Rᵀ A_R`, `A_R` the design matrix without the output-bias column, so its rank is
/// `rank(A_R)` and its null space is `ker A_R`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellShape {
    /// `rank(A_R)`, at most `K d`.
    pub hessian_rank: usize,
    /// `hessian_rank == K d`: the Hessian in `R` is positive definite.
    pub hessian_positive_definite: bool,
}

/// The set of local minima of one family (fixed faces and modes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FamilyShape {
    /// Dimension of the family in `(R [, c])`: `K d [+1] − rank(E)` for the stacked equality
    /// system `E` (design rows of the face activation pattern, `x_i·R_k = 0` on the face's
    /// zero samples, `R_k = 0` for mode-0 units).
    pub dim_r: usize,
    /// Dimension of the family in the network parameters `(z, w [, c])`: `dim_r` plus one per
    /// unit with `z_k ≠ 0` (the scaling `(z_k, w_k) → (t z_k, w_k/t)`) plus `dim F_k` per unit
    /// with `z_k = 0` (its `w_k` ranges over the whole face).
    pub dim_params: usize,
    /// `dim_r == 0`: the family is a single `(R [, c])`.
    pub r_unique: bool,
    /// Per unit, `"alive"` (`z_k ≠ 0` and `w_k·x_i > 0` on some sample) or `"dead"`.
    pub units: Vec<String>,
}
