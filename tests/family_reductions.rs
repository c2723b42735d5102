//! The reduced family search (`proofs/family-reductions.md`) against the full enumeration
//! (`--no-reduce`) on 200 seeded random small instances: K from 1 to 4, ReLU and leaky slopes,
//! output bias, hidden bias, duplicate and zero samples. Same set of loss values, same global
//! minimum, same verdict, same levels (cores per loss, differentiable cores, full width); the
//! reduced certificates pass the checker, and every level's widened witness is a local minimum
//! of the K-unit network with the level's loss (`relucert point`'s classifier).

use std::collections::BTreeSet;

use relucert::certificate::Certificate;
use relucert::certificate::build::{attach_report, certify_cells};
use relucert::certificate::sink::VecSink;
use relucert::certificate::stream::{StreamOptions, certify_into, header};
use relucert::certificate::stream_tally::Tally;
use relucert::checker::stream::check_stream;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::families::levels::levels;
use relucert::families::{FamiliesReport, Plan, faces_of};
use relucert::feasibility::Route;
use relucert::instance::{Instance, NetworkSettings};
use relucert::model;
use relucert_format::v2::Record;

/// A small deterministic generator (64-bit LCG, high bits).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn coin(&mut self, num: u64, den: u64) -> bool {
        self.next() % den < num
    }
}

/// Instance number `seed`: K cycles through 1..=4; K ≥ 3 uses d = 1 to keep the full
/// enumeration small.
fn instance(seed: u64) -> Instance {
    let mut rng = Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) ^ 0xD1B54A32D192ED03);
    let k = (seed % 4) as usize + 1;
    let (raw_d, n, bias) = if k >= 3 {
        (1, rng.range(2, 4) as usize, false)
    } else if rng.coin(1, 2) {
        (1, rng.range(2, 4) as usize, rng.coin(1, 2))
    } else {
        (2, if k == 1 { rng.range(2, 3) as usize } else { 2 }, false)
    };
    let mut x: Vec<Vec<Q>> = Vec::new();
    let mut y: Vec<Q> = Vec::new();
    for i in 0..n {
        if i > 0 && rng.coin(1, 4) {
            // A duplicate sample, with its own label.
            let j = rng.range(0, i as i64 - 1) as usize;
            x.push(x[j].clone());
        } else {
            x.push((0..raw_d).map(|_| qi(rng.range(-3, 3))).collect());
        }
        y.push(qi(rng.range(-3, 3)));
    }
    let alpha = match rng.range(0, 2) {
        0 | 1 => qi(0),
        _ => q(1, 4),
    };
    let settings = NetworkSettings {
        hidden: k,
        bias,
        alpha,
        output_bias: rng.coin(1, 2),
    };
    Instance::new(x, y, &settings, None).expect("valid instance")
}

fn decide(inst: &Instance, reduce: bool) -> FamiliesReport {
    let faces = faces_of(inst).expect("faces");
    Plan::new(inst, faces, reduce).decide(inst, Route::FloatFirst, false)
}

type LevelKey = (Q, bool, u64, u64, bool);

/// Certify `inst` into a reduced `relucert/2` stream, check it, and return the checker's
/// verified levels and the solver's streamed answer.
fn reduced_stream(inst: &Instance, seed: u64) -> (Vec<LevelKey>, Vec<relucert::families::levels::Level>) {
    let opts = StreamOptions {
        route: Route::FloatFirst,
        families: true,
        least_squares: false,
        progress: false,
        reduce: true,
        solution_set: true,
    };
    let mut sink = VecSink::default();
    certify_into(inst, &opts, &mut sink).unwrap();
    let mut all = vec![Record::Header(header(inst, &opts))];
    all.append(&mut sink.0);
    let mut tally = Tally::default();
    for r in &all {
        tally.add(r);
    }
    all.push(Record::Trailer(tally.trailer(true).unwrap()));
    assert!(matches!(
        all.iter()
            .find(|r| r.family_key().is_some() || matches!(r, Record::Reduction(_))),
        Some(Record::Reduction(_))
    ));
    let report = check_stream(all.into_iter().enumerate().map(|(i, r)| Ok((i + 1, r))))
        .unwrap_or_else(|e| panic!("seed {seed}: {e:?}"));
    assert!(report.reduced);
    let levels = report
        .levels
        .iter()
        .map(|l| {
            (
                l.loss.clone(),
                l.spurious,
                l.families,
                l.differentiable,
                l.full_width,
            )
        })
        .collect();
    (levels, tally.levels())
}

