//! Certifying into a [`RecordSink`]: the stages of `certify` produce the records of
//! `relucert/2` in file order, a chunk of combinations at a time (decided in parallel, pushed
//! in canonical order), so memory stays flat however many combinations there are. The records
//! themselves: [`relucert_format::v2`]; the file: [`super::stream_writer`].

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use relucert_format::family::PointRecord;
use relucert_format::v2::io::{EncodedLine, encode};
use relucert_format::v2::{
    ArrangementLine, CellLine, CellRefutation, ChamberLine, FaceLine, FacesLine, FamilyLine,
    FamilyRefutationLine, Header, Options, Record, RegionLine, SparseMotzkin,
};
use relucert_format::{LeastSquaresRecord, WitnessRecord};

use super::build::instance_record;
use super::sink::{RecordSink, Section};
use crate::arrangement::Face;
use crate::arrangement::complete::Arrangement;
use crate::cells::genuine::sign_string;
use crate::cells::{CellResult, Chamber, Genuineness, analyse_combination};
use crate::error::{Error, Result};
use crate::families::{FamilyOutcome, FamilyResult, decide_family};
use crate::feasibility::{Motzkin, Route};
use crate::instance::Instance;
use crate::point::local_region::{LocalRegion, local_regions, vanishing_samples};

/// Combinations decided in parallel before their records are pushed (and the file flushed).
pub const CHUNK: usize = 512;

/// How to certify.
#[derive(Clone, Copy, Debug)]
pub struct StreamOptions {
    /// Exact-only or float-first.
    pub route: Route,
    /// Run the families stage.
    pub families: bool,
    /// Report `A⁺`, `R₀` and a null-space basis per cell.
    pub least_squares: bool,
    /// Draw progress bars on a terminal.
    pub progress: bool,
    /// Reduce the family search to cores (`proofs/family-reductions.md`): a `reduction`
    /// record opens the families stream, which then lists every single item and every set of
    /// `2..=K` distinct non-inert items.
    pub reduce: bool,
    /// Decide the cell systems on the least-squares solution set
    /// (`proofs/solution-set-reduction.md`; `false` with `certify --no-cell-reduction`).
    pub solution_set: bool,
}

/// The header record of a certificate of `inst` with these options.
pub fn header(inst: &Instance, opts: &StreamOptions) -> Header {
    Header {
        format: relucert_format::v2::FORMAT.to_string(),
        instance: instance_record(inst),
        options: Options {
            families: opts.families,
            least_squares: opts.least_squares,
            reduce: opts.families && opts.reduce,
        },
        shard: None,
    }
}

/// What the stages computed besides the records.
#[derive(Clone, Debug, Default)]
pub struct StreamRun {
    /// Systems sent to the feasibility engine by the cell stage.
    pub engine_calls: u64,
    /// Cell systems decided on the least-squares solution set.
    pub reduced_systems: u64,
    /// Float proposals that failed their exact check (cells and families).
    pub fallbacks: u64,
    /// Seconds spent in the cell stage and in the families stage.
    pub cells_seconds: f64,
    pub families_seconds: f64,
    /// Family combinations decided by this run (not those kept by `--resume`).
    pub families_decided: u64,
}

/// What every stage needs from the data arrangement: the chambers and (with families) the
/// faces with their local regions, sorted by sign string (the ids of the records). A shard
/// computes it once to plan its ranges ([`crate::shard`]) and then to certify them.
#[derive(Clone, Debug)]
pub struct Prepared {
    /// The chambers, sorted by sign string.
    pub chambers: Vec<Chamber>,
    /// The Whitney/Zaslavsky chamber count.
    pub chamber_count: u64,
    /// With families: the faces, sorted by sign string, and the local regions of each.
    pub faces: Vec<Face>,
    pub regions: Vec<Vec<LocalRegion>>,
}

