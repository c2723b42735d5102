//! Hinge-loss face families (`proofs/hinge-cells.md` §7): minima on cell boundaries with exact
//! losses, Laurent–von Brecht type I/II, the exact global minimum and the verdict, against
//! exact random perturbations on ≥ 100 random small instances; every certificate re-verified by
//! the checker (after a JSON round trip), and corrupted certificates rejected by named rules.

use num_traits::Zero;

use relucert::certificate::hinge::HingeCertificate;
use relucert::checker::hinge::check_hinge;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::hinge::families::{FamilyAnswer, FamilyType, HingeFamilies};
use relucert::hinge::point::{HingePointAnswer, classify};
use relucert::hinge::{self, loss::hinge_loss};
use relucert::instance::Instance;
use relucert::instance::toml_file;
use relucert::model::Point;

#[path = "support/hinge_random.rs"]
mod hinge_random;

use hinge_random::{Lcg, perturbed, random_instance};

/// A face with a non-zero sample on its hyperplane (a cell boundary).
fn on_boundary(inst: &Instance, face: &[i8]) -> bool {
    face.iter()
        .zip(&inst.x)
        .any(|(&s, x)| s == 0 && !x.iter().all(Zero::is_zero))
}

fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

#[derive(Default, Debug)]
struct Tally {
    instances: usize,
    families: usize,
    minima: usize,
    boundary_minima: usize,
    flat: usize,
    sharp: usize,
    sharp_boundary: usize,
    spurious_instances: usize,
    unequal: usize,
    empty: usize,
    non_minima_points: usize,
}

fn certificate_round_trip(inst: &Instance, fam: &HingeFamilies) -> String {
    let report = hinge::analyse(inst, Route::FloatFirst).unwrap();
    let cert = hinge::record::certificate_with_families(inst, &report, fam);
    let back = HingeCertificate::from_json(&cert.to_json()).unwrap();
    let r = check_hinge(&back).unwrap_or_else(|e| panic!("{inst:?}: rejected: {e:?}"));
    let f = r.families.as_ref().expect("families verified");
    assert_eq!(f.families as usize, fam.families.len());
    assert_eq!(f.global_minimum.as_ref(), Some(&fam.global.value));
    r.to_string()
}

/// ≥ 100 random small instances: every family witness is a local minimum (classifier, and no
/// lower loss at 60 exact random perturbations of all of `z, w, c`), every family without minima
/// has a point whose classifier answer is "not a local minimum" with a lower loss at the reported
/// step; the least family loss is the global minimum; every certificate is accepted.
#[test]
fn random_face_families_survive_exact_perturbations() {
    let mut rng = Lcg(2026);
    let mut t = Tally::default();
    while t.instances < 110 {
        let inst = random_instance(&mut rng);
        let fam = hinge::families::analyse(&inst, Route::FloatFirst).unwrap();
        t.instances += 1;
        let mut least: Option<Q> = None;
        for f in &fam.families {
            t.families += 1;
            match &f.answer {
                FamilyAnswer::Family {
                    loss, point, kind, ..
                } => {
                    t.minima += 1;
                    let boundary = f.units.iter().any(|&(i, _)| on_boundary(&inst, &fam.faces[i].0));
                    if boundary {
                        t.boundary_minima += 1;
                    }
                    match kind {
                        FamilyType::Flat { .. } => t.flat += 1,
                        FamilyType::Sharp(_) => {
                            t.sharp += 1;
                            if boundary {
                                t.sharp_boundary += 1;
                            }
                        }
                    }
                    assert_eq!(hinge_loss(&inst, point), *loss);
                    if least.as_ref().is_none_or(|l| loss < l) {
                        least = Some(loss.clone());
                    }
                    match classify(&inst, point, Route::FloatFirst) {
                        HingePointAnswer::LocalMinimum { loss: l, .. } => assert_eq!(l, *loss),
                        other => panic!("{inst:?} {point:?}: family witness classified {other:?}"),
                    }
                    for scale in [q(1, 1_000_000), q(1, 1_000_000_000), q(1, 100_000_000_000)] {
                        for _ in 0..20 {
                            let l = hinge_loss(&inst, &perturbed(point, &mut rng, &scale, inst.output_bias));
                            assert!(l >= *loss, "{inst:?} {point:?}: lower loss {l} < {loss} nearby");
                        }
                    }
                }
                other => {
                    if matches!(other, FamilyAnswer::Unequal { .. }) {
                        t.unequal += 1;
                    } else {
                        t.empty += 1;
                    }
                    // A point of the family: z = s, w_k the face's witness.
                    let point = Point {
                        z: f.units.iter().map(|&(_, s)| qi(i64::from(s))).collect(),
                        w: f.units.iter().map(|&(i, _)| fam.faces[i].1.clone()).collect(),
                        c: Q::zero(),
                    };
                    match classify(&inst, &point, Route::FloatFirst) {
                        HingePointAnswer::NotMinimum {
                            loss,
                            step,
                            step_loss,
                            ..
                        } => {
                            assert_eq!(loss, hinge_loss(&inst, &point));
                            assert_eq!(hinge_loss(&inst, &step), step_loss);
                            assert!(step_loss < loss);
                            t.non_minima_points += 1;
                        }
                        other => panic!("{inst:?} {point:?}: no minimum in its family, classified {other:?}"),
                    }
                }
            }
        }
        assert_eq!(
            least.as_ref(),
            Some(&fam.global.value),
            "{inst:?}: the least family loss is the global minimum (attained with z = ±1)"
        );
        if fam.spurious() > 0 {
            t.spurious_instances += 1;
        }
        certificate_round_trip(&inst, &fam);
    }
    eprintln!("{t:?}");
    assert!(t.sharp_boundary > 0 && t.flat > 0 && t.unequal > 0 && t.empty > 0);
}

