//! `make bench` (part): cells per second per core of the exact core, before and after, in one
//! run.
//!
//! For `bench/b1.toml` (K = 1, 2, 3) and the decomposition paper's Fig. 3 data (K = 1..4) it
//! runs `relucert certify --cells-only`, `certify --cells-only --exact-only` and `check` (of
//! the `--cells-only` certificate) with 1 and 2 threads, and prints per run: the cells, the
//! wall time, the CPU time of the child process (user + system, `getrusage`), cells per second
//! per core (cells / CPU seconds, robust when other jobs share the machine), the wall-clock
//! cells per second, and the share of exact operations that needed big integers.
//!
//! Every measurement is `BENCH_REPEAT` single runs (default 9; b1 K = 3 once), the 1- and
//! 2-thread runs alternating so that a change of load on the machine touches both alike. The
//! table shows the least wall and the least CPU time (the runs least disturbed by other jobs).
//! The 1 → 2 thread speed-up is given twice: the ratio of the least wall times, and the ratio of
//! the median wall times (which carries the machine's noise). With them: `cpu 1/2`, the CPU
//! time with 1 thread over the CPU time with 2 (1.00: the second thread adds no work), and
//! `util`, CPU time over wall time (how many cores the run kept busy; at most `j`).
//!
//! After b1 K = 2 the bench measures the machine's own limit for that speed-up: two 1-thread
//! copies of the same run started at once against one copy alone (`BENCH_MACHINE=0` skips it).
//! Two independent copies share nothing in the program; whatever keeps them under 2.00× (other
//! tenants, shared caches, memory) bounds the 2-thread speed-up of any program here.
//!
//! The binary measured is `target/release/relucert` (next to this example). When the variable
//! `RELUCERT_BASELINE` names another `relucert` binary (an earlier build), every run is repeated
//! with it, side by side (its thread count is set through `RAYON_NUM_THREADS`; it may not know
//! `--jobs`). Baseline runs above `BENCH_BASELINE_MAX_CELLS` cells (default 5000) are skipped:
//! the old core needs minutes for them. `BENCH_ONLY=b1` or `=fig3` restricts the instances,
//! `BENCH_MAX_K_B1=2` skips b1 with K = 3 (117,480 cells).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// CPU seconds (user + system) of the waited-for children of this process so far, from
/// `getrusage(RUSAGE_CHILDREN)` (microseconds; the clock-tick fields of `/proc/self/stat` are
/// too coarse for single runs of a few milliseconds).
fn children_cpu_seconds() -> f64 {
    // SAFETY: `getrusage` writes the `rusage` it is given; a zeroed `rusage` is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: as above; RUSAGE_CHILDREN is a valid `who`.
    if unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) } != 0 {
        return f64::NAN;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(usage.ru_utime) + secs(usage.ru_stime)
}

/// The single runs of one measurement (one binary, one thread count).
#[derive(Default)]
struct Runs {
    wall: Vec<f64>,
    cpu: Vec<f64>,
    stdout: String,
    failed: bool,
}

impl Runs {
    fn add(&mut self, r: Run) {
        self.wall.push(r.wall);
        self.cpu.push(r.cpu);
        self.failed |= !r.ok;
        self.stdout = r.stdout;
    }

    /// Some runs, none failed.
    fn ok(&self) -> bool {
        !self.failed && !self.wall.is_empty()
    }

    /// The least wall time: the run least disturbed by other jobs.
    fn least_wall(&self) -> f64 {
        self.wall.iter().copied().fold(f64::INFINITY, f64::min)
    }

    fn least_cpu(&self) -> f64 {
        self.cpu.iter().copied().fold(f64::INFINITY, f64::min)
    }

