//! Descent directions: the exact one-sided directional derivative of the loss and a concrete
//! rational step at which the loss is lower (`proofs/local-minima-theorem.md`, Step 3).

use num_traits::{One, Signed, Zero};

use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::model::{self, Point};
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// The largest number of halvings of the step before giving up (the theory guarantees a
/// lower loss for every small enough step, so this only guards against bugs).
pub const MAX_HALVINGS: usize = 400;

/// A certified way down from a point.
#[derive(Clone, Debug, PartialEq)]
pub struct Descent {
    /// The unit whose condition failed, or `None` for the output bias (`Σ e_i ≠ 0`).
    pub unit: Option<usize>,
    /// Which condition of the theorem failed, in words.
    pub reason: String,
    /// The local region `T` (as `+`/`-`/`.` over the samples) the direction enters, if any.
    pub region: Option<String>,
    /// A shift of `w_unit` applied first, at exactly the same loss (only when `z_unit = 0`;
    /// the loss does not depend on `w_unit` then). It can be scaled down to any positive size.
    pub pre_shift: Option<Vec<Q>>,
    /// The direction: `Δz`, `Δw` (one row per unit) and `Δc`, from the (shifted) base point.
    pub dz: Vec<Q>,
    pub dw: Vec<Vec<Q>>,
    pub dc: Q,
    /// The exact one-sided directional derivative of `L` at the base point; `< 0`.
    pub derivative: Q,
    /// A rational step `t > 0` with `L(base + t·direction) < L(point)`.
    pub step: Q,
    /// The exact loss at `base + step·direction`.
    pub loss_at_step: Q,
}

/// `σ'(t; s)`, the one-sided derivative of `σ` at `t` in direction `s`.
fn sigma_directional(alpha: &Q, t: &Q, s: &Q) -> Q {
    if t.is_positive() || (t.is_zero() && s.is_positive()) {
        s.clone()
    } else {
        alpha * s
    }
}

/// The exact one-sided directional derivative of `L` at `p` along `(dz, dw, dc)`:
/// `(2/N) Σ_i e_i Σ_k [dz_k σ(w_k·x_i) + z_k σ'(w_k·x_i; dw_k·x_i)] [+ dc]`.
pub fn directional_derivative(inst: &Instance, p: &Point, dz: &[Q], dw: &[Vec<Q>], dc: &Q) -> Q {
    let e = model::residuals(inst, p);
    let mut total = Q::zero();
    for (x, ei) in inst.x.iter().zip(&e) {
        let mut df = if inst.output_bias { dc.clone() } else { Q::zero() };
        for k in 0..p.z.len() {
            let pre = dot(&p.w[k], x);
            df += &dz[k] * model::sigma(&inst.alpha, &pre);
            df += &p.z[k] * sigma_directional(&inst.alpha, &pre, &dot(&dw[k], x));
        }
        total += ei * df;
    }
    total * Q::from_integer(2.into()) / Q::from_integer((inst.n() as i64).into())
}

/// `p + t·(dz, dw, dc)`.
pub fn moved(p: &Point, t: &Q, dz: &[Q], dw: &[Vec<Q>], dc: &Q) -> Point {
    Point {
        z: p.z.iter().zip(dz).map(|(a, b)| a + t * b).collect(),
        w: p.w
            .iter()
            .zip(dw)
            .map(|(wk, dk)| wk.iter().zip(dk).map(|(a, b)| a + t * b).collect())
            .collect(),
        c: &p.c + t * dc,
    }
}

/// Complete a descent: check the derivative at `base` is negative, then halve `t` from 1 until
/// the exact loss at `base + t·direction` is below `target` (the loss of the original point).
pub fn finish(inst: &Instance, base: &Point, target: &Q, mut descent: Descent) -> Result<Descent> {
    let derivative = directional_derivative(inst, base, &descent.dz, &descent.dw, &descent.dc);
    if !derivative.is_negative() {
        return Err(Error::Refused(format!(
            "internal: the descent direction for {} has derivative {} ≥ 0",
            descent.reason, derivative
        )));
    }
    let half = Q::new(1.into(), 2.into());
    let mut t = Q::one();
    for _ in 0..MAX_HALVINGS {
        let q = moved(base, &t, &descent.dz, &descent.dw, &descent.dc);
        let l = model::loss(inst, &q);
        if &l < target {
            descent.derivative = derivative;
            descent.step = t;
            descent.loss_at_step = l;
            return Ok(descent);
        }
        t *= &half;
    }
    Err(Error::Refused(format!(
        "internal: no lower loss found along the descent direction for {}",
        descent.reason
    )))
}
