//! Corrupted family certificates are rejected with the named rule: full certificates (cells and
//! families) of the decomposition paper's Fig. 2 and Liu's Fig. 2 are mutated one claim at a
//! time — a family loss, a multiplier, a face sign, a mode, a dropped or duplicated family, a
//! dropped refutation, the global minimum, the spurious count, the verdict — at the library
//! level, and once through the binary (exit code 1).

use std::path::Path;
use std::process::Command;

use num_traits::Zero;
use relucert::certificate::Certificate;
use relucert::certificate::WriteCertificate;
use relucert::certificate::build::certify;
use relucert::certificate::family::{FamilyRecord, FamilyRefutationRecord};
use relucert::checker::check;
use relucert::exact::Rat;
use relucert::exact::rational::{q, qi};
use relucert::families::DEFAULT_LIMIT;
use relucert::feasibility::Route;
use relucert::instance::toml_file;

#[path = "support/check_as_read.rs"]
mod check_as_read;

fn full(name: &str) -> Certificate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let inst = toml_file::read(&path).unwrap();
    let cert = certify(&inst, Route::ExactOnly, Some(DEFAULT_LIMIT), false)
        .unwrap()
        .certificate;
    check(&cert).unwrap_or_else(|e| panic!("{e}"));
    cert
}

fn minima(c: &mut Certificate) -> &mut Vec<FamilyRecord> {
    c.minima.as_mut().unwrap()
}

fn refutations(c: &mut Certificate) -> &mut Vec<FamilyRefutationRecord> {
    c.family_refutations.as_mut().unwrap()
}

fn rejected_by(cert: &Certificate, rule: &str) {
    // Both routes of the checker (parsed certificate, and text checked as it is read) agree.
    match check_as_read::check_both(cert) {
        Ok(_) => panic!("mutation accepted; expected rule {rule}"),
        Err(r) => assert_eq!(r.rule, rule, "{r}"),
    }
}

/// Index of the refuted combination `(faces, modes)`.
fn refutation_of(cert: &Certificate, faces: &[&str], modes: &str) -> usize {
    cert.family_refutations
        .as_ref()
        .unwrap()
        .iter()
        .position(|r| r.faces == faces && r.modes == modes)
        .unwrap()
}

