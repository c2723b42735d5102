//! Every CLI error path of every subcommand: exit code 2, one line on stderr naming the file,
//! key or flag, nothing on stdout, never a panic. Errors clap itself reports (an unknown flag,
//! a value that is not an integer, a missing argument) keep clap's multi-line format: exit 2
//! and the flag named. Output files: a certificate path in a missing directory or on a directory gives
//! exit 2 and leaves no partial file behind.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn relucert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .output()
        .expect("the relucert binary runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Exit 2, stdout empty, exactly one stderr line containing every one of `parts`.
#[track_caller]
fn bad(args: &[&str], parts: &[&str]) {
    let out = relucert(args);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: stderr {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(stdout.is_empty(), "{args:?}: stdout {stdout:?}");
    let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "{args:?}: one line on stderr, got {stderr:?}"
    );
    for p in parts {
        assert!(line.contains(p), "{args:?}: {line:?} does not name {p:?}");
    }
}

/// A usage error reported by clap: exit 2, no panic, the flag or argument named.
#[track_caller]
fn usage(args: &[&str], flag: &str) {
    let out = relucert(args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: stderr {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    assert!(out.stdout.is_empty(), "{args:?}");
    assert!(stderr.contains(flag), "{args:?}: {stderr:?} does not name {flag}");
}

/// Inputs every instance-reading subcommand rejects the same way.
#[test]
fn instance_errors_for_every_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.toml").display().to_string();
    let as_dir = dir.path().display().to_string();
    let garbage = write(&dir, "garbage.toml", "hidden = [1\n");
    let wrong_type = write(&dir, "type.toml", "hidden = \"two\"\nx = [[1]]\ny = [1]\n");
    let zero_k = write(&dir, "k0.toml", "hidden = 0\nx = [[1]]\ny = [1]\n");
    let bad_q = write(&dir, "q.toml", "hidden = 1\nx = [[\"1/0\"]]\ny = [1]\n");
    let empty_csv = write(&dir, "empty.csv", "");
    let header_csv = write(&dir, "header.csv", "a,y\n");
    let ragged_csv = write(&dir, "ragged.csv", "a,b,y\n1,2,3\n4,5\n");
    let text_csv = write(&dir, "text.csv", "a,y\n1,x\n");
    let csv = fixture("example.csv");
    for sub in ["arrangement", "certify", "point", "generic"] {
        bad(&[sub, &missing], &[&missing]);
        bad(&[sub, &as_dir], &[&as_dir]);
        bad(&[sub, &garbage], &[&garbage]);
        bad(&[sub, &wrong_type], &[&wrong_type, "hidden"]);
        bad(&[sub, &zero_k], &[&zero_k, "hidden"]);
        bad(&[sub, &bad_q], &[&bad_q, "x[0]"]);
        bad(&[sub, "--csv", &empty_csv, "--hidden", "1"], &[&empty_csv]);
        bad(&[sub, "--csv", &header_csv, "--hidden", "1"], &[&header_csv]);
        bad(
            &[sub, "--csv", &ragged_csv, "--hidden", "1"],
            &[&ragged_csv, "line 3"],
        );
        bad(
            &[sub, "--csv", &text_csv, "--hidden", "1"],
            &[&text_csv, "line 2"],
        );
        bad(&[sub, "--csv", &csv], &[&csv, "--hidden"]);
        bad(
            &[sub, "--csv", &csv, "--hidden", "1", "--alpha", "2"],
            &[&csv, "--alpha"],
        );
        bad(
            &[sub, "--csv", &csv, "--hidden", "1", "--alpha", "abc"],
            &[&csv, "--alpha"],
        );
        bad(&[sub, "--csv", &csv, "--hidden", "0"], &[&csv, "--hidden"]);
        bad(
            &[sub, "--csv", &csv, "--hidden", "1", "--label", "nope"],
            &[&csv, "--label"],
        );
        // Network flags belong to --csv; with a TOML instance they must not be ignored.
        let toml = fixture("liu_fig2.toml");
        bad(&[sub, &toml, "--hidden", "2"], &["--hidden", &toml]);
        bad(&[sub, &toml, "--alpha", "1/2"], &["--alpha", &toml]);
        bad(&[sub, &toml, "--bias"], &["--bias", &toml]);
        bad(&[sub], &["instance"]);
        usage(&[sub, &toml, "--bogus"], "--bogus");
        usage(&[sub, "--csv", &csv, "--hidden", "x"], "--hidden");
        usage(&[sub, "--csv", &csv, &toml], "--csv");
    }
}

#[test]
fn point_file_errors() {
    let dir = tempfile::tempdir().unwrap();
    let inst = fixture("liu_fig2.toml");
    let cases: [(&str, &str, &[&str]); 8] = [
        ("long_w.toml", "z = [1]\nw = [[1, 2, 3]]\n", &["w[0]"]),
        ("many_z.toml", "z = [1, 2]\nw = [[1, 0]]\n", &["z"]),
        ("few_w.toml", "z = [1]\nw = []\n", &["w"]),
        ("z_text.toml", "z = \"x\"\nw = [[1, 0]]\n", &["z"]),
        ("z_float.toml", "z = [0.5]\nw = [[1, 0]]\n", &["z[0]"]),
        ("bad_q.toml", "z = [\"1/0\"]\nw = [[1, 0]]\n", &["z[0]"]),
        ("no_w.toml", "z = [1]\n", &["w"]),
        ("unknown.toml", "z = [1]\nw = [[1, 0]]\nq = 1\n", &["q"]),
    ];
    for (name, text, parts) in cases {
        let path = write(&dir, name, text);
        let mut want = vec![path.as_str()];
        want.extend_from_slice(parts);
        bad(&["point", &inst, &path], &want);
    }
    let c = write(&dir, "c.toml", "z = [1]\nw = [[1, 0]]\nc = 1\n");
    bad(&["point", &inst, &c], &[&c, "c"]);
    let missing = dir.path().join("nope.toml").display().to_string();
    bad(&["point", &inst, &missing], &[&missing]);
    bad(&["point", &inst, &dir.path().display().to_string()], &[]);
    bad(&["point", &inst], &["point file"]);
}

#[test]
fn check_errors() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.json").display().to_string();
    bad(&["check", &missing], &[&missing]);
    let as_dir = dir.path().display().to_string();
    bad(&["check", &as_dir], &[&as_dir]);
    for (name, text) in [
        ("empty.json", ""),
        ("toml.json", "hidden = 1\n"),
        ("array.json", "[]"),
        ("object.json", "{}"),
        ("format.json", "{\"format\": 1}"),
    ] {
        let path = write(&dir, name, text);
        bad(&["check", &path], &[&path]);
    }
    usage(&["check"], "FILE");
}

#[test]
fn certificate_output_errors_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let inst = fixture("liu_fig2.toml");
    let in_missing = dir.path().join("missing").join("x.json");
    let out = relucert(&["certify", &inst, "-o", &in_missing.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.contains(&in_missing.display().to_string()), "{stderr}");
    assert!(!dir.path().join("missing").exists());

    let onto_dir = dir.path().join("sub");
    std::fs::create_dir(&onto_dir).unwrap();
    let out = relucert(&["certify", &inst, "-o", &onto_dir.display().to_string()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains(&onto_dir.display().to_string()), "{stderr}");
    // No temporary file is left next to the target.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, vec![std::ffi::OsString::from("sub")], "{left:?}");
    assert_eq!(std::fs::read_dir(&onto_dir).unwrap().count(), 0);
}
