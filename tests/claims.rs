//! Claims and counterexamples (SPEC §7): every registry entry's predicate on hand-made
//! instances, the gallery under `fixtures/counterexamples/` (checked, still refuting, minimal,
//! reproduced from its seed), and the search's determinism.

use std::path::{Path, PathBuf};
use std::process::Command;

use relucert::certificate::Certificate;
use relucert::claims::{self, Claim, Evidence, Expected, certify_evidence};
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::instance::{Instance, NetworkSettings, toml_file};
use relucert::search::{self, Draw, shrink};

const LIMIT: u128 = search::DEFAULT_FAMILY_LIMIT;

fn inst(x: &[&[Q]], y: &[Q], hidden: usize, bias: bool, alpha: Q, output_bias: bool) -> Instance {
    let settings = NetworkSettings {
        hidden,
        bias,
        alpha,
        output_bias,
    };
    Instance::new(
        x.iter().map(|r| r.to_vec()).collect(),
        y.to_vec(),
        &settings,
        None,
    )
    .unwrap()
}

fn relu(x: &[&[Q]], y: &[Q], hidden: usize) -> Instance {
    inst(x, y, hidden, false, qi(0), false)
}

fn claim(id: &str) -> Claim {
    claims::find(id).unwrap_or_else(|| panic!("no claim {id}"))
}

fn evidence(c: &Claim, i: &Instance) -> Evidence {
    certify_evidence(i, c.needs_smaller, LIMIT).unwrap()
}

/// The predicate fires on `fails` (premise included unless `bypass_premise`) and not on `holds`.
fn check_predicate(id: &str, fails: &Instance, holds: &Instance, bypass_premise: bool) {
    let c = claim(id);
    if !bypass_premise {
        assert_eq!((c.premise)(fails), None, "{id}: premise on the failing instance");
    }
    let r = (c.refute)(&evidence(&c, fails)).unwrap();
    assert!(r.is_some(), "{id}: the predicate should fire on {fails:?}");
    assert_eq!((c.premise)(holds), None, "{id}: premise on the holding instance");
    let r = (c.refute)(&evidence(&c, holds)).unwrap();
    assert!(
        r.is_none(),
        "{id}: the predicate should not fire on {holds:?}: {r:?}"
    );
}

#[test]
fn registry_has_the_issue_ids_with_sources() {
    let ids: Vec<&str> = claims::all().iter().map(|c| c.id).collect();
    for id in [
        "nguyen-hein-3.4",
        "nguyen-hein-3.4-alive",
        "wide-no-spurious",
        "wide-no-spurious-alive",
        "liu-thm3-iff",
        "liu-lemma2-pd",
        "decomposition-cor2.7",
        "decomposition-add-unit",
    ] {
        assert!(ids.contains(&id), "{id} missing");
    }
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "ids are unique");
    for c in claims::all() {
        assert!(!c.source.is_empty() && !c.statement.is_empty() && !c.predicate.is_empty());
    }
    assert_eq!(claim("decomposition-cor2.7").expected, Expected::Holds);
}

#[test]
fn nguyen_hein_3_4() {
    // Dead unit: x = 1, y = 1, w = −1, z = 1 has loss 1 > 0.
    check_predicate(
        "nguyen-hein-3.4",
        &relu(&[&[qi(1)]], &[qi(1)], 1),
        &relu(&[&[qi(1)]], &[qi(0)], 1),
        false,
    );
}

#[test]
fn nguyen_hein_3_4_alive() {
    let fails = relu(&[&[qi(0), qi(1)], &[qi(1), qi(0)]], &[qi(2), qi(-1)], 1);
    // Its only spurious minima are dead units.
    let holds = relu(&[&[qi(1)]], &[qi(1)], 1);
    check_predicate("nguyen-hein-3.4-alive", &fails, &holds, false);
}

#[test]
fn nguyen_hein_3_8() {
    // K = N − 1 without an output bias (outside the premise, which needs K ≥ N then): the
    // spurious minimum z = 0 has hidden outputs of full column rank.
    let fails = relu(
        &[&[qi(0), qi(1)], &[qi(1), qi(0)], &[qi(-1), qi(0)]],
        &[qi(0), qi(0), qi(1)],
        2,
    );
    assert!((claim("nguyen-hein-3.8").premise)(&fails).is_some());
    check_predicate("nguyen-hein-3.8", &fails, &relu(&[&[qi(1)]], &[qi(1)], 1), true);
}

#[test]
fn wide_no_spurious() {
    check_predicate(
        "wide-no-spurious",
        &relu(&[&[qi(1)]], &[qi(1)], 1),
        &relu(&[&[qi(1)]], &[qi(0)], 1),
        false,
    );
}

#[test]
fn wide_no_spurious_alive() {
    let fails = relu(&[&[qi(1)], &[qi(-1)]], &[qi(1), qi(0)], 2);
    check_predicate(
        "wide-no-spurious-alive",
        &fails,
        &relu(&[&[qi(1)]], &[qi(1)], 1),
        false,
    );
}

