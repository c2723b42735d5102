//! The histogram of subglobal losses over cell combinations (decomposition paper Fig. 3),
//! binned exactly.
//!
//! The losses lie in `[0, M]`, `M` the largest; `B` bins of exact width `M/B` (width 1 when
//! `M = 0`), bin `j` holding `j·M/B ≤ loss < (j+1)·M/B` and the last bin closed. A loss's bin is
//! `⌊loss·B/M⌋` computed in exact rationals, so a value on an edge is never misplaced. Counts are
//! multisets of chambers (cell combinations), genuine and not genuine apart.

use num_integer::Integer;
use num_traits::{ToPrimitive, Zero};
use plotters::prelude::*;
use relucert_exact::Q;

use crate::approx::to_f64;
use crate::palette;

/// One bin: `[lo, hi)` (the last closed) with its counts.
#[derive(Clone, Debug, PartialEq)]
pub struct Bin {
    pub lo: Q,
    pub hi: Q,
    /// Genuine cell combinations with a loss in the bin.
    pub genuine: u64,
    /// Cell combinations that are not genuine.
    pub not_genuine: u64,
}

/// Exact bins over `[0, M]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Histogram {
    pub bins: Vec<Bin>,
}

impl Histogram {
    /// Bin `(loss, genuine)` pairs (losses `≥ 0`) into `count ≥ 1` bins.
    pub fn new(values: &[(Q, bool)], count: usize) -> Histogram {
        let count = count.max(1);
        let max = values.iter().map(|v| &v.0).max().cloned().unwrap_or_else(Q::zero);
        let width = if max.is_zero() {
            Q::from_integer(1.into())
        } else {
            &max / Q::from_integer(count.into())
        };
        let mut bins: Vec<Bin> = (0..count)
            .map(|j| Bin {
                lo: &width * Q::from_integer(j.into()),
                hi: &width * Q::from_integer((j + 1).into()),
                genuine: 0,
                not_genuine: 0,
            })
            .collect();
        for (loss, genuine) in values {
            let j = Self::index(loss, &width, count);
            if *genuine {
                bins[j].genuine += 1;
            } else {
                bins[j].not_genuine += 1;
            }
        }
        Histogram { bins }
    }

    /// `min(⌊loss/width⌋, count − 1)`, exactly (`loss ≥ 0`).
    fn index(loss: &Q, width: &Q, count: usize) -> usize {
        let ratio = loss / width;
        let floor = ratio.numer().div_floor(ratio.denom());
        floor.to_usize().unwrap_or(usize::MAX).min(count - 1)
    }

    /// Bins with a non-zero genuine count, and with a non-zero not-genuine count: the number of
    /// bars drawn of each colour.
    pub fn bar_counts(&self) -> (usize, usize) {
        (
            self.bins.iter().filter(|b| b.genuine > 0).count(),
            self.bins.iter().filter(|b| b.not_genuine > 0).count(),
        )
    }

    /// The chart as SVG: each bin split in two bars, genuine (left, [`palette::GENUINE`]) and
    /// not genuine (right, [`palette::NOT_GENUINE`]); vertical marks at the loss values of
    /// local minima (`(loss, is_global)`, [`palette::GLOBAL`] / [`palette::SPURIOUS`]).
    pub fn svg(&self, marks: &[(Q, bool)], x_label: &str) -> Result<String, String> {
        let mut out = String::new();
        {
            let root = SVGBackend::with_string(&mut out, (760, 360)).into_drawing_area();
            root.fill(&WHITE).map_err(|e| e.to_string())?;
            let x_max = self.bins.last().map_or(1.0, |b| to_f64(&b.hi)).max(1e-12);
            let y_max = self
                .bins
                .iter()
                .map(|b| b.genuine.max(b.not_genuine))
                .max()
                .unwrap_or(0)
                .max(1) as f64;
            let mut chart = ChartBuilder::on(&root)
                .margin(12)
                .x_label_area_size(44)
                .y_label_area_size(52)
                .build_cartesian_2d(0f64..x_max, 0f64..y_max * 1.12)
                .map_err(|e| e.to_string())?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_desc(x_label)
                .y_desc("cell combinations (multisets)")
                .y_labels((y_max as usize).min(10) + 1)
                .y_label_formatter(&|v| format!("{v:.0}"))
                .draw()
                .map_err(|e| e.to_string())?;
            let bars = self.bins.iter().flat_map(|b| {
                let (lo, hi) = (to_f64(&b.lo), to_f64(&b.hi));
                let mid = (lo + hi) / 2.0;
                let pad = (hi - lo) * 0.04;
                [
                    (b.genuine, lo + pad, mid, palette::GENUINE),
                    (b.not_genuine, mid, hi - pad, palette::NOT_GENUINE),
                ]
            });
            chart
                .draw_series(
                    bars.filter(|(n, ..)| *n > 0)
                        .map(|(n, x0, x1, c)| Rectangle::new([(x0, 0.0), (x1, n as f64)], c.filled())),
                )
                .map_err(|e| e.to_string())?;
            for (loss, global) in marks {
                let x = to_f64(loss);
                let colour = if *global {
                    palette::GLOBAL
                } else {
                    palette::SPURIOUS
                };
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(x, 0.0), (x, y_max * 1.1)],
                        colour.stroke_width(2),
                    )))
                    .map_err(|e| e.to_string())?;
            }
            root.present().map_err(|e| e.to_string())?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::parse_q;

    #[test]
    fn edges_are_exact_and_the_last_bin_is_closed() {
        let v: Vec<(Q, bool)> = ["4/25", "1/2", "2", "5", "13/2", "7"]
            .iter()
            .zip([true, false, false, true, true, true])
            .map(|(s, g)| (parse_q(s).unwrap(), g))
            .collect();
        let h = Histogram::new(&v, 14);
        // width 1/2: 4/25 → 0, 1/2 → 1 (on the edge), 2 → 4, 5 → 10, 13/2 → 13, 7 → 13 (closed).
        let counts: Vec<(usize, u64, u64)> = h
            .bins
            .iter()
            .enumerate()
            .filter(|(_, b)| b.genuine + b.not_genuine > 0)
            .map(|(j, b)| (j, b.genuine, b.not_genuine))
            .collect();
        assert_eq!(
            counts,
            vec![(0, 1, 0), (1, 0, 1), (4, 0, 1), (10, 1, 0), (13, 2, 0)]
        );
        assert_eq!(h.bar_counts(), (3, 2));
        assert_eq!(h.bins[1].lo, parse_q("1/2").unwrap());
    }

    #[test]
    fn all_zero_losses_fall_in_one_bin() {
        let h = Histogram::new(&[(Q::zero(), true), (Q::zero(), false)], 5);
        assert_eq!((h.bins[0].genuine, h.bins[0].not_genuine), (1, 1));
    }
}
