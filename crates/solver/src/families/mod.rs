//! Families of local minima (SPEC §4): every multiset of `K` (face, mode) pairs, one per unit,
//! decided by one exact feasibility problem ([`system::family_system`]) — a witness point with
//! its multipliers, or a Motzkin refutation. The loss is constant on a family
//! (`proofs/local-minima-theorem.md`), so the least family loss is the global minimum and every
//! family above it is spurious. By default the search is reduced to *cores* ([`core`],
//! `proofs/family-reductions.md`): the set of loss values, the global minimum and the verdict
//! are exactly those of the full enumeration, which `reduce = false` still runs.

pub mod core;
pub mod cost;
pub mod levels;
pub mod system;

use num_traits::Zero;
use rayon::prelude::*;

pub use system::{Layout, Mode, family_system};

use crate::arrangement::{Face, SignVector};
use crate::cells::combination::multiset_count;
use crate::error::{Error, Result};
use crate::feasibility::{Motzkin, Route, Verdict, decide};
use crate::instance::Instance;
use crate::model::{self, Point};
use crate::point::local_region::{LocalRegion, local_regions, vanishing_samples};
use relucert_exact::{Q, Rat};

/// The default largest number of face/mode combinations enumerated without `force`.
pub const DEFAULT_LIMIT: u128 = 20_000;

/// What one family turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum FamilyOutcome {
    /// The family holds local minima; one of them, with its proof.
    Exists {
        /// The exact loss (constant on the family).
        loss: Q,
        /// A point of the family: `z_k = m_k`, `w_k = m_k R_k` (`w_k` = the face witness when `m_k = 0`).
        point: Point,
        /// `multipliers[k][t]`: the `ν` of unit `k`, region `t`, one per sample of `Z'_k`
        /// ascending (`λ` on `T`, `μ` off it); empty when `m_k = 0`.
        multipliers: Vec<Vec<Vec<Q>>>,
        /// Every unit with `m_k ≠ 0` lies in a chamber.
        differentiable: bool,
    },
    /// No local minimum has these faces and modes.
    Empty {
        /// Motzkin multipliers for the family system, rows in the documented order.
        refutation: Motzkin,
    },
}

/// One face/mode combination and its outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilyResult {
    /// Index of each unit's face in [`FamiliesReport::faces`] (non-decreasing with the modes).
    pub face_ids: Vec<usize>,
    /// Each unit's face.
    pub faces: Vec<SignVector>,
    /// Each unit's mode.
    pub modes: Vec<Mode>,
    /// Each unit's local regions, in the order the system uses.
    pub regions: Vec<Vec<LocalRegion>>,
    /// The decision.
    pub outcome: FamilyOutcome,
    /// True when the float route failed and the exact method decided.
    pub fell_back: bool,
}

impl FamilyResult {
    /// The modes as a string, e.g. `"+0"`.
    pub fn modes_text(&self) -> String {
        self.modes.iter().map(|m| m.as_char()).collect()
    }

    /// The loss when the family is non-empty.
    pub fn loss(&self) -> Option<&Q> {
        match &self.outcome {
            FamilyOutcome::Exists { loss, .. } => Some(loss),
            FamilyOutcome::Empty { .. } => None,
        }
    }
}

/// Every family of an instance, the global minimum and the spurious families.
#[derive(Clone, Debug, PartialEq)]
pub struct FamiliesReport {
    /// All faces of the data arrangement, sorted by sign string.
    pub faces: Vec<Face>,
    /// One result per multiset, in canonical order (non-decreasing (face, mode) item indices,
    /// item `3·face + mode` with modes ordered `+`, `-`, `0`).
    pub results: Vec<FamilyResult>,
    /// The least loss of a non-empty family (`None` only if none exists, which the theorem
    /// excludes).
    pub global_min: Option<Q>,
    /// Indices into `results` of the non-empty families whose loss exceeds `global_min`.
    pub spurious: Vec<usize>,
    /// The search was reduced to cores: `results` holds every single item, then the sets of
    /// `j ≥ 2` distinct non-inert items (`proofs/family-reductions.md`).
    pub reduced: bool,
    /// `inert[item]` for every item `3·face + mode`.
    pub inert: Vec<bool>,
}

impl FamiliesReport {
    /// `"no-spurious-minima"` or `"spurious-minima"`.
    pub fn verdict(&self) -> &'static str {
        if self.spurious.is_empty() {
            "no-spurious-minima"
        } else {
            "spurious-minima"
        }
    }
}

