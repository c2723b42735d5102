//! Checking a `relucert/1` certificate from its text, the cell records checked as they are
//! read.
//!
//! The cell records are almost all of a certificate, and most of a record is its refutation
//! (Motzkin multipliers), which only the cell rules read. [`check_text`] reads everything but
//! the cells first, runs the rules before the cells on it, then parses the `cells` array run
//! by run in parallel and checks each record as its run is read, dropping the refutation (and
//! least-squares data, if any) once verified. So a run's memory is used while it is warm and reused for the next run, instead
//! of the whole array being held (4× the text for a cells-only certificate) before any rule
//! runs.
//!
//! The outcome is that of [`crate::check`] on the certificate of the serial parse, including
//! which rule is reported where several fail; the argument is in `proofs/checker-rules.md`,
//! "Cells checked as read".

use rayon::prelude::*;
use relucert_format::Certificate;
use relucert_format::parallel_read;

use crate::{Rejection, Report, arrangement, cells, check_head, check_tail};

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
/// rule before the cells failed). A rejection is reported only once the whole text has parsed, as when the text is
/// parsed first.
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
        || cells::check_runs(text, &runs, &shell),
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
