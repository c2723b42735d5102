//! Shards (`certify --shard i/n`) and `merge` (docs/cluster.md): shard + merge gives the single
//! run's certificate byte for byte (n = 1, 2, 3, 7 on random instances), the checker accepts a
//! single shard and the merged certificate, and merge rejects a missing, a duplicated, a
//! foreign and a corrupted shard with a message naming it (exit 2, no output written).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn relucert(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn ok(args: &[&str], dir: &Path) -> String {
    let o = relucert(args, dir);
    assert_eq!(o.status.code(), Some(0), "relucert {args:?}: {}", text(&o));
    text(&o)
}

/// A small deterministic generator (the instances must be the same on every run).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.next((hi - lo + 1) as u64) as i64
    }
}

/// A random small instance as TOML: N = 3..4, d = 1..2, K = 1..2, sometimes with bias, a leaky
/// slope or an output bias.
fn random_instance(seed: u64) -> String {
    let mut g = Lcg(seed);
    let n = g.int(3, 4) as usize;
    let d = g.int(1, 2) as usize;
    let k = g.int(1, 2);
    let x: Vec<String> = (0..n)
        .map(|_| {
            let row: Vec<String> = (0..d).map(|_| g.int(-3, 3).to_string()).collect();
            format!("[{}]", row.join(", "))
        })
        .collect();
    let y: Vec<String> = (0..n).map(|_| g.int(-3, 3).to_string()).collect();
    let bias = g.next(2) == 0;
    let alpha = if g.next(3) == 0 { "1/4" } else { "0" };
    let output_bias = g.next(3) == 0;
    format!(
        "hidden = {k}\nbias = {bias}\nalpha = \"{alpha}\"\noutput_bias = {output_bias}\nx = [{}]\ny = [{}]\n",
        x.join(", "),
        y.join(", ")
    )
}

fn shards(dir: &Path, inst: &str, n: u64, extra: &[&str]) -> Vec<PathBuf> {
    (1..=n)
        .map(|i| {
            let out = dir.join(format!("s{i}-of-{n}.jsonl"));
            let id = format!("{i}/{n}");
            let mut args = vec!["certify", inst, "--shard", &id, "-o", out.to_str().unwrap()];
            args.extend_from_slice(extra);
            ok(&args, dir);
            out
        })
        .collect()
}

/// shard + merge = the single run, byte for byte, for n = 1, 2, 3, 7, with the reduced family
/// search (the default: the families ranges are ranges of the cores) and with `--no-reduce`
/// (ranges of every face/mode multiset).
#[test]
fn shard_and_merge_equal_the_single_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for search in [&[][..], &["--no-reduce"][..]] {
        let mut families = 0;
        for seed in 1..=6u64 {
            let inst = dir.join(format!("r{seed}.toml"));
            std::fs::write(&inst, random_instance(seed)).unwrap();
            let inst = inst.to_str().unwrap();
            let single = dir.join(format!("r{seed}.jsonl"));
            let mut args = vec!["certify", inst, "--force", "-o", single.to_str().unwrap()];
            args.extend_from_slice(search);
            ok(&args, dir);
            let want = std::fs::read(&single).unwrap();
            let text = String::from_utf8_lossy(&want);
            families += text.matches("\"kind\":\"family\"").count();
            // The default search is reduced (a reduction record), --no-reduce is not.
            assert_eq!(
                text.contains("\"kind\":\"reduction\""),
                search.is_empty(),
                "seed {seed} {search:?}"
            );
            for n in [1u64, 2, 3, 7] {
                let mut parts = shards(dir, inst, n, search);
                if n == 3 {
                    for p in &parts {
                        let out = ok(&["check", p.to_str().unwrap()], dir);
                        assert!(out.contains("verified shard"), "{out}");
                    }
                }
                parts.reverse(); // merge takes the shards in any order
                let merged = dir.join(format!("r{seed}-merged-{n}.jsonl"));
                let mut args = vec!["merge"];
                args.extend(parts.iter().map(|p| p.to_str().unwrap()));
                args.extend(["-o", merged.to_str().unwrap()]);
                ok(&args, dir);
                let got = std::fs::read(&merged).unwrap();
                assert!(
                    got == want,
                    "seed {seed}, n = {n}, {search:?}: merged certificate differs from the single run"
                );
                let out = ok(&["check", merged.to_str().unwrap()], dir);
                assert!(out.contains("verified: global minimum"), "{out}");
            }
        }
        assert!(families > 0, "the random instances have families ({search:?})");
    }
}

