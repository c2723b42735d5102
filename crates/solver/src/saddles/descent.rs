//! The second-order descent of a saddle point. At a critical point inside the cells with a unit
//! `j` having `z_j = 0` and `G_j ≠ 0`, move along the straight line
//! `z_j(t) = −s t`, `w_j(t) = w_j + t G_j` (everything else fixed). For small `t` the
//! activation pattern is unchanged, so `f(x_i)` changes by `−s t a_ij w_j·x_i − s t² a_ij G_j·x_i`
//! and the loss is a polynomial in `t` with coefficient of `t` zero (the gradient vanishes) and
//! coefficient of `t²`
//!
//! `(1/N) Σ_i (f1_i² + 2 e_i f2_i) = (1/N) (s² Q − 2 s ‖G_j‖²)`, `Q = Σ_i (a_ij w_j·x_i)²`.
//!
//! With `s = ‖G_j‖²/Q` it is `−s ‖G_j‖²/N < 0` (`Q > 0` whenever `G_j ≠ 0`: some sample with
//! `a_ij x_i ≠ 0` exists, and `w_j·x_i ≠ 0` inside the chamber).

use num_traits::Zero;

use crate::instance::Instance;
use crate::model::Point;
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// A straight direction `(dz, dw, dc)` and the loss's coefficient of `t²` along it.
#[derive(Clone, Debug, PartialEq)]
pub struct SecondOrder {
    pub dz: Vec<Q>,
    pub dw: Vec<Vec<Q>>,
    pub dc: Q,
    pub second_order: Q,
}

/// The coefficients `(t, t²)` of the loss along `p + t (dz, dw, dc)` while the activation
/// pattern of `p` is kept (every `w_k` strictly inside a chamber).
pub fn line_coefficients(inst: &Instance, p: &Point, dz: &[Q], dw: &[Vec<Q>], dc: &Q) -> (Q, Q) {
    let mut first = Q::zero();
    let mut second = Q::zero();
    for (x, y) in inst.x.iter().zip(&inst.y) {
        let mut f0 = if inst.output_bias { p.c.clone() } else { Q::zero() };
        let mut f1 = if inst.output_bias { dc.clone() } else { Q::zero() };
        let mut f2 = Q::zero();
        for k in 0..p.z.len() {
            let pre = dot(&p.w[k], x);
            let a = crate::model::activation(&inst.alpha, &pre);
            let dpre = dot(&dw[k], x);
            f0 += &p.z[k] * &a * &pre;
            f1 += &a * (&dz[k] * &pre + &p.z[k] * &dpre);
            f2 += &a * &dz[k] * &dpre;
        }
        let e = f0 - y;
        first += Q::from_integer(2.into()) * &e * &f1;
        second += &f1 * &f1 + Q::from_integer(2.into()) * &e * &f2;
    }
    let n = Q::from_integer((inst.n() as i64).into());
    (first / &n, second / n)
}

/// The descent of the module docs for unit `j` with gradient `g` (`G_j ≠ 0`, `z_j = 0`).
pub fn dead_unit_descent(inst: &Instance, p: &Point, j: usize, g: &[Q]) -> SecondOrder {
    let k = p.z.len();
    let d = inst.d();
    let g2 = dot(g, g);
    let q: Q = inst
        .x
        .iter()
        .map(|x| {
            let pre = dot(&p.w[j], x);
            let v = crate::model::activation(&inst.alpha, &pre) * pre;
            &v * &v
        })
        .sum();
    let s = if q.is_zero() {
        Q::from_integer(1.into())
    } else {
        &g2 / &q
    };
    let mut dz = vec![Q::zero(); k];
    let mut dw = vec![vec![Q::zero(); d]; k];
    dz[j] = -s;
    dw[j] = g.to_vec();
    let dc = Q::zero();
    let (_, second_order) = line_coefficients(inst, p, &dz, &dw, &dc);
    SecondOrder {
        dz,
        dw,
        dc,
        second_order,
    }
}
