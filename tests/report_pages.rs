//! `relucert show`, `relucert report` and the verdict line of `relucert check`, without a
//! browser: the Fig. 3 histograms against the certificates' cell losses, the Fig. 1 picture's
//! six labelled chambers, the page's self-containment, the streaming summary against the
//! in-memory one, and bad input.

#[path = "support/fixtures_report.rs"]
mod fixtures_report;

use std::process::Command;

use relucert::certificate::Certificate;
use relucert::exact::{Q, parse_q};
use relucert::report::stream::{landscape_of, read_landscape};

use fixtures_report::{FIGURES, certify, relucert, report};

fn figure(stem: &str) -> &'static fixtures_report::Figure {
    FIGURES.iter().find(|f| f.stem == stem).expect("figure")
}

/// The text inside `<figure id="{id}" …>…</figure>`.
fn figure_html<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html
        .find(&format!("<figure id=\"{id}\""))
        .expect("figure present");
    let end = start + html[start..].find("</figure>").expect("figure closed");
    &html[start..end]
}

/// The contents of the SVG `<text>` elements of a fragment.
fn svg_texts(fragment: &str) -> Vec<String> {
    fragment
        .split("<text")
        .skip(1)
        .map(|t| {
            let body = &t[t.find('>').expect("tag end") + 1..];
            body[..body.find("</text>").expect("text closed")]
                .trim()
                .to_string()
        })
        .collect()
}

/// The rows of the histogram table: `(lo, hi, genuine, not genuine)`.
fn histogram_rows(html: &str) -> Vec<(Q, Q, u64, u64)> {
    let start = html
        .find("<table id=\"histogram-table\">")
        .expect("histogram table");
    let table = &html[start..start + html[start..].find("</table>").expect("table end")];
    table
        .split("<tr>")
        .skip(2)
        .map(|row| {
            let cells: Vec<&str> = row
                .split("<td")
                .skip(1)
                .map(|c| {
                    let c = &c[c.find('>').unwrap() + 1..];
                    &c[..c.find("</td>").unwrap()]
                })
                .collect();
            let (lo, hi) = cells[0]
                .trim_start_matches('[')
                .trim_end_matches(')')
                .split_once(", ")
                .expect("bin");
            (
                parse_q(lo).unwrap(),
                parse_q(hi).unwrap(),
                cells[1].parse().unwrap(),
                cells[2].parse().unwrap(),
            )
        })
        .collect()
}

#[test]
fn fig3_histograms_count_the_certificates_cell_losses() {
    let dir = tempfile::tempdir().unwrap();
    // The paper's h = 1 values (SPEC §9), in its ½Σ normalisation.
    let h1: Vec<Q> = ["4/25", "1/2", "2", "5", "13/2", "7"]
        .iter()
        .map(|s| parse_q(s).unwrap())
        .collect();
    for (h, cells) in [(1, 6), (2, 21), (3, 56), (4, 126)] {
        let fig = figure(&format!("decomposition_fig3_h{h}"));
        let cert_path = certify(fig, dir.path());
        let html = std::fs::read_to_string(report(fig, &cert_path, dir.path())).unwrap();
        let cert = Certificate::read(&cert_path).unwrap();
        assert_eq!(cert.cells.len(), cells, "h = {h}: multisets of 6 chambers");
        // ½Σ eᵢ² = N/2 · (1/N)Σ eᵢ² with N = 3.
        let half_sum: Vec<(Q, bool)> = cert
            .cells
            .iter()
            .map(|c| (&c.loss * Q::new(3.into(), 2.into()), c.genuine))
            .collect();
        if h == 1 {
            let mut losses: Vec<Q> = half_sum.iter().map(|v| v.0.clone()).collect();
            losses.sort();
            assert_eq!(losses, h1, "the paper's six subglobal losses");
        }
        let rows = histogram_rows(&html);
        let max = half_sum.iter().map(|v| v.0.clone()).max().unwrap();
        let mut total = 0;
        for (lo, hi, genuine, not_genuine) in &rows {
            let inside = |v: &Q| v >= lo && (v < hi || (v == hi && hi == &max));
            let g = half_sum
                .iter()
                .filter(|(v, genuine)| *genuine && inside(v))
                .count() as u64;
            let ng = half_sum
                .iter()
                .filter(|(v, genuine)| !*genuine && inside(v))
                .count() as u64;
            assert_eq!((*genuine, *not_genuine), (g, ng), "h = {h}: bin [{lo}, {hi})");
            total += genuine + not_genuine;
        }
        assert_eq!(total, cells as u64, "h = {h}: every cell combination in one bar");
        assert!(
            html.contains("½ Σᵢ (f(xᵢ) − yᵢ)² (the decomposition paper's normalisation) = N/2 · L"),
            "h = {h}: the ½Σ normalisation is stated"
        );
    }
}