/// The number of face/mode combinations for `faces` faces and `k` units.
pub fn estimate(faces: usize, k: usize) -> u128 {
    multiset_count(3 * faces as u128, k as u128)
}

/// Decide one family.
pub fn decide_family(
    inst: &Instance,
    faces: &[Face],
    regions_of_face: &[Vec<LocalRegion>],
    items: &[usize],
    route: Route,
) -> FamilyResult {
    let face_ids: Vec<usize> = items.iter().map(|j| j / 3).collect();
    let modes: Vec<Mode> = items.iter().map(|j| Mode::ALL[j % 3]).collect();
    let face_refs: Vec<&SignVector> = face_ids.iter().map(|&f| &faces[f].signs).collect();
    let region_refs: Vec<&[LocalRegion]> = face_ids.iter().map(|&f| regions_of_face[f].as_slice()).collect();
    // Built and decided over `Rat` (machine words, big numbers only on overflow); the answer
    // is converted back to `Q` (the same values).
    let (sys, layout) = system::family_system_in::<Rat>(inst, &face_refs, &modes, &region_refs);
    // Equalities that pin the point decide most family systems by one exact elimination,
    // with no LP (`feasibility::pinned`); the answer is confirmed exactly like any other.
    let decided = match crate::feasibility::pinned::decide(&sys) {
        Some(verdict) if crate::feasibility::confirm(&sys, &verdict) => crate::feasibility::Outcome {
            verdict,
            fell_back: false,
        },
        _ => decide(&sys, route),
    };
    let outcome = crate::feasibility::Outcome {
        verdict: decided.verdict.convert::<Q>(),
        fell_back: decided.fell_back,
    };
    let d = inst.d();
    let result_outcome = match outcome.verdict {
        Verdict::Infeasible(refutation) => FamilyOutcome::Empty {
            refutation: crate::feasibility::primitive::shortest(refutation),
        },
        Verdict::Feasible(v) => {
            let mut z = Vec::new();
            let mut w = Vec::new();
            let mut multipliers = Vec::new();
            for (k, &m) in modes.iter().enumerate() {
                let rk = &v[k * d..(k + 1) * d];
                if m == Mode::Zero {
                    z.push(Q::zero());
                    w.push(faces[face_ids[k]].witness.clone());
                } else {
                    z.push(m.value());
                    w.push(rk.iter().map(|r| m.value() * r).collect());
                }
                let mut per_region = Vec::new();
                for (t, start) in layout.multipliers[k].iter().enumerate() {
                    match start {
                        Some(s) => {
                            let len = region_refs[k][t].positive.len() + region_refs[k][t].negative.len();
                            per_region.push(v[*s..*s + len].to_vec());
                        }
                        None => per_region.push(Vec::new()),
                    }
                }
                multipliers.push(per_region);
            }
            let c = layout.c.map_or(Q::zero(), |ci| v[ci].clone());
            let point = Point { z, w, c };
            let loss = model::loss(inst, &point);
            let differentiable = (0..modes.len())
                .all(|k| modes[k] == Mode::Zero || vanishing_samples(&inst.x, face_refs[k]).is_empty());
            FamilyOutcome::Exists {
                loss,
                point,
                multipliers,
                differentiable,
            }
        }
    };
    FamilyResult {
        face_ids: face_ids.clone(),
        faces: face_ids.iter().map(|&f| faces[f].signs.clone()).collect(),
        modes,
        regions: region_refs.iter().map(|r| r.to_vec()).collect(),
        outcome: result_outcome,
        fell_back: outcome.fell_back,
    }
}

/// The Zaslavsky number of faces of the data arrangement and the number of face/mode
/// combinations `C(3F + K − 1, K)` it gives: the size of the family search, known before any
/// face is enumerated (exact ranks only).
pub fn size(inst: &Instance) -> (u64, u128) {
    let faces = crate::arrangement::count_faces(&inst.x);
    (faces, multiset_count(3 * u128::from(faces), inst.hidden as u128))
}

/// Enumerate and decide every family of `inst`. Refuses (`Error::Refused`) when the number of
/// combinations exceeds `limit` (pass `None` to force). The faces are enumerated and proved
/// complete by their Zaslavsky count before any family is decided.
pub fn enumerate(inst: &Instance, route: Route, limit: Option<u128>) -> Result<FamiliesReport> {
    let (face_count, total) = size(inst);
    if let Some(limit) = limit
        && total > limit
    {
        return Err(Error::Refused(format!(
            "{total} face/mode combinations ({face_count} faces, K = {}) exceed the limit {limit}; \
             use --force to enumerate them anyway (or --cells-only to skip the families)",
            inst.hidden
        )));
    }
    Ok(decide_all(inst, complete_faces(inst)?, route))
}

