//! The solver's side of certificates: building the records of [`relucert_format`] from the
//! results of the search, and writing certificate files atomically.
//!
//! The records themselves (and reading them) live in the `relucert-format` crate, which does not
//! depend on the solver; they are re-exported here so solver code can name them in one place.

pub mod build;
pub mod convert;
pub mod family_sections;
pub mod landscape;
pub mod motzkin_record;
pub mod sink;
pub mod stream;
pub mod stream_tally;
pub mod stream_writer;
pub mod streamed;
pub mod write;

pub use relucert_format::*;
pub use write::WriteCertificate;
