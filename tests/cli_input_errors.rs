//! The CLI contract for bad input: exit code 2, exactly one line on stderr naming the file (and
//! the key or line), nothing on stdout, and never a panic.

use std::path::{Path, PathBuf};
use std::process::Command;

fn relucert(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .output()
        .expect("the relucert binary runs");
    (
        out.status
            .code()
            .expect("relucert exits normally, not by a signal"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Write `text` to a file named `name` in a fresh temporary directory.
fn temp_file(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Run `relucert <args>` and check the bad-input contract; returns the stderr line.
fn assert_bad_input(args: &[&str], file: &Path, parts: &[&str]) -> String {
    let (code, stdout, stderr) = relucert(args);
    assert_eq!(code, 2, "exit code for {args:?}; stderr: {stderr}");
    assert!(stdout.is_empty(), "nothing on stdout, got {stdout:?}");
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    let line = stderr.strip_suffix('\n').unwrap_or(&stderr);
    assert!(
        !line.is_empty() && !line.contains('\n'),
        "one line on stderr, got {stderr:?}"
    );
    assert!(
        line.contains(&file.display().to_string()),
        "{line:?} names the file {}",
        file.display()
    );
    for p in parts {
        assert!(line.contains(p), "{line:?} does not contain {p:?}");
    }
    line.to_string()
}

#[test]
fn toml_errors_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &[&str]); 6] = [
        (
            "ragged.toml",
            "hidden = 1\nx = [[1, 0], [0]]\ny = [1, 1]\n",
            &["line 2", "x[1]", "expected 2 numbers"],
        ),
        (
            "float.toml",
            "hidden = 1\nx = [[1, 0], [0, 1]]\ny = [0.5, 1]\n",
            &["line 3", "y[0]", "write it as a string: \"0.5\""],
        ),
        (
            "hidden.toml",
            "hidden = 0\nx = [[1]]\ny = [1]\n",
            &["line 1", "hidden", "integer ≥ 1"],
        ),
        (
            "unknown.toml",
            "hidden = 1\nx = [[1]]\ny = [1]\nlr = 3\n",
            &["line 4", "lr", "expected one of the keys"],
        ),
        (
            "missing.toml",
            "hidden = 1\nx = [[1]]\n",
            &["y: expected the required key"],
        ),
        ("syntax.toml", "hidden = 1\nx = [[1]\n", &["expected valid TOML"]),
    ];
    for (name, text, parts) in cases {
        let path = temp_file(&dir, name, text);
        assert_bad_input(&["arrangement", path.to_str().unwrap()], &path, parts);
    }
}

#[test]
fn missing_file_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("does_not_exist.toml");
    assert_bad_input(
        &["arrangement", path.to_str().unwrap()],
        &path,
        &["expected a readable"],
    );
    let csv = dir.path().join("does_not_exist.csv");
    assert_bad_input(
        &["arrangement", "--csv", csv.to_str().unwrap(), "--hidden", "1"],
        &csv,
        &["expected a readable"],
    );
}

#[test]
fn csv_errors_exit_2_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "bad_cell.csv", "a,b,y\n1,2,3\n4,x,6\n");
    assert_bad_input(
        &["arrangement", "--csv", path.to_str().unwrap(), "--hidden", "1"],
        &path,
        &["line 3", "column \"b\"", "expected an exact number"],
    );
    let path = temp_file(&dir, "ragged.csv", "a,b,y\n1,2,3\n4,6\n");
    assert_bad_input(
        &["arrangement", "--csv", path.to_str().unwrap(), "--hidden", "1"],
        &path,
        &["line 3", "expected 3 cells"],
    );
    let path = temp_file(&dir, "label.csv", "a,b,y\n1,2,3\n");
    assert_bad_input(
        &[
            "arrangement",
            "--csv",
            path.to_str().unwrap(),
            "--hidden",
            "1",
            "--label",
            "out",
        ],
        &path,
        &["--label", "\"out\""],
    );
    assert_bad_input(
        &["arrangement", "--csv", path.to_str().unwrap(), "--hidden", "0"],
        &path,
        &["--hidden", "integer ≥ 1"],
    );
    assert_bad_input(
        &[
            "arrangement",
            "--csv",
            path.to_str().unwrap(),
            "--hidden",
            "1",
            "--alpha",
            "3/2",
        ],
        &path,
        &["--alpha", "[0, 1)", "3/2"],
    );
}
