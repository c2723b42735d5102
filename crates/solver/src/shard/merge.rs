//! `relucert merge`: put shards back together. Before writing anything it checks that the
//! shards are of one instance (the hash in their headers, and the hash recomputed from the
//! instance they carry), one tool version, one `n` and the same options, and that their ranges
//! cover every piece of every stage exactly once (missing and duplicated shards and ranges are
//! named). Then it streams: the chambers and faces of the first shard (every other shard must
//! carry the same records), the cells of every shard in index order (each must be the next
//! multiset of chambers), the families of every shard in index order (keys strictly
//! increasing in the (units, items) order, as many as the range says; with the reduced search
//! each shard's `reduction` record, all equal, written once), and checks every shard's closing
//! counts. The
//! records go through the same [`StreamWriter`] as a single run, whose trailer (global minimum,
//! levels, verdict) is computed here from the records: the merged file is the single run's
//! certificate byte for byte. A failed merge leaves no output.

use std::path::{Path, PathBuf};

use relucert_format::v2::{Header, Reader, Record, ShardSpec, Trailer, instance_hash};

use crate::certificate::sink::{RecordSink, Section};
use crate::certificate::stream::Multisets;
use crate::certificate::stream_writer::StreamWriter;
use crate::error::{Error, Result};

/// One input shard.
struct Shard {
    path: PathBuf,
    header: Header,
    spec: ShardSpec,
}

fn name(p: &Path) -> String {
    p.display().to_string()
}

fn read_header(path: &Path) -> Result<Shard> {
    let mut reader = Reader::open(path)?;
    let header = match reader.next() {
        Some(Ok((_, Record::Header(h)))) => h,
        Some(Ok(_)) | None => {
            return Err(Error::Input(format!(
                "{}: not a relucert/2 shard (expected a header record on line 1)",
                name(path)
            )));
        }
        Some(Err(e)) => return Err(Error::Input(format!("corrupted shard: {}", e.0))),
    };
    let Some(spec) = header.shard.clone() else {
        return Err(Error::Input(format!(
            "{}: not a shard (its header has no shard field); merge takes the outputs of \
             `relucert certify --shard i/n`",
            name(path)
        )));
    };
    if instance_hash(&header.instance) != spec.instance_hash {
        return Err(Error::Input(format!(
            "{}: corrupted shard: the header's instance does not have the instance hash {} it \
             states",
            name(path),
            spec.instance_hash
        )));
    }
    Ok(Shard {
        path: path.to_path_buf(),
        header,
        spec,
    })
}

/// Check that the shards fit together; returns them in index order.
fn plan(paths: &[PathBuf]) -> Result<Vec<Shard>> {
    if paths.is_empty() {
        return Err(Error::Input("merge: expected at least one shard".into()));
    }
    let shards: Vec<Shard> = paths.iter().map(|p| read_header(p)).collect::<Result<_>>()?;
    let first = &shards[0];
    let base = |h: &Header| Header {
        shard: None,
        ..h.clone()
    };
    for s in &shards[1..] {
        let (a, b) = (&first.spec, &s.spec);
        if a.instance_hash != b.instance_hash {
            return Err(Error::Input(format!(
                "{} is a shard of another instance ({}) than {} ({})",
                name(&s.path),
                b.instance_hash,
                name(&first.path),
                a.instance_hash
            )));
        }
        if a.version != b.version {
            return Err(Error::Input(format!(
                "{} was written by relucert {}, {} by relucert {}: shards of different versions \
                 are not merged (rerun them with one version)",
                name(&s.path),
                b.version,
                name(&first.path),
                a.version
            )));
        }
        if a.count != b.count {
            return Err(Error::Input(format!(
                "{} is shard {}/{}, but {} is shard {}/{}: all shards must be of one split",
                name(&s.path),
                b.index,
                b.count,
                name(&first.path),
                a.index,
                a.count
            )));
        }
        if base(&first.header) != base(&s.header) {
            return Err(Error::Input(format!(
                "{} was made with other options than {} (families, least squares, reduction)",
                name(&s.path),
                name(&first.path)
            )));
        }
        let stages = |sp: &ShardSpec| -> Vec<(String, u64)> {
            sp.ranges.iter().map(|r| (r.stage.clone(), r.total)).collect()
        };
        if stages(a) != stages(b) {
            return Err(Error::Input(format!(
                "corrupted shard {}: its stages {:?} differ from {:?} in {}",
                name(&s.path),
                stages(b),
                stages(a),
                name(&first.path)
            )));
        }
    }
    let n = first.spec.count;
    let mut by_index: Vec<Option<&Shard>> = vec![None; n as usize];
    for s in &shards {
        let i = s.spec.index;
        if i == 0 || i > n {
            return Err(Error::Input(format!(
                "corrupted shard {}: index {i} is not in 1..={n}",
                name(&s.path)
            )));
        }
        if let Some(other) = by_index[i as usize - 1] {
            return Err(Error::Input(format!(
                "shard {i}/{n} is given twice: {} and {}",
                name(&other.path),
                name(&s.path)
            )));
        }
        by_index[i as usize - 1] = Some(s);
    }
    // Every stage must be tiled by the ranges, in index order.
    let stages = first.spec.ranges.len();
    let mut gaps = Vec::new();
    for st in 0..stages {
        let stage = &first.spec.ranges[st].stage;
        let total = first.spec.ranges[st].total;
        let mut pos = 0u64;
        for s in by_index.iter().flatten() {
            let r = &s.spec.ranges[st];
            if r.start > r.end || r.end > total {
                return Err(Error::Input(format!(
                    "corrupted shard {}: {stage} range {}..{} is not within 0..{total}",
                    name(&s.path),
                    r.start,
                    r.end
                )));
            }
            if r.is_empty() {
                continue;
            }
            if r.start < pos {
                return Err(Error::Input(format!(
                    "{stage} {}..{} are covered twice: shard {} ({}) overlaps an earlier shard",
                    r.start,
                    pos.min(r.end),
                    s.spec.index,
                    name(&s.path)
                )));
            }
            if r.start > pos {
                gaps.push(format!("{stage} {pos}..{}", r.start));
            }
            pos = r.end;
        }
        if pos < total {
            gaps.push(format!("{stage} {pos}..{total}"));
        }
    }
    let missing: Vec<String> = (1..=n)
        .filter(|i| by_index[*i as usize - 1].is_none())
        .map(|i| format!("{i}/{n}"))
        .collect();
    if !missing.is_empty() || !gaps.is_empty() {
        return Err(Error::Input(format!(
            "{}; not covered: {}",
            if missing.is_empty() {
                "the shards' ranges leave a gap".to_string()
            } else {
                format!(
                    "missing shard{} {}",
                    if missing.len() == 1 { "" } else { "s" },
                    missing.join(", ")
                )
            },
            if gaps.is_empty() {
                "no pieces (the missing shards have empty ranges)".to_string()
            } else {
                gaps.join(", ")
            }
        )));
    }
    let mut ordered: Vec<Shard> = shards;
    ordered.sort_by_key(|s| s.spec.index);
    Ok(ordered)
}

