//! The checker's own construction of the design matrix `A` (Liu eq. (11)) and of the network
//! output, from the recorded instance only.

use num_traits::{One, Zero};

use relucert_exact::matrix::dot;
use relucert_exact::{Matrix, Q, QMatrix, Rat};
use relucert_format::InstanceRecord;

/// A chamber's signs as `+1`, `−1`, `0` per sample (`None` on another character).
pub fn parse_signs(text: &str) -> Option<Vec<i8>> {
    text.chars()
        .map(|c| match c {
            '+' => Some(1),
            '-' => Some(-1),
            '0' => Some(0),
            _ => None,
        })
        .collect()
}

/// The exact sign of a rational as `+1`, `−1`, `0`.
pub fn sign(v: &Q) -> i8 {
    if v.is_zero() {
        0
    } else if *v > Q::zero() {
        1
    } else {
        -1
    }
}

/// Whether sample `x` is the zero vector.
pub fn is_zero_sample(x: &[Q]) -> bool {
    x.iter().all(Zero::is_zero)
}

/// Number of unknowns `p = K d [+1]`.
pub fn unknowns(inst: &InstanceRecord) -> usize {
    inst.hidden * inst.x[0].len() + usize::from(inst.output_bias)
}

/// `A` with unit `k` in the chamber with signs `units[k]`: row `i` is
/// `(a_i1 x_iᵀ, …, a_iK x_iᵀ [, 1])`, `a_ik = 1` if the sign is `+`, else `α`.
pub fn design_matrix(inst: &InstanceRecord, units: &[Vec<i8>]) -> QMatrix {
    let p = unknowns(inst);
    let rows = inst
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = Vec::with_capacity(p);
            for signs in units {
                let a = if signs[i] == 1 {
                    Q::one()
                } else {
                    inst.alpha.clone()
                };
                row.extend(x.iter().map(|xt| &a * xt));
            }
            if inst.output_bias {
                row.push(Q::one());
            }
            row
        })
        .collect();
    QMatrix::from_rows(rows, p)
}

/// The network output `Σ_k z_k σ(w_k·x) [+ c]`, `σ(t) = t` for `t > 0`, `α t` otherwise.
pub fn output(inst: &InstanceRecord, z: &[Q], w: &[Vec<Q>], c: Option<&Q>, x: &[Q]) -> Q {
    let mut f = c.cloned().unwrap_or_else(Q::zero);
    for (zk, wk) in z.iter().zip(w) {
        let t = dot(wk, x);
        let act = if t > Q::zero() { t } else { &inst.alpha * t };
        f += zk * act;
    }
    f
}

/// `(1/N) Σ r_i²`.
pub fn mean_square(r: &[Q]) -> Q {
    let s: Q = r.iter().map(|v| v * v).sum();
    s / Q::from_integer((r.len() as i64).into())
}

/// The instance's numbers as [`Rat`] (machine words unless a number does not fit), converted
/// once per check for the per-cell rules.
pub struct SmallInstance {
    pub x: Vec<Vec<Rat>>,
    pub y: Vec<Rat>,
    pub alpha: Rat,
}

impl SmallInstance {
    /// Convert the recorded instance's numbers (exact: equal values).
    pub fn new(inst: &InstanceRecord) -> Self {
        SmallInstance {
            x: inst
                .x
                .iter()
                .map(|r| r.iter().map(Rat::from_q).collect())
                .collect(),
            y: inst.y.iter().map(Rat::from_q).collect(),
            alpha: Rat::from_q(&inst.alpha),
        }
    }
}

/// [`design_matrix`] over [`Rat`] (the same entries).
pub fn design_matrix_small(inst: &InstanceRecord, small: &SmallInstance, units: &[Vec<i8>]) -> Matrix<Rat> {
    let p = unknowns(inst);
    let rows = small
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = Vec::with_capacity(p);
            for signs in units {
                if signs[i] == 1 {
                    row.extend(x.iter().cloned());
                } else {
                    row.extend(x.iter().map(|xt| &small.alpha * xt));
                }
            }
            if inst.output_bias {
                row.push(Rat::int(1));
            }
            row
        })
        .collect();
    Matrix::from_rows(rows, p)
}

/// `(1/N) Σ r_i²` over [`Rat`].
pub fn mean_square_small(r: &[Rat]) -> Rat {
    let mut s = Rat::int(0);
    for v in r {
        s = s + v * v;
    }
    s / Rat::int(r.len() as i64)
}
