//! `relucert convert`: a certificate rewritten in the other format is byte for byte the
//! certificate `certify` writes in that format, both ways, on every small fixture (reduced and
//! full family searches, cells only, least squares, leaky, biases); gzip streams are accepted
//! by the checker; what cannot be converted is refused with a clear message and exit 2.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::{fixture, ok, relucert};

fn gunzip(path: &Path) -> Vec<u8> {
    use std::io::Read;
    let mut out = Vec::new();
    // The format crate's reader decompresses a file that starts with the gzip magic.
    assert_eq!(&std::fs::read(path).unwrap()[..2], &[0x1f, 0x8b], "not gzip");
    relucert_format::v2::io::open_lines(path)
        .unwrap()
        .read_to_end(&mut out)
        .unwrap();
    out
}

/// Certify `name` in both formats, convert each into the other, compare bytes; check the
/// gzip conversion.
fn round_trip(name: &str, extra: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inst = fixture(&format!("{name}.toml"));
    let inst = inst.to_str().unwrap();
    let mut args = vec!["certify", inst, "--force"];
    args.extend_from_slice(extra);
    ok(&relucert(&[&args[..], &["-o", "a.json"]].concat(), d));
    ok(&relucert(&[&args[..], &["-o", "a.jsonl"]].concat(), d));
    ok(&relucert(&["convert", "a.json", "-o", "b.jsonl"], d));
    ok(&relucert(&["convert", "a.jsonl", "-o", "b.json"], d));
    let read = |f: &str| std::fs::read(d.join(f)).unwrap();
    assert!(
        read("a.jsonl") == read("b.jsonl"),
        "{name} {extra:?}: relucert/1 → relucert/2 differs from certify's stream"
    );
    assert!(
        read("a.json") == read("b.json"),
        "{name} {extra:?}: relucert/2 → relucert/1 differs from certify's document"
    );
    ok(&relucert(&["convert", "a.json", "-o", "c.jsonl.gz"], d));
    assert!(
        gunzip(&d.join("c.jsonl.gz")) == read("a.jsonl"),
        "{name}: the gzip stream holds other records"
    );
    let report = ok(&relucert(&["check", "c.jsonl.gz"], d));
    assert!(report.contains(": accepted: "), "{name}: {report}");
    ok(&relucert(&["convert", "c.jsonl.gz", "-o", "d.json"], d));
    assert!(
        read("d.json") == read("a.json"),
        "{name}: gzip → relucert/1 differs"
    );
}

#[test]
fn both_ways_byte_identical_on_the_fixtures() {
    for name in [
        "decomposition_fig1",
        "decomposition_fig2",
        "decomposition_fig3_h1",
        "decomposition_fig3_h2",
        "fig3_bias",
        "leaky_fig1",
        "liu_fig2",
        "liu_fig2_y1m1",
        "liu_thm3_degenerate",
    ] {
        round_trip(name, &["--no-reduce"]);
    }
}

#[test]
fn reduced_searches_convert_too() {
    for name in [
        "decomposition_fig3_h1",
        "decomposition_fig3_h2",
        "decomposition_fig3_h3",
        "fig3_bias",
        "leaky_fig1",
        "liu_fig2_y1m1",
    ] {
        round_trip(name, &[]);
    }
}

#[test]
fn cells_only_and_least_squares_convert_too() {
    round_trip("decomposition_fig3_h3", &["--cells-only"]);
    round_trip("liu_fig2", &["--least-squares", "--no-reduce"]);
    round_trip("random_n10_d3_bias", &["--cells-only", "--least-squares"]);
}

#[test]
fn what_cannot_be_converted_is_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let inst = fixture("decomposition_fig3_h2.toml");
    // A relucert/1 certificate with a saddles section: the stream does not carry it.
    ok(&relucert(
        &[
            "certify",
            inst.to_str().unwrap(),
            "--saddles",
            "-o",
            "saddles.json",
        ],
        d,
    ));
    let o = relucert(&["convert", "saddles.json", "-o", "r.jsonl"], d);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("r.jsonl") && err.contains("saddles"), "{err}");
    assert!(!d.join("r.jsonl").exists(), "no output on refusal");
    // A cut stream: no trailer.
    ok(&relucert(
        &[
            "certify",
            inst.to_str().unwrap(),
            "--no-reduce",
            "-o",
            "full.jsonl",
        ],
        d,
    ));
    let text = std::fs::read_to_string(d.join("full.jsonl")).unwrap();
    let cut: String = text.lines().take(10).map(|l| format!("{l}\n")).collect();
    std::fs::write(d.join("cut.jsonl"), cut).unwrap();
    let o = relucert(&["convert", "cut.jsonl", "-o", "cut.json"], d);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cut.jsonl") && err.contains("trailer"), "{err}");
    assert!(!d.join("cut.json").exists());
    // Not a certificate.
    std::fs::write(d.join("x.json"), "{\"format\": \"relucert-generic/1\"}\n").unwrap();
    let o = relucert(&["convert", "x.json", "-o", "y.jsonl"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("x.json"));
}
