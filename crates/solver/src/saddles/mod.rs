//! Differentiable saddle points per cell combination (Liu §V, Thm 2, eqs. (19)–(21)).
//!
//! A critical point with every `w_k` inside its chamber `C_k` has, for the set `U` of units
//! with `∂L/∂R_k = 0`: the normal equations of the units of `U` (with `z_j = 0` elsewhere), and
//! for `j ∉ U`: `z_j = 0` and `w_j ∈ C_j` orthogonal to `∂L/∂R_j ≠ 0`. With `U` all units the
//! point is a local minimum (a genuine least-squares solution); otherwise it is a saddle point.
//! `proofs/saddle-points.md` proves that these are exactly the differentiable critical points
//! that are not local minima.
//!
//! For each combination and each canonical set `S` with `|S| < K` ([`subsets`]) the decision
//! is: fit the units of `S` ([`gradient`]); if some `j ∉ S` has `G_j = 0`, `S` is not the `U`
//! of any saddle point; if the hyperplane of some `j ∉ S` misses its open chamber
//! ([`hyperplane`]), a Motzkin certificate says so; otherwise the sub-combination of `S` is
//! genuine or not ([`crate::cells::genuine`]). A genuine one gives a saddle point, with a
//! descent of exactly negative second-order change ([`descent`]).

pub mod descent;
pub mod gradient;
pub mod hyperplane;
pub mod record;
pub mod subsets;

use num_traits::Zero;
use rayon::prelude::*;

use crate::cells::genuine::{CellData, Genuineness, decide_genuine};
use crate::cells::{CellResult, Chamber};
use crate::feasibility::{Motzkin, Route, Verdict, decide};
use crate::instance::Instance;
use crate::model::Point;
pub use descent::SecondOrder;
use relucert_exact::Q;

/// A saddle point of a combination and its descent.
#[derive(Clone, Debug, PartialEq)]
pub struct SaddlePoint {
    /// The units with `∂L/∂R_k = 0` there.
    pub units: Vec<usize>,
    pub point: Point,
    pub descent: SecondOrder,
}

/// Why a set `S` is not the set `U` of any saddle point.
#[derive(Clone, Debug, PartialEq)]
pub enum SubsetReason {
    /// Unit `j ∉ S` has `G_j = 0`.
    ZeroGradient { unit: usize },
    /// The hyperplane `G_j·w = 0` misses the open chamber of unit `j ∉ S`.
    Hyperplane { unit: usize, refutation: Motzkin },
    /// No least-squares solution of the units of `S` lies inside their cells: one Motzkin
    /// certificate per sign vector of `S` (canonical order).
    NotGenuine(Vec<(Vec<i8>, Motzkin<relucert_exact::Rat>)>),
}

/// One refuted set `S`.
#[derive(Clone, Debug, PartialEq)]
pub struct SubsetRefutation {
    pub units: Vec<usize>,
    /// A solution of the normal equations of `S`.
    pub v: Vec<Q>,
    pub reason: SubsetReason,
}

/// The answer for one combination.
#[derive(Clone, Debug, PartialEq)]
pub enum SaddleAnswer {
    Saddle(SaddlePoint),
    /// Every canonical `S`, refuted.
    None(Vec<SubsetRefutation>),
}

/// The answer for one combination (chamber indices into `chambers`).
#[derive(Clone, Debug, PartialEq)]
pub struct SaddleResult {
    pub chambers: Vec<usize>,
    pub answer: SaddleAnswer,
}

impl SaddleResult {
    pub fn has_saddle(&self) -> bool {
        matches!(self.answer, SaddleAnswer::Saddle(_))
    }
}

/// What deciding one set `S` gave.
enum SubsetOutcome {
    Saddle(SaddlePoint),
    Refuted(SubsetRefutation),
}

/// Decide one set `S` of positions of `combo`.
pub fn decide_subset(
    inst: &Instance,
    chambers: &[Chamber],
    combo: &[usize],
    s: &[usize],
    route: Route,
) -> Result<SaddlePoint, SubsetRefutation> {
    match decide_subset_inner(inst, chambers, combo, s, route) {
        SubsetOutcome::Saddle(p) => Ok(p),
        SubsetOutcome::Refuted(r) => Err(r),
    }
}

