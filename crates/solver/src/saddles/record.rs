//! The `saddles` section of the certificate from the per-combination answers.

use super::{SaddleAnswer, SaddleResult, SubsetReason};
use crate::cells::Chamber;
use crate::cells::genuine::sign_string;
use crate::certificate::saddle::{
    SaddleCellRecord, SaddleDescentRecord, SaddleWitnessRecord, SubsetRefutationRecord,
};
use crate::certificate::{MotzkinRecord, RefutationRecord};
use crate::feasibility::Motzkin;
use crate::instance::Instance;

fn motzkin_record(m: &Motzkin) -> MotzkinRecord {
    m.record()
}

/// One record per combination, in the order of `results`.
pub fn records(inst: &Instance, chambers: &[Chamber], results: &[SaddleResult]) -> Vec<SaddleCellRecord> {
    results.iter().map(|r| record(inst, chambers, r)).collect()
}

fn record(inst: &Instance, chambers: &[Chamber], r: &SaddleResult) -> SaddleCellRecord {
    let names = r.chambers.iter().map(|&c| chambers[c].sign_string()).collect();
    match &r.answer {
        SaddleAnswer::Saddle(p) => SaddleCellRecord {
            chambers: names,
            saddle: true,
            witness: Some(SaddleWitnessRecord {
                units: p.units.clone(),
                z: p.point.z.clone(),
                w: p.point.w.clone(),
                c: inst.output_bias.then(|| p.point.c.clone()),
                descent: SaddleDescentRecord {
                    dz: p.descent.dz.clone(),
                    dw: p.descent.dw.clone(),
                    dc: inst.output_bias.then(|| p.descent.dc.clone()),
                    second_order: p.descent.second_order.clone(),
                },
            }),
            refutation: None,
        },
        SaddleAnswer::None(list) => SaddleCellRecord {
            chambers: names,
            saddle: false,
            witness: None,
            refutation: Some(
                list.iter()
                    .map(|s| {
                        let (reason, unit, motzkin, refutation) = match &s.reason {
                            SubsetReason::ZeroGradient { unit } => ("zero-gradient", Some(*unit), None, None),
                            SubsetReason::Hyperplane { unit, refutation } => {
                                ("hyperplane", Some(*unit), Some(motzkin_record(refutation)), None)
                            }
                            SubsetReason::NotGenuine(list) => (
                                "not-genuine",
                                None,
                                None,
                                Some(
                                    list.iter()
                                        .map(|(sv, m)| RefutationRecord {
                                            s: sign_string(sv),
                                            motzkin: m.record(),
                                        })
                                        .collect(),
                                ),
                            ),
                        };
                        SubsetRefutationRecord {
                            units: s.units.clone(),
                            least_squares: s.v.clone(),
                            reason: reason.to_string(),
                            unit,
                            motzkin,
                            refutation,
                        }
                    })
                    .collect(),
            ),
        },
    }
}

/// Decide the saddle points of every combination of a cell run and write the `saddles`
/// section into its certificate (`certify --saddles`). Returns the per-combination answers.
pub fn attach(
    run: &mut crate::certificate::build::CellsRun,
    inst: &Instance,
    route: crate::feasibility::Route,
) -> Vec<SaddleResult> {
    let results = super::analyse(inst, &run.chambers, &run.results, route);
    run.certificate.saddles = Some(records(inst, &run.chambers, &results));
    results
}
