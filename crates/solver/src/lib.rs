//! relucert-solver: the search. It enumerates the arrangement of the data, decides every cell
//! combination and every family of local minima (with the float LP proposing and exact
//! arithmetic confirming), classifies points, checks genericity, and builds the certificate
//! records of `relucert-format`.
//!
//! The modules follow the pipeline: [`instance`] → [`arrangement`] of the data → [`cells`] and
//! [`families`] (deciding with the [`feasibility`] engine) → [`certificate`]. [`point`]
//! classifies single points and [`generic`] checks genericity of the data. The independent
//! checker (`relucert-check`) does not depend on this crate.

pub mod arrangement;
pub mod atomic_file;
pub mod cells;
pub mod certificate;
pub mod claims;
pub mod error;
pub mod families;
pub mod feasibility;
pub mod generic;
pub mod hinge;
pub mod instance;
pub mod model;
pub mod output;
pub mod point;
pub mod saddles;
pub mod search;
pub mod shard;
