//! Small random rational instances drawn reproducibly from a seed (ChaCha8, so the same seed
//! gives the same instances on every platform), and their exact TOML text.

use num_traits::{Signed, Zero};
use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::Rng;

use relucert_exact::{Q, format_q};

use crate::error::{Error, Result};
use crate::instance::{Instance, NetworkSettings};

/// The ranges of a search and the settings it keeps fixed.
#[derive(Clone, Debug, PartialEq)]
pub struct Ranges {
    /// Samples `1 ≤ N ≤ max_samples`.
    pub max_samples: usize,
    /// Hidden units `1 ≤ K ≤ max_hidden`.
    pub max_hidden: usize,
    /// Coordinates before the bias column, `1 ≤ d ≤ dim`.
    pub dim: usize,
    /// Append a constant 1 to every sample.
    pub bias: bool,
    /// Leaky slope.
    pub alpha: Q,
    /// Output bias.
    pub output_bias: bool,
}

impl Default for Ranges {
    fn default() -> Self {
        Ranges {
            max_samples: 4,
            max_hidden: 2,
            dim: 2,
            bias: false,
            alpha: Q::zero(),
            output_bias: false,
        }
    }
}

/// An instance as drawn: samples before bias augmentation, labels and settings.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Draw {
    /// Samples (without the bias coordinate).
    pub x: Vec<Vec<Q>>,
    /// Labels.
    pub y: Vec<Q>,
    /// Hidden units.
    pub hidden: usize,
    /// Append a constant 1.
    pub bias: bool,
    /// Leaky slope.
    pub alpha: Q,
    /// Output bias.
    pub output_bias: bool,
}

fn below(rng: &mut ChaCha8Rng, n: u64) -> u64 {
    rng.next_u64() % n
}

/// A small rational: an integer in `[−3, 3]` three times in four, else `±1/2` or `±3/2`.
fn number(rng: &mut ChaCha8Rng) -> Q {
    if below(rng, 4) < 3 {
        Q::from_integer((below(rng, 7) as i64 - 3).into())
    } else {
        let p = [1i64, 3][below(rng, 2) as usize] * if below(rng, 2) == 0 { 1 } else { -1 };
        Q::new(p.into(), 2.into())
    }
}

impl Draw {
    /// Draw one instance within `ranges`.
    pub fn random(rng: &mut ChaCha8Rng, ranges: &Ranges) -> Draw {
        let n = 1 + below(rng, ranges.max_samples.max(1) as u64) as usize;
        let d = 1 + below(rng, ranges.dim.max(1) as u64) as usize;
        let hidden = 1 + below(rng, ranges.max_hidden.max(1) as u64) as usize;
        let x = (0..n).map(|_| (0..d).map(|_| number(rng)).collect()).collect();
        let y = (0..n).map(|_| number(rng)).collect();
        Draw {
            x,
            y,
            hidden,
            bias: ranges.bias,
            alpha: ranges.alpha.clone(),
            output_bias: ranges.output_bias,
        }
    }

    /// Samples `N`.
    pub fn n(&self) -> usize {
        self.x.len()
    }

    /// Coordinates before the bias column.
    pub fn d(&self) -> usize {
        self.x.first().map_or(0, Vec::len)
    }

    /// The validated instance (bias appended).
    pub fn instance(&self) -> Result<Instance> {
        let settings = NetworkSettings {
            hidden: self.hidden,
            bias: self.bias,
            alpha: self.alpha.clone(),
            output_bias: self.output_bias,
        };
        Instance::new(self.x.clone(), self.y.clone(), &settings, None).map_err(Error::Input)
    }

    /// Recover the drawn form of an instance (the bias coordinate removed).
    pub fn from_instance(inst: &Instance) -> Draw {
        let x = inst
            .x
            .iter()
            .map(|row| {
                if inst.bias {
                    row[..row.len() - 1].to_vec()
                } else {
                    row.clone()
                }
            })
            .collect();
        Draw {
            x,
            y: inst.y.clone(),
            hidden: inst.hidden,
            bias: inst.bias,
            alpha: inst.alpha.clone(),
            output_bias: inst.output_bias,
        }
    }

    /// The instance file text (`docs/instance-format.md`), numbers exact.
    pub fn toml(&self, name: &str) -> String {
        let mut out = format!(
            "name = \"{}\"\nhidden = {}\n",
            name.replace('"', "'"),
            self.hidden
        );
        if self.bias {
            out.push_str("bias = true\n");
        }
        if !self.alpha.is_zero() {
            out.push_str(&format!("alpha = {}\n", toml_number(&self.alpha)));
        }
        if self.output_bias {
            out.push_str("output_bias = true\n");
        }
        let rows: Vec<String> = self
            .x
            .iter()
            .map(|r| format!("[{}]", r.iter().map(toml_number).collect::<Vec<_>>().join(", ")))
            .collect();
        out.push_str(&format!("x = [{}]\n", rows.join(", ")));
        out.push_str(&format!(
            "y = [{}]\n",
            self.y.iter().map(toml_number).collect::<Vec<_>>().join(", ")
        ));
        out
    }

    /// One line: `N = 2, d = 1, K = 1: x = [[1], [-2]], y = [0, 1]`.
    pub fn summary(&self) -> String {
        let rows: Vec<String> = self
            .x
            .iter()
            .map(|r| format!("[{}]", r.iter().map(format_q).collect::<Vec<_>>().join(", ")))
            .collect();
        format!(
            "N = {}, d = {}{}, K = {}{}{}: x = [{}], y = [{}]",
            self.n(),
            self.d(),
            if self.bias { " (+ bias)" } else { "" },
            self.hidden,
            if self.alpha.is_zero() {
                String::new()
            } else {
                format!(", alpha = {}", format_q(&self.alpha))
            },
            if self.output_bias { ", output bias" } else { "" },
            rows.join(", "),
            self.y.iter().map(format_q).collect::<Vec<_>>().join(", ")
        )
    }
}

/// An exact TOML number: a bare integer, or a quoted fraction.
pub fn toml_number(q: &Q) -> String {
    if q.is_integer() {
        format_q(q)
    } else {
        format!("\"{}\"", format_q(q))
    }
}

/// `|p| + q` for `p/q`: the size of a number in the shrinking order.
pub fn complexity(q: &Q) -> num_bigint::BigInt {
    q.numer().abs() + q.denom()
}
