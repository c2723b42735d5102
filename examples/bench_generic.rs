//! Benchmark of the rare-data decision (Laurent–von Brecht Def. 1): binary labels, N = 30
//! samples in d = 3, depth L = 1, α = 1/2, default weights 1/N. Deterministic pseudo-random
//! integer data, so every run decides the same question. Run with
//! `cargo run --release --example bench_generic`.

use std::time::Instant;

use relucert::checker::genericity::{GenericFailure, check_generic};
use relucert::exact::rational::{q, qi};
use relucert::generic::{RareProblem, build_certificate, decide_rare, general_position};
use relucert::instance::Instance;

/// A fixed linear congruential generator (Knuth's MMIX constants).
struct Lcg(u64);

impl Lcg {
    fn next_in(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + ((self.0 >> 33) % (hi - lo + 1) as u64) as i64
    }
}

fn data(seed: u64, range: i64) -> Instance {
    let mut rng = Lcg(seed);
    let x = (0..30)
        .map(|_| (0..3).map(|_| qi(rng.next_in(-range, range))).collect())
        .collect();
    let y = (0..30).map(|_| qi(rng.next_in(0, 1))).collect();
    Instance {
        x,
        y,
        hidden: 1,
        alpha: q(1, 2),
        bias: false,
        output_bias: false,
        weights: None,
    }
}

fn decide(label: &str, instance: &Instance) {
    let problem = RareProblem::from_instance(instance, 1).expect("valid rare-data question");
    let start = Instant::now();
    let search = decide_rare(&problem).expect("within the search limit");
    let elapsed = start.elapsed();
    println!(
        "{label}: N = {}, d = {}, L = 1, R = {}: {} in {:.2} s; {} + {} sums per half ({} options per sample, brute force {} choices)",
        problem.n(),
        instance.d(),
        problem.classes(),
        if search.is_rare() {
            "RARE (witness verified)"
        } else {
            "GENERIC (exhaustive)"
        },
        elapsed.as_secs_f64(),
        search.sums_per_half[0],
        search.sums_per_half[1],
        search.options_per_sample,
        search.brute_force_count,
    );
}

/// Write the certificate of `instance` (as `relucert generic --rare -o` does) and time the
/// independent checker on it, or show its refusal.
fn check(label: &str, instance: &Instance) {
    let problem = RareProblem::from_instance(instance, 1).expect("valid rare-data question");
    let search = decide_rare(&problem).expect("within the search limit");
    let gp = general_position(&instance.x).expect("small enough");
    let cert = build_certificate(instance, &gp, Some((&problem, &search)));
    let start = Instant::now();
    let verdict = match check_generic(&cert) {
        Ok(report) => report.to_string(),
        Err(GenericFailure::Refused(why)) => format!("refused: {why}"),
        Err(GenericFailure::Rejected(r)) => format!("REJECTED (a bug): {r}"),
    };
    println!(
        "checker, {label}: {verdict} in {:.2} s",
        start.elapsed().as_secs_f64()
    );
}

fn first(instance: &Instance, n: usize) -> Instance {
    let mut small = instance.clone();
    small.x.truncate(n);
    small.y.truncate(n);
    small
}

fn main() {
    // Coordinates up to 10^6: no zero sum exists, so the search runs to the end.
    let generic = data(2024, 1_000_000);
    let start = Instant::now();
    let gp = general_position(&generic.x).expect("small enough");
    println!(
        "general position: {} ({} subsets, {:.3} s)",
        gp.holds(),
        gp.subsets_examined,
        start.elapsed().as_secs_f64()
    );
    decide("coordinates in [-10^6, 10^6]", &generic);

    // Coordinates up to 10^3: 3^30 choices crowd a box of about 10^14 sums, and a zero sum appears.
    decide("coordinates in [-10^3, 10^3]", &data(2024, 1_000));

    // Rare by construction: sample 29 becomes a copy of sample 0 with the other label.
    let mut mirrored = generic.clone();
    mirrored.x[29] = mirrored.x[0].clone();
    mirrored.y[29] = qi(1) - mirrored.y[0].clone();
    decide("one mirrored sample", &mirrored);

    // The checker repeats a `rare: false` claim by its own exhaustive route (exact-keyed hash
    // map, smaller reach than the solver's fingerprints): N = 26 fits its limits, N = 30 does not.
    check("first 26 samples, generic", &first(&generic, 26));
    check("all 30 samples, generic", &generic);
}
