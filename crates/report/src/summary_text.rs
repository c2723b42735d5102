//! The human text of `relucert show`: the instance, the arrangement counts, the verdict, the
//! global minimum, the levels of local minima and the cells grouped by loss, with `≈` decimals
//! beside exact values.

use std::fmt::Write as _;

use relucert_exact::{Q, format_q};
use relucert_format::family::PointRecord;

use crate::approx::exact_and_approx;
use crate::landscape::{Landscape, Normalisation};

/// At most this many lines per list unless `all` is asked for.
pub const LISTED: usize = 40;

/// The summary text. `all` lists every level and cell group; `norm` chooses how losses are
/// written.
pub fn render(l: &Landscape, path: &str, norm: Normalisation, all: bool) -> String {
    let mut out = String::new();
    let n = l.samples();
    let loss = |q: &Q| exact_and_approx(&norm.scale(q, n));
    let _ = writeln!(
        out,
        "certificate: {path} ({}; a summary of its claims: `relucert check` verifies them)",
        l.format
    );
    let inst = &l.instance;
    let _ = writeln!(
        out,
        "instance: N = {n} samples, d = {}{}, K = {} hidden unit{}, {}, {}",
        l.dim(),
        if inst.bias {
            " (bias coordinate appended)"
        } else {
            ""
        },
        inst.hidden,
        if inst.hidden == 1 { "" } else { "s" },
        if num_traits::Zero::is_zero(&inst.alpha) {
            "ReLU (α = 0)".to_string()
        } else {
            format!("leaky ReLU (α = {})", format_q(&inst.alpha))
        },
        if inst.output_bias {
            "output bias c"
        } else {
            "no output bias"
        }
    );
    if n * l.dim() <= 80 {
        let _ = writeln!(out, "  x = {}", matrix(&inst.x));
        let _ = writeln!(out, "  y = {}", vector(&inst.y));
    }
    let a = &l.arrangement;
    let _ = write!(
        out,
        "arrangement: {} chambers (stated Whitney/Zaslavsky count {})",
        a.chambers, a.chamber_count
    );
    if let (Some(f), Some(fc)) = (a.faces, a.face_count) {
        let _ = write!(out, ", {f} faces (stated count {fc})");
    }
    out.push('\n');
    let _ = writeln!(out, "losses: {}", norm.formula());
    match (&l.levels, &l.global_min) {
        (Some(levels), global) => {
            let spurious = levels.iter().filter(|v| v.spurious).count();
            let _ = writeln!(
                out,
                "verdict: {}",
                if spurious == 0 {
                    "no spurious local minima".to_string()
                } else {
                    format!(
                        "spurious local minima at {spurious} loss value{}",
                        if spurious == 1 { "" } else { "s" }
                    )
                }
            );
            match global {
                Some(g) => {
                    let _ = writeln!(out, "global minimum: {}", loss(g));
                }
                None => {
                    let _ = writeln!(out, "global minimum: none stated (no family of local minima)");
                }
            }
            let families: u64 = levels.iter().map(|v| v.families).sum();
            let _ = writeln!(
                out,
                "local minima: {} loss value{} over {families} families ({} empty face/mode combinations refuted)",
                levels.len(),
                if levels.len() == 1 { "" } else { "s" },
                l.refuted_families
            );
            for v in levels.iter().take(if all { usize::MAX } else { LISTED }) {
                let _ = writeln!(
                    out,
                    "  loss {}  {}  {} famil{} ({} differentiable, {} on a boundary)",
                    loss(&v.loss),
                    if v.spurious { "spurious" } else { "global" },
                    v.families,
                    if v.families == 1 { "y" } else { "ies" },
                    v.differentiable,
                    v.families - v.differentiable
                );
                let _ = writeln!(
                    out,
                    "      e.g. faces [{}] modes {}: {}",
                    v.faces.join(", "),
                    v.modes,
                    point(&v.witness)
                );
            }
            more(&mut out, levels.len(), all, "loss values");
        }
        (None, _) => {
            let _ = writeln!(
                out,
                "verdict: none (the certificate has no families of local minima: cells only); differentiable local minima below"
            );
        }
    }
    let _ = writeln!(
        out,
        "cells: {} multisets of chambers ({} ordered assignments), {} genuine; {} distinct subglobal losses (Liu eq. (14)):",
        l.cells,
        l.cells_ordered,
        l.genuine,
        l.cell_groups.len()
    );
    for g in l.cell_groups.iter().take(if all { usize::MAX } else { LISTED }) {
        let _ = writeln!(
            out,
            "  loss {}: {} multiset{} ({} ordered), {} genuine; e.g. [{}]",
            loss(&g.loss),
            g.combinations,
            if g.combinations == 1 { "" } else { "s" },
            g.ordered,
            g.genuine,
            g.example.join(", ")
        );
    }
    more(&mut out, l.cell_groups.len(), all, "loss values");
    out
}

fn more(out: &mut String, total: usize, all: bool, what: &str) {
    if !all && total > LISTED {
        let _ = writeln!(out, "  … {} more {what} (--all lists every one)", total - LISTED);
    }
}

/// `[a, b, c]` with exact entries.
pub fn vector(v: &[Q]) -> String {
    format!("[{}]", v.iter().map(format_q).collect::<Vec<_>>().join(", "))
}

/// `[[..], [..]]` with exact entries.
pub fn matrix(m: &[Vec<Q>]) -> String {
    format!("[{}]", m.iter().map(|r| vector(r)).collect::<Vec<_>>().join(", "))
}

/// `z = [..], w = [[..]][, c = ..]`.
pub fn point(p: &PointRecord) -> String {
    let mut s = format!("z = {}, w = {}", vector(&p.z), matrix(&p.w));
    if let Some(c) = &p.c {
        let _ = write!(s, ", c = {}", format_q(c));
    }
    s
}
