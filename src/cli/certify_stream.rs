//! `relucert certify` writing the streaming format `relucert/2`: the records go to
//! `<FILE>.partial` as they are produced (memory stays flat), the trailer last, then the file
//! is moved into place (gzip-compressed when `FILE` ends in `.gz`). `--resume` continues an
//! interrupted run from the complete records of the partial file.

use std::path::Path;
use std::time::Instant;

use crate::certificate::stream::{Prepared, StreamOptions, Work, certify_into, certify_work, header};
use crate::certificate::stream_writer::{StreamWriter, partial_path};
use crate::error::{Error, Result};
use crate::feasibility::Route;
use crate::instance::Instance;
use relucert_exact::format_q;

/// The format to write: `--format` if given, else 2 for a file name ending in `.jsonl` or
/// `.gz` (the default output name is `<stem>.cert.jsonl`) and 1 otherwise (`.json`, `-`,
/// devices). `--resume` needs format 2; format 1 is never compressed.
pub fn format_of(output: &Path, asked: Option<u8>, resume: bool) -> Result<u8> {
    let name = output.to_string_lossy();
    let streaming = name.ends_with(".jsonl") || name.ends_with(".gz");
    let format = asked.unwrap_or(if streaming { 2 } else { 1 });
    if format == 1 && resume {
        return Err(Error::Input(
            "--resume needs the streaming format 2 (--format 2, or a file name ending in .jsonl)".into(),
        ));
    }
    if format == 1 && name.ends_with(".gz") {
        return Err(Error::Input(format!(
            "{name}: relucert/1 is written uncompressed; use --format 2 for a .gz certificate"
        )));
    }
    Ok(format)
}

/// Certify into a `relucert/2` file and print the summary from its trailer, then the plain
/// answer (the same text and `--json` object as the `relucert/1` path).
pub fn run(
    args: &super::certify::Args,
    inst: &Instance,
    route: Route,
    output: &Path,
    with_families: bool,
    reduce: bool,
    search: serde_json::Value,
) -> Result<i32> {
    let json_mode = args.json;
    let say = |line: String| {
        if json_mode {
            eprintln!("{line}");
        } else {
            println!("{line}");
        }
    };
    let opts = StreamOptions {
        route,
        families: with_families,
        least_squares: args.least_squares,
        progress: true,
        reduce,
        solution_set: !args.no_cell_reduction,
    };
    let start = Instant::now();
    let (mut writer, kept) = StreamWriter::create(output, header(inst, &opts), args.resume)?;
    if kept > 0 {
        say(format!(
            "resuming: {kept} records kept from {}",
            partial_path(output).display()
        ));
    }
    let run = certify_into(inst, &opts, &mut writer)?;
    let levels = writer.tally().levels();
    let trailer = writer.finish()?;
    let elapsed = start.elapsed();
    let s = &trailer.summary;
    let count = |kind: &str| trailer.counts.get(kind).copied().unwrap_or(0);
    say(format!(
        "instance: N = {}, d = {}, K = {}, alpha = {}{}",
        inst.n(),
        inst.d(),
        inst.hidden,
        format_q(&inst.alpha),
        if inst.output_bias { ", output bias" } else { "" }
    ));
    say(format!("chambers: {}", s.chambers));
    say(format!(
        "cell combinations: {} multisets of {} chambers ({} ordered assignments); genuine: {}",
        s.cells, inst.hidden, s.cells_ordered, s.genuine
    ));
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
    say(format!(
        "route: {}; systems sent to the feasibility engine (cells): {}; fallbacks to exact: {}",
        if args.exact_only {
            "exact only"
        } else {
            "float proposer, exact confirmation"
        },
        run.engine_calls,
        run.fallbacks
    ));
    say(super::certify::reduction_line(
        run.reduced_systems,
        args.no_cell_reduction,
    ));
    say(format!(
        "time: cells {:.3} s, families {:.3} s, total {:.3} s",
        run.cells_seconds,
        run.families_seconds,
        elapsed.as_secs_f64()
    ));
    if trailer.levels.is_some() {
        say(format!(
            "families: {} combinations decided by their own system ({}): {} non-empty, {} refuted",
            count("family") + count("family_refutation"),
            if reduce {
                "cores, proofs/family-reductions.md"
            } else {
                "every multiset, --no-reduce"
            },
            count("family"),
            count("family_refutation")
        ));
        for line in super::answer::text(&levels, inst.n(), inst.output_bias, args.half_sum) {
            say(line);
        }
    } else {
        say("families: skipped (--cells-only); no verdict".to_string());
    }
    say(format!(
        "certificate written to {} (relucert/2)",
        output.display()
    ));
    if json_mode {
        if levels.is_empty() {
            println!(
                "{}",
                serde_json::json!({"verdict": null, "certificate": output.display().to_string()})
            );
        } else {
            println!(
                "{}",
                super::answer::json(&levels, inst.n(), inst.output_bias, output, search)
            );
        }
    }
    Ok(0)
}

/// `certify --shard i/n`: plan the split (deterministic, from the arrangement), write the shard
/// of `id` with its ranges in the header and a `shard_end` record last.
pub fn run_shard(
    args: &super::certify::Args,
    inst: &Instance,
    route: Route,
    output: &Path,
    with_families: bool,
    reduce: bool,
    id: crate::shard::ShardId,
) -> Result<i32> {
    let opts = StreamOptions {
        route,
        families: with_families,
        least_squares: args.least_squares,
        progress: true,
        reduce: with_families && reduce,
        solution_set: !args.no_cell_reduction,
    };
    let start = Instant::now();
    let prep = Prepared::new(inst, with_families)?;
    let spec = crate::shard::spec(inst, &prep, &opts, id);
    let work: Work = crate::shard::work_of(&spec.ranges);
    let mut head = header(inst, &opts);
    head.shard = Some(spec.clone());
    let (mut writer, kept) = StreamWriter::create(output, head, args.resume)?;
    if kept > 0 {
        println!(
            "resuming: {kept} records kept from {}",
            partial_path(output).display()
        );
    }
    let run = certify_work(inst, &prep, &work, &opts, &mut writer)?;
    let end = writer.finish_shard()?;
    let count = |kind: &str| end.counts.get(kind).copied().unwrap_or(0);
    println!("shard {id} of {}", spec.instance_hash);
    for r in &spec.ranges {
        println!("  {} {}..{} of {}", r.stage, r.start, r.end, r.total);
    }
    println!(
        "decided: {} cell combinations, {} families of local minima, {} face/mode combinations refuted",
        count("cell"),
        count("family"),
        count("family_refutation")
    );
    println!(
        "time: cells {:.3} s, families {:.3} s, total {:.3} s",
        run.cells_seconds,
        run.families_seconds,
        start.elapsed().as_secs_f64()
    );
    println!(
        "shard written to {} (relucert/2 shard; merge with `relucert merge`)",
        output.display()
    );
    Ok(0)
}
