//! Whether the minimum of a cell combination is attained inside the cells (the hinge analogue
//! of genuineness, SPEC §3): for a sign vector `s ∈ {+,−,0}^K` (the sign of `z`), the system over
//! `u = (v, ξ)`, `v = (R [, c])`, rows in this order:
//!
//! * strict rows: the genuineness rows of [`crate::cells::genuine::CellData::strict_rows`]
//!   (`s_k σ_ik x_i·R_k > 0`), padded with zeros for `ξ`;
//! * non-strict rows: `ξ_i ≥ 0` (each `i`), then `ξ_i + y_i A_i v ≥ 1` (each `i`), then
//!   `−Σ ξ_i ≥ −N m*`;
//! * equalities: `R_k = 0` coordinate by coordinate for each `s_k = 0`.
//!
//! A solution has `L_C(v) ≤ (1/N) Σ ξ_i ≤ m*`, so `L_C(v) = m*`, with every unit inside its
//! chamber: a local minimum of `L` (`proofs/hinge-cells.md`).

use num_traits::Zero;

use crate::cells::genuine::{CellData, sign_vectors};
use crate::feasibility::{Constraint, LinearSystem, Motzkin, Route, Verdict, decide};
use relucert_exact::{Q, QMatrix};

/// The system of the module docs for sign vector `s`.
pub fn inside_system(cell: &CellData<'_>, a: &QMatrix, s: &[i8], minimum: &Q) -> LinearSystem {
    let (n, p) = (a.rows(), a.cols());
    let d = cell.inst.d();
    let dim = p + n;
    let pad = |mut coeffs: Vec<Q>| {
        coeffs.resize(dim, Q::zero());
        coeffs
    };
    let strict = cell
        .strict_rows(s)
        .into_iter()
        .map(|r| Constraint {
            coeffs: pad(r.iter().map(|x| x.to_q()).collect()),
            rhs: Q::zero(),
        })
        .collect();
    let mut nonstrict = Vec::new();
    for i in 0..n {
        let mut coeffs = vec![Q::zero(); dim];
        coeffs[p + i] = Q::from_integer(1.into());
        nonstrict.push(Constraint {
            coeffs,
            rhs: Q::zero(),
        });
    }
    let y = &cell.inst.y;
    for i in 0..n {
        let mut coeffs = vec![Q::zero(); dim];
        for j in 0..p {
            coeffs[j] = &y[i] * &a[(i, j)];
        }
        coeffs[p + i] = Q::from_integer(1.into());
        nonstrict.push(Constraint {
            coeffs,
            rhs: Q::from_integer(1.into()),
        });
    }
    let mut total = vec![Q::zero(); dim];
    for t in total.iter_mut().skip(p) {
        *t = Q::from_integer((-1).into());
    }
    nonstrict.push(Constraint {
        coeffs: total,
        rhs: -(minimum * Q::from_integer((n as i64).into())),
    });
    let mut equalities = Vec::new();
    for (k, &sk) in s.iter().enumerate() {
        if sk != 0 {
            continue;
        }
        for t in 0..d {
            let mut coeffs = vec![Q::zero(); dim];
            coeffs[k * d + t] = Q::from_integer(1.into());
            equalities.push(Constraint {
                coeffs,
                rhs: Q::zero(),
            });
        }
    }
    LinearSystem {
        dim,
        strict,
        nonstrict,
        equalities,
    }
}

/// A minimiser inside the cells for the first sign vector that has one (canonical order), or
/// a Motzkin certificate for every sign vector.
pub fn attained_inside(
    cell: &CellData<'_>,
    a: &QMatrix,
    minimum: &Q,
    route: Route,
) -> Result<(Vec<i8>, Vec<Q>), Vec<(Vec<i8>, Motzkin)>> {
    let p = a.cols();
    let mut refutations = Vec::new();
    for s in sign_vectors(cell.inst.hidden) {
        match decide(&inside_system(cell, a, &s, minimum), route).verdict {
            Verdict::Feasible(u) => return Ok((s, u[..p].to_vec())),
            Verdict::Infeasible(m) => refutations.push((s, m)),
        }
    }
    Err(refutations)
}