fn decide_subset_inner(
    inst: &Instance,
    chambers: &[Chamber],
    combo: &[usize],
    s: &[usize],
    route: Route,
) -> SubsetOutcome {
    let k_units = combo.len();
    let units_s: Vec<&Chamber> = s.iter().map(|&k| &chambers[combo[k]]).collect();
    let fit = gradient::fit(inst, &units_s);
    let others: Vec<usize> = (0..k_units).filter(|k| !s.contains(k)).collect();
    let refuted = |reason| {
        SubsetOutcome::Refuted(SubsetRefutation {
            units: s.to_vec(),
            v: fit.v.clone(),
            reason,
        })
    };
    let grads: Vec<Vec<Q>> = others
        .iter()
        .map(|&j| gradient::unit_gradient(inst, &chambers[combo[j]], &fit.residual))
        .collect();
    if let Some(pos) = grads.iter().position(|g| g.iter().all(Zero::is_zero)) {
        return refuted(SubsetReason::ZeroGradient { unit: others[pos] });
    }
    let mut hyper_points = Vec::with_capacity(others.len());
    for (&j, g) in others.iter().zip(&grads) {
        let sys = hyperplane::hyperplane_system(&inst.x, &chambers[combo[j]], g);
        match decide(&sys, route).verdict {
            Verdict::Feasible(w) => hyper_points.push(w),
            Verdict::Infeasible(m) => {
                return refuted(SubsetReason::Hyperplane {
                    unit: j,
                    refutation: m,
                });
            }
        }
    }
    let sub = gradient::sub_instance(inst, s.len());
    let data = crate::cells::design::SmallData::new(&sub);
    let a_small = fit.a.map(relucert_exact::Rat::from_q);
    let cell = CellData::new(&sub, &data, units_s, &a_small);
    let to_rat = |v: &[Q]| v.iter().map(relucert_exact::Rat::from_q).collect::<Vec<_>>();
    let (genuineness, _) = match &fit.least_squares {
        Some(ls) => {
            let basis: Vec<_> = ls.null_basis.iter().map(|b| to_rat(b)).collect();
            decide_genuine(&cell, &to_rat(&ls.r0), &basis, route)
        }
        None => decide_genuine(&cell, &[], &[], route),
    };
    let witness = match genuineness {
        Genuineness::Genuine(w) => w,
        Genuineness::NotGenuine(list) => return refuted(SubsetReason::NotGenuine(list)),
    };
    let d = inst.d();
    let mut point = Point {
        z: vec![Q::zero(); k_units],
        w: vec![vec![Q::zero(); d]; k_units],
        c: witness.c.clone().unwrap_or_else(Q::zero),
    };
    for (pos, &k) in s.iter().enumerate() {
        point.z[k] = witness.z[pos].clone();
        point.w[k] = witness.w[pos].clone();
    }
    for (&j, w) in others.iter().zip(hyper_points) {
        point.w[j] = w;
    }
    let descent = descent::dead_unit_descent(inst, &point, others[0], &grads[0]);
    SubsetOutcome::Saddle(SaddlePoint {
        units: s.to_vec(),
        point,
        descent,
    })
}

/// Decide one combination: the first canonical `S` that yields a saddle point, or a
/// refutation of every canonical `S`.
pub fn analyse_combination(
    inst: &Instance,
    chambers: &[Chamber],
    combo: &[usize],
    route: Route,
) -> SaddleResult {
    let mut refutations = Vec::new();
    for s in subsets::canonical_subsets(combo) {
        match decide_subset(inst, chambers, combo, &s, route) {
            Ok(p) => {
                return SaddleResult {
                    chambers: combo.to_vec(),
                    answer: SaddleAnswer::Saddle(p),
                };
            }
            Err(r) => refutations.push(r),
        }
    }
    SaddleResult {
        chambers: combo.to_vec(),
        answer: SaddleAnswer::None(refutations),
    }
}

/// Decide every combination of the cell stage (same order as `cells`), in parallel.
pub fn analyse(
    inst: &Instance,
    chambers: &[Chamber],
    cells: &[CellResult],
    route: Route,
) -> Vec<SaddleResult> {
    cells
        .par_iter()
        .map(|c| analyse_combination(inst, chambers, &c.chambers, route))
        .collect()
}
