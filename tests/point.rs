//! The point classifier (SPEC §4) against worked examples and exact random perturbation.

use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::families::{self, FamilyOutcome};
use relucert::feasibility::Route;
use relucert::instance::{Instance, toml_file};
use relucert::model::{self, Point};
use relucert::point::{self, Verdict, descent::moved, point_file};

fn fixture(name: &str) -> Instance {
    toml_file::read(std::path::Path::new(&format!(
        "{}/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

fn point_fixture(name: &str, inst: &Instance) -> Point {
    point_file::read(
        std::path::Path::new(&format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))),
        inst,
    )
    .unwrap()
}

/// A small deterministic generator (no external state), for reproducible random rationals.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }
    fn small(&mut self, scale: &Q) -> Q {
        q(self.int(-1000, 1000), 1000) * scale
    }
}

/// The descent is real: the derivative is negative and the reported step lowers the loss.
fn confirm_descent(inst: &Instance, p: &Point, d: &point::Descent) {
    assert!(d.derivative < qi(0));
    let mut base = p.clone();
    if let (Some(k), Some(shift)) = (d.unit, &d.pre_shift) {
        assert!(p.z[k] == qi(0));
        for (a, b) in base.w[k].iter_mut().zip(shift) {
            *a += b;
        }
        assert_eq!(model::loss(inst, &base), model::loss(inst, p));
    }
    let lower = moved(&base, &d.step, &d.dz, &d.dw, &d.dc);
    let l = model::loss(inst, &lower);
    assert_eq!(l, d.loss_at_step);
    assert!(l < model::loss(inst, p));
}

/// No lower loss at many exact random perturbations of every coordinate.
fn confirm_local_min(inst: &Instance, p: &Point, rng: &mut Lcg, tries: usize) {
    let l0 = model::loss(inst, p);
    for scale in [q(1, 1000), q(1, 1_000_000)] {
        for _ in 0..tries {
            let mut p2 = p.clone();
            for z in p2.z.iter_mut() {
                *z += rng.small(&scale);
            }
            for row in p2.w.iter_mut() {
                for v in row.iter_mut() {
                    *v += rng.small(&scale);
                }
            }
            if inst.output_bias {
                p2.c += rng.small(&scale);
            }
            let l = model::loss(inst, &p2);
            assert!(
                l >= l0,
                "lower loss {l} < {l0} at {p2:?} near local minimum {p:?}"
            );
        }
    }
}

#[test]
fn fig2_boundary_minimum_and_dead_unit() {
    let inst = fixture("decomposition_fig2.toml");
    let mut rng = Lcg(7);
    let p = point_fixture("point_fig2_boundary.toml", &inst);
    let c = point::classify(&inst, &p, Route::ExactOnly).unwrap();
    assert!(c.is_local_min());
    assert_eq!(c.loss, qi(5));
    assert_eq!(c.faces[0].to_string(), "00");
    assert!(!c.differentiable);
    confirm_local_min(&inst, &p, &mut rng, 200);

    let dead = point_fixture("point_fig2_dead.toml", &inst);
    let c = point::classify(&inst, &dead, Route::ExactOnly).unwrap();
    assert_eq!(c.saddle, Some(true));
    match &c.verdict {
        Verdict::NotLocalMin { descent } => {
            assert!(
                descent.pre_shift.is_some(),
                "w = 0, z = 0 needs the shift of Liu's Lemma 1"
            );
            confirm_descent(&inst, &dead, descent);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn liu_thm3_degenerate_is_a_local_minimum() {
    let inst = fixture("liu_thm3_degenerate.toml");
    let p = point_fixture("liu_thm3_degenerate_point.toml", &inst);
    let c = point::classify(&inst, &p, Route::ExactOnly).unwrap();
    assert!(c.is_local_min());
    assert!(!c.differentiable);
    assert_eq!(c.loss, q(1, 2));
    assert_eq!(c.faces[0].to_string(), "+0");
    // Liu (29): Σ_{i≠n} e_i I_im (x_i·x_n) z_m < 0 with n = 1: here it is 0 (equality).
    let e = &c.residuals;
    let x = &inst.x;
    let lhs29 = &e[0] * (&x[0][0] * &x[1][0] + &x[0][1] * &x[1][1]) * &p.z[0];
    assert_eq!(lhs29, qi(0));
    // (30) holds strictly: lhs29 + e_n |x_n|² z_m > 0.
    assert!(lhs29 + &e[1] * (&x[1][0] * &x[1][0] + &x[1][1] * &x[1][1]) * &p.z[0] > qi(0));
    let mut rng = Lcg(11);
    confirm_local_min(&inst, &p, &mut rng, 300);
}

fn random_instance(rng: &mut Lcg) -> Instance {
    let n = rng.int(2, 3) as usize;
    let d = 2;
    let x: Vec<Vec<Q>> = (0..n)
        .map(|_| (0..d).map(|_| qi(rng.int(-2, 2))).collect())
        .collect();
    let y: Vec<Q> = (0..n).map(|_| qi(rng.int(-3, 3))).collect();
    Instance {
        x,
        y,
        hidden: rng.int(1, 2) as usize,
        alpha: if rng.int(0, 2) == 0 { q(1, 4) } else { qi(0) },
        bias: false,
        output_bias: rng.int(0, 3) == 0,
        weights: None,
    }
}

fn random_point(inst: &Instance, rng: &mut Lcg) -> Point {
    let d = inst.d();
    let mut w: Vec<Vec<Q>> = (0..inst.hidden)
        .map(|_| (0..d).map(|_| qi(rng.int(-2, 2))).collect())
        .collect();
    for row in w.iter_mut() {
        if rng.int(0, 2) == 0 {
            // On the hyperplane of a sample: rotate it by 90 degrees.
            let i = rng.int(0, inst.n() as i64 - 1) as usize;
            *row = vec![-inst.x[i][1].clone(), inst.x[i][0].clone()];
        }
    }
    let z = (0..inst.hidden)
        .map(|_| {
            if rng.int(0, 3) == 0 {
                qi(0)
            } else {
                qi(rng.int(-2, 2))
            }
        })
        .collect();
    Point {
        z,
        w,
        c: if inst.output_bias {
            qi(rng.int(-1, 1))
        } else {
            qi(0)
        },
    }
}

#[test]
fn classifier_agrees_with_random_perturbation() {
    let mut rng = Lcg(2024);
    let (mut minima, mut descents) = (0, 0);
    for _ in 0..25 {
        let inst = random_instance(&mut rng);
        let mut points: Vec<Point> = (0..4).map(|_| random_point(&inst, &mut rng)).collect();
        // Family witnesses are local minima, many of them on boundaries.
        if let Ok(report) = families::enumerate(&inst, Route::ExactOnly, Some(2_000)) {
            for r in report.results.iter().take(60) {
                if let FamilyOutcome::Exists { point, .. } = &r.outcome {
                    points.push(point.clone());
                }
            }
        }
        for p in &points {
            let c = point::classify(&inst, p, Route::ExactOnly).unwrap();
            match &c.verdict {
                Verdict::LocalMin { .. } => {
                    minima += 1;
                    confirm_local_min(&inst, p, &mut rng, 40);
                }
                Verdict::NotLocalMin { descent } => {
                    descents += 1;
                    confirm_descent(&inst, p, descent);
                }
            }
        }
    }
    assert!(
        minima > 10 && descents > 10,
        "minima {minima}, descents {descents}"
    );
}
