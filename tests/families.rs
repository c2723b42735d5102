//! Families of local minima (SPEC §4): worked examples, the global minimum, the verdict.

use relucert::exact::format_q;
use relucert::families::{self, FamilyOutcome};
use relucert::feasibility::Route;
use relucert::instance::toml_file;

fn fixture(name: &str) -> relucert::instance::Instance {
    toml_file::read(std::path::Path::new(&format!(
        "{}/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

fn summary(report: &families::FamiliesReport) -> Vec<(String, String, String, bool)> {
    report
        .results
        .iter()
        .filter_map(|r| match &r.outcome {
            FamilyOutcome::Exists {
                loss, differentiable, ..
            } => Some((
                r.faces
                    .iter()
                    .map(|f| f.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
                r.modes_text(),
                format_q(loss),
                *differentiable,
            )),
            FamilyOutcome::Empty { .. } => None,
        })
        .collect()
}

#[test]
fn decomposition_fig2_three_families() {
    let inst = fixture("decomposition_fig2.toml");
    let report = families::enumerate(&inst, Route::ExactOnly, Some(families::DEFAULT_LIMIT)).unwrap();
    let got = summary(&report);
    println!("{got:?}");
    assert_eq!(got.len(), 3);
    assert_eq!(report.global_min.as_ref().map(format_q).as_deref(), Some("1/2"));
    assert_eq!(report.verdict(), "spurious-minima");
}

use relucert::certificate::InstanceRecord;
use relucert::certificate::family::MinimaSection;
use relucert::checker::family::check_families;
use relucert::exact::rational::{q, qi};

fn record(inst: &relucert::instance::Instance) -> InstanceRecord {
    InstanceRecord {
        x: inst.x.clone(),
        y: inst.y.clone(),
        hidden: inst.hidden,
        alpha: inst.alpha.clone(),
        bias: inst.bias,
        output_bias: inst.output_bias,
    }
}

fn section(inst: &relucert::instance::Instance) -> MinimaSection {
    let report = families::enumerate(inst, Route::ExactOnly, Some(families::DEFAULT_LIMIT)).unwrap();
    let count = relucert::arrangement::count_faces(&inst.x);
    MinimaSection::from_report(&report, inst.n(), count, inst.output_bias).unwrap()
}

#[test]
fn decomposition_fig2_certificate_is_accepted_and_exact() {
    let inst = fixture("decomposition_fig2.toml");
    let s = section(&inst);
    let report = check_families(&record(&inst), &s).unwrap();
    assert_eq!(report.families, 3);
    assert_eq!(report.spurious, 2);
    // N = 2, so Liu's (1/N)Σ and the paper's ½Σ coincide: 1/2, 9/2, 5.
    let losses: Vec<String> = s.families.iter().map(|f| format_q(&f.loss)).collect();
    assert_eq!(losses, vec!["1/2", "9/2", "5"]);
    assert_eq!(s.families[2].faces, vec!["00"]);
    assert_eq!(s.families[2].modes, "+");
    assert!(!s.families[2].differentiable);
    assert_eq!(s.verdict, "spurious-minima");
    insta::assert_json_snapshot!("decomposition_fig2_minima", s);
}

#[test]
fn liu_fig2_global_minimum_zero() {
    let inst = fixture("liu_fig2.toml");
    let s = section(&inst);
    check_families(&record(&inst), &s).unwrap();
    assert_eq!(s.global_min, qi(0));
    assert!(
        s.families
            .iter()
            .any(|f| f.faces == vec!["++"] && f.modes == "+" && f.loss == qi(0))
    );
}

fn rejected_rule(inst: &relucert::instance::Instance, s: &MinimaSection) -> &'static str {
    check_families(&record(inst), s).unwrap_err().rule
}

#[test]
fn mutated_family_certificates_are_rejected() {
    let inst = fixture("decomposition_fig2.toml");
    let good = section(&inst);

    let mut s = good.clone();
    s.families[0].loss = q(1, 3);
    assert_eq!(rejected_rule(&inst, &s), "family-loss");

    let mut s = good.clone();
    let r = &mut s.families[2].regions[0][0];
    r.multipliers[0] += qi(1);
    assert_eq!(rejected_rule(&inst, &s), "family-multipliers");

    let mut s = good.clone();
    s.families[0].faces[0] = "-+".into();
    assert_eq!(rejected_rule(&inst, &s), "family-witness");

    let mut s = good.clone();
    s.families[1].modes = "+".into();
    assert_eq!(rejected_rule(&inst, &s), "family-witness");

    let mut s = good.clone();
    s.families.remove(1);
    assert_eq!(rejected_rule(&inst, &s), "family-enumeration");

    let mut s = good.clone();
    let dup = s.refuted[0].clone();
    s.refuted.push(dup);
    assert_eq!(rejected_rule(&inst, &s), "family-enumeration");

    let mut s = good.clone();
    s.refuted.remove(0);
    assert_eq!(rejected_rule(&inst, &s), "family-enumeration");

    let mut s = good.clone();
    let m = &mut s.refuted[0].refutation;
    if let Some(v) = m.equalities.iter_mut().find(|v| **v != qi(0)) {
        *v *= qi(2);
    } else {
        m.nonstrict[0] += qi(1);
    }
    assert_eq!(rejected_rule(&inst, &s), "family-refutation");

    let mut s = good.clone();
    s.faces[0].witness[0] = -s.faces[0].witness[0].clone();
    assert_eq!(rejected_rule(&inst, &s), "face-witness");

    let mut s = good.clone();
    s.global_min = qi(5);
    assert_eq!(rejected_rule(&inst, &s), "global-min");

    let mut s = good.clone();
    s.verdict = "no-spurious-minima".into();
    assert_eq!(rejected_rule(&inst, &s), "verdict");

    let mut s = good.clone();
    s.families[2].regions[0].pop();
    assert_eq!(rejected_rule(&inst, &s), "family-regions");
}
