//! `relucert hinge INSTANCE --point P.toml`: the hinge-loss point classifier
//! ([`crate::hinge::point`], `proofs/hinge-cells.md` §5), printed.

use crate::claims::point_text;
use crate::feasibility::Route;
use crate::hinge::point::{HingePointAnswer, PointShape, classify};
use crate::instance::Instance;
use crate::model::Point;
use relucert_exact::format_q;
use relucert_format::family::PointRecord;

fn text(inst: &Instance, p: &Point) -> String {
    point_text(&PointRecord {
        z: p.z.clone(),
        w: p.w.clone(),
        c: inst.output_bias.then(|| p.c.clone()),
    })
}

/// Print the answer; the exit code is 0 (every answer is a result, not an error).
pub fn print(inst: &Instance, p: &Point, route: Route) -> i32 {
    match classify(inst, p, route) {
        HingePointAnswer::LocalMinimum { loss, pieces, shape } => {
            println!(
                "local minimum of the hinge loss: loss {} ({pieces} piece(s), each LP minimum equal to the loss, duals checked)",
                format_q(&loss)
            );
            match shape {
                PointShape::Flat => println!("flat: the loss is constant on a neighbourhood"),
                PointShape::NotFlat {
                    direction,
                    derivative,
                } => println!(
                    "not flat (sharp): along d = ({}) the loss rises at rate {}",
                    text(inst, &direction),
                    format_q(&derivative)
                ),
                PointShape::NotFlatCurved(why) => {
                    println!("not flat (not constant on any neighbourhood): {why}")
                }
                PointShape::Unknown(why) => println!("flat or not: undecided ({why})"),
            }
        }
        HingePointAnswer::NotMinimum {
            loss,
            piece,
            direction,
            step,
            step_loss,
            quadratic,
        } => {
            println!("not a local minimum: loss {}", format_q(&loss));
            let on: Vec<String> = piece
                .iter()
                .enumerate()
                .filter(|(_, v)| !v.is_empty())
                .map(|(j, v)| {
                    format!(
                        "live unit {j}: {}",
                        v.iter()
                            .map(|(i, a)| format!("x{}{}", i + 1, if *a { "+" } else { "-" }))
                            .collect::<Vec<_>>()
                            .join(" ")
                    )
                })
                .collect();
            if !on.is_empty() {
                println!("piece: {}", on.join("; "));
            }
            if quadratic {
                println!(
                    "descent curve (units at z_k = 0, w_k = 0 move as τ·d, the others as τ²·d): d = {}",
                    text(inst, &direction)
                );
            } else {
                println!("descent direction: {}", text(inst, &direction));
            }
            println!(
                "step {}: {}  loss {} < {}",
                if quadratic { "τ = 1/32" } else { "t = 1/1024" },
                text(inst, &step),
                format_q(&step_loss),
                format_q(&loss)
            );
        }
        HingePointAnswer::Undecided { loss, reason } => {
            println!("undecided: loss {}; {reason}", format_q(&loss));
        }
    }
    0
}
