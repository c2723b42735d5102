//! The checker for `relucert/2` streams: it reads the records one at a time and keeps only
//! what later records refer to (the instance, the chambers, the faces with their regions, the
//! genuine cells and the distinct losses), so memory stays flat as the number of combinations
//! grows. Each record is decoded into the records of `relucert/1` (ids to sign strings,
//! sparse multipliers to dense, regions from the face) and verified by the same rules as a
//! `relucert/1` certificate; batches of records are decoded and verified in parallel. The
//! failure reported is the first in stream order: before a stream rule's rejection is
//! reported, the pending batch is verified (`proofs/stream-completeness.md`).
//!
//! The rules of the stream itself (soundness: `proofs/stream-completeness.md`):
//! - `stream-order`: a header first; then chambers (ids 0, 1, …) closed by `arrangement`;
//!   with the families option, faces (ids 0, 1, …) closed by `faces`; then cells; then the
//!   families stream; then the trailer, and nothing after it. A missing trailer is rejected.
//! - `cell-enumeration`: the cells are exactly the multisets of chambers, in canonical order
//!   (each record must be the next multiset, and the enumeration must be exhausted at the
//!   trailer) — so none is missing or repeated.
//! - `family-enumeration`: the families stream's keys (items `3·face + mode`, non-decreasing
//!   within a record) strictly increase, and there are `C(3F + K − 1, K)` of them — so every
//!   face/mode multiset is decided exactly once.
//! - `stream-trailer`: the counts per kind are the records seen; the summary and the levels
//!   are what the verified records say.
//!
//! A reduced stream (header option `reduce`, `proofs/family-reductions.md`) opens its families
//! stream with a `reduction` record, verified by the rule `reduction-record` of `relucert/1`
//! (inert items and sizes recomputed from `α` and the faces); its records name every single
//! item and then the sets of `2..=K` distinct non-inert items (rule `reduction-core`), keys
//! strictly increasing by (units, items), and at the trailer their number is the reduced
//! search's (rule `reduction-enumeration`). The levels (rule `levels`) are recomputed from the
//! verified families with the checker's [`crate::reduction::LevelTally`].
//!
//! A **shard** (a header with a `shard` field, `docs/cluster.md`) covers index ranges of the
//! cell and family enumerations and ends with a `shard_end` record instead of the trailer:
//! - `shard-header`: the instance hash is the SHA-256 of the header's instance, `1 ≤ i ≤ n`,
//!   one range per stage that runs (`cells`, then `families`), `start ≤ end ≤ total`, and the
//!   totals are the sizes of the enumerations (checked when the chambers and faces are known);
//! - `cell-enumeration` / `family-enumeration`: the records are exactly the pieces
//!   `start..end` of the canonical enumeration (the first is the `start`-th piece, each next
//!   one its successor, `end − start` of them). With the reduced search the enumeration is
//!   the cores' ([`crate::reduction::next_core`]) and the shard's families stream opens with
//!   the `reduction` record like a whole certificate's;
//! - `shard-end`: the counts per kind are the records seen;
//! - every record is verified by the same per-record rules as in a whole certificate. The rules
//!   that relate records of different shards (`family-cells`, `reduction-enumeration`, the
//!   global minimum, the levels, the verdict) are verified on the merged certificate, not on a
//!   shard.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use rayon::prelude::*;

use relucert_exact::{Q, format_q};
use relucert_format::error::FormatError;
use relucert_format::family::{FamilyRecord, FamilyRefutationRecord, RegionRecord};
use relucert_format::v2::{
    CellLine, CellRefutation, FamilyLine, FamilyRefutationLine, Header, Record, ShardEnd, ShardSpec,
    SparseMotzkin, StageRange, Trailer, instance_hash,
};
use relucert_format::{
    ArrangementRecord, CellRecord, Certificate, ChamberRecord, MotzkinRecord, RefutationRecord, Summary,
};

use crate::family::{Ctx, check_family, check_refutation};
use crate::reduction::{self, LevelTally};
use crate::{Rejection, Report};
use relucert_format::reduction::LevelRecord;

/// Why a stream was not accepted: unreadable (exit 2) or rejected by a rule (exit 1).
#[derive(Debug)]
pub enum StreamFailure {
    /// A line could not be read or parsed.
    Format(FormatError),
    /// A rule failed.
    Rejected(Rejection),
}

impl From<Rejection> for StreamFailure {
    fn from(r: Rejection) -> Self {
        StreamFailure::Rejected(r)
    }
}

/// Records verified in parallel at a time.
pub const BATCH: usize = 1024;

type Check<T> = Result<T, Rejection>;

fn reject<T>(rule: &'static str, location: impl Into<String>, detail: impl Into<String>) -> Check<T> {
    Err(Rejection::new(rule, location, detail))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Chambers,
    Faces,
    Cells,
    Families,
    Done,
}

/// A record decoded for the per-record rules.
enum Job {
    /// A cell (its index, its record without the refutations, the location of the record, and
    /// the refutations as written: decoded to dense multipliers with the per-record rules, in
    /// parallel).
    Cell(usize, CellRecord, String, Option<Vec<CellRefutation>>),
    Family(String, Vec<usize>, Box<FamilyRecord>),
    Refutation(String, Box<FamilyRefutationRecord>),
}

/// What a verified record contributes.
enum Outcome {
    Cell { genuine: bool, refutations: u64 },
    Family(Q, Vec<usize>, bool),
    Refuted,
}

