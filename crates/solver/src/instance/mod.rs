//! A training instance: samples, labels and network settings, all exact.
//!
//! Read from TOML ([`toml_file`]) or CSV ([`csv_file`]); the format is documented in
//! `docs/instance-format.md`.

pub mod csv_file;
pub mod float_policy;
pub mod toml_file;

use num_traits::{One, Signed};

use relucert_exact::Q;

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

impl NetworkSettings {
    /// Check `K ≥ 1`. The error reads `expected …, found …`.
    pub fn check_hidden(hidden: usize) -> std::result::Result<(), String> {
        if hidden >= 1 {
            Ok(())
        } else {
            Err(format!(
                "expected an integer ≥ 1 (the number of hidden units), found {hidden}"
            ))
        }
    }

    /// Check `0 ≤ α < 1`. The error reads `expected …`; the caller adds what was found.
    pub fn check_alpha(alpha: &Q) -> std::result::Result<(), String> {
        if alpha.is_negative() || *alpha >= Q::one() {
            Err("expected a number in [0, 1) (the leaky slope alpha)".into())
        } else {
            Ok(())
        }
    }
}

impl Instance {
    /// Build a validated instance from raw samples (before bias augmentation): appends the
    /// constant 1 to every sample when `settings.bias` is set, then runs [`Instance::validate`].
    /// The error is `<key or x[i]>: expected …, found …`, without a file name.
    pub fn new(
        raw_x: Vec<Vec<Q>>,
        y: Vec<Q>,
        settings: &NetworkSettings,
        weights: Option<Vec<Q>>,
    ) -> std::result::Result<Instance, String> {
        let mut x = raw_x;
        if settings.bias {
            for row in &mut x {
                row.push(Q::one());
            }
        }
        let instance = Instance {
            x,
            y,
            hidden: settings.hidden,
            alpha: settings.alpha.clone(),
            bias: settings.bias,
            output_bias: settings.output_bias,
            weights,
        };
        instance.validate()?;
        Ok(instance)
    }

    /// Check the invariants every consumer may rely on: `N ≥ 1` samples of one length `d ≥ 1`,
    /// one label per sample, `K ≥ 1`, `0 ≤ α < 1`, and, if present, `N` positive weights.
    /// With `bias` set, the last coordinate of every sample must be the appended 1.
    pub fn validate(&self) -> std::result::Result<(), String> {
        let n = self.x.len();
        if n == 0 {
            return Err("x: expected at least one sample, found none".into());
        }
        let d = self.x[0].len();
        if d == 0 {
            return Err("x[0]: expected at least one coordinate, found none".into());
        }
        let (max_n, max_d) = (
            relucert_exact::limits::max_samples(),
            relucert_exact::limits::max_dim(),
        );
        if n > max_n {
            return Err(format!(
                "x: {n} samples, above the limit of {max_n} (raise it with RELUCERT_MAX_SAMPLES)"
            ));
        }
        if d > max_d {
            return Err(format!(
                "x[0]: dimension {d}, above the limit of {max_d} (raise it with RELUCERT_MAX_DIM)"
            ));
        }
        for (i, row) in self.x.iter().enumerate() {
            if row.len() != d {
                return Err(format!(
                    "x[{i}]: expected {d} numbers (the length of x[0]), found {}",
                    row.len()
                ));
            }
            if self.bias && !row[d - 1].is_one() {
                return Err(format!(
                    "x[{i}]: expected the appended bias coordinate 1 last, found {}",
                    relucert_exact::format_q(&row[d - 1])
                ));
            }
        }
        if self.y.len() != n {
            return Err(format!(
                "y: expected {n} labels (one per row of x), found {}",
                self.y.len()
            ));
        }
        NetworkSettings::check_hidden(self.hidden).map_err(|m| format!("hidden: {m}"))?;
        NetworkSettings::check_alpha(&self.alpha)
            .map_err(|m| format!("alpha: {m}, found {}", relucert_exact::format_q(&self.alpha)))?;
        if let Some(w) = &self.weights {
            if w.len() != n {
                return Err(format!(
                    "weights: expected {n} weights (one per row of x), found {}",
                    w.len()
                ));
            }
            if let Some(i) = w.iter().position(|wi| !wi.is_positive()) {
                return Err(format!(
                    "weights[{i}]: expected a positive number, found {}",
                    relucert_exact::format_q(&w[i])
                ));
            }
        }
        Ok(())
    }
}
