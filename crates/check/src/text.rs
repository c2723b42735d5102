//! Checking a `relucert/1` certificate from its text, the cell records checked as they are
//! read.
//!
//! The cell records are almost all of a certificate, and most of a record is its refutation
//! (Motzkin multipliers), which only the cell rules read. [`check_text`] reads everything but
//! the cells first, runs the rules before the cells on it, then parses the `cells` array run
//! by run in parallel and checks each record as its run is read, dropping the refutation (and
//! least-squares data, if any) once verified. So a run's memory is used while it is warm and
//! reused for the next run, instead of the whole array being held (4× the text for a
//! cells-only certificate) before any rule runs.
//!
//! The outcome is that of [`crate::check`] on the certificate of the serial parse, including
//! which rule is reported where several fail; the argument is in `proofs/checker-rules.md`,
//! "Cells checked as read".

use rayon::prelude::*;
use relucert_format::parallel_read;
use relucert_format::{CellRecord, Certificate};

use crate::cells::{self, Tally};
use crate::{Rejection, Report, arrangement, check_head, check_tail};

/// The certificate read from a text, and the outcome of its rules.
pub type Checked = (Certificate, Result<Report, Rejection>);

/// Runs per thread: more than the parse alone uses, so a run's records (and their
/// refutations) are a small working set.
const RUNS_PER_THREAD: usize = 64;

/// Check the certificate in `text`; `None` when the text is not laid out for reading in runs
/// or does not parse (the caller then parses it serially, which gives the error with its line
/// and column, or the certificate to [`crate::check`]).
///
/// On `Some`, the certificate is that of the serial parse except that the records verified by
/// the cell rules have no `refutation` and no `least_squares` (every record has them when a
/// rule before the cells failed). A rejection is reported only once the whole text has parsed,
/// as when the text is parsed first.
pub fn check_text(text: &str) -> Option<Checked> {
    check_text_in_runs(text, rayon::current_num_threads() * RUNS_PER_THREAD)
}

/// [`check_text`] with the `cells` array cut into at most `runs` runs (for tests: the outcome
/// does not depend on the cut).
pub fn check_text_in_runs(text: &str, runs: usize) -> Option<Checked> {
    let parallel_read::Split { mut shell, runs } = parallel_read::split(text, runs)?;
    if let Err(rejection) = check_head(&shell) {
        let read: Vec<Vec<_>> = runs
            .par_iter()
            .map(|r| parallel_read::parse_run(text, r.clone()))
            .collect::<Option<_>>()?;
        shell.cells = read.into_iter().flatten().collect();
        return Some((shell, Err(rejection)));
    }
    let (chambers, read) = rayon::join(
        || arrangement::check_count(&shell),
        || check_runs(text, &runs, &shell),
    );
    let (records, cell_outcome) = read?;
    shell.cells = records;
    let outcome = chambers
        .and_then(|chambers| {
            cells::check_enumeration(&shell)?;
            Ok((chambers, cell_outcome.verdict(&shell)?))
        })
        .and_then(|(chambers, tally)| check_tail(&shell, chambers, tally));
    Some((shell, outcome))
}

/// One run's records, tally, and first failure (its index in the run).
type RunRead = (Vec<CellRecord>, Tally, Option<(usize, Rejection)>);

/// What the cell rules found on the records of [`check_runs`].
struct RunOutcome {
    tally: Tally,
    /// The first record, in cell order, that failed a cell rule (the rejection as given with
    /// its run-local index).
    failure: Option<(usize, Rejection)>,
}

impl RunOutcome {
    /// The cell rules' outcome once the records are in `cert.cells`: the first failure in cell
    /// order, named at its index in the certificate (the rules are a function of the instance
    /// and the record; the index only names the place), else the tally.
    fn verdict(self, cert: &Certificate) -> Result<Tally, Rejection> {
        match self.failure {
            None => Ok(self.tally),
            Some((j, local)) => {
                let small = crate::design::SmallInstance::new(&cert.instance);
                Err(cells::check_cell(cert, &small, j, &cert.cells[j])
                    .err()
                    .unwrap_or(local))
            }
        }
    }
}

/// Parse the runs of the `cells` array (in parallel, with
/// [`parallel_read::parse_run`]) and check each record as soon as its run is
/// read, dropping its refutation and least-squares data (read by the cell rules only) once
/// verified: every record in order (those not verified —
/// failed or not checked — as read) and what the rules found; `None` when a run does not parse.
///
/// A record that names a chamber not listed in `shell`, or not `K` chambers, is not checked:
/// the rule `cell-enumeration`, which runs on all the records after this and is reported before
/// any cell rule, rejects it (such a record is not any expected multiset). Once a run has
/// failed, later runs are parsed but no longer checked (the first failure in cell order is
/// in the earliest failed run). See `proofs/checker-rules.md`, "Cells checked as read".
fn check_runs(
    text: &str,
    runs: &[std::ops::Range<usize>],
    shell: &Certificate,
) -> Option<(Vec<CellRecord>, RunOutcome)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let small = crate::design::SmallInstance::new(&shell.instance);
    let k = shell.instance.hidden;
    let listed: std::collections::HashSet<&str> = shell
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.as_str())
        .collect();
    let failed = AtomicUsize::new(usize::MAX);
    let read: Vec<RunRead> = runs
        .par_iter()
        .enumerate()
        .map(|(r, run)| {
            let mut records = parallel_read::parse_run(text, run.clone())?;
            let mut tally = Tally::default();
            let mut failure = None;
            if failed.load(Ordering::Relaxed) < r {
                return Some((records, tally, failure));
            }
            // The records of a run in parallel too: a certificate not laid out as relucert
            // writes it is one run.
            let outcomes: Vec<Option<Result<Tally, Rejection>>> = records
                .par_iter_mut()
                .with_max_len(8)
                .enumerate()
                .map(|(i, record)| {
                    if record.chambers.len() != k
                        || record.chambers.iter().any(|c| !listed.contains(c.as_str()))
                    {
                        return None;
                    }
                    let outcome = cells::check_cell(shell, &small, i, record);
                    if outcome.is_ok() {
                        record.refutation = None;
                        record.least_squares = None;
                    }
                    Some(outcome)
                })
                .collect();
            for (i, outcome) in outcomes.into_iter().enumerate() {
                match outcome {
                    Some(Ok(t)) => {
                        tally.genuine += t.genuine;
                        tally.refutations += t.refutations;
                    }
                    Some(Err(rejection)) => {
                        failure = Some((i, rejection));
                        failed.fetch_min(r, Ordering::Relaxed);
                        break;
                    }
                    None => {}
                }
            }
            Some((records, tally, failure))
        })
        .collect::<Option<_>>()?;
    let mut all = Vec::with_capacity(read.iter().map(|(r, _, _)| r.len()).sum());
    let mut out = RunOutcome {
        tally: Tally::default(),
        failure: None,
    };
    for (records, tally, failure) in read {
        if out.failure.is_none() {
            out.failure = failure.map(|(i, rejection)| (all.len() + i, rejection));
        }
        out.tally.genuine += tally.genuine;
        out.tally.refutations += tally.refutations;
        all.extend(records);
    }
    Some((all, out))
}
