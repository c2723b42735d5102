//! The central hyperplane arrangement `{w : w·x_i = 0}` of the samples (SPEC §2): chambers,
//! faces with exact witnesses, and the Whitney/Zaslavsky counts that prove completeness.
//!
//! Sign strings have one character per sample, in sample order. A sample equal to 0 is left
//! out of the arrangement; its character is always `0`, and a *chamber* is a face whose
//! non-zero samples all have sign `+` or `-`.
//!
//! - [`sign`]: signs and sign vectors (`+-0+`);
//! - [`face`]: a face with its exact witness;
//! - [`flat`]: the lattice of flats;
//! - [`integral`]: primitive integer representatives (positive rescaling keeps every sign);
//! - [`count`]: the Whitney / Zaslavsky counts;
//! - [`enumerate`]: chambers and faces with witnesses;
//! - [`complete`]: [`Arrangement`], the enumeration checked against the counts.
//!
//! Why the counts prove completeness: `proofs/arrangement-completeness.md`.

pub mod complete;
pub mod count;
pub mod enumerate;
pub mod face;
pub mod flat;
pub mod integral;
pub mod sign;

pub use complete::Arrangement;
pub use count::{count_chambers, count_faces, general_position_count, whitney_subset_count};
pub use enumerate::{chambers, chambers_of, faces};
pub use face::Face;
pub use flat::{Flat, Lattice};
pub use sign::{Sign, SignVector};
