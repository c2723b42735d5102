//! Checker rules for genericity certificates (`relucert-generic/1`, SPEC §5–§6).
//!
//! Like the rest of the checker, this uses only the certificate's data types and
//! [`relucert_exact`]: no floats, nothing from [`crate::generic`] (the search it re-verifies).
//! Every equation is rebuilt from the instance recorded in the certificate. Rules, in the order
//! they run:
//!
//! - `generic-format`: shapes and consistency (format string, `N ≥ 1`, `d ≥ 1`, `y` and
//!   `weights` of length `N`, rows ending in 1 with `bias`, `0 ≤ α < 1`, `subset_size =
//!   min(N, d)`, a dependency exactly when `holds` is false; with `rare_data`: `α > 0`, `L ≥ 1`,
//!   positive weights, integer labels, `classes` = the distinct labels increasing,
//!   `options_per_sample` and `brute_force_count` as the formulas give, a witness exactly when
//!   `rare` is true).
//! - `dependency` (`holds: false`): `k = min(N, d)` distinct samples, coefficients not all zero,
//!   `Σ_j c_j x_{S_j} = 0` by substitution.
//! - `general-position` (`holds: true`): the exact rank of every `k`-subset is `k`.
//! - `rare-witness` (`rare: true`): `λ_i ∈ {1, α, …, α^L}`, `ε` binary, 0 in the own class, not
//!   all zero, and both sides of every class equation of Def. 1 equal, recomputed from `x̃`.
//! - `rare-exhaustive` (`rare: false`): the zero-sum search repeated by a route of its own — a
//!   meet-in-the-middle over all `R` class blocks whose stored half is a hash map keyed by the
//!   exact integer sums (no fingerprints, no dropped block), the other half streamed depth-first.
//!
//! Work beyond [`CheckLimits`] is refused ([`GenericFailure::Refused`], exit 2) before any rule
//! runs, so an accepted certificate has had every claim checked. Soundness of each rule:
//! `proofs/genericity-checker.md`.

use std::collections::HashMap;
use std::fmt;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};

use super::Rejection;
use relucert_exact::{Q, QMatrix, format_q};
use relucert_format::genericity::{
    DependencyRecord, GENERIC_FORMAT, GenericCertificate, RareDataRecord, RareWitnessRecord,
};

/// How much work the checker does before refusing a certificate as too large to re-verify.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CheckLimits {
    /// The most `min(N, d)`-subsets whose rank `general-position` computes.
    pub subsets: u64,
    /// The most half-choices `rare-exhaustive` keeps in its hash map (memory).
    pub stored_sums: u64,
    /// The most half-choices `rare-exhaustive` streams past the map (time).
    pub streamed_sums: u64,
}

impl Default for CheckLimits {
    fn default() -> Self {
        CheckLimits {
            subsets: 2_000_000,
            stored_sums: 2_000_000,
            streamed_sums: 20_000_000,
        }
    }
}

/// Why a genericity certificate was not accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GenericFailure {
    /// A claim is false or malformed (exit 1).
    Rejected(Rejection),
    /// The certificate is well formed but re-verifying it is beyond [`CheckLimits`] (exit 2).
    Refused(String),
}

impl From<Rejection> for GenericFailure {
    fn from(r: Rejection) -> Self {
        GenericFailure::Rejected(r)
    }
}

impl fmt::Display for GenericFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenericFailure::Rejected(r) => write!(f, "{r}"),
            GenericFailure::Refused(why) => write!(f, "refused: {why}"),
        }
    }
}

/// What an accepted genericity certificate was verified to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GenericReport {
    /// Samples `N` and dimension `d` (after bias augmentation).
    pub samples: usize,
    pub dim: usize,
    /// Whether the samples are in general position (verified either way).
    pub general_position: bool,
    /// The `k`-subsets whose rank was recomputed (0 when a dependency was substituted instead).
    pub subsets_checked: u64,
    /// The rare-data verdict, when the certificate has one.
    pub rare: Option<bool>,
    /// For a verified `rare: false`: all `m^N` choices, the sums stored and the sums streamed.
    pub exhaustive: Option<(BigInt, u64, u64)>,
}

