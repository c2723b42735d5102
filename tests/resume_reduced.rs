//! Issue 8: killing `certify` mid-run (a real SIGKILL while the reduced family search is being
//! decided) and rerunning with `--resume` gives a certificate the checker accepts, with the
//! same verdict, global minimum and levels as an uninterrupted run, record for record.
//! Decomposition paper Fig. 3 data at K = 4, reduced search (the default), no `--force`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn relucert(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run relucert")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The lines of `check` that state what was verified (verdict, global minimum, levels).
fn verified(out: &Output) -> Vec<String> {
    text(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("verified") || l.starts_with("  loss "))
        .map(str::to_owned)
        .collect()
}

#[test]
fn sigkill_in_the_reduced_family_search_then_resume() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inst = fixture("decomposition_fig3_h4.toml");
    let inst = inst.to_str().unwrap();

    // The uninterrupted run.
    let o = relucert(&["certify", inst, "-o", "whole.jsonl"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let whole_check = relucert(&["check", "whole.jsonl"], d);
    assert_eq!(
        whole_check.status.code(),
        Some(0),
        "{}",
        text(&whole_check.stdout)
    );
    let expected = verified(&whole_check);
    assert!(
        expected.contains(&"verified: global minimum 0, verdict spurious-minima".to_owned()),
        "{expected:?}"
    );

    // Killed once the partial file holds family records (after the reduction record).
    let partial = d.join("r.jsonl.partial");
    let mut child = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["certify", inst, "-o", "r.jsonl"])
        .current_dir(d)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let families = std::fs::read(&partial)
            .map(|b| {
                text(&b)
                    .lines()
                    .filter(|l| l.starts_with("{\"kind\":\"family"))
                    .count()
            })
            .unwrap_or(0);
        if families >= 50 || started.elapsed() > Duration::from_secs(300) {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let killed = !status.success();
    if killed {
        let kept = std::fs::read(&partial).unwrap();
        assert!(
            text(&kept).contains("{\"kind\":\"reduction\""),
            "killed before the reduced family stream began"
        );
        assert!(!d.join("r.jsonl").exists(), "a killed run left a final file");
    } else {
        eprintln!("certify finished before it could be killed; resume is then a no-op");
    }

    let o = relucert(&["certify", inst, "-o", "r.jsonl", "--resume"], d);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    if killed {
        assert!(text(&o.stdout).contains("resuming:"), "{}", text(&o.stdout));
    }
    assert!(!partial.exists(), "the partial file was not renamed");
    let check = relucert(&["check", "r.jsonl"], d);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    assert_eq!(
        verified(&check),
        expected,
        "same verdict, global minimum and levels"
    );
    assert!(
        std::fs::read(d.join("r.jsonl")).unwrap() == std::fs::read(d.join("whole.jsonl")).unwrap(),
        "no record lost or duplicated"
    );
}
