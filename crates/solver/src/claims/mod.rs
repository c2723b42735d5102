//! A registry of claims from the papers (SPEC §7), each a predicate on a certified instance.
//!
//! A [`Claim`] has a premise on the instance (for example "the samples are linearly
//! independent"), and a predicate on the [`Evidence`] — the instance, its full certificate with
//! the `landscape` section (family dimensions, dead units, Hessian ranks), and for claims that
//! compare two widths the certificate of the same data with one hidden unit fewer. The
//! predicate returns a [`Refutation`] with the exact numbers that break the claim, or nothing
//! when the claim holds on this instance. Everything it reads is exact and re-checkable: the
//! certificate by `relucert check`, the witness point by `relucert point`.

pub mod decomposition;
pub mod evidence;
pub mod hinge;
pub mod liu_lemma2;
pub mod liu_thm3;
pub mod nguyen_hein;
pub mod registry;
pub mod wide;

pub use evidence::{Evidence, certify_evidence};
pub use registry::{all, find};

use relucert_format::family::PointRecord;

use crate::error::Result;
use crate::instance::Instance;

/// What the papers (or our reading of them) lead one to expect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// The claim is expected to fail for ReLU networks; the search should refute it.
    Refuted,
    /// The claim is expected to hold; the search should find nothing.
    Holds,
}

impl Expected {
    /// `"refuted"` or `"holds"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Expected::Refuted => "refuted",
            Expected::Holds => "holds",
        }
    }
}

/// A named claim.
#[derive(Clone, Copy)]
pub struct Claim {
    /// The registry id, e.g. `nguyen-hein-3.4`.
    pub id: &'static str,
    /// Paper and theorem or equation.
    pub source: &'static str,
    /// The statement, in one sentence, as tested here.
    pub statement: &'static str,
    /// What the predicate checks on a certified instance.
    pub predicate: &'static str,
    /// The expected outcome.
    pub expected: Expected,
    /// Whether the predicate needs the certificate of the same data with `K − 1` units.
    pub needs_smaller: bool,
    /// The premise on the instance: `None` when the claim applies, else why not.
    pub premise: fn(&Instance) -> Option<String>,
    /// The predicate: `Some` refutation when the claim fails on this certified instance.
    pub refute: fn(&Evidence) -> Result<Option<Refutation>>,
}

impl std::fmt::Debug for Claim {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Claim").field("id", &self.id).finish()
    }
}

/// Why a claim fails on an instance: the exact numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Refutation {
    /// One sentence.
    pub summary: String,
    /// Markdown bullet lines (without the bullet) with the exact numbers.
    pub details: Vec<String>,
    /// A point that exhibits the failure (a local minimum), when there is one.
    pub witness: Option<PointRecord>,
}

impl Claim {
    /// Evaluate on an instance: `Ok(None)` when the premise fails (the claim says nothing),
    /// else the evidence and the refutation if any.
    pub fn evaluate(
        &self,
        inst: &Instance,
        family_limit: u128,
    ) -> Result<Option<(Evidence, Option<Refutation>)>> {
        if (self.premise)(inst).is_some() {
            return Ok(None);
        }
        let evidence = certify_evidence(inst, self.needs_smaller, family_limit)?;
        let refutation = (self.refute)(&evidence)?;
        Ok(Some((evidence, refutation)))
    }
}

/// `[a, b, c]` with exact rationals.
pub fn vector_text(v: &[relucert_exact::Q]) -> String {
    format!(
        "[{}]",
        v.iter()
            .map(relucert_exact::format_q)
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// `z = [..], w = [[..], ..][, c = ..]`.
pub fn point_text(p: &PointRecord) -> String {
    let mut text = format!(
        "z = {}, w = [{}]",
        vector_text(&p.z),
        p.w.iter().map(|w| vector_text(w)).collect::<Vec<_>>().join(", ")
    );
    if let Some(c) = &p.c {
        text.push_str(&format!(", c = {}", relucert_exact::format_q(c)));
    }
    text
}
