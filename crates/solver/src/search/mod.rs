//! The seeded counterexample search (SPEC §7): draw small random instances reproducibly from a
//! seed ([`draw`]), certify each in memory, evaluate a claim's predicate, and on a failure
//! shrink the instance while the claim still fails ([`shrink`]). Nothing is written to disk
//! here; [`output`] writes the shrunk counterexample.

pub mod draw;
pub mod output;
pub mod shrink;

use std::time::{Duration, Instant};

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::SeedableRng;

pub use draw::{Draw, Ranges};

use crate::claims::{Claim, Evidence, Refutation};
use crate::error::Error;

/// The default number of instances drawn.
pub const DEFAULT_BUDGET: u64 = 1000;

/// The default largest number of face/mode combinations certified per instance (larger
/// instances are counted as refused).
pub const DEFAULT_FAMILY_LIMIT: u128 = 5000;

/// What to search.
#[derive(Clone, Debug)]
pub struct Config {
    /// The seed of the ChaCha8 generator.
    pub seed: u64,
    /// How many instances to draw.
    pub budget: u64,
    /// Stop drawing after this long (the outputs are then no longer reproducible byte for byte).
    pub time: Option<Duration>,
    /// The ranges of the drawn instances.
    pub ranges: Ranges,
    /// The largest family search certified per instance.
    pub family_limit: u128,
}

/// Counts so far.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Instances drawn.
    pub tried: u64,
    /// Instances outside the claim's premise (not certified).
    pub not_applicable: u64,
    /// Instances certified (the predicate was evaluated on each).
    pub certified: u64,
    /// Instances whose certification was refused (family search above the limit).
    pub refused: u64,
}

/// A shrunk counterexample.
#[derive(Clone, Debug)]
pub struct Counterexample {
    /// The instance as first found.
    pub found: Draw,
    /// The shrunk instance.
    pub draw: Draw,
    /// Its evidence (certificates).
    pub evidence: Evidence,
    /// Why the claim fails on it.
    pub refutation: Refutation,
    /// Shrinking steps taken.
    pub steps: usize,
}

/// The result of a search.
#[derive(Clone, Debug)]
pub struct Report {
    /// The counts when the search stopped.
    pub counts: Counts,
    /// The counterexample, when the claim was refuted.
    pub counterexample: Option<Counterexample>,
}

/// The instances a search with this seed draws, in order.
pub fn draws(seed: u64, ranges: Ranges) -> impl Iterator<Item = Draw> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    std::iter::repeat_with(move || Draw::random(&mut rng, &ranges))
}

/// Evaluate `claim` on one drawn instance: `Ok(Some(..))` when it fails there.
pub fn refutes(claim: &Claim, draw: &Draw, family_limit: u128) -> Option<(Evidence, Refutation)> {
    let inst = draw.instance().ok()?;
    match claim.evaluate(&inst, family_limit) {
        Ok(Some((ev, Some(r)))) => Some((ev, r)),
        _ => None,
    }
}

/// Run the search; `progress` is called after every drawn instance.
pub fn run(claim: &Claim, config: &Config, progress: impl FnMut(&Counts)) -> Report {
    run_from(claim, config, 0, progress)
}

/// Run the search on the draws `first, first + 1, …` of the seed's sequence (`budget` of them):
/// the part of a sharded search (`search --shard i/n`, docs/cluster.md). The earlier draws are
/// generated (the generator is sequential) but not certified, so shard `i` evaluates exactly the
/// instances a single run evaluates at those positions, and the counterexample of the lowest
/// shard that finds one is the single run's.
pub fn run_from(claim: &Claim, config: &Config, first: u64, mut progress: impl FnMut(&Counts)) -> Report {
    let mut drawn = draws(config.seed, config.ranges.clone());
    for _ in 0..first {
        drawn.next();
    }
    let mut counts = Counts::default();
    let start = Instant::now();
    while counts.tried < config.budget {
        if config.time.is_some_and(|t| start.elapsed() >= t) {
            break;
        }
        let Some(draw) = drawn.next() else { break };
        counts.tried += 1;
        let Ok(inst) = draw.instance() else {
            counts.not_applicable += 1;
            progress(&counts);
            continue;
        };
        match claim.evaluate(&inst, config.family_limit) {
            Ok(None) => counts.not_applicable += 1,
            Err(Error::Refused(_)) | Err(_) => counts.refused += 1,
            Ok(Some((_, None))) => counts.certified += 1,
            Ok(Some((evidence, Some(refutation)))) => {
                counts.certified += 1;
                progress(&counts);
                let mut last = (evidence, refutation);
                let (draw_min, steps) =
                    shrink::shrink(draw.clone(), |c| match refutes(claim, c, config.family_limit) {
                        Some(found) => {
                            last = found;
                            true
                        }
                        None => false,
                    });
                let (evidence, refutation) = last;
                return Report {
                    counts,
                    counterexample: Some(Counterexample {
                        found: draw,
                        draw: draw_min,
                        evidence,
                        refutation,
                        steps,
                    }),
                };
            }
        }
        progress(&counts);
    }
    Report {
        counts,
        counterexample: None,
    }
}
