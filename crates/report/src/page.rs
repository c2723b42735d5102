//! The HTML report: one self-contained file (inline SVG and CSS, no script, no network — a
//! Content-Security-Policy forbids every load), with the verdict and the checker's result, the
//! arrangement, the histogram of subglobal losses, the loss along the circle (`d = 2`, `K = 1`)
//! and tables of levels, families, cells and chambers.
//!
//! The page is written with `format!` and one escaping function: it has a fixed shape and a
//! handful of loops, which a template engine would not make clearer.

use std::fmt::Write as _;
use std::time::Instant;

use relucert_exact::{Q, format_q};
use relucert_format::Certificate;

use crate::approx::{approx, exact_and_approx};
use crate::histogram::Histogram;
use crate::landscape::{Landscape, Normalisation};
use crate::summary_text::{matrix, point, vector};
use crate::{circle_loss, palette, plane, sphere, stream};

/// How to render.
#[derive(Clone, Debug)]
pub struct Options {
    /// The page title (default: the certificate's file name).
    pub title: Option<String>,
    /// How losses are displayed (the certificate holds `(1/N) Σ e_i²`).
    pub normalisation: Normalisation,
    /// Number of histogram bins.
    pub bins: usize,
    /// At most this many rows per table.
    pub max_rows: usize,
    /// The format of the file read, when it differs from the certificate's own (a
    /// `relucert/2` stream is drawn from its `relucert/1` rewriting).
    pub file_format: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            title: None,
            normalisation: Normalisation::Mean,
            bins: 28,
            max_rows: 400,
            file_format: None,
        }
    }
}

/// What was drawn (for the caller's message and for tests).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    /// The page.
    pub html: String,
    /// Chambers drawn and labelled in the arrangement picture (`None` when `d > 3`).
    pub chambers_labelled: Option<usize>,
    /// Histogram bars drawn: genuine, not genuine.
    pub bars: (usize, usize),
    /// Whether the checker accepted the certificate.
    pub accepted: bool,
}