/// The cost model splits by cost: on Fig. 3 data with K = 2 the ranges are not equal counts,
/// and the same instance and n give the same ranges (deterministic).
#[test]
fn ranges_are_deterministic_and_tile() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inst = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/decomposition_fig3_h2.toml");
    let inst = inst.to_str().unwrap();
    // 192 cores (13 faces, 18 of 39 items not inert), 780 multisets with --no-reduce.
    for (search, total) in [(&[][..], 192u64), (&["--no-reduce"][..], 780)] {
        let a = shards(dir, inst, 4, search);
        let header = |p: &Path| {
            let t = std::fs::read_to_string(p).unwrap();
            t.lines().next().unwrap().to_string()
        };
        let first: Vec<String> = a.iter().map(|p| header(p)).collect();
        let b = shards(dir, inst, 4, search);
        let again: Vec<String> = b.iter().map(|p| header(p)).collect();
        assert_eq!(first, again);
        let mut pos = 0u64;
        for h in &first {
            let v: serde_json::Value = serde_json::from_str(h).unwrap();
            let r = &v["shard"]["ranges"][1];
            assert_eq!(r["stage"], "families");
            assert_eq!(r["start"].as_u64().unwrap(), pos);
            pos = r["end"].as_u64().unwrap();
            assert_eq!(r["total"].as_u64().unwrap(), total);
        }
        assert_eq!(pos, total);
    }
}

/// The families range `start..end` of a shard file, from its header.
fn family_range(p: &Path) -> (u64, u64) {
    let (lo, hi, _) = family_range_of(p);
    (lo, hi)
}

/// The families range `start..end` and `total` of a shard file, from its header.
fn family_range_of(p: &Path) -> (u64, u64, u64) {
    let t = std::fs::read_to_string(p).unwrap();
    let v: serde_json::Value = serde_json::from_str(t.lines().next().unwrap()).unwrap();
    let r = &v["shard"]["ranges"][1];
    (
        r["start"].as_u64().unwrap(),
        r["end"].as_u64().unwrap(),
        r["total"].as_u64().unwrap(),
    )
}

fn merge_fails(parts: &[&Path], dir: &Path) -> String {
    let out = dir.join("merged.jsonl");
    let mut args = vec!["merge"];
    args.extend(parts.iter().map(|p| p.to_str().unwrap()));
    args.extend(["-o", out.to_str().unwrap()]);
    let o = relucert(&args, dir);
    assert_eq!(
        o.status.code(),
        Some(2),
        "merge {parts:?} should fail: {}",
        text(&o)
    );
    assert!(!out.exists(), "a failed merge leaves no output");
    assert!(
        !dir.join("merged.jsonl.partial").exists(),
        "a failed merge leaves no partial file"
    );
    let t = text(&o);
    assert_eq!(t.lines().count(), 1, "one line: {t}");
    t
}

