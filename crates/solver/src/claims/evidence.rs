//! The evidence a claim's predicate reads: an instance certified in memory (cells, families and
//! the `landscape` section), and optionally the same data with one hidden unit fewer.

use relucert_format::Certificate;
use relucert_format::family::FamilyRecord;
use relucert_format::landscape::FamilyShape;

use crate::certificate::build::certify;
use crate::certificate::landscape::attach_landscape;
use crate::error::{Error, Result};
use crate::feasibility::Route;
use crate::instance::Instance;

/// A certified instance.
#[derive(Clone, Debug)]
pub struct Evidence {
    /// The instance (after bias augmentation).
    pub instance: Instance,
    /// Its full certificate, with `minima` and `landscape`.
    pub certificate: Certificate,
    /// The certificate of the same data with `K − 1` hidden units, when the claim needs it.
    pub smaller: Option<Certificate>,
}

/// Certify `inst` fully in memory (no files): cells, families, landscape. Refused above
/// `family_limit` face/mode combinations.
pub fn certify_full(inst: &Instance, family_limit: u128) -> Result<Certificate> {
    let run = certify(inst, Route::FloatFirst, Some(family_limit), false)?;
    let mut cert = run.certificate;
    if cert.minima.is_none() {
        return Err(Error::Refused("the families stage did not run".into()));
    }
    attach_landscape(&mut cert);
    Ok(cert)
}

/// Certify `inst` (and, with `smaller`, the same data with `K − 1` units; refused when `K = 1`).
pub fn certify_evidence(inst: &Instance, smaller: bool, family_limit: u128) -> Result<Evidence> {
    let certificate = certify_full(inst, family_limit)?;
    let smaller = if smaller {
        if inst.hidden < 2 {
            return Err(Error::Refused(
                "the claim compares K − 1 with K units and needs K ≥ 2".into(),
            ));
        }
        let mut less = inst.clone();
        less.hidden -= 1;
        Some(certify_full(&less, family_limit)?)
    } else {
        None
    };
    Ok(Evidence {
        instance: inst.clone(),
        certificate,
        smaller,
    })
}

impl Evidence {
    /// The families with their shapes, in certificate order.
    pub fn families(&self) -> Vec<(&FamilyRecord, &FamilyShape)> {
        families_of(&self.certificate)
    }
}

/// The families of a certificate with their landscape shapes (empty when either is missing).
pub fn families_of(cert: &Certificate) -> Vec<(&FamilyRecord, &FamilyShape)> {
    match (&cert.minima, &cert.landscape) {
        (Some(minima), Some(land)) => minima.iter().zip(&land.minima).collect(),
        _ => Vec::new(),
    }
}

/// The global minimum of a certificate with families.
pub fn global_min(cert: &Certificate) -> relucert_exact::Q {
    cert.summary
        .global_min
        .clone()
        .unwrap_or_else(num_traits::Zero::zero)
}

/// The standard description lines of a family: faces, modes, loss, units, dimensions, witness.
pub fn family_lines(cert: &Certificate, fam: &FamilyRecord, shape: &FamilyShape) -> Vec<String> {
    vec![
        format!(
            "family: faces [{}], modes `{}`, loss {} (global minimum {}){}",
            fam.faces.join(", "),
            fam.modes,
            relucert_exact::format_q(&fam.loss),
            relucert_exact::format_q(&global_min(cert)),
            if fam.spurious { ", spurious" } else { "" }
        ),
        format!(
            "units: {}; dimension {} in (R, c), {} in (z, w, c){}",
            shape.units.join(", "),
            shape.dim_r,
            shape.dim_params,
            if shape.r_unique { " (R unique)" } else { "" }
        ),
        format!("local minimum: {}", super::point_text(&fam.witness)),
    ]
}