struct State {
    shell: Certificate,
    small: crate::design::SmallInstance,
    families: bool,
    phase: Phase,
    faces: Vec<ChamberRecord>,
    /// Per face: its regions as `relucert/1` region records (no multipliers), verified.
    regions: Vec<Vec<RegionRecord>>,
    face_regions_pending: Vec<Vec<relucert_format::v2::RegionLine>>,
    next_cell: Option<Vec<usize>>,
    cells: u64,
    cells_ordered: u64,
    genuine: u64,
    refutations: u64,
    losses: BTreeSet<Q>,
    genuine_losses: BTreeSet<Q>,
    /// Genuine cells: sorted chambers → loss, and (sorted (chamber, sign)) → loss.
    genuine_by_chambers: HashMap<Vec<String>, Q>,
    genuine_keys: HashMap<Vec<(String, char)>, Q>,
    matched: HashSet<Vec<(String, char)>>,
    chamber_names: HashSet<String>,
    /// The last families key: (units, items).
    last_family: Option<(usize, Vec<usize>)>,
    family_keys: u64,
    levels: LevelTally,
    /// The header's `reduce` option, and `inert[item]` once the `reduction` record is verified.
    reduce: bool,
    inert: Option<Vec<bool>>,
    /// `inert[item]` of every item (for the cores of the levels, reduced or not), and the
    /// non-inert items ascending (a reduced shard's enumeration).
    all_inert: Vec<bool>,
    live: Vec<usize>,
    refuted: u64,
    counts: BTreeMap<String, u64>,
    batch: Vec<Job>,
    /// A shard: its header and ranges, and the next family key it must hold.
    shard: Option<ShardSpec>,
    next_family: Option<Vec<usize>>,
}

/// What an accepted stream was verified to contain.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamReport {
    /// The totals, as for `relucert/1`.
    pub report: Report,
    /// With families: the verified global minimum and verdict.
    pub global_min: Option<Q>,
    pub verdict: Option<String>,
    /// With families: the verified levels (distinct losses of local minima, with the
    /// distinct cores per loss), ascending.
    pub levels: Vec<LevelRecord>,
    /// The families were a reduced search (cores).
    pub reduced: bool,
    /// A shard: what it covers (verified).
    pub shard: Option<ShardSpec>,
}

/// Check a `relucert/2` stream of records (with their line numbers).
pub fn check_stream<I>(records: I) -> Result<StreamReport, StreamFailure>
where
    I: Iterator<Item = Result<(usize, Record), FormatError>>,
{
    let mut records = records.peekable();
    let (line, first) = match records.next() {
        Some(r) => r.map_err(StreamFailure::Format)?,
        None => return Err(Rejection::new("stream-order", "line 1", "empty file: expected a header").into()),
    };
    let Record::Header(header) = first else {
        return Err(Rejection::new(
            "stream-order",
            format!("line {line}"),
            "the first record must be the header",
        )
        .into());
    };
    let mut st = State::new(&header)?;
    let mut summary = None;
    *st.counts.entry("header".into()).or_default() += 1;
    for item in records {
        let (line, rec) = item.map_err(StreamFailure::Format)?;
        let loc = format!("line {line}");
        if st.phase == Phase::Done {
            return Err(Rejection::new("stream-order", loc, "a record after the trailer").into());
        }
        if let Record::ShardEnd(end) = rec {
            st.flush()?;
            st.finish_shard(&loc, &end)?;
            st.phase = Phase::Done;
            continue;
        }
        if let Record::Trailer(t) = rec {
            if st.shard.is_some() {
                st.flush()?;
                return Err(Rejection::new(
                    "stream-order",
                    loc,
                    "a trailer in a shard (a shard ends with shard_end)",
                )
                .into());
            }
            st.flush()?;
            st.finish(&loc, &t)?;
            st.phase = Phase::Done;
            summary = Some(t.summary);
            continue;
        }
        *st.counts.entry(rec.kind_name().to_string()).or_default() += 1;
        if let Err(e) = st.take(&loc, rec) {
            // The records before this one are verified first: the failure reported is the
            // first in stream order.
            st.flush()?;
            return Err(e.into());
        }
        if st.batch.len() >= BATCH {
            st.flush()?;
        }
    }
    if st.phase != Phase::Done {
        st.flush()?;
        return Err(Rejection::new(
            if st.shard.is_some() {
                "shard-end"
            } else {
                "stream-trailer"
            },
            "end of file",
            if st.shard.is_some() {
                "no shard_end: the shard is incomplete (an interrupted run? rerun it with --resume)"
            } else {
                "no trailer: the certificate is incomplete (an interrupted run?)"
            },
        )
        .into());
    }
    let inst = &st.shell.instance;
    let summary = summary.unwrap_or_else(|| st.shell.summary.clone());
    let report = Report {
        samples: inst.x.len(),
        dim: inst.x[0].len(),
        hidden: inst.hidden,
        chambers: st.shell.arrangement.chambers.len() as u64,
        cells: st.cells,
        cells_ordered: st.cells_ordered,
        genuine: st.genuine,
        refutations: st.refutations,
        families: st.families.then(|| st.levels.records().map(|(_, n)| n).sum()),
        saddles: None,
        family_report: None,
    };
    // A shard has no levels of its own (they relate the families of every shard).
    let levels = if st.families && st.shard.is_none() {
        st.levels.levels(inst.hidden)
    } else {
        Vec::new()
    };
    Ok(StreamReport {
        report,
        global_min: summary.global_min,
        verdict: summary.verdict,
        levels,
        reduced: st.reduce,
        shard: st.shard.clone(),
    })
}

