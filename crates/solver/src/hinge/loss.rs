//! The binary hinge loss (Laurent & von Brecht; SPEC §1): `L = (1/N) Σ_i max(0, 1 − y_i f(x_i))`,
//! labels `y_i ∈ {−1, +1}`.

use num_traits::Zero;

use crate::instance::Instance;
use crate::model::{self, Point};
use relucert_exact::Q;

/// `(1/N) Σ max(0, 1 − y_i f_i)` for outputs `f`.
pub fn hinge_of_outputs(y: &[Q], f: &[Q]) -> Q {
    let one = Q::from_integer(1.into());
    let s: Q = y
        .iter()
        .zip(f)
        .map(|(yi, fi)| {
            let m = &one - yi * fi;
            if m > Q::zero() { m } else { Q::zero() }
        })
        .sum();
    s / Q::from_integer((y.len() as i64).into())
}

/// The hinge loss at a point.
pub fn hinge_loss(inst: &Instance, p: &Point) -> Q {
    let f: Vec<Q> = inst.x.iter().map(|x| model::output(inst, p, x)).collect();
    hinge_of_outputs(&inst.y, &f)
}
