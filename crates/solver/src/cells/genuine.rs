//! Genuineness of a cell combination (SPEC §3; Liu eqs. (15)–(18) with strict inequalities for
//! inactive samples): does some least-squares solution `v = (R [, c])` lie strictly inside the
//! cells?
//!
//! For each sign vector `s ∈ {+,−,0}^K` (the sign of `z_k`) the question is the linear system
//! over `v ∈ Q^p`, `p = Kd [+1]`, whose rows are, in this order (`docs/certificate-format.md`):
//!
//! * strict rows `a·v > 0`: for each unit `k` with `s_k ≠ 0` (increasing `k`), for each sample
//!   `i` with `x_i ≠ 0` (increasing `i`): `a` is zero except block `k`, which is
//!   `s_k σ_ik x_i`, where `σ_ik = ±1` is the sign of chamber `k` at sample `i`;
//! * no non-strict rows;
//! * equalities: first the normal equations `AᵀA v = Aᵀy` (row `j` of `AᵀA`, right-hand side
//!   `(Aᵀy)_j`, `j = 0..p`), then for each unit `k` with `s_k = 0` (increasing `k`) the rows
//!   `v_{kd+t} = 0`, `t = 0..d`.
//!
//! A feasible `v` gives the point `z_k = s_k`, `w_k = s_k R_k` (`z_k = 0` and `w_k` the
//! chamber's witness when `s_k = 0`); an infeasible system gets a Motzkin certificate.

use num_traits::Zero;

use super::design::SmallData;
use super::{Chamber, Decider, solution_set};
use crate::feasibility::{Constraint, LinearSystem, Motzkin, Verdict, decide};
use crate::instance::Instance;
use relucert_exact::matrix::dot;
use relucert_exact::{Factored, Field, Matrix, Q, Rat};

/// Every sign vector `s ∈ {+1,−1,0}^k` in the canonical order: per unit `+`, `−`, `0`, unit 0
/// most significant (`++, +-, +0, -+, …, 00` for `k = 2`).
pub fn sign_vectors(k: usize) -> Vec<Vec<i8>> {
    let mut out = vec![Vec::new()];
    for _ in 0..k {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                [1i8, -1, 0].into_iter().map(move |c| {
                    let mut v = prefix.clone();
                    v.push(c);
                    v
                })
            })
            .collect();
    }
    out
}

/// The text form of a sign vector: `+`, `-`, `0` per entry.
pub fn sign_string(s: &[i8]) -> String {
    s.iter()
        .map(|&c| match c.signum() {
            1 => '+',
            -1 => '-',
            _ => '0',
        })
        .collect()
}

/// A genuine differentiable local minimum `(z, w [, c])` and its `R_k = z_k w_k`.
#[derive(Clone, Debug, PartialEq)]
pub struct Witness {
    /// The sign vector of `z`.
    pub s: Vec<i8>,
    pub z: Vec<Q>,
    pub w: Vec<Vec<Q>>,
    /// The output bias (`None` without one).
    pub c: Option<Q>,
    pub r: Vec<Vec<Q>>,
}

/// The answer for one combination.
#[derive(Clone, Debug, PartialEq)]
pub enum Genuineness {
    /// A witness point inside the cells satisfying the normal equations.
    Genuine(Witness),
    /// For every sign vector (canonical order), a Motzkin certificate (over [`Rat`]: these are
    /// most of a certificate's numbers).
    NotGenuine(Vec<(Vec<i8>, Motzkin<Rat>)>),
}

/// How much a combination needed the feasibility engine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EngineUse {
    /// Systems decided by [`decide`].
    pub calls: u64,
    /// Of those, float proposals that failed their exact check.
    pub fallbacks: u64,
    /// Systems decided on the least-squares solution set ([`solution_set`]); those of
    /// reduced dimension 2 or more are also counted in `calls`.
    pub reduced: u64,
}

/// The per-combination constants shared by every sign vector, over [`Rat`] (machine words
/// unless a number does not fit; every result is the exact rational).
pub struct CellData<'a> {
    pub inst: &'a Instance,
    /// The instance's numbers as [`Rat`].
    pub data: &'a SmallData,
    pub units: Vec<&'a Chamber>,
    /// `AᵀA`.
    pub gram: Matrix<Rat>,
    /// `Aᵀy`.
    pub aty: Vec<Rat>,
    /// Per unit `k`, the hyperplane rows `σ_ik x_i` (length `d`) of its non-zero samples, in
    /// sample order: the strict row of `(k, i)` in the system of `s` is `s_k σ_ik x_i` in
    /// block `k`.
    signed_samples: Vec<Vec<Vec<Rat>>>,
}

