//! The streaming certificate format `relucert/2`: JSON Lines, one record per line, a header
//! first and a trailer last, optional gzip. It carries the same claims as `relucert/1`
//! (chambers, cells, faces, families) but is written and read one record at a time, so neither
//! the solver nor the checker holds the enumeration in memory:
//!
//! - chambers and faces are listed once, with ids, and referred to by id;
//! - the local regions of a face are listed once, on the face;
//! - Motzkin multipliers are sparse (only the non-zero rows, with the dense lengths);
//! - no pretty printing; a path ending in `.gz` is gzip-compressed (detected by magic bytes).
//!
//! Record kinds ([`Record`]), their order and every field: `docs/certificate-format.md`,
//! section "relucert/2". Reading: [`Reader`] (an iterator); writing: [`Writer`].

pub mod convert;
pub mod io;
pub mod record;
pub mod shard;
pub mod sparse;

pub use io::{Detected, Reader, Writer, detect};
pub use record::*;
pub use shard::{ShardEnd, ShardSpec, StageRange, instance_hash};
pub use sparse::{SparseMotzkin, SparseVec};

/// The value of the header's `format` field.
pub const FORMAT: &str = "relucert/2";
