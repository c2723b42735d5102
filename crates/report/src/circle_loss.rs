//! The loss along the unit circle of `w` for `d = 2`, `K = 1` (the picture behind Liu Fig. 2).
//!
//! For a fixed `w` the network `f(x) = z σ(w·x) [+ c]` is linear in `z` (and `c`), so the best
//! output weight is a one- (two-) variable least-squares problem, solved here exactly: with
//! `a_i = σ(w·x_i)`,
//! - no output bias: `min_z (1/N) Σ (z a_i − y_i)² = (1/N)(‖y‖² − (a·y)²/‖a‖²)` (`‖y‖²/N` when
//!   `a = 0`);
//! - output bias: with means `ā, ȳ`, `(1/N)(Σ(y_i−ȳ)² − S_ay²/S_aa)`, `S_ay = Σ(a_i−ā)(y_i−ȳ)`,
//!   `S_aa = Σ(a_i−ā)²` (`S_aa = 0`: `(1/N) Σ(y_i−ȳ)²`).
//!
//! The sample points are exact rational points of the unit circle,
//! `w = ((1−t²)/(1+t²), 2t/(1+t²))` with `t = p/q` near `tan(θ/2)` (plus `w = (−1, 0)`), so
//! every plotted loss is the exact value at an exact unit-norm `w`; only the angle used to place
//! it on the page is a float. Since the loss with the best `z` depends only on the direction of
//! `w` (`σ` is positively homogeneous), this is the whole landscape over `w`.

use std::f64::consts::PI;

use num_traits::Zero;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use relucert_exact::Q;
use relucert_format::Certificate;

use crate::approx::to_f64;
use crate::landscape::Normalisation;
use crate::palette;

/// One exact sample of the curve.
#[derive(Clone, Debug, PartialEq)]
pub struct CirclePoint {
    /// The exact unit vector `w`.
    pub w: [Q; 2],
    /// Its angle in `(−π, π]` (for drawing).
    pub angle: f64,
    /// The exact loss with the best `z` (and `c`).
    pub loss: Q,
}

/// `σ(t) = t` for `t > 0`, else `α t`.
fn sigma(t: &Q, alpha: &Q) -> Q {
    if t > &Q::zero() { t.clone() } else { alpha * t }
}

/// The exact loss at direction `w` with the best `z` (and `c` with output bias).
pub fn best_loss(x: &[Vec<Q>], y: &[Q], alpha: &Q, output_bias: bool, w: &[Q]) -> Q {
    let n = Q::from_integer(x.len().into());
    let a: Vec<Q> = x
        .iter()
        .map(|xi| {
            sigma(
                &xi.iter().zip(w).map(|(p, q)| p * q).fold(Q::zero(), |s, v| s + v),
                alpha,
            )
        })
        .collect();
    let (a, y): (Vec<Q>, Vec<Q>) = if output_bias {
        let am = a.iter().fold(Q::zero(), |s, v| s + v) / &n;
        let ym = y.iter().fold(Q::zero(), |s, v| s + v) / &n;
        (
            a.iter().map(|v| v - &am).collect(),
            y.iter().map(|v| v - &ym).collect(),
        )
    } else {
        (a, y.to_vec())
    };
    let dot = |u: &[Q], v: &[Q]| u.iter().zip(v).map(|(p, q)| p * q).fold(Q::zero(), |s, t| s + t);
    let yy = dot(&y, &y);
    let aa = dot(&a, &a);
    let rss = if aa.is_zero() {
        yy
    } else {
        let ay = dot(&a, &y);
        yy - &ay * &ay / aa
    };
    rss / n
}

/// The exact unit vector nearest in angle to `θ` with `t = p/q`, `q = 512`.
fn unit_point(theta: f64) -> [Q; 2] {
    let t = (theta / 2.0).tan();
    if !t.is_finite() || t.abs() > 1e6 {
        return [Q::from_integer((-1).into()), Q::zero()];
    }
    let q: i64 = 512;
    let p = (t * q as f64).round() as i64;
    let (p, q) = (Q::from_integer(p.into()), Q::from_integer(q.into()));
    let den = &q * &q + &p * &p;
    [
        (&q * &q - &p * &p) / &den,
        Q::from_integer(2.into()) * &p * &q / den,
    ]
}

/// `samples` exact points around the circle (angles evenly spread, then sorted).
pub fn curve(cert: &Certificate, samples: usize) -> Vec<CirclePoint> {
    let inst = &cert.instance;
    let mut pts: Vec<CirclePoint> = (0..samples)
        .map(|j| {
            let theta = -PI + 2.0 * PI * (j as f64 + 0.5) / samples as f64;
            let w = unit_point(theta);
            let angle = to_f64(&w[1]).atan2(to_f64(&w[0]));
            let loss = best_loss(&inst.x, &inst.y, &inst.alpha, inst.output_bias, &w);
            CirclePoint { w, angle, loss }
        })
        .collect();
    pts.sort_by(|a, b| a.angle.total_cmp(&b.angle));
    pts.dedup_by(|a, b| a.w == b.w);
    pts
}

