//! The `relucert-hinge/1` certificate from a [`HingeReport`].

use super::{HingeReport, Shape};
use crate::cells::combination::multiplicity;
use crate::cells::genuine::sign_string;
use crate::certificate::build::instance_record;
use crate::certificate::hinge::{HINGE_FORMAT, HingeCellRecord, HingeCertificate, HingeWitnessRecord};
use crate::certificate::{ArrangementRecord, ChamberRecord, MotzkinRecord, RefutationRecord};
use crate::instance::Instance;

/// The shape's name in the certificate.
pub fn shape_name(shape: Shape) -> &'static str {
    match shape {
        Shape::Flat => "flat",
        Shape::FlatBoundary => "flat-boundary",
        Shape::Sharp => "sharp",
        Shape::Undecided => "undecided",
    }
}

/// Build the certificate.
pub fn certificate(inst: &Instance, report: &HingeReport) -> HingeCertificate {
    let cells = report
        .cells
        .iter()
        .map(|cell| {
            let (witness, refutation) = match &cell.inside {
                Ok(m) => (
                    Some(HingeWitnessRecord {
                        z: m.point.z.clone(),
                        w: m.point.w.clone(),
                        c: inst.output_bias.then(|| m.point.c.clone()),
                        shape: shape_name(m.shape).to_string(),
                        kink_free: match &m.evidence {
                            Some(super::inside::KinkFree::Minimiser(u)) => {
                                Some(crate::certificate::hinge::KinkFreeRecord { u: u.clone() })
                            }
                            _ => None,
                        },
                        sharp: match &m.evidence {
                            Some(super::inside::KinkFree::Fractional(i)) => {
                                Some(crate::certificate::hinge::SharpRecord {
                                    fractional: Some(*i),
                                    motzkin: None,
                                })
                            }
                            Some(super::inside::KinkFree::Refuted(r)) => {
                                Some(crate::certificate::hinge::SharpRecord {
                                    fractional: None,
                                    motzkin: Some(MotzkinRecord {
                                        strict: r.strict.clone(),
                                        nonstrict: r.nonstrict.clone(),
                                        equalities: r.equalities.clone(),
                                    }),
                                })
                            }
                            _ => None,
                        },
                    }),
                    None,
                ),
                Err(list) => (
                    None,
                    Some(
                        list.iter()
                            .map(|(s, m)| RefutationRecord {
                                s: sign_string(s),
                                motzkin: MotzkinRecord {
                                    strict: m.strict.clone(),
                                    nonstrict: m.nonstrict.clone(),
                                    equalities: m.equalities.clone(),
                                },
                            })
                            .collect(),
                    ),
                ),
            };
            HingeCellRecord {
                chambers: cell
                    .chambers
                    .iter()
                    .map(|&c| report.chambers[c].sign_string())
                    .collect(),
                multiplicity: multiplicity(&cell.chambers),
                minimum: cell.minimum.value.clone(),
                minimiser: cell.minimum.v.clone(),
                dual: cell.minimum.pi.clone(),
                inside: cell.inside.is_ok(),
                witness,
                refutation,
            }
        })
        .collect();
    HingeCertificate {
        format: HINGE_FORMAT.to_string(),
        instance: instance_record(inst),
        arrangement: ArrangementRecord {
            chambers: report
                .chambers
                .iter()
                .map(|c| ChamberRecord {
                    signs: c.sign_string(),
                    witness: c.witness.clone(),
                })
                .collect(),
            faces: None,
            count: report.count,
            face_count: None,
        },
        cells,
    }
}
