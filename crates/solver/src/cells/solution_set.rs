//! The system of a sign vector decided on the least-squares solution set
//! (`proofs/solution-set-reduction.md`).
//!
//! Every least-squares solution is `v = R₀ + B t`, `B` the null-space basis of `A` (`m`
//! columns; Liu eq. (13)). On that set the normal equations hold identically, the rows
//! `v_Z = 0` of the zeroed units become `B_Z t = −R₀_Z`, and a strict row `a·v > 0` becomes
//! `(aB)·t > −a·R₀`. [`decide`] settles this small system and lifts the answer back to the full
//! system of [`super::genuine`] (strict rows, normal equations, zero rows):
//!
//! * `B_Z t = −R₀_Z` inconsistent: the Fredholm vector `y` (`yᵀB_Z = 0`, `yᵀ(−R₀_Z) = 1`)
//!   gives `g = Σ y_l e_{Z_l}` with `g ⊥ ker A`, hence `AᵀA μ = −g` is solvable, and
//!   `(λ = 0, μ, y)` is a Motzkin certificate with sum `1`.
//! * otherwise `t = t₀ + C u` and the strict rows become `c_j·u > −e_j` with
//!   `e_j = a_j·v₀`, `v₀ = R₀ + B t₀`, `c_j = a_j·(B C)`. With `dim u ≤ 1` this is decided
//!   directly (one point, or an interval of `u`); larger systems go to the feasibility engine.
//!   A point `u` gives `v = v₀ + B C u`. Multipliers `λ` refuting the reduced rows lift to
//!   `(λ, μ, y)`: with `g = Σ λ_j a_j`, `y` solves `B_Zᵀ y = −Bᵀ g`, and `μ` solves
//!   `AᵀA μ = −(g + Σ y_l e_{Z_l})`; the lifted sum equals the reduced one.
//!
//! The answer is confirmed against the full system before it is returned; if a step that the
//! theorem says cannot fail does fail, [`decide`] returns `None` and the caller asks the
//! feasibility engine about the full system instead.

use num_traits::{One, Zero};

use super::genuine::{CellData, zeroed_coordinates};
use crate::feasibility::{
    Constraint, LinearSystem, Motzkin, Route, Verdict, confirm, decide as decide_system,
};
use relucert_exact::matrix::dot;
use relucert_exact::{Alternative, Factored, Field, Matrix, Rat};

/// The verdict for the system of `s`, with whether the feasibility engine was asked (reduced
/// dimension 2 or more) and whether its float proposal fell back to the exact method.
pub struct Decision {
    pub verdict: Verdict<Rat>,
    pub engine: bool,
    pub fell_back: bool,
}

