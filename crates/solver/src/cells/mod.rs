//! Cell combinations and their differentiable local minima (SPEC §3; Liu §IV, eqs. (10)–(18);
//! decomposition paper eqs. (4)–(7)).
//!
//! For every multiset of `K` chambers ([`combination`]) we build the design matrix `A`
//! ([`design`]), solve the least-squares problem exactly ([`subglobal`]) and decide whether a
//! least-squares solution lies strictly inside the cells ([`genuine`]), producing a witness or
//! one Motzkin certificate per sign vector. [`analyse`] runs all combinations in parallel.

pub mod combination;
pub mod design;
pub mod genuine;
pub mod in_order;
pub mod solution_set;
pub mod subglobal;

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use crate::feasibility::Route;
use crate::instance::Instance;
pub use genuine::{Genuineness, Witness};
use relucert_exact::Q;

/// The most combinations one parallel task analyses in a row. The cost of a combination varies
/// by orders of magnitude (a float LP or none) and costly ones cluster in the canonical order;
/// rayon's adaptive split would leave whole quarters of the list unsplittable once started, so
/// one thread finished alone at the end. Small tasks keep both threads busy to the last cell.
const GRAIN: usize = 8;
pub use subglobal::LeastSquares;

/// A chamber of the data arrangement as the cell stage needs it: one sign (`+1`, `−1`, or `0`
/// for a zero sample) per sample, and an exact point of the chamber.
#[derive(Clone, Debug, PartialEq)]
pub struct Chamber {
    pub signs: Vec<i8>,
    pub witness: Vec<Q>,
}

impl Chamber {
    /// Build from a sign string (`+`, `-`, `0` per sample). Returns `None` on another character.
    pub fn from_signs(signs: &str, witness: Vec<Q>) -> Option<Self> {
        let signs = signs
            .chars()
            .map(|c| match c {
                '+' => Some(1),
                '-' => Some(-1),
                '0' => Some(0),
                _ => None,
            })
            .collect::<Option<Vec<i8>>>()?;
        Some(Chamber { signs, witness })
    }

    /// The sign string.
    pub fn sign_string(&self) -> String {
        genuine::sign_string(&self.signs)
    }
}

/// How the cell stage decides the system of each sign vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Decider {
    /// The feasibility engine's route (float-first or exact-only).
    pub route: Route,
    /// Decide each system on the least-squares solution set first ([`solution_set`],
    /// `proofs/solution-set-reduction.md`); `false` hands the full system to the engine (the
    /// unreduced cell stage, `certify --no-cell-reduction`).
    pub solution_set: bool,
}

impl From<Route> for Decider {
    /// The default: the given route, with the solution-set reduction.
    fn from(route: Route) -> Self {
        Decider {
            route,
            solution_set: true,
        }
    }
}

/// Everything computed for one cell combination.
#[derive(Clone, Debug)]
pub struct CellResult {
    /// Chamber indices (into the chamber list), non-decreasing.
    pub chambers: Vec<usize>,
    /// `K!/Π m_c!`.
    pub multiplicity: u64,
    /// Rank, `A⁺`, `R₀`, null-space basis, solution dimension, loss.
    pub least_squares: LeastSquares,
    /// Witness or refutations.
    pub genuineness: Genuineness,
    /// Systems handed to the feasibility engine (the shortcuts need none).
    pub engine_calls: u64,
    /// Float proposals that failed their exact check.
    pub fallbacks: u64,
    /// Systems decided on the least-squares solution set ([`solution_set`]).
    pub reduced: u64,
}

impl CellResult {
    /// Whether a genuine witness was found.
    pub fn is_genuine(&self) -> bool {
        matches!(self.genuineness, Genuineness::Genuine(_))
    }
}

