//! `relucert certify INSTANCE [-o FILE] [--exact-only] [--cells-only] [--force]`: enumerate the
//! cell combinations and decide genuineness exactly (SPEC §3); unless `--cells-only`, decide
//! every face/mode family of local minima (SPEC §4) and state the global minimum and the
//! spurious-minima verdict; write the certificate and print a summary.

use std::path::PathBuf;
use std::time::Instant;

use crate::certificate::WriteCertificate;
use crate::certificate::build::{attach_families, attach_least_squares, certify_cells};
use crate::certificate::family::{FamilyRecord, PointRecord};
use crate::cli::input::InstanceArgs;
use crate::error::{Error, Result};
use crate::families;
use crate::feasibility::Route;
use relucert_exact::{Q, format_q};

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
    /// Go on even when the search is large: enumerate the families when their number exceeds
    /// the limit (`families::DEFAULT_LIMIT` face/mode combinations; without --force they are
    /// refused and only the cells are certified), and the cells above `CELL_LIMIT`.
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
    #[command(flatten)]
    pub jobs: crate::cli::jobs::Jobs,
    /// Certificate format: 2 (`relucert/2`, JSON Lines, streamed; gzip when the file name
    /// ends in `.gz`) or 1 (`relucert/1`, one JSON document). Default: 1 for a file name ending
    /// in `.json`, 2 otherwise.
    #[arg(long, value_name = "1|2", value_parser = clap::value_parser!(u8).range(1..=2))]
    pub format: Option<u8>,
    /// Continue an interrupted run from the records already in `<FILE>.partial` (format 2).
    #[arg(long)]
    pub resume: bool,
}

