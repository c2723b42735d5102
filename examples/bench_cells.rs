//! Benchmark of the cell stage: certify `fixtures/random_n10_d3_bias.toml` (N = 10, d = 3 with
//! bias, K = 2) on the float-first route, then run the independent checker on the result.
//! Run with `cargo run --release --example bench_cells` (or `make bench`).

use std::path::Path;
use std::time::Instant;

use relucert::certificate::build::certify_cells;
use relucert::feasibility::Route;
use relucert::instance::toml_file;

fn main() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/random_n10_d3_bias.toml");
    let inst = match toml_file::read(&path) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    for (label, route) in [
        ("float-first", Route::FloatFirst),
        ("exact-only", Route::ExactOnly),
    ] {
        let start = Instant::now();
        let run = match certify_cells(&inst, route, false) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(2);
            }
        };
        let certify = start.elapsed().as_secs_f64();
        let s = &run.certificate.summary;
        let half_spaces = run
            .results
            .iter()
            .filter(|r| r.least_squares.solution_dim > 0)
            .count();
        let engine_calls: u64 = run.results.iter().map(|r| r.engine_calls).sum();
        let json_bytes = run.certificate.to_json().len();
        let start = Instant::now();
        let verdict = relucert::checker::check(&run.certificate);
        let check = start.elapsed().as_secs_f64();
        println!(
            "bench_cells [{label}] N = {}, d = {}, K = {}: {} chambers, {} cells ({} ordered), {} genuine, \
             {half_spaces} cells with a solution set, {engine_calls} systems sent to the engine, {} fallbacks",
            inst.n(),
            inst.d(),
            inst.hidden,
            s.chambers,
            s.cells,
            s.cells_ordered,
            s.genuine,
            run.fallbacks
        );
        println!(
            "bench_cells [{label}] certify {certify:.2} s ({:.0} cells/s), checker {check:.2} s ({:.0} cells/s), \
             certificate {:.1} MB, checker {}",
            s.cells as f64 / certify,
            s.cells as f64 / check,
            json_bytes as f64 / 1e6,
            match verdict {
                Ok(_) => "accepted".to_string(),
                Err(e) => e.to_string(),
            }
        );
    }
}