#[test]
fn merge_rejects_missing_duplicated_foreign_and_corrupted_shards() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let inst = fixtures.join("decomposition_fig3_h2.toml");
    let s = shards(dir, inst.to_str().unwrap(), 3, &[]);
    let (s1, s2, s3) = (s[0].as_path(), s[1].as_path(), s[2].as_path());

    let t = merge_fails(&[s1, s3], dir);
    let (lo, hi) = family_range(s2);
    assert!(
        t.contains("missing shard 2/3") && t.contains(&format!("families {lo}..{hi}")),
        "{t}"
    );

    let copy = dir.join("copy-of-2.jsonl");
    std::fs::copy(s2, &copy).unwrap();
    let t = merge_fails(&[s1, s2, &copy, s3], dir);
    assert!(
        t.contains("shard 2/3 is given twice") && t.contains("copy-of-2.jsonl"),
        "{t}"
    );

    let other = dir.join("other");
    std::fs::create_dir(&other).unwrap();
    let o = shards(&other, fixtures.join("liu_fig2.toml").to_str().unwrap(), 3, &[]);
    let t = merge_fails(&[s1, &o[1], s3], dir);
    assert!(t.contains("another instance") && t.contains("sha256:"), "{t}");

    let cells_only = dir.join("cells");
    std::fs::create_dir(&cells_only).unwrap();
    let c = shards(&cells_only, inst.to_str().unwrap(), 3, &["--cells-only"]);
    let t = merge_fails(&[s1, &c[1], s3], dir);
    assert!(t.contains("other options"), "{t}");

    // A --no-reduce shard among reduced ones: other options (and other ranges).
    let full = dir.join("full");
    std::fs::create_dir(&full).unwrap();
    let f = shards(&full, inst.to_str().unwrap(), 3, &["--no-reduce"]);
    let t = merge_fails(&[s1, &f[1], s3], dir);
    assert!(t.contains("other options"), "{t}");

    let text2 = std::fs::read_to_string(s2).unwrap();
    let lines: Vec<&str> = text2.lines().collect();
    let bad = dir.join("bad.jsonl");
    let write = |ls: &[String]| std::fs::write(&bad, ls.join("\n") + "\n").unwrap();
    let owned: Vec<String> = lines.iter().map(|l| l.to_string()).collect();

    // The reduction record changed (an inert item dropped): it differs from the first
    // shard's.
    let red = owned
        .iter()
        .position(|l| l.contains("\"kind\":\"reduction\""))
        .unwrap();
    let mut v = owned.clone();
    v[red] = v[red].replacen("\"inert\":[\"", "\"inert\":[\"x", 1);
    assert_ne!(v[red], owned[red]);
    write(&v);
    let t = merge_fails(&[s1, &bad, s3], dir);
    assert!(
        t.contains("corrupted shard") && t.contains("reduction record differs"),
        "{t}"
    );

    // A family record dropped: the counts no longer match.
    let fam = owned
        .iter()
        .position(|l| l.contains("\"kind\":\"family"))
        .unwrap();
    let mut v = owned.clone();
    v.remove(fam);
    write(&v);
    let t = merge_fails(&[s1, &bad, s3], dir);
    assert!(t.contains("corrupted shard") && t.contains("bad.jsonl"), "{t}");

    // A line that is not JSON.
    let mut v = owned.clone();
    v[fam] = "{\"kind\":\"family\",\"f\":[".into();
    write(&v);
    let t = merge_fails(&[s1, &bad, s3], dir);
    assert!(
        t.contains("corrupted shard") && t.contains("bad.jsonl") && t.contains("line"),
        "{t}"
    );

    // Cut before its end: no shard_end.
    write(&owned[..owned.len() - 1]);
    let t = merge_fails(&[s1, &bad, s3], dir);
    assert!(t.contains("incomplete shard") && t.contains("--resume"), "{t}");

    // The instance edited (y changed): its hash no longer matches.
    let mut v = owned.clone();
    v[0] = v[0].replacen("\"y\":[\"1\"", "\"y\":[\"2\"", 1);
    assert_ne!(v[0], owned[0]);
    write(&v);
    let t = merge_fails(&[s1, &bad, s3], dir);
    assert!(
        t.contains("corrupted shard") && t.contains("instance hash"),
        "{t}"
    );

    // A chamber witness changed: differs from the first shard.
    let ch = owned
        .iter()
        .position(|l| l.contains("\"kind\":\"chamber\""))
        .unwrap();
    let mut v = owned.clone();
    v[ch] = v[ch]
        .replacen("\"id\":0", "\"id\":0 ", 1)
        .replacen("\"witness\":[\"", "\"witness\":[\"1", 1);
    write(&v);
    let t = merge_fails(&[s1, &bad, s3], dir);
    assert!(
        t.contains("corrupted shard") && t.contains("chambers and faces"),
        "{t}"
    );

    // Not a shard at all.
    let single = dir.join("single.jsonl");
    ok(
        &[
            "certify",
            inst.to_str().unwrap(),
            "--force",
            "-o",
            single.to_str().unwrap(),
        ],
        dir,
    );
    let t = merge_fails(&[s1, &single, s3], dir);
    assert!(t.contains("not a shard"), "{t}");

    // The untouched shards still merge.
    ok(
        &[
            "merge",
            s3.to_str().unwrap(),
            s1.to_str().unwrap(),
            s2.to_str().unwrap(),
            "-o",
            "ok.jsonl",
        ],
        dir,
    );
    assert_eq!(
        std::fs::read(dir.join("ok.jsonl")).unwrap(),
        std::fs::read(&single).unwrap()
    );
}

