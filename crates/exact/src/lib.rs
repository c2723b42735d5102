//! Exact arithmetic: the rational scalar, its text form, and dense rational matrices.
//!
//! Everything the toolkit certifies is computed here, with no rounding. The algorithms are
//! written against the small [`Field`] interface so that a faster exact scalar can replace
//! [`Q`] later without touching them.

pub mod bareiss;
pub mod factored;
pub mod field;
pub mod fredholm;
pub mod limits;
pub mod matrix;
pub mod rational;
pub mod small;
pub mod small_int;

pub use factored::Factored;
pub use field::Field;
pub use fredholm::Alternative;
pub use matrix::Matrix;
pub use rational::{Q, format_q, parse_q};
pub use small::Rat;
pub use small_int::Int;

/// A dense matrix of exact rationals.
pub type QMatrix = Matrix<Q>;
