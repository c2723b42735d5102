//! The streaming certificate format `relucert/2`: it agrees with `relucert/1`, the checker
//! accepts it plain and gzipped, every kind of tampering is rejected by a named rule, and an
//! interrupted `certify` resumes with no record lost or duplicated.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use relucert::certificate::build::certify;
use relucert::certificate::sink::VecSink;
use relucert::certificate::stream::{StreamOptions, certify_into, header};
use relucert::certificate::stream_tally::Tally;
use relucert::checker::stream::{StreamFailure, check_stream};
use relucert::feasibility::Route;
use relucert::instance::Instance;
use relucert_format::v2::{Reader, Record};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn load(name: &str) -> Instance {
    relucert::instance::toml_file::read(&fixture(name)).unwrap()
}

fn relucert(args: &[&str], dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relucert"));
    cmd.args(args).current_dir(dir);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

fn opts(families: bool) -> StreamOptions {
    StreamOptions {
        route: Route::FloatFirst,
        families,
        least_squares: false,
        progress: false,
        reduce: false,
        solution_set: true,
    }
}

/// The records of a certificate of `inst`, header to trailer.
fn records(inst: &Instance, families: bool) -> Vec<Record> {
    let o = opts(families);
    let mut sink = VecSink::default();
    certify_into(inst, &o, &mut sink).unwrap();
    let mut tally = Tally::default();
    let mut all = vec![Record::Header(header(inst, &o))];
    all.append(&mut sink.0);
    for r in &all {
        tally.add(r);
    }
    all.push(Record::Trailer(tally.trailer(families).unwrap()));
    all
}

fn check(recs: &[Record]) -> Result<relucert::checker::stream::StreamReport, StreamFailure> {
    check_stream(recs.iter().cloned().enumerate().map(|(i, r)| Ok((i + 1, r))))
}

fn rule_of(recs: &[Record]) -> String {
    match check(recs) {
        Ok(_) => "accepted".into(),
        Err(StreamFailure::Rejected(r)) => r.rule.to_string(),
        Err(StreamFailure::Format(e)) => format!("format: {e}"),
    }
}

#[test]
fn streams_agree_with_relucert_1() {
    for name in [
        "decomposition_fig3_h2.toml",
        "liu_fig2.toml",
        "decomposition_fig2.toml",
    ] {
        let inst = load(name);
        let v1 = certify(&inst, Route::FloatFirst, None, false)
            .unwrap()
            .certificate;
        let recs = records(&inst, true);
        let report = check(&recs).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let Some(Record::Trailer(t)) = recs.last() else {
            panic!()
        };
        let mut s1 = v1.summary.clone();
        let s2 = t.summary.clone();
        assert_eq!(s1.global_min, s2.global_min, "{name}");
        assert_eq!(s1.verdict, s2.verdict, "{name}");
        // relucert/1 counts spurious families the same way.
        s1.spurious = s2.spurious;
        assert_eq!(s1, s2, "{name}: the summaries agree");
        assert_eq!(
            report.report.families,
            Some(v1.minima.as_ref().unwrap().len() as u64)
        );
        assert_eq!(
            t.counts["family_refutation"],
            v1.family_refutations.as_ref().unwrap().len() as u64
        );
        assert_eq!(report.report.cells, v1.cells.len() as u64);
        assert_eq!(report.global_min, v1.summary.global_min);
    }
}

#[test]
fn cells_only_streams_are_accepted() {
    let inst = load("random_n10_d3_bias.toml");
    let recs = records(&inst, false);
    let r = check(&recs).unwrap();
    assert_eq!(r.report.families, None);
    assert_eq!(r.verdict, None);
}

/// Apply `f` to a copy of the records and return the rule that rejects the result.
fn mutated(recs: &[Record], f: impl FnOnce(&mut Vec<Record>)) -> String {
    let mut copy = recs.to_vec();
    f(&mut copy);
    rule_of(&copy)
}

fn position(recs: &[Record], pred: impl Fn(&Record) -> bool) -> usize {
    recs.iter().position(pred).expect("record of that kind")
}

#[test]
fn tampered_streams_are_rejected_by_a_named_rule() {
    let inst = load("decomposition_fig3_h2.toml");
    let recs = records(&inst, true);
    assert_eq!(rule_of(&recs), "accepted");
    let cell = position(&recs, |r| matches!(r, Record::Cell(_)));
    let refuted_cell = position(&recs, |r| matches!(r, Record::Cell(c) if !c.genuine));
    let family = position(&recs, |r| matches!(r, Record::Family(_)));
    let refutation = position(&recs, |r| matches!(r, Record::FamilyRefutation(_)));
    let face = position(
        &recs,
        |r| matches!(r, Record::Face(f) if f.regions.iter().any(|g| !g.t.is_empty())),
    );
    let last = recs.len() - 1;

    // Completeness and order of the stream.
    assert_eq!(
        mutated(&recs, |v| {
            v.remove(cell);
        }),
        "cell-enumeration"
    );
    assert_eq!(
        mutated(&recs, |v| v.insert(cell, v[cell].clone())),
        "cell-enumeration"
    );
    assert_eq!(
        mutated(&recs, |v| {
            v.remove(refutation);
        }),
        "stream-trailer"
    );
    assert_eq!(
        mutated(&recs, |v| v.insert(family, v[family].clone())),
        "family-enumeration"
    );
    assert_eq!(
        mutated(&recs, |v| v.swap(family, refutation)),
        "family-enumeration"
    );
    assert_eq!(
        mutated(&recs, |v| {
            v.pop();
        }),
        "stream-trailer"
    );
    assert_eq!(mutated(&recs, |v| v.push(v[1].clone())), "stream-order");
    assert_eq!(mutated(&recs, |v| v.swap(1, 2)), "stream-order");
    assert_eq!(
        mutated(&recs, |v| {
            v.remove(0);
        }),
        "stream-order"
    );
    assert_eq!(mutated(&recs, |v| v.swap(cell, face)), "stream-order");
    // Removing one refutation and fixing the trailer's counts: the enumeration is short.
    assert_eq!(
        mutated(&recs, |v| {
            v.remove(refutation);
            let Some(Record::Trailer(t)) = v.last_mut() else {
                panic!()
            };
            *t.counts.get_mut("family_refutation").unwrap() -= 1;
        }),
        "family-enumeration"
    );

    // The trailer's claims.
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Trailer(t) = &mut v[last] else {
                panic!()
            };
            t.summary.verdict = Some("no-spurious-minima".into());
        }),
        "verdict"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Trailer(t) = &mut v[last] else {
                panic!()
            };
            t.levels.as_mut().unwrap()[0].families += 1;
        }),
        "stream-trailer"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Trailer(t) = &mut v[last] else {
                panic!()
            };
            t.summary.cells_ordered += 1;
        }),
        "summary"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Trailer(t) = &mut v[last] else {
                panic!()
            };
            t.summary.global_min = Some(relucert::exact::Q::from_integer(1.into()));
        }),
        "global-min"
    );

    // The records' own claims, decoded and checked by the relucert/1 rules.
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Cell(c) = &mut v[cell] else { panic!() };
            c.loss += relucert::exact::Q::from_integer(1.into());
        }),
        "cell-loss"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Cell(c) = &mut v[refuted_cell] else {
                panic!()
            };
            let m = &mut c.refutations.as_mut().unwrap()[0].m;
            let first = m.e.0.first().map(|(i, _)| *i).unwrap_or(0);
            m.e.0.retain(|(i, _)| *i != first);
        }),
        "refutation-motzkin"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::FamilyRefutation(f) = &mut v[refutation] else {
                panic!()
            };
            for (_, q) in f.motzkin.l.0.iter_mut().chain(f.motzkin.e.0.iter_mut()) {
                *q *= relucert::exact::Q::from_integer(2.into());
                break;
            }
        }),
        "family-refutation"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::FamilyRefutation(f) = &mut v[refutation] else {
                panic!()
            };
            f.motzkin.len[2] += 1;
        }),
        "family-refutation"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Family(f) = &mut v[family] else {
                panic!()
            };
            f.loss += relucert::exact::Q::from_integer(1.into());
        }),
        "family-cells"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Family(f) = &mut v[family] else {
                panic!()
            };
            f.differentiable = !f.differentiable;
        }),
        "family-differentiable"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Face(f) = &mut v[face] else { panic!() };
            for x in &mut f.regions[0].v {
                *x = -x.clone();
            }
        }),
        "family-regions"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Face(f) = &mut v[face] else { panic!() };
            f.regions.pop();
        }),
        "family-regions"
    );
    assert_eq!(
        mutated(&recs, |v| {
            let Record::Chamber(c) = &mut v[1] else { panic!() };
            c.witness = c.witness.iter().map(|x| -x.clone()).collect();
        }),
        "chamber-witness"
    );
}

