//! Shard balance (`make bench`; docs/cluster.md): certify `bench/b1.toml` as 8 shards
//! (`certify --shard i/8`, one after the other on this machine), time each, merge, and print
//! the balance max/mean of the shard times (1.00 is perfect; the ranges are cut by estimated
//! cost, `crates/solver/src/shard/cost.rs`), the single run's time, the merge time, and whether
//! the merged certificate is the single run's byte for byte.
//!
//! Rows: b1's cell stage (`--cells-only`, seconds); b1's full verdict with the reduced family
//! search (the default: 209,352 cores, about 40 s of CPU per pass); the full certificate of the
//! smaller `fixtures/decomposition_fig3_h3.toml`. `RELUCERT_BENCH_B1_FAMILIES=1` also runs b1
//! with `--no-reduce` (517,653 face/mode multisets: about 15 minutes or more on 2 cores).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn relucert() -> PathBuf {
    let exe = std::env::current_exe().expect("current exe");
    exe.parent()
        .and_then(|d| d.parent())
        .map(|d| d.join("relucert"))
        .expect("target/release/relucert")
}

fn run(args: &[&str], dir: &Path) -> f64 {
    let start = Instant::now();
    let out = Command::new(relucert())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run relucert");
    assert!(
        out.status.success(),
        "relucert {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed().as_secs_f64()
}

fn bench(label: &str, instance: &Path, n: u64, extra: &[&str], dir: &Path) {
    let inst = instance.to_str().unwrap();
    let mut single_args = vec!["certify", inst, "--force", "-o", "single.jsonl"];
    single_args.extend_from_slice(extra);
    let single = run(&single_args, dir);
    let mut times = Vec::new();
    let mut files = Vec::new();
    for i in 1..=n {
        let id = format!("{i}/{n}");
        let out = format!("shard-{i}.jsonl");
        let mut args = vec!["certify", inst, "--shard", &id, "-o", &out];
        args.extend_from_slice(extra);
        times.push(run(&args, dir));
        files.push(out);
    }
    let mut merge_args = vec!["merge"];
    merge_args.extend(files.iter().map(String::as_str));
    merge_args.extend(["-o", "merged.jsonl"]);
    let merge = run(&merge_args, dir);
    let same =
        std::fs::read(dir.join("merged.jsonl")).unwrap() == std::fs::read(dir.join("single.jsonl")).unwrap();
    let max = times.iter().cloned().fold(0.0, f64::max);
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    let list: Vec<String> = times.iter().map(|t| format!("{t:.2}")).collect();
    println!(
        "| {label} | {n} | {} | {max:.2} s | {mean:.2} s | **{:.2}** | {single:.2} s | {merge:.2} s | {} |",
        list.join(" "),
        max / mean,
        if same { "yes" } else { "NO" }
    );
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = std::env::temp_dir().join(format!("relucert-bench-shards-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    println!("\n## Shard balance (certify --shard i/n, run one after the other; times in s)\n");
    println!("| instance | n | shard times | max | mean | max/mean | single run | merge | merged = single |");
    println!("|---|---|---|---|---|---|---|---|---|");
    let b1 = root.join("bench/b1.toml");
    bench("b1, cells only", &b1, 8, &["--cells-only"], &tmp);
    bench("b1, cells + reduced families (cores)", &b1, 8, &[], &tmp);
    bench(
        "Fig. 3 data K = 3 (cells + families)",
        &root.join("fixtures/decomposition_fig3_h3.toml"),
        8,
        &[],
        &tmp,
    );
    if std::env::var("RELUCERT_BENCH_B1_FAMILIES").is_ok_and(|v| v == "1") {
        bench(
            "b1, cells + every multiset (--no-reduce)",
            &b1,
            8,
            &["--no-reduce"],
            &tmp,
        );
    } else {
        println!(
            "\n(b1 with the unreduced families search as 8 shards: RELUCERT_BENCH_B1_FAMILIES=1 make bench)"
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
}
