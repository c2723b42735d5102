//! Laurent & von Brecht's claims on the binary hinge loss (§2.2 and their main theorems),
//! evaluated on the instance read as a hinge-loss instance (labels `±1`, the premise): the
//! minima inside the cells (`relucert hinge`, `proofs/hinge-cells.md` §2–§4) with their
//! flat / flat-on-a-boundary / sharp shapes, the exact global minimum (§6), and (claims 2 and 3)
//! the face families of §7: every local minimum with all `z_k ≠ 0`, cell boundaries included,
//! with its type I/II. Points with some `z_k = 0` outside the cells' minima are not decided
//! (§7.4), so "holds" means: holds on every inside minimum and every face family.

use num_traits::{One, Zero};

use super::Refutation;
use super::evidence::Evidence;
use crate::error::Result;
use crate::feasibility::Route;
use crate::hinge::global::global_minimum;
use crate::hinge::{self, InsideMinimum, Shape};
use crate::instance::Instance;
use relucert_exact::format_q;
use relucert_format::family::PointRecord;

/// Premise: every label is `−1` or `1` (the binary hinge loss).
pub fn binary_labels(inst: &Instance) -> Option<String> {
    inst.y
        .iter()
        .position(|y| *y != Q1::one() && *y != -Q1::one())
        .map(|i| format!("y[{i}] = {} is not a label ±1", format_q(&inst.y[i])))
}

type Q1 = relucert_exact::Q;

/// Premise of Laurent–von Brecht Thm 3: labels `±1`, a leaky slope `α > 0`, a hidden bias and
/// an output bias (their fully connected network (5)), and generic data: not rare in their
/// Def. 1 (depth 1), decided exactly by the rare-data search of `relucert generic --rare`.
pub fn binary_leaky_generic(inst: &Instance) -> Option<String> {
    use num_traits::Signed;
    if let Some(why) = binary_labels(inst) {
        return Some(why);
    }
    if !inst.alpha.is_positive() {
        return Some("α ≤ 0 (not a leaky ReLU)".into());
    }
    if !(inst.bias && inst.output_bias) {
        return Some(
            "no hidden bias or no output bias (Thm 3 is for the fully connected network (5))".into(),
        );
    }
    let problem = match crate::generic::RareProblem::from_instance(inst, 1) {
        Ok(p) => p,
        Err(e) => return Some(format!("rare-data check not applicable: {e}")),
    };
    match crate::generic::decide_rare(&problem) {
        Ok(r) if r.witness.is_none() => None,
        Ok(_) => Some("the data are rare (Laurent–von Brecht Def. 1): outside Thm 3".into()),
        Err(e) => Some(format!("rare-data check not decided: {e}")),
    }
}

/// The inside minima of the hinge analysis, the global minimum and its point.
fn analysed(inst: &Instance) -> Result<(Vec<(Vec<String>, InsideMinimum)>, hinge::global::GlobalMinimum)> {
    let report = hinge::analyse(inst, Route::FloatFirst)?;
    let global = global_minimum(inst, &report.chambers);
    let minima = report
        .cells
        .iter()
        .filter_map(|c| {
            let m = c.inside.as_ref().ok()?;
            let names = c
                .chambers
                .iter()
                .map(|&j| report.chambers[j].sign_string())
                .collect();
            Some((names, m.clone()))
        })
        .collect();
    Ok((minima, global))
}

fn record(inst: &Instance, m: &InsideMinimum) -> PointRecord {
    PointRecord {
        z: m.point.z.clone(),
        w: m.point.w.clone(),
        c: inst.output_bias.then(|| m.point.c.clone()),
    }
}

fn refutation(
    inst: &Instance,
    summary: String,
    chambers: &[String],
    m: &InsideMinimum,
    global: &Q1,
) -> Refutation {
    Refutation {
        summary,
        details: vec![
            format!("hinge loss, labels ±1, α = {}", format_q(&inst.alpha)),
            format!(
                "minimum inside the cells [{}], shape {:?}, kinks at samples {:?}",
                chambers.join(", "),
                m.shape,
                m.kinks
            ),
            format!(
                "loss {} (global minimum {})",
                format_q(&hinge::loss::hinge_loss(inst, &m.point)),
                format_q(global)
            ),
            format!("local minimum: {}", super::point_text(&record(inst, m))),
        ],
        witness: Some(record(inst, m)),
    }
}