/// `check` on a single shard verifies what it covers and names the rule it breaks.
#[test]
fn check_verifies_a_single_shard() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inst = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/decomposition_fig3_h2.toml");
    let s = shards(dir, inst.to_str().unwrap(), 3, &[]);
    let out = ok(&["check", s[1].to_str().unwrap()], dir);
    let (lo, hi) = family_range(&s[1]);
    assert!(
        out.contains("verified shard 2/3") && out.contains(&format!("families {lo}..{hi} of 192")),
        "{out}"
    );
    // --no-reduce: a range of the 780 multisets.
    let full = dir.join("full");
    std::fs::create_dir(&full).unwrap();
    let f = shards(&full, inst.to_str().unwrap(), 3, &["--no-reduce"]);
    let out = ok(&["check", f[1].to_str().unwrap()], dir);
    let (flo, fhi) = family_range(&f[1]);
    assert!(
        out.contains("verified shard 2/3") && out.contains(&format!("families {flo}..{fhi} of 780")),
        "{out}"
    );
    let owned: Vec<String> = std::fs::read_to_string(&s[1])
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    let bad = dir.join("bad.jsonl");
    let rule = |v: &[String]| {
        std::fs::write(&bad, v.join("\n") + "\n").unwrap();
        let o = relucert(&["check", bad.to_str().unwrap()], dir);
        (o.status.code(), text(&o))
    };
    // A family dropped: the next record is not the expected combination.
    let fam = owned
        .iter()
        .position(|l| l.contains("\"kind\":\"family"))
        .unwrap();
    let mut v = owned.clone();
    v.remove(fam);
    let (code, t) = rule(&v);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("family-enumeration"), "{t}");
    // The range moved by one: the first record is not the range's first combination.
    let mut v = owned.clone();
    v[0] = v[0].replacen(&format!("\"start\":{lo}"), &format!("\"start\":{}", lo - 1), 1);
    assert_ne!(v[0], owned[0]);
    let (code, t) = rule(&v);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("family-enumeration"), "{t}");
    // The reduction record dropped: a reduced shard's families stream opens with it.
    let red = owned
        .iter()
        .position(|l| l.contains("\"kind\":\"reduction\""))
        .unwrap();
    let mut v = owned.clone();
    v.remove(red);
    let (code, t) = rule(&v);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("reduction-record"), "{t}");
    // The instance hash changed.
    let mut v = owned.clone();
    v[0] = v[0].replacen("sha256:", "sha256:0", 1);
    let (code, t) = rule(&v);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("shard-header"), "{t}");
    // The last record removed.
    let (code, t) = rule(&owned[..owned.len() - 1]);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("shard-end"), "{t}");
    // shard_end counts changed.
    let mut v = owned.clone();
    let last = v.len() - 1;
    v[last] = v[last].replacen("\"header\":1", "\"header\":2", 1);
    let (code, t) = rule(&v);
    assert_eq!(code, Some(1), "{t}");
    assert!(t.contains("shard-end"), "{t}");
}

/// A killed shard reruns from what it wrote (`--resume`) and merges to the same certificate.
#[test]
fn a_killed_shard_resumes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let inst = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/decomposition_fig3_h2.toml");
    let inst = inst.to_str().unwrap();
    let s = shards(dir, inst, 2, &[]);
    let want = std::fs::read(&s[0]).unwrap();
    let out = dir.join("killed.jsonl");
    let o = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["certify", inst, "--shard", "1/2", "-o", out.to_str().unwrap()])
        .env("RELUCERT_STOP_AFTER", "60")
        .current_dir(dir)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    assert!(!out.exists());
    let t = ok(
        &[
            "certify",
            inst,
            "--shard",
            "1/2",
            "--resume",
            "-o",
            out.to_str().unwrap(),
        ],
        dir,
    );
    assert!(t.contains("resuming: 60 records kept"), "{t}");
    assert_eq!(std::fs::read(&out).unwrap(), want);
    // Another shard's partial is not resumed.
    let o = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["certify", inst, "--shard", "1/2", "-o", out.to_str().unwrap()])
        .env("RELUCERT_STOP_AFTER", "60")
        .current_dir(dir)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(0));
    let o = relucert(
        &[
            "certify",
            inst,
            "--shard",
            "2/2",
            "--resume",
            "-o",
            out.to_str().unwrap(),
        ],
        dir,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("another instance or other options"),
        "{}",
        text(&o)
    );
}

/// `search --shard i/n` evaluates its part of the seed's draws: the lowest shard that finds a
/// counterexample writes the single run's files, byte for byte.
#[test]
fn search_shards_find_the_single_runs_counterexample() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let common = ["search", "nguyen-hein-3.4", "--seed", "1", "--budget", "20"];
    let mut single = common.to_vec();
    single.extend(["-o", "single"]);
    ok(&single, dir);
    let mut first = common.to_vec();
    first.extend(["--shard", "1/4", "-o", "shard1"]);
    let t = ok(&first, dir);
    assert!(t.contains("search shard 1/4: draws 0..5 of 20"), "{t}");
    for f in ["instance.toml", "certificate.cert.json", "explanation.md"] {
        assert_eq!(
            std::fs::read(dir.join("single").join(f)).unwrap(),
            std::fs::read(dir.join("shard1").join(f)).unwrap(),
            "{f}"
        );
    }
    let o = relucert(
        &[
            "search",
            "nguyen-hein-3.4",
            "--seed",
            "1",
            "--time",
            "1",
            "--shard",
            "1/2",
            "-o",
            "x",
        ],
        dir,
    );
    assert_eq!(o.status.code(), Some(2), "--shard needs --budget: {}", text(&o));
}
