//! Output safety (issue 10): devices and pipes are written directly and never replaced, `-o -`
//! writes to standard output, an input file is never overwritten, replacing a certificate is
//! said, an unwritable target is refused before any work, and temporary files are removed on
//! every exit path, signals included; a stale one is harmless.

use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn relucert(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .output()
        .expect("relucert runs")
}

fn certify(input: &Path, output: &Path) -> Output {
    relucert(&[
        "certify".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        output.as_os_str(),
    ])
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn dev_null_stays_a_character_device() {
    let null = Path::new("/dev/null");
    let before = std::fs::metadata(null).unwrap();
    if !before.file_type().is_char_device() {
        return; // not a normal system: nothing to protect here
    }
    let out = certify(&fixture("liu_fig2.toml"), null);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let after = std::fs::metadata(null).unwrap();
    assert!(after.file_type().is_char_device(), "/dev/null was replaced");
    let out = relucert(&[
        "generic".as_ref(),
        fixture("rare_balanced.toml").as_os_str(),
        "--rare".as_ref(),
        "-o".as_ref(),
        null.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::metadata(null).unwrap().file_type().is_char_device());
}

#[test]
fn a_fifo_is_written_directly_and_stays_a_fifo() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let c = std::ffi::CString::new(fifo.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a plain mkfifo on a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(reader_path).unwrap());
    let out = certify(&fixture("liu_fig2.toml"), &fifo);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = reader.join().unwrap();
    assert!(text.contains("\"format\": \"relucert/1\""), "{text}");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(files_in(dir.path()), ["pipe"]);
}

#[test]
fn dash_writes_the_certificate_to_standard_output_alone() {
    let out = certify(&fixture("liu_fig2.toml"), Path::new("-"));
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let cert = relucert::certificate::Certificate::from_json(&stdout).expect("stdout is the certificate");
    relucert::checker::check(&cert).expect("and it checks");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("verdict"),
        "the summary went to stderr"
    );
}

#[test]
fn an_input_file_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.toml");
    std::fs::copy(fixture("liu_fig2.toml"), &input).unwrap();
    let original = std::fs::read(&input).unwrap();
    let link = dir.path().join("link.toml");
    std::fs::hard_link(&input, &link).unwrap();
    let sym = dir.path().join("sym.toml");
    std::os::unix::fs::symlink(&input, &sym).unwrap();
    for target in [&input, &link, &sym] {
        let out = certify(&input, target);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("it is the input file"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty(), "refused before any work");
    }
    let out = relucert(&[
        "generic".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        input.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    // CSV input too.
    let csv = dir.path().join("e.csv");
    std::fs::copy(fixture("example.csv"), &csv).unwrap();
    let out = relucert(&[
        "certify".as_ref(),
        "--csv".as_ref(),
        csv.as_os_str(),
        "--hidden".as_ref(),
        "1".as_ref(),
        "-o".as_ref(),
        csv.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(&input).unwrap(), original);
    assert!(
        std::fs::read_to_string(&csv)
            .unwrap()
            .starts_with(&std::fs::read_to_string(fixture("example.csv")).unwrap())
    );
}

#[test]
fn replacing_an_existing_certificate_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("c.json");
    let first = certify(&fixture("liu_fig2.toml"), &target);
    assert!(!String::from_utf8_lossy(&first.stderr).contains("replacing"));
    let second = certify(&fixture("liu_fig2.toml"), &target);
    assert_eq!(second.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("replacing the existing file") && stderr.contains("c.json"),
        "{stderr}"
    );
    assert_eq!(files_in(dir.path()), ["c.json"]);
}

#[test]
fn an_unwritable_target_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain");
    std::fs::write(&plain, "x").unwrap();
    for target in [
        dir.path().join("missing/c.json"),
        plain.join("c.json"),
        dir.path().to_path_buf(),
    ] {
        let out = certify(&fixture("random_n10_d3_bias.toml"), &target);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(
            out.stdout.is_empty(),
            "no work was started: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(stderr.contains("cannot write"), "{stderr}");
    }
    assert_eq!(files_in(dir.path()), ["plain"]);
}

/// `certify liu_fig2.toml -o <dir>/c.json` with its write held half way by the test aid
/// `RELUCERT_TEST_WRITE_DELAY_MS`, returned once its temporary file is in `dir`.
fn held_write(dir: &Path, stderr: Stdio) -> std::process::Child {
    let target = dir.join("c.json");
    let child = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args([
            "certify".as_ref(),
            fixture("liu_fig2.toml").as_os_str(),
            "-o".as_ref(),
            target.as_os_str(),
        ])
        .env("RELUCERT_TEST_WRITE_DELAY_MS", "20000")
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .unwrap();
    let start = Instant::now();
    while files_in(dir).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no temporary file appeared"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

/// Interrupt a run while its temporary file is open (the test aid
/// `RELUCERT_TEST_WRITE_DELAY_MS` holds the write half way): no temporary file is left, the
/// target is not created, exit code 130.
#[test]
fn signals_remove_the_temporary_file() {
    for signal in [libc::SIGINT, libc::SIGTERM] {
        let dir = tempfile::tempdir().unwrap();
        let mut child = held_write(dir.path(), Stdio::null());
        let tmp = files_in(dir.path());
        assert_eq!(tmp.len(), 1);
        assert!(tmp[0].starts_with(".c.json.relucert-tmp."), "{tmp:?}");
        // SAFETY: signalling the child this test spawned.
        unsafe { libc::kill(child.id() as i32, signal) };
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(130), "signal {signal}");
        assert!(
            files_in(dir.path()).is_empty(),
            "left behind: {:?}",
            files_in(dir.path())
        );
    }
}

/// With standard error a pipe nobody reads any more, a signal still ends the run (the
/// handler's message cannot be written; it must not stop the handler from exiting).
#[test]
fn a_signal_ends_the_run_when_stderr_is_a_closed_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = held_write(dir.path(), Stdio::piped());
    drop(child.stderr.take());
    // SAFETY: signalling the child this test spawned.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(15) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("the run went on after SIGTERM");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(130));
    assert!(
        files_in(dir.path()).is_empty(),
        "left behind: {:?}",
        files_in(dir.path())
    );
}

/// A temporary file left by a process that is gone (SIGKILL) is never read and is removed by
/// the next write to the same target.
#[test]
fn a_stale_temporary_file_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("c.json");
    // A pid above the kernel's maximum cannot be running.
    let stale = dir.path().join(".c.json.relucert-tmp.4194305");
    std::fs::write(&stale, "{ half a certificate").unwrap();
    let other = dir.path().join(".d.json.relucert-tmp.4194305");
    std::fs::write(&other, "another target's").unwrap();
    let out = certify(&fixture("liu_fig2.toml"), &target);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(files_in(dir.path()), [".d.json.relucert-tmp.4194305", "c.json"]);
    let check = relucert(&["check".as_ref(), target.as_os_str()]);
    assert_eq!(check.status.code(), Some(0));
}