/// Every face of the data arrangement, sorted by sign string, proved complete by the Zaslavsky
/// count (`Error::Refused` otherwise).
pub fn complete_faces(inst: &Instance) -> Result<Vec<Face>> {
    let arrangement = crate::arrangement::Arrangement::compute(&inst.x, true)?;
    match arrangement.faces {
        Some(faces) if arrangement.problems.is_empty() => Ok(faces),
        _ => Err(Error::Refused(format!(
            "the face enumeration did not match its count: {}",
            arrangement.problems.join("; ")
        ))),
    }
}

/// The local regions of every face (the order [`decide_family`] expects).
pub fn face_regions(inst: &Instance, faces: &[Face]) -> Vec<Vec<LocalRegion>> {
    faces
        .iter()
        .map(|f| local_regions(&inst.x, &vanishing_samples(&inst.x, &f.signs)))
        .collect()
}

/// Decide every face/mode multiset over the given faces (sorted by sign string, complete).
pub fn decide_all(inst: &Instance, faces: Vec<Face>, route: Route) -> FamiliesReport {
    let plan = Plan::new(inst, faces, false);
    plan.decide(inst, route, false)
}

/// The faces of `inst`, enumerated and proved complete by their Zaslavsky count.
pub fn faces_of(inst: &Instance) -> Result<Vec<Face>> {
    complete_faces(inst)
}

/// The combinations a family search will decide: all `K`-multisets of items, or the cores
/// ([`core::reduced_combinations`]).
#[derive(Clone, Debug)]
pub struct Plan {
    /// The faces, sorted by sign string.
    pub faces: Vec<Face>,
    /// The local regions of every face.
    pub regions_of_face: Vec<Vec<LocalRegion>>,
    /// `inert[item]`.
    pub inert: Vec<bool>,
    /// The combinations, in certificate order (produced lazily).
    pub combos: core::Combos,
    /// Reduced to cores.
    pub reduced: bool,
}

impl Plan {
    /// Plan the search over `faces` (sorted, complete), reduced to cores when `reduce`.
    pub fn new(inst: &Instance, faces: Vec<Face>, reduce: bool) -> Plan {
        let regions_of_face: Vec<Vec<LocalRegion>> = faces
            .iter()
            .map(|f| local_regions(&inst.x, &vanishing_samples(&inst.x, &f.signs)))
            .collect();
        let inert = core::inert_items(&inst.alpha, &faces);
        let combos = if reduce {
            core::Combos::reduced(&inert, inst.hidden)
        } else {
            core::Combos::full(3 * faces.len(), inst.hidden)
        };
        Plan {
            faces,
            regions_of_face,
            inert,
            combos,
            reduced: reduce,
        }
    }

    /// Decide one combination of the plan.
    pub fn decide_one(&self, inst: &Instance, items: &[usize], route: Route) -> FamilyResult {
        decide_family(inst, &self.faces, &self.regions_of_face, items, route)
    }

    /// Decide every combination (in parallel; a progress bar on stderr when `progress` and
    /// stderr is a terminal) and collect the report.
    pub fn decide(self, inst: &Instance, route: Route, progress: bool) -> FamiliesReport {
        let combos: Vec<Vec<usize>> = self.combos.iter_from(0).collect();
        let bar = cost::bar("families", combos.len() as u64, progress);
        let results: Vec<FamilyResult> = combos
            .par_iter()
            .map(|items| {
                let r = self.decide_one(inst, items, route);
                bar.inc(1);
                r
            })
            .collect();
        bar.finish_and_clear();
        report_of(self.faces, results, self.reduced, self.inert)
    }
}

/// The global minimum (least family loss) and the spurious families of a list of results.
pub fn report_of(
    faces: Vec<Face>,
    results: Vec<FamilyResult>,
    reduced: bool,
    inert: Vec<bool>,
) -> FamiliesReport {
    let global_min = results.iter().filter_map(|r| r.loss()).min().cloned();
    let spurious = match &global_min {
        Some(g) => results
            .iter()
            .enumerate()
            .filter(|(_, r)| r.loss().is_some_and(|l| l > g))
            .map(|(i, _)| i)
            .collect(),
        None => Vec::new(),
    };
    FamiliesReport {
        faces,
        results,
        global_min,
        spurious,
        reduced,
        inert,
    }
}