fn sparse_to_dense(loc: &str, rule: &'static str, m: &SparseMotzkin) -> Check<MotzkinRecord> {
    m.to_dense()
        .or_else(|e| reject(rule, loc, format!("motzkin: {e}")))
}

impl State {
    fn new(h: &Header) -> Check<State> {
        if h.format != relucert_format::v2::FORMAT {
            return reject(
                "format",
                "header.format",
                format!(
                    "expected \"{}\", found \"{}\"",
                    relucert_format::v2::FORMAT,
                    h.format
                ),
            );
        }
        crate::instance::check(&h.instance)?;
        if h.options.reduce && !h.options.families {
            return reject(
                "reduction-record",
                "header.options.reduce",
                "a reduced family search needs the families option",
            );
        }
        if let Some(spec) = &h.shard {
            check_shard_header(h, spec)?;
        }
        let shell = Certificate {
            format: relucert_format::FORMAT.to_string(),
            instance: h.instance.clone(),
            arrangement: ArrangementRecord {
                chambers: Vec::new(),
                faces: None,
                count: 0,
                face_count: None,
            },
            cells: Vec::new(),
            saddles: None,
            minima: None,
            family_refutations: None,
            reduction: None,
            levels: None,
            summary: Summary {
                chambers: 0,
                cells: 0,
                cells_ordered: 0,
                genuine: 0,
                best_genuine_loss: None,
                losses: Vec::new(),
                genuine_losses: Vec::new(),
                global_min: None,
                spurious: None,
                verdict: None,
            },
            landscape: None,
        };
        Ok(State {
            small: crate::design::SmallInstance::new(&h.instance),
            shell,
            families: h.options.families,
            phase: Phase::Chambers,
            faces: Vec::new(),
            regions: Vec::new(),
            face_regions_pending: Vec::new(),
            next_cell: None,
            cells: 0,
            cells_ordered: 0,
            genuine: 0,
            refutations: 0,
            losses: BTreeSet::new(),
            genuine_losses: BTreeSet::new(),
            genuine_by_chambers: HashMap::new(),
            genuine_keys: HashMap::new(),
            matched: HashSet::new(),
            chamber_names: HashSet::new(),
            last_family: None,
            family_keys: 0,
            levels: LevelTally::default(),
            reduce: h.options.reduce,
            inert: None,
            all_inert: Vec::new(),
            live: Vec::new(),
            refuted: 0,
            counts: BTreeMap::new(),
            batch: Vec::new(),
            shard: h.shard.clone(),
            next_family: None,
        })
    }