/// The face families with local minima: (faces and signs, loss, witness, type I).
fn family_minima(inst: &Instance) -> Result<Vec<(String, relucert_exact::Q, crate::model::Point, bool)>> {
    use crate::hinge::families::{FamilyType, sign_text};
    let fam = crate::hinge::families::analyse(inst, Route::FloatFirst)?;
    Ok(fam
        .minima()
        .map(|(f, loss, point, kind)| {
            let name = f
                .units
                .iter()
                .map(|&(i, sk)| {
                    format!(
                        "{} z{}",
                        sign_text(&fam.faces[i].0),
                        if sk > 0 { '+' } else { '-' }
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            (
                name,
                loss.clone(),
                point.clone(),
                matches!(kind, FamilyType::Flat { .. }),
            )
        })
        .collect())
}

fn family_refutation(
    inst: &Instance,
    summary: String,
    name: &str,
    loss: &Q1,
    point: &crate::model::Point,
    flat: bool,
    global: &Q1,
) -> Refutation {
    let rec = PointRecord {
        z: point.z.clone(),
        w: point.w.clone(),
        c: inst.output_bias.then(|| point.c.clone()),
    };
    Refutation {
        summary,
        details: vec![
            format!("hinge loss, labels ±1, α = {}", format_q(&inst.alpha)),
            format!(
                "face family [{name}] (proofs/hinge-cells.md §7), type {}",
                if flat { "I (flat)" } else { "II (sharp)" }
            ),
            format!("loss {} (global minimum {})", format_q(loss), format_q(global)),
            format!("local minimum: {}", super::point_text(&rec)),
        ],
        witness: Some(rec),
    }
}

/// `lvb-hinge-differentiable-flat`: a local minimum where the loss is differentiable (no
/// active kink, every unit inside its chamber) is flat.
pub fn refute_differentiable_flat(ev: &Evidence) -> Result<Option<Refutation>> {
    let inst = &ev.instance;
    let (minima, global) = analysed(inst)?;
    Ok(minima
        .iter()
        .find(|(_, m)| m.kinks.is_empty() && m.shape != Shape::Flat)
        .map(|(c, m)| {
            refutation(
                inst,
                "a differentiable local minimum that is not flat".into(),
                c,
                m,
                &global.value,
            )
        }))
}

/// `lvb-hinge-sharp-suboptimal` (Thm 2: a type II minimum has `L > 0`): when a zero-loss minimiser exists, every sharp (type II) local
/// minimum has a loss above zero.
pub fn refute_sharp_suboptimal(ev: &Evidence) -> Result<Option<Refutation>> {
    let inst = &ev.instance;
    let (minima, global) = analysed(inst)?;
    if !global.value.is_zero() {
        return Ok(None);
    }
    if let Some(r) = minima
        .iter()
        .find(|(_, m)| m.shape == Shape::Sharp && hinge::loss::hinge_loss(inst, &m.point).is_zero())
        .map(|(c, m)| {
            refutation(
                inst,
                "a sharp local minimum with loss 0 although a zero-loss minimiser exists".into(),
                c,
                m,
                &global.value,
            )
        })
    {
        return Ok(Some(r));
    }
    Ok(family_minima(inst)?
        .iter()
        .find(|(_, loss, _, flat)| !flat && loss.is_zero())
        .map(|(name, loss, point, flat)| {
            family_refutation(
                inst,
                "a sharp (type II) local minimum with loss 0 although a zero-loss minimiser exists".into(),
                name,
                loss,
                point,
                *flat,
                &global.value,
            )
        }))
}

/// `lvb-hinge-leaky-flat-optimal` (Laurent–von Brecht Thm 3): with a leaky ReLU, biases and
/// generic data, the loss is 0 at every type I (flat) local minimum, so flat minima are optimal.
pub fn refute_leaky_flat_optimal(ev: &Evidence) -> Result<Option<Refutation>> {
    let inst = &ev.instance;
    let (minima, global) = analysed(inst)?;
    if let Some((name, loss, point, flat)) = family_minima(inst)?
        .into_iter()
        .find(|(_, loss, _, flat)| *flat && !loss.is_zero())
    {
        return Ok(Some(family_refutation(
            inst,
            format!(
                "a flat (type I) local minimum of a leaky network with positive loss (global minimum {})",
                format_q(&global.value)
            ),
            &name,
            &loss,
            &point,
            flat,
            &global.value,
        )));
    }
    Ok(minima
        .iter()
        .find(|(_, m)| m.shape.is_flat() && !hinge::loss::hinge_loss(inst, &m.point).is_zero())
        .map(|(c, m)| {
            let mut r = refutation(
                inst,
                format!(
                    "a flat (type I) local minimum of a leaky network with positive loss (global minimum {})",
                    format_q(&global.value)
                ),
                c,
                m,
                &global.value,
            );
            r.details.push(format!(
                "a global minimiser: {}",
                super::point_text(&PointRecord {
                    z: global.point.z.clone(),
                    w: global.point.w.clone(),
                    c: inst.output_bias.then(|| global.point.c.clone()),
                })
            ));
            r
        }))
}