/// Analyse one combination (chamber indices into `chambers`); `data` is
/// [`design::SmallData::new`] of `inst`.
pub fn analyse_combination(
    inst: &Instance,
    data: &design::SmallData,
    chambers: &[Chamber],
    combo: &[usize],
    decider: impl Into<Decider>,
) -> CellResult {
    let units: Vec<&Chamber> = combo.iter().map(|&c| &chambers[c]).collect();
    let a = design::design_matrix_small(inst, data, &units);
    let cell = genuine::CellData::new(inst, data, units, &a);
    let ls = subglobal::least_squares_small(&a, &data.y, &cell.gram, &cell.aty);
    let (genuineness, used) = genuine::decide_genuine(&cell, &ls.r0, &ls.null_basis, decider);
    CellResult {
        chambers: combo.to_vec(),
        multiplicity: combination::multiplicity(combo),
        least_squares: ls.to_q(a.cols()),
        genuineness,
        engine_calls: used.calls,
        fallbacks: used.fallbacks,
        reduced: used.reduced,
    }
}

/// Fill in the pseudo-inverse `A⁺` of every result (the `--least-squares` data), in parallel.
///
/// # Panics
/// If a computed `A⁺` fails a Penrose equation or `A⁺y ≠ R₀` (internal errors).
pub fn attach_pseudo_inverses(inst: &Instance, chambers: &[Chamber], results: &mut [CellResult]) {
    let data = design::SmallData::new(inst);
    results
        .par_iter_mut()
        .for_each(|r| attach_pseudo_inverse(inst, &data, chambers, r));
}

/// Fill in the pseudo-inverse `A⁺` of one result; `data` is [`design::SmallData::new`] of `inst`.
///
/// # Panics
/// As [`attach_pseudo_inverses`].
pub fn attach_pseudo_inverse(
    inst: &Instance,
    data: &design::SmallData,
    chambers: &[Chamber],
    r: &mut CellResult,
) {
    let units: Vec<&Chamber> = r.chambers.iter().map(|&c| &chambers[c]).collect();
    let a = design::design_matrix_small(inst, data, &units);
    let r0: Vec<relucert_exact::Rat> = r
        .least_squares
        .r0
        .iter()
        .map(relucert_exact::Rat::from_q)
        .collect();
    r.least_squares.pinv = Some(subglobal::pseudo_inverse(&a, &r0, &data.y));
}

/// Analyse every multiset of `K` chambers, in parallel, in the canonical (lexicographic) order.
/// With `progress`, a bar is drawn on stderr when stderr is a terminal.
pub fn analyse(
    inst: &Instance,
    chambers: &[Chamber],
    decider: impl Into<Decider>,
    progress: bool,
) -> Vec<CellResult> {
    analyse_then(inst, chambers, decider, progress, |_, r| r)
}

/// [`analyse`], passing each result with its index in the canonical order through `then` on
/// the thread that computed it; the outputs of `then` are returned in the canonical order.
///
/// The combinations are dealt out in the canonical order, [`GRAIN`] at a time, to whichever
/// thread is free (not split recursively as a parallel iterator would), so results come out
/// nearly in order — a caller writing them as they come holds back few — and no thread is left
/// with a long run at the end.
pub fn analyse_then<T: Send>(
    inst: &Instance,
    chambers: &[Chamber],
    decider: impl Into<Decider>,
    progress: bool,
    then: impl Fn(usize, CellResult) -> T + Sync,
) -> Vec<T> {
    let decider = decider.into();
    let combos = combination::multisets(chambers.len(), inst.hidden);
    let bar = ProgressBar::new(combos.len() as u64);
    if progress && std::io::stderr().is_terminal() {
        bar.set_draw_target(ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("cells {bar:40} {pos}/{len} [{elapsed}<{eta}]") {
            bar.set_style(style);
        }
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    let data = design::SmallData::new(inst);
    let results = in_order::map(&combos, GRAIN, |i, combo| {
        let r = analyse_combination(inst, &data, chambers, combo, decider);
        let out = then(i, r);
        bar.inc(1);
        out
    });
    bar.finish_and_clear();
    results
}
