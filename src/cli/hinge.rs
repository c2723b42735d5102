//! `relucert hinge INSTANCE [--exact-only]`: the binary hinge loss (Laurent & von Brecht) for a
//! TOML instance with `loss = "hinge"`: per cell combination the exact minimum of the loss with
//! the activation pattern fixed (LP, with primal and dual checked exactly), whether it is
//! attained inside the cells (a local minimum, with a witness, or Motzkin refutations), and
//! whether that minimum is flat or sharp.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::feasibility::Route;
use crate::hinge::{self, Shape};
use crate::instance::toml_file::{self, Loss};
use relucert_exact::{Q, format_q};

/// Arguments of `relucert hinge`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A TOML instance with `loss = "hinge"` (labels −1 or 1).
    pub instance: PathBuf,
    /// Decide everything with exact arithmetic only (no float LP proposer).
    #[arg(long)]
    pub exact_only: bool,
    /// Write the `relucert-hinge/1` certificate here (checked by `relucert check`).
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Classify this point (a point file as for `relucert point`) instead: local minimum or
    /// not (with a lower point), flat or not (`proofs/hinge-cells.md` §5).
    #[arg(long, value_name = "POINT.toml", conflicts_with = "output")]
    pub point: Option<PathBuf>,
}

fn vector_text(v: &[Q]) -> String {
    format!("[{}]", v.iter().map(format_q).collect::<Vec<_>>().join(", "))
}

/// Run `relucert hinge`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let (inst, loss) = toml_file::read_with_loss(&args.instance)?;
    if loss != Loss::Hinge {
        return Err(Error::Input(format!(
            "{}: loss: expected \"hinge\" for relucert hinge, found \"squared\" (the default; use relucert certify)",
            args.instance.display()
        )));
    }
    let cells = crate::cells::combination::multiset_count(
        u128::from(crate::arrangement::count_chambers(&inst.x)),
        inst.hidden as u128,
    );
    if cells > crate::cli::certify::CELL_LIMIT {
        return Err(Error::Refused(format!(
            "{cells} cell combinations exceed the limit {}",
            crate::cli::certify::CELL_LIMIT
        )));
    }
    let route = if args.exact_only {
        Route::ExactOnly
    } else {
        Route::FloatFirst
    };
    if let Some(path) = &args.point {
        let p = crate::point::point_file::read(path, &inst)?;
        return Ok(super::hinge_point::print(&inst, &p, route));
    }
    if let Some(path) = &args.output {
        crate::atomic_file::check_writable(path)?;
    }
    let report = hinge::analyse(&inst, route)?;
    println!(
        "hinge loss: N = {}, d = {}, K = {}, alpha = {}{}; {} chambers, {} cell combinations",
        inst.n(),
        inst.d(),
        inst.hidden,
        format_q(&inst.alpha),
        if inst.output_bias { ", output bias" } else { "" },
        report.chambers.len(),
        report.cells.len()
    );
    for cell in &report.cells {
        let names: Vec<String> = cell
            .chambers
            .iter()
            .map(|&c| report.chambers[c].sign_string())
            .collect();
        let inside = match &cell.inside {
            Ok(m) => {
                let mut text = format!(
                    "attained inside at z = {}, w = [{}]",
                    vector_text(&m.point.z),
                    m.point
                        .w
                        .iter()
                        .map(|w| vector_text(w))
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                if inst.output_bias {
                    text.push_str(&format!(", c = {}", format_q(&m.point.c)));
                }
                text.push_str(match m.shape {
                    Shape::Flat => "  flat (constant loss nearby)",
                    Shape::FlatBoundary => "  flat (type I: on the boundary of a region of constant loss)",
                    Shape::Sharp => "  sharp (type II)",
                    Shape::Undecided => "  flat or sharp: undecided (a dead unit at a kink)",
                });
                text
            }
            Err(_) => "not attained inside (Motzkin refutations for every sign vector)".to_string(),
        };
        println!(
            "  [{}]  minimum {}  {}",
            names.join(","),
            format_q(&cell.minimum.value),
            inside
        );
    }
    let global = crate::hinge::global::global_minimum(&inst, &report.chambers);
    println!(
        "global minimum: {} at z = {}, w = [{}]{} ({} closed cell/sign pieces, each LP checked by weak duality)",
        format_q(&global.value),
        vector_text(&global.point.z),
        global
            .point
            .w
            .iter()
            .map(|w| vector_text(w))
            .collect::<Vec<_>>()
            .join(", "),
        if inst.output_bias {
            format!(", c = {}", format_q(&global.point.c))
        } else {
            String::new()
        },
        global.pieces
    );
    let families = match crate::hinge::families::analyse(&inst, route) {
        Ok(f) => f,
        Err(e) => {
            println!("face families, verdict: not enumerated ({e}); the cell results above stand");
            if let Some(path) = &args.output {
                let cert = crate::hinge::record::certificate(&inst, &report);
                crate::atomic_file::write(path, cert.to_json().as_bytes())?;
                println!("certificate (cells only) written to {}", path.display());
            }
            return Ok(0);
        }
    };
    print_families(&inst, &families);
    let inside_spurious: Vec<&Q> = report
        .cells
        .iter()
        .filter(|c| c.inside.is_ok() && c.minimum.value > global.value)
        .map(|c| &c.minimum.value)
        .collect();
    let mut spurious: Vec<Q> = families
        .minima()
        .filter(|(_, loss, _, _)| **loss > global.value)
        .map(|(_, loss, _, _)| loss.clone())
        .chain(inside_spurious.into_iter().cloned())
        .collect();
    spurious.sort();
    spurious.dedup();
    if spurious.is_empty() {
        println!(
            "verdict: no spurious local minimum among the points with every z_k ≠ 0 (every face family's minima are global); \
             points with some z_k = 0 and a loss above their cell's minimum are not decided (proofs/hinge-cells.md §7)"
        );
    } else {
        println!(
            "verdict: spurious local minima at {} loss value(s): {}",
            spurious.len(),
            spurious.iter().map(format_q).collect::<Vec<_>>().join(", ")
        );
    }
    if let Some(path) = &args.output {
        let cert = crate::hinge::record::certificate_with_families(&inst, &report, &families);
        crate::atomic_file::write(path, cert.to_json().as_bytes())?;
        println!("certificate written to {}", path.display());
    }
    Ok(0)
}

