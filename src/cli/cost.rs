//! The estimated cost of the cell stage, so a run too large for its budget is refused before
//! any work, with the estimate (issue 10).
//!
//! Every cell combination is decided through at most `3^K` sign-vector systems (SPEC §3); each
//! system is a feasibility problem with `N` sample rows per unit over the `p = K·d [+1]`
//! unknowns of the least-squares solution set, solved by elimination: about `N·p²` steps. The
//! estimate is `cells · 3^K · N · p²` steps, converted to seconds with the throughput measured
//! on `fixtures/random_n10_d3_bias.toml` (`K = 2`: 4,278 cells, 18.9·10⁶ steps in 8 s of CPU
//! time on the reference machine, 2 cores). It is an order of magnitude, not a promise; the
//! budget only has to separate runs of seconds from runs of hours.

/// Steps per second of CPU time on the reference machine (see the module comment).
pub const STEPS_PER_SECOND: f64 = 2.4e6;

/// The default `--budget` of `certify`, in estimated seconds, for the cell stage and for the
/// families (`--force` ignores it).
pub const DEFAULT_BUDGET_SECONDS: f64 = 600.0;

/// The estimated steps and seconds of deciding `cells` combinations of an instance with `n`
/// samples of dimension `d`, `k` hidden units and `p` unknowns per system.
pub fn cell_stage(cells: u128, n: usize, k: usize, p: usize) -> (f64, f64) {
    let systems = cells as f64 * 3f64.powi(k.min(1_000) as i32);
    let steps = systems * n as f64 * (p as f64).powi(2);
    (steps, steps / STEPS_PER_SECOND)
}

/// An upper bound on the chambers of the data arrangement, computed in a moment: with `m`
/// distinct hyperplanes (non-zero samples up to a non-zero factor) spanning rank `r`, a central
/// arrangement has at most `2 Σ_{i<r} C(m−1, i)` chambers, with equality in general position
/// (Cover 1965; Zaslavsky's count of the generic arrangement). Saturates at `u128::MAX`.
pub fn chamber_bound(x: &[Vec<relucert_exact::Q>]) -> u128 {
    use num_traits::{Signed, Zero};
    let d = x.first().map_or(0, Vec::len);
    let mut directions = std::collections::BTreeSet::new();
    for row in x {
        let Some(lead) = row.iter().find(|v| !v.is_zero()) else {
            continue;
        };
        let scale = lead.abs();
        directions.insert(
            row.iter()
                .map(|v| relucert_exact::format_q(&(v / &scale)))
                .map(|t| if lead.is_negative() { format!("-{t}") } else { t })
                .collect::<Vec<_>>(),
        );
    }
    let m = directions.len() as u128;
    if m == 0 {
        return 1;
    }
    let r = relucert_exact::QMatrix::from_rows(x.to_vec(), d).rank() as u128;
    let mut total: u128 = 0;
    let mut binom: u128 = 1; // C(m − 1, i)
    for i in 0..r.min(m) {
        total = total.saturating_add(binom);
        binom = binom.saturating_mul(m - 1 - i) / (i + 1);
    }
    total.saturating_mul(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_issue_10_run_is_over_budget_and_the_reference_is_under() {
        // N = 40, d = 5, K = 1: 184,342 cells (ran past 580 s): ≈ 230 s by the estimate.
        let (_, big) = cell_stage(184_342, 40, 1, 5);
        assert!((200.0..260.0).contains(&big), "{big}");
        // The reference instance: N = 10, d = 3, K = 2, 4,278 cells, p = 6.
        let (steps, small) = cell_stage(4_278, 10, 2, 6);
        assert!((1.0e7..2.0e7).contains(&steps), "{steps}");
        assert!(small < DEFAULT_BUDGET_SECONDS, "{small}");
    }
}
