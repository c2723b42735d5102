//! Running the `relucert` binary from the integration tests: the path of a fixture, one run in a
//! directory, and the assertion that a run succeeded.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// `fixtures/<name>` in the repository.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// [`fixture`] as a string, for argument lists.
pub fn fixture_arg(name: &str) -> String {
    fixture(name).display().to_string()
}

/// Run `relucert ARGS` in `dir` and return what it printed and its exit status.
pub fn relucert(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run the relucert binary")
}

/// Assert that the run exited 0 (showing both streams if not) and return its stdout.
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}