/// Merge `paths` into `output` (a `relucert/2` certificate; gzip when it ends in `.gz`).
pub fn merge(paths: &[PathBuf], output: &Path) -> Result<Trailer> {
    let shards = plan(paths)?;
    let header = Header {
        shard: None,
        ..shards[0].header.clone()
    };
    let (mut writer, _) = StreamWriter::create(output, header.clone(), false)?;
    match stream(&shards, &header, &mut writer) {
        Ok(()) => writer.finish(),
        Err(e) => {
            writer.discard();
            Err(e)
        }
    }
}

fn corrupted(s: &Shard, line: usize, detail: impl std::fmt::Display) -> Error {
    Error::Input(format!(
        "corrupted shard {} (shard {}/{}): line {line}: {detail}",
        name(&s.path),
        s.spec.index,
        s.spec.count
    ))
}

fn open(s: &Shard) -> Result<Reader> {
    let mut r = Reader::open(&s.path)?;
    r.next(); // the header, read and checked by `plan`
    Ok(r)
}

fn next_record(s: &Shard, r: &mut Reader) -> Result<Option<(usize, Record)>> {
    match r.next() {
        None => Ok(None),
        Some(Ok(x)) => Ok(Some(x)),
        Some(Err(e)) => Err(Error::Input(format!(
            "corrupted shard (shard {}/{}): {}",
            s.spec.index, s.spec.count, e.0
        ))),
    }
}

