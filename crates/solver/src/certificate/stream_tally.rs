//! The running totals of a `relucert/2` stream, from which the trailer is written: counts per
//! record kind, the cell summary of `relucert/1` and the distinct family losses. It sees every
//! record once (also the records kept by `--resume`), so memory is the number of distinct
//! losses, not the number of records.

use std::collections::{BTreeMap, BTreeSet};

use relucert_exact::Q;
use relucert_format::Summary;
use relucert_format::v2::{LevelLine, Record, Trailer};

use crate::cells::combination::multiplicity;
use crate::error::{Error, Result};

/// Totals over the records seen so far.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    counts: BTreeMap<String, u64>,
    cells_ordered: u64,
    genuine: u64,
    losses: BTreeSet<Q>,
    genuine_losses: BTreeSet<Q>,
    levels: BTreeMap<Q, u64>,
}

impl Tally {
    /// Account for one record.
    pub fn add(&mut self, rec: &Record) {
        *self.counts.entry(rec.kind_name().to_string()).or_default() += 1;
        match rec {
            Record::Cell(c) => {
                let combo: Vec<usize> = c.c.iter().map(|&i| i as usize).collect();
                self.cells_ordered += multiplicity(&combo);
                self.losses.insert(c.loss.clone());
                if c.genuine {
                    self.genuine += 1;
                    self.genuine_losses.insert(c.loss.clone());
                }
            }
            Record::Family(f) => *self.levels.entry(f.loss.clone()).or_default() += 1,
            _ => {}
        }
    }

    /// How many records of `kind` were seen.
    pub fn count(&self, kind: &str) -> u64 {
        self.counts.get(kind).copied().unwrap_or(0)
    }

    /// The trailer: counts, the summary, and with `families` the global minimum, the levels
    /// and the verdict. Refused when the families ran and no family is non-empty (the theorem
    /// excludes it).
    pub fn trailer(&self, families: bool) -> Result<Trailer> {
        let mut summary = Summary {
            chambers: self.count("chamber"),
            cells: self.count("cell"),
            cells_ordered: self.cells_ordered,
            genuine: self.genuine,
            best_genuine_loss: self.genuine_losses.first().cloned(),
            losses: self.losses.iter().cloned().collect(),
            genuine_losses: self.genuine_losses.iter().cloned().collect(),
            global_min: None,
            spurious: None,
            verdict: None,
        };
        let mut levels = None;
        if families {
            let Some(min) = self.levels.keys().next().cloned() else {
                return Err(Error::Refused(
                    "no face/mode combination holds a local minimum".into(),
                ));
            };
            let list: Vec<LevelLine> = self
                .levels
                .iter()
                .map(|(loss, &families)| LevelLine {
                    loss: loss.clone(),
                    families,
                    spurious: *loss > min,
                })
                .collect();
            let spurious: u64 = list.iter().filter(|l| l.spurious).map(|l| l.families).sum();
            summary.global_min = Some(min);
            summary.spurious = Some(spurious);
            summary.verdict = Some(
                if spurious == 0 {
                    "no-spurious-minima"
                } else {
                    "spurious-minima"
                }
                .to_string(),
            );
            levels = Some(list);
        }
        Ok(Trailer {
            counts: self.counts.clone(),
            summary,
            levels,
        })
    }
}
