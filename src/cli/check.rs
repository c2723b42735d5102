//! `relucert check FILE`: re-verify a certificate with the independent checker.
//! Exit 0 accepted, 1 rejected (rule and location printed), 2 unreadable or unparsable.
//!
//! A `relucert/2` stream (first line a header record, plain or gzip) goes to the streaming
//! checker ([`crate::checker::stream`]). Otherwise the `format` field chooses the checker: `relucert/1` (minima, [`crate::checker::check`]) or
//! `relucert-generic/1` (genericity, [`crate::checker::genericity::check_generic`], which may
//! also refuse a certificate too large to re-verify: exit 2). Any other value: exit 2.

use std::time::Instant;

use crate::certificate::genericity::{GENERIC_FORMAT, GenericCertificate};
use crate::certificate::hinge::{HINGE_FORMAT, HingeCertificate};
use crate::certificate::{Certificate, json_file};
use crate::checker::genericity::{GenericFailure, check_generic};
use crate::error::{Error, Result};
use relucert_exact::format_q;

/// Arguments of `relucert check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The certificate (JSON) to verify.
    pub file: std::path::PathBuf,
    #[command(flatten)]
    pub jobs: crate::cli::jobs::Jobs,
    /// Also print how many exact operations ran on machine words and how many needed big
    /// integers.
    #[arg(long)]
    pub stats: bool,
}

/// Run `relucert check`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    args.jobs.apply()?;
    if relucert_format::v2::detect(&args.file)? == relucert_format::v2::Detected::Stream {
        return run_stream(&args.file);
    }
    let text = json_file::read_text(&args.file)?;
    let format = read_format(&text, &args.file)?;
    if format == GENERIC_FORMAT {
        return run_generic(&text, &args.file);
    }
    if format == HINGE_FORMAT {
        return run_hinge(&text, &args.file);
    }
    let start = Instant::now();
    // The cells are checked as they are read; when the text is not laid out for that, or
    // does not parse, the serial parse gives the certificate (or the error, exit 2). That is
    // the rare case (a text not laid out as relucert writes it, or a damaged one): the
    // parallel parse would cut it the same way and mostly fail again.
    let (cert, outcome) = match crate::checker::check_text(&text) {
        Some(read) => read,
        None => {
            let cert: Certificate = json_file::parse(&text, &args.file)?;
            let outcome = crate::checker::check(&cert);
            (cert, outcome)
        }
    };
    drop(text);
    let code = match outcome {
        Ok(report) => {
            println!("{}: {report} ({:.2?})", args.file.display(), start.elapsed());
            println!("{}", verified_verdict(&cert));
            if args.stats {
                println!("{}", crate::cli::jobs::arithmetic_line());
            }
            match &report.family_report {
                Some(f) => {
                    let n = cert.instance.x.len();
                    println!(
                        "verified global minimum: {} (≈ {}){}",
                        format_q(&f.global_min),
                        crate::cli::answer::decimal(&f.global_min),
                        if f.reduced { ", reduced search (cores)" } else { "" }
                    );
                    print_levels(&f.levels, n);
                    println!(
                        "verified verdict: {}",
                        if f.verdict == "no-spurious-minima" {
                            "no spurious local minima"
                        } else {
                            "spurious local minima"
                        }
                    );
                    Ok(0)
                }
                None => {
                    println!("no verdict in this certificate: it covers the cells only (no families)");
                    Ok(0)
                }
            }
        }
        Err(rejection) => {
            println!("{}: {rejection}", args.file.display());
            Ok(1)
        }
    };
    crate::cli::jobs::leave_to_exit(cert);
    code
}

/// The `format` field of a certificate's text: one of the two known values, else `Error::Input`.
fn read_format(text: &str, path: &std::path::Path) -> Result<String> {
    // The known value, found without parsing the whole text (the certificate's own parse
    // follows); anything else is read and reported by the full parse below.
    if let Some(f) = relucert_format::parallel_read::top_level_string(text, "format")
        && (f == crate::certificate::FORMAT || f == GENERIC_FORMAT || f == HINGE_FORMAT)
    {
        return Ok(f);
    }
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    let head: Head = json_file::parse(text, path)?;
    match head.format {
        Some(serde_json::Value::String(f))
            if f == crate::certificate::FORMAT || f == GENERIC_FORMAT || f == HINGE_FORMAT =>
        {
            Ok(f)
        }
        other => Err(Error::Input(format!(
            "{}: format: expected \"{}\", \"{GENERIC_FORMAT}\" or \"{HINGE_FORMAT}\", found {}",
            path.display(),
            crate::certificate::FORMAT,
            other.map_or_else(|| "no format field".to_string(), |v| v.to_string())
        ))),
    }
}

/// Check a `relucert-hinge/1` certificate: exit 0 accepted, 1 rejected.
fn run_hinge(text: &str, path: &std::path::Path) -> Result<i32> {
    let cert: HingeCertificate = json_file::parse(text, path)?;
    let start = Instant::now();
    match crate::checker::hinge::check_hinge(&cert) {
        Ok(report) => {
            println!("{}: {report} ({:.2?})", path.display(), start.elapsed());
            Ok(0)
        }
        Err(rejection) => {
            println!("{}: {rejection}", path.display());
            Ok(1)
        }
    }
}