impl Prepared {
    /// Compute the arrangement (with faces when `families`).
    pub fn new(inst: &Instance, families: bool) -> Result<Prepared> {
        let arrangement = Arrangement::compute(&inst.x, families)?;
        if !arrangement.is_complete() || (families && !arrangement.problems.is_empty()) {
            return Err(Error::Refused(format!(
                "the arrangement enumeration did not match its count: {}",
                arrangement.problems.join("; ")
            )));
        }
        let mut chambers = Vec::with_capacity(arrangement.chambers.len());
        for face in &arrangement.chambers {
            let text = face.signs.to_string();
            let chamber = Chamber::from_signs(&text, face.witness.clone())
                .ok_or_else(|| Error::Refused(format!("unexpected sign string {text}")))?;
            chambers.push(chamber);
        }
        chambers.sort_by_key(|c| c.sign_string());
        let mut faces: Vec<Face> = Vec::new();
        let mut regions: Vec<Vec<LocalRegion>> = Vec::new();
        if families {
            faces = arrangement.faces.clone().unwrap_or_default();
            faces.sort_by_key(|f| f.signs.to_string());
            regions = faces
                .iter()
                .map(|f| local_regions(&inst.x, &vanishing_samples(&inst.x, &f.signs)))
                .collect();
        }
        Ok(Prepared {
            chambers,
            chamber_count: arrangement.chamber_count,
            faces,
            regions,
        })
    }

    /// The number of cell combinations: multisets of `K` chambers.
    pub fn cell_total(&self, inst: &Instance) -> u128 {
        crate::cells::combination::multiset_count(self.chambers.len() as u128, inst.hidden as u128)
    }

    /// `inert[item]` for every item `3·face + mode` (`proofs/family-reductions.md`).
    pub fn inert_items(&self, inst: &Instance) -> Vec<bool> {
        crate::families::core::inert_items(&inst.alpha, &self.faces)
    }

    /// The combinations of the families stream: the cores (`reduce`) or every multiset of `K`
    /// items `3·face + mode`.
    pub fn family_combos(&self, inst: &Instance, reduce: bool) -> crate::families::core::Combos {
        if reduce {
            crate::families::core::Combos::reduced(&self.inert_items(inst), inst.hidden)
        } else {
            crate::families::core::Combos::full(3 * self.faces.len(), inst.hidden)
        }
    }

    /// The number of combinations of the families stream ([`Prepared::family_combos`]).
    pub fn family_total(&self, inst: &Instance, reduce: bool) -> u128 {
        self.family_combos(inst, reduce).len()
    }
}

/// The part of each stage's canonical enumeration to decide (indices, end excluded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Work {
    pub cells: std::ops::Range<u64>,
    pub families: std::ops::Range<u64>,
}

impl Work {
    /// Everything: the whole of both enumerations.
    pub fn all(inst: &Instance, prep: &Prepared, reduce: bool) -> Work {
        let cap = |v: u128| u64::try_from(v).unwrap_or(u64::MAX);
        Work {
            cells: 0..cap(prep.cell_total(inst)),
            families: 0..cap(prep.family_total(inst, reduce)),
        }
    }
}

/// Run every stage into `sink` (the header and trailer are the sink's): chambers, faces (with
/// families), cells, families.
pub fn certify_into(inst: &Instance, opts: &StreamOptions, sink: &mut dyn RecordSink) -> Result<StreamRun> {
    let prep = Prepared::new(inst, opts.families)?;
    let work = Work::all(inst, &prep, opts.reduce);
    certify_work(inst, &prep, &work, opts, sink)
}

