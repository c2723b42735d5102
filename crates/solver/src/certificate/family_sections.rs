//! Building the families' certificate sections (`minima`, `family_refutations`) from a
//! families report: the solver's side of the format records in [`relucert_format::family`].

use relucert_exact::Q;
use relucert_format::family::{FamilyRecord, FamilyRefutationRecord, PointRecord, RegionRecord};

use crate::families::{FamiliesReport, FamilyOutcome, FamilyResult};
use crate::point::local_region::LocalRegion;

/// Everything the families stage adds to a certificate.
#[derive(Clone, Debug, PartialEq)]
pub struct FamilySections {
    /// The non-empty families, in canonical order.
    pub minima: Vec<FamilyRecord>,
    /// The empty combinations, in canonical order.
    pub refutations: Vec<FamilyRefutationRecord>,
    /// The least family loss.
    pub global_min: Q,
    /// The number of spurious families.
    pub spurious: u64,
    /// `"no-spurious-minima"` or `"spurious-minima"`.
    pub verdict: String,
}

fn region_record(r: &LocalRegion, n: usize, values: Option<&Vec<Q>>) -> RegionRecord {
    let (mut lambda, mut mu) = (Vec::new(), Vec::new());
    if let Some(values) = values {
        for ((_, in_t), v) in r.zero_samples().into_iter().zip(values) {
            if in_t {
                lambda.push(v.clone());
            } else {
                mu.push(v.clone());
            }
        }
    }
    RegionRecord {
        region: r.signs_text(n),
        direction: r.witness.clone(),
        lambda,
        mu,
    }
}

fn regions_of(
    result: &FamilyResult,
    n: usize,
    multipliers: Option<&Vec<Vec<Vec<Q>>>>,
) -> Vec<Vec<RegionRecord>> {
    result
        .regions
        .iter()
        .enumerate()
        .map(|(k, regs)| {
            regs.iter()
                .enumerate()
                .map(|(t, r)| region_record(r, n, multipliers.map(|m| &m[k][t])))
                .collect()
        })
        .collect()
}

/// The length of the JSON text of one family's record (for the size estimate).
pub fn record_len(r: &FamilyResult, n: usize, output_bias: bool) -> usize {
    let faces: Vec<String> = r.faces.iter().map(|f| f.to_string()).collect();
    match &r.outcome {
        FamilyOutcome::Exists {
            loss,
            point,
            multipliers,
            differentiable,
        } => relucert_format::json_file::to_json(&FamilyRecord {
            faces,
            modes: r.modes_text(),
            loss: loss.clone(),
            witness: PointRecord {
                z: point.z.clone(),
                w: point.w.clone(),
                c: output_bias.then(|| point.c.clone()),
            },
            multipliers: regions_of(r, n, Some(multipliers)),
            differentiable: *differentiable,
            spurious: false,
        })
        .len(),
        FamilyOutcome::Empty { refutation } => relucert_format::json_file::to_json(&FamilyRefutationRecord {
            faces,
            modes: r.modes_text(),
            regions: regions_of(r, n, None),
            motzkin: refutation.record(),
        })
        .len(),
    }
}

impl FamilySections {
    /// Build the records from a families report (`n` samples; `output_bias` whether `c` is
    /// written). `None` when no family is non-empty (the theorem excludes it).
    pub fn from_report(report: &FamiliesReport, n: usize, output_bias: bool) -> Option<Self> {
        let global_min = report.global_min.clone()?;
        let mut minima = Vec::new();
        let mut refutations = Vec::new();
        for r in &report.results {
            let faces: Vec<String> = r.faces.iter().map(|f| f.to_string()).collect();
            match &r.outcome {
                FamilyOutcome::Exists {
                    loss,
                    point,
                    multipliers,
                    differentiable,
                } => minima.push(FamilyRecord {
                    faces,
                    modes: r.modes_text(),
                    loss: loss.clone(),
                    witness: PointRecord {
                        z: point.z.clone(),
                        w: point.w.clone(),
                        c: output_bias.then(|| point.c.clone()),
                    },
                    multipliers: regions_of(r, n, Some(multipliers)),
                    differentiable: *differentiable,
                    spurious: loss > &global_min,
                }),
                FamilyOutcome::Empty { refutation } => refutations.push(FamilyRefutationRecord {
                    faces,
                    modes: r.modes_text(),
                    regions: regions_of(r, n, None),
                    motzkin: refutation.record(),
                }),
            }
        }
        Some(FamilySections {
            minima,
            refutations,
            global_min,
            spurious: report.spurious.len() as u64,
            verdict: report.verdict().to_string(),
        })
    }
}