/// The flat minimisers inside the cells for sign vector `s` (`proofs/hinge-cells.md`). An optimal
/// dual `π` fixes the side of every sample with `A_i ≠ 0` at any kink-free minimiser by
/// complementary slackness: `π_i = 1/N` ⇒ `y_i A_i v < 1`, `π_i = 0` ⇒ `y_i A_i v > 1`; a sample
/// with `0 < π_i < 1/N` must sit at its kink, so then no flat minimiser exists (`None`).
/// Otherwise: the strict genuineness rows, then one strict side row per sample with `A_i ≠ 0`
/// (`1 − y_i A_i v > 0` or `y_i A_i v − 1 > 0`), and `R_k = 0` for `s_k = 0`; every solution is
/// a minimiser (its loss is `Σ π_i`).
pub fn flat_system(cell: &CellData<'_>, a: &QMatrix, s: &[i8], pi: &[Q]) -> Option<LinearSystem> {
    let (n, p) = (a.rows(), a.cols());
    let d = cell.inst.d();
    let cap = Q::from_integer(1.into()) / Q::from_integer((n as i64).into());
    let y = &cell.inst.y;
    let mut strict: Vec<Constraint> = cell
        .strict_rows(s)
        .into_iter()
        .map(|coeffs| Constraint {
            coeffs: coeffs.iter().map(|x| x.to_q()).collect(),
            rhs: Q::zero(),
        })
        .collect();
    for i in 0..n {
        if a.row(i).iter().all(Zero::is_zero) {
            continue;
        }
        let row: Vec<Q> = (0..p).map(|j| &y[i] * &a[(i, j)]).collect();
        if pi[i].is_zero() {
            strict.push(Constraint {
                coeffs: row,
                rhs: Q::from_integer(1.into()),
            });
        } else if pi[i] == cap {
            strict.push(Constraint {
                coeffs: row.into_iter().map(|x| -x).collect(),
                rhs: Q::from_integer((-1).into()),
            });
        } else {
            return None;
        }
    }
    let mut equalities = Vec::new();
    for (k, &sk) in s.iter().enumerate() {
        if sk == 0 {
            for t in 0..d {
                let mut coeffs = vec![Q::zero(); p];
                coeffs[k * d + t] = Q::from_integer(1.into());
                equalities.push(Constraint {
                    coeffs,
                    rhs: Q::zero(),
                });
            }
        }
    }
    Some(LinearSystem {
        dim: p,
        strict,
        nonstrict: Vec::new(),
        equalities,
    })
}

/// A flat minimiser inside the cells (first sign vector with one), if any.
pub fn flat_inside(cell: &CellData<'_>, a: &QMatrix, pi: &[Q], route: Route) -> Option<(Vec<i8>, Vec<Q>)> {
    for s in sign_vectors(cell.inst.hidden) {
        let sys = flat_system(cell, a, &s, pi)?;
        if let Verdict::Feasible(v) = decide(&sys, route).verdict {
            return Some((s, v));
        }
    }
    None
}

/// Whether `L_C` has a kink-free minimiser, with the evidence either way (`hinge-cells.md` §3).
#[derive(Clone, Debug, PartialEq)]
pub enum KinkFree {
    /// `π_i ∈ (0, 1/N)` on a row with `A_i ≠ 0`: none exists (complementary slackness).
    Fractional(usize),
    /// A kink-free minimiser.
    Minimiser(Vec<Q>),
    /// Motzkin multipliers for the strict side rows: none exists.
    Refuted(crate::feasibility::Motzkin),
}

/// Whether `L_C` has a kink-free minimiser anywhere in `v`-space (no cell constraints), with
/// the evidence either way: then its set of minimisers is full-dimensional and every minimiser
/// lies in the closure of a region where the loss is constant (Laurent–von Brecht's type I).
/// The side rows of [`flat_system`] only.
pub fn kink_free(a: &QMatrix, y: &[Q], pi: &[Q], route: Route) -> KinkFree {
    let (n, p) = (a.rows(), a.cols());
    let cap = Q::from_integer(1.into()) / Q::from_integer((n as i64).into());
    let mut strict = Vec::new();
    for i in 0..n {
        if a.row(i).iter().all(Zero::is_zero) {
            continue;
        }
        let row: Vec<Q> = (0..p).map(|j| &y[i] * &a[(i, j)]).collect();
        if pi[i].is_zero() {
            strict.push(Constraint {
                coeffs: row,
                rhs: Q::from_integer(1.into()),
            });
        } else if pi[i] == cap {
            strict.push(Constraint {
                coeffs: row.into_iter().map(|x| -x).collect(),
                rhs: Q::from_integer((-1).into()),
            });
        } else {
            return KinkFree::Fractional(i);
        }
    }
    let sys = LinearSystem {
        dim: p,
        strict,
        nonstrict: Vec::new(),
        equalities: Vec::new(),
    };
    match decide(&sys, route).verdict {
        Verdict::Feasible(u) => KinkFree::Minimiser(u),
        Verdict::Infeasible(m) => KinkFree::Refuted(m),
    }
}