/// Run every stage into `sink` for the pieces of `work` only (a shard; [`Work::all`] for a
/// whole certificate): chambers and faces (always whole), then the cells and families of the
/// ranges, in canonical order.
pub fn certify_work(
    inst: &Instance,
    prep: &Prepared,
    work: &Work,
    opts: &StreamOptions,
    sink: &mut dyn RecordSink,
) -> Result<StreamRun> {
    let chambers = &prep.chambers;
    for (id, c) in chambers.iter().enumerate() {
        sink.push(Record::Chamber(ChamberLine {
            id: id as u64,
            signs: c.sign_string(),
            witness: c.witness.clone(),
        }))?;
    }
    sink.push(Record::Arrangement(ArrangementLine {
        count: prep.chamber_count,
    }))?;
    let faces = &prep.faces;
    let regions = &prep.regions;
    if opts.families {
        for (id, (f, regs)) in faces.iter().zip(regions).enumerate() {
            sink.push(Record::Face(face_line(id, f, regs)))?;
        }
        sink.push(Record::Faces(FacesLine {
            count: faces.len() as u64,
        }))?;
    }
    sink.flush()?;
    let mut run = StreamRun::default();

    // Cells: every multiset of K chambers (of the range), in canonical order.
    let start = std::time::Instant::now();
    let total = work.cells.end.saturating_sub(work.cells.start);
    let skip = sink.resume_point(Section::Cells).min(total);
    let bar = progress_bar("cells", u128::from(total), skip, opts.progress);
    let mut combos = Multisets::new(chambers.len(), inst.hidden);
    combos.skip_n(work.cells.start + skip);
    let mut left = total - skip;
    let data = crate::cells::design::SmallData::new(inst);
    // A chunk's records and their lines are made on the pool while the previous chunk's are
    // written (only the writing is serial).
    let make = |chunk: &[Vec<usize>]| -> (CellLines, [u64; 3]) {
        let mut results: Vec<CellResult> = chunk
            .par_iter()
            .map(|c| {
                let decider = crate::cells::Decider {
                    route: opts.route,
                    solution_set: opts.solution_set,
                };
                analyse_combination(inst, &data, chambers, c, decider)
            })
            .collect();
        if opts.least_squares {
            crate::cells::attach_pseudo_inverses(inst, chambers, &mut results);
        }
        let mut counts = [0u64; 3];
        for r in &results {
            counts[0] += r.engine_calls;
            counts[1] += r.reduced;
            counts[2] += r.fallbacks;
        }
        let records = results
            .par_iter()
            .map(|r| {
                let rec = Record::Cell(cell_line(r, opts.least_squares));
                let line = encode(&rec);
                (rec, line)
            })
            .collect();
        (records, counts)
    };
    let write = |sink: &mut dyn RecordSink, records: CellLines| -> Result<()> {
        let n = records.len() as u64;
        for (rec, line) in records {
            let line = line.map_err(|e| Error::Output(format!("cannot encode a cell record: {e}")))?;
            sink.push_encoded(rec, line)?;
        }
        sink.flush()?;
        bar.inc(n);
        Ok(())
    };
    let mut pending = None;
    loop {
        let chunk = combos.take_chunk(CHUNK.min(usize::try_from(left).unwrap_or(CHUNK)));
        left -= chunk.len() as u64;
        if chunk.is_empty() {
            if let Some(records) = pending.take() {
                write(sink, records)?;
            }
            break;
        }
        // The chunk is decided on the pool (from a thread of its own) while this thread
        // writes the previous one.
        let (made, written) = std::thread::scope(|s| {
            let decided = s.spawn(|| make(&chunk));
            let written = pending.take().map_or(Ok(()), |records| write(sink, records));
            (decided.join(), written)
        });
        written?;
        let (records, counts) = made.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        run.engine_calls += counts[0];
        run.reduced_systems += counts[1];
        run.fallbacks += counts[2];
        pending = Some(records);
    }
    bar.finish_and_clear();
    run.cells_seconds = start.elapsed().as_secs_f64();

    // Families: every multiset of K items 3·face + mode, or the cores (of the range), in
    // canonical order.
    if opts.families {
        let start = std::time::Instant::now();
        let inert = prep.inert_items(inst);
        let combos = prep.family_combos(inst, opts.reduce);
        let total = work.families.end.saturating_sub(work.families.start);
        let mut skip = sink.resume_point(Section::Families);
        if opts.reduce {
            // The reduction record opens the families stream of every certificate and every
            // shard (it is the first record kept).
            if skip == 0 {
                sink.push(Record::Reduction(super::build::reduction_record(
                    faces,
                    &inert,
                    inst.hidden,
                )))?;
            } else {
                skip -= 1;
            }
        }
        let skip = skip.min(total);
        let bar = progress_bar("families", u128::from(total), skip, opts.progress);
        let mut iter = combos.iter_from(u128::from(work.families.start + skip));
        let mut left = total - skip;
        while left > 0 {
            let chunk = iter.take_chunk(CHUNK.min(usize::try_from(left).unwrap_or(CHUNK)));
            if chunk.is_empty() {
                break;
            }
            left -= chunk.len() as u64;
            let results: Vec<FamilyResult> = chunk
                .par_iter()
                .map(|items| decide_family(inst, faces, regions, items, opts.route))
                .collect();
            for r in &results {
                run.fallbacks += u64::from(r.fell_back);
                run.families_decided += 1;
                sink.push(family_record(r, inst.output_bias))?;
            }
            sink.flush()?;
            bar.inc(chunk.len() as u64);
        }
        bar.finish_and_clear();
        run.families_seconds = start.elapsed().as_secs_f64();
    }
    Ok(run)
}

