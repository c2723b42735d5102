//! `relucert certify` and `relucert check` end to end: exit codes 0 / 1 / 2, the summary, the
//! default output path.

#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;

use cli::{fixture_arg as fixture, relucert};

fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

#[test]
fn certify_then_check_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("fig3.json");
    let o = relucert(
        &[
            "certify",
            &fixture("decomposition_fig3_h1.toml"),
            "-o",
            out.to_str().unwrap(),
        ],
        dir.path(),
    );
    let stdout = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}{}", text(&o.stderr));
    for needle in [
        "chambers: 6",
        "cell combinations: 6 multisets",
        "[+++]  rank 2  solution dim 0  loss 8/75  genuine yes",
        "[-++]  rank 2  solution dim 0  loss 1/3  genuine no",
        "genuine: 4 of 6",
        "subglobal losses: 8/75, 1/3, 4/3, 10/3, 13/3, 14/3",
        "best genuine loss: 8/75",
        "fallbacks to exact: 0",
        "cells per second",
        "certificate written to",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    let o = relucert(&["check", out.to_str().unwrap()], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("accepted"));
}

#[test]
fn default_output_is_stem_in_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let o = relucert(
        &[
            "certify",
            &fixture("liu_fig2.toml"),
            "--exact-only",
            "--cells-only",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let written = dir.path().join("liu_fig2.cert.jsonl");
    assert!(written.exists());
    assert!(text(&o.stdout).contains("liu_fig2.cert.jsonl"));
    assert!(text(&o.stdout).contains("exact only"));
    let o = relucert(&["check", "liu_fig2.cert.jsonl"], dir.path());
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn check_rejects_with_rule_and_location() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("liu.json");
    let o = relucert(
        &["certify", &fixture("liu_fig2.toml"), "-o", "liu.json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    let original = std::fs::read_to_string(&out).unwrap();
    let corrupted = original.replacen("\"loss\": \"1/2\"", "\"loss\": \"1/3\"", 1);
    assert_ne!(original, corrupted);
    std::fs::write(&out, corrupted).unwrap();
    let o = relucert(&["check", "liu.json"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    let stdout = text(&o.stdout);
    assert!(
        stdout.contains("rejected: rule cell-loss at cells[1] [+-]"),
        "{stdout}"
    );
}

#[test]
fn check_unreadable_or_unparsable_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = relucert(&["check", "missing.json"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("missing.json"));
    std::fs::write(
        dir.path().join("bad.json"),
        "{\n  \"format\": \"relucert/1\",\n  oops\n}",
    )
    .unwrap();
    let o = relucert(&["check", "bad.json"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    let stderr = text(&o.stderr);
    assert!(
        stderr.contains("bad.json") && stderr.contains("line 3"),
        "{stderr}"
    );
}

#[test]
fn certify_bad_instance_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bad.toml"),
        "hidden = 1\nx = [[1, 2]]\ny = [1, 2]\n",
    )
    .unwrap();
    let o = relucert(&["certify", "bad.toml"], dir.path());
    assert_eq!(o.status.code(), Some(2));
    assert!(!dir.path().join("bad.cert.json").exists());
}

#[test]
fn certify_lists_families_global_minimum_and_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let o = relucert(
        &[
            "certify",
            &fixture("decomposition_fig2.toml"),
            "-o",
            "fig2.json",
            "--half-sum",
        ],
        dir.path(),
    );
    let stdout = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}{}", text(&o.stderr));
    for needle in [
        "families to decide: 9 combinations (3 faces, 3 modes, K = 1; reduced to cores from 9 multisets",
        "families: 9 combinations decided by their own system: 3 non-empty, 6 refuted",
        "verdict: spurious local minima at 2 loss value(s)\nglobal minimum: 1/2 (≈ 0.5; ½Σe² = 1/2 ≈ 0.5)",
        "loss values of local minima (3):",
        "  1/2 (≈ 0.5; ½Σe² = 1/2 ≈ 0.5)  global  1 families (1 differentiable, 0 boundary only)  e.g. z = [-1], w = [[-3/2]]",
        "  9/2 (≈ 4.5; ½Σe² = 9/2 ≈ 4.5)  SPURIOUS  1 families (1 differentiable, 0 boundary only)  e.g. z = [-1], w = [[1/2]]",
        // w = 0: a dead unit (its face has no + and no -), so the level needs one.
        "  5 (≈ 5; ½Σe² = 5 ≈ 5)  SPURIOUS  1 families (0 differentiable, 1 boundary only)  needs dead, zero or duplicated units  e.g. z = [1], w = [[0]]",
    ] {
        assert!(stdout.contains(needle), "missing {needle:?} in\n{stdout}");
    }
    let o = relucert(&["check", "fig2.json"], dir.path());
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("3 families of minima verified"), "{out}");
    assert!(
        out.contains("verified global minimum: 1/2 (≈ 0.5), reduced search (cores)"),
        "{out}"
    );
    assert!(out.contains("verified verdict: spurious local minima"), "{out}");

    let o = relucert(
        &["certify", &fixture("liu_fig2.toml"), "-o", "liu.json"],
        dir.path(),
    );
    let stdout = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("verdict: spurious local minima at") && stdout.contains("global minimum: 0 (≈ 0)"),
        "{stdout}"
    );
    let o = relucert(&["check", "liu.json"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("verified global minimum: 0"));
}

#[test]
fn certify_json_prints_one_object_with_sorted_levels() {
    let dir = tempfile::tempdir().unwrap();
    let o = relucert(
        &[
            "certify",
            &fixture("decomposition_fig2.toml"),
            "-o",
            "fig2.json",
            "--json",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&text(&o.stdout)).expect("stdout is one JSON object");
    assert_eq!(v["verdict"], "spurious-minima");
    assert_eq!(v["global_min"], "1/2");
    assert_eq!(v["certificate"], "fig2.json");
    let levels = v["levels"].as_array().unwrap();
    let losses: Vec<&str> = levels.iter().map(|l| l["loss"].as_str().unwrap()).collect();
    assert_eq!(losses, ["1/2", "9/2", "5"]);
    assert_eq!(levels[0]["spurious"], false);
    assert_eq!(levels[1]["spurious"], true);
    assert_eq!(levels[2]["families"], 1);
    assert_eq!(levels[2]["needs_dead_or_duplicated_units"], true);
    assert_eq!(levels[0]["witness"]["z"], serde_json::json!(["-1"]));
    assert_eq!(levels[0]["witness"]["w"], serde_json::json!([["-3/2"]]));
    assert_eq!(levels[0]["witness"]["c"], serde_json::Value::Null);
    // The human text went to stderr.
    assert!(text(&o.stderr).contains("global minimum: 1/2"));
}

#[test]
fn certify_refuses_over_budget_with_exit_3() {
    // b1 (N = 10, d = 3 with bias, K = 2): the cell stage is estimated at ≈ 6 s (a formula in
    // the sizes), the families at ≈ 40 s of CPU time on this machine (a timed sample). With
    // --budget 7 the cells pass and the families are refused before the cells (no verdict,
    // exit 3, no certificate written).
    let dir = tempfile::tempdir().unwrap();
    let b1 = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/b1.toml");
    for out in ["r.json", "r.jsonl"] {
        let o = relucert(
            &["certify", b1.to_str().unwrap(), "-o", out, "--budget", "7"],
            dir.path(),
        );
        let stdout = text(&o.stdout);
        assert_eq!(o.status.code(), Some(3), "{stdout}");
        assert!(
            stdout.contains("families to decide: 209352 combinations (339 faces, 3 modes, K = 2; reduced to cores from 517653 multisets"),
            "{stdout}"
        );
        assert!(stdout.contains("estimate: ≈"), "{stdout}");
        assert!(!stdout.contains("cell combinations:"), "{stdout}");
        let stderr = text(&o.stderr);
        assert!(
            stderr.starts_with("no verdict: the families would take")
                && stderr.contains("--force")
                && stderr.contains("budget of 7 s"),
            "{stderr}"
        );
        assert!(!dir.path().join(out).exists(), "{out} written");
        assert!(!dir.path().join(format!("{out}.partial")).exists());
    }
    // A zero budget refuses the cell stage itself, from its estimate, before any work.
    std::fs::write(
        dir.path().join("k4.toml"),
        "hidden = 4\nx = [[1, 0], [0, 1]]\ny = [1, 1]\n",
    )
    .unwrap();
    let o = relucert(
        &["certify", "k4.toml", "-o", "r.json", "--budget", "0"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(3));
    let stderr = text(&o.stderr);
    assert!(
        stderr.starts_with("no verdict: refused: k4.toml: the cell stage is estimated at up to 3.63e5 steps")
            && stderr.contains("above the budget of 0 s; raise --budget or use --force"),
        "{stderr}"
    );
    assert!(text(&o.stdout).is_empty() && !dir.path().join("r.json").exists());
    // --json: a null verdict.
    let o = relucert(
        &["certify", "k4.toml", "-o", "r.json", "--budget", "0", "--json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(3));
    let v: serde_json::Value = serde_json::from_str(&text(&o.stdout)).unwrap();
    assert!(v["verdict"].is_null() && v["refused"].is_string());
    // --force ignores the budget.
    let o = relucert(
        &[
            "certify",
            &fixture("decomposition_fig2.toml"),
            "--force",
            "--budget",
            "0",
            "-o",
            "f.json",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).contains("budget 0 s, --force"));
    // A negative budget is bad input.
    let o = relucert(
        &[
            "certify",
            &fixture("decomposition_fig2.toml"),
            "--budget=-1",
            "-o",
            "g.json",
        ],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn certify_refuses_oversized_cell_searches_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    // More units than certificates allow (the checker's rule `instance` caps K at 32).
    std::fs::write(
        dir.path().join("k40.toml"),
        "hidden = 40\nx = [[1, 0], [0, 1]]\ny = [1, 1]\n",
    )
    .unwrap();
    let o = relucert(
        &["certify", "k40.toml", "--cells-only", "-o", "a.json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("at most 32"), "{}", text(&o.stderr));
    // 92 chambers and K = 4: C(95, 4) = 3183545 cell combinations, above the limit 10^6.
    let text4 = std::fs::read_to_string(fixture("random_n10_d3_bias.toml"))
        .unwrap()
        .replace("hidden = 2", "hidden = 4");
    std::fs::write(dir.path().join("k4.toml"), text4).unwrap();
    let o = relucert(
        &["certify", "k4.toml", "--cells-only", "-o", "c.json"],
        dir.path(),
    );
    // Refused for its size: no verdict (exit 3), one line naming the instance.
    assert_eq!(o.status.code(), Some(3));
    let stderr = text(&o.stderr);
    assert!(
        stderr.starts_with("no verdict: refused: k4.toml: ")
            && stderr.contains("3183545 cell combinations")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(!dir.path().join("a.json").exists() && !dir.path().join("c.json").exists());
}

/// Run relucert with `args` in `dir`, its standard output closed by the reader before the
/// first byte (`… | head -0`).
fn run_with_closed_stdout(args: &[&str], dir: &std::path::Path) -> std::process::Output {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_stdout_ends_the_run_quietly() {
    // `relucert certify … | head -0`: the reader is gone before the first line. The run stops
    // at that line with the status of a process killed by SIGPIPE (141), prints nothing on
    // stderr (no panic message) and leaves no temporary file.
    let dir = tempfile::tempdir().unwrap();
    let o = run_with_closed_stdout(
        &["certify", &fixture("decomposition_fig3_h2.toml"), "-o", "a.json"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(141), "{}", text(&o.stderr));
    assert!(o.stderr.is_empty(), "{}", text(&o.stderr));
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_certificate_written_to_a_closed_stdout_ends_the_run_quietly() {
    // `relucert certify … -o - | head`: the certificate itself goes to the closed pipe, in
    // either format. Status 141, nothing on stderr but the run's own messages (no error, no
    // panic), no file left.
    for format in ["1", "2"] {
        let dir = tempfile::tempdir().unwrap();
        let o = run_with_closed_stdout(
            &[
                "certify",
                &fixture("random_n10_d3_bias.toml"),
                "--cells-only",
                "--format",
                format,
                "-o",
                "-",
            ],
            dir.path(),
        );
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(141), "format {format}: {stderr}");
        assert!(
            !stderr.contains("error") && !stderr.contains("panicked"),
            "format {format}: {stderr}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}

/// The solution-set reduction of the cell stage is on by default and `--no-cell-reduction`
/// turns it off (both formats): the counts are printed, the verdicts agree, and the checker
/// accepts both certificates.
#[test]
fn no_cell_reduction_hands_every_system_to_the_engine() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["r.json", "r.jsonl"] {
        let mut outputs = Vec::new();
        for flag in [None, Some("--no-cell-reduction")] {
            let out = dir
                .path()
                .join(format!("{}{name}", if flag.is_some() { "full-" } else { "" }));
            let mut args = vec!["certify", "--cells-only"];
            let f = fixture("decomposition_fig3_h2.toml");
            args.push(&f);
            args.extend(["-o", out.to_str().unwrap()]);
            args.extend(flag);
            let o = relucert(&args, dir.path());
            let stdout = text(&o.stdout);
            assert_eq!(o.status.code(), Some(0), "{stdout}{}", text(&o.stderr));
            let expected = match flag {
                None => "cell systems decided on the least-squares solution set R₀ + ker A: ",
                Some(_) => "cell systems decided in full (--no-cell-reduction): no solution-set reduction",
            };
            assert!(stdout.contains(expected), "{stdout}");
            assert!(stdout.contains("genuine: 17"), "{stdout}");
            let c = relucert(&["check", out.to_str().unwrap()], dir.path());
            assert_eq!(c.status.code(), Some(0), "{}", text(&c.stdout));
            outputs.push(stdout);
        }
        let engine = |s: &str| -> u64 {
            let at = s.find("systems sent to the feasibility engine").unwrap();
            let rest = &s[at..];
            let colon = rest.find(": ").unwrap() + 2;
            rest[colon..].split(';').next().unwrap().trim().parse().unwrap()
        };
        assert!(engine(&outputs[0]) < engine(&outputs[1]), "{outputs:?}");
    }
}