#[test]
fn family_multipliers_are_checked_after_decoding() {
    // A family with a boundary unit: its ν decode into λ, μ of the face's regions.
    let inst = load("decomposition_fig3_h2.toml");
    let recs = records(&inst, true);
    let i = position(
        &recs,
        |r| matches!(r, Record::Family(f) if f.nu.iter().flatten().any(|n| n.iter().any(|q| *q != relucert::exact::Q::from_integer(0.into())))),
    );
    let rule = mutated(&recs, |v| {
        let Record::Family(f) = &mut v[i] else { panic!() };
        let n = f.nu.iter_mut().flatten().find(|n| !n.is_empty()).unwrap();
        n[0] += relucert::exact::Q::from_integer(1.into());
    });
    assert_eq!(rule, "family-multipliers");
}

fn certify_args<'a>(instance: &'a str, out: &'a str) -> Vec<&'a str> {
    vec!["certify", instance, "-o", out, "--force"]
}

#[test]
fn gzip_and_plain_files_check_alike_and_relucert_1_still_checks() {
    let dir = tempfile::tempdir().unwrap();
    let inst = fixture("decomposition_fig3_h2.toml");
    let inst = inst.to_str().unwrap();
    for out in ["c.jsonl", "c.jsonl.gz", "c.json"] {
        // Both formats reduce the family search by default; --no-reduce gives the 72 families
        // of the full search in each.
        let mut args = certify_args(inst, out);
        args.push("--no-reduce");
        let o = relucert(&args, dir.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{out}: {}", text(&o.stderr));
        assert!(!dir.path().join(format!("{out}.partial")).exists());
        let o = relucert(&["check", out], dir.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{out}: {}", text(&o.stdout));
        assert!(
            text(&o.stdout).contains("72 families of minima verified"),
            "{out}"
        );
    }
    let gz = std::fs::read(dir.path().join("c.jsonl.gz")).unwrap();
    assert_eq!(&gz[..2], &[0x1f, 0x8b]);
    // The same records, compressed or not.
    let plain: Vec<Record> = Reader::open(&dir.path().join("c.jsonl"))
        .unwrap()
        .map(|r| r.unwrap().1)
        .collect();
    let unzipped: Vec<Record> = Reader::open(&dir.path().join("c.jsonl.gz"))
        .unwrap()
        .map(|r| r.unwrap().1)
        .collect();
    assert_eq!(plain, unzipped);
    // --format 1 on a .jsonl name writes relucert/1; --resume needs format 2; --format 2 to stdout.
    let o = relucert(
        &["certify", inst, "-o", "one.jsonl", "--format", "1"],
        dir.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        std::fs::read_to_string(dir.path().join("one.jsonl"))
            .unwrap()
            .contains("\"relucert/1\"")
    );
    let o = relucert(&["certify", inst, "-o", "x.json", "--resume"], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    let o = relucert(
        &["certify", inst, "-o", "-", "--format", "2", "--no-reduce"],
        dir.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let lines: Vec<&str> = std::str::from_utf8(&o.stdout).unwrap().lines().collect();
    assert!(lines[0].contains("\"kind\":\"header\""), "{}", lines[0]);
    assert!(lines.last().unwrap().contains("\"kind\":\"trailer\""));
    assert_eq!(lines.len(), plain.len());
}

#[test]
fn a_cut_file_is_unreadable_not_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let inst = fixture("decomposition_fig3_h2.toml");
    let o = relucert(&certify_args(inst.to_str().unwrap(), "c.jsonl"), dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    let bytes = std::fs::read(dir.path().join("c.jsonl")).unwrap();
    std::fs::write(dir.path().join("cut.jsonl"), &bytes[..bytes.len() / 2]).unwrap();
    let o = relucert(&["check", "cut.jsonl"], dir.path(), &[]);
    assert_ne!(o.status.code(), Some(0));
    // Whole lines only, no trailer: rejected by stream-trailer.
    let text_all = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text_all.lines().collect();
    std::fs::write(
        dir.path().join("short.jsonl"),
        lines[..lines.len() / 2].join("\n") + "\n",
    )
    .unwrap();
    let o = relucert(&["check", "short.jsonl"], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stdout).contains("stream-trailer"), "{}", text(&o.stdout));
}

/// Interrupt `certify` after `after` records (the test hook aborts the process like a kill),
/// then `--resume`: the result is the file an uninterrupted run writes, byte for byte.
fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

fn interrupted_then_resumed(after: &str, out: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let inst = fixture("decomposition_fig3_h2.toml");
    let inst = inst.to_str().unwrap();
    let certify_args = |inst: &str, out: &str| -> Vec<String> {
        certify_args(inst, out)
            .into_iter()
            .map(String::from)
            .chain(extra.iter().map(|e| e.to_string()))
            .collect()
    };
    let o = relucert(&refs(&certify_args(inst, "whole.jsonl")), dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0));
    let o = relucert(
        &refs(&certify_args(inst, out)),
        dir.path(),
        &[("RELUCERT_STOP_AFTER", after)],
    );
    assert_ne!(o.status.code(), Some(0), "the run was interrupted");
    assert!(!dir.path().join(out).exists(), "no half-written target");
    let partial = dir.path().join(format!("{out}.partial"));
    assert!(partial.exists());
    // Cut the last line in half too, as a kill during a write would.
    let mut bytes = std::fs::read(&partial).unwrap();
    bytes.extend_from_slice(b"{\"kind\":\"cell\",\"c\":[");
    std::fs::write(&partial, &bytes).unwrap();
    let mut args = certify_args(inst, out);
    args.push("--resume".into());
    let o = relucert(&refs(&args), dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("resuming:"), "{}", text(&o.stdout));
    assert!(!partial.exists());
    let o = relucert(&["check", out], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("verdict spurious-minima"));
    let whole: Vec<Record> = Reader::open(&dir.path().join("whole.jsonl"))
        .unwrap()
        .map(|r| r.unwrap().1)
        .collect();
    let resumed: Vec<Record> = Reader::open(&dir.path().join(out))
        .unwrap()
        .map(|r| r.unwrap().1)
        .collect();
    assert_eq!(whole, resumed, "no record lost or duplicated");
}

#[test]
fn resume_after_an_interruption_in_each_stage() {
    // The full search (--no-reduce): 10 records: in the chambers; 40: in the faces; 120: in the
    // cells; 400: in the families.
    for after in ["10", "40", "120", "400"] {
        interrupted_then_resumed(after, "r.jsonl", &["--no-reduce"]);
    }
    interrupted_then_resumed("300", "r.jsonl.gz", &["--no-reduce"]);
    // The reduced search (the default): header 1 + chambers 7 + faces 14 + cells 21 = 43
    // records before the families stream, whose first record is the reduction record (44).
    for after in ["10", "30", "43", "44", "45", "120", "200"] {
        interrupted_then_resumed(after, "r.jsonl", &[]);
    }
    interrupted_then_resumed("150", "r.jsonl.gz", &[]);
}

#[test]
fn resume_refuses_a_partial_file_of_another_instance() {
    let dir = tempfile::tempdir().unwrap();
    let a = fixture("decomposition_fig3_h2.toml");
    let b = fixture("liu_fig2.toml");
    let o = relucert(
        &certify_args(a.to_str().unwrap(), "r.jsonl"),
        dir.path(),
        &[("RELUCERT_STOP_AFTER", "50")],
    );
    assert_ne!(o.status.code(), Some(0));
    let mut args = certify_args(b.to_str().unwrap(), "r.jsonl");
    args.push("--resume");
    let o = relucert(&args, dir.path(), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("another instance"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn killing_certify_and_resuming_gives_an_accepted_certificate() {
    // A real SIGKILL while the families are being decided (Fig. 3 data at K = 3).
    let dir = tempfile::tempdir().unwrap();
    let toml = std::fs::read_to_string(fixture("decomposition_fig1.toml"))
        .unwrap()
        .replace("hidden = 1", "hidden = 3");
    std::fs::write(dir.path().join("k3.toml"), toml).unwrap();
    let partial = dir.path().join("k3.jsonl.partial");
    let mut child = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["certify", "k3.toml", "-o", "k3.jsonl", "--force"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let lines = std::fs::read(&partial)
            .map(|b| b.iter().filter(|&&c| c == b'\n').count())
            .unwrap_or(0);
        if lines > 200 || started.elapsed().as_secs() > 120 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let killed = !status.success();
    let o = relucert(
        &["certify", "k3.toml", "-o", "k3.jsonl", "--force", "--resume"],
        dir.path(),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    if killed {
        assert!(text(&o.stdout).contains("resuming:"), "{}", text(&o.stdout));
    }
    let o = relucert(&["check", "k3.jsonl"], dir.path(), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(
        text(&o.stdout).contains("verified: global minimum 0, verdict spurious-minima"),
        "{}",
        text(&o.stdout)
    );
}

/// A failure found by the per-record rules (verified in parallel batches) in an earlier record
/// is reported before a failure of the stream's own rules (verified as the records are read)
/// in a later one: the first failure in stream order.
#[test]
fn the_first_failure_in_stream_order_is_reported() {
    let inst = load("decomposition_fig3_h2.toml");
    let recs = records(&inst, true);
    let refuted_cell = position(&recs, |r| matches!(r, Record::Cell(c) if !c.genuine));
    let last_cell = recs.iter().rposition(|r| matches!(r, Record::Cell(_))).unwrap();
    assert!(refuted_cell < last_cell);
    let tamper = |v: &mut Vec<Record>| {
        let Record::Cell(c) = &mut v[refuted_cell] else {
            panic!()
        };
        let m = &mut c.refutations.as_mut().unwrap()[0].m;
        let first = m.e.0.first().map(|(i, _)| *i).unwrap_or(0);
        m.e.0.retain(|(i, _)| *i != first);
    };
    // Alone, each is rejected by its own rule.
    assert_eq!(mutated(&recs, tamper), "refutation-motzkin");
    assert_eq!(
        mutated(&recs, |v| v.insert(last_cell, v[last_cell].clone())),
        "cell-enumeration"
    );
    // Together: the earlier record's rule.
    assert_eq!(
        mutated(&recs, |v| {
            tamper(v);
            v.insert(last_cell, v[last_cell].clone());
        }),
        "refutation-motzkin"
    );
    assert_eq!(
        mutated(&recs, |v| {
            tamper(v);
            v.pop();
        }),
        "refutation-motzkin"
    );
}

/// Reading with `parse_ahead` (batches of lines parsed in parallel) gives the same items, line
/// numbers and first error as reading one line at a time, across several batches, for a
/// valid file, a line that does not parse, and a file cut in the middle of a line.
#[test]
fn parse_ahead_reads_what_the_line_by_line_reader_reads() {
    let inst = load("decomposition_fig3_h2.toml");
    let recs = records(&inst, true);
    let mut lines: Vec<String> = recs.iter().map(|r| serde_json::to_string(r).unwrap()).collect();
    // More lines than one batch (512) holds: the cell records again and again.
    while lines.len() < 1500 {
        lines.extend_from_within(1..lines.len().min(400));
    }
    let dir = tempfile::tempdir().unwrap();
    let read_all = |text: &str, ahead: bool| {
        let path = dir.path().join("s.jsonl");
        std::fs::write(&path, text).unwrap();
        let reader = Reader::open(&path).unwrap();
        let mut reader = if ahead { reader.parse_ahead() } else { reader };
        let mut seen = Vec::new();
        while let Some(item) = reader.next() {
            let line = reader.line();
            seen.push(match item {
                Ok((n, r)) => format!("{line} {n} {}", serde_json::to_string(&r).unwrap()),
                Err(e) => format!("{line} error {e}"),
            });
        }
        seen
    };
    let whole = lines.join("\n") + "\n";
    let mut bad = lines.clone();
    bad[700] = bad[700].replacen('{', "{{", 1);
    let cut = &whole[..whole.len() - 40];
    for (name, text) in [
        ("valid", whole.clone()),
        ("bad line", bad.join("\n") + "\n"),
        ("cut", cut.to_string()),
    ] {
        let one = read_all(&text, false);
        let ahead = read_all(&text, true);
        assert_eq!(one, ahead, "{name}");
        match name {
            "valid" => assert_eq!(one.len(), lines.len()),
            "bad line" => {
                assert_eq!(one.len(), 701);
                assert!(one[700].starts_with("701 error"), "{}", one[700]);
            }
            _ => assert!(
                one.last().unwrap().contains("incomplete last line"),
                "{}",
                one.last().unwrap()
            ),
        }
    }
    // A bad line early, at the end of a batch, at the start of the next, and in the batch
    // being parsed ahead while the one before it is used.
    for at in [2usize, 511, 512, 1023, 1100] {
        let mut bad = lines.clone();
        bad[at] = bad[at].replacen('{', "{{", 1);
        let text = bad.join("\n") + "\n";
        let one = read_all(&text, false);
        assert_eq!(one, read_all(&text, true), "bad line {}", at + 1);
        assert_eq!(one.len(), at + 1);
        assert!(one[at].starts_with(&format!("{} error", at + 1)), "{}", one[at]);
    }
}

/// The cell records' lines are encoded on the pool (`v2::io::encode`) and written in order:
/// the file is byte for byte the records written one by one with `Writer::write`.
#[test]
fn the_file_is_the_records_written_one_at_a_time() {
    let dir = tempfile::tempdir().unwrap();
    for (name, families) in [
        ("random_n10_d3_bias.toml", false),
        ("decomposition_fig3_h2.toml", true),
    ] {
        let path = fixture(name);
        let mut args = certify_args(path.to_str().unwrap(), "c.jsonl");
        args.push("--no-reduce");
        if !families {
            args.push("--cells-only");
        }
        let o = relucert(&args, dir.path(), &[]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        let written = std::fs::read(dir.path().join("c.jsonl")).unwrap();
        let mut expected = relucert_format::v2::Writer::new(Vec::new());
        for r in records(&load(name), families) {
            expected.write(&r).unwrap();
        }
        assert!(written == expected.into_inner(), "{name}: the file differs");
    }
}

/// Across batches of 1024 records, the failure reported is the first in stream order — a
/// record's rule in an earlier batch wins over a record's rule or a stream rule in a later
/// one — and an untampered stream is accepted with the same totals on the caller's thread and
/// on a pool thread (where the reader does not parse ahead of the records used).
#[test]
fn the_first_failure_in_stream_order_is_reported_across_batches() {
    let mut inst = load("random_n10_d3_bias.toml");
    inst.hidden = 2;
    let recs = records(&inst, false);
    let cells: Vec<usize> = (0..recs.len())
        .filter(|&i| matches!(recs[i], Record::Cell(_)))
        .collect();
    assert!(
        cells.len() > 3 * relucert::checker::stream::BATCH,
        "{} cells",
        cells.len()
    );
    let refuted_in = |from: usize| {
        cells[from..]
            .iter()
            .copied()
            .find(|&i| matches!(&recs[i], Record::Cell(c) if !c.genuine))
            .unwrap()
    };
    let (early, middle) = (refuted_in(100), refuted_in(1500));
    let late = cells[3000];
    let tamper = |v: &mut Vec<Record>, at: usize| {
        let Record::Cell(c) = &mut v[at] else { panic!() };
        let m = &mut c.refutations.as_mut().unwrap()[0].m;
        let first = m.e.0.first().map(|(i, _)| *i).unwrap_or(0);
        m.e.0.retain(|(i, _)| *i != first);
    };
    let location = |v: &[Record]| match check(v) {
        Err(StreamFailure::Rejected(r)) => format!("{} {}", r.rule, r.location),
        other => panic!("expected a rejection, got {other:?}"),
    };
    let line = |i: usize| format!("line {}", i + 1);
    let cell = |i: usize| format!("cells[{}] ", cells.iter().position(|&c| c == i).unwrap());
    // Two records' rules in different batches: the earlier one.
    let mut v = recs.clone();
    tamper(&mut v, middle);
    tamper(&mut v, early);
    assert!(
        location(&v).starts_with(&format!("refutation-motzkin {}", cell(early))),
        "{}",
        location(&v)
    );
    // A record's rule, then a stream rule two batches later: the record's.
    let mut v = recs.clone();
    tamper(&mut v, middle);
    v.insert(late, v[late].clone());
    assert!(
        location(&v).starts_with(&format!("refutation-motzkin {}", cell(middle))),
        "{}",
        location(&v)
    );
    // The stream rule alone.
    let mut v = recs.clone();
    v.insert(late, v[late].clone());
    assert_eq!(location(&v), format!("cell-enumeration {}", line(late + 1)));
    // Accepted, with the totals of the batches verified one at a time.
    let behind = check(&recs).unwrap();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let at_once = pool.install(|| check(&recs)).unwrap();
    assert_eq!(behind, at_once);
    assert_eq!(behind.report.cells, cells.len() as u64);
}
