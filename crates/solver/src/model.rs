//! The network `f(x) = Σ_k z_k σ(w_k·x) [+ c]` with `σ(t) = max(t,0) + α·min(t,0)` and the
//! squared loss `L = (1/N) Σ_i (f(x_i) − y_i)²` (Liu's normalisation; the decomposition paper's
//! `½Σ` is `N/2` times this).

use num_traits::Zero;

use crate::instance::Instance;
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// A point of weight space: output weights `z`, hidden weights `w` (one row per unit), and the
/// output bias `c` (zero and ignored when the instance has none).
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    pub z: Vec<Q>,
    pub w: Vec<Vec<Q>>,
    pub c: Q,
}

/// The leaky ReLU `σ(t) = max(t,0) + α·min(t,0)`.
pub fn sigma(alpha: &Q, t: &Q) -> Q {
    if t > &Q::zero() { t.clone() } else { alpha * t }
}

/// The activation factor `a = 1` when `w·x > 0`, else `α` (SPEC §1).
pub fn activation(alpha: &Q, pre: &Q) -> Q {
    if pre > &Q::zero() {
        Q::from_integer(1.into())
    } else {
        alpha.clone()
    }
}

/// The network output `f(x)` at `point`.
pub fn output(inst: &Instance, point: &Point, x: &[Q]) -> Q {
    let mut f = if inst.output_bias {
        point.c.clone()
    } else {
        Q::zero()
    };
    for (zk, wk) in point.z.iter().zip(&point.w) {
        f += zk * sigma(&inst.alpha, &dot(wk, x));
    }
    f
}

/// The residuals `e_i = f(x_i) − y_i`.
pub fn residuals(inst: &Instance, point: &Point) -> Vec<Q> {
    inst.x
        .iter()
        .zip(&inst.y)
        .map(|(x, y)| output(inst, point, x) - y)
        .collect()
}

/// The loss `(1/N) Σ e_i²`.
pub fn loss(inst: &Instance, point: &Point) -> Q {
    mean_square(&residuals(inst, point))
}

/// `(1/N) Σ e_i²` for a residual vector (`0` for an empty one).
pub fn mean_square(e: &[Q]) -> Q {
    if e.is_empty() {
        return Q::zero();
    }
    let s: Q = e.iter().map(|v| v * v).sum();
    s / Q::from_integer((e.len() as i64).into())
}