/// Decide the system of `s` on the solution set `R₀ + span(null_basis)` (`gram` is `AᵀA`
/// factored). `None` only if an exact step the theorem guarantees fails (a bug; the caller
/// then decides the full system).
pub fn decide(
    cell: &CellData<'_>,
    s: &[i8],
    r0: &[Rat],
    null_basis: &[Vec<Rat>],
    gram: &Factored<Rat>,
    route: Route,
) -> Option<Decision> {
    let p = cell.p();
    let d = cell.inst.d();
    let m = null_basis.len();
    let zeroed = zeroed_coordinates(s, d);
    // B_Z t = −R₀_Z.
    let b_z = Matrix::from_rows(
        zeroed
            .iter()
            .map(|&t| null_basis.iter().map(|b| b[t].clone()).collect())
            .collect(),
        m,
    );
    let minus_r0_z: Vec<Rat> = zeroed.iter().map(|&t| -&r0[t]).collect();
    let (t0, kernel) = match b_z.solve_or_refute(&minus_r0_z) {
        Alternative::Inconsistent(y) => {
            let strict = vec![Rat::zero(); cell.strict_index(s).count()];
            let motzkin = lift(cell, strict, vec![Rat::zero(); p], &zeroed, y, gram)?;
            return finish(cell, s, Verdict::Infeasible(motzkin), false, false);
        }
        Alternative::Solvable { particular, kernel } => (particular, kernel),
    };
    let v0 = combine(r0, null_basis, &t0);
    // The directions B C_i of the remaining freedom, in v-space.
    let directions: Vec<Vec<Rat>> = kernel
        .iter()
        .map(|c| combine(&vec![Rat::zero(); p], null_basis, c))
        .collect();
    let rows: Vec<Vec<Rat>> = cell
        .strict_index(s)
        .map(|(_, k, j)| cell.strict_row(s[k], k, j))
        .collect();
    // Reduced strict rows c_j·u > −e_j.
    let reduced: Vec<(Vec<Rat>, Rat)> = rows
        .iter()
        .map(|a| (directions.iter().map(|dir| dot(a, dir)).collect(), dot(a, &v0)))
        .collect();
    let (answer, engine, fell_back) = match directions.len() {
        0 => (point_or_violation(&reduced), false, false),
        1 => (interval(&reduced), false, false),
        dim => {
            let sys = LinearSystem {
                dim,
                strict: reduced
                    .iter()
                    .map(|(c, e)| Constraint {
                        coeffs: c.clone(),
                        rhs: -e,
                    })
                    .collect(),
                nonstrict: Vec::new(),
                equalities: Vec::new(),
            };
            let outcome = decide_system(&sys, route);
            let answer = match outcome.verdict {
                Verdict::Feasible(u) => Reduced::Point(u),
                Verdict::Infeasible(mz) => Reduced::Refuted(mz.strict),
            };
            (answer, true, outcome.fell_back)
        }
    };
    let verdict = match answer {
        Reduced::Point(u) => {
            let mut v = v0;
            for (ui, dir) in u.iter().zip(&directions) {
                if !ui.is_zero() {
                    for (vt, dt) in v.iter_mut().zip(dir) {
                        *vt = vt.clone() + ui * dt;
                    }
                }
            }
            Verdict::Feasible(v)
        }
        Reduced::Refuted(lambda) => {
            let mut g = vec![Rat::zero(); p];
            for (l, a) in lambda.iter().zip(&rows) {
                if !l.is_zero() {
                    for (gt, at) in g.iter_mut().zip(a) {
                        *gt = gt.clone() + l * at;
                    }
                }
            }
            // y with B_Zᵀ y = −Bᵀ g (solvable: (Bᵀg)·C = 0 and C spans ker B_Z).
            let minus_btg: Vec<Rat> = null_basis.iter().map(|b| -dot(b, &g)).collect();
            let y = if zeroed.is_empty() {
                minus_btg.iter().all(Zero::is_zero).then(Vec::new)?
            } else {
                b_z.transpose().solve(&minus_btg)?
            };
            Verdict::Infeasible(lift(cell, lambda, g, &zeroed, y, gram)?)
        }
    };
    finish(cell, s, verdict, engine, fell_back)
}

/// The reduced system's answer: a point `u`, or multipliers `λ ≥ 0` on its strict rows.
enum Reduced {
    Point(Vec<Rat>),
    Refuted(Vec<Rat>),
}

/// `base + Σ coeffs_i basis_i`.
fn combine(base: &[Rat], basis: &[Vec<Rat>], coeffs: &[Rat]) -> Vec<Rat> {
    let mut v = base.to_vec();
    for (c, b) in coeffs.iter().zip(basis) {
        if !c.is_zero() {
            for (vt, bt) in v.iter_mut().zip(b) {
                *vt = vt.clone() + c * bt;
            }
        }
    }
    v
}

/// No freedom left: `v₀` itself, or `λ = 1` on a row with `e_j ≤ 0` (reduced sum `−e_j ≥ 0`).
fn point_or_violation(rows: &[(Vec<Rat>, Rat)]) -> Reduced {
    match rows.iter().position(|(_, e)| !e.is_positive()) {
        Some(j) => Reduced::Refuted(unit(rows.len(), j, Rat::one())),
        None => Reduced::Point(Vec::new()),
    }
}

