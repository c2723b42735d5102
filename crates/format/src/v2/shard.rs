//! Shards of a `relucert/2` certificate (`docs/cluster.md`): a run that decides only a range
//! of each stage's canonical enumeration. A shard file is a `relucert/2` stream whose header
//! carries a [`ShardSpec`] and whose last record is a [`ShardEnd`] instead of the trailer (a
//! shard has no global minimum or verdict: those are computed when the shards are merged).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::InstanceRecord;

/// The stage names of [`StageRange::stage`], in file order.
pub const STAGES: [&str; 2] = ["cells", "families"];

/// Which part of the work a shard covers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardSpec {
    /// `i` of `i/n`, from 1.
    pub index: u64,
    /// `n` of `i/n`.
    pub count: u64,
    /// [`instance_hash`] of the header's instance.
    pub instance_hash: String,
    /// The version of the tool that wrote the shard (shards of different versions are never
    /// merged).
    pub version: String,
    /// One range per stage that runs, in file order (`cells`, then `families`).
    pub ranges: Vec<StageRange>,
}

/// The pieces `start..end` (end excluded) of a stage's canonical enumeration of `total`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageRange {
    /// `cells` or `families`.
    pub stage: String,
    /// The first index covered.
    pub start: u64,
    /// One past the last index covered.
    pub end: u64,
    /// The length of the whole enumeration.
    pub total: u64,
}

impl StageRange {
    /// `end − start`.
    pub fn len(&self) -> u64 {
        self.end.saturating_sub(self.start)
    }

    /// Nothing covered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The last record of a shard: how many records of each kind it holds (header included).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardEnd {
    /// Records per kind before this one.
    pub counts: std::collections::BTreeMap<String, u64>,
}

/// `sha256:` and the hex SHA-256 of the instance record's compact JSON (the same bytes a
/// header carries), naming the instance in shard headers and error messages.
pub fn instance_hash(instance: &InstanceRecord) -> String {
    let bytes = serde_json::to_vec(instance).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for b in digest {
        text.push_str(&format!("{b:02x}"));
    }
    text
}
