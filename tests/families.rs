//! Families of local minima (SPEC §4): worked examples, the global minimum, the verdict.

use relucert::exact::format_q;
use relucert::families::{self, FamilyOutcome};
use relucert::feasibility::Route;
use relucert::instance::toml_file;

fn fixture(name: &str) -> relucert::instance::Instance {
    toml_file::read(std::path::Path::new(&format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR")))).unwrap()
}

fn summary(report: &families::FamiliesReport) -> Vec<(String, String, String, bool)> {
    report
        .results
        .iter()
        .filter_map(|r| match &r.outcome {
            FamilyOutcome::Exists { loss, differentiable, .. } => Some((
                r.faces.iter().map(|f| f.to_string()).collect::<Vec<_>>().join(","),
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
