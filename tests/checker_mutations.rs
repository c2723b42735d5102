//! Corrupt valid certificates in many ways; the checker must reject every corruption and name
//! the rule that catches it. Also: the checker's sources use no LP, no floats, and no code from
//! the search.

use num_traits::Zero;
use std::path::Path;
use std::sync::OnceLock;

use relucert::certificate::Certificate;
use relucert::certificate::build::certify_cells;
use relucert::checker::check;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::Route;
use relucert::instance::toml_file;

#[path = "support/check_as_read.rs"]
mod check_as_read;

fn certificate(name: &str) -> Certificate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let inst = toml_file::read(&path).unwrap();
    certify_cells(&inst, Route::ExactOnly, false).unwrap().certificate
}

/// Liu Fig. 2 with y = (1, −1): genuine cells and one refuted cell (`++`, index 0).
fn liu() -> &'static Certificate {
    static C: OnceLock<Certificate> = OnceLock::new();
    C.get_or_init(|| certificate("liu_fig2_y1m1.toml"))
}

/// Decomposition Fig. 3 data with two hidden units: 21 cells, refutations over 9 sign vectors.
fn fig3_h2() -> &'static Certificate {
    static C: OnceLock<Certificate> = OnceLock::new();
    C.get_or_init(|| certificate("decomposition_fig3_h2.toml"))
}

fn fig3_h1() -> &'static Certificate {
    static C: OnceLock<Certificate> = OnceLock::new();
    C.get_or_init(|| certificate("decomposition_fig3_h1.toml"))
}

fn first_genuine(c: &Certificate) -> usize {
    c.cells.iter().position(|c| c.genuine).unwrap()
}

fn first_refuted(c: &Certificate) -> usize {
    c.cells.iter().position(|c| !c.genuine).unwrap()
}

#[track_caller]
fn rejected_by(cert: &Certificate, rule: &str) {
    // Both routes of the checker (parsed certificate, and text checked as it is read) agree.
    match check_as_read::check_both(cert) {
        Ok(report) => panic!("mutation accepted ({report}); expected rule {rule}"),
        Err(r) => {
            assert_eq!(r.rule, rule, "wrong rule: {r}");
            assert!(
                r.to_string().starts_with(&format!("rejected: rule {rule} at ")),
                "{r}"
            );
        }
    }
}