/// One free parameter: the rows `c_j u + e_j > 0` cut out an open interval. A row with
/// `c_j = 0 ≥ e_j`, or a lower bound `−e_l/c_l` (c_l > 0) at or above an upper bound
/// `−e_h/c_h` (c_h < 0), refutes it (`λ_l = −c_h`, `λ_h = c_l`: the `u` terms cancel and the
/// sum `c_h e_l − c_l e_h` is `≥ 0` exactly when the bounds cross); otherwise a simple point
/// strictly inside is chosen.
fn interval(rows: &[(Vec<Rat>, Rat)]) -> Reduced {
    if let Some(j) = rows.iter().position(|(c, e)| c[0].is_zero() && !e.is_positive()) {
        return Reduced::Refuted(unit(rows.len(), j, Rat::one()));
    }
    let bound = |j: usize| -(&rows[j].1 / &rows[j].0[0]);
    let mut lower: Option<usize> = None;
    let mut upper: Option<usize> = None;
    for (j, (c, _)) in rows.iter().enumerate() {
        if c[0].is_positive() {
            if lower.is_none_or(|l| bound(j) > bound(l)) {
                lower = Some(j);
            }
        } else if c[0].is_negative() && upper.is_none_or(|h| bound(j) < bound(h)) {
            upper = Some(j);
        }
    }
    let (lo, hi) = (lower.map(bound), upper.map(bound));
    if let (Some(l), Some(h), Some(lo), Some(hi)) = (lower, upper, &lo, &hi)
        && lo >= hi
    {
        let mut lambda = vec![Rat::zero(); rows.len()];
        lambda[l] = -&rows[h].0[0];
        lambda[h] = rows[l].0[0].clone();
        return Reduced::Refuted(lambda);
    }
    Reduced::Point(vec![inside(lo.as_ref(), hi.as_ref())])
}

/// A simple rational strictly between `lo` and `hi` (either may be absent): 0 if it lies
/// inside, else the integer inside nearest to 0, else the midpoint.
fn inside(lo: Option<&Rat>, hi: Option<&Rat>) -> Rat {
    let zero = Rat::zero();
    let above = |x: &Rat| lo.is_none_or(|l| x > l);
    let below = |x: &Rat| hi.is_none_or(|h| x < h);
    if above(&zero) && below(&zero) {
        return zero;
    }
    let floor = |x: &Rat| Rat::from_big(x.to_q().floor());
    let candidate = match (lo, hi) {
        // Everything inside is positive: the least integer above lo.
        (Some(l), _) if !l.is_negative() => floor(l) + Rat::one(),
        // Everything inside is negative: the greatest integer below hi.
        (_, Some(h)) => -(floor(&-h) + Rat::one()),
        (Some(l), None) => floor(l) + Rat::one(),
        (None, None) => zero,
    };
    if above(&candidate) && below(&candidate) {
        return candidate;
    }
    match (lo, hi) {
        (Some(l), Some(h)) => (l + h) / Rat::from_i64(2),
        _ => candidate,
    }
}

fn unit(n: usize, j: usize, value: Rat) -> Vec<Rat> {
    let mut v = vec![Rat::zero(); n];
    v[j] = value;
    v
}

/// The full multipliers: `λ` on the strict rows, `μ` with `AᵀA μ = −(g + Σ y_l e_{Z_l})` on the
/// normal equations, `y` on the zero rows.
fn lift(
    cell: &CellData<'_>,
    strict: Vec<Rat>,
    mut g: Vec<Rat>,
    zeroed: &[usize],
    y: Vec<Rat>,
    gram: &Factored<Rat>,
) -> Option<Motzkin<Rat>> {
    for (yl, &t) in y.iter().zip(zeroed) {
        g[t] = g[t].clone() + yl;
    }
    let minus_g: Vec<Rat> = g.iter().map(|v| -v).collect();
    let mu = gram.solve(&minus_g)?;
    debug_assert_eq!(mu.len(), cell.p());
    let mut equalities = mu;
    equalities.extend(y);
    Some(Motzkin {
        strict,
        nonstrict: Vec::new(),
        equalities,
    })
}

/// Confirm the lifted answer against the full system of `s`.
fn finish(
    cell: &CellData<'_>,
    s: &[i8],
    verdict: Verdict<Rat>,
    engine: bool,
    fell_back: bool,
) -> Option<Decision> {
    let ok = confirm(&cell.system(s), &verdict);
    debug_assert!(
        ok,
        "solution-set reduction: lifted answer fails its check for {s:?}: {verdict:?}"
    );
    ok.then_some(Decision {
        verdict,
        engine,
        fell_back,
    })
}