fn stream(shards: &[Shard], header: &Header, w: &mut StreamWriter) -> Result<()> {
    let range = |s: &Shard, stage: &str| s.spec.ranges.iter().find(|r| r.stage == stage).cloned();
    let k = header.instance.hidden;
    // Pass 1: the chambers and faces (from the first shard, the same in all), then the cells.
    let mut prefix: Vec<Record> = Vec::new();
    let mut cells: Option<Multisets> = None;
    for (j, s) in shards.iter().enumerate() {
        let mut r = open(s)?;
        let mut seen = 0usize;
        let cell_range = range(s, "cells").unwrap_or_default();
        let mut cell_count = 0u64;
        while let Some((line, rec)) = next_record(s, &mut r)? {
            match rec {
                Record::Chamber(_) | Record::Arrangement(_) | Record::Face(_) | Record::Faces(_) => {
                    if j == 0 {
                        prefix.push(rec.clone());
                        w.push(rec)?;
                    } else if prefix.get(seen) != Some(&rec) {
                        return Err(corrupted(
                            s,
                            line,
                            format!(
                                "its chambers and faces differ from those of {}",
                                name(&shards[0].path)
                            ),
                        ));
                    }
                    seen += 1;
                }
                Record::Cell(c) => {
                    if seen != prefix.len() {
                        return Err(corrupted(
                            s,
                            line,
                            "a cell before the end of the chambers and faces",
                        ));
                    }
                    let combos = cells.get_or_insert_with(|| {
                        let chambers = prefix.iter().filter(|r| matches!(r, Record::Chamber(_))).count();
                        let mut m = Multisets::new(chambers, k);
                        m.skip_n(cell_range.start);
                        m
                    });
                    let expected = combos.current().map(|c| c.to_vec());
                    let found: Vec<usize> = c.c.iter().map(|&i| i as usize).collect();
                    if expected.as_ref() != Some(&found) {
                        return Err(corrupted(
                            s,
                            line,
                            format!(
                                "expected the cell combination {:?} here (canonical order), found {:?}",
                                expected, c.c
                            ),
                        ));
                    }
                    combos.advance();
                    cell_count += 1;
                    w.push(Record::Cell(c))?;
                }
                _ => break,
            }
        }
        if seen != prefix.len() {
            return Err(corrupted(s, r.line(), "the chambers and faces are incomplete"));
        }
        if cell_count != cell_range.len() {
            return Err(corrupted(
                s,
                r.line(),
                format!(
                    "{cell_count} cell records, but its range {}..{} has {}",
                    cell_range.start,
                    cell_range.end,
                    cell_range.len()
                ),
            ));
        }
    }
    // Pass 2: the families stream of every shard, then its closing counts. With the reduced
    // search every shard's families stream opens with the same `reduction` record; it is
    // written once. Keys are ordered by (units, items): the cores' order, and the multisets'
    // (all of K units) without reduction.
    let reduce = header.options.reduce;
    let mut reduction: Option<Record> = None;
    let mut last: Option<(usize, Vec<u64>)> = None;
    for s in shards {
        let mut r = open(s)?;
        let mut reduction_seen = false;
        let fam_range = range(s, "families").unwrap_or_default();
        let mut count = 0u64;
        let mut counts = std::collections::BTreeMap::<String, u64>::new();
        *counts.entry("header".into()).or_default() += 1;
        let mut ended = false;
        while let Some((line, rec)) = next_record(s, &mut r)? {
            if ended {
                return Err(corrupted(s, line, "a record after shard_end"));
            }
            match rec {
                Record::ShardEnd(end) => {
                    if end.counts != counts {
                        return Err(corrupted(
                            s,
                            line,
                            format!(
                                "shard_end counts {:?}, but the shard holds {:?}",
                                end.counts, counts
                            ),
                        ));
                    }
                    ended = true;
                    continue;
                }
                Record::Header(_) | Record::Trailer(_) => {
                    return Err(corrupted(
                        s,
                        line,
                        format!("unexpected {} record", rec.kind_name()),
                    ));
                }
                _ => {}
            }
            *counts.entry(rec.kind_name().to_string()).or_default() += 1;
            if matches!(rec, Record::Reduction(_)) {
                if !reduce || reduction_seen || count > 0 {
                    return Err(corrupted(
                        s,
                        line,
                        "a reduction record that does not open the families stream of a reduced search",
                    ));
                }
                match &reduction {
                    None => {
                        reduction = Some(rec.clone());
                        w.push(rec)?;
                    }
                    Some(first) if *first != rec => {
                        return Err(corrupted(
                            s,
                            line,
                            format!(
                                "its reduction record differs from that of {}",
                                name(&shards[0].path)
                            ),
                        ));
                    }
                    Some(_) => {}
                }
                reduction_seen = true;
                continue;
            }
            if let Some((f, m)) = rec.family_key() {
                if reduce && !reduction_seen {
                    return Err(corrupted(
                        s,
                        line,
                        "a family record before the reduction record of a reduced search",
                    ));
                }
                let mut key: Vec<u64> = Vec::with_capacity(f.len());
                for (&fi, mc) in f.iter().zip(m.chars()) {
                    let mode = "+-0".find(mc).unwrap_or(3) as u64;
                    key.push(fi.saturating_mul(3).saturating_add(mode));
                }
                let key = (key.len(), key);
                if last.as_ref().is_some_and(|prev| *prev >= key) {
                    return Err(corrupted(
                        s,
                        line,
                        "face/mode combinations must strictly increase across the shards \
                         (a duplicate or out of order)",
                    ));
                }
                last = Some(key);
                count += 1;
                w.push(rec)?;
            } else if matches!(rec, Record::Cell(_)) || Section::of(&rec).is_some_and(|x| x < Section::Cells)
            {
                continue; // read in pass 1
            } else {
                count += 1;
                w.push(rec)?;
            }
        }
        if ended && reduce && !reduction_seen {
            return Err(corrupted(
                s,
                r.line(),
                "no reduction record, but the header says the family search is reduced",
            ));
        }
        if !ended {
            return Err(Error::Input(format!(
                "incomplete shard {} (shard {}/{}): no shard_end record — was it interrupted? \
                 Rerun it with `certify --shard {}/{} --resume`",
                name(&s.path),
                s.spec.index,
                s.spec.count,
                s.spec.index,
                s.spec.count
            )));
        }
        if count != fam_range.len() {
            return Err(corrupted(
                s,
                r.line(),
                format!(
                    "{count} family records, but its range {}..{} has {}",
                    fam_range.start,
                    fam_range.end,
                    fam_range.len()
                ),
            ));
        }
    }
    Ok(())
}