impl fmt::Display for GenericReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "accepted: N = {}, d = {}: ", self.samples, self.dim)?;
        if self.general_position {
            write!(
                f,
                "general position verified ({} subsets, exact ranks)",
                self.subsets_checked
            )?;
        } else {
            write!(
                f,
                "not in general position (linear dependency verified by substitution)"
            )?;
        }
        match (self.rare, &self.exhaustive) {
            (None, _) => write!(f, "; rare data not claimed"),
            (Some(true), _) => write!(f, "; rare data (Def. 1 witness verified by substitution)"),
            (Some(false), Some((all, stored, streamed))) => write!(
                f,
                "; generic data (exhaustive re-search of all {all} choices: {stored} stored and {streamed} streamed exact sums)"
            ),
            (Some(false), None) => write!(f, "; generic data"),
        }
    }
}

/// Check every claim of a genericity certificate with the default [`CheckLimits`].
pub fn check_generic(cert: &GenericCertificate) -> Result<GenericReport, GenericFailure> {
    check_generic_with_limits(cert, &CheckLimits::default())
}

/// Check every claim of a genericity certificate; refuse when re-verifying would exceed `limits`.
pub fn check_generic_with_limits(
    cert: &GenericCertificate,
    limits: &CheckLimits,
) -> Result<GenericReport, GenericFailure> {
    let data = check_format(cert)?;
    let n = data.points.len();
    let d = cert.instance.x[0].len();
    let k = n.min(d);

    // Refuse oversized work before any rule runs.
    let subsets = if cert.general_position.holds {
        let count = binomial(n as u64, k as u64);
        if count > BigInt::from(limits.subsets) {
            return Err(GenericFailure::Refused(format!(
                "general-position: re-checking `holds: true` means the exact ranks of C({n}, {k}) = {count} subsets, \
                 above the checker's limit of {}",
                limits.subsets
            )));
        }
        u64::try_from(count).unwrap_or(u64::MAX)
    } else {
        0
    };
    let plan = match &cert.rare_data {
        Some(rd) if !rd.rare => Some(plan_search(&data, rd, limits)?),
        _ => None,
    };

    match &cert.general_position.dependency {
        Some(dep) => check_dependency(&cert.instance.x, k, dep)?,
        None => check_general_position(&cert.instance.x, k)?,
    }
    let mut exhaustive = None;
    if let Some(rd) = &cert.rare_data {
        match (&rd.witness, plan) {
            (Some(w), _) => check_rare_witness(&data, rd, w)?,
            (None, Some(plan)) => {
                check_rare_exhaustive(&data, rd, &plan)?;
                exhaustive = Some((plan.all, plan.stored, plan.streamed));
            }
            (None, None) => {}
        }
    }
    Ok(GenericReport {
        samples: n,
        dim: d,
        general_position: cert.general_position.holds,
        subsets_checked: subsets,
        rare: cert.rare_data.as_ref().map(|rd| rd.rare),
        exhaustive,
    })
}

/// The rare-data question rebuilt from the instance: `x̃_i`, classes, weights, `α`.
struct Data {
    /// `x̃_i`: `x_i` itself with `bias`, else `(x_i, 1)`.
    points: Vec<Vec<Q>>,
    /// The class index of each sample (into `rare_data.classes`), when `rare_data` is present.
    class_of: Vec<usize>,
    /// `μ_i`.
    weights: Vec<Q>,
    /// `α`.
    alpha: Q,
}

fn format_error(location: impl Into<String>, detail: impl Into<String>) -> Rejection {
    Rejection::new("generic-format", location, detail)
}