/// Run `relucert certify`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    args.jobs.apply()?;
    let inst = args.input.load()?;
    let route = if args.exact_only {
        Route::ExactOnly
    } else {
        Route::FloatFirst
    };
    let output = args.output.clone().unwrap_or_else(|| default_output(&args.input));
    args.input.prepare_output(&output)?;
    let format = super::certify_stream::format_of(&output, args.format, args.resume)?;
    check_cell_budget(&inst, args.force).map_err(|e| name_the_input(e, &args.input))?;
    let mut with_families = !args.cells_only;
    if with_families {
        let (faces, total) = families::size(&inst);
        println!(
            "families to decide: {} face/mode combinations ({faces} faces, 3 modes, K = {}; limit {}{})",
            count_text(total),
            inst.hidden,
            families::DEFAULT_LIMIT,
            if args.force { ", --force" } else { "" }
        );
        if total > families::DEFAULT_LIMIT && !args.force {
            // The families are refused, the cell combinations are still certified.
            eprintln!(
                "refused: {} face/mode combinations exceed the limit {}; the families are not \
                 enumerated and the certificate covers the cell combinations only (use --force to \
                 enumerate them anyway)",
                count_text(total),
                families::DEFAULT_LIMIT
            );
            with_families = false;
        }
    }
    if format == 2 && args.saddles {
        return Err(Error::Input(
            "--saddles: the saddles section is written in relucert/1 only; use an output name ending \
             in .json or --format 1"
                .into(),
        ));
    }
    if format == 2 {
        return super::certify_stream::run(&args, &inst, route, &output, with_families);
    }
    let start = Instant::now();
    let mut run = certify_cells(&inst, route, true)?;
    if args.least_squares {
        attach_least_squares(&mut run.certificate, &inst, &run.chambers, &mut run.results);
    }
    if args.saddles {
        crate::saddles::record::attach(&mut run, &inst, route);
    }
    let cells_elapsed = start.elapsed();
    if with_families {
        run.families = Some(attach_families(&mut run.certificate, &inst, route, None)?);
    }
    let elapsed = start.elapsed();
    run.certificate.write(&output)?;

    let cert = &run.certificate;
    let s = &cert.summary;
    println!(
        "instance: N = {}, d = {}, K = {}, alpha = {}{}",
        inst.n(),
        inst.d(),
        inst.hidden,
        format_q(&inst.alpha),
        if inst.output_bias { ", output bias" } else { "" }
    );
    println!(
        "chambers: {} (Whitney/Zaslavsky count {})",
        s.chambers, cert.arrangement.count
    );
    println!(
        "cell combinations: {} multisets of {} chambers ({} ordered assignments)",
        s.cells, inst.hidden, s.cells_ordered
    );
    const LISTED: usize = 60;
    for cell in cert.cells.iter().take(LISTED) {
        println!(
            "  [{}]  rank {}  solution dim {}  loss {}  genuine {}",
            cell.chambers.join(","),
            cell.rank,
            cell.solution_dim,
            format_q(&cell.loss),
            if cell.genuine { "yes" } else { "no" }
        );
    }
    if cert.cells.len() > LISTED {
        println!("  … {} more in the certificate", cert.cells.len() - LISTED);
    }
    println!("genuine: {} of {}", s.genuine, s.cells);
    const SHOWN: usize = 12;
    let list = |v: &[relucert_exact::Q]| {
        let mut text = v.iter().take(SHOWN).map(format_q).collect::<Vec<_>>().join(", ");
        if v.len() > SHOWN {
            text.push_str(&format!(", … ({} distinct values in the certificate)", v.len()));
        }
        text
    };
    println!("subglobal losses: {}", list(&s.losses));
    println!("genuine losses: {}", list(&s.genuine_losses));
    println!(
        "best genuine loss: {}",
        s.best_genuine_loss.as_ref().map_or("none".to_string(), format_q)
    );
    let engine_calls: u64 = run.results.iter().map(|r| r.engine_calls).sum();
    println!(
        "route: {}; systems sent to the feasibility engine: {engine_calls}; fallbacks to exact: {}",
        if args.exact_only {
            "exact only"
        } else {
            "float proposer, exact confirmation"
        },
        run.fallbacks
    );
    if engine_calls > 0 {
        println!(
            "fallback rate: {:.2}% of the systems sent to the engine",
            100.0 * run.fallbacks as f64 / engine_calls as f64
        );
    }
    println!("{}", crate::cli::jobs::arithmetic_line());
    let secs = cells_elapsed.as_secs_f64();
    println!(
        "time: {:.3} s, {:.0} cells per second",
        secs,
        s.cells as f64 / secs.max(1e-9)
    );
    if let Some(saddles) = &cert.saddles {
        print_saddles(saddles);
    }
    match (&cert.minima, &cert.family_refutations) {
        (Some(minima), Some(refuted)) => {
            let fallbacks = run
                .families
                .as_ref()
                .map_or(0, |r| r.results.iter().filter(|f| f.fell_back).count());
            print_families(minima, refuted.len(), s);
            println!(
                "families time: {:.3} s; fallbacks to exact: {fallbacks}",
                (elapsed - cells_elapsed).as_secs_f64()
            );
        }
        _ if args.cells_only => println!("families: skipped (--cells-only)"),
        _ => println!(
            "families: refused (over the limit {}; --force enumerates them); no global minimum or \
             verdict in this certificate",
            families::DEFAULT_LIMIT
        ),
    }
    println!("certificate written to {}", output.display());
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

