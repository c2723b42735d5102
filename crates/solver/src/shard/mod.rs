//! Shards: a deterministic, cost-balanced split of a certificate's work into `n` parts
//! (`docs/cluster.md`). The unit of work is an index range of each stage's canonical
//! enumeration (the cell combinations, then the face/mode combinations), so a shard is a plain
//! `relucert/2` stream of those ranges with a [`ShardSpec`] in its header; [`merge`] puts the
//! shards back together into the certificate a single run writes, byte for byte.
//!
//! - [`cost`]: the estimated cost of each piece (from the sizes of its systems, not timed, so
//!   the same instance and `n` give the same ranges on every machine);
//! - [`partition`]: the cut of the weighted pieces into `n` contiguous parts of nearly equal
//!   total cost;
//! - [`merge`]: checks that shards fit together and writes the merged certificate.

pub mod cost;
pub mod merge;
pub mod partition;

use std::fmt;
use std::str::FromStr;

use relucert_format::v2::{ShardSpec, StageRange, instance_hash};

use crate::certificate::build::instance_record;
use crate::certificate::stream::{Prepared, StreamOptions, Work};
use crate::instance::Instance;

/// The version written into shard headers (shards of different versions are never merged).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// `i/n`: the `i`-th of `n` shards, `1 ≤ i ≤ n`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShardId {
    pub index: u64,
    pub count: u64,
}

impl FromStr for ShardId {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("expected i/n with 1 ≤ i ≤ n (for example 3/8), found {s:?}");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let index: u64 = i.trim().parse().map_err(|_| bad())?;
        let count: u64 = n.trim().parse().map_err(|_| bad())?;
        if index == 0 || count == 0 || index > count {
            return Err(bad());
        }
        Ok(ShardId { index, count })
    }
}

impl fmt::Display for ShardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// The ranges of every shard `1..=n` (stage ranges in file order), from one pass over the
/// weights ([`partition::cuts`]).
pub fn all_ranges(
    inst: &Instance,
    prep: &Prepared,
    opts: &StreamOptions,
    count: u64,
) -> Vec<Vec<StageRange>> {
    let totals = stage_totals(inst, prep, opts);
    let cuts = partition::cuts(|f| cost::for_each_weight(inst, prep, opts, f), count);
    (0..count as usize)
        .map(|s| partition::stage_ranges(&totals, cuts[s], cuts[s + 1]))
        .collect()
}

/// The shard header of shard `id`: instance hash, version and ranges.
pub fn spec(inst: &Instance, prep: &Prepared, opts: &StreamOptions, id: ShardId) -> ShardSpec {
    let ranges = all_ranges(inst, prep, opts, id.count).swap_remove(id.index as usize - 1);
    ShardSpec {
        index: id.index,
        count: id.count,
        instance_hash: instance_hash(&instance_record(inst)),
        version: VERSION.to_string(),
        ranges,
    }
}

/// The work of a shard's ranges.
pub fn work_of(ranges: &[StageRange]) -> Work {
    let mut work = Work {
        cells: 0..0,
        families: 0..0,
    };
    for r in ranges {
        match r.stage.as_str() {
            "cells" => work.cells = r.start..r.end,
            "families" => work.families = r.start..r.end,
            _ => {}
        }
    }
    work
}

/// `(stage, total)` of the stages that run, in file order (the families total counts the
/// cores when `opts.reduce`).
pub fn stage_totals(inst: &Instance, prep: &Prepared, opts: &StreamOptions) -> Vec<(&'static str, u64)> {
    let cap = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
    let mut totals = vec![("cells", cap(prep.cell_total(inst)))];
    if opts.families {
        totals.push(("families", cap(prep.family_total(inst, opts.reduce))));
    }
    totals
}
