//! `relucert certify INSTANCE [-o FILE] [--exact-only] [--cells-only] [--force]`: enumerate the
//! cell combinations and decide genuineness exactly (SPEC §3); unless `--cells-only`, decide
//! every face/mode family of local minima (SPEC §4) and state the global minimum and the
//! spurious-minima verdict; write the certificate and print a summary.

use std::path::PathBuf;
use std::time::Instant;

use crate::certificate::build::{attach_report, sorted_chambers};
use crate::certificate::streamed::StreamedCertificate;
use crate::cli::answer::{self, NO_VERDICT};
use crate::cli::input::InstanceArgs;
use crate::error::{Error, Result};
use crate::families;
use crate::feasibility::Route;
use relucert_exact::format_q;

/// Arguments of `relucert certify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InstanceArgs,
    /// Where to write the certificate (default: `<instance stem>.cert.jsonl` in the current
    /// directory).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Decide everything with exact arithmetic only (no float LP proposer).
    #[arg(long)]
    pub exact_only: bool,
    /// Certify the cell combinations only (skip the families of boundary minima).
    #[arg(long)]
    pub cells_only: bool,
    /// Go on even when the search is large: decide the families when their estimated time
    /// exceeds --budget (without --force the run is refused before any cell is certified, no
    /// certificate is written and the exit code is 3), and the cells above `CELL_LIMIT`.
    #[arg(long)]
    pub force: bool,
    /// Also report, for every cell, the exact pseudo-inverse `A⁺`, `R₀ = A⁺y` and a null-space
    /// basis of `A` in the certificate (the checker verifies the Penrose equations).
    #[arg(long)]
    pub least_squares: bool,
    /// Also decide, for every cell combination, whether it has a differentiable saddle point
    /// (Liu Thm 2), with a witness and a descent direction or a refutation per set of units.
    #[arg(long)]
    pub saddles: bool,
    /// Decide every multiset of K (face, mode) items instead of the cores
    /// (`proofs/family-reductions.md`); the answer is the same, the search much larger.
    #[arg(long)]
    pub no_reduce: bool,
    /// Hand every cell system to the feasibility engine in full instead of deciding it on the
    /// least-squares solution set (`proofs/solution-set-reduction.md`); the answer is the same,
    /// the witnesses and multipliers of cells with a non-unique solution may differ.
    #[arg(long)]
    pub no_cell_reduction: bool,
    /// Refuse the run (no verdict, exit 3) when the estimated time of the cell stage or of the
    /// families exceeds this many seconds; the estimates are made before any work and printed.
    /// --force ignores it.
    #[arg(long, value_name = "SECONDS", default_value_t = crate::cli::cost::DEFAULT_BUDGET_SECONDS)]
    pub budget: f64,
    /// Print the answer as one JSON object on stdout (the human text goes to stderr).
    #[arg(long)]
    pub json: bool,
    /// Also show every loss in the decomposition paper's normalisation ½Σe² = (N/2)·L.
    #[arg(long)]
    pub half_sum: bool,
    /// Also write the `landscape` section: per cell the Hessian's rank in `R`, per family its
    /// dimension in `(R, c)` and in `(z, w, c)`, whether `R` is unique, and dead/alive units.
    #[arg(long)]
    pub landscape: bool,
    /// Certificate format: 2 (`relucert/2`, JSON Lines, streamed; gzip when the file name
    /// ends in `.gz`) or 1 (`relucert/1`, one JSON document). Default: 2 for a file name ending
    /// in `.jsonl` or `.gz` (and the default output name), 1 otherwise (`.json`, `-`, devices).
    #[arg(long, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub format: Option<u8>,
    /// Continue an interrupted run from the records already in `<FILE>.partial` (format 2).
    #[arg(long)]
    pub resume: bool,
    /// Decide only the `i`-th of `n` deterministic, cost-balanced parts of the work and write a
    /// shard certificate (default name `<stem>.shard-i-of-n.jsonl`); `relucert merge` puts the
    /// shards together (docs/cluster.md). The families range of a shard is a range of the cores
    /// (or, with --no-reduce, of every face/mode multiset).
    #[arg(long, value_name = "i/n")]
    pub shard: Option<crate::shard::ShardId>,
    #[command(flatten)]
    pub jobs: crate::cli::jobs::Jobs,
}