/// Rule `generic-format`.
fn check_format(cert: &GenericCertificate) -> Result<Data, Rejection> {
    if cert.format != GENERIC_FORMAT {
        return Err(format_error(
            "format",
            format!("expected \"{GENERIC_FORMAT}\", found \"{}\"", cert.format),
        ));
    }
    let inst = &cert.instance;
    let n = inst.x.len();
    if n == 0 {
        return Err(format_error("instance.x", "expected at least one sample"));
    }
    let d = inst.x[0].len();
    if d == 0 {
        return Err(format_error("instance.x[0]", "expected at least one coordinate"));
    }
    // Sizes are untrusted: bounded like an instance file's (`docs/limits.md`).
    let (max_n, max_d) = (
        relucert_exact::limits::max_samples(),
        relucert_exact::limits::max_dim(),
    );
    if n > max_n || d > max_d {
        return Err(format_error(
            "instance.x",
            format!(
                "{n} samples of dimension {d}: above the limits of {max_n} samples and dimension {max_d} \
                 (RELUCERT_MAX_SAMPLES, RELUCERT_MAX_DIM)"
            ),
        ));
    }
    if let Some(i) = inst.x.iter().position(|r| r.len() != d) {
        return Err(format_error(
            format!("instance.x[{i}]"),
            format!("expected {d} coordinates like x[0]"),
        ));
    }
    if inst.y.len() != n {
        return Err(format_error(
            "instance.y",
            format!("expected {n} labels, found {}", inst.y.len()),
        ));
    }
    if inst.weights.len() != n {
        return Err(format_error(
            "instance.weights",
            format!("expected {n} weights, found {}", inst.weights.len()),
        ));
    }
    if inst.alpha.is_negative() || inst.alpha >= Q::one() {
        return Err(format_error(
            "instance.alpha",
            format!("expected 0 ≤ alpha < 1, found {}", format_q(&inst.alpha)),
        ));
    }
    if inst.bias
        && let Some(i) = inst.x.iter().position(|r| !r[d - 1].is_one())
    {
        return Err(format_error(
            format!("instance.x[{i}]"),
            "with bias = true every sample must end in the appended 1",
        ));
    }
    let gp = &cert.general_position;
    if gp.subset_size != n.min(d) {
        return Err(format_error(
            "general_position.subset_size",
            format!("expected min(N, d) = {}, found {}", n.min(d), gp.subset_size),
        ));
    }
    if gp.holds == gp.dependency.is_some() {
        return Err(format_error(
            "general_position.dependency",
            "expected a dependency exactly when `holds` is false",
        ));
    }
    let points = inst
        .x
        .iter()
        .map(|x| {
            let mut p = x.clone();
            if !inst.bias {
                p.push(Q::one());
            }
            p
        })
        .collect();
    let mut data = Data {
        points,
        class_of: Vec::new(),
        weights: inst.weights.clone(),
        alpha: inst.alpha.clone(),
    };
    if let Some(rd) = &cert.rare_data {
        data.class_of = check_rare_format(cert, rd)?;
    }
    Ok(data)
}

/// The `rare_data` part of rule `generic-format`; returns the class index of every sample.
fn check_rare_format(cert: &GenericCertificate, rd: &RareDataRecord) -> Result<Vec<usize>, Rejection> {
    let inst = &cert.instance;
    let n = inst.x.len();
    if !inst.alpha.is_positive() {
        return Err(format_error(
            "instance.alpha",
            "the rare-data claim needs alpha > 0 (Laurent–von Brecht Def. 1)",
        ));
    }
    // The depth is untrusted: bounded before any arithmetic on it (`depth + 1` wrapped to 0
    // in release builds once, and the "exhaustive" re-search then tried the zero option only).
    if rd.depth == 0 || rd.depth > MAX_DEPTH {
        return Err(format_error(
            "rare_data.depth",
            format!(
                "expected 1 ≤ L ≤ {MAX_DEPTH} (the format's limit), found {}",
                rd.depth
            ),
        ));
    }
    if let Some(i) = inst.weights.iter().position(|w| !w.is_positive()) {
        return Err(format_error(
            format!("instance.weights[{i}]"),
            format!("expected a positive weight, found {}", format_q(&inst.weights[i])),
        ));
    }
    if let Some(i) = inst.y.iter().position(|y| !y.is_integer()) {
        return Err(format_error(
            format!("instance.y[{i}]"),
            format!("expected an integer class label, found {}", format_q(&inst.y[i])),
        ));
    }
    let mut labels = inst.y.clone();
    labels.sort();
    labels.dedup();
    if rd.classes != labels {
        let shown: Vec<String> = labels.iter().map(format_q).collect();
        return Err(format_error(
            "rare_data.classes",
            format!(
                "expected the distinct labels of y in increasing order, [{}]",
                shown.join(", ")
            ),
        ));
    }
    let r = labels.len();
    // `m` is recomputed from `L` and `R` (never read from the certificate), in BigInt.
    let m = options_per_sample(rd.depth, r);
    if BigInt::from(rd.options_per_sample) != m {
        return Err(format_error(
            "rare_data.options_per_sample",
            format!(
                "expected 1 + (L+1)(2^(R−1) − 1) = {m} for L = {}, R = {r}, found {}",
                rd.depth, rd.options_per_sample
            ),
        ));
    }
    // `m` equals `options_per_sample`, a u64, so `m^N` has at most 20·N digits; it is
    // recomputed (never trusted) unless that is beyond the checker's work limit.
    if rd.brute_force_count.len() > 20 * n + 1 || !rd.brute_force_count.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format_error(
            "rare_data.brute_force_count",
            format!("expected the decimal digits of m^N (m = {m}, N = {n})"),
        ));
    }
    if m.bits().saturating_mul(n as u64) > MAX_COUNT_BITS {
        return Err(format_error(
            "rare_data.brute_force_count",
            format!("m^N = {m}^{n} has more than {MAX_COUNT_BITS} bits, above the checker's limit"),
        ));
    }
    let all = num_traits::pow(m, n);
    if rd.brute_force_count != all.to_string() {
        return Err(format_error(
            "rare_data.brute_force_count",
            format!("expected m^N = {all}, found \"{}\"", rd.brute_force_count),
        ));
    }
    if rd.rare != rd.witness.is_some() {
        return Err(format_error(
            "rare_data.witness",
            "expected a witness exactly when `rare` is true",
        ));
    }
    Ok(inst
        .y
        .iter()
        .map(|y| labels.binary_search(y).unwrap_or_default())
        .collect())
}