/// Refuse, before any work, a cell search that is too large (exit 2 with its size).
fn check_cell_budget(inst: &crate::instance::Instance, force: bool) -> Result<()> {
    if inst.hidden > MAX_HIDDEN {
        return Err(Error::Refused(format!(
            "hidden = {} units: certificates support at most {MAX_HIDDEN}",
            inst.hidden
        )));
    }
    // The estimated cost, before any work (src/cli/cost.rs): from a bound on the chambers
    // that takes a moment (the exact count can take longer than a small run), refused above
    // the budget.
    let bound = crate::cli::cost::chamber_bound(&inst.x);
    let bound_cells = crate::cells::combination::multiset_count(bound, inst.hidden as u128);
    let unknowns = inst.hidden * inst.d() + usize::from(inst.output_bias);
    let (steps, seconds) = crate::cli::cost::cell_stage(bound_cells, inst.n(), inst.hidden, unknowns);
    if seconds > crate::cli::cost::DEFAULT_BUDGET_SECONDS && !force {
        return Err(Error::Refused(format!(
            "the cell stage is estimated at up to {steps:.2e} steps, about {seconds:.0} s of CPU time \
             (up to {} cell combinations × 3^{} sign vectors, N = {}, {unknowns} unknowns), above the budget of {:.0} s; \
             use --force to certify it anyway",
            count_text(bound_cells),
            inst.hidden,
            inst.n(),
            crate::cli::cost::DEFAULT_BUDGET_SECONDS
        )));
    }
    let chambers = crate::arrangement::count_chambers(&inst.x);
    let cells = crate::cells::combination::multiset_count(u128::from(chambers), inst.hidden as u128);
    if cells > CELL_LIMIT && !force {
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

/// How many families are listed on stdout (all are in the certificate).
const FAMILIES_LISTED: usize = 60;

/// The families, the global minimum and the verdict (SPEC §4).
fn print_families(minima: &[FamilyRecord], refuted: usize, s: &crate::certificate::Summary) {
    println!(
        "families of local minima: {} non-empty, {refuted} face/mode combinations refuted",
        minima.len()
    );
    for fam in minima.iter().take(FAMILIES_LISTED) {
        println!("  {}", family_line(fam));
    }
    if minima.len() > FAMILIES_LISTED {
        println!("  … {} more in the certificate", minima.len() - FAMILIES_LISTED);
    }
    if let Some(g) = &s.global_min {
        println!("global minimum: {}", format_q(g));
    }
    let spurious: Vec<&FamilyRecord> = minima.iter().filter(|f| f.spurious).collect();
    if spurious.is_empty() {
        println!("verdict: no spurious local minima");
    } else {
        println!("verdict: {} spurious families", spurious.len());
        for fam in spurious.iter().take(FAMILIES_LISTED) {
            println!("  {}", family_line(fam));
        }
        if spurious.len() > FAMILIES_LISTED {
            println!("  … {} more in the certificate", spurious.len() - FAMILIES_LISTED);
        }
    }
}

/// `faces [+-,00]  modes +0  loss 1/2  at z = [..], w = [[..], ..]  differentiable  global`.
fn family_line(fam: &FamilyRecord) -> String {
    format!(
        "faces [{}]  modes {}  loss {}  at {}  {}  {}",
        fam.faces.join(","),
        fam.modes,
        format_q(&fam.loss),
        point_text(&fam.witness),
        if fam.differentiable {
            "differentiable"
        } else {
            "not differentiable"
        },
        if fam.spurious { "spurious" } else { "global" }
    )
}

fn vector_text(v: &[Q]) -> String {
    format!("[{}]", v.iter().map(format_q).collect::<Vec<_>>().join(", "))
}

fn point_text(p: &PointRecord) -> String {
    let mut text = format!(
        "z = {}, w = [{}]",
        vector_text(&p.z),
        p.w.iter().map(|w| vector_text(w)).collect::<Vec<_>>().join(", ")
    );
    if let Some(c) = &p.c {
        text.push_str(&format!(", c = {}", format_q(c)));
    }
    text
}

/// The combinations with a differentiable saddle point, each with its witness (Liu Thm 2).
fn print_saddles(saddles: &[crate::certificate::saddle::SaddleCellRecord]) {
    let with: Vec<_> = saddles.iter().filter(|s| s.saddle).collect();
    println!(
        "saddle points: {} of {} cell combinations have a differentiable saddle point",
        with.len(),
        saddles.len()
    );
    for s in with.iter().take(FAMILIES_LISTED) {
        if let Some(w) = &s.witness {
            let p = PointRecord {
                z: w.z.clone(),
                w: w.w.clone(),
                c: w.c.clone(),
            };
            println!(
                "  [{}]  at {}  fitted units {:?}  second-order change {}",
                s.chambers.join(","),
                point_text(&p),
                w.units,
                format_q(&w.descent.second_order)
            );
        }
    }
    if with.len() > FAMILIES_LISTED {
        println!("  … {} more in the certificate", with.len() - FAMILIES_LISTED);
    }
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
