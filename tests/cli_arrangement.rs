//! `relucert arrangement` end to end: run the binary on instance files written here.

use std::io::Write;
use std::process::Command;

use relucert::arrangement::Face;
use relucert::exact::{Q, parse_q};

fn instance(text: &str) -> tempfile::NamedTempFile {
    let mut file = tempfile::Builder::new().suffix(".toml").tempfile().unwrap();
    file.write_all(text.as_bytes()).unwrap();
    file
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .arg("arrangement")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json(args: &[&str]) -> serde_json::Value {
    let (code, stdout, stderr) = run(args);
    assert_eq!(code, 0, "stderr: {stderr}");
    serde_json::from_str(&stdout).unwrap()
}

fn faces_of(value: &serde_json::Value) -> Vec<Face> {
    serde_json::from_value(value.clone()).unwrap()
}

fn samples(rows: &[&[&str]]) -> Vec<Vec<Q>> {
    rows.iter()
        .map(|r| r.iter().map(|t| parse_q(t).unwrap()).collect())
        .collect()
}

const FIG1: &str = "hidden = 1\nx = [[-1, 1], [2, 1], [1, 3]]\ny = [1, 2, 3]\n";

#[test]
fn figure_one_json_lists_six_verified_chambers() {
    let file = instance(FIG1);
    let path = file.path().to_str().unwrap();
    let v = json(&[path, "--json"]);
    assert_eq!(v["count"]["chambers"], 6);
    assert!(v["faces"].is_null());
    let chambers = faces_of(&v["chambers"]);
    let x = samples(&[&["-1", "1"], &["2", "1"], &["1", "3"]]);
    let signs: Vec<String> = chambers.iter().map(|c| c.signs.to_string()).collect();
    assert_eq!(signs, vec!["+++", "+-+", "+--", "-++", "-+-", "---"]);
    assert!(chambers.iter().all(|c| c.verify(&x) && c.is_chamber(&x)));
    // Witnesses are rational strings.
    assert!(v["chambers"][0]["witness"][0].is_string());
}

#[test]
fn figure_one_faces_with_counts() {
    let file = instance(FIG1);
    let path = file.path().to_str().unwrap();
    let v = json(&[path, "--faces", "--json"]);
    assert_eq!(v["count"]["faces"], 13);
    let faces = faces_of(&v["faces"]);
    assert_eq!(faces.len(), 13);
    let x = samples(&[&["-1", "1"], &["2", "1"], &["1", "3"]]);
    assert!(faces.iter().all(|f| f.verify(&x)));
}

#[test]
fn human_output_states_completeness() {
    let file = instance(FIG1);
    let (code, stdout, _) = run(&[file.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("complete: 6 chambers found = 6 by Whitney's formula"),
        "{stdout}"
    );
    assert!(stdout.contains("+-+"));
}

#[test]
fn a_line_with_two_samples() {
    let file = instance("hidden = 1\nx = [[-2], [2]]\ny = [-3, -1]\n");
    let v = json(&[file.path().to_str().unwrap(), "--faces", "--json"]);
    assert_eq!(v["count"]["chambers"], 2);
    assert_eq!(v["count"]["faces"], 3);
    let signs: Vec<String> = faces_of(&v["faces"])
        .iter()
        .map(|f| f.signs.to_string())
        .collect();
    assert_eq!(signs, vec!["+-", "-+", "00"]);
}

#[test]
fn zero_and_parallel_samples_with_bias() {
    // No bias: (0,0) is a zero sample, (-1,-2) is anti-parallel to (1/2,1): two hyperplanes.
    let file = instance("hidden = 1\nx = [[\"1/2\", 1], [0, 0], [-1, -2], [0, 1]]\ny = [0, 0, 0, 0]\n");
    let v = json(&[file.path().to_str().unwrap(), "--json"]);
    assert_eq!(v["count"]["chambers"], 4);
    let signs: Vec<String> = faces_of(&v["chambers"])
        .iter()
        .map(|f| f.signs.to_string())
        .collect();
    assert!(signs.iter().all(|s| s.as_bytes()[1] == b'0'));
}

#[test]
fn unreadable_instance_exits_with_two() {
    let file = instance("hidden = 1\nx = [[1, 2], [3]]\ny = [1, 2]\n");
    let (code, _, stderr) = run(&[file.path().to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("error"), "{stderr}");
    let (code, _, _) = run(&["/nonexistent/instance.toml"]);
    assert_eq!(code, 2);
}