    fn median_wall(&self) -> f64 {
        median(&self.wall)
    }
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

struct Run {
    wall: f64,
    cpu: f64,
    stdout: String,
    ok: bool,
}

/// One run of `bin` with `args` on `threads` threads. `fresh`: the output file of the run,
/// removed first, so every run writes a new file. Replacing a file makes the kernel free the
/// old one's blocks and cached pages at the rename (≈ 10 ms for a 20 MB certificate on ext4,
/// serial): work on the previous run's result, not this run's.
fn run_once(bin: &Path, args: &[&str], threads: usize, fresh: Option<&Path>) -> Run {
    if let Some(f) = fresh {
        let _ = std::fs::remove_file(f);
    }
    let cpu0 = children_cpu_seconds();
    let start = Instant::now();
    let out = Command::new(bin)
        .args(args)
        .env("RAYON_NUM_THREADS", threads.to_string())
        // b1 K = 3 writes a 2.6 GB relucert/1 certificate; let `check` read it.
        .env("RELUCERT_MAX_CERT_MB", "16384")
        .output();
    let wall = start.elapsed().as_secs_f64();
    let cpu = children_cpu_seconds() - cpu0;
    match out {
        Ok(o) => Run {
            wall,
            cpu,
            stdout: if o.status.success() {
                String::from_utf8_lossy(&o.stdout).into_owned()
            } else {
                String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
            },
            ok: o.status.success(),
        },
        Err(e) => Run {
            wall,
            cpu,
            stdout: format!("cannot run {}: {e}", bin.display()),
            ok: false,
        },
    }
}

/// The machine's own limit on a 1 → 2 thread speed-up for this kind of work: two 1-thread
/// copies of `args` started at once, against one copy alone, alternating, `rounds` times.
/// Returns (least, median) of `2 · alone / pair`: 2.00 when the two cores do not slow each
/// other down. `outs`: the two copies' output files (removed before each run).
fn machine_limit(
    bin: &Path,
    args: &dyn Fn(&str) -> Vec<String>,
    outs: [&Path; 2],
    rounds: usize,
) -> (f64, f64) {
    let spawn = |out: &Path| {
        let _ = std::fs::remove_file(out);
        Command::new(bin)
            .args(args(out.to_str().expect("utf-8 path")))
            .env("RAYON_NUM_THREADS", "1")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start relucert")
    };
    let (mut alone, mut pair) = (Vec::new(), Vec::new());
    for _ in 0..rounds {
        let start = Instant::now();
        let _ = spawn(outs[0]).wait();
        alone.push(start.elapsed().as_secs_f64());
        let start = Instant::now();
        let (mut a, mut b) = (spawn(outs[0]), spawn(outs[1]));
        let _ = (a.wait(), b.wait());
        pair.push(start.elapsed().as_secs_f64());
    }
    let least = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    (
        2.0 * least(&alone) / least(&pair),
        2.0 * median(&alone) / median(&pair),
    )
}

/// The number of cells from `certify`'s or `check`'s output.
fn cells_in(stdout: &str) -> Option<u64> {
    for line in stdout.lines() {
        if let Some(rest) = line.strip_prefix("cell combinations: ") {
            return rest.split_whitespace().next()?.parse().ok();
        }
        if let Some(pos) = line.find(" cell combinations (") {
            return line[..pos].rsplit(' ').next()?.parse().ok();
        }
    }
    None
}

/// The big-integer share from the `exact arithmetic:` line (the new binary only).
fn big_share(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.starts_with("exact arithmetic:"))
        .and_then(|l| {
            l.rsplit_once('(')
                .map(|(_, r)| r.trim_end_matches(')').to_string())
        })
        .unwrap_or_else(|| "-".into())
}

