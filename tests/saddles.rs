//! Saddle points per cell combination (Liu Thm 2, `proofs/saddle-points.md`): Liu's Fig. 2 data,
//! a differential test against a brute-force search over every set `S` of units on random
//! instances, the point classifier on every witness, and corrupted certificates rejected by
//! the named `saddle-*` rules.

use num_traits::Zero;

use relucert::cells::{self, Chamber};
use relucert::certificate::Certificate;
use relucert::certificate::build::{CellsRun, certify_cells};
use relucert::exact::Q;
use relucert::exact::matrix::dot;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::{Constraint, LinearSystem, Route, Verdict, decide};
use relucert::instance::{Instance, toml_file};
use relucert::model::{self, Point};
use relucert::point;
use relucert::saddles::{self, SaddleAnswer, SaddleResult};

fn fixture(name: &str) -> Instance {
    toml_file::read(std::path::Path::new(&format!(
        "{}/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

/// Certify the cells and the saddles, round-trip the JSON and check it in full.
fn certified(inst: &Instance, route: Route) -> (CellsRun, Vec<SaddleResult>, Certificate) {
    let mut run = certify_cells(inst, route, false).unwrap();
    let results = saddles::record::attach(&mut run, inst, route);
    let cert = Certificate::from_json(&run.certificate.to_json()).unwrap();
    let report = relucert::checker::check(&cert).unwrap_or_else(|e| panic!("{inst:?}: {e}"));
    let t = report.saddles.expect("saddles verified");
    assert_eq!(
        t.saddles,
        results.iter().filter(|r| r.has_saddle()).count() as u64
    );
    (run, results, cert)
}

fn point_of(w: &relucert::certificate::saddle::SaddleWitnessRecord) -> Point {
    Point {
        z: w.z.clone(),
        w: w.w.clone(),
        c: w.c.clone().unwrap_or_else(Q::zero),
    }
}

/// The classifier calls every witness a differentiable critical point that is not a local
/// minimum (a saddle).
fn classifier_agrees(inst: &Instance, cert: &Certificate) {
    for rec in cert.saddles.as_ref().unwrap() {
        if let Some(w) = &rec.witness {
            let c = point::classify(inst, &point_of(w), Route::ExactOnly).unwrap();
            assert_eq!(c.differentiable, true, "{:?}", rec.chambers);
            assert!(c.inside_chambers);
            assert_eq!(c.critical, Some(true), "{:?}", rec.chambers);
            assert_eq!(c.saddle, Some(true), "{:?}", rec.chambers);
            assert!(!c.is_local_min());
        }
    }
}

/// Liu Fig. 2, `y = (1, −1)`, `K = 1`: only `++` has a saddle point, `z = 0`, `w = (1, 1)`,
/// with `G = −y = (−1, 1)` orthogonal to `w`; `+-` and `-+` have their hyperplane outside the
/// chamber, `--` has `G = 0` (ReLU: the unit is dead), so its critical points are minima.
#[test]
fn liu_fig2_y1m1_k1() {
    let inst = fixture("liu_fig2_y1m1.toml");
    let (_, results, cert) = certified(&inst, Route::FloatFirst);
    let list = cert.saddles.as_ref().unwrap();
    let with: Vec<(String, bool)> = list.iter().map(|s| (s.chambers.join(","), s.saddle)).collect();
    assert_eq!(
        with,
        vec![
            ("++".to_string(), true),
            ("+-".to_string(), false),
            ("-+".to_string(), false),
            ("--".to_string(), false),
        ]
    );
    let w = list[0].witness.as_ref().unwrap();
    assert_eq!(w.z, vec![qi(0)]);
    assert_eq!(w.w, vec![vec![qi(1), qi(1)]]);
    assert_eq!(w.descent.second_order, qi(-1));
    let reasons: Vec<&str> = list[1..]
        .iter()
        .map(|s| s.refutation.as_ref().unwrap()[0].reason.as_str())
        .collect();
    assert_eq!(reasons, vec!["hyperplane", "hyperplane", "zero-gradient"]);
    assert_eq!(results.len(), 4);
    classifier_agrees(&inst, &cert);
    // The summary entry of `certify --json`.
    let json = relucert::certificate::saddle::summary_json(list);
    assert_eq!(
        json.to_string(),
        r#"[{"chambers":["++"],"witness":{"w":[["1","1"]],"z":["0"]}}]"#
    );
}

/// The same data with `K = 2`: `[++,++]` (nothing fitted) and `[++,--]` (the dead unit fitted)
/// have saddle points; every other combination is refuted set by set.
#[test]
fn liu_fig2_y1m1_k2() {
    let mut inst = fixture("liu_fig2_y1m1.toml");
    inst.hidden = 2;
    let (_, _, cert) = certified(&inst, Route::FloatFirst);
    let with: Vec<String> = cert
        .saddles
        .as_ref()
        .unwrap()
        .iter()
        .filter(|s| s.saddle)
        .map(|s| s.chambers.join(","))
        .collect();
    assert_eq!(with, vec!["++,++", "++,--"]);
    classifier_agrees(&inst, &cert);
}

struct Lcg(u64);

impl Lcg {
    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + ((self.0 >> 33) % ((hi - lo + 1) as u64)) as i64
    }
}

fn random_instance(rng: &mut Lcg) -> Instance {
    let n = rng.int(2, 4) as usize;
    let d = rng.int(1, 2) as usize;
    let x: Vec<Vec<Q>> = (0..n)
        .map(|_| (0..d).map(|_| qi(rng.int(-2, 2))).collect())
        .collect();
    let y: Vec<Q> = (0..n).map(|_| qi(rng.int(-3, 3))).collect();
    let mut inst = Instance {
        x,
        y,
        hidden: rng.int(1, 3) as usize,
        alpha: if rng.int(0, 2) == 0 { q(1, 3) } else { qi(0) },
        bias: false,
        output_bias: rng.int(0, 2) == 0,
        weights: None,
    };
    if inst.hidden == 3 && n > 3 {
        inst.hidden = 2;
    }
    inst
}

/// `G_j = Σ_i e_i a_ij x_i`, computed here from the residuals of a point.
fn gradient(inst: &Instance, chamber: &Chamber, e: &[Q]) -> Vec<Q> {
    let mut g = vec![Q::zero(); inst.d()];
    for (i, x) in inst.x.iter().enumerate() {
        let a = if chamber.signs[i] > 0 {
            qi(1)
        } else {
            inst.alpha.clone()
        };
        for (gt, xt) in g.iter_mut().zip(x) {
            *gt += &e[i] * &a * xt;
        }
    }
    g
}

/// Brute force over every proper subset `S` of unit positions (no symmetry reduction), exact
/// arithmetic only: the units of `S` have a genuine least-squares solution (the cell stage on
/// the sub-combination), every other unit's hyperplane `G_j·w = 0` meets its open chamber,
/// and some `G_j ≠ 0`.
fn brute_force_has_saddle(inst: &Instance, chambers: &[Chamber], combo: &[usize]) -> bool {
    let k = combo.len();
    for mask in 0u32..(1 << k) - 1 {
        let s: Vec<usize> = (0..k).filter(|b| mask & (1 << b) != 0).collect();
        // A point with the units of S at a genuine least-squares solution, z_j = 0 elsewhere.
        let mut p = Point {
            z: vec![qi(0); k],
            w: combo.iter().map(|&c| chambers[c].witness.clone()).collect(),
            c: qi(0),
        };
        if s.is_empty() {
            if inst.output_bias {
                let n = qi(inst.n() as i64);
                p.c = inst.y.iter().sum::<Q>() / n;
            }
        } else {
            let sub = Instance {
                hidden: s.len(),
                ..inst.clone()
            };
            let sub_combo: Vec<usize> = s.iter().map(|&j| combo[j]).collect();
            let data = cells::design::SmallData::new(&sub);
            let r = cells::analyse_combination(&sub, &data, chambers, &sub_combo, Route::ExactOnly);
            let cells::Genuineness::Genuine(w) = r.genuineness else {
                continue;
            };
            for (pos, &j) in s.iter().enumerate() {
                p.z[j] = w.z[pos].clone();
                p.w[j] = w.w[pos].clone();
            }
            if let Some(c) = w.c {
                p.c = c;
            }
        }
        let e = model::residuals(inst, &p);
        let others: Vec<usize> = (0..k).filter(|j| !s.contains(j)).collect();
        let grads: Vec<Vec<Q>> = others
            .iter()
            .map(|&j| gradient(inst, &chambers[combo[j]], &e))
            .collect();
        if grads.iter().all(|g| g.iter().all(Zero::is_zero)) {
            continue;
        }
        let all_meet = others.iter().zip(&grads).all(|(&j, g)| {
            let ch = &chambers[combo[j]];
            let strict = inst
                .x
                .iter()
                .zip(&ch.signs)
                .filter(|(_, s)| **s != 0)
                .map(|(x, &s)| Constraint {
                    coeffs: x.iter().map(|v| v * qi(i64::from(s))).collect(),
                    rhs: qi(0),
                })
                .collect();
            let sys = LinearSystem {
                dim: inst.d(),
                strict,
                nonstrict: vec![],
                equalities: vec![Constraint {
                    coeffs: g.clone(),
                    rhs: qi(0),
                }],
            };
            matches!(decide(&sys, Route::ExactOnly).verdict, Verdict::Feasible(_))
        });
        if all_meet {
            return true;
        }
    }
    false
}

/// ≥ 100 random small instances: the per-combination answer equals the brute force, the
/// certificate passes the checker, the classifier calls every witness a saddle, and the
/// witness's descent is confirmed by a concrete lower point.
#[test]
fn random_instances_agree_with_brute_force() {
    let mut rng = Lcg(2024);
    let (mut instances, mut combos, mut with_saddle) = (0, 0, 0);
    while instances < 120 {
        let inst = random_instance(&mut rng);
        let (run, results, cert) = certified(&inst, Route::FloatFirst);
        for r in &results {
            let brute = brute_force_has_saddle(&inst, &run.chambers, &r.chambers);
            assert_eq!(r.has_saddle(), brute, "{inst:?} combination {:?}", r.chambers);
            combos += 1;
            if let SaddleAnswer::Saddle(sp) = &r.answer {
                with_saddle += 1;
                // A concrete lower point along the descent: halve t until the loss drops.
                let base = model::loss(&inst, &sp.point);
                let mut t = qi(1);
                let lower = (0..60).any(|_| {
                    let moved = Point {
                        z: sp
                            .point
                            .z
                            .iter()
                            .zip(&sp.descent.dz)
                            .map(|(a, b)| a + &t * b)
                            .collect(),
                        w: sp
                            .point
                            .w
                            .iter()
                            .zip(&sp.descent.dw)
                            .map(|(w, dw)| w.iter().zip(dw).map(|(a, b)| a + &t * b).collect())
                            .collect(),
                        c: &sp.point.c + &t * &sp.descent.dc,
                    };
                    let found = model::loss(&inst, &moved) < base;
                    t = &t / qi(2);
                    found
                });
                assert!(lower, "{inst:?} {:?}", r.chambers);
                // The descent moves a unit with z_j = 0 along G_j ≠ 0.
                let j = sp.descent.dz.iter().position(|v| !v.is_zero()).unwrap();
                assert!(sp.point.z[j].is_zero());
                assert!(dot(&sp.descent.dw[j], &sp.descent.dw[j]) > qi(0));
            }
        }
        classifier_agrees(&inst, &cert);
        instances += 1;
    }
    eprintln!("{instances} instances, {combos} combinations, {with_saddle} with a saddle point");
    assert!(
        with_saddle > 20 && with_saddle < combos,
        "a test that can fail both ways"
    );
}

/// Find random certificates holding every kind of record, then corrupt each and expect the
/// named rule.
#[test]
fn corrupted_saddle_sections_are_rejected_by_named_rules() {
    let mut rng = Lcg(7);
    let kinds = ["witness", "zero-gradient", "hyperplane", "not-genuine"];
    let mut found: Vec<Option<(Certificate, usize, usize)>> = vec![None; kinds.len()];
    for _ in 0..400 {
        if found.iter().all(Option::is_some) {
            break;
        }
        let inst = random_instance(&mut rng);
        let (_, _, cert) = certified(&inst, Route::FloatFirst);
        for (j, rec) in cert.saddles.as_ref().unwrap().iter().enumerate() {
            if rec.witness.is_some() && found[0].is_none() {
                found[0] = Some((cert.clone(), j, 0));
            }
            for (pos, r) in rec.refutation.iter().flatten().enumerate() {
                let kind = kinds.iter().position(|k| *k == r.reason).unwrap();
                if found[kind].is_none() {
                    found[kind] = Some((cert.clone(), j, pos));
                }
            }
        }
    }
    fn sections(c: &mut Certificate) -> &mut Vec<relucert::certificate::saddle::SaddleCellRecord> {
        c.saddles.as_mut().unwrap()
    }
    let rule = |cert: &Certificate| relucert::checker::check(cert).map(|_| ()).unwrap_err().rule;
    type Mutation = Box<dyn Fn(&mut Certificate, usize, usize)>;
    let cases: Vec<(usize, &str, Mutation)> = vec![
        (
            0,
            "saddle-sections",
            Box::new(|c, _, _| {
                sections(c).pop();
            }),
        ),
        (
            0,
            "saddle-sections",
            Box::new(|c, j, _| sections(c)[j].saddle = false),
        ),
        (
            0,
            "saddle-witness",
            Box::new(|c, j, _| {
                let w = sections(c)[j].witness.as_mut().unwrap();
                w.descent.second_order = &w.descent.second_order + qi(1);
            }),
        ),
        (
            0,
            "saddle-witness",
            Box::new(|c, j, _| {
                let w = sections(c)[j].witness.as_mut().unwrap();
                w.descent.second_order = qi(0);
                w.descent.dz = vec![qi(0); w.z.len()];
                for row in &mut w.descent.dw {
                    for v in row.iter_mut() {
                        *v = qi(0);
                    }
                }
            }),
        ),
        (
            0,
            "saddle-witness",
            Box::new(|c, j, _| {
                let w = sections(c)[j].witness.as_mut().unwrap();
                w.w[0] = w.w[0].iter().map(|v| -v.clone()).collect();
            }),
        ),
        (
            0,
            "saddle-witness",
            Box::new(|c, j, _| {
                let w = sections(c)[j].witness.as_mut().unwrap();
                let k = w.z.len() - 1;
                w.z[k] = &w.z[k] + q(1, 7);
            }),
        ),
        (
            1,
            "saddle-subsets",
            Box::new(|c, j, pos| {
                sections(c)[j].refutation.as_mut().unwrap().remove(pos);
            }),
        ),
        (
            1,
            "saddle-subsets",
            Box::new(|c, j, pos| {
                let list = sections(c)[j].refutation.as_mut().unwrap();
                let dup = list[pos].clone();
                list.push(dup);
            }),
        ),
        (
            1,
            "saddle-least-squares",
            Box::new(|c, j, pos| {
                let r = &mut sections(c)[j].refutation.as_mut().unwrap()[pos];
                r.least_squares.push(qi(1));
            }),
        ),
        (
            1,
            "saddle-zero-gradient",
            Box::new(|c, j, pos| {
                let r = &mut sections(c)[j].refutation.as_mut().unwrap()[pos];
                r.unit = r.units.first().copied().or(Some(999));
            }),
        ),
        (
            2,
            "saddle-hyperplane",
            Box::new(|c, j, pos| {
                let r = &mut sections(c)[j].refutation.as_mut().unwrap()[pos];
                let m = r.motzkin.as_mut().unwrap();
                m.equalities[0] = &m.equalities[0] + relucert::exact::Rat::int(1);
            }),
        ),
        (
            2,
            "saddle-hyperplane",
            Box::new(|c, j, pos| {
                let r = &mut sections(c)[j].refutation.as_mut().unwrap()[pos];
                let m = r.motzkin.as_mut().unwrap();
                for v in &mut m.strict {
                    *v = relucert::exact::Rat::int(0);
                }
                m.equalities[0] = relucert::exact::Rat::int(0);
            }),
        ),
        (
            3,
            "saddle-not-genuine",
            Box::new(|c, j, pos| {
                let r = &mut sections(c)[j].refutation.as_mut().unwrap()[pos];
                let list = r.refutation.as_mut().unwrap();
                let m = &mut list[0].motzkin;
                m.equalities[0] = &m.equalities[0] + relucert::exact::Rat::int(1);
            }),
        ),
        (
            3,
            "saddle-not-genuine",
            Box::new(|c, j, pos| {
                let r = &mut sections(c)[j].refutation.as_mut().unwrap()[pos];
                r.refutation.as_mut().unwrap().pop();
            }),
        ),
    ];
    for (kind, want, mutate) in cases {
        let (cert, j, pos) = found[kind]
            .clone()
            .unwrap_or_else(|| panic!("no random certificate with a {} record", kinds[kind]));
        let mut bad = cert.clone();
        mutate(&mut bad, j, pos);
        assert_eq!(rule(&bad), want, "mutation of a {} record", kinds[kind]);
    }
}

/// `certify --saddles --json` and `show` (text and `--json`) list the saddle points of Liu's
/// Fig. 2 data with `y = (1, −1)`: `"saddles": [{"chambers": ["++"], "witness": {"z": ["0"],
/// "w": [["1", "1"]]}}]`; a stream (`relucert/2`) is refused with `--saddles` in one line.
#[test]
fn saddles_in_certify_json_and_show() {
    let dir = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_relucert");
    let input = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/liu_fig2_y1m1.toml");
    let cert = dir.path().join("s.cert.json");
    let run = |args: &[&std::ffi::OsStr]| std::process::Command::new(bin).args(args).output().unwrap();
    let o = run(&[
        "certify".as_ref(),
        input.as_os_str(),
        "--saddles".as_ref(),
        "--json".as_ref(),
        "-o".as_ref(),
        cert.as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let expected = serde_json::json!([{"chambers": ["++"], "witness": {"z": ["0"], "w": [["1", "1"]]}}]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["saddles"], expected);
    assert_eq!(v["verdict"], "spurious-minima");
    let o = run(&["show".as_ref(), cert.as_os_str(), "--json".as_ref()]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["saddles"], expected);
    let o = run(&["show".as_ref(), cert.as_os_str()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("saddle points: 1 of 4 cell combinations")
            && text.contains("[++]  at z = [0], w = [[1, 1]]"),
        "{text}"
    );
    let o = run(&[
        "certify".as_ref(),
        input.as_os_str(),
        "--saddles".as_ref(),
        "-o".as_ref(),
        dir.path().join("s.cert.jsonl").as_os_str(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("relucert/1 only"));
}
