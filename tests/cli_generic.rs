//! `relucert generic` end to end: JSON fields, exit codes, and one-line errors for bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn relucert(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .output()
        .expect("run relucert")
}

fn fixture(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
        .display()
        .to_string()
}

fn json_of(args: &[&str]) -> Value {
    let out = relucert(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Write `text` to a temporary instance file and run `generic --rare` on it.
fn run_on_text(text: &str) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, text).unwrap();
    relucert(&["generic", path.to_str().unwrap(), "--rare"])
}

#[test]
fn balanced_data_are_rare_with_witness() {
    let v = json_of(&["generic", &fixture("rare_balanced.toml"), "--rare", "--json"]);
    assert_eq!(v["general_position"], true);
    assert_eq!(v["dependent_subset"], Value::Null);
    assert_eq!(v["rare"], true);
    let lambda = v["witness"]["lambda"].as_array().unwrap();
    assert_eq!(lambda.len(), 4);
    assert!(lambda.iter().all(|l| l == "1" || l == "1/2"));
    let eps = v["witness"]["epsilon"].as_array().unwrap();
    assert_eq!(eps.len(), 4);
    // Own class column is 0: samples 0, 1 are class 0; samples 2, 3 are class 1.
    assert_eq!(eps[0][0], 0);
    assert_eq!(eps[3][1], 0);
    assert_eq!(v["rare_search"]["brute_force_count"], 81);
    assert_eq!(v["rare_search"]["sums_per_half"], serde_json::json!([9, 9]));
    assert_eq!(v["chambers"]["equal"], true);
}

#[test]
fn perturbed_data_are_generic() {
    let v = json_of(&["generic", &fixture("rare_perturbed.toml"), "--rare", "--json"]);
    assert_eq!(v["rare"], false);
    assert_eq!(v["witness"], Value::Null);
}

#[test]
fn rare_is_null_without_the_flag() {
    let v = json_of(&["generic", &fixture("rare_balanced.toml"), "--json"]);
    assert_eq!(v["rare"], Value::Null);
    assert_eq!(v["witness"], Value::Null);
}

#[test]
fn weights_from_the_instance_are_used() {
    let v = json_of(&["generic", &fixture("rare_weighted.toml"), "--rare", "--json"]);
    assert_eq!(v["rare"], true);
    assert_eq!(v["rare_search"]["classes"], serde_json::json!(["5", "7"]));
    assert_eq!(v["rare_search"]["weights"], serde_json::json!(["2", "1", "1"]));
}

#[test]
fn dependent_data_report_an_exact_dependency() {
    let v = json_of(&["generic", &fixture("generic_dependent.toml"), "--json"]);
    assert_eq!(v["general_position"], false);
    assert_eq!(v["dependent_subset"], serde_json::json!([0, 1, 2]));
    assert_eq!(v["dependency"], serde_json::json!(["-1", "-1", "1"]));
    assert_eq!(v["chambers"]["counted"], 12);
    assert_eq!(v["chambers"]["general_position_formula"], 14);
    assert_eq!(v["chambers"]["equal"], false);
    let human = relucert(&["generic", &fixture("generic_dependent.toml")]);
    assert_eq!(human.status.code(), Some(0));
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("general position: no") && text.contains("[0, 1, 2]"),
        "{text}"
    );
}

#[test]
fn non_integer_label_is_exit_2() {
    let out = run_on_text("hidden = 1\nalpha = \"1/2\"\nx = [[1], [2]]\ny = [0, \"1/2\"]\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("y[1]") && err.contains("integer"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[test]
fn zero_alpha_is_exit_2() {
    let out = run_on_text("hidden = 1\nx = [[1], [2]]\ny = [0, 1]\n");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("alpha") && err.contains("> 0"), "{err}");
}

#[test]
fn bad_weights_are_exit_2() {
    for weights in ["[1, -1]", "[1]", "[1, \"x\"]"] {
        let out = run_on_text(&format!(
            "hidden = 1\nalpha = \"1/2\"\nx = [[1], [2]]\ny = [0, 1]\nweights = {weights}\n"
        ));
        assert_eq!(out.status.code(), Some(2), "weights = {weights}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("weights"), "{err}");
    }
}

#[test]
fn zero_depth_is_exit_2() {
    let out = relucert(&[
        "generic",
        &fixture("rare_balanced.toml"),
        "--rare",
        "--depth",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--depth"));
}

#[test]
fn oversized_search_is_refused_with_exit_2() {
    let x: Vec<String> = (0..40).map(|i| format!("[{}]", i * 7 + 1)).collect();
    let y: Vec<String> = (0..40).map(|i| (i % 2).to_string()).collect();
    let out = run_on_text(&format!(
        "hidden = 1\nalpha = \"1/2\"\nx = [{}]\ny = [{}]\n",
        x.join(", "),
        y.join(", ")
    ));
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("refused") && err.contains("3486784401"), "{err}");
}
