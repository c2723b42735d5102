//! The arrangement of the data for `d = 2` (decomposition paper Fig. 1, Liu Fig. 1): each
//! non-zero sample `x_i` gives the line `{w : w·x_i = 0}` through the origin of weight space;
//! the lines cut the plane into sectors, the chambers.
//!
//! Which chamber a sector is, is decided exactly: the boundary rays are the rational
//! directions `±(−x_i2, x_i1)`; between two consecutive rays `r, r'` the rational direction
//! `r + r'` (or `r` turned by a right angle when the two are opposite) lies strictly inside the
//! sector, and its exact sign vector names the chamber of the certificate. Floats only place
//! the rays and labels on the page.

use std::f64::consts::PI;

use num_traits::{Signed, Zero};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use relucert_exact::{Q, format_q};
use relucert_format::Certificate;

use crate::approx::to_f64;
use crate::palette;

/// A boundary ray: an exact direction and its angle in `(−π, π]`.
#[derive(Clone, Debug)]
pub struct Ray {
    pub dir: [Q; 2],
    pub angle: f64,
}

/// The distinct boundary rays of the lines `w·x_i = 0` (`x_i ≠ 0`), sorted by angle.
pub fn rays(x: &[Vec<Q>]) -> Vec<Ray> {
    let mut rays: Vec<Ray> = Vec::new();
    for xi in x
        .iter()
        .filter(|xi| xi.len() == 2 && xi.iter().any(|v| !v.is_zero()))
    {
        for s in [1i64, -1] {
            let s = Q::from_integer(s.into());
            let dir = [-&xi[1] * &s, &xi[0] * &s];
            let angle = to_f64(&dir[1]).atan2(to_f64(&dir[0]));
            // Same direction: cross product 0 and dot product > 0.
            let same = |r: &Ray| {
                (&r.dir[0] * &dir[1] - &r.dir[1] * &dir[0]).is_zero()
                    && (&r.dir[0] * &dir[0] + &r.dir[1] * &dir[1]).is_positive()
            };
            if !rays.iter().any(same) {
                rays.push(Ray { dir, angle });
            }
        }
    }
    rays.sort_by(|a, b| a.angle.total_cmp(&b.angle));
    rays
}

/// The exact sign string of direction `w` against the samples (`0` for `w·x_i = 0`).
pub fn signs_of(x: &[Vec<Q>], w: &[Q]) -> String {
    x.iter()
        .map(|xi| {
            let t = xi.iter().zip(w).map(|(a, b)| a * b).fold(Q::zero(), |s, v| s + v);
            if t.is_positive() {
                '+'
            } else if t.is_negative() {
                '-'
            } else {
                '0'
            }
        })
        .collect()
}

/// The sectors between consecutive rays as `(from, to, chamber index)` with `from < to` (`to`
/// may exceed `π` for the sector that wraps around). With no rays (every sample zero) one
/// sector is the whole plane.
pub fn sectors(cert: &Certificate, rays: &[Ray]) -> Vec<(f64, f64, usize)> {
    let x = &cert.instance.x;
    let chambers = &cert.arrangement.chambers;
    let find = |w: &[Q]| {
        let s = signs_of(x, w);
        chambers.iter().position(|c| c.signs == s)
    };
    if rays.is_empty() {
        return find(&[Q::from_integer(1.into()), Q::zero()])
            .map(|i| vec![(-PI, PI, i)])
            .unwrap_or_default();
    }
    let mut out = Vec::new();
    for j in 0..rays.len() {
        let (r, r2) = (&rays[j], &rays[(j + 1) % rays.len()]);
        let mut to = r2.angle;
        if j + 1 == rays.len() {
            to += 2.0 * PI;
        }
        let opposite = rays.len() == 2;
        let inside = if opposite {
            [-&r.dir[1], r.dir[0].clone()]
        } else {
            [&r.dir[0] + &r2.dir[0], &r.dir[1] + &r2.dir[1]]
        };
        if let Some(i) = find(&inside) {
            out.push((r.angle, to, i));
        }
    }
    out
}

/// Text of an exact point `(a, b, …)`.
pub fn point_text(w: &[Q]) -> String {
    format!("({})", w.iter().map(format_q).collect::<Vec<_>>().join(", "))
}

/// The picture: one filled sector per chamber ([`palette::chamber`]), the sample lines
/// ([`palette::HYPERPLANE`], each labelled `x_i⊥`), and in every chamber a dot at its exact
/// witness direction with two labels: the sign string and the witness `(a, b)`.
pub fn svg(cert: &Certificate) -> Result<String, String> {
    let x = &cert.instance.x;
    let rays = rays(x);
    let sectors = sectors(cert, &rays);
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (620, 620)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .build_cartesian_2d(-1.3f64..1.3, -1.3f64..1.3)
            .map_err(|e| e.to_string())?;
        let radius = 1.22;
        for (from, to, idx) in &sectors {
            let steps = (((to - from) / (2.0 * PI)) * 180.0).ceil().max(2.0) as usize;
            let mut pts = vec![(0.0, 0.0)];
            pts.extend((0..=steps).map(|k| {
                let a = from + (to - from) * k as f64 / steps as f64;
                (radius * a.cos(), radius * a.sin())
            }));
            chart
                .draw_series(std::iter::once(Polygon::new(
                    pts,
                    palette::chamber(*idx).filled(),
                )))
                .map_err(|e| e.to_string())?;
        }
        for (i, xi) in x.iter().enumerate() {
            if xi.iter().all(|v| v.is_zero()) {
                continue;
            }
            let (a, b) = (to_f64(&xi[0]), to_f64(&xi[1]));
            let norm = a.hypot(b);
            let (ux, uy) = (-b / norm, a / norm);
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(-radius * ux, -radius * uy), (radius * ux, radius * uy)],
                    palette::HYPERPLANE.stroke_width(2),
                )))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series(std::iter::once(Text::new(
                    format!("x{}⊥", i + 1),
                    (1.27 * ux, 1.27 * uy),
                    ("sans-serif", 18)
                        .into_font()
                        .color(&palette::HYPERPLANE)
                        .pos(Pos::new(HPos::Center, VPos::Center)),
                )))
                .map_err(|e| e.to_string())?;
        }
        for c in &cert.arrangement.chambers {
            let (a, b) = (to_f64(&c.witness[0]), to_f64(&c.witness[1]));
            let norm = a.hypot(b).max(f64::MIN_POSITIVE);
            let (px, py) = (0.72 * a / norm, 0.72 * b / norm);
            chart
                .draw_series(std::iter::once(Circle::new((px, py), 4, palette::INK.filled())))
                .map_err(|e| e.to_string())?;
            chart
                .draw_series([
                    Text::new(
                        c.signs.clone(),
                        (px, py),
                        ("monospace", 22)
                            .into_font()
                            .style(FontStyle::Bold)
                            .color(&palette::INK)
                            .pos(Pos::new(HPos::Center, VPos::Bottom)),
                    ),
                    Text::new(
                        format!("w = {}", point_text(&c.witness)),
                        (px, py),
                        ("sans-serif", 16)
                            .into_font()
                            .color(&palette::INK)
                            .pos(Pos::new(HPos::Center, VPos::Top)),
                    ),
                ])
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}
