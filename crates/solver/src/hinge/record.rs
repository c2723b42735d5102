//! The `relucert-hinge/1` certificate from a [`HingeReport`].

use super::families::{FamilyAnswer, FamilyType, HingeFamilies, NoInterior, sign_text};
use super::{HingeReport, Shape};
use crate::cells::combination::multiplicity;
use crate::cells::genuine::sign_string;
use crate::certificate::build::instance_record;
use crate::certificate::hinge::{
    FaceFamilyRecord, FlatPieceRecord, GlobalMinimumRecord, GlobalPieceRecord, HingeFamiliesRecord,
    NoInteriorRecord, PieceRecord, PointRecord,
};
use crate::certificate::hinge::{HINGE_FORMAT, HingeCellRecord, HingeCertificate, HingeWitnessRecord};
use crate::certificate::{ArrangementRecord, ChamberRecord, RefutationRecord};
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
                                    motzkin: Some(r.record()),
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
                                motzkin: m.record(),
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
        families: None,
    }
}

fn piece_record(p: &super::families::PieceMinimum) -> PieceRecord {
    PieceRecord {
        mask: p.mask,
        minimum: p.value.clone(),
        minimiser: p.v.clone(),
        dual: p.duals.clone(),
    }
}

fn point_record(inst: &Instance, p: &crate::model::Point) -> PointRecord {
    PointRecord {
        z: p.z.clone(),
        w: p.w.clone(),
        c: inst.output_bias.then(|| p.c.clone()),
    }
}

/// The certificate with the face families, the global minimum and the verdict.
pub fn certificate_with_families(
    inst: &Instance,
    report: &HingeReport,
    fam: &HingeFamilies,
) -> HingeCertificate {
    let mut cert = certificate(inst, report);
    let families = fam
        .families
        .iter()
        .map(|f| {
            let faces = f.units.iter().map(|&(i, _)| sign_text(&fam.faces[i].0)).collect();
            let s = f
                .units
                .iter()
                .map(|&(_, sk)| if sk > 0 { '+' } else { '-' })
                .collect();
            let mut r = FaceFamilyRecord {
                faces,
                s,
                answer: String::new(),
                pieces: Vec::new(),
                loss: None,
                witness: None,
                refutation: None,
                shape: None,
                flat: None,
                sharp: None,
            };
            match &f.answer {
                FamilyAnswer::Family {
                    loss,
                    point,
                    pieces,
                    kind,
                } => {
                    r.answer = "minima".into();
                    r.pieces = pieces.iter().map(piece_record).collect();
                    r.loss = Some(loss.clone());
                    r.witness = Some(point_record(inst, point));
                    match kind {
                        FamilyType::Flat { piece, u } => {
                            r.shape = Some("flat".into());
                            r.flat = Some(FlatPieceRecord {
                                piece: *piece,
                                u: u.clone(),
                            });
                        }
                        FamilyType::Sharp(reasons) => {
                            r.shape = Some("sharp".into());
                            r.sharp = Some(
                                reasons
                                    .iter()
                                    .map(|why| match why {
                                        NoInterior::Face(i) => NoInteriorRecord {
                                            face: Some(*i),
                                            fractional: None,
                                            motzkin: None,
                                        },
                                        NoInterior::Fractional(i) => NoInteriorRecord {
                                            face: None,
                                            fractional: Some(*i),
                                            motzkin: None,
                                        },
                                        NoInterior::Refuted(m) => NoInteriorRecord {
                                            face: None,
                                            fractional: None,
                                            motzkin: Some(m.record()),
                                        },
                                    })
                                    .collect(),
                            );
                        }
                    }
                }
                FamilyAnswer::Unequal { pieces } => {
                    r.answer = "unequal".into();
                    r.pieces = pieces.iter().map(piece_record).collect();
                }
                FamilyAnswer::Empty {
                    loss,
                    pieces,
                    refutation,
                } => {
                    r.answer = "empty".into();
                    r.pieces = pieces.iter().map(piece_record).collect();
                    r.loss = Some(loss.clone());
                    r.refutation = Some(refutation.record());
                }
            }
            r
        })
        .collect();
    let global = GlobalMinimumRecord {
        minimum: fam.global.value.clone(),
        witness: point_record(inst, &fam.global.point),
        pieces: fam
            .global
            .records
            .iter()
            .map(|g| GlobalPieceRecord {
                chambers: g
                    .chambers
                    .iter()
                    .map(|&c| report.chambers[c].sign_string())
                    .collect(),
                s: g.s.iter().map(|&sk| if sk > 0 { '+' } else { '-' }).collect(),
                minimum: g.value.clone(),
                minimiser: g.v.clone(),
                dual: g.duals.clone(),
            })
            .collect(),
    };
    let spurious = fam.spurious() > 0
        || report
            .cells
            .iter()
            .any(|c| c.inside.is_ok() && c.minimum.value > fam.global.value);
    cert.families = Some(HingeFamiliesRecord {
        faces: fam
            .faces
            .iter()
            .map(|(signs, witness)| ChamberRecord {
                signs: sign_text(signs),
                witness: witness.clone(),
            })
            .collect(),
        face_count: fam.face_count,
        families,
        global,
        spurious,
    });
    cert
}
