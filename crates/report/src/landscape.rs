//! The landscape of a certificate in a few lines: what `relucert show` prints and what
//! `certify --json` can share.
//!
//! Families of local minima (SPEC §4) are grouped by their exact loss into **levels**: each
//! level has its loss, whether it is spurious (above the global minimum), how many families
//! lie on it (differentiable / on a boundary), and one representative witness `(z, w [, c])`.
//! Cell combinations (SPEC §3) are grouped by their subglobal loss (Liu eq. (14)), with the
//! number of multisets, of ordered assignments and of genuine ones. The **global minimum** is
//! the least family loss; the **verdict** is `no-spurious-minima` when no level lies above it.
//!
//! A [`LandscapeBuilder`] takes records one at a time (see [`crate::stream`]), so memory grows
//! with the number of distinct losses, never with the number of records. Nothing here is
//! verified: the summary states what the certificate claims; `relucert check` verifies it.

use std::collections::BTreeMap;

use relucert_exact::{Q, format_q};
use relucert_format::InstanceRecord;
use relucert_format::family::PointRecord;
use serde_json::{Value, json};

use crate::approx::to_f64;

/// The arrangement counts a certificate states.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArrangementCounts {
    /// Chambers listed (each with a witness).
    pub chambers: u64,
    /// The Whitney/Zaslavsky number of chambers stated.
    pub chamber_count: u64,
    /// Faces listed, when the families stage ran.
    pub faces: Option<u64>,
    /// The Zaslavsky number of faces stated, when present.
    pub face_count: Option<u64>,
}

/// Cell combinations sharing one subglobal loss.
#[derive(Clone, Debug, PartialEq)]
pub struct CellGroup {
    /// The subglobal loss `(1/N)‖AA⁺y − y‖²`.
    pub loss: Q,
    /// Multisets of chambers with this loss.
    pub combinations: u64,
    /// Ordered assignments (sum of multiplicities).
    pub ordered: u64,
    /// Genuine multisets among them.
    pub genuine: u64,
    /// The chambers of a representative combination (the first genuine one, else the first).
    pub example: Vec<String>,
}

/// Families of local minima sharing one loss.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// The loss, constant on each family.
    pub loss: Q,
    /// `loss > global minimum`.
    pub spurious: bool,
    /// Number of families on this level.
    pub families: u64,
    /// Of which differentiable (every unit with `z_k ≠ 0` inside a chamber).
    pub differentiable: u64,
    /// The faces and modes of the representative family.
    pub faces: Vec<String>,
    pub modes: String,
    /// A local minimum on this level (the representative family's witness).
    pub witness: PointRecord,
}

/// The summary of one certificate.
#[derive(Clone, Debug, PartialEq)]
pub struct Landscape {
    /// The `format` field.
    pub format: String,
    /// The instance (after bias augmentation).
    pub instance: InstanceRecord,
    /// Counts of the arrangement.
    pub arrangement: ArrangementCounts,
    /// Cell multisets, ordered assignments, genuine multisets.
    pub cells: u64,
    pub cells_ordered: u64,
    pub genuine: u64,
    /// Cells grouped by loss, increasing.
    pub cell_groups: Vec<CellGroup>,
    /// Families grouped by loss, increasing (`None`: the certificate has no families).
    pub levels: Option<Vec<Level>>,
    /// Empty face/mode combinations refuted (with families).
    pub refuted_families: u64,
    /// The least family loss.
    pub global_min: Option<Q>,
}