#[test]
fn fig1_picture_has_exactly_six_labelled_chambers() {
    let dir = tempfile::tempdir().unwrap();
    let fig = figure("decomposition_fig1");
    let cert = certify(fig, dir.path());
    let html = std::fs::read_to_string(report(fig, &cert, dir.path())).unwrap();
    let arrangement = figure_html(&html, "arrangement-figure");
    let texts = svg_texts(arrangement);
    let signs: Vec<&String> = texts
        .iter()
        .filter(|t| t.len() == 3 && t.chars().all(|c| c == '+' || c == '-'))
        .collect();
    assert_eq!(signs.len(), 6, "{texts:?}");
    assert_eq!(arrangement.matches("<polygon").count(), 6, "six chamber sectors");
    assert_eq!(
        texts.iter().filter(|t| t.starts_with("w = (")).count(),
        6,
        "six witnesses"
    );
    assert!(arrangement.contains("data-chambers=\"6\""));
}

#[test]
fn the_page_is_self_contained() {
    let dir = tempfile::tempdir().unwrap();
    let fig = figure("liu_fig2");
    let cert = certify(fig, dir.path());
    let html = std::fs::read_to_string(report(fig, &cert, dir.path())).unwrap();
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    for bad in ["<script", "<link", "src=", "href=", "url(", "@import", "https://"] {
        assert!(!html.contains(bad), "found {bad}");
    }
    // The only http: text is the SVG namespace name.
    assert_eq!(
        html.matches("http://").count(),
        html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count()
    );
    assert!(
        html.contains("<section id=\"circle\">"),
        "d = 2, K = 1 draws the loss along the circle"
    );
}

#[test]
fn show_summarises_liu_fig2_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let cert = certify(figure("liu_fig2"), dir.path());
    let text = relucert(&["show", cert.to_str().unwrap()]);
    assert!(text.contains("verdict: spurious local minima"), "{text}");
    assert!(text.contains("global minimum: 0\n"), "{text}");
    // SPEC §9: chambers -- (loss 1), +- and -+ (1/2), ++ (0).
    assert!(text.contains("arrangement: 4 chambers"), "{text}");
    assert!(text.contains("loss 1/2 (≈ 0.5)"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&relucert(&["show", "--json", cert.to_str().unwrap()])).unwrap();
    assert_eq!(json["verdict"], "spurious-minima");
    assert_eq!(json["global_min"], "0");
    assert_eq!(json["certificate"], cert.to_str().unwrap());
    let levels = json["levels"].as_array().unwrap();
    let losses: Vec<&str> = levels.iter().map(|l| l["loss"].as_str().unwrap()).collect();
    assert_eq!(losses, ["0", "1/2", "1"]);
    assert_eq!(levels[0]["spurious"], false);
    assert_eq!(levels[1]["spurious"], true);
    for l in levels {
        assert!(l["families"].as_u64().unwrap() >= 1);
        assert!(l["witness"]["z"].is_array() && l["witness"]["w"].is_array() && l["witness"]["c"].is_null());
    }
    assert_eq!(json["cells"]["combinations"], 4);
}

#[test]
fn streaming_summary_equals_the_in_memory_one() {
    let dir = tempfile::tempdir().unwrap();
    for stem in [
        "decomposition_fig3_h2",
        "leaky_fig1",
        "decomposition_fig3_h3",
        "fig3_bias",
    ] {
        let path = certify(figure(stem), dir.path());
        let streamed = read_landscape(&path).unwrap();
        let cert = Certificate::read(&path).unwrap();
        let whole = landscape_of(&cert).unwrap();
        assert_eq!(streamed, whole, "{stem}");
        // The summary agrees with the certificate's own summary.
        assert_eq!(streamed.global_min, cert.summary.global_min, "{stem}");
        assert_eq!(
            streamed.verdict().map(str::to_string),
            cert.summary.verdict,
            "{stem}"
        );
        let spurious = streamed.levels.as_ref().map(|levels| {
            levels
                .iter()
                .filter(|l| l.spurious)
                .map(|l| l.families)
                .sum::<u64>()
        });
        assert_eq!(spurious, cert.summary.spurious, "{stem}");
        let losses: Vec<Q> = streamed.cell_groups.iter().map(|g| g.loss.clone()).collect();
        assert_eq!(losses, cert.summary.losses, "{stem}");
        let grouped: u64 = streamed.cell_groups.iter().map(|g| g.combinations).sum();
        assert_eq!(
            grouped,
            cert.cells.len() as u64,
            "{stem}: every cell in one group"
        );
    }
}