/// The largest depth `L` a certificate may state ([`relucert_format::genericity::MAX_DEPTH`]).
pub use relucert_format::genericity::MAX_DEPTH;

/// The most bits of `m^N` the checker computes to compare `brute_force_count`.
const MAX_COUNT_BITS: u64 = 1 << 20;

/// `m = 1 + (L+1)(2^{R−1} − 1)`, the options per sample of Def. 1 (counting the zero row),
/// exactly (no machine integer can wrap).
fn options_per_sample(depth: usize, classes: usize) -> BigInt {
    let patterns = (BigInt::one() << classes.saturating_sub(1)) - BigInt::one();
    BigInt::one() + (BigInt::from(depth) + BigInt::one()) * patterns
}

/// Rule `dependency`: a dependent `k`-subset, checked by substitution.
fn check_dependency(x: &[Vec<Q>], k: usize, dep: &DependencyRecord) -> Result<(), Rejection> {
    let bad = |loc: &str, detail: String| {
        Err(Rejection::new(
            "dependency",
            format!("general_position.dependency.{loc}"),
            detail,
        ))
    };
    let n = x.len();
    if dep.subset.len() != k {
        return bad(
            "subset",
            format!("expected min(N, d) = {k} samples, found {}", dep.subset.len()),
        );
    }
    if dep.subset.windows(2).any(|w| w[0] >= w[1]) || dep.subset.iter().any(|&i| i >= n) {
        return bad(
            "subset",
            format!("expected strictly increasing sample indices below N = {n}"),
        );
    }
    if dep.coefficients.len() != k {
        return bad(
            "coefficients",
            format!("expected {k} coefficients, found {}", dep.coefficients.len()),
        );
    }
    if dep.coefficients.iter().all(Zero::is_zero) {
        return bad("coefficients", "all zero: not a linear dependency".into());
    }
    let mut total = vec![Q::zero(); x[0].len()];
    for (&i, c) in dep.subset.iter().zip(&dep.coefficients) {
        for (acc, v) in total.iter_mut().zip(&x[i]) {
            *acc += c * v;
        }
    }
    if let Some(t) = total.iter().position(|v| !v.is_zero()) {
        return bad(
            "coefficients",
            format!(
                "Σ c_j x_(S_j) has coordinate {t} equal to {}, not 0",
                format_q(&total[t])
            ),
        );
    }
    Ok(())
}

/// Rule `general-position`: every `k`-subset has exact rank `k`.
fn check_general_position(x: &[Vec<Q>], k: usize) -> Result<(), Rejection> {
    let n = x.len();
    let d = x[0].len();
    let mut subset: Vec<usize> = (0..k).collect();
    loop {
        let rows = subset.iter().map(|&i| x[i].clone()).collect();
        let rank = QMatrix::from_rows(rows, d).rank();
        if rank < k {
            return Err(Rejection::new(
                "general-position",
                "general_position.holds",
                format!("samples {subset:?} have rank {rank} < {k}: the data are not in general position"),
            ));
        }
        // Next subset in lexicographic order.
        let Some(pos) = (0..k).rev().find(|&p| subset[p] < n - k + p) else {
            return Ok(());
        };
        subset[pos] += 1;
        for j in pos + 1..k {
            subset[j] = subset[j - 1] + 1;
        }
    }
}