/// Check a `relucert-generic/1` certificate: exit 0 accepted, 1 rejected, 2 refused as too large.
fn run_generic(text: &str, path: &std::path::Path) -> Result<i32> {
    let cert: GenericCertificate = json_file::parse(text, path)?;
    let start = Instant::now();
    match check_generic(&cert) {
        Ok(report) => {
            println!("{}: {report} ({:.2?})", path.display(), start.elapsed());
            Ok(0)
        }
        Err(GenericFailure::Rejected(rejection)) => {
            println!("{}: {rejection}", path.display());
            Ok(1)
        }
        Err(GenericFailure::Refused(why)) => Err(Error::Refused(format!("{}: {why}", path.display()))),
    }
}

/// Check a `relucert/2` stream (plain or gzip), one record at a time: exit 0 accepted, 1
/// rejected, 2 unreadable.
fn run_stream(path: &std::path::Path) -> Result<i32> {
    use crate::checker::stream::{StreamFailure, check_stream};
    let start = Instant::now();
    // Progress over the file's bytes (compressed bytes for gzip), with ETA; hidden when
    // stderr is not a terminal. The checker itself knows nothing of it.
    let read = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let reader = relucert_format::v2::Reader::open_counted(path, read.clone())?.parse_ahead();
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    let bar = check_bar(size);
    let records = reader.inspect(|_| bar.set_position(read.load(std::sync::atomic::Ordering::Relaxed)));
    let outcome = check_stream(records);
    bar.finish_and_clear();
    match outcome {
        Ok(r) => {
            println!("{}: {} ({:.2?})", path.display(), r.report, start.elapsed());
            if let Some(s) = &r.shard {
                let ranges: Vec<String> = s
                    .ranges
                    .iter()
                    .map(|x| format!("{} {}..{} of {}", x.stage, x.start, x.end, x.total))
                    .collect();
                println!(
                    "verified shard {}/{} of {}: {}; no verdict in a shard (merge the shards, then check the merged certificate)",
                    s.index,
                    s.count,
                    s.instance_hash,
                    ranges.join(", ")
                );
            }
            match (&r.global_min, &r.verdict) {
                (Some(g), Some(v)) => {
                    println!(
                        "verified: global minimum {}, verdict {v}",
                        relucert_exact::format_q(g)
                    );
                    let n = r.report.samples;
                    println!(
                        "verified global minimum: {} (≈ {}){}",
                        format_q(g),
                        crate::cli::answer::decimal(g),
                        if r.reduced { ", reduced search (cores)" } else { "" }
                    );
                    print_levels(&r.levels, n);
                    println!(
                        "verified verdict: {}",
                        if v == "no-spurious-minima" {
                            "no spurious local minima"
                        } else {
                            "spurious local minima"
                        }
                    );
                }
                _ if r.shard.is_some() => {}
                _ => println!("no verdict in this certificate: it covers the cells only (no families)"),
            }
            Ok(0)
        }
        Err(StreamFailure::Rejected(rejection)) => {
            println!("{}: {rejection}", path.display());
            Ok(1)
        }
        Err(StreamFailure::Format(e)) => Err(e.into()),
    }
}

/// The progress bar of `check` over `size` bytes (drawn on stderr only when it is a terminal).
fn check_bar(size: u64) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    let bar = indicatif::ProgressBar::new(size);
    if std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("check {bar:40} {bytes}/{total_bytes} [{elapsed}<{eta}]")
        {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

/// The verified levels, one line each.
fn print_levels(levels: &[relucert_format::reduction::LevelRecord], n: usize) {
    for l in levels {
        println!(
            "  loss {} (≈ {}; ½Σ = {})  {}  {} families{}",
            format_q(&l.loss),
            crate::cli::answer::decimal(&l.loss),
            format_q(&crate::families::levels::half_sum(&l.loss, n)),
            if l.spurious { "spurious" } else { "global" },
            l.families,
            if l.full_width {
                ""
            } else {
                ", needs dead, zero or duplicated units"
            }
        );
    }
}

/// The verdict and global minimum of an accepted certificate (rules `global-min` and `verdict`
/// verified them), or why there is none.
fn verified_verdict(cert: &Certificate) -> String {
    let s = &cert.summary;
    match (&s.verdict, &s.global_min) {
        (Some(v), Some(g)) => format!(
            "verified: {}; global minimum {}",
            if v == "no-spurious-minima" {
                "no spurious local minima".to_string()
            } else {
                format!(
                    "spurious local minima ({} spurious families)",
                    s.spurious.unwrap_or(0)
                )
            },
            crate::report::approx::exact_and_approx(g)
        ),
        _ => format!(
            "verified: no verdict (cells only: the certificate has no families of local minima); least genuine cell loss {}",
            s.best_genuine_loss
                .as_ref()
                .map_or("none".to_string(), crate::report::approx::exact_and_approx)
        ),
    }
}
