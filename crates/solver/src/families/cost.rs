//! What a family search will cost, measured before it runs: a short sample of the planned
//! combinations is decided and timed, and the time and certificate size are extrapolated to
//! the whole plan (`certify` refuses only what exceeds its time budget). Also the progress bar
//! every long stage draws.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{FamilyResult, Plan};
use crate::certificate::family_sections::record_len;
use crate::feasibility::Route;
use crate::instance::Instance;

/// A progress bar with ETA on stderr, drawn only when `show` and stderr is a terminal.
pub fn bar(stage: &str, len: u64, show: bool) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if show && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        let template = format!("{stage} {{bar:40}} {{pos}}/{{len}} [{{elapsed}}<{{eta}}]");
        if let Ok(style) = ProgressStyle::with_template(&template) {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}

/// The extrapolated cost of deciding a plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cost {
    /// Combinations in the plan.
    pub combinations: u64,
    /// Combinations decided in the sample.
    pub sampled: u64,
    /// Estimated wall time of the whole plan on this machine's threads.
    pub seconds: f64,
    /// Estimated bytes the plan's records add to the certificate (JSON text).
    pub bytes: f64,
}

/// Decide up to `sample` combinations spread evenly over the plan, in parallel, and
/// extrapolate time and size to the whole plan.
pub fn estimate(plan: &Plan, inst: &Instance, route: Route, sample: usize) -> Cost {
    let total = plan.combos.len();
    let count = (sample as u128).min(total).max(u128::from(total > 0));
    if count == 0 {
        return Cost {
            combinations: 0,
            sampled: 0,
            seconds: 0.0,
            bytes: 0.0,
        };
    }
    // Spread over the plan: the (s·total/count)-th combination, s = 0..count.
    let picks: Vec<Vec<usize>> = (0..count)
        .filter_map(|s| {
            let index = s.checked_mul(total).map_or(s * (total / count), |v| v / count);
            plan.combos.unrank(index)
        })
        .collect();
    let start = Instant::now();
    let results: Vec<FamilyResult> = picks
        .par_iter()
        .map(|items| plan.decide_one(inst, items, route))
        .collect();
    let elapsed: Duration = start.elapsed();
    let scale = total as f64 / count as f64;
    let bytes: usize = results
        .iter()
        .map(|r| record_len(r, inst.n(), inst.output_bias))
        .sum();
    let bytes = bytes as f64 * scale;
    Cost {
        combinations: u64::try_from(total).unwrap_or(u64::MAX),
        sampled: count as u64,
        seconds: elapsed.as_secs_f64() * scale,
        bytes,
    }
}
