//! Assembling a certificate: the cell stage (the arrangement's chambers sorted by sign string,
//! one record per cell combination in canonical order, the summary) and, on request, the
//! families stage (faces with their Zaslavsky count, `minima`, `family_refutations`, and the
//! summary's `global_min`, `spurious`, `verdict`).

use rayon::prelude::*;

use super::family_sections::FamilySections;
use super::{
    ArrangementRecord, CellRecord, Certificate, ChamberRecord, FORMAT, InstanceRecord, LeastSquaresRecord,
    MotzkinRecord, RefutationRecord, Summary, WitnessRecord,
};
use crate::arrangement::complete::Arrangement;
use crate::cells::genuine::sign_string;
use crate::cells::{self, CellResult, Chamber, Genuineness};
use crate::error::{Error, Result};
use crate::families::{self, FamiliesReport};
use crate::feasibility::Route;
use crate::instance::Instance;
use relucert_exact::{Q, Rat};
use relucert_format::reduction::{CORES, LevelRecord, ReductionRecord};

/// The outcome of certifying the cells of an instance.
#[derive(Clone, Debug)]
pub struct CellsRun {
    /// The certificate (no families). From [`super::streamed::StreamedCertificate::cells`],
    /// whose records are already in the file, its records have no `refutation`.
    pub certificate: Certificate,
    /// The chambers, sorted by sign string (indices used by `results`).
    pub chambers: Vec<Chamber>,
    /// Everything computed per combination, including `A⁺`, `R₀` and the null-space basis —
    /// except the Motzkin multipliers of refuted combinations, which are *moved* into the
    /// certificate's records (`certificate.cells[i].refutation`, same order) rather than kept
    /// twice: in `results` a refuted combination keeps its sign vectors, with empty multiplier
    /// lists. (They are nearly all of the memory of a run.)
    pub results: Vec<CellResult>,
    /// Float proposals that failed their exact check (cells stage).
    pub fallbacks: u64,
    /// The families stage, when it ran.
    pub families: Option<FamiliesReport>,
}

/// Compute the arrangement (proved complete by its counts), analyse every cell combination and
/// build the certificate.
///
/// `decider` is a [`Route`] (with the solution-set reduction) or a [`cells::Decider`].
pub fn certify_cells(
    inst: &Instance,
    decider: impl Into<cells::Decider>,
    progress: bool,
) -> Result<CellsRun> {
    let (chambers, count) = sorted_chambers(inst)?;
    Ok(certify_sorted_cells(
        inst,
        chambers,
        count,
        decider,
        progress,
        false,
        |_, _| (),
    ))
}

/// The cell stage of [`certify_cells`] on the chambers and count of [`sorted_chambers`]. Each
/// cell record, once built, is handed to `each(index, record)` on the thread that built it,
/// before it is stored, in no particular order (the streaming writer of relucert/1 renders it
/// there, and may take out what it wrote, see [`super::streamed`]). With `least_squares`,
/// every record carries `A⁺`, `R₀` and the null-space basis, as [`attach_least_squares`] would
/// add them.
pub fn certify_sorted_cells(
    inst: &Instance,
    chambers: Vec<Chamber>,
    count: u64,
    decider: impl Into<cells::Decider>,
    progress: bool,
    least_squares: bool,
    each: impl Fn(usize, &mut CellRecord) + Sync,
) -> CellsRun {
    let data = least_squares.then(|| cells::design::SmallData::new(inst));
    let pairs = cells::analyse_then(inst, &chambers, decider, progress, |i, mut r| {
        if let Some(data) = &data {
            cells::attach_pseudo_inverse(inst, data, &chambers, &mut r);
        }
        let mut record = record_moving(&chambers, &mut r);
        if least_squares {
            record.least_squares = Some(least_squares_record(&r));
        }
        each(i, &mut record);
        (r, record)
    });
    let (results, cells): (Vec<CellResult>, Vec<CellRecord>) = pairs.into_par_iter().unzip();
    let fallbacks = results.iter().map(|r| r.fallbacks).sum();
    CellsRun {
        certificate: certificate_of(inst, &chambers, count, cells),
        chambers,
        results,
        fallbacks,
        families: None,
    }
}