/// Per-cell values of the strict rows at the least-squares data, independent of `s`:
/// `σ_ik x_i · R₀_k` and whether the row is constant on the solution set (orthogonal to every
/// null-space vector).
struct RowValues {
    at_r0: Vec<Vec<Rat>>,
    constant: Vec<Vec<bool>>,
}

fn to_q(v: &[Rat]) -> Vec<Q> {
    v.iter().map(Rat::to_q).collect()
}

impl<'a> CellData<'a> {
    /// Precompute `AᵀA` and `Aᵀy`.
    pub fn new(inst: &'a Instance, data: &'a SmallData, units: Vec<&'a Chamber>, a: &Matrix<Rat>) -> Self {
        let at = a.transpose();
        let signed_samples = units
            .iter()
            .map(|chamber| {
                data.x
                    .iter()
                    .zip(&chamber.signs)
                    .filter(|(_, sigma)| **sigma != 0)
                    .map(|(x, sigma)| {
                        if *sigma > 0 {
                            x.clone()
                        } else {
                            x.iter().map(|v| -v).collect()
                        }
                    })
                    .collect()
            })
            .collect();
        CellData {
            inst,
            data,
            units,
            gram: at.mul(a),
            aty: at.mul_vec(&data.y),
            signed_samples,
        }
    }

    /// The strict-row values at `r0` and their constancy on `r0 + span(null_basis)`.
    fn row_values(&self, r0: &[Rat], null_basis: &[Vec<Rat>]) -> RowValues {
        let d = self.inst.d();
        let block = |v: &'_ [Rat], k: usize| -> Vec<Rat> { v[k * d..(k + 1) * d].to_vec() };
        let mut at_r0 = Vec::new();
        let mut constant = Vec::new();
        for (k, rows) in self.signed_samples.iter().enumerate() {
            let r0k = block(r0, k);
            let nk: Vec<Vec<Rat>> = null_basis.iter().map(|b| block(b, k)).collect();
            at_r0.push(rows.iter().map(|a| dot(a, &r0k)).collect());
            constant.push(
                rows.iter()
                    .map(|a| nk.iter().all(|b| dot(a, b).is_zero()))
                    .collect(),
            );
        }
        RowValues { at_r0, constant }
    }