#[test]
fn liu_thm3_iff() {
    let fails = toml_file::read(&root().join("fixtures/liu_thm3_degenerate.toml")).unwrap();
    // Found by a scan of seed 5: a strict non-differentiable minimum of the configuration,
    // and no degenerate one.
    let holds = relu(
        &[
            &[qi(2), qi(0)],
            &[qi(3), qi(2)],
            &[qi(-3), qi(-2)],
            &[q(3, 2), qi(-2)],
        ],
        &[q(3, 2), qi(0), qi(0), q(-3, 2)],
        1,
    );
    check_predicate("liu-thm3-iff", &fails, &holds, false);
    let c = claim("liu-thm3-iff");
    let ev = evidence(&c, &holds);
    let chambers: Vec<String> = ev
        .certificate
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.clone())
        .collect();
    let strict = ev
        .certificate
        .minima
        .iter()
        .flatten()
        .filter_map(|f| claims::liu_thm3::liu_values(&holds, &chambers, f))
        .any(|(_, _, v29, v30)| v29 < qi(0) && v30 > qi(0));
    assert!(
        strict,
        "the holding instance has a strict non-differentiable minimum of the configuration"
    );
}

#[test]
fn liu_thm3_iff_spurious() {
    check_predicate(
        "liu-thm3-iff-spurious",
        &relu(&[&[qi(1)]], &[qi(1)], 1),
        &relu(&[&[qi(1)]], &[qi(0)], 1),
        false,
    );
}

#[test]
fn liu_lemma2_pd() {
    let fails = relu(&[&[qi(1)]], &[qi(1)], 1);
    let holds = inst(&[&[qi(1)]], &[qi(1)], 1, false, q(1, 2), false);
    check_predicate("liu-lemma2-pd", &fails, &holds, false);
}

#[test]
fn decomposition_cor_2_7() {
    // The claim holds, so the failing evidence is hand-made: a certificate whose differentiable
    // family's loss was altered.
    let c = claim("decomposition-cor2.7");
    let i = relu(&[&[qi(1)], &[qi(2)]], &[qi(1), qi(3)], 1);
    let ev = evidence(&c, &i);
    assert!((c.refute)(&ev).unwrap().is_none());
    let mut bad = ev.clone();
    let chambers: Vec<String> = bad
        .certificate
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.clone())
        .collect();
    let fam = bad
        .certificate
        .minima
        .as_mut()
        .unwrap()
        .iter_mut()
        .find(|f| f.faces.iter().all(|s| chambers.contains(s)))
        .unwrap();
    fam.loss += qi(1);
    assert!((c.refute)(&bad).unwrap().is_some());
}

#[test]
fn decomposition_add_unit() {
    let c = claim("decomposition-add-unit");
    let holds = relu(&[&[qi(1)], &[qi(-2)]], &[qi(1), qi(1)], 2);
    assert_eq!((c.premise)(&holds), None);
    assert!((c.refute)(&evidence(&c, &holds)).unwrap().is_none());
    // Hand-made failing evidence: the "smaller" certificate has the spurious loss 1, the
    // larger one only 0.
    let small = relu(&[&[qi(1)]], &[qi(1)], 1);
    let big = relu(&[&[qi(1)]], &[qi(0)], 2);
    let mut ev = evidence(&c, &big);
    ev.smaller = Some(evidence(&claim("wide-no-spurious"), &small).certificate);
    assert!((c.refute)(&ev).unwrap().is_some());
}