/// `λ = α^p` for some `0 ≤ p ≤ L` (with `0 < α < 1`). Since `α = a/b` in lowest terms with
/// `b ≥ 2`, `α^p = a^p/b^p` is in lowest terms, so its denominator grows strictly with `p`; the
/// loop stops once it exceeds `λ`'s denominator.
fn is_admissible_lambda(lambda: &Q, alpha: &Q, depth: usize) -> bool {
    let mut v = Q::one();
    for _ in 0..=depth {
        if v == *lambda {
            return true;
        }
        if v.denom() > lambda.denom() {
            return false;
        }
        v *= alpha;
    }
    false
}

/// Rule `rare-witness`: substitute `(λ, ε)` into Def. 1.
fn check_rare_witness(data: &Data, rd: &RareDataRecord, w: &RareWitnessRecord) -> Result<(), Rejection> {
    let bad = |loc: String, detail: String| Err(Rejection::new("rare-witness", loc, detail));
    let n = data.points.len();
    let r_count = rd.classes.len();
    if w.lambda.len() != n {
        return bad(
            "rare_data.witness.lambda".into(),
            format!("expected {n} values, found {}", w.lambda.len()),
        );
    }
    if w.epsilon.len() != n {
        return bad(
            "rare_data.witness.epsilon".into(),
            format!("expected {n} rows, found {}", w.epsilon.len()),
        );
    }
    for (i, l) in w.lambda.iter().enumerate() {
        if !is_admissible_lambda(l, &data.alpha, rd.depth) {
            return bad(
                format!("rare_data.witness.lambda[{i}]"),
                format!(
                    "{} is not one of 1, α, …, α^L (α = {}, L = {})",
                    format_q(l),
                    format_q(&data.alpha),
                    rd.depth
                ),
            );
        }
    }
    for (i, row) in w.epsilon.iter().enumerate() {
        if row.len() != r_count {
            return bad(
                format!("rare_data.witness.epsilon[{i}]"),
                format!("expected {r_count} entries (one per class), found {}", row.len()),
            );
        }
        if let Some(r) = row.iter().position(|&e| e > 1) {
            return bad(
                format!("rare_data.witness.epsilon[{i}][{r}]"),
                format!("expected 0 or 1, found {}", row[r]),
            );
        }
        if row[data.class_of[i]] != 0 {
            return bad(
                format!("rare_data.witness.epsilon[{i}][{}]", data.class_of[i]),
                "the entry of the sample's own class must be 0".into(),
            );
        }
    }
    if w.epsilon.iter().flatten().all(|&e| e == 0) {
        return bad(
            "rare_data.witness.epsilon".into(),
            "all zero: Def. 1 asks for a non-zero collection".into(),
        );
    }
    let dt = data.points[0].len();
    for r in 0..r_count {
        // Left: Σ_{i ∈ r} λ_i μ_i ε_i x̃_i; right: Σ_{i ∉ r} λ_i μ_i ε_{i,r} x̃_i.
        let mut left = vec![Q::zero(); dt];
        let mut right = vec![Q::zero(); dt];
        for i in 0..n {
            let scale = w.lambda[i].clone() * &data.weights[i];
            let (side, factor) = if data.class_of[i] == r {
                let eps_i: u64 = w.epsilon[i].iter().map(|&e| u64::from(e)).sum();
                (&mut left, scale * Q::from_integer(BigInt::from(eps_i)))
            } else if w.epsilon[i][r] == 1 {
                (&mut right, scale)
            } else {
                continue;
            };
            for (acc, xt) in side.iter_mut().zip(&data.points[i]) {
                *acc += factor.clone() * xt;
            }
        }
        if let Some(t) = (0..dt).find(|&t| left[t] != right[t]) {
            return bad(
                format!("rare_data.witness (class {})", format_q(&rd.classes[r])),
                format!(
                    "the two sides of Def. 1 differ in coordinate {t} of x̃: {} ≠ {}",
                    format_q(&left[t]),
                    format_q(&right[t])
                ),
            );
        }
    }
    Ok(())
}

