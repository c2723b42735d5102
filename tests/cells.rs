//! Cell combinations on the worked examples of SPEC §9, exact values; Penrose equations for
//! every reported pseudo-inverse; the float-first and exact-only routes agree; the checker
//! accepts every certificate produced here.

use std::path::Path;

use relucert::cells::{self, CellResult, Chamber, Genuineness};
use relucert::certificate::build::{CellsRun, certify_cells};
use relucert::checker;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::instance::{Instance, NetworkSettings, toml_file};

fn fixture(name: &str) -> Instance {
    toml_file::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
}

fn run(inst: &Instance, route: Route) -> CellsRun {
    let run = certify_cells(inst, route, false).unwrap();
    for r in &run.results {
        let units: Vec<&Chamber> = r.chambers.iter().map(|&c| &run.chambers[c]).collect();
        let a = cells::design::design_matrix(inst, &units);
        // The pseudo-inverse is computed on request only; R₀ is A⁺y.
        let pinv = a.pseudo_inverse();
        assert!(a.is_pseudo_inverse(&pinv), "Penrose equations fail");
        assert_eq!(pinv.mul_vec(&inst.y), r.least_squares.r0, "R₀ is not A⁺y");
        assert_eq!(r.least_squares.rank + r.least_squares.solution_dim, a.cols());
        assert_eq!(r.least_squares.null_basis.len(), r.least_squares.solution_dim);
        if let Genuineness::Genuine(w) = &r.genuineness {
            let point = relucert::model::Point {
                z: w.z.clone(),
                w: w.w.clone(),
                c: w.c.clone().unwrap_or_else(|| qi(0)),
            };
            assert_eq!(relucert::model::loss(inst, &point), r.least_squares.loss);
        }
    }
    let report = checker::check(&run.certificate).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.cells, run.results.len() as u64);
    run
}

fn cell<'a>(run: &'a CellsRun, names: &[&str]) -> &'a CellResult {
    run.results
        .iter()
        .find(|r| {
            let got: Vec<String> = r
                .chambers
                .iter()
                .map(|&c| run.chambers[c].sign_string())
                .collect();
            got == names
        })
        .unwrap_or_else(|| panic!("no cell {names:?}"))
}

#[test]
fn liu_fig2_labels_one_one() {
    let run = run(&fixture("liu_fig2.toml"), Route::ExactOnly);
    assert_eq!(run.chambers.len(), 4);
    let minus = cell(&run, &["--"]);
    assert_eq!(minus.least_squares.loss, qi(1));
    assert_eq!(minus.least_squares.rank, 0); // A = 0: a plateau
    for name in ["+-", "-+"] {
        let c = cell(&run, &[name]);
        assert_eq!(c.least_squares.loss, q(1, 2));
        assert_eq!(c.least_squares.solution_dim, 1); // a line of minima
        assert!(c.is_genuine());
    }
    let plus = cell(&run, &["++"]);
    assert_eq!(plus.least_squares.loss, qi(0));
    assert_eq!(plus.least_squares.solution_dim, 0);
    assert_eq!(plus.least_squares.r0, vec![qi(1), qi(1)]);
    assert!(plus.is_genuine());
}

#[test]
fn liu_fig2_labels_one_minus_one() {
    let run = run(&fixture("liu_fig2_y1m1.toml"), Route::ExactOnly);
    let plus = cell(&run, &["++"]);
    assert_eq!(plus.least_squares.r0, vec![qi(1), qi(-1)]);
    assert_eq!(plus.least_squares.loss, qi(0));
    match &plus.genuineness {
        Genuineness::NotGenuine(list) => assert_eq!(list.len(), 3),
        other => panic!("expected not genuine, found {other:?}"),
    }
}

/// The decomposition paper reports `½Σ e_i²`; ours is `(1/N) Σ e_i²`, so theirs = ours · N/2.
fn paper_loss(ours: &Q, n: usize) -> Q {
    ours * q(n as i64, 2)
}