#[test]
fn decomposition_linear_region() {
    // Without the output bias (outside the premise) linear regression with predictions of both
    // signs is no local minimum of one unit in the linear region.
    let fails = inst(&[&[qi(0)], &[qi(1)]], &[qi(1), qi(-1)], 1, true, qi(0), false);
    let holds = inst(&[&[qi(0)], &[qi(1)]], &[qi(1), qi(-1)], 1, true, qi(0), true);
    check_predicate("decomposition-linear-region", &fails, &holds, true);
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn gallery() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("fixtures/counterexamples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// Every gallery certificate is accepted by the checker; its claim still fails on it; the
/// witness is a local minimum; and no single shrinking step keeps the claim failing.
#[test]
fn gallery_is_checked_refuting_and_minimal() {
    let entries = gallery();
    assert!(entries.len() >= 6, "gallery: {entries:?}");
    for (id, dir) in entries {
        let c = claim(&id);
        let text = std::fs::read_to_string(dir.join("certificate.cert.json")).unwrap();
        let cert = Certificate::from_json(&text).unwrap();
        relucert::checker::check(&cert).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(cert.landscape.is_some(), "{id}: landscape section");
        let i = toml_file::read(&dir.join("instance.toml")).unwrap();
        assert_eq!(
            cert.instance.x, i.x,
            "{id}: the certificate is about the instance"
        );
        let ev = Evidence {
            instance: i.clone(),
            certificate: cert,
            smaller: None,
        };
        if !c.needs_smaller {
            assert!(
                (c.refute)(&ev).unwrap().is_some(),
                "{id}: the committed certificate refutes"
            );
        }
        let draw = Draw::from_instance(&i);
        assert!(
            search::refutes(&c, &draw, LIMIT).is_some(),
            "{id}: refuted afresh"
        );
        if dir.join("witness.toml").exists() {
            let p = relucert::point::point_file::read(&dir.join("witness.toml"), &i).unwrap();
            let cl = relucert::point::classify(&i, &p, relucert::feasibility::Route::ExactOnly).unwrap();
            assert!(cl.is_local_min(), "{id}: the witness is a local minimum");
        }
        for cand in shrink::candidates(&draw) {
            assert!(
                search::refutes(&c, &cand, LIMIT).is_none(),
                "{id}: the shrinking step to {} still fails, so the gallery instance is not minimal",
                cand.summary()
            );
        }
    }
}

/// Seed 1 with the default ranges reproduces every gallery instance.
#[test]
fn gallery_is_what_seed_1_finds() {
    for (id, dir) in gallery() {
        let c = claim(&id);
        let config = search::Config {
            seed: 1,
            budget: 200,
            time: None,
            ranges: search::Ranges::default(),
            family_limit: LIMIT,
        };
        let report = search::run(&c, &config, |_| {});
        let cx = report
            .counterexample
            .unwrap_or_else(|| panic!("{id}: seed 1 finds nothing"));
        let committed = toml_file::read(&dir.join("instance.toml")).unwrap();
        assert_eq!(cx.draw, Draw::from_instance(&committed), "{id}");
    }
}

fn relucert_cmd(args: &[&str]) -> (String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .output()
        .unwrap();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

#[test]
fn search_is_deterministic() {
    let tmp = tempfile::tempdir().unwrap();
    let run = |name: &str| {
        let dir = tmp.path().join(name);
        let (out, code) = relucert_cmd(&[
            "search",
            "wide-no-spurious-alive",
            "--seed",
            "7",
            "--max-samples",
            "3",
            "-o",
            dir.to_str().unwrap(),
        ]);
        assert_eq!(code, 0);
        (out.replace(dir.to_str().unwrap(), "DIR"), files(&dir))
    };
    let (a_out, a_files) = run("a");
    let (b_out, b_files) = run("b");
    assert!(a_out.contains("refuted"), "{a_out}");
    assert_eq!(a_out, b_out);
    assert_eq!(a_files, b_files);
    assert!(a_files.iter().any(|(n, _)| n == "certificate.cert.json"));
}

#[test]
fn held_claim_reports_its_count() {
    let tmp = tempfile::tempdir().unwrap();
    let (out, code) = relucert_cmd(&[
        "search",
        "decomposition-cor2.7",
        "--seed",
        "3",
        "--budget",
        "40",
        "--max-samples",
        "3",
        "--json",
        "-o",
        tmp.path().join("none").to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["claim"], "decomposition-cor2.7");
    assert_eq!(v["outcome"], "held");
    assert_eq!(v["tried"], 40);
    assert_eq!(v["certified"], 40);
    assert!(v["instance"].is_null() && v["certificate"].is_null());
    assert!(
        !tmp.path().join("none").exists(),
        "nothing written when the claim holds"
    );
}

#[test]
fn claims_json_lists_the_registry() {
    let (out, code) = relucert_cmd(&["claims", "--json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), claims::all().len());
    for entry in list {
        for key in ["id", "source", "statement", "expected"] {
            assert!(entry[key].is_string(), "{key} in {entry}");
        }
        assert!(["refuted", "holds"].contains(&entry["expected"].as_str().unwrap()));
    }
}

#[test]
fn unknown_claim_is_a_clear_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args([
            "search",
            "no-such-claim",
            "--seed",
            "1",
            "-o",
            "/tmp/relucert-no-such",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("CLAIM: expected one of") && err.lines().count() == 1,
        "{err}"
    );
}

/// `relucert point` tells which units are alive and the family's dimensions at a minimum.
#[test]
fn point_reports_units_and_family_shape() {
    let dir = root().join("fixtures/counterexamples/wide-no-spurious-alive");
    let (out, code) = relucert_cmd(&[
        "point",
        dir.join("instance.toml").to_str().unwrap(),
        dir.join("witness.toml").to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["local_min"], true);
    assert_eq!(v["units"], serde_json::json!(["alive", "alive"]));
    assert_eq!(v["family"]["dim_r"], 1);
    assert_eq!(v["family"]["dim_params"], 3);
    assert_eq!(v["family"]["r_unique"], false);
    let dir = root().join("fixtures/counterexamples/wide-no-spurious");
    let (out, _) = relucert_cmd(&[
        "point",
        dir.join("instance.toml").to_str().unwrap(),
        dir.join("witness.toml").to_str().unwrap(),
    ]);
    assert!(out.contains("units: dead"), "{out}");
    assert!(out.contains("dimension 1 in (R, c), 2 in (z, w, c)"), "{out}");
}
