//! `relucert search CLAIM --seed S [--budget N | --time T] [ranges] [--json] -o DIR`: look for a
//! counterexample to a registered claim among small random instances drawn from the seed,
//! certified in memory; shrink the first one found and write it to `DIR` (SPEC §7).

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::error::{Error, Result};
use relucert_exact::{Q, parse_q};
use relucert_solver::claims;
use relucert_solver::search::{self, Config, Counts, Ranges, output};

/// Arguments of `relucert search`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The claim's id (see `relucert claims`).
    pub claim: String,
    /// The seed of the random instances (same seed and flags: byte-identical outputs).
    #[arg(long)]
    pub seed: u64,
    /// How many instances to draw.
    #[arg(long, default_value_t = search::DEFAULT_BUDGET, conflicts_with = "time")]
    pub budget: u64,
    /// Stop after this many seconds instead (outputs then depend on the machine's speed).
    #[arg(long, value_name = "SECONDS")]
    pub time: Option<f64>,
    /// The largest number of samples N.
    #[arg(long, default_value_t = 4)]
    pub max_samples: usize,
    /// The largest number of hidden units K.
    #[arg(long, default_value_t = 2)]
    pub max_hidden: usize,
    /// The largest dimension d (before the bias coordinate).
    #[arg(long, default_value_t = 2)]
    pub dim: usize,
    /// Append a constant 1 to every sample (hidden biases).
    #[arg(long)]
    pub bias: bool,
    /// The leaky slope, exact (e.g. 0, 1/4).
    #[arg(long, default_value = "0")]
    pub alpha: String,
    /// Give the network an output bias.
    #[arg(long)]
    pub output_bias: bool,
    /// The largest family search certified per instance (larger ones count as refused).
    #[arg(long, default_value_t = search::DEFAULT_FAMILY_LIMIT)]
    pub family_limit: u128,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// Where to write the shrunk counterexample.
    #[arg(short = 'o', long = "output", value_name = "DIR")]
    pub output: PathBuf,
    /// Evaluate only the `i`-th of `n` equal parts of the `--budget` draws (draws
    /// `⌊(i−1)·B/n⌋ .. ⌊i·B/n⌋` of the seed's sequence); see docs/cluster.md.
    #[arg(long, value_name = "i/n", conflicts_with = "time")]
    pub shard: Option<crate::shard::ShardId>,
}

fn counts_text(c: &Counts) -> String {
    format!(
        "tried {}, certified {}, refused {}, outside the premise {}",
        c.tried, c.certified, c.refused, c.not_applicable
    )
}

/// Run `relucert search`.
pub fn run(args: Args) -> Result<i32> {
    let claim = claims::find(&args.claim).ok_or_else(|| {
        Error::Input(format!(
            "CLAIM: expected one of {}, found \"{}\"",
            claims::all().iter().map(|c| c.id).collect::<Vec<_>>().join(", "),
            args.claim
        ))
    })?;
    let alpha: Q = parse_q(&args.alpha).map_err(|e| Error::Input(format!("--alpha: {e}")))?;
    relucert_solver::instance::NetworkSettings::check_alpha(&alpha)
        .map_err(|m| Error::Input(format!("--alpha: {m}, found {}", args.alpha)))?;
    for (flag, v, max) in [
        ("--max-samples", args.max_samples, 8),
        ("--max-hidden", args.max_hidden, 4),
        ("--dim", args.dim, 4),
    ] {
        if v == 0 || v > max {
            return Err(Error::Input(format!(
                "{flag}: expected an integer in 1..={max} (searched instances stay small), found {v}"
            )));
        }
    }
    let time = match args.time {
        Some(t) if !(t.is_finite() && t > 0.0) => {
            return Err(Error::Input(format!(
                "--time: expected a positive number of seconds, found {t}"
            )));
        }
        Some(t) => Some(Duration::from_secs_f64(t)),
        None => None,
    };
    if args.output.is_file() {
        return Err(Error::Output(format!(
            "{}: expected a directory for the counterexample, found a file",
            args.output.display()
        )));
    }
    // A shard: its part of the draws (equal parts: every draw costs about the same).
    let (first, budget) = match args.shard {
        Some(id) => {
            let part = |i: u64| (u128::from(args.budget) * u128::from(i) / u128::from(id.count)) as u64;
            let (lo, hi) = (part(id.index - 1), part(id.index));
            eprintln!(
                "search shard {id}: draws {lo}..{hi} of {} (seed {})",
                args.budget, args.seed
            );
            (lo, hi - lo)
        }
        None => (0, args.budget),
    };
    let config = Config {
        seed: args.seed,
        budget: if time.is_some() { u64::MAX } else { budget },
        time,
        ranges: Ranges {
            max_samples: args.max_samples,
            max_hidden: args.max_hidden,
            dim: args.dim,
            bias: args.bias,
            alpha,
            output_bias: args.output_bias,
        },
        family_limit: args.family_limit,
    };
    let start = Instant::now();
    let mut stderr = std::io::stderr();
    let report = search::run_from(&claim, &config, first, |c| {
        if c.tried % 100 == 0 {
            let _ = writeln!(stderr, "search {}: {}", claim.id, counts_text(c));
        }
    });
    let c = &report.counts;
    eprintln!(
        "search {}: {} ({:.1} s)",
        claim.id,
        counts_text(c),
        start.elapsed().as_secs_f64()
    );
    match &report.counterexample {
        Some(cx) => {
            let written = output::write(&args.output, &claim, cx, args.seed)?;
            if args.json {
                let value = json!({
                    "claim": claim.id,
                    "outcome": "refuted",
                    "tried": c.tried,
                    "certified": c.certified,
                    "refused": c.refused,
                    "outside_premise": c.not_applicable,
                    "instance": written.instance.display().to_string(),
                    "certificate": written.certificate.display().to_string(),
                    "witness": written.witness.as_ref().map(|p| p.display().to_string()),
                    "explanation": written.explanation.display().to_string(),
                    "shrink_steps": cx.steps,
                    "summary": cx.refutation.summary,
                });
                println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
            } else {
                println!("claim {}: refuted ({})", claim.id, counts_text(c));
                println!("found: {}", cx.found.summary());
                println!("shrunk in {} steps to: {}", cx.steps, cx.draw.summary());
                println!("why: {}", cx.refutation.summary);
                for line in &cx.refutation.details {
                    println!("  {line}");
                }
                println!("written: {}", written.instance.display());
                println!("         {}", written.certificate.display());
                if let Some(w) = &written.witness {
                    println!("         {}", w.display());
                }
                if let Some(s) = &written.smaller {
                    println!("         {}", s.display());
                }
                println!("         {}", written.explanation.display());
            }
        }
        None => {
            if args.json {
                let value = json!({
                    "claim": claim.id,
                    "outcome": "held",
                    "tried": c.tried,
                    "certified": c.certified,
                    "refused": c.refused,
                    "outside_premise": c.not_applicable,
                    "instance": null,
                    "certificate": null,
                });
                println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
            } else {
                println!(
                    "claim {}: held on all {} certified instances ({}); no counterexample",
                    claim.id,
                    c.certified,
                    counts_text(c)
                );
            }
        }
    }
    Ok(0)
}
