//! The running totals of a `relucert/2` stream, from which the trailer is written: counts per
//! record kind, the cell summary of `relucert/1`, the distinct family losses and, per loss, the
//! plain answer's level (distinct cores, differentiable cores, full width, a representative
//! witness). It sees every record once (also the records kept by `--resume`), so memory is the
//! number of distinct losses and of distinct cores of non-empty families, not the number of
//! records.

use std::collections::{BTreeMap, BTreeSet};

use num_traits::Zero;

use relucert_exact::Q;
use relucert_format::Summary;
use relucert_format::family::PointRecord;
use relucert_format::v2::{LevelLine, Record, Trailer};

use crate::cells::combination::multiplicity;
use crate::error::{Error, Result};
use crate::families::core::core_of;
use crate::families::levels::{Level, widen};
use crate::model::Point;
use relucert_format::reduction::is_inert;

/// One loss value of the families seen so far.
#[derive(Clone, Debug, Default)]
struct LevelAcc {
    /// `family` records with this loss.
    records: u64,
    /// Distinct cores → some record of the core is differentiable.
    cores: BTreeMap<Vec<usize>, bool>,
    /// The widest record's witness (the first of the widest, in stream order).
    best: Option<PointRecord>,
}

/// Totals over the records seen so far.
#[derive(Clone, Debug, Default)]
pub struct Tally {
    counts: BTreeMap<String, u64>,
    cells_ordered: u64,
    genuine: u64,
    losses: BTreeSet<Q>,
    genuine_losses: BTreeSet<Q>,
    levels: BTreeMap<Q, LevelAcc>,
    /// From the header: `α` and `K`.
    alpha: Q,
    hidden: usize,
    /// The faces' sign strings (face records), and `inert[item]` once the families start.
    faces: Vec<String>,
    inert: Option<Vec<bool>>,
}

impl Tally {
    /// Account for one record.
    pub fn add(&mut self, rec: &Record) {
        *self.counts.entry(rec.kind_name().to_string()).or_default() += 1;
        match rec {
            Record::Header(h) => {
                self.alpha = h.instance.alpha.clone();
                self.hidden = h.instance.hidden;
            }
            Record::Face(f) => self.faces.push(f.signs.clone()),
            Record::Cell(c) => {
                let combo: Vec<usize> = c.c.iter().map(|&i| i as usize).collect();
                self.cells_ordered += multiplicity(&combo);
                self.losses.insert(c.loss.clone());
                if c.genuine {
                    self.genuine += 1;
                    self.genuine_losses.insert(c.loss.clone());
                }
            }
            Record::Family(f) => {
                let alpha = &self.alpha;
                let faces = &self.faces;
                let inert = self.inert.get_or_insert_with(|| {
                    faces
                        .iter()
                        .flat_map(|s| "+-0".chars().map(move |m| is_inert(alpha, s, m)))
                        .collect()
                });
                let items: Vec<usize> =
                    f.f.iter()
                        .zip(f.m.chars())
                        .map(|(&fi, m)| 3 * fi as usize + "+-0".find(m).unwrap_or(2))
                        .collect();
                let core = core_of(&items, inert);
                let acc = self.levels.entry(f.loss.clone()).or_default();
                acc.records += 1;
                *acc.cores.entry(core).or_insert(false) |= f.differentiable;
                if acc.best.as_ref().is_none_or(|b| f.f.len() > b.z.len()) {
                    acc.best = Some(f.witness.clone());
                }
            }
            _ => {}
        }
    }

    /// Records seen per kind.
    pub fn counts(&self) -> &BTreeMap<String, u64> {
        &self.counts
    }

    /// How many records of `kind` were seen.
    pub fn count(&self, kind: &str) -> u64 {
        self.counts.get(kind).copied().unwrap_or(0)
    }

    /// The plain answer's levels (ascending by loss), each with a `K`-unit witness — the same
    /// as [`crate::families::levels::levels`] of the records' results.
    pub fn levels(&self) -> Vec<Level> {
        let global = self.levels.keys().next().cloned();
        self.levels
            .iter()
            .filter_map(|(loss, acc)| {
                let best = acc.best.as_ref()?;
                let point = Point {
                    z: best.z.clone(),
                    w: best.w.clone(),
                    c: best.c.clone().unwrap_or_else(Q::zero),
                };
                Some(Level {
                    loss: loss.clone(),
                    spurious: global.as_ref().is_some_and(|g| loss > g),
                    families: acc.cores.len() as u64,
                    differentiable: acc.cores.values().filter(|d| **d).count() as u64,
                    full_width: acc.cores.keys().any(|c| c.len() == self.hidden),
                    witness: widen(&point, self.hidden),
                })
            })
            .collect()
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
                .map(|(loss, acc)| LevelLine {
                    loss: loss.clone(),
                    families: acc.records,
                    spurious: *loss > min,
                    cores: Some(acc.cores.len() as u64),
                    differentiable: Some(acc.cores.values().filter(|d| **d).count() as u64),
                    full_width: Some(acc.cores.keys().any(|c| c.len() == self.hidden)),
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