    /// The strict rows of `s` as `(row index, unit, position in the unit's rows)`, in order.
    pub(super) fn strict_index(&self, s: &[i8]) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
        let s = s.to_vec();
        (0..s.len())
            .filter(move |&k| s[k] != 0)
            .flat_map(move |k| (0..self.signed_samples[k].len()).map(move |j| (k, j)))
            .enumerate()
            .map(|(row, (k, j))| (row, k, j))
    }

    /// The full strict row `s_k σ_ik x_i` of `(k, j)`.
    pub(super) fn strict_row(&self, sk: i8, k: usize, j: usize) -> Vec<Rat> {
        let d = self.inst.d();
        let mut a = vec![Rat::zero(); self.p()];
        for (t, xt) in self.signed_samples[k][j].iter().enumerate() {
            a[k * d + t] = if sk < 0 { -xt } else { xt.clone() };
        }
        a
    }

    pub(super) fn p(&self) -> usize {
        self.gram.rows()
    }

    /// The strict rows for sign vector `s` (see the module docs for the order).
    pub fn strict_rows(&self, s: &[i8]) -> Vec<Vec<Rat>> {
        self.strict_index(s)
            .map(|(_, k, j)| self.strict_row(s[k], k, j))
            .collect()
    }

    /// The full system for sign vector `s`.
    pub fn system(&self, s: &[i8]) -> LinearSystem<Rat> {
        let p = self.p();
        let d = self.inst.d();
        let strict = self
            .strict_rows(s)
            .into_iter()
            .map(|coeffs| Constraint {
                coeffs,
                rhs: Rat::zero(),
            })
            .collect();
        let mut equalities: Vec<Constraint<Rat>> = (0..p)
            .map(|j| Constraint {
                coeffs: self.gram.row(j).to_vec(),
                rhs: self.aty[j].clone(),
            })
            .collect();
        for (k, &sk) in s.iter().enumerate() {
            if sk != 0 {
                continue;
            }
            for t in 0..d {
                let mut coeffs = vec![Rat::zero(); p];
                coeffs[k * d + t] = Rat::from_i64(1);
                equalities.push(Constraint {
                    coeffs,
                    rhs: Rat::zero(),
                });
            }
        }
        LinearSystem {
            dim: p,
            strict,
            nonstrict: Vec::new(),
            equalities,
        }
    }

    /// The point `(z, w [, c])` for a feasible `v` and sign vector `s`.
    pub fn witness(&self, s: &[i8], v: &[Q]) -> Witness {
        let d = self.inst.d();
        let mut z = Vec::new();
        let mut w = Vec::new();
        let mut r = Vec::new();
        for (k, &sk) in s.iter().enumerate() {
            let rk: Vec<Q> = v[k * d..(k + 1) * d].to_vec();
            if sk == 0 {
                z.push(Q::zero());
                w.push(self.units[k].witness.clone());
            } else {
                let sq = Q::from_integer(i64::from(sk).into());
                z.push(sq.clone());
                w.push(rk.iter().map(|e| e * &sq).collect());
            }
            r.push(rk);
        }
        let c = self.inst.output_bias.then(|| v[v.len() - 1].clone());
        Witness {
            s: s.to_vec(),
            z,
            w,
            c,
            r,
        }
    }

    /// Whether `v` (with strict-row values `vals`) satisfies the system of `s`.
    fn admits(&self, s: &[i8], v: &[Rat], vals: &RowValues) -> bool {
        let d = self.inst.d();
        let zero_ok = s
            .iter()
            .enumerate()
            .all(|(k, &sk)| sk != 0 || v[k * d..(k + 1) * d].iter().all(Zero::is_zero));
        zero_ok
            && self
                .strict_index(s)
                .all(|(_, k, j)| vals.at_r0[k][j].signum_i8() == s[k])
    }

    /// A Motzkin certificate for `s` when the least-squares solution `v` is unique (so `AᵀA`
    /// is invertible with inverse `gram_inv`) and `v` violates the system of `s`:
    /// either a zeroed coordinate `v_t ≠ 0` (multiplier `m = −sign(v_t)` on its equality and
    /// `−m (AᵀA)⁻¹ e_t` on the normal equations; the sum is `|v_t| > 0`), or a strict row with
    /// `a·v ≤ 0` (`λ = 1` on it, `−(AᵀA)⁻¹ a` on the normal equations; the sum is `−a·v ≥ 0`).
    fn unique_refutation(
        &self,
        s: &[i8],
        v: &[Rat],
        vals: &RowValues,
        gram_inv: &Matrix<Rat>,
    ) -> Motzkin<Rat> {
        let p = self.p();
        let d = self.inst.d();
        let rows = self.strict_index(s).count();
        let zeroed = zeroed_coordinates(s, d);
        let mut strict = vec![Rat::zero(); rows];
        let mut equalities = vec![Rat::zero(); p + zeroed.len()];
        if let Some((pos, &t)) = zeroed.iter().enumerate().find(|(_, t)| !v[**t].is_zero()) {
            let m = if v[t].is_positive() {
                Rat::from_i64(-1)
            } else {
                Rat::from_i64(1)
            };
            let col = gram_inv.col(t);
            for j in 0..p {
                equalities[j] = -(&m * &col[j]);
            }
            equalities[p + pos] = m;
        } else {
            let (row, k, j) = self
                .strict_index(s)
                .find(|&(_, k, j)| vals.at_r0[k][j].signum_i8() != s[k])
                .expect("v violates some row of the system");
            strict[row] = Rat::from_i64(1);
            let mu = gram_inv.mul_vec(&self.strict_row(s[k], k, j));
            for j in 0..p {
                equalities[j] = -mu[j].clone();
            }
        }
        Motzkin {
            strict,
            nonstrict: Vec::new(),
            equalities,
        }
    }
}