#[test]
fn decomposition_fig2_mutations() {
    let good = full("decomposition_fig2.toml");
    // minima: (+-, -) 1/2, (-+, -) 9/2, (00, +) 5.

    let mut c = good.clone();
    minima(&mut c)[1].loss = qi(4);
    rejected_by(&c, "family-loss");

    let mut c = good.clone();
    minima(&mut c)[2].multipliers[0][0].lambda[0] += qi(1);
    rejected_by(&c, "family-multipliers");

    let mut c = good.clone();
    let m = &mut minima(&mut c)[2].multipliers[0][1];
    m.lambda[0] = -m.lambda[0].clone() - qi(1);
    rejected_by(&c, "family-multipliers");

    // A face sign: the witness is not in the new face (families are checked before the
    // refutations, so this comes before the duplicate combination) …
    let mut c = good.clone();
    minima(&mut c)[2].faces[0] = "+-".into();
    rejected_by(&c, "family-witness");
    // … also once the duplicate refutation is gone.
    let r = refutation_of(&c, &["+-"], "+");
    refutations(&mut c).remove(r);
    rejected_by(&c, "family-witness");
    // A sign string that is no face at all.
    let mut c = good.clone();
    minima(&mut c)[0].faces[0] = "+0".into();
    rejected_by(&c, "family-enumeration");

    // A mode, likewise.
    let mut c = good.clone();
    minima(&mut c)[2].modes = "-".into();
    rejected_by(&c, "family-witness");
    let r = refutation_of(&c, &["00"], "-");
    refutations(&mut c).remove(r);
    rejected_by(&c, "family-witness");

    // The witness point itself: still in its face but no longer stationary, or off the face.
    let mut c = good.clone();
    minima(&mut c)[0].witness.w[0][0] = q(-1, 2);
    rejected_by(&c, "family-multipliers");
    let mut c = good.clone();
    minima(&mut c)[0].witness.w[0][0] = q(3, 2);
    rejected_by(&c, "family-witness");

    let mut c = good.clone();
    minima(&mut c).remove(1);
    rejected_by(&c, "family-enumeration");

    let mut c = good.clone();
    let dup = minima(&mut c)[0].clone();
    minima(&mut c).push(dup);
    rejected_by(&c, "family-enumeration");

    let mut c = good.clone();
    refutations(&mut c).remove(0);
    rejected_by(&c, "family-enumeration");

    let mut c = good.clone();
    let dup = refutations(&mut c)[3].clone();
    refutations(&mut c).push(dup);
    rejected_by(&c, "family-enumeration");

    let mut c = good.clone();
    let m = &mut refutations(&mut c)[0].motzkin;
    let v = m
        .strict
        .iter_mut()
        .chain(m.equalities.iter_mut())
        .find(|v| !v.is_zero())
        .unwrap();
    *v = v.clone() * Rat::int(2);
    rejected_by(&c, "family-refutation");

    let mut c = good.clone();
    refutations(&mut c)[0].motzkin.equalities.push(Rat::int(0));
    rejected_by(&c, "family-refutation");

    let mut c = good.clone();
    c.summary.global_min = Some(qi(5));
    rejected_by(&c, "global-min");

    let mut c = good.clone();
    c.summary.global_min = Some(qi(0));
    rejected_by(&c, "global-min");

    let mut c = good.clone();
    c.summary.spurious = Some(1);
    rejected_by(&c, "verdict");

    let mut c = good.clone();
    c.summary.verdict = Some("no-spurious-minima".into());
    rejected_by(&c, "verdict");

    let mut c = good.clone();
    minima(&mut c)[1].spurious = false;
    rejected_by(&c, "family-spurious");

    let mut c = good.clone();
    minima(&mut c)[2].differentiable = true;
    rejected_by(&c, "family-differentiable");

    let mut c = good.clone();
    minima(&mut c)[2].multipliers[0].pop();
    rejected_by(&c, "family-regions");

    let mut c = good.clone();
    minima(&mut c)[2].multipliers[0][0].direction[0] *= qi(-1);
    rejected_by(&c, "family-regions");

    let mut c = good.clone();
    let faces = c.arrangement.faces.as_mut().unwrap();
    faces[2].witness[0] = qi(1);
    rejected_by(&c, "face-witness");

    let mut c = good.clone();
    c.arrangement.face_count = Some(4);
    rejected_by(&c, "face-count");

    let mut c = good.clone();
    c.arrangement.faces.as_mut().unwrap().pop();
    rejected_by(&c, "face-count");

    let mut c = good.clone();
    c.minima = None;
    rejected_by(&c, "summary");

    let mut c = good.clone();
    c.arrangement.faces = None;
    rejected_by(&c, "family-sections");

    let mut c = good.clone();
    c.family_refutations = None;
    rejected_by(&c, "family-sections");
}

#[test]
fn liu_fig2_mutations() {
    let good = full("liu_fig2.toml");

    // The global minimum 0 at (++, +): its loss, its witness.
    let mut c = good.clone();
    minima(&mut c)[0].loss = q(1, 2);
    rejected_by(&c, "family-loss");
    let mut c = good.clone();
    minima(&mut c)[0].witness.z[0] = qi(2);
    rejected_by(&c, "family-multipliers");

    // Dropping the global family and its claim: the cell stage disagrees.
    let mut c = good.clone();
    minima(&mut c).remove(0);
    rejected_by(&c, "family-enumeration");

    // The family on the face 00 (w = 0, z < 0) has four regions with λ, μ.
    let at = good
        .minima
        .as_ref()
        .unwrap()
        .iter()
        .position(|f| f.faces == vec!["00"])
        .unwrap();
    let mut c = good.clone();
    minima(&mut c)[at].multipliers[0][0].lambda.push(qi(0));
    rejected_by(&c, "family-multipliers");
    let mut c = good.clone();
    minima(&mut c)[at].multipliers[0].swap(0, 1);
    check(&c).unwrap_or_else(|e| panic!("the order of the regions is free: {e}"));

    let mut c = good.clone();
    c.summary.spurious = Some(7);
    rejected_by(&c, "verdict");
}

#[test]
fn binary_rejects_a_mutated_family_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let mut cert = full("decomposition_fig2.toml");
    cert.minima.as_mut().unwrap()[2].loss = qi(6);
    let path = dir.path().join("mutated.json");
    cert.write(&path).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("rejected: rule family-loss at minima[2] (00 +)"),
        "{stdout}"
    );
}
