//! `make bench` (part): cells per second per core of the exact core, before and after, in one
//! run.
//!
//! For `bench/b1.toml` (K = 1, 2, 3) and the decomposition paper's Fig. 3 data (K = 1..4) it
//! runs `relucert certify --cells-only`, `certify --cells-only --exact-only` and `check` (of
//! the `--cells-only` certificate) with 1 and 2 threads, and prints per run: the cells, the
//! wall time, the CPU time of the child process (user + system, from `/proc/self/stat`), cells
//! per second per core (cells / CPU seconds, robust when other jobs share the machine), the
//! wall-clock cells per second, and the share of exact operations that needed big integers.
//! Short runs are repeated until they add up to 0.5 CPU seconds (times are per run).
//! Every measurement is repeated `BENCH_REPEAT` times (default 3; b1 K = 3 once) and the least
//! wall and least CPU time are kept — the runs least disturbed by other jobs.
//! The 1 → 2 thread speed-up is the ratio of the wall times; on a shared machine it is bounded
//! by the cores other jobs leave free, so two load-independent figures go with it: `cpu 1/2`,
//! the CPU time with 1 thread over the CPU time with 2 (1.00: the second thread adds no work),
//! and `util`, CPU time over wall time (how many cores the run kept busy; at most `j`).
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

/// CPU seconds (user + system) of the waited-for children of this process so far.
/// Linux: fields 16 and 17 of `/proc/self/stat`, in clock ticks of 1/100 s.
fn children_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
        return f64::NAN;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the command name: field 3 (state) is index 0, so fields 16/17 are 13/14.
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (tick(13) + tick(14)) / 100.0
}

struct Run {
    wall: f64,
    cpu: f64,
    stdout: String,
    ok: bool,
}

/// Keep the least wall time and the least CPU time of `best` and `r` (the runs least disturbed
/// by other jobs on a shared machine).
fn keep_least(best: Option<Run>, r: Run) -> Run {
    match best {
        None => r,
        Some(mut b) => {
            b.wall = b.wall.min(r.wall);
            b.cpu = b.cpu.min(r.cpu);
            b.ok &= r.ok;
            b
        }
    }
}

/// [`run_once`] repeated until the child CPU time reaches 0.5 s (at most 40 times), so short
/// runs are not lost in the 10 ms clock tick; times are per run.
///
/// `fresh`: the output file of the run, removed before each run, so every run writes a new
/// file. Replacing a file makes the kernel free the old one's blocks and cached pages at the
/// rename (≈ 10 ms for a 20 MB certificate on ext4, serial): work on the previous run's
/// result, not this run's.
fn run_averaged(bin: &Path, args: &[&str], threads: usize, fresh: Option<&Path>) -> Run {
    let once = || {
        if let Some(f) = fresh {
            let _ = std::fs::remove_file(f);
        }
        run_once(bin, args, threads)
    };
    let mut total = once();
    let mut reps = 1.0;
    while total.ok && total.cpu < 0.5 && reps < 40.0 {
        let r = once();
        total.wall += r.wall;
        total.cpu += r.cpu;
        total.ok &= r.ok;
        reps += 1.0;
    }
    total.wall /= reps;
    total.cpu /= reps;
    total
}

fn run_once(bin: &Path, args: &[&str], threads: usize) -> Run {
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
    let repeat = env_num("BENCH_REPEAT", 3).max(1);
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
        "{:<5} {:>2} {:>7} {:<11} {:>2} | {:>9} {:>8} {:>12} {:>11} {:>9} | {:>12} {:>8} | {:>8} {:>8} {:>5}",
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
        "1→2 wall",
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
            let mut new_runs: [Option<Run>; 2] = [None, None];
            let mut base_runs: [Option<Run>; 2] = [None, None];
            let mut cells = 0;
            for _ in 0..reps {
                for (t, jobs) in [(0usize, "1"), (1, "2")] {
                    let (new_args, base_args) = args(jobs);
                    let r = run_averaged(&new_bin, &new_args, t + 1, fresh);
                    if r.ok {
                        cells = cells_in(&r.stdout).unwrap_or(0);
                    } else {
                        println!("{name} K={k} {mode} j={}: FAILED\n{}", t + 1, r.stdout);
                    }
                    new_runs[t] = Some(keep_least(new_runs[t].take(), r));
                    if let Some(b) = baseline.as_ref().filter(|_| cells > 0 && cells <= baseline_max) {
                        let r = run_averaged(b, &base_args, t + 1, base_fresh);
                        base_runs[t] = Some(keep_least(base_runs[t].take(), r));
                    }
                }
            }
            let mut wall_one = f64::NAN;
            let mut cpu_one = f64::NAN;
            for (t, (r, base)) in new_runs.into_iter().zip(base_runs).enumerate() {
                let threads = t + 1;
                let Some(r) = r.filter(|r| r.ok) else {
                    continue;
                };
                if threads == 1 {
                    wall_one = r.wall;
                    cpu_one = r.cpu;
                }
                let base_rate = base.as_ref().filter(|b| b.ok).map(|b| cells as f64 / b.cpu);
                let rate = cells as f64 / r.cpu;
                println!(
                    "{:<5} {:>2} {:>7} {:<11} {:>2} | {:>9.3} {:>8.3} {:>12.0} {:>11.0} {:>9} | {:>12} {:>8} | {:>8} {:>8} {:>5.2}",
                    name,
                    k,
                    cells,
                    mode,
                    threads,
                    r.wall,
                    r.cpu,
                    rate,
                    cells as f64 / r.wall,
                    big_share(&r.stdout),
                    base_rate.map_or("-".into(), |b| format!("{b:.0}")),
                    base_rate.map_or("-".into(), |b| format!("{:.1}×", rate / b)),
                    if threads == 2 {
                        format!("{:.2}×", wall_one / r.wall)
                    } else {
                        String::new()
                    },
                    if threads == 2 {
                        format!("{:.2}", cpu_one / r.cpu)
                    } else {
                        String::new()
                    },
                    r.cpu / r.wall
                );
            }
        }
    }
}
