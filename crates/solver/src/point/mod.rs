//! The point classifier (SPEC §4): decide exactly whether a given point is a local minimum of
//! the loss, with the multipliers `λ, μ` of every unit and local region as the proof, or a
//! descent direction with an exactly negative one-sided derivative and a concrete lower point.
//!
//! The mathematics is `proofs/local-minima-theorem.md`; the code checks its conditions in the
//! same order: output bias (`Σ e_i = 0`), then unit by unit, region by region.

pub mod cone;
pub mod descent;
pub mod local_region;
pub mod point_file;
pub mod shape;

use num_traits::{Signed, Zero};

pub use cone::{ConeAnswer, cone_test};
pub use descent::{Descent, directional_derivative};
pub use local_region::{LocalRegion, local_regions, region_gradient, vanishing_samples};

use crate::arrangement::SignVector;
use crate::error::{Error, Result};
use crate::feasibility::Route;
use crate::instance::Instance;
use crate::model::{self, Point};
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// The multipliers proving condition 2 (or 3) for one unit and one local region `T`.
#[derive(Clone, Debug, PartialEq)]
pub struct RegionMultipliers {
    /// The unit `k`.
    pub unit: usize,
    /// The region `T` over all samples: `+` for `T`, `-` for `Z'_k∖T`, `.` elsewhere.
    pub region: String,
    /// `G_k(T)` at the point.
    pub gradient: Vec<Q>,
    /// `(i, λ_i)` for `i ∈ T` (empty when `z_k = 0`: then `G_k(T) = 0`).
    pub lambda: Vec<(usize, Q)>,
    /// `(i, μ_i)` for `i ∈ Z'_k∖T`.
    pub mu: Vec<(usize, Q)>,
}

/// The verdict of the classifier with its proof.
// One verdict per classified point: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// A local minimum: `m_k G_k(T) = Σ_T λ_i x_i − Σ_{Z'∖T} μ_i x_i` for every `(k, T)` with
    /// `z_k ≠ 0`, and `G_k(T) = 0` for every `(k, T)` with `z_k = 0`.
    LocalMin { multipliers: Vec<RegionMultipliers> },
    /// Not a local minimum, with a certified descent.
    NotLocalMin { descent: Descent },
}

/// Everything the classifier reports about a point.
#[derive(Clone, Debug, PartialEq)]
pub struct Classification {
    /// The exact loss `L`.
    pub loss: Q,
    /// The residuals `e_i = f(x_i) − y_i`.
    pub residuals: Vec<Q>,
    /// The face of every unit's weight vector.
    pub faces: Vec<SignVector>,
    /// True when every `w_k` lies inside a chamber (no non-zero sample on its hyperplane).
    pub inside_chambers: bool,
    /// True when `L` is differentiable at the point: every unit with `z_k ≠ 0` is inside a chamber.
    pub differentiable: bool,
    /// Whether the gradient vanishes (only when differentiable).
    pub critical: Option<bool>,
    /// Critical but not a local minimum (Liu Thm 2's situation); only when differentiable.
    pub saddle: Option<bool>,
    /// The verdict.
    pub verdict: Verdict,
}

impl Classification {
    /// True for a local minimum.
    pub fn is_local_min(&self) -> bool {
        matches!(self.verdict, Verdict::LocalMin { .. })
    }
}

/// Check that the point's shapes match the instance: `K` output weights, `K` rows of `d`.
pub fn check_shape(inst: &Instance, p: &Point) -> Result<()> {
    let k = inst.hidden;
    if p.z.len() != k {
        return Err(Error::Input(format!(
            "z: expected {k} output weights (hidden = {k}), found {}",
            p.z.len()
        )));
    }
    if p.w.len() != k {
        return Err(Error::Input(format!(
            "w: expected {k} rows (one per hidden unit), found {}",
            p.w.len()
        )));
    }
    for (j, row) in p.w.iter().enumerate() {
        if row.len() != inst.d() {
            return Err(Error::Input(format!(
                "w[{j}]: expected {} entries (the sample dimension{}), found {}",
                inst.d(),
                if inst.bias {
                    ", bias coordinate included"
                } else {
                    ""
                },
                row.len()
            )));
        }
    }
    Ok(())
}

fn sign_q(v: &Q) -> Q {
    if v.is_positive() {
        Q::from_integer(1.into())
    } else if v.is_negative() {
        Q::from_integer((-1).into())
    } else {
        Q::zero()
    }
}

