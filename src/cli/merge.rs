//! `relucert merge SHARD... -o CERT`: put the shards of `certify --shard i/n` together into the
//! certificate a single run writes (byte for byte); the global minimum and the verdict are
//! computed here. Errors name the missing, duplicated, foreign or corrupted shard (exit 2) and
//! leave no output file. See [`crate::shard::merge`] and docs/cluster.md.

use std::path::PathBuf;
use std::time::Instant;

use crate::error::Result;
use relucert_exact::format_q;

/// Arguments of `relucert merge`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The shard files (any order; each of 1/n … n/n exactly once).
    #[arg(required = true, value_name = "SHARD")]
    pub shards: Vec<PathBuf>,
    /// The merged certificate (relucert/2; gzip when the name ends in `.gz`).
    #[arg(short = 'o', long = "output", value_name = "CERT")]
    pub output: PathBuf,
}

/// Run `relucert merge`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let start = Instant::now();
    let trailer = crate::shard::merge::merge(&args.shards, &args.output)?;
    let count = |kind: &str| trailer.counts.get(kind).copied().unwrap_or(0);
    let s = &trailer.summary;
    println!(
        "merged {} shards: {} chambers, {} cell combinations ({} genuine), {} families of local minima, \
         {} face/mode combinations refuted",
        args.shards.len(),
        s.chambers,
        s.cells,
        s.genuine,
        count("family"),
        count("family_refutation")
    );
    match (&s.global_min, &s.verdict) {
        (Some(g), Some(v)) => {
            println!(
                "global minimum: {} (≈ {})",
                format_q(g),
                crate::cli::answer::decimal(g)
            );
            println!(
                "verdict: {}",
                if v == "no-spurious-minima" {
                    "no spurious local minima".to_string()
                } else {
                    format!(
                        "spurious local minima ({} spurious families)",
                        s.spurious.unwrap_or(0)
                    )
                }
            );
        }
        _ => println!("no verdict: the shards cover the cells only (--cells-only)"),
    }
    println!(
        "certificate written to {} (relucert/2, {:.2} s); verify it with `relucert check`",
        args.output.display(),
        start.elapsed().as_secs_f64()
    );
    Ok(0)
}