/// The split of the exhaustive search.
struct SearchPlan {
    /// `m^N`.
    all: BigInt,
    /// Samples `0..split` are stored, `split..N` streamed.
    split: usize,
    stored: u64,
    streamed: u64,
    /// One class only (`m = 1`): no option but the zero row exists.
    trivial: bool,
}

/// `m^e` if it is at most `limit`.
fn power_within(m: u64, e: usize, limit: u64) -> Option<u64> {
    let mut acc = 1u64;
    for _ in 0..e {
        acc = acc.checked_mul(m).filter(|&v| v <= limit)?;
    }
    Some(acc)
}

/// Size the search for `rare: false`: stream as many samples as the streaming limit allows,
/// store the rest; refuse if the stored part exceeds its limit.
fn plan_search(data: &Data, rd: &RareDataRecord, limits: &CheckLimits) -> Result<SearchPlan, GenericFailure> {
    let n = data.points.len();
    // Equal to the recomputed `1 + (L+1)(2^{R−1} − 1)` (rule `generic-format` ran first).
    let m = rd.options_per_sample;
    if m <= 1 {
        // One class: no sample has a non-zero ε row, so no choice has ε ≠ 0 and there is
        // nothing to search (the walk below would only recurse N deep for nothing).
        return Ok(SearchPlan {
            all: BigInt::one(),
            split: 0,
            stored: 1,
            streamed: 1,
            trivial: true,
        });
    }
    let all = num_traits::pow(BigInt::from(m), n);
    // Store as many samples as the memory limit allows, at most half of them (a balanced
    // split does the least work); stream the rest.
    let split = (0..=n / 2)
        .rev()
        .find(|&e| power_within(m, e, limits.stored_sums).is_some())
        .unwrap_or(0);
    let streamed_count = n - split;
    let stored = power_within(m, split, limits.stored_sums);
    match (stored, power_within(m, streamed_count, limits.streamed_sums)) {
        (Some(stored), Some(streamed)) => Ok(SearchPlan {
            all,
            split,
            stored,
            streamed,
            trivial: false,
        }),
        _ => Err(GenericFailure::Refused(format!(
            "rare-exhaustive: re-checking `rare: false` means searching all {m}^{n} = {all} choices \
             ({m} options for each of N = {n} samples); the checker's meet-in-the-middle would store \
             {m}^{split} = {} sums and stream {m}^{streamed_count}, above its limits of {} stored and {} streamed sums",
            num_traits::pow(BigInt::from(m), split),
            limits.stored_sums,
            limits.streamed_sums
        ))),
    }
}

/// One option of one sample: `λ = α^power`, `ε` on the classes in `others` (none: the zero row).
#[derive(Clone)]
struct Choice {
    power: usize,
    others: Vec<usize>,
}

