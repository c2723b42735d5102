//! Rule `instance`: the recorded instance is well formed.

use num_traits::{One, Zero};

use super::Rejection;
use relucert_format::InstanceRecord;

/// The largest number of hidden units the checker accepts: a certificate lists `3^K`
/// refutations per refuted cell, so anything larger cannot be a real certificate, and the
/// bound keeps every count the checker forms (`3^K`, `K!`) inside machine integers.
pub const MAX_HIDDEN: usize = 32;

/// `x` has `N ≥ 1` rows of equal length `d ≥ 1`, `y` has `N` entries, `1 ≤ K ≤` [`MAX_HIDDEN`],
/// `0 ≤ α < 1`, and with `bias` every sample ends in 1.
pub fn check(inst: &InstanceRecord) -> Result<(), Rejection> {
    let bad = |loc: String, detail: String| Err(Rejection::new("instance", loc, detail));
    let n = inst.x.len();
    if n == 0 {
        return bad("instance.x".into(), "expected at least one sample".into());
    }
    let d = inst.x[0].len();
    if d == 0 {
        return bad("instance.x[0]".into(), "expected at least one coordinate".into());
    }
    // Sizes are untrusted: bounded like an instance file's (`docs/limits.md`).
    let (max_n, max_d) = (
        relucert_exact::limits::max_samples(),
        relucert_exact::limits::max_dim(),
    );
    if n > max_n || d > max_d {
        return bad(
            "instance.x".into(),
            format!(
                "{n} samples of dimension {d}: above the limits of {max_n} samples and dimension {max_d} \
                 (RELUCERT_MAX_SAMPLES, RELUCERT_MAX_DIM)"
            ),
        );
    }
    if let Some(i) = inst.x.iter().position(|r| r.len() != d) {
        return bad(
            format!("instance.x[{i}]"),
            format!("expected {d} coordinates like x[0]"),
        );
    }
    if inst.y.len() != n {
        return bad(
            "instance.y".into(),
            format!("expected {n} labels, found {}", inst.y.len()),
        );
    }
    if inst.hidden == 0 {
        return bad(
            "instance.hidden".into(),
            "expected at least one hidden unit".into(),
        );
    }
    if inst.hidden > MAX_HIDDEN {
        return bad(
            "instance.hidden".into(),
            format!(
                "{} hidden units: above the checker's limit of {MAX_HIDDEN}",
                inst.hidden
            ),
        );
    }
    if inst.alpha < relucert_exact::Q::zero() || inst.alpha >= relucert_exact::Q::one() {
        return bad("instance.alpha".into(), "expected 0 ≤ alpha < 1".into());
    }
    if inst.bias
        && let Some(i) = inst.x.iter().position(|r| !r[d - 1].is_one())
    {
        return bad(
            format!("instance.x[{i}]"),
            "bias is set but the last coordinate is not 1".into(),
        );
    }
    Ok(())
}
