//! `relucert report` in a real browser: every gallery fixture's report is loaded in headless
//! Chromium (through the DevTools protocol), screenshotted, and checked: the SVG elements exist
//! with the right counts (chambers drawn and labelled, histogram bars of each kind), the SVGs are
//! laid out with a non-zero size, and the page logs no console error. Skipped, with a message,
//! when no Chromium is installed (`.ci/run` installs Debian's `chromium`).

#[path = "support/browser.rs"]
mod browser;
#[path = "support/fixtures_report.rs"]
mod fixtures_report;

use std::collections::BTreeSet;

use relucert::certificate::Certificate;
use relucert::report::histogram::Histogram;
use relucert::report::landscape::Normalisation;

use browser::{Chromium, PROBE, find_chromium};
use fixtures_report::{FIGURES, certify, report};

#[test]
fn every_gallery_report_renders_in_chromium() {
    let Some(path) = find_chromium() else {
        eprintln!(
            "SKIPPED every_gallery_report_renders_in_chromium: no Chromium found (set RELUCERT_CHROMIUM or install \
             Debian's `chromium`; .ci/run installs it)"
        );
        return;
    };
    let chromium = Chromium::start(&path).expect("start Chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let shots = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("report-screenshots");
    std::fs::create_dir_all(&shots).expect("screenshot dir");
    for fig in FIGURES {
        let cert_path = certify(fig, dir.path());
        let html = report(fig, &cert_path, dir.path());
        let cert = Certificate::read(&cert_path).expect("certificate");
        let page = chromium.open(&html, PROBE, &[]).expect("page loads");
        let p = &page.probe;
        let name = fig.stem;
        assert!(
            page.errors.is_empty(),
            "{name}: console errors: {:?}",
            page.errors
        );
        assert!(
            page.screenshot.starts_with(b"\x89PNG") && page.screenshot.len() > 10_000,
            "{name}: screenshot"
        );
        std::fs::write(shots.join(format!("{name}.png")), &page.screenshot).expect("write screenshot");
        assert_eq!(p["scripts"], 0, "{name}: the report has no script");
        assert!(
            p["checker"].as_str().unwrap().contains("accepted"),
            "{name}: {}",
            p["checker"]
        );
        for b in p["svg_boxes"].as_array().unwrap() {
            assert!(
                b[0].as_f64().unwrap() > 100.0 && b[1].as_f64().unwrap() > 100.0,
                "{name}: SVG laid out: {b}"
            );
        }

        // The arrangement.
        let chambers = cert.arrangement.chambers.len();
        let n = cert.instance.x.len();
        let d = cert.instance.x[0].len();
        let texts: Vec<String> = p["arrangement_texts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect();
        match d {
            2 => {
                assert_eq!(
                    p["arrangement_polygons"], chambers,
                    "{name}: one sector per chamber"
                );
                let signs: BTreeSet<&str> = texts
                    .iter()
                    .map(String::as_str)
                    .filter(|t| t.len() == n && t.chars().all(|c| matches!(c, '+' | '-' | '0')))
                    .collect();
                let expected: BTreeSet<&str> = cert
                    .arrangement
                    .chambers
                    .iter()
                    .map(|c| c.signs.as_str())
                    .collect();
                assert_eq!(
                    signs, expected,
                    "{name}: every chamber labelled by its sign string"
                );
                let sign_labels = texts.iter().filter(|t| expected.contains(t.as_str())).count();
                assert_eq!(sign_labels, chambers, "{name}: each chamber labelled once");
                let witnesses = texts.iter().filter(|t| t.starts_with("w = (")).count();
                assert_eq!(witnesses, chambers, "{name}: each chamber's witness written");
            }
            3 => {
                let labels = texts
                    .iter()
                    .filter(|t| {
                        t.starts_with('c')
                            && t[1..].parse::<usize>().is_ok_and(|i| (1..=chambers).contains(&i))
                    })
                    .collect::<BTreeSet<_>>();
                assert_eq!(
                    labels.len(),
                    chambers,
                    "{name}: every chamber labelled once on the sphere"
                );
                assert!(
                    p["arrangement_polygons"].as_u64().unwrap() >= chambers as u64,
                    "{name}: chamber regions"
                );
            }
            _ => assert_eq!(p["not_drawn"], true, "{name}: d = {d} says it is not drawn"),
        }

        // The histogram: bars of each kind, as many as non-empty bins of the exact binning.
        let norm = if fig.report.contains(&"--half-sum") {
            Normalisation::HalfSum
        } else {
            Normalisation::Mean
        };
        let values: Vec<_> = cert
            .cells
            .iter()
            .map(|c| (norm.scale(&c.loss, n), c.genuine))
            .collect();
        let hist = Histogram::new(&values, 28);
        let (g, ng) = hist.bar_counts();
        assert_eq!(p["genuine_bars"], g, "{name}: genuine bars");
        assert_eq!(p["not_genuine_bars"], ng, "{name}: not-genuine bars");
        assert_eq!(
            p["bars_attr"],
            serde_json::json!([g, ng]),
            "{name}: bar counts stated"
        );

        // The circle (d = 2, K = 1): chamber bands labelled.
        let circle = d == 2 && cert.instance.hidden == 1;
        assert_eq!(
            p["circle"], circle,
            "{name}: circle figure exactly for d = 2, K = 1"
        );
        eprintln!(
            "{name}: {chambers} chambers, bars {g} + {ng}, {} console errors, screenshot {} bytes",
            page.errors.len(),
            page.screenshot.len()
        );
    }
}

#[test]
fn decomposition_fig1_has_exactly_six_labelled_chambers_in_chromium() {
    let Some(path) = find_chromium() else {
        eprintln!(
            "SKIPPED decomposition_fig1_has_exactly_six_labelled_chambers_in_chromium: no Chromium found"
        );
        return;
    };
    let chromium = Chromium::start(&path).expect("start Chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let fig = FIGURES.iter().find(|f| f.stem == "decomposition_fig1").unwrap();
    let cert = certify(fig, dir.path());
    let html = report(fig, &cert, dir.path());
    let page = chromium
        .open(&html, PROBE, &["#arrangement-figure"])
        .expect("page loads");
    let texts: Vec<&str> = page.probe["arrangement_texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let labels: BTreeSet<&str> = texts
        .iter()
        .copied()
        .filter(|t| t.len() == 3 && t.chars().all(|c| matches!(c, '+' | '-')))
        .collect();
    // The six activation regions of the paper's Fig. 1 (the lines of x1, x2, x3 through the origin).
    assert_eq!(
        labels,
        BTreeSet::from(["+++", "-++", "+-+", "-+-", "+--", "---"]),
        "{texts:?}"
    );
    assert_eq!(labels.len(), 6, "{texts:?}");
    assert_eq!(page.probe["arrangement_polygons"], 6);
    assert!(page.elements[0].starts_with(b"\x89PNG"));
}

/// The gallery's pictures (`docs/gallery/*.png`), made from the real reports in headless
/// Chromium: `make gallery` (ignored by `make test`).
#[test]
#[ignore = "writes docs/gallery/*.png; run with `make gallery`"]
fn gallery() {
    let path = find_chromium().expect("the gallery needs Chromium");
    let chromium = Chromium::start_sized(&path, (1100, 9000)).expect("start Chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let out = fixtures_report::root().join("docs/gallery");
    std::fs::create_dir_all(&out).expect("docs/gallery");
    let shots: &[(&str, &[(&str, &str)])] = &[
        (
            "liu_fig2",
            &[
                ("#arrangement-figure", "arrangement"),
                ("#circle-figure", "circle"),
            ],
        ),
        ("liu_fig2_y1m1", &[("#circle-figure", "circle")]),
        (
            "decomposition_fig1",
            &[("#arrangement-figure", "arrangement"), ("#verdict", "verdict")],
        ),
        ("decomposition_fig3_h1", &[("#histogram-figure", "histogram")]),
        ("decomposition_fig3_h2", &[("#histogram-figure", "histogram")]),
        ("decomposition_fig3_h3", &[("#histogram-figure", "histogram")]),
        ("decomposition_fig3_h4", &[("#histogram-figure", "histogram")]),
        (
            "leaky_fig1",
            &[("#circle-figure", "circle"), ("#histogram-figure", "histogram")],
        ),
        ("fig3_bias", &[("#arrangement-figure", "arrangement")]),
    ];
    for (stem, parts) in shots {
        let fig = FIGURES.iter().find(|f| f.stem == *stem).expect("figure");
        let cert = certify(fig, dir.path());
        let html = report(fig, &cert, dir.path());
        let selectors: Vec<&str> = parts.iter().map(|p| p.0).collect();
        let page = chromium.open(&html, PROBE, &selectors).expect("page loads");
        assert!(page.errors.is_empty(), "{stem}: {:?}", page.errors);
        for ((_, suffix), png) in parts.iter().zip(&page.elements) {
            let file = out.join(format!("{stem}_{suffix}.png"));
            std::fs::write(&file, png).expect("write PNG");
            eprintln!("{}: {} bytes", file.display(), png.len());
        }
    }
}

/// The console-error probe itself can fail: a page that throws, logs an error and breaks its
/// Content-Security-Policy is caught.
#[test]
fn console_errors_are_caught() {
    let Some(path) = find_chromium() else {
        eprintln!("SKIPPED console_errors_are_caught: no Chromium found");
        return;
    };
    let chromium = Chromium::start(&path).expect("start Chromium");
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body><p>x</p>\
         <script>console.error('deliberate'); throw new Error('thrown');</script></body></html>",
    )
    .unwrap();
    let result = chromium
        .open(&page, "JSON.stringify({})", &[])
        .expect("page loads");
    assert!(
        result.errors.iter().any(|e| e.contains("deliberate")),
        "{:?}",
        result.errors
    );
    assert!(
        result.errors.iter().any(|e| e.contains("exception")),
        "{:?}",
        result.errors
    );
}