/// Laurent–von Brecht Fig. 1's situation on a committed fixture: a flat cell (loss constant on a
/// region) and a sharp minimum on a boundary (an activation hyperplane).
#[test]
fn lvb_fig1_boundary_fixture() {
    let inst = toml_file::read_with_loss(&fixture("hinge_lvb_fig1_boundary.toml"))
        .unwrap()
        .0;
    let fam = hinge::families::analyse(&inst, Route::ExactOnly).unwrap();
    let mut sharp_on_boundary = 0;
    let mut flat_cell = 0;
    for (f, loss, point, kind) in fam.minima() {
        let boundary = f.units.iter().any(|&(i, _)| on_boundary(&inst, &fam.faces[i].0));
        match kind {
            FamilyType::Sharp(_) if boundary => {
                sharp_on_boundary += 1;
                assert!(point.w.iter().any(|w| {
                    inst.x
                        .iter()
                        .any(|x| !x.iter().all(Zero::is_zero) && relucert::exact::matrix::dot(w, x).is_zero())
                }));
                assert!(*loss == fam.global.value || *loss > fam.global.value);
            }
            FamilyType::Flat { .. } if !boundary => flat_cell += 1,
            _ => {}
        }
    }
    assert!(
        sharp_on_boundary > 0,
        "a sharp minimum on an activation hyperplane"
    );
    assert!(flat_cell > 0, "a flat cell");
    let text = certificate_round_trip(&inst, &fam);
    assert!(text.contains("face families"), "{text}");
}

