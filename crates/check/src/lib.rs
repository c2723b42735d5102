//! The independent checker: the trust base of relucert (SPEC §6).
//!
//! It re-verifies every claim of a [`Certificate`] from the instance inside it, with exact
//! rational arithmetic only. It uses the certificate's data types and [`relucert_exact`], and
//! nothing from the search (no LP, no floats, no code from the cell or arrangement stages):
//! every matrix is rebuilt from the instance, every count recomputed. When a claim fails it
//! names the rule and where. The soundness argument of each rule is in
//! `proofs/checker-rules.md`.
//!
//! Rules, in the order they run: `format`, `instance`, `chamber-witness`, `chamber-count`,
//! `cell-enumeration`, `cell-rank`, `cell-loss`, `genuine-witness`, `refutation-motzkin`,
//! `summary`, then, when the certificate has the families' sections (`minima`,
//! `family_refutations`, `arrangement.faces`), the family rules of [`family`]: `family-sections`,
//! `face-witness`, `face-count`, `family-enumeration`, `family-regions`, `family-witness`,
//! `family-multipliers`, `family-loss`, `family-differentiable`, `family-refutation`,
//! `global-min`, `family-cells`, `family-spurious`, `verdict`; then, when the certificate has a
//! `saddles` section, the saddle rules of [`saddles`]: `saddle-sections`, `saddle-witness`,
//! `saddle-subsets`, `saddle-least-squares`, `saddle-zero-gradient`, `saddle-hyperplane`,
//! `saddle-not-genuine`; then, when the certificate has a
//! `landscape` section, the rules of [`landscape`]: `landscape-sections`, `landscape-hessian`,
//! `landscape-dimension`, `landscape-units`.
//!
//! [`check`] verifies a parsed certificate; [`check_text`] verifies one from its text, the cell
//! records checked as they are parsed (what `relucert check` does), with the same outcome.

mod arrangement;
mod cells;
mod design;
mod faces;
pub mod family;
mod flats;
pub mod genericity;
pub mod hinge;
pub mod hinge_families;
mod instance;
pub mod landscape;
mod motzkin;
pub mod reduction;
pub mod saddles;
pub mod stream;
mod summary;
mod text;
mod witness;

pub use text::{Checked, check_text, check_text_in_runs};

use std::fmt;

use relucert_format::Certificate;

/// Why a certificate was rejected: the rule that failed, where, and what was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    pub rule: &'static str,
    pub location: String,
    pub detail: String,
}

impl Rejection {
    /// Shorthand constructor.
    pub fn new(rule: &'static str, location: impl Into<String>, detail: impl Into<String>) -> Self {
        Rejection {
            rule,
            location: location.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rejected: rule {} at {}: {}",
            self.rule, self.location, self.detail
        )
    }
}

impl std::error::Error for Rejection {}

/// What an accepted certificate was verified to contain.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Report {
    /// Samples `N` and dimension `d`.
    pub samples: usize,
    pub dim: usize,
    /// Hidden units `K`.
    pub hidden: usize,
    /// Chambers (witnessed and counted).
    pub chambers: u64,
    /// Cell combinations (multisets) and ordered assignments.
    pub cells: u64,
    pub cells_ordered: u64,
    /// Genuine combinations (each with a verified witness).
    pub genuine: u64,
    /// Motzkin certificates verified.
    pub refutations: u64,
    /// Families of minima verified (when the certificate has a `minima` section).
    pub families: Option<u64>,
    /// Combinations with a verified saddle point, and refuted sets of units (when the
    /// certificate has a `saddles` section).
    pub saddles: Option<saddles::SaddleTally>,
    /// What the family rules verified: verdict, global minimum, levels.
    pub family_report: Option<family::FamilyReport>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "accepted: N = {}, d = {}, K = {}: {} chambers (count verified), {} cell combinations \
             ({} ordered), {} genuine witnesses and {} Motzkin refutations verified, {}summary consistent",
            self.samples,
            self.dim,
            self.hidden,
            self.chambers,
            self.cells,
            self.cells_ordered,
            self.genuine,
            self.refutations,
            self.families
                .map_or(String::new(), |f| format!("{f} families of minima verified, ")),
        )?;
        if let Some(t) = self.saddles {
            write!(
                f,
                "; saddle points: {} combinations with a verified saddle point, {} sets of units refuted",
                t.saddles, t.refuted_subsets
            )?;
        }
        Ok(())
    }
}

/// Check every claim of the certificate.
pub fn check(cert: &Certificate) -> Result<Report, Rejection> {
    check_head(cert)?;
    // The count and the cell rules read the certificate only: run side by side, reported in
    // this order (the outcome is that of running them one after the other).
    let (chambers, tally) = rayon::join(
        || arrangement::check_count(cert),
        || cells::check_enumeration(cert).and_then(|()| cells::check_cells(cert)),
    );
    check_tail(cert, chambers?, tally?)
}

/// The rules before the cells: `format`, `instance`, `chamber-witness`. They read neither the
/// cells nor the chamber count.
pub(crate) fn check_head(cert: &Certificate) -> Result<(), Rejection> {
    if cert.format != relucert_format::FORMAT {
        return Err(Rejection::new(
            "format",
            "format",
            format!(
                "expected \"{}\", found \"{}\"",
                relucert_format::FORMAT,
                cert.format
            ),
        ));
    }
    instance::check(&cert.instance)?;
    arrangement::check_witnesses(cert)
}

/// The rules after the cells (`summary`, the families, saddles and landscape), and the report
/// of what was verified. They read the cell records' chambers, multiplicities, losses,
/// genuineness and witnesses, never a refutation (see [`check_text`]).
pub(crate) fn check_tail(
    cert: &Certificate,
    chambers: u64,
    tally: cells::Tally,
) -> Result<Report, Rejection> {
    summary::check(cert)?;
    let families = family::check_families(cert)?;
    let saddles = saddles::check_saddles(cert)?;
    landscape::check_landscape(cert)?;
    Ok(Report {
        samples: cert.instance.x.len(),
        dim: cert.instance.x[0].len(),
        hidden: cert.instance.hidden,
        chambers,
        cells: cert.cells.len() as u64,
        cells_ordered: cert.summary.cells_ordered,
        genuine: tally.genuine,
        refutations: tally.refutations,
        families: families.as_ref().map(|f| f.families as u64),
        saddles,
        family_report: families,
    })
}
