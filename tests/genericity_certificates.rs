//! Genericity certificates (`relucert-generic/1`): what `relucert generic -o` writes is accepted
//! by the independent checker, and every kind of false claim is rejected with its named rule.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use proptest::prelude::*;
use relucert::certificate::genericity::{GenericCertificate, RareWitnessRecord};
use relucert::checker::genericity::{CheckLimits, GenericFailure, check_generic, check_generic_with_limits};
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::generic::{RareProblem, build_certificate, decide_rare, general_position};
use relucert::instance::Instance;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The certificate `relucert generic --rare --depth L -o` writes for `instance`.
fn certificate_of(instance: &Instance, rare: bool, depth: usize) -> GenericCertificate {
    let gp = general_position(&instance.x).unwrap();
    let decided = rare.then(|| {
        let p = RareProblem::from_instance(instance, depth).unwrap();
        let s = decide_rare(&p).unwrap();
        (p, s)
    });
    build_certificate(instance, &gp, decided.as_ref().map(|(p, s)| (p, s)))
}

fn fixture_certificate(name: &str) -> GenericCertificate {
    let inst = relucert::instance::toml_file::read(&fixture(name)).unwrap();
    certificate_of(&inst, true, 1)
}

/// The rule a certificate is rejected by (panics if it is accepted or refused).
fn rejected_by(cert: &GenericCertificate) -> &'static str {
    match check_generic(cert) {
        Err(GenericFailure::Rejected(r)) => r.rule,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn rare_fixture_is_accepted() {
    let cert = fixture_certificate("rare_balanced.toml");
    let rd = cert.rare_data.as_ref().unwrap();
    assert!(rd.rare);
    assert_eq!(rd.options_per_sample, 3);
    assert_eq!(rd.brute_force_count, "81");
    let report = check_generic(&cert).unwrap();
    assert_eq!(report.rare, Some(true));
    assert!(report.general_position);
    assert_eq!(report.subsets_checked, 6);
    assert!(report.to_string().contains("witness verified"));
}

#[test]
fn generic_and_dependent_fixtures_are_accepted() {
    let cert = fixture_certificate("rare_perturbed.toml");
    let report = check_generic(&cert).unwrap();
    assert_eq!(report.rare, Some(false));
    assert_eq!(report.exhaustive.as_ref().unwrap().0, 81.into());

    let dep = fixture_certificate("generic_dependent.toml");
    let d = dep.general_position.dependency.as_ref().unwrap();
    assert_eq!(d.subset, vec![0, 1, 2]);
    let report = check_generic(&dep).unwrap();
    assert!(!report.general_position);
    assert_eq!(report.rare, Some(false));

    let weighted = fixture_certificate("rare_weighted.toml");
    assert_eq!(weighted.instance.weights, vec![qi(2), qi(1), qi(1)]);
    assert_eq!(check_generic(&weighted).unwrap().rare, Some(true));
}

#[test]
fn certificate_without_rare_claim_is_accepted() {
    let inst = relucert::instance::toml_file::read(&fixture("generic_dependent.toml")).unwrap();
    let cert = certificate_of(&inst, false, 1);
    assert!(cert.rare_data.is_none());
    assert_eq!(check_generic(&cert).unwrap().rare, None);
}

fn witness_mut(cert: &mut GenericCertificate) -> &mut RareWitnessRecord {
    cert.rare_data.as_mut().unwrap().witness.as_mut().unwrap()
}

#[test]
fn witness_mutations_are_rejected() {
    let base = fixture_certificate("rare_balanced.toml");
    check_generic(&base).unwrap();

    let mut c = base.clone();
    witness_mut(&mut c).lambda[0] = q(1, 3);
    assert_eq!(rejected_by(&c), "rare-witness");

    // α² is a power of α, but beyond L = 1.
    let mut c = base.clone();
    witness_mut(&mut c).lambda[0] = q(1, 4);
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    witness_mut(&mut c).epsilon[0][1] = 0;
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    witness_mut(&mut c).epsilon[0][0] = 1;
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    witness_mut(&mut c).epsilon[2][0] = 2;
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    for row in &mut witness_mut(&mut c).epsilon {
        row.fill(0);
    }
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    witness_mut(&mut c).lambda.pop();
    assert_eq!(rejected_by(&c), "rare-witness");
}

#[test]
fn instance_mutations_are_rejected() {
    let base = fixture_certificate("rare_balanced.toml");

    // Sample 0 moves to class 1: its ε now sits in its own class.
    let mut c = base.clone();
    c.instance.y[0] = qi(1);
    assert_eq!(rejected_by(&c), "rare-witness");

    // A new label: the recorded classes no longer match.
    let mut c = base.clone();
    c.instance.y[0] = qi(2);
    assert_eq!(rejected_by(&c), "generic-format");

    let mut c = base.clone();
    c.instance.x[1][0] = q(4001, 1000);
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    c.instance.weights[0] = q(1, 2);
    assert_eq!(rejected_by(&c), "rare-witness");

    let mut c = base.clone();
    c.instance.weights[0] = qi(0);
    assert_eq!(rejected_by(&c), "generic-format");

    let mut c = base.clone();
    c.instance.alpha = q(1, 3);
    assert_eq!(rejected_by(&c), "rare-witness");

    // With bias every sample ends in the appended 1.
    let mut c = base.clone();
    c.instance.x[2][1] = qi(2);
    assert_eq!(rejected_by(&c), "generic-format");
}

#[test]
fn format_mutations_are_rejected() {
    let base = fixture_certificate("rare_balanced.toml");
    type Mutation = Box<dyn Fn(&mut GenericCertificate)>;
    let cases: Vec<Mutation> = vec![
        Box::new(|c| c.format = "relucert-generic/2".into()),
        Box::new(|c| c.general_position.subset_size = 1),
        Box::new(|c| c.rare_data.as_mut().unwrap().options_per_sample = 5),
        Box::new(|c| c.rare_data.as_mut().unwrap().brute_force_count = "80".into()),
        Box::new(|c| c.rare_data.as_mut().unwrap().depth = 0),
        Box::new(|c| c.rare_data.as_mut().unwrap().classes.reverse()),
        Box::new(|c| c.rare_data.as_mut().unwrap().witness = None),
        Box::new(|c| c.instance.y.pop().map_or((), drop)),
        Box::new(|c| c.instance.alpha = qi(0)),
    ];
    for (k, mutate) in cases.iter().enumerate() {
        let mut c = base.clone();
        mutate(&mut c);
        assert_eq!(rejected_by(&c), "generic-format", "case {k}");
    }
}

fn coeffs(c: &mut GenericCertificate) -> &mut Vec<Q> {
    &mut c.general_position.dependency.as_mut().unwrap().coefficients
}

#[test]
fn dependency_mutations_are_rejected() {
    let base = fixture_certificate("generic_dependent.toml");

    let mut c = base.clone();
    coeffs(&mut c)[0] += qi(1);
    assert_eq!(rejected_by(&c), "dependency");

    let mut c = base.clone();
    coeffs(&mut c).iter_mut().for_each(|v| *v = qi(0));
    assert_eq!(rejected_by(&c), "dependency");

    let mut c = base.clone();
    c.general_position.dependency.as_mut().unwrap().subset = vec![0, 1, 3];
    assert_eq!(rejected_by(&c), "dependency");

    let mut c = base.clone();
    c.general_position.dependency.as_mut().unwrap().subset = vec![0, 0, 2];
    assert_eq!(rejected_by(&c), "dependency");

    let mut c = base.clone();
    c.general_position.dependency.as_mut().unwrap().subset = vec![0, 1];
    coeffs(&mut c).pop();
    assert_eq!(rejected_by(&c), "dependency");

    // Claiming general position for dependent data: the rank re-check finds {0, 1, 2}.
    let mut c = base.clone();
    c.general_position.holds = true;
    c.general_position.dependency = None;
    match check_generic(&c) {
        Err(GenericFailure::Rejected(r)) => {
            assert_eq!(r.rule, "general-position");
            assert!(r.detail.contains("[0, 1, 2]"), "{}", r.detail);
        }
        other => panic!("{other:?}"),
    }

    // A dependency without `holds: false` is inconsistent.
    let mut c = base.clone();
    c.general_position.holds = true;
    assert_eq!(rejected_by(&c), "generic-format");
}

#[test]
fn claiming_generic_for_rare_data_is_caught_by_the_exhaustive_search() {
    for name in ["rare_balanced.toml", "rare_weighted.toml"] {
        let mut c = fixture_certificate(name);
        let rd = c.rare_data.as_mut().unwrap();
        rd.rare = false;
        rd.witness = None;
        match check_generic(&c) {
            Err(GenericFailure::Rejected(r)) => {
                assert_eq!(r.rule, "rare-exhaustive", "{name}");
                assert!(r.detail.contains("λ ="), "{}", r.detail);
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// Coordinates near 2^130 push the checker's zero-sum search from i128 to `BigInt`.
#[test]
fn huge_coordinates_take_the_big_integer_route() {
    let big = Q::from_integer(num_bigint::BigInt::from(1) << 130u32);
    let mut inst = relucert::instance::toml_file::read(&fixture("rare_balanced.toml")).unwrap();
    for row in &mut inst.x {
        row[0] = row[0].clone() * &big;
    }
    let cert = certificate_of(&inst, true, 1);
    assert!(cert.rare_data.as_ref().unwrap().rare);
    check_generic(&cert).unwrap();
    let mut claim = cert.clone();
    let rd = claim.rare_data.as_mut().unwrap();
    rd.rare = false;
    rd.witness = None;
    assert_eq!(rejected_by(&claim), "rare-exhaustive");

    inst.x[1][0] += qi(1);
    let cert = certificate_of(&inst, true, 1);
    assert!(!cert.rare_data.as_ref().unwrap().rare);
    assert_eq!(check_generic(&cert).unwrap().rare, Some(false));
}

#[test]
fn claiming_rare_for_generic_data_needs_a_witness_that_fails() {
    let mut c = fixture_certificate("rare_perturbed.toml");
    let rd = c.rare_data.as_mut().unwrap();
    rd.rare = true;
    rd.witness = Some(RareWitnessRecord {
        lambda: vec![qi(1); 4],
        epsilon: vec![vec![0, 1], vec![0, 1], vec![1, 0], vec![1, 0]],
    });
    assert_eq!(rejected_by(&c), "rare-witness");
}

#[test]
fn oversized_work_is_refused_not_rejected() {
    let cert = fixture_certificate("rare_perturbed.toml");
    let tight = CheckLimits {
        subsets: 1_000,
        stored_sums: 3,
        streamed_sums: 9,
    };
    match check_generic_with_limits(&cert, &tight) {
        Err(GenericFailure::Refused(why)) => {
            assert!(why.contains("rare-exhaustive") && why.contains("81"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    // Enough room when one more sample may be stored.
    let roomy = CheckLimits {
        stored_sums: 9,
        ..tight
    };
    let report = check_generic_with_limits(&cert, &roomy).unwrap();
    assert_eq!(report.exhaustive, Some((81.into(), 9, 9)));
    let few_subsets = CheckLimits { subsets: 5, ..roomy };
    match check_generic_with_limits(&cert, &few_subsets) {
        Err(GenericFailure::Refused(why)) => assert!(why.contains("general-position"), "{why}"),
        other => panic!("{other:?}"),
    }
}

fn relucert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .output()
        .expect("run relucert")
}

fn edit_json(from: &Path, to: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(from).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(to, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

#[test]
fn cli_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("balanced.json");
    let out = relucert(&[
        "generic",
        fixture("rare_balanced.toml").to_str().unwrap(),
        "--rare",
        "-o",
        cert.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("certificate:"));
    let parsed = GenericCertificate::read(&cert).unwrap();
    assert_eq!(parsed, fixture_certificate("rare_balanced.toml"));

    let out = relucert(&["check", cert.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("accepted"));

    let bad = dir.path().join("bad.json");
    edit_json(&cert, &bad, |v| {
        v["rare_data"]["witness"]["epsilon"][0][1] = 0.into()
    });
    let out = relucert(&["check", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("rule rare-witness"));

    let unknown = dir.path().join("unknown.json");
    edit_json(&cert, &unknown, |v| v["format"] = "relucert-generic/9".into());
    let out = relucert(&["check", unknown.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("format"));

    let extra = dir.path().join("extra.json");
    edit_json(&cert, &extra, |v| v["surprise"] = 1.into());
    assert_eq!(
        relucert(&["check", extra.to_str().unwrap()]).status.code(),
        Some(2)
    );
}

#[test]
fn cli_generic_claim_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("perturbed.json");
    let path = cert.to_str().unwrap();
    let fx = fixture("rare_perturbed.toml");
    let out = relucert(&["generic", fx.to_str().unwrap(), "--rare", "--json", "-o", path]);
    assert_eq!(out.status.code(), Some(0));
    // The JSON report on stdout is unchanged by -o.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["rare"], false);
    let out = relucert(&["check", path]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("generic data"));
}

/// Small random instances: 1–6 samples, d ≤ 2, up to three classes, coordinates in −2..2
/// (so both verdicts occur), random positive weights, depth 1–2.
fn small_instance() -> impl Strategy<Value = (Instance, usize)> {
    (
        1usize..=6,
        1usize..=2,
        1i64..=3,
        prop::bool::ANY,
        1usize..=2,
        2i64..=4,
    )
        .prop_flat_map(|(n, d, classes, bias, depth, alpha_den)| {
            (
                prop::collection::vec(prop::collection::vec(-2i64..=2, d), n),
                prop::collection::vec(0..classes, n),
                prop::option::of(prop::collection::vec(1i64..=3, n)),
            )
                .prop_map(move |(x, y, w)| {
                    let x = x
                        .into_iter()
                        .map(|r| {
                            let mut r: Vec<Q> = r.into_iter().map(qi).collect();
                            if bias {
                                r.push(qi(1));
                            }
                            r
                        })
                        .collect();
                    let inst = Instance {
                        x,
                        y: y.into_iter().map(qi).collect(),
                        hidden: 1,
                        alpha: q(1, alpha_den),
                        bias,
                        output_bias: false,
                        weights: w.map(|w| w.into_iter().map(qi).collect()),
                    };
                    (inst, depth)
                })
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// What `generic -o` writes is accepted, and the opposite rare-data claim is rejected.
    #[test]
    fn written_certificates_are_accepted((inst, depth) in small_instance()) {
        let cert = certificate_of(&inst, true, depth);
        let report = check_generic(&cert);
        prop_assert!(report.is_ok(), "{:?}", report);
        let rare = cert.rare_data.as_ref().unwrap().rare;

        let mut flipped = cert.clone();
        let rd = flipped.rare_data.as_mut().unwrap();
        let classes = rd.classes.clone();
        rd.rare = !rare;
        // Every sample on, pointing at every other class: a witness only for rare data.
        rd.witness = (!rare).then(|| RareWitnessRecord {
            lambda: vec![qi(1); inst.n()],
            epsilon: inst.y.iter().map(|y| {
                let own = classes.binary_search(y).unwrap();
                (0..classes.len()).map(|r| u8::from(r != own)).collect()
            }).collect(),
        });
        match check_generic(&flipped) {
            Err(GenericFailure::Rejected(r)) => {
                prop_assert_eq!(r.rule, if rare { "rare-exhaustive" } else { "rare-witness" });
            }
            other => prop_assert!(false, "flipped claim not rejected: {:?}", other),
        }
    }
}

#[test]
fn unwritable_output_is_exit_2_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("c.json");
    let fx = fixture("rare_balanced.toml");
    let out = relucert(&["generic", fx.to_str().unwrap(), "-o", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
    let out = relucert(&[
        "generic",
        fx.to_str().unwrap(),
        "-o",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
