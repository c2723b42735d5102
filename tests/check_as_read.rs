//! `relucert check` of a `relucert/1` file checks the cell records as their runs are parsed
//! (`relucert_check::check_text`, argument in `proofs/checker-rules.md`, "Cells checked as
//! read"). Differential tests against the checker on the parsed certificate
//! (`relucert_check::check`): random corruptions — one or several, anywhere in the cells, with
//! a failure before the cells or not — give the same report or the same rejection (rule,
//! location, detail), whatever the cut into runs; a text that does not parse is left to the
//! serial parser.

use std::path::Path;
use std::sync::OnceLock;

use num_traits::Zero;
use proptest::prelude::*;

use relucert::certificate::Certificate;
use relucert::certificate::build::{attach_least_squares, certify_cells};
use relucert::checker::{check_text, check_text_in_runs};
use relucert::exact::Rat;
use relucert::exact::rational::qi;
use relucert::feasibility::Route;
use relucert::instance::toml_file;

#[path = "support/check_as_read.rs"]
mod check_as_read;
use check_as_read::check_both;

fn certificate(name: &str, hidden: usize) -> Certificate {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let mut inst = toml_file::read(&path).unwrap();
    inst.hidden = hidden;
    certify_cells(&inst, Route::ExactOnly, false).unwrap().certificate
}

/// 92 cells (one unit on the 92 chambers of 10 samples in R³), most of them refuted.
fn random_k1() -> &'static Certificate {
    static C: OnceLock<Certificate> = OnceLock::new();
    C.get_or_init(|| certificate("random_n10_d3_bias.toml", 1))
}

/// Decomposition Fig. 3 with three units: 56 cells, 6 refuted.
fn fig3_h3() -> &'static Certificate {
    static C: OnceLock<Certificate> = OnceLock::new();
    C.get_or_init(|| certificate("decomposition_fig3_h3.toml", 3))
}

/// One corruption of a certificate, at cell `at` (taken modulo the number of cells).
#[derive(Clone, Debug)]
enum Corruption {
    Loss(usize),
    Rank(usize),
    Multiplicity(usize),
    /// A multiplier of the first refuted cell at or after `at`.
    Multiplier(usize),
    /// A chamber name that is not listed (the cell is not checked by the cell rules).
    UnlistedChamber(usize),
    /// One chamber too many.
    ExtraChamber(usize),
    Drop(usize),
    Duplicate(usize),
    SwapWithNext(usize),
    FlipGenuine(usize),
    Format,
    InstanceLabel,
    ChamberCount,
    SummaryGenuine,
}

fn corruption() -> impl Strategy<Value = Corruption> {
    let at = 0usize..200;
    prop_oneof![
        at.clone().prop_map(Corruption::Loss),
        at.clone().prop_map(Corruption::Rank),
        at.clone().prop_map(Corruption::Multiplicity),
        at.clone().prop_map(Corruption::Multiplier),
        at.clone().prop_map(Corruption::UnlistedChamber),
        at.clone().prop_map(Corruption::ExtraChamber),
        at.clone().prop_map(Corruption::Drop),
        at.clone().prop_map(Corruption::Duplicate),
        at.clone().prop_map(Corruption::SwapWithNext),
        at.prop_map(Corruption::FlipGenuine),
        Just(Corruption::Format),
        Just(Corruption::InstanceLabel),
        Just(Corruption::ChamberCount),
        Just(Corruption::SummaryGenuine),
    ]
}

fn apply(c: &mut Certificate, corruption: &Corruption) {
    let n = c.cells.len();
    if n == 0 {
        return;
    }
    match *corruption {
        Corruption::Loss(at) => c.cells[at % n].loss += qi(1),
        Corruption::Rank(at) => c.cells[at % n].rank += 1,
        Corruption::Multiplicity(at) => c.cells[at % n].multiplicity += 1,
        Corruption::Multiplier(at) => {
            if let Some(cell) = (0..n)
                .map(|i| (at + i) % n)
                .find(|&j| c.cells[j].refutation.is_some())
                && let Some(list) = c.cells[cell].refutation.as_mut()
            {
                let which = at % list.len();
                let m = &mut list[which].motzkin;
                match m.equalities.iter().position(|v| !v.is_zero()) {
                    Some(pos) => m.equalities[pos] += &Rat::from(1),
                    None => m.strict.push(Rat::from(1)),
                }
            }
        }
        Corruption::UnlistedChamber(at) => c.cells[at % n].chambers[0].push('+'),
        Corruption::ExtraChamber(at) => {
            let extra = c.cells[at % n].chambers[0].clone();
            c.cells[at % n].chambers.push(extra);
        }
        Corruption::Drop(at) => {
            c.cells.remove(at % n);
        }
        Corruption::Duplicate(at) => {
            let cell = c.cells[at % n].clone();
            c.cells.insert(at % n, cell);
        }
        Corruption::SwapWithNext(at) => c.cells.swap(at % n, (at + 1) % n),
        Corruption::FlipGenuine(at) => c.cells[at % n].genuine ^= true,
        Corruption::Format => c.format = "relucert/0".into(),
        Corruption::InstanceLabel => c.instance.y[0] += qi(1),
        Corruption::ChamberCount => c.summary.chambers += 1,
        Corruption::SummaryGenuine => c.summary.genuine += 1,
    }
}