fn losses(r: &FamiliesReport) -> BTreeSet<Q> {
    r.results.iter().filter_map(|f| f.loss().cloned()).collect()
}

#[test]
fn reduced_and_full_searches_agree_on_200_random_instances() {
    let mut reduced_total = 0usize;
    let mut full_total = 0usize;
    let mut spurious_instances = 0;
    let mut by_k = [0usize; 5];
    for seed in 0..200u64 {
        let inst = instance(seed);
        by_k[inst.hidden] += 1;
        let full = decide(&inst, false);
        let red = decide(&inst, true);
        full_total += full.results.len();
        reduced_total += red.results.len();
        assert_eq!(losses(&full), losses(&red), "seed {seed}: loss values, {inst:?}");
        assert_eq!(full.global_min, red.global_min, "seed {seed}: global minimum");
        assert_eq!(full.verdict(), red.verdict(), "seed {seed}: verdict");
        let (lf, lr) = (levels(&full, inst.hidden), levels(&red, inst.hidden));
        let key = |l: &relucert::families::levels::Level| {
            (
                l.loss.clone(),
                l.spurious,
                l.families,
                l.differentiable,
                l.full_width,
            )
        };
        assert_eq!(
            lf.iter().map(key).collect::<Vec<_>>(),
            lr.iter().map(key).collect::<Vec<_>>(),
            "seed {seed}: levels"
        );
        spurious_instances += usize::from(red.verdict() == "spurious-minima");
        // Every level's witness: a K-unit local minimum with the level's loss.
        for l in &lr {
            assert_eq!(l.witness.z.len(), inst.hidden);
            assert_eq!(
                model::loss(&inst, &l.witness),
                l.loss,
                "seed {seed}: witness loss"
            );
            let c = relucert::point::classify(&inst, &l.witness, Route::ExactOnly).unwrap();
            assert!(
                c.is_local_min(),
                "seed {seed}: witness of level {} is not a local minimum",
                l.loss
            );
        }
        // The reduced relucert/2 stream: accepted, and the checker's levels, the solver's
        // streamed answer and the trailer agree with the full search.
        let (stream_levels, answer) = reduced_stream(&inst, seed);
        assert_eq!(
            stream_levels,
            lf.iter().map(key).collect::<Vec<_>>(),
            "seed {seed}: levels verified from the reduced stream"
        );
        assert_eq!(
            answer.iter().map(key).collect::<Vec<_>>(),
            lf.iter().map(key).collect::<Vec<_>>(),
            "seed {seed}: the streamed plain answer"
        );
        for l in &answer {
            assert_eq!(
                model::loss(&inst, &l.witness),
                l.loss,
                "seed {seed}: streamed witness"
            );
        }
        // The reduced certificate passes the checker (every 5th instance, to keep the test short).
        if seed % 5 == 0 {
            let mut run = certify_cells(&inst, Route::FloatFirst, false).unwrap();
            attach_report(&mut run.certificate, &inst, &red).unwrap();
            let cert = Certificate::from_json(&run.certificate.to_json()).unwrap();
            let report = relucert::checker::check(&cert).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
            let f = report.family_report.unwrap();
            assert!(f.reduced);
            assert_eq!(Some(&f.global_min), red.global_min.as_ref());
        }
    }
    assert_eq!(by_k[1..].iter().sum::<usize>(), 200);
    assert!(by_k[1..].iter().all(|&c| c == 50), "{by_k:?}");
    assert!(reduced_total < full_total, "{reduced_total} vs {full_total}");
    assert!(
        spurious_instances > 10,
        "only {spurious_instances} instances with spurious minima"
    );
    eprintln!(
        "200 instances: {reduced_total} combinations decided reduced, {full_total} full; {spurious_instances} with spurious minima"
    );
}
