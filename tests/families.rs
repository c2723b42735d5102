//! Families of local minima (SPEC §4): worked examples through the whole pipeline —
//! `certify` → JSON text → `checker::check` — with the global minimum and the verdict.

use relucert::certificate::Certificate;
use relucert::certificate::build::certify;
use relucert::certificate::family::FamilyRecord;
use relucert::exact::format_q;
use relucert::exact::rational::{q, qi};
use relucert::families::{self, DEFAULT_LIMIT, FamilyOutcome};
use relucert::feasibility::Route;
use relucert::instance::{Instance, toml_file};

fn fixture(name: &str) -> Instance {
    toml_file::read(std::path::Path::new(&format!(
        "{}/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

/// Certify with families, write JSON, read it back and check it in full.
fn certified(inst: &Instance) -> Certificate {
    let cert = certify(inst, Route::ExactOnly, Some(DEFAULT_LIMIT), false)
        .unwrap()
        .certificate;
    let cert = Certificate::from_json(&cert.to_json()).unwrap();
    let report = relucert::checker::check(&cert).unwrap_or_else(|e| panic!("{inst:?}: {e}"));
    assert_eq!(report.families, Some(cert.minima.as_ref().unwrap().len() as u64));
    cert
}

/// `(faces, modes, loss, differentiable, spurious)` of every non-empty family.
fn families_of(cert: &Certificate) -> Vec<(String, String, String, bool, bool)> {
    cert.minima
        .as_ref()
        .unwrap()
        .iter()
        .map(|f: &FamilyRecord| {
            (
                f.faces.join(","),
                f.modes.clone(),
                format_q(&f.loss),
                f.differentiable,
                f.spurious,
            )
        })
        .collect()
}

#[test]
fn decomposition_fig2_search_finds_three_families() {
    let inst = fixture("decomposition_fig2.toml");
    let report = families::enumerate(&inst, Route::ExactOnly, Some(DEFAULT_LIMIT)).unwrap();
    let non_empty = report
        .results
        .iter()
        .filter(|r| matches!(r.outcome, FamilyOutcome::Exists { .. }))
        .count();
    assert_eq!(non_empty, 3);
    assert_eq!(report.results.len(), 9);
    assert_eq!(report.global_min, Some(q(1, 2)));
    assert_eq!(report.verdict(), "spurious-minima");
}

/// SPEC §9: loss 1/2 (global, differentiable), 9/2 (spurious, differentiable), 5 (spurious,
/// w = 0, z > 0). N = 2, so Liu's (1/N)Σ and the paper's ½Σ coincide.
#[test]
fn decomposition_fig2_certificate() {
    let cert = certified(&fixture("decomposition_fig2.toml"));
    let s = |t: &str| t.to_string();
    assert_eq!(
        families_of(&cert),
        vec![
            (s("+-"), s("-"), s("1/2"), true, false),
            (s("-+"), s("-"), s("9/2"), true, true),
            (s("00"), s("+"), s("5"), false, true),
        ]
    );
    let dead = &cert.minima.as_ref().unwrap()[2];
    assert_eq!(dead.witness.w, vec![vec![qi(0)]]);
    assert!(dead.witness.z[0] > qi(0));
    assert_eq!(cert.family_refutations.as_ref().unwrap().len(), 6);
    assert_eq!(cert.arrangement.face_count, Some(3));
    assert_eq!(cert.arrangement.count, 2);
    assert_eq!(cert.summary.global_min, Some(q(1, 2)));
    assert_eq!(cert.summary.spurious, Some(2));
    assert_eq!(cert.summary.verdict.as_deref(), Some("spurious-minima"));
}

/// Liu Fig. 2 (y = (1,1)): global minimum 0 at R = (1,1); the dead-unit plateau (loss 1) and
/// the half-active lines (loss 1/2) are spurious local minima.
#[test]
fn liu_fig2_global_minimum_zero() {
    let cert = certified(&fixture("liu_fig2.toml"));
    assert_eq!(cert.summary.global_min, Some(qi(0)));
    let fams = families_of(&cert);
    let s = |t: &str| t.to_string();
    assert_eq!(fams[0], (s("++"), s("+"), s("0"), true, false));
    assert_eq!(fams.iter().filter(|f| !f.4).count(), 1);
    assert_eq!(cert.summary.spurious, Some(8));
    assert_eq!(cert.summary.verdict.as_deref(), Some("spurious-minima"));
    assert_eq!(cert.arrangement.face_count, Some(9));
}

/// Liu Fig. 2 with y = (1, −1): `++` is not genuine, and the global minimum 1/2 is reached both
/// inside `+-` and on the boundary.
#[test]
fn liu_fig2_y1m1_global_minimum_half() {
    let cert = certified(&fixture("liu_fig2_y1m1.toml"));
    assert_eq!(cert.summary.global_min, Some(q(1, 2)));
    assert!(!families_of(&cert).iter().any(|f| f.0 == "++" && f.1 != "0"));
}

/// Liu Thm 3 degenerate case: the point of `fixtures/liu_thm3_degenerate_point.toml` (w on the
/// hyperplane of x_1, (29) an equality) lies in a non-differentiable family of local minima.
#[test]
fn liu_thm3_degenerate_family() {
    let cert = certified(&fixture("liu_thm3_degenerate.toml"));
    let found = cert
        .minima
        .as_ref()
        .unwrap()
        .iter()
        .find(|f| f.faces == vec!["+0"] && f.modes == "+")
        .expect("the family of the degenerate minimum");
    assert_eq!(found.loss, q(1, 2));
    assert!(!found.differentiable);
}

/// The committed certificate of the degenerate case (written by `relucert certify --exact-only`,
/// which is deterministic) still passes the checker and states what a fresh run states.
#[test]
fn liu_thm3_committed_certificate_is_accepted() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/liu_thm3_degenerate.cert.json");
    let committed = Certificate::read(&path).unwrap();
    relucert::checker::check(&committed).unwrap_or_else(|e| panic!("{e}"));
    let fresh = certified(&fixture("liu_thm3_degenerate.toml"));
    assert_eq!(families_of(&committed), families_of(&fresh));
    assert_eq!(committed.summary, fresh.summary);
}

/// On small random instances (leaky slope, output bias), the checker accepts the certificate,
/// and every family witness is a local minimum for the point classifier with the family's loss.
#[test]
fn random_instances_are_checked_and_witnesses_are_minima() {
    let mut seed: u64 = 99;
    let mut next = |lo: i64, hi: i64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + ((seed >> 33) % ((hi - lo + 1) as u64)) as i64
    };
    for case in 0..6 {
        let n = if case < 4 { 3 } else { 2 };
        let inst = Instance {
            x: (0..n).map(|_| vec![qi(next(-2, 2)), qi(next(-2, 2))]).collect(),
            y: (0..n).map(|_| qi(next(-3, 3))).collect(),
            hidden: if case < 4 { 1 } else { 2 },
            alpha: if case % 2 == 0 { q(1, 5) } else { qi(0) },
            bias: false,
            output_bias: case % 3 == 0,
            weights: None,
        };
        let cert = certified(&inst);
        for fam in cert.minima.as_ref().unwrap() {
            let p = relucert::model::Point {
                z: fam.witness.z.clone(),
                w: fam.witness.w.clone(),
                c: fam.witness.c.clone().unwrap_or_else(|| qi(0)),
            };
            let c = relucert::point::classify(&inst, &p, Route::ExactOnly).unwrap();
            assert!(c.is_local_min(), "{inst:?} {fam:?}");
            assert_eq!(c.loss, fam.loss);
        }
    }
}
