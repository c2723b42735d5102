//! The arrangement of the data for `d = 3`, drawn on the unit sphere: each non-zero sample's
//! plane `{w : w·x_i = 0}` meets the sphere in a great circle. Each hemisphere (`w₃ ≥ 0` and
//! `w₃ ≤ 0`) is shown by stereographic projection from the opposite pole, `w ↦ (w₁, w₂)/(1 + |w₃|)`,
//! onto the unit disk (the equator is the rim; great circles become circular arcs).
//!
//! A chamber meets the hemisphere `w₃ = s|w₃|` in the convex region
//! `{(u, v) : σ_i s (x_i1 u + x_i2 v + x_i3) > 0}` of the gnomonic plane `w = s(u, v, 1)`; the
//! region is clipped to a large square, its edges followed along their great circles, and
//! projected. That drawing uses floats; which chamber is which is the certificate's (its sign
//! string), and every chamber is labelled once, at its exact witness point, by its number in the
//! chamber table (`c1`, `c2`, …).

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use relucert_format::Certificate;

use crate::approx::to_f64;
use crate::palette;

type P3 = [f64; 3];

fn norm(p: P3) -> P3 {
    let n = (p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).sqrt();
    [p[0] / n, p[1] / n, p[2] / n]
}

/// Stereographic image of a unit vector in the disk of its hemisphere.
fn project(w: P3) -> (f64, f64) {
    let d = 1.0 + w[2].abs();
    (w[0] / d, w[1] / d)
}

/// Clip a convex polygon by `a·(u, v) + b > 0` (Sutherland–Hodgman).
fn clip(poly: &[(f64, f64)], a: (f64, f64), b: f64) -> Vec<(f64, f64)> {
    let val = |p: (f64, f64)| a.0 * p.0 + a.1 * p.1 + b;
    let mut out = Vec::new();
    for i in 0..poly.len() {
        let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
        let (vp, vq) = (val(p), val(q));
        if vp > 0.0 {
            out.push(p);
        }
        if (vp > 0.0) != (vq > 0.0) {
            let t = vp / (vp - vq);
            out.push((p.0 + t * (q.0 - p.0), p.1 + t * (q.1 - p.1)));
        }
    }
    out
}

/// The region of chamber `signs` in hemisphere `s` (`±1`) as a projected polygon, if non-empty.
fn region(x: &[Vec<f64>], signs: &str, s: f64) -> Option<Vec<(f64, f64)>> {
    const R: f64 = 1e4;
    let mut poly = vec![(-R, -R), (R, -R), (R, R), (-R, R)];
    for (xi, c) in x.iter().zip(signs.chars()) {
        let sigma = match c {
            '+' => 1.0,
            '-' => -1.0,
            _ => continue,
        };
        let k = sigma * s;
        poly = clip(&poly, (k * xi[0], k * xi[1]), k * xi[2]);
        if poly.len() < 3 {
            return None;
        }
    }
    let area: f64 = (0..poly.len())
        .map(|i| {
            let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
            p.0 * q.1 - p.1 * q.0
        })
        .sum::<f64>()
        .abs();
    if area < 1e-9 {
        return None;
    }
    // Follow every edge along its great circle (normalised linear interpolation on the sphere).
    let lift = |p: (f64, f64)| norm([s * p.0, s * p.1, s]);
    let mut out = Vec::new();
    for i in 0..poly.len() {
        let (p, q) = (lift(poly[i]), lift(poly[(i + 1) % poly.len()]));
        for k in 0..24 {
            let t = k as f64 / 24.0;
            out.push(project(norm([
                p[0] + t * (q[0] - p[0]),
                p[1] + t * (q[1] - p[1]),
                p[2] + t * (q[2] - p[2]),
            ])));
        }
    }
    Some(out)
}

