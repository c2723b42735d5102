//! The plain answer: the distinct loss values of local minima ("levels"), each with the number
//! of distinct cores realising it, whether it is spurious, a representative `K`-unit witness,
//! whether it needs dead, zero or duplicated units, and how many of its cores are
//! differentiable. Computed the same way from a full or a reduced search, so the two agree
//! (`proofs/family-reductions.md`, "Levels").

use std::collections::{BTreeMap, BTreeSet};

use num_traits::Zero;

use super::core::core_of;
use super::{FamiliesReport, FamilyOutcome, FamilyResult, Mode};
use crate::model::Point;
use relucert_exact::Q;

/// One distinct loss value of local minima.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// The loss `(1/N) Σ e_i²`.
    pub loss: Q,
    /// Above the global minimum.
    pub spurious: bool,
    /// Distinct cores of the non-empty families with this loss (the empty core counts once).
    pub families: u64,
    /// Cores with a differentiable family (every unit with `z ≠ 0` in a chamber).
    pub differentiable: u64,
    /// Some core has `K` units: no dead, zero or duplicated unit is needed.
    pub full_width: bool,
    /// A local minimum of the `K`-unit network with this loss.
    pub witness: Point,
}

impl Level {
    /// Cores with no differentiable family (only boundary minima).
    pub fn boundary(&self) -> u64 {
        self.families - self.differentiable
    }
}

/// `K` units from a point of `j ≤ K` units: unit 0 split into `K − j + 1` copies, each with
/// `z_0/(K − j + 1)` and the same `w_0` (same face and mode, same output sum).
pub fn widen(point: &Point, k: usize) -> Point {
    let j = point.z.len();
    if j >= k || j == 0 {
        return point.clone();
    }
    let copies = k - j + 1;
    let share = &point.z[0] / Q::from_integer((copies as i64).into());
    let mut z = vec![share; copies];
    let mut w = vec![point.w[0].clone(); copies];
    z.extend(point.z[1..].iter().cloned());
    w.extend(point.w[1..].iter().cloned());
    Point {
        z,
        w,
        c: point.c.clone(),
    }
}

fn items_of(r: &FamilyResult) -> Vec<usize> {
    r.face_ids
        .iter()
        .zip(&r.modes)
        .map(|(f, m)| 3 * f + Mode::ALL.iter().position(|x| x == m).unwrap_or(2))
        .collect()
}

/// The levels of a families report, ascending by loss.
pub fn levels(report: &FamiliesReport, k: usize) -> Vec<Level> {
    struct Acc<'a> {
        cores: BTreeMap<Vec<usize>, bool>,
        best: Option<&'a FamilyResult>,
    }
    let mut by_loss: BTreeMap<&Q, Acc<'_>> = BTreeMap::new();
    for r in &report.results {
        let FamilyOutcome::Exists {
            loss, differentiable, ..
        } = &r.outcome
        else {
            continue;
        };
        let core = core_of(&items_of(r), &report.inert);
        let acc = by_loss.entry(loss).or_insert(Acc {
            cores: BTreeMap::new(),
            best: None,
        });
        *acc.cores.entry(core).or_insert(false) |= *differentiable;
        // Representative: the widest family (fewest copies needed), first in order.
        if acc.best.is_none_or(|b| r.faces.len() > b.faces.len()) {
            acc.best = Some(r);
        }
    }
    let global = by_loss.keys().next().map(|l| (*l).clone());
    by_loss
        .into_iter()
        .filter_map(|(loss, acc)| {
            let best = acc.best?;
            let FamilyOutcome::Exists { point, .. } = &best.outcome else {
                return None;
            };
            let sizes: BTreeSet<usize> = acc.cores.keys().map(Vec::len).collect();
            Some(Level {
                loss: loss.clone(),
                spurious: global.as_ref().is_some_and(|g| loss > g),
                families: acc.cores.len() as u64,
                differentiable: acc.cores.values().filter(|d| **d).count() as u64,
                full_width: sizes.contains(&k),
                witness: widen(point, k),
            })
        })
        .collect()
}

/// The decomposition paper's normalisation `½ Σ e_i² = (N/2)·L`.
pub fn half_sum(loss: &Q, n: usize) -> Q {
    if n == 0 {
        return Q::zero();
    }
    loss * Q::from_integer((n as i64).into()) / Q::from_integer(2.into())
}