fn progress_bar(stage: &str, total: u128, done: u64, progress: bool) -> ProgressBar {
    let bar = ProgressBar::new(u64::try_from(total).unwrap_or(u64::MAX));
    if progress && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template(&format!(
            "{stage} {{bar:40}} {{pos}}/{{len}} [{{elapsed}}<{{eta}}]"
        )) {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar.set_position(done);
    bar
}

/// The multisets of `k` indices below `n` in lexicographic order, produced lazily.
pub struct Multisets {
    n: usize,
    cur: Option<Vec<usize>>,
}

impl Multisets {
    /// The first multiset (none when `n = 0 < k`).
    pub fn new(n: usize, k: usize) -> Self {
        let cur = if k == 0 || n > 0 { Some(vec![0; k]) } else { None };
        Multisets { n, cur }
    }

    /// Step to the next multiset.
    pub fn advance(&mut self) {
        let Some(cur) = self.cur.as_mut() else { return };
        match (0..cur.len()).rev().find(|&p| cur[p] + 1 < self.n) {
            Some(pos) => {
                let v = cur[pos] + 1;
                for slot in &mut cur[pos..] {
                    *slot = v;
                }
            }
            None => self.cur = None,
        }
    }

    /// Step `n` times.
    pub fn skip_n(&mut self, n: u64) {
        for _ in 0..n {
            self.advance();
        }
    }

    /// The current multiset, if any.
    pub fn current(&self) -> Option<&[usize]> {
        self.cur.as_deref()
    }

    /// The next `size` multisets (fewer at the end).
    pub fn take_chunk(&mut self, size: usize) -> Vec<Vec<usize>> {
        let mut out = Vec::with_capacity(size);
        while out.len() < size {
            let Some(cur) = self.cur.clone() else { break };
            out.push(cur);
            self.advance();
        }
        out
    }
}

/// A chunk's cell records, each with its line.
type CellLines = Vec<(Record, std::io::Result<EncodedLine>)>;

/// A face with its local regions (`t` over `Z'` ascending).
pub fn face_line(id: usize, f: &Face, regions: &[LocalRegion]) -> FaceLine {
    FaceLine {
        id: id as u64,
        signs: f.signs.to_string(),
        witness: f.witness.clone(),
        regions: regions
            .iter()
            .map(|r| RegionLine {
                t: r.zero_samples()
                    .into_iter()
                    .map(|(_, in_t)| if in_t { '+' } else { '-' })
                    .collect(),
                v: r.witness.clone(),
            })
            .collect(),
    }
}

fn sparse(m: &Motzkin) -> SparseMotzkin {
    SparseMotzkin::from_dense(&m.record())
}

/// The record of one cell combination.
pub fn cell_line(r: &CellResult, least_squares: bool) -> CellLine {
    let (witness, refutations) = match &r.genuineness {
        Genuineness::Genuine(w) => (
            Some(WitnessRecord {
                signs: sign_string(&w.s),
                z: w.z.clone(),
                w: w.w.clone(),
                c: w.c.clone(),
                r: w.r.clone(),
            }),
            None,
        ),
        Genuineness::NotGenuine(list) => (
            None,
            Some(
                list.iter()
                    .map(|(s, m)| CellRefutation {
                        s: sign_string(s),
                        m: SparseMotzkin::from_dense(&m.record()),
                    })
                    .collect(),
            ),
        ),
    };
    let ls = &r.least_squares;
    CellLine {
        c: r.chambers.iter().map(|&c| c as u64).collect(),
        rank: ls.rank,
        dim: ls.solution_dim,
        loss: ls.loss.clone(),
        genuine: r.is_genuine(),
        witness,
        refutations,
        least_squares: ls
            .pinv
            .as_ref()
            .filter(|_| least_squares)
            .map(|pinv| LeastSquaresRecord {
                pseudo_inverse: pinv.to_rows(),
                r0: ls.r0.clone(),
                null_space: ls.null_basis.clone(),
            }),
    }
}

/// The record of one face/mode combination.
pub fn family_record(r: &FamilyResult, output_bias: bool) -> Record {
    let f: Vec<u64> = r.face_ids.iter().map(|&i| i as u64).collect();
    match &r.outcome {
        FamilyOutcome::Exists {
            loss,
            point,
            multipliers,
            differentiable,
        } => Record::Family(FamilyLine {
            f,
            m: r.modes_text(),
            loss: loss.clone(),
            witness: PointRecord {
                z: point.z.clone(),
                w: point.w.clone(),
                c: output_bias.then(|| point.c.clone()),
            },
            nu: multipliers.clone(),
            differentiable: *differentiable,
        }),
        FamilyOutcome::Empty { refutation } => Record::FamilyRefutation(FamilyRefutationLine {
            f,
            m: r.modes_text(),
            motzkin: sparse(refutation),
        }),
    }
}