#[test]
fn originals_are_accepted() {
    for c in [liu(), fig3_h1(), fig3_h2()] {
        check_as_read::check_both(c).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn changed_loss() {
    let mut c = fig3_h2().clone();
    c.cells[3].loss += qi(1);
    rejected_by(&c, "cell-loss");
}

#[test]
fn changed_witness_entry() {
    let mut c = fig3_h2().clone();
    let j = first_genuine(&c);
    let w = c.cells[j].witness.as_mut().unwrap();
    w.w[0][0] += q(1, 7);
    rejected_by(&c, "genuine-witness");
}

#[test]
fn changed_witness_r_and_z() {
    let mut c = liu().clone();
    let j = first_genuine(&c);
    c.cells[j].witness.as_mut().unwrap().r[0][0] += qi(1);
    rejected_by(&c, "genuine-witness");
    let mut c = liu().clone();
    c.cells[j].witness.as_mut().unwrap().z[0] *= qi(2);
    rejected_by(&c, "genuine-witness");
}

#[test]
fn changed_witness_sign_string() {
    let mut c = liu().clone();
    let j = first_genuine(&c);
    let w = c.cells[j].witness.as_mut().unwrap();
    w.signs = if w.signs == "+" { "-".into() } else { "+".into() };
    rejected_by(&c, "genuine-witness");
}

#[test]
fn changed_multiplier() {
    let mut c = fig3_h2().clone();
    let j = first_refuted(&c);
    let m = &mut c.cells[j].refutation.as_mut().unwrap()[0].motzkin;
    let pos = m.equalities.iter().position(|v| !v.is_zero()).unwrap();
    m.equalities[pos] += &relucert::exact::Rat::from_q(&q(1, 3));
    rejected_by(&c, "refutation-motzkin");
}

#[test]
fn negative_strict_multiplier() {
    let mut c = liu().clone();
    let j = first_refuted(&c);
    let m = &mut c.cells[j].refutation.as_mut().unwrap()[0].motzkin;
    for v in &mut m.strict {
        *v = -v.clone();
    }
    for v in &mut m.equalities {
        *v = -v.clone();
    }
    rejected_by(&c, "refutation-motzkin");
}

#[test]
fn dropped_or_repeated_sign_vector() {
    let mut c = fig3_h2().clone();
    let j = first_refuted(&c);
    c.cells[j].refutation.as_mut().unwrap().pop();
    rejected_by(&c, "refutation-motzkin");
    let mut c = fig3_h2().clone();
    let list = c.cells[j].refutation.as_mut().unwrap();
    list[1] = list[0].clone();
    rejected_by(&c, "refutation-motzkin");
}

#[test]
fn changed_cell_sign_string() {
    let mut c = fig3_h2().clone();
    c.cells[2].chambers[1] = c.cells[2].chambers[1].replace('+', "-");
    rejected_by(&c, "cell-enumeration");
}

#[test]
fn dropped_cell() {
    let mut c = fig3_h2().clone();
    c.cells.remove(5);
    rejected_by(&c, "cell-enumeration");
    let mut c = fig3_h2().clone();
    c.cells.pop();
    rejected_by(&c, "cell-enumeration");
}

#[test]
fn duplicated_cell() {
    let mut c = fig3_h2().clone();
    let dup = c.cells[4].clone();
    c.cells.insert(4, dup);
    rejected_by(&c, "cell-enumeration");
    let mut c = fig3_h2().clone();
    let last = c.cells.last().unwrap().clone();
    c.cells.push(last);
    rejected_by(&c, "cell-enumeration");
}

#[test]
fn changed_multiplicity() {
    let mut c = fig3_h2().clone();
    c.cells[1].multiplicity = 1;
    rejected_by(&c, "cell-enumeration");
}

#[test]
fn flipped_genuine() {
    let mut c = fig3_h2().clone();
    let j = first_genuine(&c);
    c.cells[j].genuine = false;
    rejected_by(&c, "refutation-motzkin");
    let mut c = fig3_h2().clone();
    let j = first_refuted(&c);
    c.cells[j].genuine = true;
    rejected_by(&c, "genuine-witness");
    // Swapping the evidence too does not help: the refutation of another cell does not fit.
    let mut c = liu().clone();
    let j = first_refuted(&c);
    let other = first_genuine(&c);
    c.cells[j].genuine = true;
    c.cells[j].refutation = None;
    c.cells[j].witness = c.cells[other].witness.clone();
    rejected_by(&c, "genuine-witness");
}

#[test]
fn changed_rank() {
    let mut c = fig3_h2().clone();
    c.cells[0].rank += 1;
    rejected_by(&c, "cell-rank");
    let mut c = fig3_h2().clone();
    c.cells[0].solution_dim += 1;
    rejected_by(&c, "cell-rank");
}

#[test]
fn changed_chamber_witness() {
    let mut c = fig3_h1().clone();
    c.arrangement.chambers[0].witness[0] = -c.arrangement.chambers[0].witness[0].clone() - qi(5);
    rejected_by(&c, "chamber-witness");
}

#[test]
fn changed_chamber_list_or_count() {
    let mut c = fig3_h1().clone();
    c.arrangement.count += 1;
    rejected_by(&c, "chamber-count");
    let mut c = fig3_h1().clone();
    c.arrangement.chambers.pop();
    c.arrangement.count -= 1;
    rejected_by(&c, "chamber-count");
    let mut c = fig3_h1().clone();
    c.arrangement.chambers.swap(0, 1);
    rejected_by(&c, "chamber-witness");
}

#[test]
fn changed_instance_labels() {
    let mut c = fig3_h1().clone();
    c.instance.y[0] += qi(1);
    rejected_by(&c, "cell-loss");
}

#[test]
fn changed_instance_settings() {
    let mut c = fig3_h1().clone();
    c.instance.alpha = qi(1);
    rejected_by(&c, "instance");
    let mut c = fig3_h1().clone();
    c.instance.x[1].push(qi(1));
    rejected_by(&c, "instance");
    let mut c = fig3_h1().clone();
    c.instance.hidden = 2;
    rejected_by(&c, "cell-enumeration");
}

#[test]
fn changed_format_and_summary() {
    let mut c = liu().clone();
    c.format = "relucert/0".into();
    rejected_by(&c, "format");
    let mut c = liu().clone();
    c.summary.genuine += 1;
    rejected_by(&c, "summary");
    let mut c = liu().clone();
    c.summary.best_genuine_loss = Some(qi(0));
    rejected_by(&c, "summary");
    let mut c = liu().clone();
    c.summary.losses.pop();
    rejected_by(&c, "summary");
    let mut c = liu().clone();
    c.summary.global_min = Some(qi(0));
    rejected_by(&c, "summary");
}

#[test]
fn mutated_json_text_is_rejected_or_unparsable() {
    // A loss edited in the JSON text itself.
    let text = fig3_h1()
        .to_json()
        .replacen("\"loss\": \"8/75\"", "\"loss\": \"8/76\"", 1);
    let c = Certificate::from_json(&text).unwrap();
    rejected_by(&c, "cell-loss");
    // A float where a rational string belongs does not parse.
    let text = fig3_h1()
        .to_json()
        .replacen("\"loss\": \"8/75\"", "\"loss\": 0.1", 1);
    assert!(Certificate::from_json(&text).is_err());
}

/// The trust base must not depend on the LP backend, floats, or the search code. The build
/// enforces the crate boundary (`relucert-check` depends on `relucert-format` and
/// `relucert-exact` only); this test pins those dependency lists and scans the sources of both
/// crates for floats and LP names.
#[test]
fn checker_uses_no_lp_no_floats_no_search_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let allowed = |manifest: &str, crates: &[&str]| {
        let text = std::fs::read_to_string(root.join(manifest)).unwrap();
        let table: toml::Table = text.parse().unwrap();
        let deps = table["dependencies"].as_table().unwrap();
        for name in deps.keys() {
            assert!(crates.contains(&name.as_str()), "{manifest} depends on {name}");
        }
    };
    allowed(
        "crates/check/Cargo.toml",
        &[
            "relucert-exact",
            "relucert-format",
            "num-bigint",
            "num-integer",
            "num-traits",
            "rayon",
        ],
    );
    allowed(
        "crates/format/Cargo.toml",
        &[
            "relucert-exact",
            "serde",
            "serde_json",
            "flate2",
            "num-traits",
            "sha2",
            // Parallel reading of the cells (`parallel_read`): the thread pool and a
            // substring search for guessed cuts, which the parse then verifies.
            "rayon",
            "memchr",
        ],
    );
    let forbidden = [
        "good_lp",
        "microlp",
        "minilp",
        "f64",
        "f32",
        "relucert_solver",
        "as_f64",
        "to_f64",
    ];
    let mut files = 0;
    for dir in ["crates/check/src", "crates/format/src", "crates/format/src/v2"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                for word in forbidden {
                    assert!(!text.contains(word), "{} mentions {word}", path.display());
                }
            }
        }
    }
    assert!(files >= 10);
}

#[test]
fn summary_must_agree_with_the_families_section() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/decomposition_fig2.toml");
    let inst = toml_file::read(&path).unwrap();
    let limit = Some(relucert::families::DEFAULT_LIMIT);
    let cert = relucert::certificate::build::certify(&inst, Route::ExactOnly, limit, false)
        .unwrap()
        .certificate;
    let accepted = check(&cert).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(accepted.families, Some(3));
    let mut c = cert.clone();
    c.summary.global_min = Some(q(9, 2));
    rejected_by(&c, "global-min");
    let mut c = cert.clone();
    c.summary.spurious = Some(0);
    rejected_by(&c, "verdict");
    let mut c = cert;
    c.summary.verdict = Some("no-spurious-minima".into());
    rejected_by(&c, "verdict");
}
