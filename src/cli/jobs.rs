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

/// Leave `value` to the end of the process instead of freeing it: for the last use of a large
/// result in a command that ends the process (`certify`, `check`; see `main`). A certificate's
/// records hold about a million heap values; freed one by one they are a serial stretch at the
/// end of the run (≈ 1.5–4 ms on `bench/b1.toml` K = 2, 1–3 % of a two-thread run), while the
/// kernel takes back the process's memory whole when it exits. clang's `-disable-free` does the
/// same. Never for a value of a library function that returns to a caller that goes on.
pub fn leave_to_exit<T>(value: T) {
    std::mem::forget(value);
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