/// Escape text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1080px;color:#101010;line-height:1.45}
h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em;margin:.6em 0}td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}code,.mono{font-family:ui-monospace,monospace}figure{margin:.8em 0}figcaption{font-size:.9em;color:#444;max-width:60em}
.verdict{font-size:1.25em;font-weight:bold}.ok{color:#1b5e20}.bad{color:#b71c1c}.key{display:inline-block;width:1em;height:1em;vertical-align:middle;margin:0 .3em 0 1em}
.approx{color:#666}";

/// Render the report of `cert` (read from `source`).
pub fn render(cert: &Certificate, source: &str, opts: &Options) -> Result<Rendered, String> {
    let land = stream::landscape_of(cert)?;
    let n = land.samples();
    let norm = opts.normalisation;
    let show = |q: &Q| exact_and_approx(&norm.scale(q, n));
    let title = opts.title.clone().unwrap_or_else(|| source.to_string());
    let mut h = String::new();
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>relucert report: {t}</title>\n<style>{STYLE}</style></head><body>\n<h1>{t}</h1>\n\
         <p>Certificate <code>{s}</code> ({f}). Every number shown as a fraction is exact, read from the \
         certificate or computed in exact rational arithmetic; decimals after ≈ are for reading only, and \
         pictures place things with floating point.</p>\n",
        t = esc(&title),
        s = esc(source),
        f = esc(match &opts.file_format {
            Some(file) => file,
            None => &cert.format,
        })
    );

    // Verdict and checker.
    let start = Instant::now();
    let checked = relucert_check::check(cert);
    let elapsed = start.elapsed();
    let accepted = checked.is_ok();
    h.push_str("<section id=\"verdict\"><h2>Verdict</h2>\n");
    match land.verdict() {
        Some(v) => {
            let spurious = land.levels.iter().flatten().filter(|l| l.spurious).count();
            let _ = write!(
                h,
                "<p class=\"verdict {}\" id=\"verdict-text\">{}</p>\n<p>Global minimum: <b>{}</b>.</p>\n",
                if v == "no-spurious-minima" { "ok" } else { "bad" },
                if v == "no-spurious-minima" {
                    "No spurious local minima.".to_string()
                } else {
                    format!("Spurious local minima at {spurious} loss value{}.", if spurious == 1 { "" } else { "s" })
                },
                land.global_min.as_ref().map_or("none".to_string(), |g| esc(&show(g)))
            );
        }
        None => h.push_str(
            "<p class=\"verdict\" id=\"verdict-text\">No verdict: the certificate covers the cell combinations only \
             (differentiable local minima), not the families of boundary minima.</p>\n",
        ),
    }
    let _ = write!(
        h,
        "<p id=\"checker\" class=\"{}\">Checker (<code>relucert check</code>, run while writing this report, {:.2?}): {}</p>\n",
        if accepted { "ok" } else { "bad" },
        elapsed,
        esc(&match &checked {
            Ok(r) => r.to_string(),
            Err(e) => e.to_string(),
        })
    );
    let _ = write!(h, "<p>Losses: {}.</p>\n</section>\n", esc(norm.formula()));

    // Instance.
    let inst = &cert.instance;
    let _ = write!(
        h,
        "<section id=\"instance\"><h2>Instance</h2>\n<p>N = {n} samples, d = {}{}, K = {} hidden unit{}, {}, {}.</p>\n\
         <table><tr><th>i</th><th>xᵢ</th><th>yᵢ</th></tr>\n",
        land.dim(),
        if inst.bias {
            " (a constant 1 appended to every sample)"
        } else {
            ""
        },
        inst.hidden,
        if inst.hidden == 1 { "" } else { "s" },
        if num_traits::Zero::is_zero(&inst.alpha) {
            "ReLU σ(t) = max(t, 0)".to_string()
        } else {
            format!("leaky ReLU with α = {}", format_q(&inst.alpha))
        },
        if inst.output_bias {
            "with an output bias c"
        } else {
            "no output bias"
        }
    );
    for (i, (xi, yi)) in inst.x.iter().zip(&inst.y).enumerate().take(opts.max_rows) {
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td></tr>",
            i + 1,
            esc(&vector(xi)),
            esc(&format_q(yi))
        );
    }
    h.push_str("</table></section>\n");

    // Arrangement.
    let chambers_labelled = arrangement_section(&mut h, cert, &land)?;

    // Histogram.
    let (figure, hist, bars) = histogram_figure(cert, &land, opts)?;
    let _ = write!(
        h,
        "<section id=\"histogram\"><h2>Subglobal losses of the cell combinations</h2>\n{figure}"
    );
    h.push_str(
        "<table id=\"histogram-table\"><tr><th>bin (exact)</th><th>genuine</th><th>not genuine</th></tr>\n",
    );
    for b in hist.bins.iter().filter(|b| b.genuine + b.not_genuine > 0) {
        let _ = writeln!(
            h,
            "<tr><td class=\"mono\">[{}, {})</td><td>{}</td><td>{}</td></tr>",
            esc(&format_q(&b.lo)),
            esc(&format_q(&b.hi)),
            b.genuine,
            b.not_genuine
        );
    }
    h.push_str("</table></section>\n");

    // The loss along the circle.
    if let Some(figure) = circle_figure(cert, &land, norm)? {
        let _ = write!(
            h,
            "<section id=\"circle\"><h2>The loss along the unit circle of w</h2>\n{figure}</section>\n"
        );
    }

    levels_section(&mut h, &land, &show);
    tables(&mut h, cert, opts, &show);
    h.push_str("<footer><p>Written by <code>relucert report</code>. Re-verify with <code>relucert check</code>.</p></footer>\n</body></html>\n");
    Ok(Rendered {
        html: h,
        chambers_labelled,
        bars,
        accepted,
    })
}

fn arrangement_section(
    h: &mut String,
    cert: &Certificate,
    land: &Landscape,
) -> Result<Option<usize>, String> {
    let a = &land.arrangement;
    let _ = write!(
        h,
        "<section id=\"arrangement\"><h2>The arrangement of the data</h2>\n<p>{} chambers (activation regions; the \
         certificate's Whitney/Zaslavsky count is {}){}.</p>\n",
        a.chambers,
        a.chamber_count,
        match (a.faces, a.face_count) {
            (Some(f), Some(c)) => format!(", {f} faces (count {c})"),
            _ => String::new(),
        }
    );
    let labelled = match arrangement_figure(cert, land)? {
        Some((figure, labels)) => {
            h.push_str(&figure);
            Some(labels)
        }
        None => {
            let _ = write!(
                h,
                "<p id=\"arrangement-not-drawn\">The arrangement is not drawn: weight space has dimension d = {} (pictures are \
                 drawn for d = 2 and d = 3 only). The chambers are listed in the table below.</p>\n",
                land.dim()
            );
            None
        }
    };
    h.push_str("</section>\n");
    Ok(labelled)
}

fn levels_section(h: &mut String, land: &Landscape, show: &dyn Fn(&Q) -> String) {
    let Some(levels) = &land.levels else { return };
    h.push_str(
        "<section id=\"levels\"><h2>Local minima by loss</h2>\n<table id=\"levels-table\"><tr><th>loss</th><th></th>\
         <th>families</th><th>differentiable</th><th>on a boundary</th><th>a witness (z, w[, c])</th></tr>\n",
    );
    for l in levels {
        let _ = writeln!(
            h,
            "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"mono\">{} <br>faces [{}], modes {}</td></tr>",
            esc(&show(&l.loss)),
            if l.spurious {
                "<span class=\"bad\">spurious</span>"
            } else {
                "<span class=\"ok\">global</span>"
            },
            l.families,
            l.differentiable,
            l.families - l.differentiable,
            esc(&point(&l.witness)),
            esc(&l.faces.join(", ")),
            esc(&l.modes)
        );
    }
    h.push_str("</table></section>\n");
}

fn capped(h: &mut String, total: usize, max: usize) {
    if total > max {
        let _ = writeln!(h, "<p>… and {} more rows in the certificate.</p>", total - max);
    }
}

fn tables(h: &mut String, cert: &Certificate, opts: &Options, show: &dyn Fn(&Q) -> String) {
    if let Some(minima) = &cert.minima {
        let _ = write!(
            h,
            "<section id=\"families\"><h2>Families of local minima</h2>\n<p>{} non-empty families (face and sign of z per \
             unit), {} empty face/mode combinations refuted by Motzkin certificates.</p>\n<table id=\"families-table\"><tr>\
             <th>faces</th><th>modes</th><th>loss</th><th>spurious</th><th>differentiable</th><th>witness</th></tr>\n",
            minima.len(),
            cert.family_refutations.as_ref().map_or(0, Vec::len)
        );
        for f in minima.iter().take(opts.max_rows) {
            let _ = writeln!(
                h,
                "<tr><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
                esc(&f.faces.join(", ")),
                esc(&f.modes),
                esc(&show(&f.loss)),
                if f.spurious { "yes" } else { "no" },
                if f.differentiable { "yes" } else { "no" },
                esc(&point(&f.witness))
            );
        }
        h.push_str("</table>\n");
        capped(h, minima.len(), opts.max_rows);
        h.push_str("</section>\n");
    }
    let _ = write!(
        h,
        "<section id=\"cells\"><h2>Cell combinations</h2>\n<table id=\"cells-table\"><tr><th>chambers</th><th>multiplicity</th>\
         <th>rank A</th><th>solution dim</th><th>subglobal loss</th><th>genuine</th><th>witness (z, w) or refutation</th></tr>\n"
    );
    for c in cert.cells.iter().take(opts.max_rows) {
        let witness = match &c.witness {
            Some(w) => format!("z = {}, w = {}", vector(&w.z), matrix(&w.w)),
            None => format!(
                "{} Motzkin certificates",
                c.refutation.as_ref().map_or(0, Vec::len)
            ),
        };
        let _ = writeln!(
            h,
            "<tr><td class=\"mono\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"mono\">{}</td><td>{}</td><td class=\"mono\">{}</td></tr>",
            esc(&c.chambers.join(", ")),
            c.multiplicity,
            c.rank,
            c.solution_dim,
            esc(&show(&c.loss)),
            if c.genuine { "yes" } else { "no" },
            esc(&witness)
        );
    }
    h.push_str("</table>\n");
    capped(h, cert.cells.len(), opts.max_rows);
    h.push_str("</section>\n<section id=\"chambers\"><h2>Chambers</h2>\n<table id=\"chambers-table\"><tr><th>#</th><th>signs</th><th>witness w</th><th>≈</th></tr>\n");
    for (i, c) in cert.arrangement.chambers.iter().enumerate().take(opts.max_rows) {
        let _ = writeln!(
            h,
            "<tr><td>c{}</td><td class=\"mono\">{}</td><td class=\"mono\">{}</td><td class=\"approx\">({})</td></tr>",
            i + 1,
            esc(&c.signs),
            esc(&vector(&c.witness)),
            c.witness.iter().map(approx).collect::<Vec<_>>().join(", ")
        );
    }
    h.push_str("</table>\n");
    capped(h, cert.arrangement.chambers.len(), opts.max_rows);
    h.push_str("</section>\n");
}

/// The histogram of the cells' subglobal losses as a `<figure>`, with the histogram and its
/// bar counts (genuine, not genuine).
fn histogram_figure(
    cert: &Certificate,
    land: &Landscape,
    opts: &Options,
) -> Result<(String, Histogram, (usize, usize)), String> {
    let n = land.samples();
    let norm = opts.normalisation;
    let values: Vec<(Q, bool)> = cert
        .cells
        .iter()
        .map(|c| (norm.scale(&c.loss, n), c.genuine))
        .collect();
    let hist = Histogram::new(&values, opts.bins);
    let marks: Vec<(Q, bool)> = land
        .minimum_losses()
        .into_iter()
        .map(|(l, g)| (norm.scale(&l, n), g))
        .collect();
    let bars = hist.bar_counts();
    let svg = hist.svg(
        &marks,
        if norm == Normalisation::HalfSum {
            "subglobal loss ½Σ eᵢ²"
        } else {
            "subglobal loss (1/N) Σ eᵢ²"
        },
    )?;
    let figure = format!(
        "<figure id=\"histogram-figure\" data-bins=\"{}\" data-bars-genuine=\"{}\" data-bars-not-genuine=\"{}\">{svg}\
         <figcaption><span class=\"key\" style=\"background:{}\"></span>genuine\
         <span class=\"key\" style=\"background:{}\"></span>not genuine\
         <span class=\"key\" style=\"background:{}\"></span>global minimum\
         <span class=\"key\" style=\"background:{}\"></span>{}<br>\
         The least-squares loss of each of the {} cell combinations (multisets of K chambers; Liu eq. (14), the decomposition \
         paper's subglobal minima, eq. (7)), in {} bins of equal exact width; each bin shows genuine combinations (a \
         least-squares solution strictly inside the cells: a differentiable local minimum) on the left and the others on \
         the right. Vertical lines: the loss values of local minima{}. {}</figcaption></figure>\n",
        hist.bins.len(),
        bars.0,
        bars.1,
        palette::hex(palette::GENUINE),
        palette::hex(palette::NOT_GENUINE),
        palette::hex(palette::GLOBAL),
        palette::hex(palette::SPURIOUS),
        if land.levels.is_some() {
            "spurious local minimum"
        } else {
            "(no families: no spurious minima known)"
        },
        cert.cells.len(),
        hist.bins.len(),
        if land.levels.is_some() {
            " (all families, boundaries included)"
        } else {
            " (here only the least genuine cell loss, in the global-minimum colour: the certificate has no families, so the global minimum is not certified)"
        },
        esc(norm.formula())
    );
    Ok((figure, hist, bars))
}

/// The loss along the unit circle of `w` as a `<figure>` (`d = 2`, `K = 1` only).
fn circle_figure(
    cert: &Certificate,
    land: &Landscape,
    norm: Normalisation,
) -> Result<Option<String>, String> {
    let inst = &cert.instance;
    if land.dim() != 2 || inst.hidden != 1 {
        return Ok(None);
    }
    {
        let pts = circle_loss::curve(cert, 720);
        let marks = circle_loss::marks(cert);
        let svg = circle_loss::svg(cert, &pts, &marks, norm)?;
        Ok(Some(format!(
            "<figure id=\"circle-figure\" data-samples=\"{}\" data-minima=\"{}\">{svg}\
             <figcaption>For each of {} exact rational unit vectors w = (cos θ, sin θ) the loss with the best output weight z{} \
             (an exact least-squares problem in one{} variable{}); the loss depends only on the direction of w, so this is the \
             whole landscape over w. Bands: the chambers, labelled by sign string. Dots: the witnesses of the families of local \
             minima at their exact loss (blue: global minimum, orange: spurious; hollow: z = 0). Liu Fig. 2 shows this \
             landscape.</figcaption></figure>\n",
            pts.len(),
            marks.len(),
            pts.len(),
            if inst.output_bias {
                " and output bias c"
            } else {
                ""
            },
            if inst.output_bias { " or two" } else { "" },
            if inst.output_bias { "s" } else { "" }
        )))
    }
}

/// The picture of the arrangement as a `<figure>` with the number of chambers labelled
/// (`d = 2`: lines through the origin; `d = 3`: great circles on the sphere), or `None` for
/// other dimensions.
fn arrangement_figure(cert: &Certificate, land: &Landscape) -> Result<Option<(String, usize)>, String> {
    let a = &land.arrangement;
    Ok(match land.dim() {
        2 => {
            let svg = plane::svg(cert)?;
            Some((
                format!(
                    "<figure id=\"arrangement-figure\" data-dim=\"2\" data-chambers=\"{}\">{svg}<figcaption>Weight space of one \
                     hidden unit, w ∈ ℝ². Each sample xᵢ gives the line xᵢ⊥ = {{w : w·xᵢ = 0}}; the lines cut the plane into {} \
                     chambers, each labelled by its sign string (sign of w·xᵢ for i = 1..N) and its exact witness point w, drawn \
                     at the witness's direction.</figcaption></figure>\n",
                    a.chambers, a.chambers
                ),
                cert.arrangement.chambers.len(),
            ))
        }
        3 => {
            let (svg, labels) = sphere::svg(cert)?;
            Some((
                format!(
                    "<figure id=\"arrangement-figure\" data-dim=\"3\" data-chambers=\"{}\">{svg}<figcaption>Weight space of one \
                     hidden unit, w ∈ ℝ³, on the unit sphere: each sample's plane xᵢ⊥ is a great circle. Each hemisphere is drawn \
                     by stereographic projection from the opposite pole (the rim is the equator w₃ = 0). Every chamber is labelled \
                     once, at its exact witness point, by its number cᵢ in the chamber table below.</figcaption></figure>\n",
                    a.chambers
                ),
                labels,
            ))
        }
        _ => None,
    })
}

/// The pictures of `cert` alone, as HTML `<figure>` elements with inline SVG (the arrangement
/// for d = 2 and 3, the histogram of subglobal losses, the loss along the circle for d = 2,
/// K = 1): for notebooks (the Python package's `_repr_html_`). Unlike [`render`], the checker
/// is not run.
pub fn figures(cert: &Certificate, opts: &Options) -> Result<String, String> {
    let land = stream::landscape_of(cert)?;
    let mut out = String::new();
    if let Some((figure, _)) = arrangement_figure(cert, &land)? {
        out.push_str(&figure);
    }
    out.push_str(&histogram_figure(cert, &land, opts)?.0);
    if let Some(figure) = circle_figure(cert, &land, opts.normalisation)? {
        out.push_str(&figure);
    }
    Ok(out)
}
