//! *Understanding local minima in neural networks by loss surface decomposition* (the
//! decomposition paper), read for one hidden layer.
//!
//! - Cor. 2.7 (2): every differentiable local minimum — a point inside an activation region,
//!   every unit strictly inside a chamber — is a subglobal minimum: its loss is the least
//!   squares loss of its cell combination (eq. (7)). Expected to hold.
//! - §3.2 (Fig. 3 discussion): adding a hidden node keeps every local minimum of the smaller
//!   network, so every local-minimum loss with `K − 1` units is one with `K` units. The
//!   paper's argument parks the new node where it is inactive on every sample, which needs a
//!   hidden bias or data in an open half-space; the claim holds anyway, by splitting a unit
//!   (`proofs/landscape.md`: the copy has the same face, mode and residuals, so it meets the
//!   same local-minimum conditions). Expected to hold; the search checks it.
//! - §3.1: there is always a linear region (every activation one) whose subglobal minimum lies
//!   in it; the paper's model has hidden biases and an output bias `c`, which its construction
//!   uses (`c = −vᵀb + d`).

use num_traits::Zero;

use relucert_exact::format_q;

use super::Refutation;
use super::evidence::{Evidence, families_of, family_lines, global_min};
use crate::error::Result;
use crate::instance::Instance;

/// No premise.
pub fn always(_: &Instance) -> Option<String> {
    None
}

/// Premise of the add-unit claim: `K ≥ 2` (the smaller network has `K − 1 ≥ 1` units).
pub fn two_units(inst: &Instance) -> Option<String> {
    (inst.hidden < 2).then(|| "the claim compares K − 1 and K units and needs K ≥ 2".to_string())
}

/// Premise of §3.1: the paper's model, hidden biases and an output bias.
pub fn biases(inst: &Instance) -> Option<String> {
    if !inst.bias {
        Some("§3.1 uses hidden biases (bias = true)".into())
    } else if !inst.output_bias {
        Some("§3.1 uses the output bias c (output_bias = true)".into())
    } else {
        None
    }
}

/// `decomposition-cor2.7`: a family with every unit in a chamber whose loss is not the
/// subglobal loss of its cell combination (or whose combination is not genuine).
pub fn refute_cor_2_7(ev: &Evidence) -> Result<Option<Refutation>> {
    let cert = &ev.certificate;
    let chambers: Vec<&String> = cert.arrangement.chambers.iter().map(|c| &c.signs).collect();
    for (fam, shape) in families_of(cert) {
        if !fam.faces.iter().all(|f| chambers.contains(&f)) {
            continue;
        }
        let mut cells = fam.faces.clone();
        cells.sort();
        let Some(cell) = cert.cells.iter().find(|c| c.chambers == cells) else {
            continue;
        };
        if cell.loss == fam.loss && cell.genuine {
            continue;
        }
        let mut details = family_lines(cert, fam, shape);
        details.push(format!(
            "its cell combination [{}] has subglobal loss {} (genuine: {})",
            cells.join(", "),
            format_q(&cell.loss),
            cell.genuine
        ));
        return Ok(Some(Refutation {
            summary: format!(
                "a differentiable local minimum with loss {} in cells of subglobal loss {}",
                format_q(&fam.loss),
                format_q(&cell.loss)
            ),
            details,
            witness: Some(fam.witness.clone()),
        }));
    }
    Ok(None)
}

/// `decomposition-add-unit`: a local-minimum loss with `K − 1` units that is no local-minimum
/// loss with `K` units.
pub fn refute_add_unit(ev: &Evidence) -> Result<Option<Refutation>> {
    let Some(smaller) = &ev.smaller else {
        return Ok(None);
    };
    let cert = &ev.certificate;
    let losses: Vec<&relucert_exact::Q> = cert.minima.iter().flatten().map(|f| &f.loss).collect();
    for (fam, shape) in families_of(smaller) {
        if losses.contains(&&fam.loss) {
            continue;
        }
        let mut all: Vec<&relucert_exact::Q> = losses.clone();
        all.sort();
        all.dedup();
        let mut details = vec![format!("with K − 1 = {} units:", smaller.instance.hidden)];
        details.extend(family_lines(smaller, fam, shape));
        details.push(format!(
            "with K = {} units the local-minimum losses are {{{}}} (global minimum {}): {} is not among them",
            cert.instance.hidden,
            all.iter().map(|q| format_q(q)).collect::<Vec<_>>().join(", "),
            format_q(&global_min(cert)),
            format_q(&fam.loss)
        ));
        return Ok(Some(Refutation {
            summary: format!(
                "the local-minimum loss {} of the network with {} unit(s) disappears when a unit is added",
                format_q(&fam.loss),
                smaller.instance.hidden
            ),
            details,
            witness: Some(fam.witness.clone()),
        }));
    }
    Ok(None)
}

/// `decomposition-linear-region`: the cell with every unit in the all-active chamber is not
/// genuine.
pub fn refute_linear_region(ev: &Evidence) -> Result<Option<Refutation>> {
    let cert = &ev.certificate;
    let inst = &ev.instance;
    let all_plus: String = inst
        .x
        .iter()
        .map(|x| if x.iter().all(Zero::is_zero) { '0' } else { '+' })
        .collect();
    let cells = vec![all_plus.clone(); inst.hidden];
    let Some(cell) = cert.cells.iter().find(|c| c.chambers == cells) else {
        return Ok(None);
    };
    if cell.genuine {
        return Ok(None);
    }
    Ok(Some(Refutation {
        summary: format!(
            "the linear region [{}] holds no local minimum: its subglobal loss {} is not attained inside it",
            cells.join(", "),
            format_q(&cell.loss)
        ),
        details: vec![
            format!(
                "cell combination [{}]: rank {}, subglobal loss {}, not genuine (Motzkin refutations in the certificate)",
                cells.join(", "),
                cell.rank,
                format_q(&cell.loss)
            ),
            format!("global minimum {}", format_q(&global_min(cert))),
        ],
        witness: None,
    }))
}
