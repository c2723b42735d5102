//! Liu, *Global loss landscape … Part 1*, Lemma 2 and its proof (eq. (47)): inside cells the
//! Hessian of `L` in `R = (R_1, …, R_K)` is positive definite. The Hessian is
//! `(2/N) A_Rᵀ A_R` (`A_R`: the design matrix, Liu eq. (11)), positive *semi*-definite always,
//! definite iff `rank A_R = K d` — which fails whenever two units share too many samples, a
//! unit is inactive everywhere (ReLU), or `N < K d`. Convexity (the lemma's conclusion) holds;
//! the definiteness used to prove it does not.

use relucert_exact::QMatrix;

use super::Refutation;
use super::evidence::Evidence;
use crate::error::Result;
use crate::instance::Instance;

/// No premise: the lemma is about every cell.
pub fn always(_: &Instance) -> Option<String> {
    None
}

/// `liu-lemma2-pd`: a cell combination with `rank A_R < K d` (a genuine one preferred).
pub fn refute(ev: &Evidence) -> Result<Option<Refutation>> {
    let cert = &ev.certificate;
    let Some(land) = &cert.landscape else {
        return Ok(None);
    };
    let bad: Vec<usize> = (0..cert.cells.len())
        .filter(|&j| !land.cells[j].hessian_positive_definite)
        .collect();
    let Some(&j) = bad.iter().find(|&&j| cert.cells[j].genuine).or(bad.first()) else {
        return Ok(None);
    };
    let cell = &cert.cells[j];
    let inst = &ev.instance;
    let d = inst.d();
    let kd = inst.hidden * d;
    // A non-zero vector of ker A_R: a direction in R along which the Hessian vanishes.
    let signs: Vec<Vec<char>> = cell.chambers.iter().map(|c| c.chars().collect()).collect();
    let rows = inst
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            signs
                .iter()
                .flat_map(|s| {
                    let a = if s[i] == '+' {
                        relucert_exact::Q::from_integer(1.into())
                    } else {
                        inst.alpha.clone()
                    };
                    x.iter().map(move |v| &a * v).collect::<Vec<_>>()
                })
                .collect()
        })
        .collect();
    let kernel = QMatrix::from_rows(rows, kd).null_space();
    let mut details = vec![
        format!(
            "cell combination [{}]: rank A_R = {} < K d = {kd}, so the Hessian (2/N) A_Rᵀ A_R has a null space of dimension {}",
            cell.chambers.join(", "),
            land.cells[j].hessian_rank,
            kd - land.cells[j].hessian_rank
        ),
        format!(
            "a direction with u·Hessian·u = 0: u = {}",
            kernel
                .first()
                .map_or_else(|| "[]".into(), |u| super::vector_text(u))
        ),
        format!(
            "subglobal loss {}, least-squares solutions of dimension {}, genuine: {}",
            relucert_exact::format_q(&cell.loss),
            cell.solution_dim,
            if cell.genuine { "yes" } else { "no" }
        ),
    ];
    let witness = cell
        .witness
        .as_ref()
        .map(|w| relucert_format::family::PointRecord {
            z: w.z.clone(),
            w: w.w.clone(),
            c: w.c.clone(),
        });
    if let Some(w) = &witness {
        details.push(format!(
            "a differentiable local minimum in this cell (not isolated: the loss is flat along u): {}",
            super::point_text(w)
        ));
    }
    Ok(Some(Refutation {
        summary: format!(
            "the Hessian in R is singular inside the cells [{}] (rank {} of {kd})",
            cell.chambers.join(", "),
            land.cells[j].hessian_rank
        ),
        details,
        witness,
    }))
}