    fn ctx(&self) -> Ctx<'_> {
        let inst = &self.shell.instance;
        Ctx {
            inst,
            d: inst.x[0].len(),
            n: inst.x.len(),
        }
    }

    fn order(&self, loc: &str, kind: &str, want: Phase) -> Check<()> {
        if self.phase != want {
            return reject(
                "stream-order",
                loc,
                format!(
                    "a {kind} record is out of place (expected the {:?} section)",
                    self.phase
                ),
            );
        }
        Ok(())
    }

    /// Structure and order checks of one record; per-record rules go into the batch.
    fn take(&mut self, loc: &str, rec: Record) -> Check<()> {
        match rec {
            Record::Header(_) => reject("stream-order", loc, "a second header"),
            Record::Chamber(c) => {
                self.order(loc, "chamber", Phase::Chambers)?;
                let chambers = &mut self.shell.arrangement.chambers;
                if c.id != chambers.len() as u64 {
                    return reject(
                        "stream-order",
                        loc,
                        format!("expected chamber id {}", chambers.len()),
                    );
                }
                chambers.push(ChamberRecord {
                    signs: c.signs,
                    witness: c.witness,
                });
                Ok(())
            }
            Record::Arrangement(a) => {
                self.order(loc, "arrangement", Phase::Chambers)?;
                self.shell.arrangement.count = a.count;
                crate::arrangement::check_witnesses(&self.shell)?;
                crate::arrangement::check_count(&self.shell)?;
                self.chamber_names = self
                    .shell
                    .arrangement
                    .chambers
                    .iter()
                    .map(|c| c.signs.clone())
                    .collect();
                let (n, k) = (self.shell.arrangement.chambers.len(), self.shell.instance.hidden);
                self.next_cell = (n > 0).then(|| vec![0; k]);
                if let Some(r) = self.range("cells") {
                    let total = multiset_count(n as u128, k as u128);
                    let first = (n > 0).then(|| vec![0; k]);
                    self.next_cell = start_of(loc, "cells", &r, total, first, |cur| {
                        crate::cells::advance(cur, n)
                    })?;
                }
                self.phase = if self.families { Phase::Faces } else { Phase::Cells };
                Ok(())
            }
            Record::Face(f) => {
                self.order(loc, "face", Phase::Faces)?;
                if f.id != self.faces.len() as u64 {
                    return reject(
                        "stream-order",
                        loc,
                        format!("expected face id {}", self.faces.len()),
                    );
                }
                self.faces.push(ChamberRecord {
                    signs: f.signs,
                    witness: f.witness,
                });
                self.face_regions_pending.push(f.regions);
                Ok(())
            }
            Record::Faces(f) => {
                self.order(loc, "faces", Phase::Faces)?;
                crate::faces::check(&self.shell.instance, &self.faces, f.count)?;
                self.check_face_regions()?;
                self.all_inert = reduction::inert_items(&self.shell.instance.alpha, &self.faces);
                self.live = reduction::live_items(&self.all_inert);
                if let Some(r) = self.range("families") {
                    let (n, k) = (3 * self.faces.len(), self.shell.instance.hidden);
                    self.next_family = if self.reduce {
                        let live = &self.live;
                        let total = reduction::sizes(n, live.len(), k)
                            .into_iter()
                            .try_fold(0u128, |a, b| b.and_then(|b| a.checked_add(b)))
                            .unwrap_or(u128::MAX);
                        let first = (n > 0).then(|| vec![0]);
                        start_of(loc, "families", &r, total, first, |cur| {
                            reduction::next_core(cur, n, live, k)
                        })?
                    } else {
                        let total = multiset_count(n as u128, k as u128);
                        let first = (n > 0).then(|| vec![0; k]);
                        start_of(loc, "families", &r, total, first, |cur| {
                            crate::cells::advance(cur, n)
                        })?
                    };
                }
                self.phase = Phase::Cells;
                Ok(())
            }
            Record::Cell(c) => {
                self.order(loc, "cell", Phase::Cells)?;
                self.cell(loc, c)
            }
            Record::Family(f) => {
                self.enter_families(loc)?;
                self.family(loc, f)
            }
            Record::FamilyRefutation(f) => {
                self.enter_families(loc)?;
                self.family_refutation(loc, f)
            }
            Record::Reduction(r) => {
                self.enter_families(loc)?;
                if !self.reduce {
                    return reject(
                        "reduction-record",
                        loc,
                        "a reduction record, but the header's reduce option is off",
                    );
                }
                if self.inert.is_some() || self.family_keys > 0 {
                    return reject(
                        "reduction-record",
                        loc,
                        "the reduction record must open the families stream, once",
                    );
                }
                let inst = &self.shell.instance;
                self.inert = Some(reduction::check_reduction(
                    &r,
                    &inst.alpha,
                    inst.hidden,
                    &self.faces,
                    loc,
                )?);
                Ok(())
            }
            Record::Trailer(_) | Record::ShardEnd(_) => unreachable!("the driver handles the last record"),
        }
    }

    fn enter_families(&mut self, loc: &str) -> Check<()> {
        if !self.families {
            return reject(
                "stream-order",
                loc,
                "a families record, but the header's families option is off",
            );
        }
        if self.phase == Phase::Cells {
            // The cells are verified before any family is compared with them.
            self.flush()?;
            self.phase = Phase::Families;
        }
        self.order(loc, "families", Phase::Families)
    }

    /// Every face's regions: strings over `Z'`, strict directions, distinct, and as many as
    /// the small arrangement of `Z'` has chambers (rule `family-regions`).
    fn check_face_regions(&mut self) -> Check<()> {
        let pending = std::mem::take(&mut self.face_regions_pending);
        let ctx = self.ctx();
        let mut all = Vec::with_capacity(pending.len());
        for (f, regions) in pending.into_iter().enumerate() {
            let face = &self.faces[f].signs;
            let loc = format!("face {f} ({face})");
            let zero = ctx.vanishing(face);
            let mut recs = Vec::with_capacity(regions.len());
            for (t, r) in regions.into_iter().enumerate() {
                if r.t.chars().count() != zero.len() {
                    return reject(
                        "family-regions",
                        format!("{loc}.regions[{t}]"),
                        format!("expected one sign per sample of Z' ({} of them)", zero.len()),
                    );
                }
                let mut region = vec!['.'; ctx.n];
                for (&i, c) in zero.iter().zip(r.t.chars()) {
                    region[i] = c;
                }
                recs.push(RegionRecord {
                    region: region.into_iter().collect(),
                    direction: r.v,
                    lambda: Vec::new(),
                    mu: Vec::new(),
                });
            }
            ctx.regions(&loc, face, &recs, true)?;
            all.push(recs);
        }
        self.regions = all;
        Ok(())
    }

    fn cell(&mut self, loc: &str, c: CellLine) -> Check<()> {
        let names = &self.shell.arrangement.chambers;
        let Some(expected) = self.next_cell.clone() else {
            return reject(
                "cell-enumeration",
                loc,
                "more cells than multisets of chambers (a duplicate or an extra cell)",
            );
        };
        let found: Vec<usize> =
            c.c.iter()
                .map(|&i| usize::try_from(i).unwrap_or(usize::MAX))
                .collect();
        if found != expected {
            return reject(
                "cell-enumeration",
                loc,
                format!(
                    "expected the multiset {expected:?} here (canonical order), found {:?}",
                    c.c
                ),
            );
        }
        let Some(multiplicity) = crate::cells::multiplicity(&expected) else {
            return reject(
                "cell-enumeration",
                loc,
                "the multiplicity K!/Π m_c! does not fit in 64 bits",
            );
        };
        let mut next = expected.clone();
        self.next_cell = crate::cells::advance(&mut next, names.len()).then_some(next);
        if self.range("cells").is_some_and(|r| self.cells + 1 >= r.len()) {
            self.next_cell = None; // the shard's range is exhausted
        }
        let chambers: Vec<String> = expected.iter().map(|&i| names[i].signs.clone()).collect();
        self.cells += 1;
        self.cells_ordered = self.cells_ordered.checked_add(multiplicity).unwrap_or(u64::MAX);
        self.losses.insert(c.loss.clone());
        if c.genuine {
            self.genuine_losses.insert(c.loss.clone());
            let mut sorted = chambers.clone();
            sorted.sort();
            self.genuine_by_chambers.insert(sorted, c.loss.clone());
            if let Some(w) = &c.witness {
                let mut key: Vec<(String, char)> = chambers.iter().cloned().zip(w.signs.chars()).collect();
                key.sort();
                if self.reduce {
                    // Reduced: the cell's family is represented by its core (inert units
                    // dropped, duplicates merged; all inert: the one-unit family of the first).
                    let alpha = &self.shell.instance.alpha;
                    let first = key.first().cloned();
                    key.retain(|(f, m)| !reduction::is_inert(alpha, f, *m));
                    key.dedup();
                    if key.is_empty()
                        && let Some(first) = first
                    {
                        key.push(first);
                    }
                }
                self.genuine_keys.insert(key, c.loss.clone());
            }
        }
        let j = (self.cells - 1) as usize;
        self.batch.push(Job::Cell(
            j,
            CellRecord {
                chambers,
                multiplicity,
                rank: c.rank,
                solution_dim: c.dim,
                loss: c.loss,
                genuine: c.genuine,
                witness: c.witness,
                refutation: None,
                least_squares: c.least_squares,
            },
            loc.to_string(),
            c.refutations,
        ));
        Ok(())
    }

    /// `family-enumeration`: the record's items, in order and after the previous key.
    fn family_key(&mut self, loc: &str, f: &[u64], m: &str) -> Check<(Vec<String>, String, Vec<usize>)> {
        let k = self.shell.instance.hidden;
        if self.reduce && self.inert.is_none() {
            return reject(
                "reduction-record",
                loc,
                "a reduced families stream opens with the reduction record",
            );
        }
        if f.len() != m.chars().count() {
            return reject("family-enumeration", loc, "expected as many modes as faces");
        }
        if !self.reduce && f.len() != k {
            return reject(
                "family-enumeration",
                loc,
                format!("expected {k} faces and {k} modes"),
            );
        }
        let mut items = Vec::with_capacity(k);
        let mut faces = Vec::with_capacity(k);
        for (&fi, mc) in f.iter().zip(m.chars()) {
            let Some(face) = usize::try_from(fi).ok().and_then(|i| self.faces.get(i)) else {
                return reject("family-enumeration", loc, format!("face id {fi} is not a face"));
            };
            let Some(mi) = "+-0".find(mc) else {
                return reject("family-enumeration", loc, format!("mode {mc:?} is not +, - or 0"));
            };
            items.push(3 * fi as usize + mi);
            faces.push(face.signs.clone());
        }
        if items.windows(2).any(|w| w[0] > w[1]) {
            return reject(
                "family-enumeration",
                loc,
                "units not in canonical (face, mode) order",
            );
        }
        if let Some(r) = self.range("families") {
            let Some(expected) = self.next_family.clone() else {
                return reject(
                    "family-enumeration",
                    loc,
                    format!(
                        "more face/mode combinations than the shard's range {}..{}",
                        r.start, r.end
                    ),
                );
            };
            if expected != items {
                return reject(
                    "family-enumeration",
                    loc,
                    format!(
                        "expected the items {expected:?} here (the shard's range, canonical order), found {items:?}"
                    ),
                );
            }
            let mut next = expected;
            let stepped = if self.reduce {
                reduction::next_core(&mut next, self.all_inert.len(), &self.live, k)
            } else {
                crate::cells::advance(&mut next, 3 * self.faces.len())
            };
            self.next_family = stepped.then_some(next);
            if self.family_keys + 1 >= r.len() {
                self.next_family = None;
            }
        }
        if let Some(inert) = &self.inert {
            reduction::check_core(loc, &items, inert, k)?;
        }
        let key = (items.len(), items);
        if self.last_family.as_ref().is_some_and(|prev| *prev >= key) {
            return reject(
                "family-enumeration",
                loc,
                "face/mode combinations must strictly increase (a duplicate or out of order)",
            );
        }
        let items = key.1.clone();
        self.last_family = Some(key);
        self.family_keys += 1;
        Ok((faces, m.to_string(), items))
    }

    fn family(&mut self, loc: &str, f: FamilyLine) -> Check<()> {
        let (faces, modes, items) = self.family_key(loc, &f.f, &f.m)?;
        let k = faces.len();
        if f.nu.len() != k {
            return reject(
                "family-regions",
                loc,
                format!("expected the multipliers of {k} units"),
            );
        }
        let mut multipliers = Vec::with_capacity(k);
        for (u, (&fi, per_region)) in f.f.iter().zip(&f.nu).enumerate() {
            let regions = &self.regions[fi as usize];
            if per_region.len() != regions.len() {
                return reject(
                    "family-regions",
                    format!("{loc}.nu[{u}]"),
                    format!("expected one list per region of face {fi} ({})", regions.len()),
                );
            }
            let mut list = Vec::with_capacity(regions.len());
            for (t, (reg, nu)) in regions.iter().zip(per_region).enumerate() {
                let signs: Vec<char> = reg.region.chars().filter(|c| *c != '.').collect();
                let (mut lambda, mut mu) = (Vec::new(), Vec::new());
                if !nu.is_empty() {
                    if nu.len() != signs.len() {
                        return reject(
                            "family-multipliers",
                            format!("{loc}.nu[{u}][{t}]"),
                            format!("expected {} values, one per sample of Z'", signs.len()),
                        );
                    }
                    for (c, v) in signs.iter().zip(nu) {
                        if *c == '+' {
                            lambda.push(v.clone())
                        } else {
                            mu.push(v.clone())
                        }
                    }
                }
                list.push(RegionRecord {
                    region: reg.region.clone(),
                    direction: reg.direction.clone(),
                    lambda,
                    mu,
                });
            }
            multipliers.push(list);
        }
        self.check_family_cells(loc, &faces, &modes, &f.loss)?;
        let fam = FamilyRecord {
            faces,
            modes,
            loss: f.loss,
            witness: f.witness,
            multipliers,
            differentiable: f.differentiable,
            spurious: false,
        };
        self.batch.push(Job::Family(
            format!("{loc} ({} {})", fam.faces.join(","), fam.modes),
            items,
            Box::new(fam),
        ));
        Ok(())
    }

    /// Rule `family-cells` for one family (the other direction is checked at the trailer).
    fn check_family_cells(&mut self, loc: &str, faces: &[String], modes: &str, loss: &Q) -> Check<()> {
        // The genuine cell this record stands for (a reduced record is its own core).
        let mut key: Vec<(String, char)> = faces.iter().cloned().zip(modes.chars()).collect();
        key.sort();
        if self.genuine_keys.get(&key) == Some(loss) {
            self.matched.insert(key);
        }
        if self.shard.is_some() {
            return Ok(()); // the genuine cell may be in another shard: checked after merging
        }
        let chambers: HashSet<&str> = self
            .shell
            .arrangement
            .chambers
            .iter()
            .map(|c| c.signs.as_str())
            .collect();
        // Only records of K units stand for a cell (a reduced core of fewer units does not).
        if faces.len() != self.shell.instance.hidden || !faces.iter().all(|f| chambers.contains(f.as_str())) {
            return Ok(());
        }
        let mut sorted = faces.to_vec();
        sorted.sort();
        if self.genuine_by_chambers.get(&sorted) != Some(loss) {
            return reject(
                "family-cells",
                loc,
                format!(
                    "every unit is in a chamber: the cell [{}] must be genuine with loss {}",
                    faces.join(","),
                    format_q(loss)
                ),
            );
        }
        Ok(())
    }

    fn family_refutation(&mut self, loc: &str, f: FamilyRefutationLine) -> Check<()> {
        let (faces, modes, _) = self.family_key(loc, &f.f, &f.m)?;
        let regions: Vec<Vec<RegionRecord>> =
            f.f.iter().map(|&fi| self.regions[fi as usize].clone()).collect();
        let motzkin = sparse_to_dense(loc, "family-refutation", &f.motzkin)?;
        let rf = FamilyRefutationRecord {
            faces,
            modes,
            regions,
            motzkin,
        };
        self.batch.push(Job::Refutation(
            format!("{loc} ({} {})", rf.faces.join(","), rf.modes),
            Box::new(rf),
        ));
        Ok(())
    }

    /// Verify the batch in parallel; the first failure in stream order is reported.
    fn flush(&mut self) -> Check<()> {
        let batch = std::mem::take(&mut self.batch);
        let ctx = self.ctx();
        let shell = &self.shell;
        let small = &self.small;
        let outcomes: Vec<Check<Outcome>> = batch
            .into_par_iter()
            .map(|job| match job {
                Job::Cell(j, mut cell, loc, refutations) => {
                    if let Some(list) = refutations {
                        let decoded = list
                            .iter()
                            .map(|r| {
                                Ok(RefutationRecord {
                                    s: r.s.clone(),
                                    motzkin: sparse_to_dense(
                                        &format!("{loc} s={}", r.s),
                                        "refutation-motzkin",
                                        &r.m,
                                    )?,
                                })
                            })
                            .collect::<Check<Vec<_>>>()?;
                        cell.refutation = Some(decoded);
                    }
                    crate::cells::check_cell(shell, small, j, &cell).map(|t| Outcome::Cell {
                        genuine: t.genuine > 0,
                        refutations: t.refutations,
                    })
                }
                Job::Family(loc, items, fam) => check_family(&ctx, &loc, &fam)
                    .map(|loss| Outcome::Family(loss, items, fam.differentiable)),
                Job::Refutation(loc, rf) => {
                    let mut regions = Vec::with_capacity(rf.regions.len());
                    for (u, (face, recs)) in rf.faces.iter().zip(&rf.regions).enumerate() {
                        regions.push(ctx.regions(&format!("{loc}.unit[{u}]"), face, recs, false)?);
                    }
                    let modes: Vec<char> = rf.modes.chars().collect();
                    check_refutation(&ctx, &loc, &rf.faces, &modes, &regions, &rf.motzkin)
                        .map(|_| Outcome::Refuted)
                }
            })
            .collect();
        for outcome in outcomes {
            match outcome? {
                Outcome::Cell { genuine, refutations } => {
                    self.genuine += u64::from(genuine);
                    self.refutations += refutations;
                }
                Outcome::Family(loss, items, differentiable) => {
                    self.levels.add(&items, &loss, differentiable, &self.all_inert)
                }
                Outcome::Refuted => self.refuted += 1,
            }
        }
        Ok(())
    }

    /// A shard's range of `stage`, if the file is a shard.
    fn range(&self, stage: &str) -> Option<StageRange> {
        self.shard
            .as_ref()
            .and_then(|s| s.ranges.iter().find(|r| r.stage == stage).cloned())
    }

    /// The end of a shard: its ranges are exhausted and the counts are the records seen.
    fn finish_shard(&mut self, loc: &str, end: &ShardEnd) -> Check<()> {
        if self.shard.is_none() {
            return reject(
                "stream-order",
                loc,
                "a shard_end in a certificate that is not a shard (it must end with a trailer)",
            );
        }
        if self.phase < Phase::Cells {
            return reject("stream-order", loc, "the shard ends before the cells");
        }
        if let Some(next) = &self.next_cell {
            return reject(
                "cell-enumeration",
                loc,
                format!("missing the multiset {next:?} of chambers of the shard's range (and any after it)"),
            );
        }
        if let Some(next) = &self.next_family {
            return reject(
                "family-enumeration",
                loc,
                format!("missing the items {next:?} of the shard's range (and any after it)"),
            );
        }
        if self.families && self.reduce && self.inert.is_none() {
            return reject(
                "reduction-record",
                loc,
                "the header's reduce option is on, but the shard's families stream has no reduction record",
            );
        }
        if end.counts != self.counts {
            return reject(
                "shard-end",
                format!("{loc}: counts"),
                format!(
                    "the records are {:?}, shard_end says {:?}",
                    self.counts, end.counts
                ),
            );
        }
        Ok(())
    }

    /// The trailer: completeness of the enumerations, counts, summary, levels, verdict.
    fn finish(&mut self, loc: &str, t: &Trailer) -> Check<()> {
        if self.phase < Phase::Cells {
            return reject("stream-order", loc, "the trailer comes before the cells");
        }
        if let Some(next) = &self.next_cell {
            return reject(
                "cell-enumeration",
                loc,
                format!("missing the multiset {next:?} of chambers (and any after it)"),
            );
        }
        if t.counts != self.counts {
            return reject(
                "stream-trailer",
                format!("{loc}: counts"),
                format!(
                    "the records are {:?}, the trailer says {:?}",
                    self.counts, t.counts
                ),
            );
        }
        let s = &t.summary;
        let bad = |field: &str, detail: String| reject("summary", format!("{loc}: summary.{field}"), detail);
        let chambers = self.shell.arrangement.chambers.len() as u64;
        if s.chambers != chambers {
            return bad("chambers", format!("expected {chambers}, found {}", s.chambers));
        }
        if s.cells != self.cells {
            return bad("cells", format!("expected {}, found {}", self.cells, s.cells));
        }
        if s.cells_ordered != self.cells_ordered {
            return bad(
                "cells_ordered",
                format!("expected {}, found {}", self.cells_ordered, s.cells_ordered),
            );
        }
        if s.genuine != self.genuine {
            return bad(
                "genuine",
                format!("expected {}, found {}", self.genuine, s.genuine),
            );
        }
        if s.losses.iter().ne(self.losses.iter()) {
            return bad(
                "losses",
                "expected the distinct cell losses in increasing order".into(),
            );
        }
        if s.genuine_losses.iter().ne(self.genuine_losses.iter()) {
            return bad(
                "genuine_losses",
                "expected the distinct genuine losses in increasing order".into(),
            );
        }
        if s.best_genuine_loss.as_ref() != self.genuine_losses.first() {
            let want = self.genuine_losses.first().map_or("none".to_string(), format_q);
            return bad("best_genuine_loss", format!("expected {want}"));
        }
        if !self.families {
            if s.global_min.is_some() || s.spurious.is_some() || s.verdict.is_some() || t.levels.is_some() {
                return bad(
                    "global_min",
                    "global_min, spurious, verdict and levels need the families".into(),
                );
            }
            return Ok(());
        }
        self.finish_families(loc, t)
    }

    fn finish_families(&mut self, loc: &str, t: &Trailer) -> Check<()> {
        let k = self.shell.instance.hidden as u128;
        let items = 3 * self.faces.len() as u128;
        let mut total: u128 = 1;
        for j in 0..k {
            total = match total.checked_mul(items + j) {
                Some(c) => c / (j + 1),
                None => u128::MAX,
            };
        }
        if self.reduce {
            let Some(inert) = &self.inert else {
                return reject(
                    "reduction-record",
                    loc,
                    "the header's reduce option is on, but the families stream has no reduction record",
                );
            };
            let seen = usize::try_from(self.family_keys).unwrap_or(usize::MAX);
            reduction::check_total(seen, inert, k as usize)?;
        } else if u128::from(self.family_keys) != total {
            return reject(
                "family-enumeration",
                loc,
                format!(
                    "{} face/mode combinations accounted for, C(3·{} + K − 1, K) = {total} with K = {k} needed",
                    self.family_keys,
                    self.faces.len()
                ),
            );
        }
        let Some(min) = self.levels.min().cloned() else {
            return reject("global-min", loc, "no non-empty family");
        };
        let s = &t.summary;
        if s.global_min.as_ref() != Some(&min) {
            return reject(
                "global-min",
                format!("{loc}: summary.global_min"),
                format!("the least family loss is {}", format_q(&min)),
            );
        }
        if let Some(best) = &s.best_genuine_loss
            && best < &min
        {
            return reject(
                "global-min",
                format!("{loc}: summary.best_genuine_loss"),
                format!(
                    "a genuine cell has loss {} below the global minimum",
                    format_q(best)
                ),
            );
        }
        if let Some((key, _)) = self
            .genuine_keys
            .iter()
            .find(|(key, _)| !self.matched.contains(*key))
        {
            return reject(
                "family-cells",
                loc,
                format!("the genuine cell {key:?} has no family with its loss in the stream"),
            );
        }
        let Some(levels) = &t.levels else {
            return reject(
                "stream-trailer",
                format!("{loc}: levels"),
                "expected the levels of the families",
            );
        };
        let records: Vec<(&Q, u64)> = self.levels.records().collect();
        let ok = levels.len() == records.len()
            && levels
                .iter()
                .zip(&records)
                .all(|(l, (loss, n))| l.loss == **loss && l.families == *n && l.spurious == (**loss > min));
        if !ok {
            return reject(
                "stream-trailer",
                format!("{loc}: levels"),
                "expected the distinct family losses, increasing, with their counts and spurious flags",
            );
        }
        // Rule `levels`: the plain answer's counts (distinct cores, differentiable cores, full
        // width), required in a reduced stream, checked whenever present.
        let answer = self.levels.levels(k as usize);
        for (i, (l, a)) in levels.iter().zip(&answer).enumerate() {
            let stated = (l.cores, l.differentiable, l.full_width);
            if stated == (None, None, None) && !self.reduce {
                continue;
            }
            if stated != (Some(a.families), Some(a.differentiable), Some(a.full_width)) {
                return reject(
                    "levels",
                    format!("{loc}: levels[{i}]"),
                    format!(
                        "expected loss {}: {} cores ({} differentiable), full width {}",
                        format_q(&a.loss),
                        a.families,
                        a.differentiable,
                        a.full_width
                    ),
                );
            }
        }
        let spurious: u64 = records.iter().filter(|(l, _)| **l > min).map(|(_, n)| n).sum();
        if s.spurious != Some(spurious) {
            return reject(
                "verdict",
                format!("{loc}: summary.spurious"),
                format!("{spurious} families are spurious"),
            );
        }
        let verdict = if spurious == 0 {
            "no-spurious-minima"
        } else {
            "spurious-minima"
        };
        if s.verdict.as_deref() != Some(verdict) {
            return reject(
                "verdict",
                format!("{loc}: summary.verdict"),
                format!("expected \"{verdict}\""),
            );
        }
        Ok(())
    }
}

