//! The binary hinge loss (Laurent & von Brecht, SPEC §1): per cell combination, the exact
//! minimum of the loss with the activation pattern fixed (an LP, [`cell_minimum`]), whether it
//! is attained inside the cells ([`inside`]) — then the point is a local minimum — and whether
//! that minimum is *flat* (constant loss nearby) or *sharp* in Laurent–von Brecht's sense (§2.2).
//! The mathematics is `proofs/hinge-cells.md`.
//!
//! Minima on cell boundaries (every `z_k ≠ 0`), the global minimum and the verdict:
//! [`families`], [`global`].

pub mod cell_minimum;
pub mod families;
pub mod global;
pub mod inside;
pub mod loss;
pub mod point;
pub mod record;

use num_traits::Zero;
use rayon::prelude::*;

use crate::arrangement::complete::Arrangement;
use crate::cells::Chamber;
use crate::cells::combination::multisets;
use crate::cells::design::design_matrix;
use crate::cells::genuine::CellData;
use crate::error::{Error, Result};
use crate::feasibility::{Motzkin, Route};
use crate::instance::Instance;
use crate::model::Point;
pub use cell_minimum::CellMinimum;
use relucert_exact::Q;

/// Laurent–von Brecht's classification of a local minimum (§2.2: type I, flat: in a region of
/// constant loss or on its boundary; type II, sharp: otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// The loss is constant on a neighbourhood of the point (no kink active).
    Flat,
    /// Type I on the boundary: not constant on any neighbourhood, but every neighbourhood
    /// meets an open set where the loss is constant (equal to the minimum).
    FlatBoundary,
    /// Type II: at a kink, and no region of constant loss comes near.
    Sharp,
    /// A unit with `z_k = 0` at a point with an active kink: not decided by these tests.
    Undecided,
}

impl Shape {
    /// Laurent–von Brecht's type I.
    pub fn is_flat(self) -> bool {
        matches!(self, Shape::Flat | Shape::FlatBoundary)
    }
}

/// A local minimum inside the cells of a combination.
#[derive(Clone, Debug, PartialEq)]
pub struct InsideMinimum {
    pub s: Vec<i8>,
    pub point: Point,
    /// The samples at a kink (`y_i f(x_i) = 1`).
    pub kinks: Vec<usize>,
    pub shape: Shape,
    /// For `FlatBoundary` and `Sharp`: the kink-free minimiser or why none exists.
    pub evidence: Option<inside::KinkFree>,
}

/// The answer for one combination.
#[derive(Clone, Debug, PartialEq)]
pub struct HingeCell {
    pub chambers: Vec<usize>,
    pub minimum: CellMinimum,
    /// A minimiser inside the cells, or one Motzkin certificate per sign vector.
    pub inside: std::result::Result<InsideMinimum, Vec<(Vec<i8>, Motzkin)>>,
}

/// Every combination of an instance.
#[derive(Clone, Debug)]
pub struct HingeReport {
    pub chambers: Vec<Chamber>,
    /// The Whitney/Zaslavsky number of chambers.
    pub count: u64,
    pub cells: Vec<HingeCell>,
}

/// The chambers of the data arrangement, proved complete by their count, sorted by sign string.
pub fn chambers(inst: &Instance) -> Result<(Vec<Chamber>, u64)> {
    let arrangement = Arrangement::compute(&inst.x, false)?;
    if !arrangement.is_complete() {
        return Err(Error::Refused(format!(
            "the chamber enumeration did not match its count: {}",
            arrangement.problems.join("; ")
        )));
    }
    let mut chambers = Vec::new();
    for face in &arrangement.chambers {
        let text = face.signs.to_string();
        chambers.push(
            Chamber::from_signs(&text, face.witness.clone())
                .ok_or_else(|| Error::Refused(format!("unexpected sign string {text}")))?,
        );
    }
    chambers.sort_by_key(|c| c.sign_string());
    Ok((chambers, arrangement.chamber_count))
}

/// Analyse one combination.
pub fn analyse_combination(
    inst: &Instance,
    chambers: &[Chamber],
    combo: &[usize],
    route: Route,
) -> HingeCell {
    let units: Vec<&Chamber> = combo.iter().map(|&c| &chambers[c]).collect();
    let a = design_matrix(inst, &units);
    let minimum = cell_minimum::cell_minimum(&a, &inst.y);
    let data = crate::cells::design::SmallData::new(inst);
    let a_small = a.map(relucert_exact::Rat::from_q);
    let cell = CellData::new(inst, &data, units, &a_small);
    let found = match inside::flat_inside(&cell, &a, &minimum.pi, route) {
        Some(flat) => Ok(flat),
        None => inside::attained_inside(&cell, &a, &minimum.value, route),
    };
    let inside = found.map(|(s, v)| {
        let w = cell.witness(&s, &v);
        let point = Point {
            z: w.z,
            w: w.w,
            c: w.c.unwrap_or_else(Q::zero),
        };
        let f = a.mul_vec(&v);
        let one = Q::from_integer(1.into());
        let kinks: Vec<usize> = (0..inst.n())
            .filter(|&i| &inst.y[i] * &f[i] == one && a.row(i).iter().any(|x| !x.is_zero()))
            .collect();
        let (shape, evidence) = if kinks.is_empty() {
            (Shape::Flat, None)
        } else if s.iter().any(|&sk| sk == 0) {
            (Shape::Undecided, None)
        } else {
            match inside::kink_free(&a, &inst.y, &minimum.pi, route) {
                e @ inside::KinkFree::Minimiser(_) => (Shape::FlatBoundary, Some(e)),
                e => (Shape::Sharp, Some(e)),
            }
        };
        InsideMinimum {
            s,
            point,
            kinks,
            shape,
            evidence,
        }
    });
    HingeCell {
        chambers: combo.to_vec(),
        minimum,
        inside,
    }
}

/// Analyse every multiset of `K` chambers, in parallel, in canonical order.
pub fn analyse(inst: &Instance, route: Route) -> Result<HingeReport> {
    let (chambers, count) = chambers(inst)?;
    let cells = multisets(chambers.len(), inst.hidden)
        .par_iter()
        .map(|combo| analyse_combination(inst, &chambers, combo, route))
        .collect();
    Ok(HingeReport {
        chambers,
        count,
        cells,
    })
}
