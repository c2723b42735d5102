//! Benchmark of the verdict (issue 8): `relucert certify` then `relucert check` on the
//! decomposition paper's Fig. 3 data (K = 1..4), `bench/b1.toml` (K = 2) and the first 8
//! samples of `b1` at K = 3, each in its own process (peak memory from `/usr/bin/time` when it
//! is installed). Prints the face/mode multisets of the full search, how many combinations are
//! decided by their own system (LP proposal, exact confirmation), how many multisets each
//! reduction accounts for, certify time and memory, certificate size (raw, gzip when `gzip`
//! is installed), check time and memory. Families over the time budget (`BENCH_BUDGET`
//! seconds, default 600) are refused, not forced: the line then shows the estimate.
//! Certificates are `relucert/2` streams (`.cert.jsonl`, the default format). With
//! `RELUCERT_BASELINE=/path/to/an/older/relucert` every case is also run with that binary, on
//! the line below, so before and after are measured side by side in one run.
//! Run with `make bench` (builds the release binary first).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn current() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    // target/release/examples/bench_families -> target/release/relucert
    exe.parent()
        .and_then(Path::parent)
        .map(|d| d.join("relucert"))
        .expect("release directory")
}

/// Run a command, returning (exit code, stdout and the stderr line that says why there is no
/// verdict, if any, seconds, peak KB and CPU seconds if measured).
fn run(bin: &Path, args: &[&str], dir: &Path) -> (i32, String, f64, Option<(u64, f64)>) {
    let time = Path::new("/usr/bin/time");
    let mut cmd = if time.exists() {
        let mut c = Command::new(time);
        c.args(["-f", "PEAK_KB %M %U %S"]).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    let start = Instant::now();
    let out = cmd.args(args).current_dir(dir).output().expect("run relucert");
    let secs = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("PEAK_KB "))
        .filter_map(|v| {
            let f: Vec<&str> = v.split_whitespace().collect();
            let kb: u64 = f.first()?.parse().ok()?;
            let cpu: f64 = f.get(1)?.parse::<f64>().ok()? + f.get(2)?.parse::<f64>().ok()?;
            Some((kb, cpu))
        })
        .next_back();
    let mut stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    if let Some(why) = stderr
        .lines()
        .find(|l| l.starts_with("refused:") || l.starts_with("no verdict:") || l.contains(": refused:"))
    {
        stdout.push_str(&format!("\nwhy: {why}\n"));
    }
    (out.status.code().unwrap_or(-1), stdout, secs, peak)
}

fn gzip_size(path: &Path) -> Option<u64> {
    let out = Command::new("gzip").arg("-c").arg(path).output().ok()?;
    out.status.success().then_some(out.stdout.len() as u64)
}

/// Peak memory and CPU time (user + system: on a shared machine wall time includes waiting).
fn mb(m: Option<(u64, f64)>) -> String {
    m.map_or("n/a".into(), |(k, cpu)| {
        format!("{:.0} MB, CPU {cpu:.2} s", k as f64 / 1024.0)
    })
}

/// `C(n, k)` (saturating).
fn binomial(n: u128, k: u128) -> u128 {
    if k > n {
        return 0;
    }
    (0..k).fold(1u128, |c, j| c.saturating_mul(n - j) / (j + 1))
}

fn case(name: &str, toml: &str, dir: &Path, budget: &str) {
    let mut bins = vec![("after", current())];
    if let Ok(base) = std::env::var("RELUCERT_BASELINE") {
        bins.push(("before", PathBuf::from(base)));
    }
    for (label, bin) in &bins {
        println!("[{label}] {}", bin.display());
        one(bin, name, toml, dir, budget);
    }
}

fn one(bin: &Path, name: &str, toml: &str, dir: &Path, budget: &str) {
    let inst = dir.join(format!("{name}.toml"));
    std::fs::write(&inst, toml).expect("write instance");
    let cert = format!("{name}.cert.jsonl");
    let (code, out, secs, peak) = run(
        bin,
        &["certify", inst.to_str().unwrap(), "-o", &cert, "--budget", budget],
        dir,
    );
    // "families to decide: N combinations (F faces, 3 modes, K = k; reduced to cores from X
    // multisets: M of I items not inert, ..."
    let Some(line) = out.lines().find(|l| l.starts_with("families to decide:")) else {
        let why = out.lines().find_map(|l| l.strip_prefix("why: ")).unwrap_or("");
        println!(
            "{name}: certify exit {code} before the families (no verdict), {secs:.2} s, peak {}; {why}",
            mb(peak)
        );
        return;
    };
    let num = |after: &str| -> u128 {
        line.split(after)
            .nth(1)
            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|t| t.parse().ok())
            .unwrap_or(0)
    };
    let (decided, k, full, live) = (num("decide: "), num("K = "), num("from "), num("multisets: "));
    let with_inert = full.saturating_sub(binomial(live + k - 1, k));
    let with_duplicates = binomial(live + k - 1, k).saturating_sub(binomial(live, k));
    let own = binomial(live, k);
    println!(
        "{name}: {full} multisets; decided by their own system: {decided} ({own} K-unit cores + {} smaller cores); \
         by reduction: inert unit dropped {with_inert}, duplicates merged {with_duplicates}",
        decided.saturating_sub(own),
    );
    if code != 0 {
        let estimate = out.lines().find(|l| l.starts_with("estimate:")).unwrap_or("");
        let why = out.lines().find_map(|l| l.strip_prefix("why: ")).unwrap_or("");
        println!(
            "  certify: exit {code} (no verdict), {secs:.2} s, peak {}; {estimate}; {why}",
            mb(peak)
        );
        return;
    }
    let path = dir.join(&cert);
    let raw = std::fs::metadata(&path).map_or(0, |m| m.len());
    let gz = gzip_size(&path).map_or("n/a".into(), |g| format!("{:.2} MB", g as f64 / 1e6));
    let verdict = out.lines().find(|l| l.starts_with("verdict:")).unwrap_or("");
    let global = out
        .lines()
        .find(|l| l.starts_with("global minimum:"))
        .unwrap_or("");
    println!(
        "  certify {secs:.2} s, peak {}; certificate {:.2} MB (gzip {gz}); {verdict}; {global}",
        mb(peak),
        raw as f64 / 1e6
    );
    let (code, out, secs, peak) = run(bin, &["check", &cert], dir);
    let verified = out
        .lines()
        .any(|l| l.starts_with("verified verdict:") || l.starts_with("verified: global minimum"));
    println!(
        "  check {secs:.2} s, peak {}; exit {code}{}",
        mb(peak),
        if verified { ", verdict verified" } else { "" }
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let budget = std::env::var("BENCH_BUDGET").unwrap_or_else(|_| "600".into());
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average at start (other jobs share the cores): {}",
            load.trim()
        );
    }
    for k in 1..=4 {
        let toml = format!("hidden = {k}\nx = [[-1, 1], [2, 1], [1, 3]]\ny = [1, 2, 3]\n");
        case(&format!("fig3_k{k}"), &toml, dir.path(), &budget);
    }
    let b1 = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/b1.toml"))
        .expect("bench/b1.toml");
    case("b1_k2", &b1, dir.path(), &budget);
    let first8 = "hidden = 3\nbias = true\nx = [[-3, 4], [-4, -1], [-4, 2], [2, 2], [5, 1], [-2, -4], [2, -5], [1, 1]]\n\
                  y = [-2, 4, -4, 0, -5, -5, -5, 5]\n";
    case("b1_first8_k3", first8, dir.path(), &budget);
}
