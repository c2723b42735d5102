//! Rule `summary`: every total of the cell stage in the summary is what the (already verified)
//! cell records say. The families' fields (`global_min`, `spurious`, `verdict`) are checked by
//! the family rules (`checker::family`: `global-min`, `verdict`).

use rayon::prelude::*;

use super::Rejection;
use relucert_exact::{Q, Rat, format_q};
use relucert_format::{CellRecord, Certificate};

/// The distinct losses of `cells` (of the genuine ones only, with `genuine_only`), increasing,
/// recomputed here (not the solver's code): exact `Rat` values sorted on the thread pool.
fn distinct_losses(cells: &[CellRecord], genuine_only: bool) -> Vec<Q> {
    let mut values: Vec<Rat> = cells
        .par_iter()
        .filter_map(|c| (c.genuine || !genuine_only).then(|| Rat::from_q(&c.loss)))
        .collect();
    values.par_sort_unstable();
    values.dedup();
    values.iter().map(Rat::to_q).collect()
}

/// Recompute the totals and losses from the cell records and compare.
pub fn check(cert: &Certificate) -> Result<(), Rejection> {
    let s = &cert.summary;
    let bad =
        |field: &str, detail: String| Err(Rejection::new("summary", format!("summary.{field}"), detail));
    let chambers = cert.arrangement.chambers.len() as u64;
    if s.chambers != chambers {
        return bad("chambers", format!("expected {chambers}, found {}", s.chambers));
    }
    let cells = cert.cells.len() as u64;
    if s.cells != cells {
        return bad("cells", format!("expected {cells}, found {}", s.cells));
    }
    // Checked: the multiplicities are verified, but their sum (chambers^K) may not fit.
    let Some(ordered) = cert
        .cells
        .iter()
        .try_fold(0u64, |acc, c| acc.checked_add(c.multiplicity))
    else {
        return bad(
            "cells_ordered",
            "the sum of the multiplicities does not fit in 64 bits".into(),
        );
    };
    if s.cells_ordered != ordered {
        return bad(
            "cells_ordered",
            format!("expected {ordered}, found {}", s.cells_ordered),
        );
    }
    let genuine = cert.cells.iter().filter(|c| c.genuine).count() as u64;
    if s.genuine != genuine {
        return bad("genuine", format!("expected {genuine}, found {}", s.genuine));
    }
    let losses = distinct_losses(&cert.cells, false);
    if s.losses != losses {
        return bad(
            "losses",
            "expected the distinct cell losses in increasing order".into(),
        );
    }
    let genuine_losses = distinct_losses(&cert.cells, true);
    if s.genuine_losses != genuine_losses {
        return bad(
            "genuine_losses",
            "expected the distinct genuine losses in increasing order".into(),
        );
    }
    if s.best_genuine_loss.as_ref() != genuine_losses.first() {
        let want = genuine_losses.first().map_or("none".to_string(), format_q);
        return bad("best_genuine_loss", format!("expected {want}"));
    }
    if cert.minima.is_none() && (s.global_min.is_some() || s.spurious.is_some() || s.verdict.is_some()) {
        return bad(
            "global_min",
            "global_min, spurious and verdict need the families (minima)".into(),
        );
    }
    Ok(())
}