#[test]
fn the_originals_are_accepted_by_both_routes() {
    for cert in [random_k1(), fig3_h3()] {
        let report = check_both(cert).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(report.cells, cert.cells.len() as u64);
    }
}

/// Two failures in different runs: the earlier one in cell order is reported, whichever run
/// is checked first; with an enumeration failure anywhere, that one.
#[test]
fn the_first_failure_in_cell_order_wins() {
    let mut c = random_k1().clone();
    c.cells[70].loss += qi(1);
    c.cells[10].rank += 1;
    let rejection = check_both(&c).unwrap_err();
    assert_eq!(
        (rejection.rule, rejection.location.starts_with("cells[10] ")),
        ("cell-rank", true),
        "{rejection}"
    );
    c.cells[80].chambers[0].push('-');
    assert_eq!(check_both(&c).unwrap_err().rule, "cell-enumeration");
}

/// A text whose last run does not parse: the text route gives it up (the serial parse then
/// reports the error with its line), even when the runs before it were read and checked.
#[test]
fn an_unparsable_run_is_left_to_the_serial_parse() {
    let text = relucert::certificate::json_file::to_json(random_k1());
    let at = text.rfind("\"rank\": ").unwrap();
    let damaged = format!("{}\"rank\": \"x\"{}", &text[..at], &text[at + 9..]);
    assert!(check_text(&damaged).is_none());
    assert!(check_text_in_runs(&damaged, 4).is_none());
    let mut c = random_k1().clone();
    c.format = "relucert/0".into();
    let text = relucert::certificate::json_file::to_json(&c);
    let at = text.rfind("\"rank\": ").unwrap();
    let damaged = format!("{}\"rank\": \"x\"{}", &text[..at], &text[at + 9..]);
    assert!(
        check_text(&damaged).is_none(),
        "a rule before the cells failed, but the text does not parse"
    );
}

/// With `--least-squares` data: accepted by both routes (the data dropped once verified), and a
/// changed pseudo-inverse entry is rejected by both with the same rule and place.
#[test]
fn least_squares_data_is_checked_by_both_routes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/decomposition_fig3_h2.toml");
    let inst = toml_file::read(&path).unwrap();
    let mut run = certify_cells(&inst, Route::ExactOnly, false).unwrap();
    attach_least_squares(&mut run.certificate, &inst, &run.chambers, &mut run.results);
    let mut c = run.certificate;
    check_both(&c).unwrap_or_else(|e| panic!("{e}"));
    let ls = c.cells[7].least_squares.as_mut().unwrap();
    ls.pseudo_inverse[0][0] += qi(1);
    let rejection = check_both(&c).unwrap_err();
    assert_eq!(rejection.rule, "cell-pseudo-inverse", "{rejection}");
    assert!(rejection.location.starts_with("cells[7] "), "{rejection}");
}

/// `base` with the corruptions applied, checked by both routes (which must agree).
fn corrupted_both_ways(base: &Certificate, corruptions: &[Corruption]) {
    let mut c = base.clone();
    for k in corruptions {
        apply(&mut c, k);
    }
    let _ = check_both(&c);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// One to three corruptions of random_k1 (refuted-heavy): both routes give the same outcome.
    #[test]
    fn random_corruptions_of_a_refuted_heavy_certificate(
        corruptions in proptest::collection::vec(corruption(), 1..4)
    ) {
        corrupted_both_ways(random_k1(), &corruptions);
    }

    /// The same on Fig. 3 with three units (genuine-heavy).
    #[test]
    fn random_corruptions_of_a_genuine_heavy_certificate(
        corruptions in proptest::collection::vec(corruption(), 1..4)
    ) {
        corrupted_both_ways(fig3_h3(), &corruptions);
    }
}
