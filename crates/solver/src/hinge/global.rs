//! The exact global minimum of the hinge loss over all weights (`proofs/hinge-cells.md` §6).
//!
//! Every point with all `z_k ≠ 0` lies in the closed set of some cell combination `C` and sign
//! vector `s ∈ {±1}^K` (`s_k = sign z_k`): `{ s_k R_k·x_i ≥ 0` on the `+` samples of unit `k`'s
//! chamber, `≤ 0` on its `−` samples `}`, where the loss is `g(v) = (1/N) Σ max(0, 1 − y_i (A v)_i)`
//! with `A` the combination's design matrix (`γ = 1` on `+` samples, `α` on `−`); a unit with
//! `z_k = 0` is the point `R_k = 0` of every such set. So the global minimum is the least of the
//! LP minima [`super::point::piece_minimum`] over `(C, s)`, each checked by weak duality.

use num_traits::{One, Zero};

use super::point::piece_minimum_with_duals;
use crate::cells::Chamber;
use crate::cells::combination::multisets;
use crate::instance::Instance;
use crate::model::Point;
use relucert_exact::Q;

/// The global minimum with a point attaining it (loss recomputed exactly).
#[derive(Clone, Debug, PartialEq)]
pub struct GlobalMinimum {
    pub value: Q,
    pub point: Point,
    /// Closed sets `(C, s)` decided.
    pub pieces: usize,
    /// Per closed set, in order (multisets of chambers, then `s` with bit `k` set for
    /// `s_k = −1`): the chambers, `s`, the LP minimum, a minimiser and the duals `(π, λ)`.
    pub records: Vec<GlobalPiece>,
}

/// One closed set `P_{C,s}` with its checked LP minimum.
#[derive(Clone, Debug, PartialEq)]
pub struct GlobalPiece {
    pub chambers: Vec<usize>,
    pub s: Vec<i8>,
    pub value: Q,
    pub v: Vec<Q>,
    pub duals: Vec<Q>,
}

/// The exact global minimum of the hinge loss of `inst` over `(z, w [, c])`.
pub fn global_minimum(inst: &Instance, chambers: &[Chamber]) -> GlobalMinimum {
    let (n, d, k) = (inst.n(), inst.d(), inst.hidden);
    let p = k * d + usize::from(inst.output_bias);
    let mut best: Option<(Q, Point)> = None;
    let mut pieces = 0;
    let mut records = Vec::new();
    for combo in multisets(chambers.len(), k) {
        for mask in 0u32..(1u32 << k) {
            let s: Vec<Q> = (0..k)
                .map(|j| if mask >> j & 1 == 1 { -Q::one() } else { Q::one() })
                .collect();
            let mut a = vec![vec![Q::zero(); p]; n];
            let mut g = Vec::new();
            for (j, &c) in combo.iter().enumerate() {
                for i in 0..n {
                    let sign = chambers[c].signs[i];
                    if sign == 0 {
                        continue;
                    }
                    let gamma = if sign > 0 { Q::one() } else { inst.alpha.clone() };
                    let side = if sign > 0 { s[j].clone() } else { -s[j].clone() };
                    let mut row = vec![Q::zero(); p];
                    for l in 0..d {
                        a[i][j * d + l] = &gamma * &inst.x[i][l];
                        row[j * d + l] = &side * &inst.x[i][l];
                    }
                    g.push(row);
                }
            }
            if inst.output_bias {
                for row in a.iter_mut() {
                    row[p - 1] = Q::one();
                }
            }
            let (value, v, duals) = piece_minimum_with_duals(&inst.y, &a, &g);
            pieces += 1;
            records.push(GlobalPiece {
                chambers: combo.clone(),
                s: (0..k).map(|j| if mask >> j & 1 == 1 { -1 } else { 1 }).collect(),
                value: value.clone(),
                v: v.clone(),
                duals,
            });
            if best.as_ref().is_none_or(|(b, _)| value < *b) {
                let point = Point {
                    z: s.clone(),
                    w: (0..k)
                        .map(|j| (0..d).map(|l| &s[j] * &v[j * d + l]).collect())
                        .collect(),
                    c: if inst.output_bias {
                        v[p - 1].clone()
                    } else {
                        Q::zero()
                    },
                };
                best = Some((value, point));
            }
        }
    }
    let (value, point) = best.expect("at least one chamber and one sign vector");
    assert_eq!(
        super::loss::hinge_loss(inst, &point),
        value,
        "hinge global minimum: the witness's loss is the LP value (a bug otherwise)"
    );
    GlobalMinimum {
        value,
        point,
        pieces,
        records,
    }
}