/// Rule `rare-exhaustive`: no choice of `(λ, ε)` with `ε ≠ 0` balances Def. 1.
///
/// Every sample's options are listed directly from Def. 1 (zero row first, then every power
/// and every non-empty set of other classes) as integer vectors over all `R` class blocks
/// (`D ×` the left-minus-right terms, one common positive `D`); [`zero_sum`] then looks for a
/// non-trivial zero sum, in `i128` when a bound on every partial sum allows, else in `BigInt`.
/// A zero sum is reported as the rare-data witness that refutes the claim.
fn check_rare_exhaustive(data: &Data, rd: &RareDataRecord, plan: &SearchPlan) -> Result<(), Rejection> {
    if plan.trivial {
        return Ok(());
    }
    let n = data.points.len();
    let r_count = rd.classes.len();
    let dt = data.points[0].len();
    let lambdas: Vec<Q> = std::iter::successors(Some(Q::one()), |v| Some(v * &data.alpha))
        .take(rd.depth + 1)
        .collect();

    // Options per sample, as rationals, then scaled to integers.
    let mut choices: Vec<Vec<Choice>> = Vec::with_capacity(n);
    let mut vectors: Vec<Vec<Vec<Q>>> = Vec::with_capacity(n);
    for i in 0..n {
        let own = data.class_of[i];
        let others: Vec<usize> = (0..r_count).filter(|&r| r != own).collect();
        let mut cs = vec![Choice {
            power: 0,
            others: Vec::new(),
        }];
        let mut vs = vec![vec![Q::zero(); r_count * dt]];
        for (power, lambda) in lambdas.iter().enumerate() {
            let scale = lambda * &data.weights[i];
            for mask in 1u64..(1u64 << others.len()) {
                let set: Vec<usize> = others
                    .iter()
                    .enumerate()
                    .filter(|(b, _)| (mask >> b) & 1 == 1)
                    .map(|(_, &r)| r)
                    .collect();
                let mut v = vec![Q::zero(); r_count * dt];
                let own_factor = scale.clone() * Q::from_integer(BigInt::from(set.len()));
                for t in 0..dt {
                    v[own * dt + t] = own_factor.clone() * &data.points[i][t];
                    for &r in &set {
                        v[r * dt + t] = -(scale.clone() * &data.points[i][t]);
                    }
                }
                cs.push(Choice { power, others: set });
                vs.push(v);
            }
        }
        choices.push(cs);
        vectors.push(vs);
    }
    let mut denominator = BigInt::one();
    for v in vectors.iter().flatten().flatten() {
        denominator = denominator.lcm(v.denom());
    }
    let integer: Vec<Vec<Vec<BigInt>>> = vectors
        .iter()
        .map(|vs| {
            vs.iter()
                .map(|v| v.iter().map(|q| (q * &denominator).to_integer()).collect())
                .collect()
        })
        .collect();

    // Every partial sum of chosen options (and its negation) is bounded coordinatewise by the
    // sum over samples of the largest |entry| among their options; below 2^126 all the
    // arithmetic fits in i128 without overflow, and the search runs there.
    let width = r_count * dt;
    let bound = (0..width)
        .map(|j| {
            integer
                .iter()
                .map(|vs| vs.iter().map(|v| v[j].abs()).max().unwrap_or_default())
                .sum::<BigInt>()
        })
        .max()
        .unwrap_or_default();
    let found = if bound < (BigInt::one() << 126u32) {
        let small: Vec<Vec<Vec<i128>>> = integer
            .iter()
            .map(|vs| {
                vs.iter()
                    .map(|v| v.iter().map(|x| i128::try_from(x).unwrap_or_default()).collect())
                    .collect()
            })
            .collect();
        zero_sum(&small, plan.split, rd.options_per_sample)
    } else {
        zero_sum(&integer, plan.split, rd.options_per_sample)
    };

    match found {
        None => Ok(()),
        Some(options) => {
            let described: Vec<String> = options
                .iter()
                .enumerate()
                .filter(|&(_, &o)| o != 0)
                .map(|(i, &o)| {
                    let c = &choices[i][o];
                    let classes: Vec<String> = c.others.iter().map(|&r| format_q(&rd.classes[r])).collect();
                    format!(
                        "sample {i}: λ = {}, ε = 1 for classes [{}]",
                        format_q(&lambdas[c.power]),
                        classes.join(", ")
                    )
                })
                .collect();
            Err(Rejection::new(
                "rare-exhaustive",
                "rare_data.rare",
                format!(
                    "the data are rare, not generic: {} (all other ε = 0) balances every class equation of Def. 1",
                    described.join("; ")
                ),
            ))
        }
    }
}

/// Integers the zero-sum search runs on: `BigInt`, or `i128` when a bound excludes overflow.
trait Integral: Clone + Eq + std::hash::Hash + Zero + std::ops::Neg<Output = Self> {
    fn add_to(&mut self, other: &Self);
    fn sub_from(&mut self, other: &Self);
}

impl Integral for BigInt {
    fn add_to(&mut self, other: &Self) {
        *self += other;
    }
    fn sub_from(&mut self, other: &Self) {
        *self -= other;
    }
}

impl Integral for i128 {
    fn add_to(&mut self, other: &Self) {
        *self += *other;
    }
    fn sub_from(&mut self, other: &Self) {
        *self -= *other;
    }
}

