//! A certification run that can be watched and stopped: the same stages as `relucert certify`
//! (`certificate::build`), item by item, counting what is done and stopping early when the
//! Python side cancels (Ctrl-C). Nothing is written here; a stopped run returns `None`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rayon::prelude::*;

use relucert::cells::design::SmallData;
use relucert::cells::{CellResult, analyse_combination, combination::multisets};
use relucert::certificate::Certificate;
use relucert::certificate::build::{attach_least_squares, attach_report, build, sorted_chambers};
use relucert::error::Result;
use relucert::families::{self, FamiliesReport, FamilyResult, decide_family};
use relucert::feasibility::Route;
use relucert::instance::Instance;

/// The state of a run, shared between the worker threads and the watching Python thread.
#[derive(Default)]
pub struct Watch {
    cancelled: AtomicBool,
    stage: Mutex<&'static str>,
    done: AtomicU64,
    total: AtomicU64,
}

impl Watch {
    /// Ask the run to stop as soon as possible.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    fn start(&self, stage: &'static str, total: usize) {
        if let Ok(mut s) = self.stage.lock() {
            *s = stage;
        }
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total as u64, Ordering::Relaxed);
    }

    fn tick(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `(stage, done, total)`; the stage is `""` before the first stage starts.
    pub fn progress(&self) -> (&'static str, u64, u64) {
        let stage = self.stage.lock().map_or("", |s| *s);
        (
            stage,
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// What to certify.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    pub route: Route,
    pub families: bool,
    pub least_squares: bool,
}

/// Certify `inst` like `relucert certify` (cells, then the families unless `families` is
/// false); `Ok(None)` when cancelled through `watch`.
pub fn certify(inst: &Instance, options: Options, watch: &Watch) -> Result<Option<Certificate>> {
    let (chambers, count) = sorted_chambers(inst)?;
    let combos = multisets(chambers.len(), inst.hidden);
    let data = SmallData::new(inst);
    watch.start("cells", combos.len());
    let results: Option<Vec<CellResult>> = combos
        .par_iter()
        .map(|combo| {
            if watch.is_cancelled() {
                return None;
            }
            let r = analyse_combination(inst, &data, &chambers, combo, options.route);
            watch.tick();
            Some(r)
        })
        .collect();
    let Some(mut results) = results else {
        return Ok(None);
    };
    let mut cert = build(inst, &chambers, count, &results);
    if options.least_squares {
        attach_least_squares(&mut cert, inst, &chambers, &mut results);
    }
    if options.families {
        let Some(report) = decide_families(inst, options.route, watch)? else {
            return Ok(None);
        };
        attach_report(&mut cert, inst, &report)?;
    }
    Ok(Some(cert))
}

/// `families::decide_all`, watched.
fn decide_families(inst: &Instance, route: Route, watch: &Watch) -> Result<Option<FamiliesReport>> {
    let faces = families::complete_faces(inst)?;
    let regions = families::face_regions(inst, &faces);
    let combos = multisets(3 * faces.len(), inst.hidden);
    watch.start("families", combos.len());
    let results: Option<Vec<FamilyResult>> = combos
        .par_iter()
        .map(|items| {
            if watch.is_cancelled() {
                return None;
            }
            let r = decide_family(inst, &faces, &regions, items, route);
            watch.tick();
            Some(r)
        })
        .collect();
    let inert = families::core::inert_items(&inst.alpha, &faces);
    Ok(results.map(|results| families::report_of(faces, results, false, inert)))
}