impl Landscape {
    /// `"no-spurious-minima"` or `"spurious-minima"`, when the certificate has families.
    pub fn verdict(&self) -> Option<&'static str> {
        self.levels.as_ref().map(|levels| {
            if levels.iter().any(|l| l.spurious) {
                "spurious-minima"
            } else {
                "no-spurious-minima"
            }
        })
    }

    /// Number of samples `N`.
    pub fn samples(&self) -> usize {
        self.instance.x.len()
    }

    /// Dimension `d` of weight space (after bias augmentation).
    pub fn dim(&self) -> usize {
        self.instance.x.first().map_or(0, Vec::len)
    }

    /// The losses of local minima to mark on pictures, each with "is global": the family
    /// levels when present; else only the least genuine cell loss (the least differentiable
    /// local minimum: without families nothing is known about the others' standing).
    pub fn minimum_losses(&self) -> Vec<(Q, bool)> {
        match (&self.levels, &self.global_min) {
            (Some(levels), Some(g)) => levels.iter().map(|l| (l.loss.clone(), &l.loss == g)).collect(),
            _ => self
                .cell_groups
                .iter()
                .find(|g| g.genuine > 0)
                .map(|g| vec![(g.loss.clone(), true)])
                .unwrap_or_default(),
        }
    }

    /// The summary as JSON: `{"format", "instance", "arrangement", "verdict", "global_min",
    /// "levels": [{"loss", "approx", "spurious", "families", "differentiable", "boundary",
    /// "faces", "modes", "witness": {"z", "w", "c"}}], "cells": {...}, "certificate"}`.
    /// Rationals are exact strings; `approx` fields are floats for display only.
    pub fn to_json(&self, certificate: &str) -> Value {
        let q = |v: &Q| Value::String(format_q(v));
        let vec = |v: &[Q]| Value::Array(v.iter().map(q).collect());
        let levels = self.levels.as_ref().map(|levels| {
            levels
                .iter()
                .map(|l| {
                    json!({
                        "loss": q(&l.loss),
                        "approx": to_f64(&l.loss),
                        "spurious": l.spurious,
                        "families": l.families,
                        "differentiable": l.differentiable,
                        "boundary": l.families - l.differentiable,
                        "faces": l.faces,
                        "modes": l.modes,
                        "witness": {
                            "z": vec(&l.witness.z),
                            "w": Value::Array(l.witness.w.iter().map(|r| vec(r)).collect()),
                            "c": l.witness.c.as_ref().map_or(Value::Null, q),
                        },
                    })
                })
                .collect::<Vec<_>>()
        });
        json!({
            "format": self.format,
            "instance": {
                "samples": self.samples(),
                "dim": self.dim(),
                "hidden": self.instance.hidden,
                "alpha": q(&self.instance.alpha),
                "bias": self.instance.bias,
                "output_bias": self.instance.output_bias,
                "x": Value::Array(self.instance.x.iter().map(|r| vec(r)).collect()),
                "y": vec(&self.instance.y),
            },
            "arrangement": {
                "chambers": self.arrangement.chambers,
                "chamber_count": self.arrangement.chamber_count,
                "faces": self.arrangement.faces,
                "face_count": self.arrangement.face_count,
            },
            "verdict": self.verdict(),
            "global_min": self.global_min.as_ref().map_or(Value::Null, q),
            "global_min_approx": self.global_min.as_ref().map(to_f64),
            "levels": levels,
            "refuted_families": self.levels.as_ref().map(|_| self.refuted_families),
            "cells": {
                "combinations": self.cells,
                "ordered": self.cells_ordered,
                "genuine": self.genuine,
                "groups": self.cell_groups.iter().map(|g| json!({
                    "loss": q(&g.loss),
                    "approx": to_f64(&g.loss),
                    "combinations": g.combinations,
                    "ordered": g.ordered,
                    "genuine": g.genuine,
                    "example": g.example,
                })).collect::<Vec<_>>(),
            },
            "certificate": certificate,
        })
    }
}

/// Collects records one at a time into a [`Landscape`].
#[derive(Debug, Default)]
pub struct LandscapeBuilder {
    format: Option<String>,
    instance: Option<InstanceRecord>,
    arrangement: Option<ArrangementCounts>,
    cells: u64,
    cells_ordered: u64,
    genuine: u64,
    cell_groups: BTreeMap<Q, CellGroup>,
    families: Option<BTreeMap<Q, Level>>,
    refuted_families: u64,
}

