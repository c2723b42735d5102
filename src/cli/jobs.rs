//! `--jobs N` (on `certify` and `check`): how many threads the per-cell work uses. The default
//! is every core. The work is a parallel map over the cells in canonical order (rayon's work
//! stealing balances it), and the results are collected in that order, so the output does not
//! depend on the number of threads.

use std::num::NonZeroUsize;

use crate::error::{Error, Result};

/// The thread-count option.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct Jobs {
    /// Threads for the per-cell work (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
}

impl Jobs {
    /// Size the global thread pool (once per process; later calls keep the first size).
    pub fn apply(&self) -> Result<()> {
        let Some(n) = self.jobs else {
            return Ok(());
        };
        match rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build_global()
        {
            Ok(()) => Ok(()),
            Err(_) if rayon::current_num_threads() == n.get() => Ok(()),
            Err(e) => Err(Error::Input(format!("--jobs {n}: cannot start the threads: {e}"))),
        }
    }
}

/// Free `items` on the thread pool. A certificate's records hold about a million heap values;
/// freed one by one when a run ends, they are the last serial stretch of `certify` and `check`.
pub fn drop_in_parallel<T: Send>(items: Vec<T>) {
    use rayon::prelude::*;
    items.into_par_iter().for_each(drop);
}

/// The share of exact operations that needed big integers, as printed after a run.
pub fn arithmetic_line() -> String {
    let (ops, big) = relucert_exact::small::counts();
    format!(
        "exact arithmetic: {ops} operations on the fast scalar, {big} of them on big integers ({:.4}%)",
        if ops == 0 {
            0.0
        } else {
            100.0 * big as f64 / ops as f64
        }
    )
}
