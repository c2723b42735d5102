//! The solution-set reduction of the cell systems (`proofs/solution-set-reduction.md`) against
//! the unreduced cell stage (`certify --no-cell-reduction`): on many random small instances — zero and
//! repeated samples, biases, leaky slopes, rank-deficient design matrices — every cell gets
//! the same rank, loss and genuineness both ways, and the checker accepts both certificates.
//! The reduction must actually be exercised: the test counts the systems it decided, the
//! genuine cells it found, and the refutations it lifted.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/hinge_random.rs"]
mod hinge_random;

use hinge_random::Lcg;
use relucert::cells::{Decider, Genuineness};
use relucert::certificate::build::{CellsRun, certify_cells};
use relucert::checker;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::instance::Instance;

/// `N = 2..6` samples in `d = 1..3` with entries in `−2..2` (so zero and repeated samples
/// occur), labels in `−3..3`, `K = 1..2`, a hidden bias, an output bias and a leaky slope
/// `1/4` each one time in three.
fn random_instance(rng: &mut Lcg) -> Instance {
    let n = rng.int(2, 6) as usize;
    let d = rng.int(1, 3) as usize;
    let bias = rng.int(0, 2) == 0;
    let x: Vec<Vec<Q>> = (0..n)
        .map(|_| {
            let mut row: Vec<Q> = (0..d).map(|_| qi(rng.int(-2, 2))).collect();
            if bias {
                row.push(qi(1));
            }
            row
        })
        .collect();
    Instance {
        x,
        y: (0..n).map(|_| qi(rng.int(-3, 3))).collect(),
        hidden: rng.int(1, 2) as usize,
        alpha: if rng.int(0, 2) == 0 { q(1, 4) } else { qi(0) },
        bias,
        output_bias: rng.int(0, 2) == 0,
        weights: None,
    }
}

fn run(inst: &Instance, route: Route, solution_set: bool) -> CellsRun {
    let run = certify_cells(inst, Decider { route, solution_set }, false).unwrap();
    checker::check(&run.certificate)
        .unwrap_or_else(|e| panic!("solution_set = {solution_set}, {route:?}: {e}\n{inst:?}"));
    run
}

#[test]
fn reduced_and_unreduced_cells_agree_on_random_instances() {
    let mut rng = Lcg(20261124);
    let (mut systems, mut genuine_on_set, mut refuted_on_set, mut cells) = (0u64, 0, 0, 0);
    for _ in 0..120 {
        let inst = random_instance(&mut rng);
        let plain = run(&inst, Route::FloatFirst, false);
        for route in [Route::FloatFirst, Route::ExactOnly] {
            let reduced = run(&inst, route, true);
            assert_eq!(reduced.results.len(), plain.results.len());
            for (a, b) in reduced.results.iter().zip(&plain.results) {
                assert_eq!(a.chambers, b.chambers);
                assert_eq!(a.least_squares.rank, b.least_squares.rank);
                assert_eq!(a.least_squares.loss, b.least_squares.loss);
                assert_eq!(
                    a.is_genuine(),
                    b.is_genuine(),
                    "cell {:?} of {inst:?}",
                    a.chambers
                );
                assert_eq!(b.reduced, 0, "the unreduced search reduced a system");
                if route == Route::FloatFirst {
                    systems += a.reduced;
                    cells += 1;
                    if a.reduced > 0 {
                        match &a.genuineness {
                            Genuineness::Genuine(_) => genuine_on_set += 1,
                            Genuineness::NotGenuine(_) => refuted_on_set += 1,
                        }
                    }
                }
            }
        }
    }
    eprintln!(
        "{systems} systems reduced in {cells} cells: {genuine_on_set} genuine, {refuted_on_set} refuted on the solution set"
    );
    // The reduction was exercised both ways, on a good share of the cells.
    assert!(systems >= 5000, "only {systems} systems reduced in {cells} cells");
    assert!(
        genuine_on_set >= 1000,
        "only {genuine_on_set} genuine cells found on the solution set"
    );
    assert!(
        refuted_on_set >= 1000,
        "only {refuted_on_set} cells refuted on the solution set"
    );
}

/// The unreduced cell stage is what `--no-cell-reduction` runs, and the engine then sees more
/// systems.
#[test]
fn no_cell_reduction_sends_every_system_to_the_engine() {
    let inst: Instance =
        relucert::instance::toml_file::read(&cli::fixture("decomposition_fig3_h2.toml")).unwrap();
    let reduced = run(&inst, Route::FloatFirst, true);
    let plain = run(&inst, Route::FloatFirst, false);
    let calls = |r: &CellsRun| r.results.iter().map(|c| c.engine_calls).sum::<u64>();
    let on_set = reduced.results.iter().map(|c| c.reduced).sum::<u64>();
    assert!(on_set > 0);
    assert!(
        calls(&reduced) < calls(&plain),
        "{} vs {}",
        calls(&reduced),
        calls(&plain)
    );
    let genuine = |r: &CellsRun| r.results.iter().filter(|c| c.is_genuine()).count();
    assert_eq!(genuine(&reduced), genuine(&plain));
}
