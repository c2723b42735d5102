//! On a real single-node Slurm cluster started here (scripts/slurm-local.sh: Debian's
//! slurm-wlm and munge; .ci/run installs them): `relucert slurm` writes a 4-task job array
//! that certifies `bench/b1.toml` and a merge job that depends on it; the merged certificate
//! is accepted by `relucert check` and byte-identical to the single run's. The cluster is
//! stopped (its daemons killed by PID) whatever happens.
//!
//! The work is b1's full verdict: 3,916 cell combinations and the reduced family search
//! (209,352 cores; `proofs/family-reductions.md`), about 40 s of CPU to certify and 140 s to
//! check on this machine.
//!
//! Skipped, with a message, only where Slurm cannot run: not root, or slurmctld, slurmd,
//! munged or sbatch not installed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn found(tool: &str) -> bool {
    ["/usr/sbin", "/usr/bin", "/sbin", "/bin"]
        .iter()
        .any(|d| Path::new(d).join(tool).exists())
}

/// Why Slurm cannot run here, if it cannot.
fn unavailable() -> Option<String> {
    let missing: Vec<&str> = ["slurmctld", "slurmd", "munged", "sbatch", "squeue"]
        .into_iter()
        .filter(|t| !found(t))
        .collect();
    if !missing.is_empty() {
        return Some(format!(
            "{} not installed (apt-get install slurm-wlm munge; .ci/run does it)",
            missing.join(", ")
        ));
    }
    let uid = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
        return Some("the local cluster runs its daemons as root (SlurmUser=root)".into());
    }
    None
}

/// Stops the cluster when dropped (also when the test panics).
struct Cluster {
    dir: PathBuf,
}

impl Cluster {
    fn start(dir: &Path) -> Cluster {
        let o = Command::new(root().join("scripts/slurm-local.sh"))
            .args(["start", dir.to_str().unwrap()])
            .output()
            .unwrap();
        let cluster = Cluster {
            dir: dir.to_path_buf(),
        };
        assert!(
            o.status.success(),
            "slurm-local.sh start failed: {}{}\nslurmctld log: {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr),
            std::fs::read_to_string(dir.join("log/slurmctld.log")).unwrap_or_default()
        );
        cluster
    }

    fn conf(&self) -> PathBuf {
        self.dir.join("slurm.conf")
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(root().join("scripts/slurm-local.sh"))
            .args(["stop", self.dir.to_str().unwrap()])
            .status();
    }
}

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "{cmd:?}: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

#[test]
fn job_array_certifies_b1_and_the_merge_job_matches_the_single_run() {
    if let Some(why) = unavailable() {
        eprintln!("skipped: no local Slurm cluster: {why}");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_relucert");
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path();
    let b1 = root().join("bench/b1.toml");
    let single = work.join("single.jsonl");
    run(Command::new(bin).args([
        "certify",
        b1.to_str().unwrap(),
        "--force",
        "-o",
        single.to_str().unwrap(),
    ]));

    let cluster = Cluster::start(&work.join("cluster"));
    let run_dir = work.join("run");
    run(Command::new(bin).args([
        "slurm",
        b1.to_str().unwrap(),
        "--shards",
        "4",
        "--dir",
        run_dir.to_str().unwrap(),
        "--time",
        "30:00",
        "--mem",
        "1G",
        "--merge-time",
        "30:00",
    ]));
    let script = std::fs::read_to_string(run_dir.join("shards.sbatch")).unwrap();
    assert!(script.contains("#SBATCH --array=1-4") && script.contains("SLURM_ARRAY_TASK_ID"));
    let submitted = run(Command::new("sh")
        .arg(run_dir.join("submit.sh"))
        .env("SLURM_CONF", cluster.conf()));
    let said = String::from_utf8_lossy(&submitted.stdout).into_owned();
    assert!(said.contains("submitted: shards"), "{said}");

    // Wait for the array and the merge job to leave the queue.
    let start = Instant::now();
    loop {
        let q = run(Command::new("squeue")
            .args(["-h", "-o", "%i %T"])
            .env("SLURM_CONF", cluster.conf()));
        if String::from_utf8_lossy(&q.stdout).trim().is_empty() {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1500),
            "the jobs did not finish in 25 minutes: {}",
            String::from_utf8_lossy(&q.stdout)
        );
        std::thread::sleep(Duration::from_millis(500));
    }
    let logs = run_dir.join("logs");
    let merge_log = std::fs::read_to_string(logs.join("merge.out")).unwrap_or_default();
    for i in 1..=4 {
        let log = std::fs::read_to_string(logs.join(format!("shard-{i}.out"))).unwrap_or_default();
        assert!(
            log.contains(&format!("shard {i}/4 of sha256:")),
            "shard {i} log: {log}"
        );
    }
    assert!(merge_log.contains("merged 4 shards"), "merge log: {merge_log}");
    assert!(
        merge_log.contains("accepted: N = 10, d = 3, K = 2")
            && merge_log.contains("verified verdict: spurious local minima"),
        "the merge job checks the certificate (and its verdict): {merge_log}"
    );
    let merged = run_dir.join("b1.cert.jsonl");
    assert_eq!(
        std::fs::read(&merged).unwrap(),
        std::fs::read(&single).unwrap(),
        "the merged certificate is the single run's, byte for byte"
    );
    // The merge job's `check` accepted this very file (checking it again would double the
    // longest part of the test).
    assert!(String::from_utf8_lossy(&std::fs::read(&merged).unwrap()[..4096]).contains("\"reduce\":true"));
    drop(cluster);
    for pid in [
        "cluster/slurmctld.pid",
        "cluster/slurmd.pid",
        "cluster/munge/munged.pid",
    ] {
        let pid = std::fs::read_to_string(work.join(pid)).unwrap_or_default();
        let pid = pid.trim();
        if !pid.is_empty() {
            assert!(
                !Path::new("/proc").join(pid).exists()
                    || std::fs::read_to_string(Path::new("/proc").join(pid).join("stat"))
                        .is_ok_and(|s| s.contains(" Z ")),
                "daemon {pid} still running after stop"
            );
        }
    }
}