/// Corruptions of the families section, each rejected by its named rule.
#[test]
fn corrupted_family_sections_are_rejected() {
    let inst = toml_file::read_with_loss(&fixture("hinge_lvb_fig1_boundary.toml"))
        .unwrap()
        .0;
    let fam = hinge::families::analyse(&inst, Route::ExactOnly).unwrap();
    let report = hinge::analyse(&inst, Route::ExactOnly).unwrap();
    let base = hinge::record::certificate_with_families(&inst, &report, &fam);
    check_hinge(&base).unwrap();
    let rule = |c: &HingeCertificate| check_hinge(c).unwrap_err().rule;
    let fams = |c: &HingeCertificate| c.families.as_ref().unwrap().families.clone();
    let find = |answer: &str, shape: Option<&str>| {
        fams(&base)
            .iter()
            .position(|f| f.answer == answer && (shape.is_none() || f.shape.as_deref() == shape))
            .unwrap_or_else(|| panic!("a family {answer} {shape:?}"))
    };
    let (minima, sharp, flat, unequal, empty) = (
        find("minima", None),
        find("minima", Some("sharp")),
        find("minima", Some("flat")),
        find("unequal", None),
        find("empty", None),
    );
    let edit = |f: &dyn Fn(&mut relucert::certificate::hinge::HingeFamiliesRecord)| {
        let mut c = base.clone();
        f(c.families.as_mut().unwrap());
        c
    };
    // face list
    assert_eq!(
        rule(&edit(&|s| {
            s.faces.pop();
        })),
        "face-count"
    );
    // enumeration
    assert_eq!(
        rule(&edit(&|s| s.families.swap(0, 1))),
        "hinge-family-enumeration"
    );
    assert_eq!(
        rule(&edit(&|s| {
            s.families.pop();
        })),
        "hinge-family-enumeration"
    );
    // pieces
    assert_eq!(
        rule(&edit(
            &|s| s.families[minima].pieces[0].minimum = &s.families[minima].pieces[0].minimum + qi(1)
        )),
        "hinge-family-pieces"
    );
    assert_eq!(
        rule(&edit(
            &|s| s.families[minima].pieces[0].dual[0] = &s.families[minima].pieces[0].dual[0] + qi(1)
        )),
        "hinge-family-pieces"
    );
    assert_eq!(
        rule(&edit(&|s| {
            let p = s.families[unequal].pieces[0].clone();
            s.families[unequal].pieces[1] = p;
        })),
        "hinge-family-pieces"
    );
    assert_eq!(
        rule(&edit(&|s| {
            s.families[empty].pieces.pop();
        })),
        "hinge-family-pieces"
    );
    // witness
    assert_eq!(
        rule(&edit(&|s| {
            let w = s.families[minima].witness.as_mut().unwrap();
            w.z[0] = -w.z[0].clone();
        })),
        "hinge-family-witness"
    );
    assert_eq!(
        rule(&edit(&|s| {
            let w = s.families[minima].witness.as_mut().unwrap();
            w.w[0][0] = &w.w[0][0] + qi(7);
        })),
        "hinge-family-witness"
    );
    // refutation
    assert_eq!(
        rule(&edit(&|s| {
            let m = s.families[empty].refutation.as_mut().unwrap();
            for x in m.nonstrict.iter_mut() {
                *x = relucert::exact::Rat::zero();
            }
            for x in m.strict.iter_mut() {
                *x = relucert::exact::Rat::zero();
            }
        })),
        "hinge-family-refutation"
    );
    assert_eq!(
        rule(&edit(&|s| s.families[empty].answer = "minima".into())),
        "hinge-family-witness"
    );
    // shape
    assert_eq!(
        rule(&edit(&|s| s.families[sharp].shape = Some("flat".into()))),
        "hinge-family-shape"
    );
    assert_eq!(
        rule(&edit(&|s| {
            s.families[flat].shape = Some("sharp".into());
            let f = s.families[flat].flat.take();
            s.families[flat].sharp = Some(vec![
                relucert::certificate::hinge::NoInteriorRecord {
                    face: Some(0),
                    fractional: None,
                    motzkin: None,
                };
                s.families[flat].pieces.len()
            ]);
            let _ = f;
        })),
        "hinge-family-shape"
    );
    assert_eq!(
        rule(&edit(&|s| {
            let fl = s.families[flat].flat.as_mut().unwrap();
            fl.u = fl.u.iter().map(|x| -x.clone()).collect();
        })),
        "hinge-family-shape"
    );
    // global minimum and verdict
    assert_eq!(
        rule(&edit(&|s| s.global.minimum = &s.global.minimum - q(1, 8))),
        "hinge-global"
    );
    assert_eq!(
        rule(&edit(&|s| {
            s.global.pieces.pop();
        })),
        "hinge-global"
    );
    assert_eq!(
        rule(&edit(
            &|s| s.global.witness.w[0][0] = &s.global.witness.w[0][0] + qi(3)
        )),
        "hinge-global"
    );
    assert_eq!(rule(&edit(&|s| s.spurious = !s.spurious)), "hinge-verdict");
}