/// Angular intervals of the chambers (for shading): per chamber index, `(from, to)` pieces in
/// `(−π, π]`. The boundary rays are the directions perpendicular to the samples; a chamber is
/// identified by the exact sign vector of a rational direction between two consecutive rays.
pub fn chamber_arcs(cert: &Certificate) -> Vec<(usize, f64, f64)> {
    let rays = crate::plane::rays(&cert.instance.x);
    let mut out = Vec::new();
    for (from, to, idx) in crate::plane::sectors(cert, &rays) {
        if to > PI {
            out.push((idx, from, PI));
            out.push((idx, -PI, to - 2.0 * PI));
        } else {
            out.push((idx, from, to));
        }
    }
    out
}

/// A local minimum to mark: angle of its `w`, exact loss, global or not, `z ≠ 0` or not.
#[derive(Clone, Debug)]
pub struct Mark {
    pub angle: f64,
    pub loss: Q,
    pub global: bool,
    pub alive: bool,
}

/// The families' witnesses (`K = 1`) as marks.
pub fn marks(cert: &Certificate) -> Vec<Mark> {
    let global = cert.summary.global_min.clone();
    cert.minima
        .iter()
        .flatten()
        .filter_map(|f| {
            let w = f.witness.w.first()?;
            if w.len() != 2 || (w[0].is_zero() && w[1].is_zero()) {
                return None;
            }
            Some(Mark {
                angle: to_f64(&w[1]).atan2(to_f64(&w[0])),
                loss: f.loss.clone(),
                global: Some(&f.loss) == global.as_ref(),
                alive: f.witness.z.first().is_some_and(|z| !z.is_zero()),
            })
        })
        .collect()
}

/// The chart: chambers shaded (one [`palette::chamber`] band each, labelled with its sign
/// string), the exact samples joined by a line, local minima as filled (`z ≠ 0`) or hollow
/// (`z = 0`) circles coloured [`palette::GLOBAL`] / [`palette::SPURIOUS`].
pub fn svg(
    cert: &Certificate,
    points: &[CirclePoint],
    marks: &[Mark],
    norm: Normalisation,
) -> Result<String, String> {
    let n = cert.instance.x.len();
    let value = |q: &Q| to_f64(&norm.scale(q, n));
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (760, 380)).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        let y_top = points
            .iter()
            .map(|p| value(&p.loss))
            .chain(marks.iter().map(|m| value(&m.loss)))
            .fold(0.0f64, f64::max)
            .max(1e-9)
            * 1.15;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(-PI..PI, 0f64..y_top)
            .map_err(|e| e.to_string())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_desc("angle of w = (cos θ, sin θ), θ in radians")
            .y_desc(match norm {
                Normalisation::Mean => "loss (1/N)Σ eᵢ² with the best z",
                Normalisation::HalfSum => "loss ½Σ eᵢ² with the best z",
            })
            .draw()
            .map_err(|e| e.to_string())?;
        for (idx, from, to) in chamber_arcs(cert) {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(from, 0.0), (to, y_top)],
                    palette::chamber(idx).mix(0.55).filled(),
                )))
                .map_err(|e| e.to_string())?;
            if to - from > 0.25 {
                let signs = &cert.arrangement.chambers[idx].signs;
                chart
                    .draw_series(std::iter::once(Text::new(
                        signs.clone(),
                        ((from + to) / 2.0, y_top * 0.96),
                        ("monospace", 14)
                            .into_font()
                            .color(&palette::INK)
                            .pos(Pos::new(HPos::Center, VPos::Top)),
                    )))
                    .map_err(|e| e.to_string())?;
            }
        }
        chart
            .draw_series(LineSeries::new(
                points.iter().map(|p| (p.angle, value(&p.loss))),
                palette::CURVE.stroke_width(2),
            ))
            .map_err(|e| e.to_string())?;
        for m in marks {
            let colour = if m.global {
                palette::GLOBAL
            } else {
                palette::SPURIOUS
            };
            let style = if m.alive {
                colour.filled()
            } else {
                colour.stroke_width(2)
            };
            chart
                .draw_series(std::iter::once(Circle::new((m.angle, value(&m.loss)), 6, style)))
                .map_err(|e| e.to_string())?;
        }
        root.present().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::parse_q;

    fn q(s: &str) -> Q {
        parse_q(s).unwrap()
    }

    #[test]
    fn liu_fig2_values() {
        // x = (1,0), (0,1), y = (1,1): ++ gives 0 at w ∝ (1,1); +- gives 1/2; -- gives 1.
        let x = vec![vec![q("1"), q("0")], vec![q("0"), q("1")]];
        let y = vec![q("1"), q("1")];
        let l = |w: [&str; 2]| best_loss(&x, &y, &Q::zero(), false, &[q(w[0]), q(w[1])]);
        assert_eq!(l(["3/5", "4/5"]), q("1/50"));
        assert_eq!(l(["1", "1"]), q("0"));
        assert_eq!(l(["1", "-1"]), q("1/2"));
        assert_eq!(l(["-1", "-1"]), q("1"));
    }

    #[test]
    fn sample_points_are_exactly_on_the_circle() {
        for j in 0..50 {
            let w = unit_point(-PI + 0.13 * j as f64);
            assert_eq!(&w[0] * &w[0] + &w[1] * &w[1], Q::from_integer(1.into()));
        }
    }
}