/// One option index per sample whose vectors sum to zero, not all options 0, or `None`.
///
/// Samples `0..split` are enumerated first and the negations of their sums stored in a hash
/// map keyed by the exact vector, with the mixed-radix position `Σ_j o_j m^j` of a choice
/// reaching it (position 0 is the all-zero choice; a non-zero position replaces it whenever
/// one exists). Samples `split..N` are then enumerated depth-first and each sum `t` looked up:
/// a stored position `p` with `p ≠ 0` or a non-zero streamed choice is a zero sum.
fn zero_sum<T: Integral>(options: &[Vec<Vec<T>>], split: usize, m: u64) -> Option<Vec<usize>> {
    let n = options.len();
    let width = options.first().and_then(|o| o.first()).map_or(0, Vec::len);
    let position = |p: &[usize]| p.iter().rev().fold(0u64, |acc, &o| acc * m + o as u64);
    let mut stored: HashMap<Vec<T>, u64> = HashMap::new();
    let mut sum = vec![T::zero(); width];
    let mut picked = Vec::with_capacity(n);
    walk(options, 0, split, &mut sum, &mut picked, &mut |s, p| {
        let key: Vec<T> = s.iter().map(|v| -v.clone()).collect();
        let pos = position(p);
        let entry = stored.entry(key).or_insert(pos);
        if *entry == 0 {
            *entry = pos;
        }
        false
    });

    let mut found = None;
    let mut sum = vec![T::zero(); width];
    let mut picked = Vec::with_capacity(n);
    walk(options, split, n, &mut sum, &mut picked, &mut |s, p| {
        if let Some(&left) = stored.get(s)
            && (left != 0 || p.iter().any(|&o| o != 0))
        {
            let mut rest = left;
            let mut all: Vec<usize> = (0..split)
                .map(|_| {
                    let o = (rest % m) as usize;
                    rest /= m;
                    o
                })
                .collect();
            all.extend_from_slice(p);
            found = Some(all);
            return true;
        }
        false
    });
    found
}

/// Depth-first over the options of samples `from..to`, keeping `sum` the exact sum of the
/// picked vectors; `visit(sum, picked)` at every leaf, stopping when it returns true.
fn walk<T: Integral>(
    options: &[Vec<Vec<T>>],
    from: usize,
    to: usize,
    sum: &mut [T],
    picked: &mut Vec<usize>,
    visit: &mut dyn FnMut(&[T], &[usize]) -> bool,
) -> bool {
    if from == to {
        return visit(sum, picked);
    }
    for (o, v) in options[from].iter().enumerate() {
        for (acc, x) in sum.iter_mut().zip(v) {
            acc.add_to(x);
        }
        picked.push(o);
        let stop = walk(options, from + 1, to, sum, picked, visit);
        picked.pop();
        for (acc, x) in sum.iter_mut().zip(v) {
            acc.sub_from(x);
        }
        if stop {
            return true;
        }
    }
    false
}

/// `C(n, k)` exactly (0 when `k > n`).
fn binomial(n: u64, k: u64) -> BigInt {
    if k > n {
        return BigInt::zero();
    }
    let k = k.min(n - k);
    (0..k).fold(BigInt::one(), |acc, i| {
        acc * BigInt::from(n - i) / BigInt::from(i + 1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    #[test]
    fn admissible_lambda_powers() {
        let a = q(2, 3);
        assert!(is_admissible_lambda(&qi(1), &a, 1));
        assert!(is_admissible_lambda(&q(2, 3), &a, 1));
        assert!(!is_admissible_lambda(&q(4, 9), &a, 1));
        assert!(is_admissible_lambda(&q(4, 9), &a, 2));
        assert!(!is_admissible_lambda(&q(1, 2), &a, 5));
        assert!(!is_admissible_lambda(&qi(0), &a, 5));
        assert!(!is_admissible_lambda(&qi(-1), &a, 5));
        assert!(!is_admissible_lambda(&q(3, 2), &a, 5));
    }

    #[test]
    fn binomials() {
        assert_eq!(binomial(5, 2), BigInt::from(10));
        assert_eq!(binomial(3, 5), BigInt::zero());
        assert_eq!(binomial(30, 15), BigInt::from(155_117_520u64));
    }

    #[test]
    fn powers_within_a_limit() {
        assert_eq!(power_within(3, 3, 27), Some(27));
        assert_eq!(power_within(3, 4, 27), None);
        assert_eq!(power_within(3, 0, 1), Some(1));
        assert_eq!(power_within(u64::MAX, 2, u64::MAX), None);
    }
}