/// The chambers of the data arrangement, proved complete by their count and sorted by sign
/// string (the order of the certificate), with the Whitney/Zaslavsky count.
pub fn sorted_chambers(inst: &Instance) -> Result<(Vec<Chamber>, u64)> {
    let arrangement = Arrangement::compute(&inst.x, false)?;
    if !arrangement.is_complete() {
        return Err(Error::Refused(format!(
            "the chamber enumeration did not match its count: {}",
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
    Ok((chambers, arrangement.chamber_count))
}

/// The full certificate: cells and families. The size of the family search is computed first
/// and the call refused (`Error::Refused`, before any work) when it exceeds `limit`; `None`
/// forces the search.
pub fn certify(inst: &Instance, route: Route, limit: Option<u128>, progress: bool) -> Result<CellsRun> {
    let (faces, total) = families::size(inst);
    if let Some(limit) = limit
        && total > limit
    {
        return Err(Error::Refused(format!(
            "{total} face/mode combinations ({faces} faces, 3 modes, K = {}) exceed the limit {limit}; \
             use --force to enumerate them anyway, or --cells-only to skip the families",
            inst.hidden
        )));
    }
    let mut run = certify_cells(inst, route, progress)?;
    run.families = Some(attach_families(&mut run.certificate, inst, route, None)?);
    Ok(run)
}

/// Run the families stage (SPEC §4) and write its results into `cert`: `arrangement.faces`
/// and `face_count`, `minima`, `family_refutations` and the summary's `global_min`,
/// `spurious`, `verdict`. Refused above `limit` combinations (`None`: no limit).
pub fn attach_families(
    cert: &mut Certificate,
    inst: &Instance,
    route: Route,
    limit: Option<u128>,
) -> Result<FamiliesReport> {
    let report = families::enumerate(inst, route, limit)?;
    attach_report(cert, inst, &report)?;
    Ok(report)
}

/// Write a families report into `cert`: faces, `minima`, `family_refutations`, the summary's
/// `global_min`, `spurious`, `verdict`, the `levels` and, for a reduced search, the
/// `reduction` record.
pub fn attach_report(cert: &mut Certificate, inst: &Instance, report: &FamiliesReport) -> Result<()> {
    let sections = FamilySections::from_report(report, inst.n(), inst.output_bias)
        .ok_or_else(|| Error::Refused("no face/mode combination holds a local minimum".into()))?;
    set_faces(cert, &report.faces);
    cert.summary.global_min = Some(sections.global_min);
    cert.summary.spurious = Some(sections.spurious);
    cert.summary.verdict = Some(sections.verdict);
    cert.minima = Some(sections.minima);
    cert.family_refutations = Some(sections.refutations);
    // The levels are stated in reduced certificates (full ones keep their relucert/1 shape; the
    // checker recomputes the levels of both).
    cert.levels = report.reduced.then(|| {
        families::levels::levels(report, inst.hidden)
            .into_iter()
            .map(|l| LevelRecord {
                loss: l.loss,
                spurious: l.spurious,
                families: l.families,
                differentiable: l.differentiable,
                full_width: l.full_width,
            })
            .collect()
    });
    cert.reduction = report
        .reduced
        .then(|| reduction_record(&report.faces, &report.inert, inst.hidden));
    Ok(())
}

/// Record the faces (sorted) of the families stage in `cert.arrangement`: `faces` and
/// `face_count`.
pub fn set_faces(cert: &mut Certificate, faces: &[crate::arrangement::Face]) {
    cert.arrangement.faces = Some(
        faces
            .iter()
            .map(|f| ChamberRecord {
                signs: f.signs.to_string(),
                witness: f.witness.clone(),
            })
            .collect(),
    );
    cert.arrangement.face_count = Some(faces.len() as u64);
}

/// The `reduction` record of a reduced search over `faces` (sorted) with `inert[item]` and `k`
/// units: the inert items as `"<face signs>:<mode>"` and the sizes `[3F, C(M,2), …, C(M,K)]`.
pub fn reduction_record(faces: &[crate::arrangement::Face], inert: &[bool], k: usize) -> ReductionRecord {
    let live = inert.iter().filter(|i| !**i).count();
    ReductionRecord {
        rule: CORES.to_string(),
        inert: (0..inert.len())
            .filter(|&j| inert[j])
            .map(|j| format!("{}:{}", faces[j / 3].signs, families::Mode::ALL[j % 3].as_char()))
            .collect(),
        sizes: families::core::reduced_sizes(inert.len(), live, k)
            .into_iter()
            .map(|v| u64::try_from(v).unwrap_or(u64::MAX))
            .collect(),
    }
}

/// The instance as recorded in a certificate.
pub fn instance_record(inst: &Instance) -> InstanceRecord {
    InstanceRecord {
        x: inst.x.clone(),
        y: inst.y.clone(),
        hidden: inst.hidden,
        alpha: inst.alpha.clone(),
        bias: inst.bias,
        output_bias: inst.output_bias,
    }
}

/// Build the certificate from sorted chambers and the per-combination results (canonical order).
pub fn build(inst: &Instance, chambers: &[Chamber], count: u64, results: &[CellResult]) -> Certificate {
    let cells: Vec<CellRecord> = results.par_iter().map(|r| cell_record(chambers, r)).collect();
    certificate_of(inst, chambers, count, cells)
}

/// The certificate of the cell records `cells` (canonical order).
pub(crate) fn certificate_of(
    inst: &Instance,
    chambers: &[Chamber],
    count: u64,
    cells: Vec<CellRecord>,
) -> Certificate {
    let summary = summarise(chambers.len() as u64, &cells);
    Certificate {
        format: FORMAT.to_string(),
        instance: instance_record(inst),
        arrangement: ArrangementRecord {
            chambers: chambers
                .iter()
                .map(|c| ChamberRecord {
                    signs: c.sign_string(),
                    witness: c.witness.clone(),
                })
                .collect(),
            faces: None,
            count,
            face_count: None,
        },
        cells,
        minima: None,
        family_refutations: None,
        saddles: None,
        reduction: None,
        levels: None,
        summary,
        landscape: None,
    }
}

/// The record of `r`, moving the Motzkin multipliers of a refuted combination out of `r`
/// instead of copying them (see [`CellsRun::results`]); the record is that of [`build`].
fn record_moving(chambers: &[Chamber], r: &mut CellResult) -> CellRecord {
    let mut record = cell_record_shell(chambers, r);
    if let Genuineness::NotGenuine(list) = &mut r.genuineness {
        record.refutation = Some(refutation_records(
            list.iter_mut().map(|(s, m)| (s.as_slice(), m.take_record())),
        ));
    }
    record
}

/// The `refutation` list of a record from each sign vector with its Motzkin record.
fn refutation_records<'a>(list: impl Iterator<Item = (&'a [i8], MotzkinRecord)>) -> Vec<RefutationRecord> {
    list.map(|(s, motzkin)| RefutationRecord {
        s: sign_string(s),
        motzkin,
    })
    .collect()
}

/// The record of `r` without its refutation (`None`; the witness is filled in).
fn cell_record_shell(chambers: &[Chamber], r: &CellResult) -> CellRecord {
    let witness = match &r.genuineness {
        Genuineness::Genuine(w) => Some(WitnessRecord {
            signs: sign_string(&w.s),
            z: w.z.clone(),
            w: w.w.clone(),
            c: w.c.clone(),
            r: w.r.clone(),
        }),
        Genuineness::NotGenuine(_) => None,
    };
    CellRecord {
        chambers: r.chambers.iter().map(|&c| chambers[c].sign_string()).collect(),
        multiplicity: r.multiplicity,
        rank: r.least_squares.rank,
        solution_dim: r.least_squares.solution_dim,
        loss: r.least_squares.loss.clone(),
        genuine: r.is_genuine(),
        witness,
        refutation: None,
        least_squares: None,
    }
}

fn cell_record(chambers: &[Chamber], r: &CellResult) -> CellRecord {
    let mut record = cell_record_shell(chambers, r);
    if let Genuineness::NotGenuine(list) = &r.genuineness {
        record.refutation = Some(refutation_records(
            list.iter().map(|(s, m)| (s.as_slice(), m.record())),
        ));
    }
    record
}

/// Add `A⁺`, `R₀` and the null-space basis of every cell to `cert` (`certify --least-squares`);
/// `results` are in the order of `cert.cells`.
pub fn attach_least_squares(
    cert: &mut Certificate,
    inst: &Instance,
    chambers: &[Chamber],
    results: &mut [CellResult],
) {
    cells::attach_pseudo_inverses(inst, chambers, results);
    for (cell, r) in cert.cells.iter_mut().zip(results.iter()) {
        cell.least_squares = Some(least_squares_record(r));
    }
}

/// The `least_squares` record of a result whose `A⁺` is filled in.
fn least_squares_record(r: &CellResult) -> LeastSquaresRecord {
    let ls = &r.least_squares;
    let pinv = ls.pinv.as_ref().expect("attach_pseudo_inverse fills every A⁺");
    LeastSquaresRecord {
        pseudo_inverse: pinv.to_rows(),
        r0: ls.r0.clone(),
        null_space: ls.null_basis.clone(),
    }
}

/// The summary of a list of cell records.
/// The distinct losses of `cells` (of the genuine ones only, with `genuine_only`), increasing:
/// the summary's `losses` and `genuine_losses`. Sorted as [`Rat`] on the thread pool (exact
/// values, machine-word comparisons).
fn distinct_losses(cells: &[CellRecord], genuine_only: bool) -> Vec<Q> {
    let mut v: Vec<Rat> = cells
        .par_iter()
        .filter(|c| c.genuine || !genuine_only)
        .map(|c| Rat::from_q(&c.loss))
        .collect();
    v.par_sort_unstable();
    v.dedup();
    v.iter().map(Rat::to_q).collect()
}

pub fn summarise(chambers: u64, cells: &[CellRecord]) -> Summary {
    let (losses, genuine_losses) = (distinct_losses(cells, false), distinct_losses(cells, true));
    Summary {
        chambers,
        cells: cells.len() as u64,
        cells_ordered: cells.iter().map(|c| c.multiplicity).sum(),
        genuine: cells.iter().filter(|c| c.genuine).count() as u64,
        best_genuine_loss: genuine_losses.first().cloned(),
        losses: losses.into_iter().collect(),
        genuine_losses: genuine_losses.into_iter().collect(),
        global_min: None,
        spurious: None,
        verdict: None,
    }
}
