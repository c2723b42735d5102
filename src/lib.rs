//! relucert: exact enumeration and certification of the local minima of one-hidden-layer
//! ReLU networks under the squared loss.
//!
//! The modules follow the pipeline: [`exact`] linear algebra → [`instance`] → [`arrangement`]
//! of the data → [`cells`] and [`families`] (deciding with the [`feasibility`] engine) →
//! [`certificate`] → the independent [`checker`]. [`point`] classifies single points and
//! [`generic`] checks genericity of the data. [`cli`] is a thin layer over all of this.

pub mod arrangement;
pub mod atomic_file;
pub mod cells;
pub mod certificate;
pub mod checker;
pub mod cli;
pub mod error;
pub mod exact;
pub mod families;
pub mod feasibility;
pub mod generic;
pub mod instance;
pub mod model;
pub mod point;
