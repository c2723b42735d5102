//! Nguyen & Hein, *The loss surface of deep and wide neural networks*, transferred to ReLU.
//!
//! - Thm 3.4: with linearly independent samples (`rank [X, 1_N] = N`; here `rank x = N` for
//!   the samples as the network sees them, so with `bias = true` it is exactly the paper's
//!   condition) every critical point whose upper weight matrices have full column rank is a
//!   global minimum. For one hidden layer the only upper matrix is the output layer `z`
//!   (`K × 1`), of full column rank iff `z ≠ 0`. Their σ is analytic; ReLU is not.
//! - Thm 3.8 / Cor. 3.9 for one hidden layer (`n_1 = K ≥ N − 1`, the `−1` being the output
//!   bias's column of `[F_1, 1_N]`, so `K ≥ N` without one): every critical point that is
//!   non-degenerate in the output-layer parameters is a global minimum. The Hessian of `L` in
//!   `(z [, c])` is `(2/N) HᵀH`, `H` the hidden outputs `σ(w_k·x_i)` (with a column of ones for
//!   `c`), so non-degenerate means `H` has full column rank. For one hidden layer this holds:
//!   with `K + [c] ≥ N` a full-column-rank `H` is square and invertible, and the first-order
//!   condition in the output layer, `Hᵀe = 0`, forces `e = 0`. Expected to hold (the search
//!   checks it); with `K = N − 1` and no output bias it fails (a test shows the predicate
//!   firing there, outside the premise).

use relucert_exact::{Q, QMatrix};

use super::Refutation;
use super::evidence::{Evidence, families_of, family_lines};
use crate::error::Result;
use crate::instance::Instance;
use crate::model::sigma;

/// Premise of Thm 3.4: `rank x = N`.
pub fn independent_samples(inst: &Instance) -> Option<String> {
    let rank = QMatrix::from_rows(inst.x.clone(), inst.d()).rank();
    (rank != inst.n()).then(|| format!("rank x = {rank} < N = {}", inst.n()))
}

/// Premise of Thm 3.8: the hidden layer can reach rank `N` with the output bias's column,
/// `K + [output bias] ≥ N` (the paper's `n_1 ≥ N − 1` counts the bias of the layer above).
pub fn wide_minus_one(inst: &Instance) -> Option<String> {
    let width = inst.hidden + usize::from(inst.output_bias);
    (width < inst.n()).then(|| {
        format!(
            "K{} = {width} < N = {}",
            if inst.output_bias {
                " + 1 (output bias)"
            } else {
                ""
            },
            inst.n()
        )
    })
}

fn refute_spurious(ev: &Evidence, alive_only: bool, premise: String) -> Option<Refutation> {
    let cert = &ev.certificate;
    let (fam, shape) = families_of(cert).into_iter().find(|(f, s)| {
        f.spurious
            && f.modes.chars().any(|m| m != '0')
            && (!alive_only || s.units.iter().all(|u| u == "alive"))
    })?;
    let mut details = vec![premise];
    details.extend(family_lines(cert, fam, shape));
    Some(Refutation {
        summary: format!(
            "a spurious local minimum with z ≠ 0{}: loss {} above the global minimum {}",
            if alive_only { " and every unit alive" } else { "" },
            relucert_exact::format_q(&fam.loss),
            relucert_exact::format_q(&super::evidence::global_min(cert))
        ),
        details,
        witness: Some(fam.witness.clone()),
    })
}

/// `nguyen-hein-3.4`: a spurious family with some `z_k ≠ 0`.
pub fn refute_3_4(ev: &Evidence) -> Result<Option<Refutation>> {
    let premise = format!(
        "the {} samples are linearly independent: rank x = {}",
        ev.instance.n(),
        ev.instance.n()
    );
    Ok(refute_spurious(ev, false, premise))
}

/// `nguyen-hein-3.4-alive`: a spurious family with every unit alive.
pub fn refute_3_4_alive(ev: &Evidence) -> Result<Option<Refutation>> {
    let premise = format!(
        "the {} samples are linearly independent: rank x = {}",
        ev.instance.n(),
        ev.instance.n()
    );
    Ok(refute_spurious(ev, true, premise))
}

/// The hidden-output matrix `H` at a point (`σ(w_k·x_i)`, plus ones with an output bias).
fn hidden_outputs(inst: &Instance, w: &[Vec<Q>]) -> QMatrix {
    let cols = w.len() + usize::from(inst.output_bias);
    let rows = inst
        .x
        .iter()
        .map(|x| {
            let mut row: Vec<Q> = w
                .iter()
                .map(|wk| sigma(&inst.alpha, &relucert_exact::matrix::dot(wk, x)))
                .collect();
            if inst.output_bias {
                row.push(num_traits::One::one());
            }
            row
        })
        .collect();
    QMatrix::from_rows(rows, cols)
}

/// `nguyen-hein-3.8`: a spurious family whose witness is non-degenerate in `(z [, c])`.
pub fn refute_3_8(ev: &Evidence) -> Result<Option<Refutation>> {
    let cert = &ev.certificate;
    let inst = &ev.instance;
    for (fam, shape) in families_of(cert) {
        if !fam.spurious {
            continue;
        }
        let h = hidden_outputs(inst, &fam.witness.w);
        if h.rank() != h.cols() {
            continue;
        }
        let mut details = vec![format!(
            "K{} = {} ≥ N = {}",
            if inst.output_bias {
                " + 1 (output bias)"
            } else {
                ""
            },
            inst.hidden + usize::from(inst.output_bias),
            inst.n()
        )];
        details.extend(family_lines(cert, fam, shape));
        details.push(format!(
            "hidden outputs H (rows σ(w_k·x_i){}) have full column rank {}: the Hessian (2/N)HᵀH in the output \
             layer is positive definite, so the minimum is non-degenerate there",
            if inst.output_bias { ", 1" } else { "" },
            h.cols()
        ));
        return Ok(Some(Refutation {
            summary: format!(
                "a spurious local minimum, non-degenerate in the output layer: loss {} above the global minimum {}",
                relucert_exact::format_q(&fam.loss),
                relucert_exact::format_q(&super::evidence::global_min(cert))
            ),
            details,
            witness: Some(fam.witness.clone()),
        }));
    }
    Ok(None)
}