impl LandscapeBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `format` field.
    pub fn format(&mut self, format: String) {
        self.format = Some(format);
    }

    /// The instance record.
    pub fn instance(&mut self, instance: InstanceRecord) {
        self.instance = Some(instance);
    }

    /// The arrangement counts.
    pub fn arrangement(&mut self, counts: ArrangementCounts) {
        self.arrangement = Some(counts);
    }

    /// One cell combination. Multiplicities are added with overflow checks.
    pub fn cell(
        &mut self,
        chambers: &[String],
        multiplicity: u64,
        loss: Q,
        genuine: bool,
    ) -> Result<(), String> {
        self.cells += 1;
        self.cells_ordered = self
            .cells_ordered
            .checked_add(multiplicity)
            .ok_or("the sum of cell multiplicities overflows 64 bits")?;
        self.genuine += u64::from(genuine);
        let group = self.cell_groups.entry(loss.clone()).or_insert_with(|| CellGroup {
            loss,
            combinations: 0,
            ordered: 0,
            genuine: 0,
            example: chambers.to_vec(),
        });
        if genuine && group.genuine == 0 {
            group.example = chambers.to_vec();
        }
        group.combinations += 1;
        group.ordered = group.ordered.saturating_add(multiplicity);
        group.genuine += u64::from(genuine);
        Ok(())
    }

    /// Declare that the certificate has families (even if none follows).
    pub fn has_families(&mut self) {
        self.families.get_or_insert_with(BTreeMap::new);
    }

    /// One non-empty family of local minima.
    pub fn family(
        &mut self,
        faces: &[String],
        modes: &str,
        loss: Q,
        witness: &PointRecord,
        differentiable: bool,
    ) {
        let levels = self.families.get_or_insert_with(BTreeMap::new);
        let level = levels.entry(loss.clone()).or_insert_with(|| Level {
            loss,
            spurious: false,
            families: 0,
            differentiable: 0,
            faces: faces.to_vec(),
            modes: modes.to_string(),
            witness: witness.clone(),
        });
        level.families += 1;
        level.differentiable += u64::from(differentiable);
    }

    /// One empty face/mode combination (refuted).
    pub fn refuted_family(&mut self) {
        self.has_families();
        self.refuted_families += 1;
    }

    /// The summary; errors name a missing section.
    pub fn finish(self) -> Result<Landscape, String> {
        let instance = self.instance.ok_or("no instance record")?;
        let arrangement = self.arrangement.ok_or("no arrangement record")?;
        let levels: Option<Vec<Level>> = self.families.map(|m| m.into_values().collect());
        let global_min = levels.as_ref().and_then(|l| l.first().map(|l| l.loss.clone()));
        let levels = levels.map(|mut levels| {
            if let Some(g) = &global_min {
                for l in &mut levels {
                    l.spurious = &l.loss > g;
                }
            }
            levels
        });
        Ok(Landscape {
            format: self.format.ok_or("no format field")?,
            instance,
            arrangement,
            cells: self.cells,
            cells_ordered: self.cells_ordered,
            genuine: self.genuine,
            cell_groups: self.cell_groups.into_values().collect(),
            levels,
            refuted_families: self.refuted_families,
            global_min,
        })
    }
}

/// How losses are displayed. Certificates always hold Liu's `L = (1/N) Σ_i e_i²`; the
/// decomposition paper writes `½ Σ_i e_i²`, which is `N/2 · L`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Normalisation {
    /// `(1/N) Σ e_i²`, the certificate's values.
    #[default]
    Mean,
    /// `½ Σ e_i²` (decomposition paper), `N/2` times the certificate's values.
    HalfSum,
}

impl Normalisation {
    /// The displayed value of a certificate loss for `n` samples (exact).
    pub fn scale(self, loss: &Q, n: usize) -> Q {
        match self {
            Normalisation::Mean => loss.clone(),
            Normalisation::HalfSum => loss * Q::new((n as i64).into(), 2.into()),
        }
    }

    /// The formula, for captions.
    pub fn formula(self) -> &'static str {
        match self {
            Normalisation::Mean => {
                "L = (1/N) Σᵢ (f(xᵢ) − yᵢ)² (Liu's normalisation, as stored in the certificate)"
            }
            Normalisation::HalfSum => {
                "½ Σᵢ (f(xᵢ) − yᵢ)² (the decomposition paper's normalisation) = N/2 · L, where L = (1/N) Σᵢ (f(xᵢ) − yᵢ)² is the certificate's value"
            }
        }
    }
}
