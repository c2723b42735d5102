//! A training instance: samples, labels and network settings, all exact.
//!
//! Read from TOML ([`toml_file`]) or CSV ([`csv_file`]); the format is documented in
//! `docs/instance-format.md`.

pub mod csv_file;
pub mod toml_file;

use crate::exact::Q;

/// Network settings that do not come from the data (CSV files take them from flags).
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkSettings {
    /// Number of hidden units `K ≥ 1`.
    pub hidden: usize,
    /// Append a constant 1 to every sample.
    pub bias: bool,
    /// Leaky slope `α ∈ [0, 1)`.
    pub alpha: Q,
    /// Add an output bias `c`.
    pub output_bias: bool,
}

/// A validated instance. `x` is stored *after* bias augmentation, so `d()` counts the
/// appended coordinate when `bias` is true.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// Samples `x_i ∈ Q^d` (after bias augmentation); `N ≥ 1` rows of equal length `d ≥ 1`.
    pub x: Vec<Vec<Q>>,
    /// Labels `y_i`, one per sample.
    pub y: Vec<Q>,
    /// Number of hidden units `K ≥ 1`.
    pub hidden: usize,
    /// Leaky slope `α ∈ [0, 1)`; `0` is ReLU.
    pub alpha: Q,
    /// Whether a constant 1 was appended to every sample.
    pub bias: bool,
    /// Whether the network has an output bias `c`.
    pub output_bias: bool,
    /// Optional per-sample weights (used by the rare-data check); `None` means `1/N` each.
    pub weights: Option<Vec<Q>>,
}

impl Instance {
    /// Number of samples `N`.
    pub fn n(&self) -> usize {
        self.x.len()
    }

    /// Dimension `d` of the (augmented) samples.
    pub fn d(&self) -> usize {
        self.x.first().map_or(0, |r| r.len())
    }
}