/// The face families with local minima, then the counts.
fn print_families(inst: &crate::instance::Instance, fam: &crate::hinge::families::HingeFamilies) {
    use crate::hinge::families::{FamilyAnswer, FamilyType, sign_text};
    let (mut minima, mut unequal, mut empty) = (0, 0, 0);
    for f in &fam.families {
        match &f.answer {
            FamilyAnswer::Family {
                loss, point, kind, ..
            } => {
                minima += 1;
                let faces: Vec<String> = f.units.iter().map(|&(i, _)| sign_text(&fam.faces[i].0)).collect();
                let s: String = f
                    .units
                    .iter()
                    .map(|&(_, sk)| if sk > 0 { '+' } else { '-' })
                    .collect();
                println!(
                    "  faces [{}] sign z {}  local minima, loss {}{}  at z = {}, w = [{}]{}  {}",
                    faces.join(","),
                    s,
                    format_q(loss),
                    if *loss > fam.global.value {
                        " (spurious)"
                    } else {
                        " (global)"
                    },
                    vector_text(&point.z),
                    point
                        .w
                        .iter()
                        .map(|w| vector_text(w))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if inst.output_bias {
                        format!(", c = {}", format_q(&point.c))
                    } else {
                        String::new()
                    },
                    match kind {
                        FamilyType::Flat { .. } => "flat (type I)",
                        FamilyType::Sharp(_) => "sharp (type II)",
                    }
                );
            }
            FamilyAnswer::Unequal { .. } => unequal += 1,
            FamilyAnswer::Empty { .. } => empty += 1,
        }
    }
    println!(
        "face families (every z_k ≠ 0): {} over {} faces (count verified); {minima} with local minima, \
         {unequal} without (two pieces with different LP minima), {empty} without (Motzkin: the pieces' minimum is not attained)",
        fam.families.len(),
        fam.faces.len()
    );
}