fn instance(dir: &Path, name: &str, template: &str, k: usize) -> PathBuf {
    let text: String = template
        .lines()
        .map(|l| {
            if l.starts_with("hidden") {
                format!("hidden = {k}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.join(format!("{name}_k{k}.toml"));
    std::fs::write(&path, text + "\n").expect("write the bench instance");
    path
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().expect("current exe");
    let new_bin = exe
        .parent()
        .and_then(Path::parent)
        .map(|d| d.join("relucert"))
        .expect("target/release");
    if !new_bin.exists() {
        eprintln!(
            "build the binary first: cargo build --release ({} is missing)",
            new_bin.display()
        );
        std::process::exit(2);
    }
    let baseline = std::env::var_os("RELUCERT_BASELINE")
        .map(PathBuf::from)
        .filter(|p| p.exists());
    let env_num = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let baseline_max = env_num("BENCH_BASELINE_MAX_CELLS", 5000);
    let max_k_b1 = env_num("BENCH_MAX_K_B1", 3) as usize;
    let repeat = env_num("BENCH_REPEAT", 9).max(1) as usize;
    let only = std::env::var("BENCH_ONLY").unwrap_or_default();
    let dir = exe.parent().expect("examples dir").join("bench_fastcore_data");
    std::fs::create_dir_all(&dir).expect("bench dir");

    let b1 = std::fs::read_to_string(root.join("bench/b1.toml")).expect("bench/b1.toml");
    let fig3 =
        std::fs::read_to_string(root.join("fixtures/decomposition_fig3_h1.toml")).expect("fig3 fixture");
    let mut cases = Vec::new();
    if only.is_empty() || only == "b1" {
        for k in 1..=max_k_b1 {
            cases.push(("b1", instance(&dir, "b1", &b1, k), k));
        }
    }
    if only.is_empty() || only == "fig3" {
        for k in 1..=4 {
            cases.push(("fig3", instance(&dir, "fig3", &fig3, k), k));
        }
    }

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "bench_fastcore: {} cores online, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    );
    println!(
        "new: {}{}",
        new_bin.display(),
        baseline.as_ref().map_or(
            String::from(" (no RELUCERT_BASELINE: no before/after)"),
            |b| format!("; baseline: {}", b.display())
        )
    );
    println!(
        "{:<5} {:>2} {:>7} {:<11} {:>2} | {:>9} {:>8} {:>12} {:>11} {:>9} | {:>12} {:>8} | {:>9} {:>8} {:>8} {:>5}",
        "data",
        "K",
        "cells",
        "mode",
        "j",
        "wall s",
        "cpu s",
        "cells/s/core",
        "cells/s",
        "big ops",
        "base c/s/core",
        "speedup",
        "1→2 least",
        "1→2 med",
        "cpu 1/2",
        "util"
    );
    for (name, path, k) in &cases {
        let cert = dir.join(format!("{name}_k{k}.cert.json"));
        let base_cert = dir.join(format!("{name}_k{k}.base.cert.json"));
        let p = path.to_str().expect("utf-8 path");
        let c = cert.to_str().expect("utf-8 path");
        let bc = base_cert.to_str().expect("utf-8 path");
        for mode in ["cells-only", "exact-only", "check"] {
            let args = |jobs: &'static str| -> (Vec<&str>, Vec<&str>) {
                match mode {
                    "cells-only" => (
                        vec!["certify", p, "--cells-only", "--force", "-o", c, "--jobs", jobs],
                        vec!["certify", p, "--cells-only", "--force", "-o", bc],
                    ),
                    "exact-only" => (
                        vec![
                            "certify",
                            p,
                            "--cells-only",
                            "--exact-only",
                            "--force",
                            "-o",
                            c,
                            "--jobs",
                            jobs,
                        ],
                        vec!["certify", p, "--cells-only", "--exact-only", "--force", "-o", bc],
                    ),
                    _ => (vec!["check", c, "--jobs", jobs, "--stats"], vec!["check", bc]),
                }
            };
            let (fresh, base_fresh) = if mode == "check" {
                (None, None)
            } else {
                (Some(cert.as_path()), Some(base_cert.as_path()))
            };
            // b1 K = 3 (minutes per run) is measured once. The 1- and 2-thread runs alternate,
            // so a change of load on the machine touches both alike.
            let reps = if *k >= 3 && *name == "b1" { 1 } else { repeat };
            let mut new_runs: [Runs; 2] = Default::default();
            let mut base_runs: [Runs; 2] = Default::default();
            let mut cells = 0;
            for _ in 0..reps {
                for (t, jobs) in [(0usize, "1"), (1, "2")] {
                    let (new_args, base_args) = args(jobs);
                    let r = run_once(&new_bin, &new_args, t + 1, fresh);
                    if r.ok {
                        cells = cells_in(&r.stdout).unwrap_or(0);
                    } else {
                        println!("{name} K={k} {mode} j={}: FAILED\n{}", t + 1, r.stdout);
                    }
                    new_runs[t].add(r);
                    if let Some(b) = baseline.as_ref().filter(|_| cells > 0 && cells <= baseline_max) {
                        base_runs[t].add(run_once(b, &base_args, t + 1, base_fresh));
                    }
                }
            }
            let (wall_one, median_one, cpu_one) = (
                new_runs[0].least_wall(),
                new_runs[0].median_wall(),
                new_runs[0].least_cpu(),
            );
            for (t, (r, base)) in new_runs.iter().zip(&base_runs).enumerate() {
                let threads = t + 1;
                if !r.ok() {
                    continue;
                }
                let base_rate = base.ok().then(|| cells as f64 / base.least_cpu());
                let (wall, cpu) = (r.least_wall(), r.least_cpu());
                let rate = cells as f64 / cpu;
                let two = |v: String| if threads == 2 { v } else { String::new() };
                println!(
                    "{:<5} {:>2} {:>7} {:<11} {:>2} | {:>9.3} {:>8.3} {:>12.0} {:>11.0} {:>9} | {:>12} {:>8} | {:>9} {:>8} {:>8} {:>5.2}",
                    name,
                    k,
                    cells,
                    mode,
                    threads,
                    wall,
                    cpu,
                    rate,
                    cells as f64 / wall,
                    big_share(&r.stdout),
                    base_rate.map_or("-".into(), |b| format!("{b:.0}")),
                    base_rate.map_or("-".into(), |b| format!("{:.1}×", rate / b)),
                    two(format!("{:.2}×", wall_one / wall)),
                    two(format!("{:.2}×", median_one / r.median_wall())),
                    two(format!("{:.2}", cpu_one / cpu)),
                    cpu / wall
                );
            }
        }
        if *name == "b1" && *k == 2 && env_num("BENCH_MACHINE", 1) != 0 {
            let outs = [dir.join("machine_a.cert.json"), dir.join("machine_b.cert.json")];
            let args = |out: &str| -> Vec<String> {
                ["certify", p, "--cells-only", "--force", "-o", out, "--jobs", "1"]
                    .map(String::from)
                    .to_vec()
            };
            let (least, med) = machine_limit(&new_bin, &args, [&outs[0], &outs[1]], repeat);
            println!(
                "machine limit on b1 K = 2: two 1-thread copies of certify --cells-only at once against one alone \
                 ({repeat} rounds): {least:.2}× least, {med:.2}× median (2.00×: the cores do not slow each other down)"
            );
            for o in &outs {
                let _ = std::fs::remove_file(o);
            }
        }
    }
}
