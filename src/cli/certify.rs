//! `relucert certify INSTANCE [-o FILE] [--exact-only] [--cells-only]`: enumerate the cell
//! combinations, decide genuineness exactly, write the certificate and print a summary.

use std::path::PathBuf;
use std::time::Instant;

use crate::certificate::build::certify_cells;
use crate::cli::input::InstanceArgs;
use crate::error::Result;
use crate::exact::format_q;
use crate::feasibility::Route;

/// Arguments of `relucert certify`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: InstanceArgs,
    /// Where to write the certificate (default: `<instance stem>.cert.json` in the current
    /// directory).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Decide everything with exact arithmetic only (no float LP proposer).
    #[arg(long)]
    pub exact_only: bool,
    /// Certify the cell combinations only (skip the families of boundary minima).
    #[arg(long)]
    pub cells_only: bool,
}

/// Run `relucert certify`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let inst = args.input.load()?;
    let route = if args.exact_only {
        Route::ExactOnly
    } else {
        Route::FloatFirst
    };
    let output = args.output.clone().unwrap_or_else(|| default_output(&args.input));
    let start = Instant::now();
    let mut run = certify_cells(&inst, route, true)?;
    let families = if args.cells_only {
        "skipped (--cells-only)".to_string()
    } else {
        attach_families(&inst, route, &mut run.certificate)
    };
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
    let list = |v: &[crate::exact::Q]| {
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
    let secs = elapsed.as_secs_f64();
    println!(
        "time: {:.3} s, {:.0} cells per second",
        secs,
        s.cells as f64 / secs.max(1e-9)
    );
    println!("families: {families}");
    println!("certificate written to {}", output.display());
    Ok(0)
}

/// Run the families stage (SPEC §4) and put its section into the certificate; returns a line
/// for the summary. A search above the families' limit is reported and skipped, not fatal.
fn attach_families(
    inst: &crate::instance::Instance,
    route: Route,
    cert: &mut crate::certificate::Certificate,
) -> String {
    let report = match crate::families::enumerate(inst, route, Some(crate::families::DEFAULT_LIMIT)) {
        Ok(r) => r,
        Err(e) => return format!("skipped ({e})"),
    };
    let count = crate::arrangement::count_faces(&inst.x);
    let Some(section) =
        crate::certificate::family::MinimaSection::from_report(&report, inst.n(), count, inst.output_bias)
    else {
        return "skipped (no family record could be built)".to_string();
    };
    cert.summary.global_min = Some(section.global_min.clone());
    cert.summary.spurious = Some(section.spurious as u64);
    cert.summary.verdict = Some(section.verdict.clone());
    let line = format!(
        "{} non-empty, global minimum {}, {} spurious: {}",
        section.families.len(),
        format_q(&section.global_min),
        section.spurious,
        section.verdict
    );
    cert.minima = Some(section);
    line
}

/// `<instance stem>.cert.json` in the current directory.
fn default_output(input: &InstanceArgs) -> PathBuf {
    let stem = input
        .instance
        .as_ref()
        .or(input.csv.as_ref())
        .and_then(|p| p.file_stem())
        .map_or_else(|| "instance".to_string(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}.cert.json"))
}