impl CellData<'_> {
    /// A certificate without any LP when the solution set `R₀ + span(null_basis)` violates the
    /// system of `s` in a way that does not depend on the free parameters: a strict row `a`
    /// with `a·B = 0` for every basis vector and `a·R₀ ≤ 0`, or a coordinate required to be 0
    /// that is constant and non-zero on the solution set. Then `g` (the row, or `m e_t` with
    /// `m = −sign R₀_t`) is orthogonal to `ker A`, so `AᵀA μ = −g` is solvable, and the
    /// multipliers (`λ = 1` on the row, or `m` on the zero row, and `μ` on the normal
    /// equations) sum to `−a·R₀ ≥ 0`, resp. `|R₀_t| > 0`.
    fn constant_refutation(
        &self,
        s: &[i8],
        r0: &[Rat],
        null_basis: &[Vec<Rat>],
        vals: &RowValues,
        gram: &Factored<Rat>,
    ) -> Option<Motzkin<Rat>> {
        let p = self.p();
        let d = self.inst.d();
        let rows = self.strict_index(s).count();
        let zeroed = zeroed_coordinates(s, d);
        let mut strict = vec![Rat::zero(); rows];
        let mut equalities = vec![Rat::zero(); p + zeroed.len()];
        let mut g = vec![Rat::zero(); p];
        if let Some((pos, &t)) = zeroed.iter().enumerate().find(|(_, t)| {
            // e_t is constant on the solution set when every basis vector has b_t = 0.
            !r0[**t].is_zero() && null_basis.iter().all(|b| b[**t].is_zero())
        }) {
            let m = if r0[t].is_positive() {
                Rat::from_i64(-1)
            } else {
                Rat::from_i64(1)
            };
            g[t] = m.clone();
            equalities[p + pos] = m;
        } else {
            let (row, k, j) = self
                .strict_index(s)
                .find(|&(_, k, j)| vals.at_r0[k][j].signum_i8() != s[k] && vals.constant[k][j])?;
            strict[row] = Rat::from_i64(1);
            g = self.strict_row(s[k], k, j);
        }
        let minus_g: Vec<Rat> = g.iter().map(|v| -v).collect();
        let mu = gram.solve(&minus_g)?;
        equalities[..p].clone_from_slice(&mu);
        Some(Motzkin {
            strict,
            nonstrict: Vec::new(),
            equalities,
        })
    }
}

/// Decide genuineness exactly. `null_basis` spans the least-squares solutions around `r0`
/// (empty when the solution is unique). The counts are the systems handed to the
/// feasibility engine and the float proposals among them that failed their exact check.
///
/// Before asking the feasibility engine, each sign vector gets two exact shortcuts: `R₀`
/// itself may satisfy it (a witness), or a violation constant on the solution set gives a
/// certificate directly ([`CellData::constant_refutation`]). With `decider.solution_set` the
/// rest is decided on the solution set ([`solution_set::decide`]); the engine sees only the
/// reduced systems of dimension 2 or more.
pub fn decide_genuine(
    cell: &CellData<'_>,
    r0: &[Rat],
    null_basis: &[Vec<Rat>],
    decider: impl Into<Decider>,
) -> (Genuineness, EngineUse) {
    let Decider { route, solution_set } = decider.into();
    let signs = sign_vectors(cell.inst.hidden);
    let unique = null_basis.is_empty();
    let vals = cell.row_values(r0, null_basis);
    if let Some(s) = signs.iter().find(|s| cell.admits(s, r0, &vals)) {
        return (
            Genuineness::Genuine(cell.witness(s, &to_q(r0))),
            EngineUse::default(),
        );
    }
    if unique {
        let gram_inv = cell
            .gram
            .inverse_fraction_free()
            .expect("unique least squares: AᵀA invertible");
        let refutations = signs
            .into_iter()
            .map(|s| {
                let m = cell.unique_refutation(&s, r0, &vals, &gram_inv);
                (s, m)
            })
            .collect();
        return (Genuineness::NotGenuine(refutations), EngineUse::default());
    }
    let mut used = EngineUse::default();
    let mut refutations = Vec::new();
    let gram = cell.gram.factor();
    for s in signs {
        if let Some(m) = cell.constant_refutation(&s, r0, null_basis, &vals, &gram) {
            refutations.push((s, m));
            continue;
        }
        if solution_set && let Some(decision) = solution_set::decide(cell, &s, r0, null_basis, &gram, route) {
            used.calls += u64::from(decision.engine);
            used.fallbacks += u64::from(decision.fell_back);
            used.reduced += 1;
            match decision.verdict {
                Verdict::Feasible(v) => return (Genuineness::Genuine(cell.witness(&s, &to_q(&v))), used),
                Verdict::Infeasible(m) => refutations.push((s, m)),
            }
            continue;
        }
        let outcome = decide(&cell.system(&s), route);
        used.calls += 1;
        used.fallbacks += u64::from(outcome.fell_back);
        match outcome.verdict {
            Verdict::Feasible(v) => return (Genuineness::Genuine(cell.witness(&s, &to_q(&v))), used),
            Verdict::Infeasible(m) => refutations.push((s, m)),
        }
    }
    (Genuineness::NotGenuine(refutations), used)
}

/// The coordinates of `R` forced to 0 by sign vector `s`: the whole block `R_k` of every unit
/// with `s_k = 0` (blocks of length `d`, in unit order).
pub(super) fn zeroed_coordinates(s: &[i8], d: usize) -> Vec<usize> {
    s.iter()
        .enumerate()
        .filter(|(_, sk)| **sk == 0)
        .flat_map(|(k, _)| k * d..(k + 1) * d)
        .collect()
}