/// Run `relucert certify`; returns the exit code (0 with a verdict or `--cells-only`,
/// [`NO_VERDICT`] when the families were refused by the budget).
pub fn run(args: Args) -> Result<i32> {
    args.jobs.apply()?;
    let inst = args.input.load()?;
    let route = if args.exact_only {
        Route::ExactOnly
    } else {
        Route::FloatFirst
    };
    let output = args.output.clone().unwrap_or_else(|| match args.shard {
        Some(id) => shard_output(&args.input, id),
        None => default_output(&args.input),
    });
    args.input.prepare_output(&output)?;
    let format = super::certify_stream::format_of(&output, args.format, args.resume)?;
    if !(args.budget >= 0.0) {
        return Err(Error::Input(format!(
            "--budget: expected a non-negative number of seconds, found {}",
            args.budget
        )));
    }
    // A cell stage over the budget (or over the limits) is refused before any work: no
    // certificate, no verdict, exit 3. A shard is never refused by the budget (every shard of
    // a split must run the same stages; docs/cluster.md).
    check_hidden(&inst).map_err(|e| name_the_input(e, &args.input))?;
    match check_cell_budget(&inst, args.force || args.shard.is_some(), args.budget) {
        Ok(()) => {}
        Err(Error::Refused(why)) => {
            let why = match name_the_input(Error::Refused(why), &args.input) {
                Error::Refused(m) => m,
                e => e.to_string(),
            };
            eprintln!("no verdict: refused: {why}");
            if args.json {
                println!(
                    "{}",
                    serde_json::json!({"verdict": null, "refused": why, "certificate": null, "search": null})
                );
            }
            return Ok(NO_VERDICT);
        }
        Err(e) => return Err(e),
    }
    if let Some(id) = args.shard {
        if format != 2 {
            return Err(Error::Input(format!(
                "--shard: shards are relucert/2 streams; expected an output name ending in .jsonl or \
                 .jsonl.gz (or --format 2), found {}",
                output.display()
            )));
        }
        if args.landscape || args.json {
            return Err(Error::Input(
                "--shard: --landscape and --json need a whole certificate (merge the shards first)".into(),
            ));
        }
        // No budget refusal for a shard: whether the families run must not depend on timing
        // (every shard of a split must have the same stages).
        return super::certify_stream::run_shard(
            &args,
            &inst,
            route,
            &output,
            !args.cells_only,
            !args.no_reduce,
            id,
        );
    }
    // Human text: stdout, or stderr under --json (stdout then holds the JSON object only).
    let json_mode = args.json;
    let say = |line: String| {
        if json_mode {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    let mut plan = None;
    let mut refused = None;
    let mut search = serde_json::json!({});
    if !args.cells_only {
        let (_, full) = families::size(&inst);
        let p = families::Plan::new(&inst, families::faces_of(&inst)?, !args.no_reduce);
        let cost = families::cost::estimate(&p, &inst, route, 48);
        let live = p.inert.iter().filter(|i| !**i).count();
        say(format!(
            "families to decide: {} combinations ({} faces, 3 modes, K = {}; {})",
            count_text(p.combos.len()),
            p.faces.len(),
            inst.hidden,
            if p.reduced {
                format!(
                    "reduced to cores from {} multisets: {} of {} items not inert, proofs/family-reductions.md",
                    count_text(full),
                    live,
                    p.inert.len()
                )
            } else {
                "every multiset, --no-reduce".to_string()
            }
        ));
        say(format!(
            "estimate: ≈ {:.1} s, certificate ≈ {:.1} MB (from {} sampled combinations); budget {} s{}",
            cost.seconds,
            cost.bytes / 1e6,
            cost.sampled,
            args.budget,
            if args.force { ", --force" } else { "" }
        ));
        search = serde_json::json!({
            "reduced": p.reduced,
            "multisets": count_text(full),
            "decided": count_text(p.combos.len()),
            "estimate_seconds": cost.seconds,
        });
        if cost.seconds > args.budget && !args.force {
            refused = Some(format!(
                "the families would take ≈ {:.0} s, over the budget of {} s (raise --budget or use --force); \
                 nothing was certified",
                cost.seconds, args.budget
            ));
        } else {
            plan = Some(p);
        }
    }
    if format == 2 && args.saddles {
        return Err(Error::Input(
            "--saddles: the saddles section is written in relucert/1 only; use an output name ending \
             in .json or --format 1"
                .into(),
        ));
    }
    // Refused: stop before the cells (no certificate, exit 3).
    if let Some(why) = refused {
        eprintln!("no verdict: {why}");
        if json_mode {
            println!(
                "{}",
                serde_json::json!({"verdict": null, "refused": why, "certificate": null, "search": search})
            );
        }
        return Ok(NO_VERDICT);
    }
    if format == 2 && args.landscape {
        return Err(Error::Input(
            "--landscape: expected a relucert/1 certificate (an output file ending in .json, or --format 1); \
             the streamed format 2 has no landscape section"
                .into(),
        ));
    }
    if format == 2 {
        let reduce = plan.as_ref().is_some_and(|p| p.reduced);
        return super::certify_stream::run(&args, &inst, route, &output, plan.is_some(), reduce, search);
    }
    let start = Instant::now();
    let decider = crate::cells::Decider {
        route,
        solution_set: !args.no_cell_reduction,
    };
    // The records are written while the cells are decided (the file is put in place at the
    // end, after the later stages).
    let (chambers, count) = sorted_chambers(&inst)?;
    let mut file = StreamedCertificate::create(&output, &args.input.paths())?;
    let faces = plan.as_ref().map(|p| p.faces.as_slice());
    let mut run = file.cells(&inst, chambers, count, decider, args.least_squares, faces)?;
    if args.saddles {
        crate::saddles::record::attach(&mut run, &inst, route);
    }
    let cells_elapsed = start.elapsed();
    let mut levels = Vec::new();
    if let Some(plan) = plan {
        let report = plan.decide(&inst, route, true);
        attach_report(&mut run.certificate, &inst, &report)?;
        levels = families::levels::levels(&report, inst.hidden);
        run.families = Some(report);
    }
    if args.landscape {
        crate::certificate::landscape::attach_landscape(&mut run.certificate);
    }
    let elapsed = start.elapsed();
    file.finish(&run.certificate)?;

    let cert = &run.certificate;
    let s = &cert.summary;
    say(format!(
        "instance: N = {}, d = {}, K = {}, alpha = {}{}",
        inst.n(),
        inst.d(),
        inst.hidden,
        format_q(&inst.alpha),
        if inst.output_bias { ", output bias" } else { "" }
    ));
    say(format!(
        "chambers: {} (Whitney/Zaslavsky count {})",
        s.chambers, cert.arrangement.count
    ));
    say(format!(
        "cell combinations: {} multisets of {} chambers ({} ordered assignments)",
        s.cells, inst.hidden, s.cells_ordered
    ));
    const LISTED: usize = 60;
    for cell in cert.cells.iter().take(LISTED) {
        say(format!(
            "  [{}]  rank {}  solution dim {}  loss {}  genuine {}",
            cell.chambers.join(","),
            cell.rank,
            cell.solution_dim,
            format_q(&cell.loss),
            if cell.genuine { "yes" } else { "no" }
        ));
    }
    if cert.cells.len() > LISTED {
        say(format!(
            "  … {} more in the certificate",
            cert.cells.len() - LISTED
        ));
    }
    say(format!("genuine: {} of {}", s.genuine, s.cells));
    const SHOWN: usize = 12;
    let list = |v: &[relucert_exact::Q]| {
        let mut text = v.iter().take(SHOWN).map(format_q).collect::<Vec<_>>().join(", ");
        if v.len() > SHOWN {
            text.push_str(&format!(", … ({} distinct values in the certificate)", v.len()));
        }
        text
    };
    say(format!("subglobal losses: {}", list(&s.losses)));
    say(format!("genuine losses: {}", list(&s.genuine_losses)));
    say(format!(
        "best genuine loss: {}",
        s.best_genuine_loss.as_ref().map_or("none".to_string(), format_q)
    ));
    let engine_calls: u64 = run.results.iter().map(|r| r.engine_calls).sum();
    say(format!(
        "route: {}; systems sent to the feasibility engine: {engine_calls}; fallbacks to exact: {}",
        if args.exact_only {
            "exact only"
        } else {
            "float proposer, exact confirmation"
        },
        run.fallbacks
    ));
    say(reduction_line(
        run.results.iter().map(|r| r.reduced).sum(),
        args.no_cell_reduction,
    ));
    if engine_calls > 0 {
        say(format!(
            "fallback rate: {:.2}% of the systems sent to the engine",
            100.0 * run.fallbacks as f64 / engine_calls as f64
        ));
    }
    say(crate::cli::jobs::arithmetic_line());
    let secs = cells_elapsed.as_secs_f64();
    say(format!(
        "time: {:.3} s, {:.0} cells per second",
        secs,
        s.cells as f64 / secs.max(1e-9)
    ));
    if let Some(saddles) = &cert.saddles {
        for line in super::saddles::text(saddles) {
            say(line);
        }
    }
    match (&cert.minima, &cert.family_refutations) {
        (Some(minima), Some(refuted)) => {
            let fallbacks = run
                .families
                .as_ref()
                .map_or(0, |r| r.results.iter().filter(|f| f.fell_back).count());
            say(format!(
                "families: {} combinations decided by their own system: {} non-empty, {} refuted; fallbacks to exact: {fallbacks}; {:.3} s",
                minima.len() + refuted.len(),
                minima.len(),
                refuted.len(),
                (elapsed - cells_elapsed).as_secs_f64()
            ));
            for line in answer::text(&levels, inst.n(), inst.output_bias, args.half_sum) {
                say(line);
            }
        }
        _ if args.cells_only => say("families: skipped (--cells-only); no verdict".to_string()),
        _ => {}
    }
    say(format!("certificate written to {}", output.display()));
    if json_mode {
        let mut summary = if levels.is_empty() {
            serde_json::json!({"verdict": null, "certificate": output.display().to_string()})
        } else {
            answer::json(&levels, inst.n(), inst.output_bias, &output, search)
        };
        super::saddles::add_to_summary(&mut summary, cert.saddles.as_deref());
        println!("{summary}");
    }
    crate::cli::jobs::leave_to_exit(run);
    Ok(0)
}

/// Cell combinations (multisets of chambers) above which `certify` refuses unless `--force`.
pub const CELL_LIMIT: u128 = 1_000_000;

/// The number of hidden units the checker accepts (its rule `instance`); `certify` never writes
/// a certificate the checker would refuse to read.
pub const MAX_HIDDEN: usize = 32;

/// Put the input file's name in front of a refusal, so the one-line message names it.
fn name_the_input(e: Error, input: &InstanceArgs) -> Error {
    let origin = input.paths().first().map(|p| p.display().to_string());
    match (e, origin) {
        (Error::Refused(m), Some(o)) => Error::Refused(format!("{o}: {m}")),
        (e, _) => e,
    }
}

/// Refuse more hidden units than certificates support (the checker's rule `instance`): exit 2,
/// as an input outside the supported range.
pub fn check_hidden(inst: &crate::instance::Instance) -> Result<()> {
    if inst.hidden > MAX_HIDDEN {
        return Err(Error::Refused(format!(
            "hidden = {} units: certificates support at most {MAX_HIDDEN}",
            inst.hidden
        )));
    }
    Ok(())
}

/// Refuse, before any work, a cell search that is too large: more hidden units than
/// certificates support, an estimated cell stage over `budget` seconds (`src/cli/cost.rs`), or
/// more cell combinations than [`CELL_LIMIT`] (a relucert/1 certificate holds them in memory).
/// `force` lifts the last two.
pub fn check_cell_budget(inst: &crate::instance::Instance, force: bool, budget: f64) -> Result<()> {
    check_hidden(inst)?;
    // The estimated cost, before any work (src/cli/cost.rs): from a bound on the chambers
    // that takes a moment (the exact count can take longer than a small run), refused above
    // the budget.
    let bound = crate::cli::cost::chamber_bound(&inst.x);
    let bound_cells = crate::cells::combination::multiset_count(bound, inst.hidden as u128);
    let unknowns = inst.hidden * inst.d() + usize::from(inst.output_bias);
    let (steps, seconds) = crate::cli::cost::cell_stage(bound_cells, inst.n(), inst.hidden, unknowns);
    if seconds > budget && !force {
        return Err(Error::Refused(format!(
            "the cell stage is estimated at up to {steps:.2e} steps, about {seconds:.0} s of CPU time \
             (up to {} cell combinations × 3^{} sign vectors, N = {}, {unknowns} unknowns), above the budget of {:.0} s; \
             raise --budget or use --force to certify it anyway",
            count_text(bound_cells),
            inst.hidden,
            inst.n(),
            budget
        )));
    }
    if force {
        // The exact count below serves only this refusal (the cell stage counts the chambers
        // again, for its completeness proof).
        return Ok(());
    }
    let chambers = crate::arrangement::count_chambers(&inst.x);
    let cells = crate::cells::combination::multiset_count(u128::from(chambers), inst.hidden as u128);
    if cells > CELL_LIMIT {
        return Err(Error::Refused(format!(
            "{} cell combinations ({chambers} chambers, K = {}) exceed the limit {CELL_LIMIT}, each with \
             3^K sign vectors; use --force to certify them anyway",
            count_text(cells),
            inst.hidden
        )));
    }
    Ok(())
}

/// A count that may have saturated at `u128::MAX`.
pub(crate) fn count_text(n: u128) -> String {
    if n == u128::MAX {
        "more than 10^38".to_string()
    } else {
        n.to_string()
    }
}

/// `<instance stem>.shard-i-of-n.jsonl` in the current directory.
fn shard_output(input: &InstanceArgs, id: crate::shard::ShardId) -> PathBuf {
    let name = default_output(input).to_string_lossy().replace(
        ".cert.jsonl",
        &format!(".shard-{}-of-{}.jsonl", id.index, id.count),
    );
    PathBuf::from(name)
}

/// `<instance stem>.cert.jsonl` in the current directory (format 2).
fn default_output(input: &InstanceArgs) -> PathBuf {
    let stem = input
        .instance
        .as_ref()
        .or(input.csv.as_ref())
        .and_then(|p| p.file_stem())
        .map_or_else(|| "instance".to_string(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}.cert.jsonl"))
}

/// The line on the cell stage's solution-set reduction (`proofs/solution-set-reduction.md`).
pub fn reduction_line(reduced: u64, no_cell_reduction: bool) -> String {
    if no_cell_reduction {
        "cell systems decided in full (--no-cell-reduction): no solution-set reduction".to_string()
    } else {
        format!(
            "cell systems decided on the least-squares solution set R₀ + ker A: {reduced} \
             (proofs/solution-set-reduction.md; those with 2 or more free parameters also went to the engine)"
        )
    }
}
