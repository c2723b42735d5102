//! The hinge-loss point classifier (`relucert hinge --point`, `proofs/hinge-cells.md` §5)
//! against exact random perturbations on ≥ 100 random small instances: at every point it calls
//! a local minimum, no lower loss at 60 exact random perturbations (flat ones: equal loss at all
//! of them; not-flat ones: a strictly higher loss along the reported direction); at every point
//! it calls no local minimum, a strictly lower loss at the reported step and along the reported
//! direction at a much smaller step. Points: every minimum inside the cells (its classification
//! must agree with the cell analysis), points on activation hyperplanes (boundaries of cells),
//! and random perturbations of the minima.

use num_traits::{Signed, Zero};

use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::hinge::point::{HingePointAnswer, PointShape, classify};
use relucert::hinge::{self, Shape, loss::hinge_loss};
use relucert::instance::Instance;
use relucert::instance::toml_file;
use relucert::model::Point;

#[path = "support/hinge_random.rs"]
mod hinge_random;

use hinge_random::{Lcg, perturbed, random_instance};

fn along(p: &Point, d: &Point, t: &Q) -> Point {
    Point {
        z: p.z.iter().zip(&d.z).map(|(a, b)| a + t * b).collect(),
        w: p.w
            .iter()
            .zip(&d.w)
            .map(|(r, s)| r.iter().zip(s).map(|(a, b)| a + t * b).collect())
            .collect(),
        c: &p.c + t * &d.c,
    }
}

/// A point with unit `k` on the hyperplane of a random non-zero sample (or at `w_k = 0`).
fn on_hyperplane(inst: &Instance, rng: &mut Lcg) -> Point {
    let d = inst.d();
    let mut w: Vec<Vec<Q>> = (0..inst.hidden)
        .map(|_| (0..d).map(|_| q(rng.int(-3, 3), rng.int(1, 2))).collect())
        .collect();
    let k = rng.int(0, inst.hidden as i64 - 1) as usize;
    let i = rng.int(0, inst.n() as i64 - 1) as usize;
    let x = &inst.x[i];
    w[k] = if d == 2 && rng.int(0, 2) > 0 {
        let t = qi(rng.int(-2, 2));
        vec![-&t * &x[1], &t * &x[0]]
    } else {
        vec![Q::zero(); d]
    };
    let z: Vec<Q> = (0..inst.hidden)
        .map(|_| {
            let v = rng.int(-3, 3);
            q(if v == 0 { 1 } else { v }, rng.int(1, 2))
        })
        .collect();
    Point {
        z,
        w,
        c: if inst.output_bias {
            q(rng.int(-2, 2), 2)
        } else {
            qi(0)
        },
    }
}

#[derive(Default, Debug)]
struct Tally {
    points: u32,
    minima: u32,
    flat: u32,
    not_flat: u32,
    not_minima: u32,
    undecided: u32,
    inside_agree: u32,
    /// Points with a unit at z_k = 0, w_k = 0 (decided through the virtual points, §7.4).
    dead_points: u32,
    dead_minima: u32,
    dead_not_minima: u32,
}

fn check_point(inst: &Instance, p: &Point, rng: &mut Lcg, t: &mut Tally) -> HingePointAnswer {
    let answer = classify(inst, p, Route::FloatFirst);
    t.points += 1;
    let base = hinge_loss(inst, p);
    match &answer {
        HingePointAnswer::LocalMinimum { loss, shape, .. } => {
            assert_eq!(*loss, base);
            t.minima += 1;
            // Small enough for the random points here (margins and w·x off their kinks by ≥ 1e-5).
            for scale in [q(1, 10_000_000), q(1, 1_000_000_000), q(1, 100_000_000_000)] {
                for _ in 0..20 {
                    let l = hinge_loss(inst, &perturbed(p, rng, &scale, inst.output_bias));
                    assert!(
                        l >= base,
                        "{inst:?} {p:?}: called a local minimum, lower loss {l} < {base} nearby"
                    );
                    if *shape == PointShape::Flat {
                        assert_eq!(l, base, "{inst:?} {p:?}: called flat, the loss moved");
                    }
                }
            }
            match shape {
                PointShape::Flat => t.flat += 1,
                PointShape::NotFlat {
                    direction,
                    derivative,
                } => {
                    t.not_flat += 1;
                    assert!(direction.z.iter().all(Zero::is_zero));
                    let s = q(1, 1_000_000_000);
                    let l = hinge_loss(inst, &along(p, direction, &s));
                    assert!(
                        l > base,
                        "{inst:?} {p:?}: not flat, yet no rise along the direction"
                    );
                    assert_eq!((l - &base) / &s, *derivative, "{inst:?} {p:?}: rate");
                }
                PointShape::NotFlatCurved(_) => t.not_flat += 1,
                PointShape::Unknown(_) => {}
            }
        }
        HingePointAnswer::NotMinimum {
            loss,
            direction,
            step,
            step_loss,
            quadratic,
            ..
        } => {
            assert_eq!(*loss, base);
            t.not_minima += 1;
            assert_eq!(hinge_loss(inst, step), *step_loss);
            assert!(*step_loss < base);
            if *quadratic {
                // Units at z_k = 0, w_k = 0 move as τ·d, the others as τ²·d (hinge-cells.md §7.4).
                t.dead_not_minima += 1;
                let tau = q(1, 100_000);
                let tau2 = &tau * &tau;
                let mut c = p.clone();
                for k in 0..inst.hidden {
                    if direction.z[k].is_zero() {
                        c.w[k] = p.w[k]
                            .iter()
                            .zip(&direction.w[k])
                            .map(|(a, b)| a + &tau2 * b)
                            .collect();
                    } else {
                        assert!(p.z[k].is_zero() && p.w[k].iter().all(Zero::is_zero));
                        c.z[k] = &tau * &direction.z[k];
                        c.w[k] = direction.w[k].iter().map(|b| &tau * b).collect();
                    }
                }
                c.c = &p.c + &tau2 * &direction.c;
                assert!(
                    hinge_loss(inst, &c) < base,
                    "{inst:?} {p:?}: no lower loss on the curve"
                );
            } else {
                assert!(direction.z.iter().all(Zero::is_zero));
                let s = q(1, 1_000_000_000);
                assert!(
                    hinge_loss(inst, &along(p, direction, &s)) < base,
                    "{inst:?} {p:?}: no lower loss at a tiny step along the direction"
                );
            }
        }
        HingePointAnswer::Undecided { loss, .. } => {
            assert_eq!(*loss, base);
            t.undecided += 1;
        }
    }
    answer
}