/// Classify `p` exactly (SPEC §4 "Point classifier").
pub fn classify(inst: &Instance, p: &Point, route: Route) -> Result<Classification> {
    check_shape(inst, p)?;
    let k_units = inst.hidden;
    let d = inst.d();
    let loss = model::loss(inst, p);
    let e = model::residuals(inst, p);
    let faces: Vec<SignVector> = p.w.iter().map(|w| SignVector::of_point(&inst.x, w)).collect();
    let zero_sets: Vec<Vec<usize>> = faces.iter().map(|f| vanishing_samples(&inst.x, f)).collect();
    let inside_chambers = zero_sets.iter().all(|z| z.is_empty());
    let differentiable = (0..k_units).all(|k| p.z[k].is_zero() || zero_sets[k].is_empty());

    let no_dz = vec![Q::zero(); k_units];
    let no_dw = vec![vec![Q::zero(); d]; k_units];
    let blank = |unit: Option<usize>, reason: String, region: Option<String>| Descent {
        unit,
        reason,
        region,
        pre_shift: None,
        dz: no_dz.clone(),
        dw: no_dw.clone(),
        dc: Q::zero(),
        derivative: Q::zero(),
        step: Q::zero(),
        loss_at_step: Q::zero(),
    };

    let mut descent: Option<Descent> = None;
    let mut multipliers = Vec::new();
    let bias_sum: Q = e.iter().sum();
    let bias_ok = !inst.output_bias || bias_sum.is_zero();
    if !bias_ok {
        let mut dsc = blank(None, "output bias: Σ e_i ≠ 0".into(), None);
        dsc.dc = -sign_q(&bias_sum);
        descent = Some(descent::finish(inst, p, &loss, dsc)?);
    }
    // Gradient of a differentiable point: Σe = 0, z_k G_k = 0, G_k·w_k = 0.
    let mut critical = bias_ok;

    for k in 0..k_units {
        let regions = local_regions(&inst.x, &zero_sets[k]);
        for region in &regions {
            let g = region_gradient(&inst.x, &inst.alpha, &faces[k], region, &e);
            let region_text = region.signs_text(inst.n());
            if !dot(&g, &p.w[k]).is_zero() || (!p.z[k].is_zero() && g.iter().any(|v| !v.is_zero())) {
                critical = false;
            }
            if p.z[k].is_zero() {
                if g.iter().all(|v| v.is_zero()) {
                    multipliers.push(RegionMultipliers {
                        unit: k,
                        region: region_text,
                        gradient: g,
                        lambda: Vec::new(),
                        mu: Vec::new(),
                    });
                } else if descent.is_none() {
                    descent = Some(dead_unit_descent(
                        inst,
                        p,
                        &loss,
                        k,
                        region,
                        &g,
                        region_text,
                        &blank,
                    )?);
                }
                continue;
            }
            let m = sign_q(&p.z[k]);
            let mg: Vec<Q> = g.iter().map(|v| &m * v).collect();
            match cone_test(&inst.x, region, &mg, route)? {
                ConeAnswer::Member { lambda, mu } => multipliers.push(RegionMultipliers {
                    unit: k,
                    region: region_text,
                    gradient: g,
                    lambda,
                    mu,
                }),
                ConeAnswer::Separated { direction } => {
                    if descent.is_none() {
                        let mut dsc = blank(
                            Some(k),
                            format!("unit {k}: sign(z_k)·G_k(T) is not in the cone of region T"),
                            Some(region_text),
                        );
                        dsc.dw[k] = direction;
                        descent = Some(descent::finish(inst, p, &loss, dsc)?);
                    }
                }
            }
        }
    }
    let local_min = descent.is_none();
    let verdict = match descent {
        None => Verdict::LocalMin { multipliers },
        Some(descent) => Verdict::NotLocalMin { descent },
    };
    Ok(Classification {
        loss,
        residuals: e,
        faces,
        inside_chambers,
        differentiable,
        critical: differentiable.then_some(critical),
        saddle: differentiable.then_some(critical && !local_min),
        verdict,
    })
}

/// Condition 3 fails: `z_k = 0` and `G_k(T) ≠ 0`. Shift `w_k` into the open region `T` if
/// needed (loss unchanged), then move `z_k` against `G_k(T)·w'_k`.
#[allow(clippy::too_many_arguments)]
fn dead_unit_descent(
    inst: &Instance,
    p: &Point,
    loss: &Q,
    k: usize,
    region: &LocalRegion,
    g: &[Q],
    region_text: String,
    blank: &dyn Fn(Option<usize>, String, Option<String>) -> Descent,
) -> Result<Descent> {
    let mut dsc = blank(
        Some(k),
        format!("unit {k}: z_k = 0 but G_k(T) ≠ 0"),
        Some(region_text),
    );
    let mut base = p.clone();
    let mut gw = dot(g, &p.w[k]);
    if gw.is_zero() {
        // v strictly inside T with g·v ≠ 0: the witness, or witness + ηg for a small η > 0.
        let mut v = region.witness.clone();
        if dot(g, &v).is_zero() {
            let half = Q::new(1.into(), 2.into());
            let mut eta = Q::from_integer(1.into());
            loop {
                let cand: Vec<Q> = v.iter().zip(g).map(|(a, b)| a + &eta * b).collect();
                let strict = region
                    .positive
                    .iter()
                    .all(|&i| dot(&cand, &inst.x[i]).is_positive())
                    && region
                        .negative
                        .iter()
                        .all(|&i| dot(&cand, &inst.x[i]).is_negative());
                if strict {
                    v = cand;
                    break;
                }
                eta *= &half;
            }
        }
        // Shrink the shift until no sign off Z'_k changes (then w'_k is in the open region).
        let half = Q::new(1.into(), 2.into());
        let mut delta = Q::from_integer(1.into());
        let old = SignVector::of_point(&inst.x, &p.w[k]);
        loop {
            let shifted: Vec<Q> = p.w[k].iter().zip(&v).map(|(a, b)| a + &delta * b).collect();
            let new = SignVector::of_point(&inst.x, &shifted);
            let keeps = old
                .signs()
                .iter()
                .zip(new.signs())
                .enumerate()
                .all(|(i, (a, b))| a == b || region.positive.contains(&i) || region.negative.contains(&i));
            if keeps {
                let shift: Vec<Q> = v.iter().map(|b| &delta * b).collect();
                base.w[k] = shifted;
                dsc.pre_shift = Some(shift);
                break;
            }
            delta *= &half;
        }
        gw = dot(g, &base.w[k]);
    }
    dsc.dz[k] = -sign_q(&gw);
    descent::finish(inst, &base, loss, dsc)
}