#[test]
fn decomposition_fig3_one_hidden_unit() {
    let run = run(&fixture("decomposition_fig3_h1.toml"), Route::ExactOnly);
    assert_eq!(run.results.len(), 6);
    let mut losses: Vec<(Q, bool)> = run
        .results
        .iter()
        .map(|r| (paper_loss(&r.least_squares.loss, 3), r.is_genuine()))
        .collect();
    losses.sort();
    let expected = vec![
        (q(4, 25), true),
        (q(1, 2), false),
        (qi(2), false),
        (qi(5), true),
        (q(13, 2), true),
        (qi(7), true),
    ];
    assert_eq!(losses, expected);
}

#[test]
fn decomposition_fig3_two_hidden_units() {
    let run = run(&fixture("decomposition_fig3_h2.toml"), Route::ExactOnly);
    assert_eq!(run.results.len(), 21);
    assert_eq!(run.certificate.summary.cells_ordered, 36);
    let zero: Vec<&CellResult> = run
        .results
        .iter()
        .filter(|r| r.least_squares.loss == qi(0))
        .collect();
    assert_eq!(zero.len(), 7);
    assert_eq!(zero.iter().filter(|r| r.is_genuine()).count(), 5);
}

#[test]
fn decomposition_fig2_differentiable_minima() {
    let run = run(&fixture("decomposition_fig2.toml"), Route::ExactOnly);
    let mut genuine: Vec<Q> = run
        .results
        .iter()
        .filter(|r| r.is_genuine())
        .map(|r| r.least_squares.loss.clone())
        .collect();
    genuine.sort();
    assert_eq!(genuine, vec![q(1, 2), q(9, 2)]);
    assert_eq!(run.certificate.summary.best_genuine_loss, Some(q(1, 2)));
}

#[test]
fn design_matrix_with_leaky_slope_and_output_bias() {
    let settings = NetworkSettings {
        hidden: 2,
        bias: false,
        alpha: q(1, 4),
        output_bias: true,
    };
    let inst = Instance::new(
        vec![vec![qi(1), qi(2)], vec![qi(0), qi(0)]],
        vec![qi(1), qi(2)],
        &settings,
        None,
    )
    .unwrap();
    let plus = Chamber::from_signs("+0", vec![qi(1), qi(0)]).unwrap();
    let minus = Chamber::from_signs("-0", vec![qi(-1), qi(0)]).unwrap();
    let a = cells::design::design_matrix(&inst, &[&plus, &minus]);
    let expected = vec![
        vec![qi(1), qi(2), q(1, 4), q(1, 2), qi(1)],
        vec![qi(0), qi(0), qi(0), qi(0), qi(1)], // the zero sample: only the output bias
    ];
    assert_eq!(a.to_rows(), expected);
}

/// A small deterministic generator (no floats involved in the data).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, range: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % (2 * range as u64 + 1)) as i64 - range
    }
}

#[test]
fn routes_agree_on_random_small_instances() {
    let mut rng = Lcg(2024);
    for trial in 0..12 {
        let n = 3 + (trial % 3);
        let settings = NetworkSettings {
            hidden: 1 + trial % 2,
            bias: trial % 4 == 1,
            alpha: if trial % 3 == 2 { q(1, 3) } else { qi(0) },
            output_bias: trial % 5 == 3,
        };
        let x: Vec<Vec<Q>> = (0..n).map(|_| vec![qi(rng.next(3)), qi(rng.next(3))]).collect();
        let y: Vec<Q> = (0..n).map(|_| qi(rng.next(4))).collect();
        let inst = Instance::new(x, y, &settings, None).unwrap();
        let exact = run(&inst, Route::ExactOnly);
        let float = run(&inst, Route::FloatFirst);
        let verdicts = |r: &CellsRun| -> Vec<(Vec<usize>, Q, bool)> {
            r.results
                .iter()
                .map(|c| (c.chambers.clone(), c.least_squares.loss.clone(), c.is_genuine()))
                .collect()
        };
        assert_eq!(verdicts(&exact), verdicts(&float), "trial {trial}");
    }
}
