//! relucert: exact enumeration and certification of the local minima of one-hidden-layer
//! ReLU networks under the squared loss.
//!
//! The work is split into crates (see `crates/`), so the trust base is visible in the build:
//! - `relucert-exact`: exact rational arithmetic and matrices ([`exact`]);
//! - `relucert-format`: the certificate records and their reading; depends on `exact` only;
//! - `relucert-check`: the independent checker ([`checker`]); depends on `exact` and `format` only;
//! - `relucert-solver`: the search ([`instance`] → [`arrangement`] → [`cells`] and [`families`]
//!   with the [`feasibility`] engine → [`certificate`] building; [`point`], [`generic`]).
//!
//! This crate is the `relucert` command ([`cli`], a thin layer) and re-exports the others under
//! their pipeline names.

pub use relucert_check as checker;
pub use relucert_exact as exact;
pub use relucert_solver::{
    arrangement, atomic_file, cells, certificate, claims, error, families, feasibility, generic, hinge,
    instance, model, output, point, saddles, search, shard,
};

pub mod cli;
pub use relucert_report as report;
