//! The certificate writer renders the cell records in parallel and splices them into the
//! certificate's text (`WriteCertificate::text`); the bytes must be exactly serde_json's pretty
//! text of the whole certificate (`json_file::to_json`), with and without families, least
//! squares and a landscape-free shell, and must parse back to the same certificate — serially
//! and with the cells parsed in parallel (`relucert_format::parallel_read`), pretty or compact;
//! a damaged text gets the serial parser's error, line and column included.

use std::path::Path;

use relucert::certificate::build::{attach_least_squares, certify, certify_cells};
use relucert::certificate::write::WriteCertificate;
use relucert::certificate::{Certificate, json_file};
use relucert::feasibility::Route;
use relucert::instance::toml_file;
use relucert_format::parallel_read;

fn instance(name: &str) -> relucert::instance::Instance {
    toml_file::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
}

fn same_text(cert: &Certificate) {
    let text = cert.text();
    assert_eq!(text, json_file::to_json(cert));
    assert_eq!(&Certificate::from_json(&text).unwrap(), cert);
    // The parallel route is taken on relucert's own text, and on compact text.
    assert_eq!(parallel_read::parse_split(&text).as_ref(), Some(cert));
    let compact = serde_json::to_string(cert).unwrap();
    assert_eq!(
        &parallel_read::parse_certificate(&compact, Path::new("c.json")).unwrap(),
        cert
    );
    // Compact text has no element boundaries to guess: the runs are parsed whole.
    if cert.format == relucert_format::FORMAT {
        assert_eq!(parallel_read::parse_split(&compact).as_ref(), Some(cert));
    }
}

/// Records laid out otherwise than relucert writes them (here: two records joined without the
/// usual indentation, so no boundary is guessed between them) are still read in parallel —
/// the run holding them is parsed whole — and give the same certificate.
#[test]
fn unusual_layout_between_records() {
    let run = certify_cells(&instance("random_n10_d3_bias.toml"), Route::FloatFirst, false).unwrap();
    let cert = &run.certificate;
    assert!(cert.cells.len() > 10);
    let text = cert.text();
    let pattern = "\n    },\n    {";
    let at = text.match_indices(pattern).nth(cert.cells.len() / 2).unwrap().0;
    let joined = format!("{}\n    }},{{{}", &text[..at], &text[at + pattern.len()..]);
    assert_ne!(joined, text);
    assert_eq!(parallel_read::parse_split(&joined).as_ref(), Some(cert));
}

#[test]
fn damaged_text_gets_the_serial_error() {
    let run = certify_cells(&instance("decomposition_fig3_h2.toml"), Route::FloatFirst, false).unwrap();
    let text = run.certificate.text();
    let path = Path::new("damaged.json");
    let at = text.rfind("\"rank\": ").unwrap();
    for damaged in [
        format!("{}\"rank\": \"x\"{}", &text[..at], &text[at + 9..]),
        text.replacen("\"loss\"", "\"los\"", 1),
        text.replacen("\n  ]", "\n  ],\n  \"cells\": []", 1),
        text[..text.len() - 3].to_string(),
    ] {
        let serial = json_file::parse::<Certificate>(&damaged, path)
            .unwrap_err()
            .to_string();
        let parallel = parallel_read::parse_certificate(&damaged, path)
            .unwrap_err()
            .to_string();
        assert_eq!(parallel, serial);
        assert!(serial.contains("line "), "{serial}");
    }
}

#[test]
fn cells_only_certificates() {
    for name in [
        "decomposition_fig3_h1.toml",
        "decomposition_fig3_h2.toml",
        "random_n10_d3_bias.toml",
        "liu_thm3_degenerate.toml",
        "leaky_fig1.toml",
    ] {
        let mut run = certify_cells(&instance(name), Route::FloatFirst, false).unwrap();
        same_text(&run.certificate);
        let inst = instance(name);
        attach_least_squares(&mut run.certificate, &inst, &run.chambers, &mut run.results);
        same_text(&run.certificate);
    }
}

#[test]
fn full_certificates() {
    for name in [
        "liu_fig2.toml",
        "decomposition_fig2.toml",
        "decomposition_fig1.toml",
    ] {
        let inst = instance(name);
        let run = certify(
            &inst,
            Route::FloatFirst,
            Some(relucert::families::DEFAULT_LIMIT),
            false,
        )
        .unwrap();
        same_text(&run.certificate);
    }
}

#[test]
fn one_cell_and_no_cells() {
    let run = certify_cells(&instance("liu_fig2.toml"), Route::FloatFirst, false).unwrap();
    let mut cert = run.certificate;
    cert.cells.truncate(1);
    same_text(&cert);
    cert.cells.clear();
    same_text(&cert);
}