/// ≥ 100 random instances; every answer checked by exact evaluation of the loss.
#[test]
fn hinge_point_classifier_agrees_with_exact_perturbations() {
    let mut rng = Lcg(77);
    let mut t = Tally::default();
    for _ in 0..110 {
        let inst = random_instance(&mut rng);
        let report = hinge::analyse(&inst, Route::FloatFirst).unwrap();
        for cell in &report.cells {
            let Ok(m) = &cell.inside else { continue };
            let answer = check_point(&inst, &m.point, &mut rng, &mut t);
            // Agreement with the cell analysis (proofs/hinge-cells.md §2–§3).
            if m.point.z.iter().all(|z| !z.is_zero()) {
                let HingePointAnswer::LocalMinimum { shape, .. } = &answer else {
                    panic!("{inst:?} {m:?}: an inside minimum not classified as a local minimum: {answer:?}")
                };
                match m.shape {
                    Shape::Flat => assert_eq!(*shape, PointShape::Flat, "{inst:?} {m:?}"),
                    Shape::FlatBoundary | Shape::Sharp => {
                        assert!(matches!(shape, PointShape::NotFlat { .. }), "{inst:?} {m:?}")
                    }
                    Shape::Undecided => {}
                }
                t.inside_agree += 1;
            } else {
                assert!(
                    !matches!(answer, HingePointAnswer::NotMinimum { .. }),
                    "{inst:?} {m:?}"
                );
            }
            let near = perturbed(&m.point, &mut rng, &q(1, 100), inst.output_bias);
            check_point(&inst, &near, &mut rng, &mut t);
            // The same point with unit 0 switched off at the origin (z_0 = 0, w_0 = 0).
            let mut dead = m.point.clone();
            dead.z[0] = qi(0);
            dead.w[0] = vec![qi(0); inst.d()];
            t.dead_points += 1;
            match check_point(&inst, &dead, &mut rng, &mut t) {
                HingePointAnswer::LocalMinimum { .. } => t.dead_minima += 1,
                HingePointAnswer::Undecided { reason, .. } => {
                    assert!(reason.contains("2^"), "{inst:?} {dead:?}: undecided: {reason}")
                }
                HingePointAnswer::NotMinimum { .. } => {}
            }
        }
        for _ in 0..4 {
            let p = on_hyperplane(&inst, &mut rng);
            check_point(&inst, &p, &mut rng, &mut t);
        }
    }
    eprintln!("{t:?}");
    assert!(
        t.minima > 100 && t.not_minima > 100 && t.flat > 10 && t.not_flat > 10,
        "{t:?}"
    );
}

/// Laurent–von Brecht Fig. 1's situation (`fixtures/hinge_lvb_fig1.toml`): the sharp minimum
/// 3/4 on the kink of sample 2, the flat dead cell (loss 1), and the boundary point `w = 0` between
/// them — a local minimum with loss 1 that is not flat (the loss rises into the `++` chamber):
/// Laurent–von Brecht's type I (on the boundary of the flat region).
#[test]
fn lvb_fig1_points() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/hinge_lvb_fig1.toml");
    let (inst, _) = toml_file::read_with_loss(&path).unwrap();
    let pt = |z: Q, w: Q| Point {
        z: vec![z],
        w: vec![vec![w]],
        c: qi(0),
    };
    let sharp = classify(&inst, &pt(qi(-1), q(1, 2)), Route::ExactOnly);
    let HingePointAnswer::LocalMinimum { loss, shape, .. } = sharp else {
        panic!("{sharp:?}")
    };
    assert_eq!(loss, q(3, 4));
    assert!(matches!(shape, PointShape::NotFlat { .. }));
    let flat = classify(&inst, &pt(qi(1), qi(-1)), Route::ExactOnly);
    assert_eq!(
        flat,
        HingePointAnswer::LocalMinimum {
            loss: qi(1),
            pieces: 1,
            shape: PointShape::Flat
        }
    );
    let edge = classify(&inst, &pt(qi(1), qi(0)), Route::ExactOnly);
    let HingePointAnswer::LocalMinimum { loss, pieces, shape } = edge else {
        panic!("{edge:?}")
    };
    assert_eq!((loss, pieces), (qi(1), 4));
    let PointShape::NotFlat { derivative, .. } = shape else {
        panic!()
    };
    assert!(derivative.is_positive());
    let not = classify(&inst, &pt(qi(1), qi(1)), Route::ExactOnly);
    let HingePointAnswer::NotMinimum { step_loss, .. } = not else {
        panic!("{not:?}")
    };
    assert!(step_loss < q(3, 2));
}