/// The arcs of the great circle `x·w = 0` in hemisphere `s`, projected.
fn great_circle(xi: &[f64], s: f64) -> Vec<Vec<(f64, f64)>> {
    let n = norm([xi[0], xi[1], xi[2]]);
    let helper = if n[0].abs() < 0.9 {
        [1.0, 0.0, 0.0]
    } else {
        [0.0, 1.0, 0.0]
    };
    let cross = |a: P3, b: P3| {
        [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ]
    };
    let e1 = norm(cross(n, helper));
    let e2 = cross(n, e1);
    let mut arcs = vec![Vec::new()];
    for k in 0..=720 {
        let phi = 2.0 * PI * k as f64 / 720.0;
        let w = [
            phi.cos() * e1[0] + phi.sin() * e2[0],
            phi.cos() * e1[1] + phi.sin() * e2[1],
            phi.cos() * e1[2] + phi.sin() * e2[2],
        ];
        if s * w[2] >= -1e-12 {
            arcs.last_mut().expect("non-empty").push(project(w));
        } else if !arcs.last().expect("non-empty").is_empty() {
            arcs.push(Vec::new());
        }
    }
    arcs.retain(|a| a.len() > 1);
    arcs
}

/// The picture: two disks (upper and lower hemisphere), every chamber region filled with its
/// [`palette::chamber`] colour, the great circles in [`palette::HYPERPLANE`], and each chamber's
/// exact witness marked once with its label `c<number>`. Returns the SVG and the number of
/// chamber labels drawn.
pub fn svg(cert: &Certificate) -> Result<(String, usize), String> {
    let x: Vec<Vec<f64>> = cert
        .instance
        .x
        .iter()
        .map(|r| r.iter().map(to_f64).collect())
        .collect();
    let mut out = String::new();
    let mut labels = 0;
    {
        let root = SVGBackend::with_string(&mut out, (1000, 520)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let (left, right) = root.split_horizontally(500);
        for (area, s, title) in [
            (left, 1.0, "hemisphere w₃ ≥ 0"),
            (right, -1.0, "hemisphere w₃ ≤ 0"),
        ] {
            let mut chart = ChartBuilder::on(&area)
                .margin(8)
                .caption(title, ("sans-serif", 16))
                .build_cartesian_2d(-1.08f64..1.08, -1.08f64..1.08)
                .map_err(|e| e.to_string())?;
            for (idx, c) in cert.arrangement.chambers.iter().enumerate() {
                if let Some(poly) = region(&x, &c.signs, s) {
                    chart
                        .draw_series(std::iter::once(Polygon::new(
                            poly,
                            palette::chamber(idx).filled(),
                        )))
                        .map_err(|e| e.to_string())?;
                }
            }
            for xi in x.iter().filter(|xi| xi.iter().any(|v| *v != 0.0)) {
                for arc in great_circle(xi, s) {
                    chart
                        .draw_series(std::iter::once(PathElement::new(
                            arc,
                            palette::HYPERPLANE.stroke_width(1),
                        )))
                        .map_err(|e| e.to_string())?;
                }
            }
            let rim: Vec<(f64, f64)> = (0..=360)
                .map(|k| {
                    let a = 2.0 * PI * k as f64 / 360.0;
                    (a.cos(), a.sin())
                })
                .collect();
            chart
                .draw_series(std::iter::once(PathElement::new(
                    rim,
                    palette::HYPERPLANE.stroke_width(2),
                )))
                .map_err(|e| e.to_string())?;
            for (idx, c) in cert.arrangement.chambers.iter().enumerate() {
                let w: Vec<f64> = c.witness.iter().map(to_f64).collect();
                // Each witness is drawn once: in the hemisphere of the sign of w₃ (upper when 0).
                let upper = w[2] >= 0.0;
                if upper != (s > 0.0) {
                    continue;
                }
                let p = project(norm([w[0], w[1], w[2]]));
                chart
                    .draw_series([EmptyElement::at(p) + Circle::new((0, 0), 3, palette::INK.filled())])
                    .map_err(|e| e.to_string())?;
                chart
                    .draw_series(std::iter::once(Text::new(
                        format!("c{}", idx + 1),
                        p,
                        ("sans-serif", 12)
                            .into_font()
                            .color(&palette::INK)
                            .pos(Pos::new(HPos::Left, VPos::Bottom)),
                    )))
                    .map_err(|e| e.to_string())?;
                labels += 1;
            }
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok((out, labels))
}