#[test]
fn check_prints_the_verified_verdict_and_global_minimum() {
    let dir = tempfile::tempdir().unwrap();
    let cert = certify(figure("decomposition_fig1"), dir.path());
    let out = relucert(&["check", cert.to_str().unwrap()]);
    assert!(out.contains("accepted"), "{out}");
    assert!(
        out.contains(
            "verified: spurious local minima (8 spurious families); global minimum 8/75 (≈ 0.106667)"
        ),
        "{out}"
    );
    let cells_only = certify(figure("decomposition_fig3_h3"), dir.path());
    let out = relucert(&["check", cells_only.to_str().unwrap()]);
    assert!(out.contains("verified: no verdict (cells only"), "{out}");
}

#[test]
fn a_rejected_certificate_is_reported_as_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let fig = figure("liu_fig2");
    let cert = certify(fig, dir.path());
    let text = std::fs::read_to_string(&cert)
        .unwrap()
        .replacen("\"loss\": \"1/2\"", "\"loss\": \"1/3\"", 1);
    let bad = dir.path().join("bad.cert.json");
    std::fs::write(&bad, text).unwrap();
    let html = dir.path().join("bad.html");
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["report", bad.to_str().unwrap(), "-o", html.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.contains("rejected: rule"),
        "the page says the checker rejected it"
    );
}

#[test]
fn show_and_report_refuse_bad_files_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"format\": \"relucert/1\", \"cells\": [1,").unwrap();
    for args in [
        vec!["show", bad.to_str().unwrap()],
        vec![
            "report",
            bad.to_str().unwrap(),
            "-o",
            dir.path().join("x.html").to_str().unwrap(),
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("bad.json") && err.contains("line"), "{err}");
        assert!(!dir.path().join("x.html").exists(), "no half-written page");
    }
}

#[test]
fn show_reads_relucert_2_streams_like_the_document() {
    let dir = tempfile::tempdir().unwrap();
    for stem in ["decomposition_fig3_h2", "leaky_fig1"] {
        let fixture = format!("fixtures/{stem}.toml");
        let v1 = dir.path().join(format!("{stem}.cert.json"));
        let v2 = dir.path().join(format!("{stem}.jsonl.gz"));
        relucert(&["certify", &fixture, "-o", v1.to_str().unwrap()]);
        relucert(&["certify", &fixture, "-o", v2.to_str().unwrap()]);
        let (a, b) = (read_landscape(&v1).unwrap(), read_landscape(&v2).unwrap());
        assert_eq!(b.format, "relucert/2");
        assert_eq!(
            (&a.instance, &a.arrangement, a.cells, a.cells_ordered),
            (&b.instance, &b.arrangement, b.cells, b.cells_ordered),
            "{stem}"
        );
        assert_eq!(a.cell_groups, b.cell_groups, "{stem}");
        assert_eq!(a.global_min, b.global_min, "{stem}");
        let losses = |l: &relucert::report::landscape::Landscape| -> Vec<(Q, bool)> {
            l.levels
                .iter()
                .flatten()
                .map(|v| (v.loss.clone(), v.spurious))
                .collect()
        };
        assert_eq!(losses(&a), losses(&b), "{stem}");
    }
}

/// The checker's timing in the page, blanked (it differs from run to run).
fn without_timing(html: &str) -> String {
    let start = html
        .find("run while writing this report, ")
        .expect("checker line");
    let end = start + html[start..].find("):").expect("timing end");
    format!("{}{}", &html[..start], &html[end..])
}

#[test]
fn report_draws_relucert_2_streams_like_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for stem in ["decomposition_fig3_h2", "liu_fig2"] {
        let fixture = format!("fixtures/{stem}.toml");
        let page = |cert: &str| {
            let cert = d.join(cert);
            let html = d.join("page.html");
            relucert(&["certify", &fixture, "--no-reduce", "-o", cert.to_str().unwrap()]);
            relucert(&[
                "report",
                cert.to_str().unwrap(),
                "-o",
                html.to_str().unwrap(),
                "--title",
                stem,
            ]);
            let text = std::fs::read_to_string(&html).unwrap();
            // The page names the file and its format; the rest is the same.
            without_timing(&text)
                .replace(cert.to_str().unwrap(), "CERT")
                .replace("(relucert/2)", "(FORMAT)")
                .replace("(relucert/1)", "(FORMAT)")
        };
        let v1 = page("a.json");
        assert_eq!(v1, page("b.jsonl"), "{stem}: plain stream");
        assert_eq!(v1, page("c.jsonl.gz"), "{stem}: gzip stream");
        assert!(v1.contains("id=\"checker\" class=\"ok\""), "{stem}");
    }
}