/// `C(n + k − 1, k)`, saturating.
fn multiset_count(n: u128, k: u128) -> u128 {
    if n == 0 {
        return u128::from(k == 0);
    }
    let mut c: u128 = 1;
    for j in 0..k {
        c = match c.checked_mul(n + j) {
            Some(v) => v / (j + 1),
            None => return u128::MAX,
        };
    }
    c
}

/// Rule `shard-header`, the parts known from the header alone.
fn check_shard_header(h: &Header, spec: &ShardSpec) -> Check<()> {
    let bad = |field: &str, detail: String| reject("shard-header", format!("header.shard.{field}"), detail);
    let hash = instance_hash(&h.instance);
    if spec.instance_hash != hash {
        return bad(
            "instance_hash",
            format!(
                "the header's instance has hash {hash}, not {}",
                spec.instance_hash
            ),
        );
    }
    if spec.index == 0 || spec.index > spec.count {
        return bad(
            "index",
            format!("expected 1 ≤ index ≤ count, found {}/{}", spec.index, spec.count),
        );
    }
    if spec.version.is_empty() {
        return bad("version", "expected the version of the tool".into());
    }
    let want: &[&str] = if h.options.families {
        &["cells", "families"]
    } else {
        &["cells"]
    };
    let stages: Vec<&str> = spec.ranges.iter().map(|r| r.stage.as_str()).collect();
    if stages != want {
        return bad(
            "ranges",
            format!("expected one range per stage {want:?}, found {stages:?}"),
        );
    }
    for r in &spec.ranges {
        if r.start > r.end || r.end > r.total {
            return bad(
                "ranges",
                format!(
                    "{}: expected start ≤ end ≤ total, found {}..{} of {}",
                    r.stage, r.start, r.end, r.total
                ),
            );
        }
    }
    Ok(())
}

/// The first piece of a shard's range (`first`, then `step` to the successor; `first` and `step` give the stage's enumeration) (`None` when it is empty), after checking that the
/// range's total is the size of the enumeration (rule `shard-header`).
fn start_of(
    loc: &str,
    stage: &str,
    r: &StageRange,
    total: u128,
    first: Option<Vec<usize>>,
    mut step: impl FnMut(&mut Vec<usize>) -> bool,
) -> Check<Option<Vec<usize>>> {
    if u128::from(r.total) != total {
        return reject(
            "shard-header",
            loc,
            format!(
                "the {stage} range says the enumeration has {} pieces, it has {total}",
                r.total
            ),
        );
    }
    if r.is_empty() {
        return Ok(None);
    }
    let Some(mut cur) = first else {
        return reject("shard-header", loc, format!("{stage}: the enumeration is empty"));
    };
    for _ in 0..r.start {
        if !step(&mut cur) {
            return reject(
                "shard-header",
                loc,
                format!("{stage} start {} is past the end", r.start),
            );
        }
    }
    Ok(Some(cur))
}
