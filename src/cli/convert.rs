//! `relucert convert IN -o OUT`: rewrite a minima certificate in the other format, record for
//! record — `relucert/1` (one JSON document, for names ending in `.json`) or the `relucert/2`
//! stream (names ending in `.jsonl`, gzip for `.gz`). The claims are carried over, not
//! re-derived; run `relucert check OUT` to verify them.

use std::path::PathBuf;

use crate::certificate::convert::{is_stream_name, read_any, write_as};
use crate::error::Result;

/// Arguments of `relucert convert`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The certificate to read (`relucert/1`, or `relucert/2` plain or gzip).
    pub input: PathBuf,
    /// Where to write: `.json` for relucert/1, `.jsonl` or `.jsonl.gz` for relucert/2.
    #[arg(short, long)]
    pub output: PathBuf,
}

/// Run `relucert convert`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    crate::atomic_file::check_writable(&args.output)?;
    let cert = read_any(&args.input)?;
    write_as(&cert, &args.output)?;
    let format = if is_stream_name(&args.output) {
        "relucert/2"
    } else {
        "relucert/1"
    };
    println!(
        "wrote {} ({format}): {} chambers, {} cell combinations{}",
        args.output.display(),
        cert.summary.chambers,
        cert.summary.cells,
        match (&cert.minima, &cert.family_refutations) {
            (Some(m), Some(r)) => format!(
                ", {} families of minima, {} refuted combinations",
                m.len(),
                r.len()
            ),
            _ => String::new(),
        }
    );
    Ok(0)
}
