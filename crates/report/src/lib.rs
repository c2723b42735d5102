//! Reading relucert certificates for people: `relucert show` (a summary of the landscape) and
//! `relucert report` (one self-contained HTML page with pictures).
//!
//! **Why a crate of its own.** A report is a *reader* of certificates, like the checker: it
//! needs the records ([`relucert_format`]), exact arithmetic ([`relucert_exact`]) and the
//! checker's verdict on the file ([`relucert_check`]), and nothing from the search (no LP, no
//! solver internals). Keeping it out of `crates/solver` means the pictures can never depend on
//! how a certificate was found, only on what it states; keeping it out of `crates/format` keeps
//! the plotting library (`plotters`, SVG backend) out of the format and the trust base. The one
//! part other commands share is [`landscape`]: the summary of a certificate by loss level,
//! whose JSON form (`show --json`) is a superset of the summary `certify --json` prints
//! (`verdict`, `global_min`, `levels` with `loss`, `spurious`, `families`, `witness`,
//! `certificate`).
//!
//! Modules, by what they compute:
//! - [`landscape`]: the summary — instance, arrangement counts, cells grouped by subglobal loss,
//!   families of local minima grouped by loss into levels, global minimum, verdict;
//! - [`stream`]: builds a [`landscape::Landscape`] from a certificate file record by record, so
//!   memory stays bounded by the number of distinct loss values, not the file size;
//! - [`approx`]: the `≈` decimal shown beside an exact rational (display only);
//! - [`summary_text`]: the human text of `relucert show`;
//! - [`histogram`]: the exact binning of cell losses (decomposition paper Fig. 3);
//! - [`circle_loss`]: the loss along the unit circle of `w` with the best `z` (Liu Fig. 2);
//! - [`plane`] and [`sphere`]: the data arrangement drawn for `d = 2` and `d = 3`;
//! - [`palette`]: the colours every picture uses (tests find elements by them);
//! - [`page`]: the HTML page assembling it all.
//!
//! Everything a picture states as a number (losses, witnesses, counts, bin edges) is exact and
//! comes from the certificate or from exact arithmetic; floats only place things on the page.

pub mod approx;
pub mod circle_loss;
pub mod histogram;
pub mod landscape;
pub mod page;
pub mod palette;
pub mod plane;
pub mod sphere;
pub mod stream;
pub mod summary_text;
