//! The point classifier for the hinge loss (`relucert hinge INSTANCE --point P.toml`): is a
//! given point `(z, w [, c])` a local minimum of `L = (1/N) Σ max(0, 1 − y_i f(x_i))`, and if so
//! is it *flat* (constant loss on a neighbourhood) or not. The mathematics and the proof are
//! `proofs/hinge-cells.md` §5; in short:
//!
//! - every unit with `z_k ≠ 0` is rewritten as `R_k = z_k w_k` (an open map near the point),
//!   sample `i` is active for unit `k` iff `s_k R_k·x_i > 0` (`s_k = sign z_k`) and contributes
//!   `R_k·x_i` (active) or `α R_k·x_i` (inactive);
//! - a *piece* `T` fixes, for every sample on a unit's hyperplane (`w_k·x_i = 0`, `x_i ≠ 0`),
//!   whether it counts as active; on the closed polyhedron `Q_T` of its (non-strict) signs the
//!   network loss equals the convex piecewise-linear `g_T(v) = (1/N) Σ max(0, 1 − y_i (A_T v)_i)`;
//!   the pieces cover a neighbourhood of the point;
//! - the point is a local minimum iff for every piece `min_{Q_T} g_T = L(point)` (an LP, exact
//!   simplex, checked by weak duality with multipliers `π_i ∈ [0, 1/N]` for the hinge kinks and
//!   `λ ≥ 0` for the face constraints); otherwise the LP's minimiser `v'` gives a straight step
//!   `v + t (v' − v)`, `t ∈ (0, 1]`, with a strictly lower loss (convexity), checked exactly;
//! - at a local minimum the loss is constant near the point iff, on every piece, the directional
//!   derivative `g_T'(v; d) = u_S·d` (for the best set `S` of kink samples) vanishes on the
//!   tangent cone; a direction with `g_T'(v; d) > 0` is a feasibility witness.
//!
//! Units with `z_k = 0` are held at zero: a lower point found by moving the others is a valid
//! answer, but the absence of one does not prove a local minimum (the answer is `Undecided`).

use num_traits::{One, Signed, Zero};

use super::loss::hinge_loss;
use crate::feasibility::simplex::{LpResult, minimise};
use crate::feasibility::{Constraint, LinearSystem, Route, Verdict, decide};
use crate::instance::Instance;
use crate::model::Point;
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// At most this many (unit, sample) pairs on hyperplanes: `2^m` pieces are decided.
pub const MAX_FREE: usize = 14;
/// At most this many kink samples per piece in the flatness test (`2^k` sets).
pub const MAX_KINKS: usize = 12;

/// The answer of the classifier.
#[derive(Clone, Debug, PartialEq)]
pub enum HingePointAnswer {
    /// A local minimum (every piece's LP minimum equals the loss, duals checked).
    LocalMinimum {
        loss: Q,
        /// How many pieces were decided.
        pieces: usize,
        shape: PointShape,
    },
    /// Not a local minimum: along `direction` the loss is strictly lower for every `t ∈ (0, 1]`;
    /// `step` is the point at `t = 1/1024` with its exact loss.
    NotMinimum {
        loss: Q,
        /// The piece: per unit, per sample on its hyperplane (ascending), counted active.
        piece: Vec<Vec<(usize, bool)>>,
        direction: Point,
        step: Point,
        step_loss: Q,
        /// `false`: the lower points are `p + t·direction`. `true` (units with `z_k = 0` and
        /// `w_k = 0`, where `direction.z_k ≠ 0`): the curve `τ ↦` (units with `direction.z_k = 0`:
        /// `p + τ²·direction`; the others: `z_k = τ·direction.z_k`, `w_k = τ·direction.w_k`),
        /// `τ ∈ (0, 1]`, and `step` is its point at `τ = 1/32`.
        quadratic: bool,
    },
    /// Not decided (units with `z_k = 0` and no lower point from the others, or too many pieces).
    Undecided { loss: Q, reason: String },
}

/// Flat (constant loss on a neighbourhood) or not, at a local minimum.
#[derive(Clone, Debug, PartialEq)]
pub enum PointShape {
    /// Constant loss near the point (every piece, every set of kinks refuted).
    Flat,
    /// Along `direction` (in `(z, w, c)`, with `dz = 0`) the loss rises at rate `derivative > 0`.
    NotFlat { direction: Point, derivative: Q },
    /// Not constant on any neighbourhood, without a straight rising direction (a unit at
    /// `z_k = 0`, `w_k = 0`: proofs/hinge-cells.md §7.4); the text says where it rises.
    NotFlatCurved(String),
    /// Not decided (too many kink samples).
    Unknown(String),
}

/// The pieces' data for the units with `z_k ≠ 0`.
struct Live {
    /// Indices of the units with `z_k ≠ 0`.
    units: Vec<usize>,
    /// `s_k = sign z_k` per live unit.
    signs: Vec<Q>,
    /// Per live unit, per sample: `Some(active)` off the hyperplane, `None` on it (and `x_i ≠ 0`).
    pattern: Vec<Vec<Option<bool>>>,
    /// `v = (R_k for live k) [, c]`.
    v: Vec<Q>,
}

impl Live {
    fn new(inst: &Instance, p: &Point) -> Live {
        let mut units = Vec::new();
        let mut signs = Vec::new();
        let mut pattern = Vec::new();
        let mut v = Vec::new();
        for k in 0..inst.hidden {
            if p.z[k].is_zero() {
                continue;
            }
            units.push(k);
            signs.push(if p.z[k].is_positive() { Q::one() } else { -Q::one() });
            pattern.push(
                inst.x
                    .iter()
                    .map(|x| {
                        let t = dot(&p.w[k], x);
                        if t.is_zero() {
                            if x.iter().all(Zero::is_zero) {
                                Some(false)
                            } else {
                                None
                            }
                        } else {
                            Some(t.is_positive())
                        }
                    })
                    .collect(),
            );
            v.extend(p.w[k].iter().map(|x| &p.z[k] * x));
        }
        if inst.output_bias {
            v.push(p.c.clone());
        }
        Live {
            units,
            signs,
            pattern,
            v,
        }
    }

    /// The (live unit, sample) pairs on hyperplanes.
    fn free(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (j, row) in self.pattern.iter().enumerate() {
            for (i, s) in row.iter().enumerate() {
                if s.is_none() {
                    out.push((j, i));
                }
            }
        }
        out
    }

    /// The piece's activity per live unit and sample, from the bits of `mask` over `free`.
    fn piece(&self, free: &[(usize, usize)], mask: u64) -> Vec<Vec<bool>> {
        let mut act: Vec<Vec<bool>> = self
            .pattern
            .iter()
            .map(|row| row.iter().map(|s| s.unwrap_or(false)).collect())
            .collect();
        for (b, &(j, i)) in free.iter().enumerate() {
            act[j][i] = mask >> b & 1 == 1;
        }
        act
    }
}

/// `A_T` (rows `f(x_i)` as linear forms in `v`, dead units contribute nothing) and the face rows
/// `G_T v ≥ 0` (one per live unit and non-zero sample).
fn piece_rows(inst: &Instance, live: &Live, act: &[Vec<bool>]) -> (Vec<Vec<Q>>, Vec<Vec<Q>>) {
    let d = inst.d();
    let p = live.v.len();
    let mut a = Vec::with_capacity(inst.n());
    for (i, x) in inst.x.iter().enumerate() {
        let mut row = vec![Q::zero(); p];
        for j in 0..live.units.len() {
            let gamma = if act[j][i] { Q::one() } else { inst.alpha.clone() };
            for l in 0..d {
                row[j * d + l] = &gamma * &x[l];
            }
        }
        if inst.output_bias {
            row[p - 1] = Q::one();
        }
        a.push(row);
    }
    let mut g = Vec::new();
    for j in 0..live.units.len() {
        for (i, x) in inst.x.iter().enumerate() {
            if x.iter().all(Zero::is_zero) {
                continue;
            }
            let side = if act[j][i] {
                live.signs[j].clone()
            } else {
                -live.signs[j].clone()
            };
            let mut row = vec![Q::zero(); p];
            for l in 0..d {
                row[j * d + l] = &side * &x[l];
            }
            g.push(row);
        }
    }
    (a, g)
}

/// The exact minimum of `g_T` over `Q_T = {v : G v ≥ 0}` with a minimiser and the duals
/// `(π, λ)`; checked by weak duality (`Σ π_i y_i A_i + Σ λ_r G_r = 0`, `π ∈ [0, 1/N]`, `λ ≥ 0`,
/// `Σ π_i = g_T(v')`, `G v' ≥ 0`).
pub fn piece_minimum(y: &[Q], a: &[Vec<Q>], g: &[Vec<Q>]) -> (Q, Vec<Q>) {
    let (value, v, _) = piece_minimum_with_duals(y, a, g);
    (value, v)
}

/// [`piece_minimum`] with the checked duals `(π_1..π_N, λ_1..λ_r)`.
pub fn piece_minimum_with_duals(y: &[Q], a: &[Vec<Q>], g: &[Vec<Q>]) -> (Q, Vec<Q>, Vec<Q>) {
    let (n, p, r) = (a.len(), a.first().map_or(0, Vec::len), g.len());
    // Columns: v⁺ (p), v⁻ (p), ξ (n), surplus s (n), slack t (r).
    let cols = 2 * p + 2 * n + r;
    let mut e = Vec::with_capacity(n + r);
    let mut f = Vec::with_capacity(n + r);
    for i in 0..n {
        let mut row = vec![Q::zero(); cols];
        for j in 0..p {
            let c = &y[i] * &a[i][j];
            row[p + j] = -c.clone();
            row[j] = c;
        }
        row[2 * p + i] = Q::one();
        row[2 * p + n + i] = -Q::one();
        e.push(row);
        f.push(Q::one());
    }
    for (k, gr) in g.iter().enumerate() {
        let mut row = vec![Q::zero(); cols];
        for j in 0..p {
            row[j] = gr[j].clone();
            row[p + j] = -gr[j].clone();
        }
        row[2 * p + 2 * n + k] = -Q::one();
        e.push(row);
        f.push(Q::zero());
    }
    let nq = Q::from_integer((n as i64).into());
    let mut c = vec![Q::zero(); cols];
    for ci in c.iter_mut().skip(2 * p).take(n) {
        *ci = Q::one() / &nq;
    }
    let LpResult::Optimal { y: sol, value, duals } = minimise(&e, &f, &c) else {
        panic!("hinge piece LP: feasible (v = 0, ξ = 1) and bounded below by 0");
    };
    let v: Vec<Q> = (0..p).map(|j| &sol[j] - &sol[p + j]).collect();
    assert!(
        verify_piece_minimum(y, a, g, &value, &v, &duals),
        "hinge piece LP: the exact answer fails its own check (a bug)"
    );
    (value, v, duals)
}

/// Weak duality for [`piece_minimum`]: `duals = (π_1..π_N, λ_1..λ_r)`.
pub fn verify_piece_minimum(y: &[Q], a: &[Vec<Q>], g: &[Vec<Q>], value: &Q, v: &[Q], duals: &[Q]) -> bool {
    let (n, r) = (a.len(), g.len());
    let p = v.len();
    if duals.len() != n + r {
        return false;
    }
    let cap = Q::one() / Q::from_integer((n as i64).into());
    let (pi, lambda) = duals.split_at(n);
    if pi.iter().any(|x| x.is_negative() || *x > cap) || lambda.iter().any(Signed::is_negative) {
        return false;
    }
    let balance = (0..p).all(|j| {
        let s: Q = (0..n).map(|i| &pi[i] * &y[i] * &a[i][j]).sum::<Q>()
            + (0..r).map(|k| &lambda[k] * &g[k][j]).sum::<Q>();
        s.is_zero()
    });
    let feasible = g.iter().all(|gr| !dot(gr, v).is_negative());
    let f: Vec<Q> = a.iter().map(|row| dot(row, v)).collect();
    balance && feasible && pi.iter().sum::<Q>() == *value && super::loss::hinge_of_outputs(y, &f) == *value
}

/// The point with the live units' `R_k` replaced by `v` (`w_k = R_k / z_k`, `z` unchanged).
fn point_of(inst: &Instance, p: &Point, live: &Live, v: &[Q]) -> Point {
    let d = inst.d();
    let mut out = p.clone();
    for (j, &k) in live.units.iter().enumerate() {
        out.w[k] = (0..d).map(|l| &v[j * d + l] / &p.z[k]).collect();
    }
    if inst.output_bias {
        out.c = v[v.len() - 1].clone();
    }
    out
}

/// A direction `(dz = 0, dw, dc)` from a direction `d` in `v`.
fn direction_of(inst: &Instance, p: &Point, live: &Live, dv: &[Q]) -> Point {
    let d = inst.d();
    let mut out = Point {
        z: vec![Q::zero(); inst.hidden],
        w: vec![vec![Q::zero(); d]; inst.hidden],
        c: Q::zero(),
    };
    for (j, &k) in live.units.iter().enumerate() {
        out.w[k] = (0..d).map(|l| &dv[j * d + l] / &p.z[k]).collect();
    }
    if inst.output_bias {
        out.c = dv[dv.len() - 1].clone();
    }
    out
}

/// `g_T'(v; d) = (1/N)[Σ_{m_i<1} −y_i A_i d + Σ_{m_i=1} max(0, −y_i A_i d)]`, `m_i = y_i (A v)_i`.
pub fn directional_derivative(y: &[Q], a: &[Vec<Q>], v: &[Q], dv: &[Q]) -> Q {
    let n = Q::from_integer((a.len() as i64).into());
    let mut s = Q::zero();
    for (i, row) in a.iter().enumerate() {
        let m = &y[i] * dot(row, v);
        let slope = -(&y[i] * dot(row, dv));
        if m < Q::one() {
            s += slope;
        } else if m == Q::one() && slope.is_positive() {
            s += slope;
        }
    }
    s / n
}

/// Classify `p` for the hinge loss of `inst` (labels ±1).
pub fn classify(inst: &Instance, p: &Point, route: Route) -> HingePointAnswer {
    let dead: Vec<usize> = (0..inst.hidden).filter(|&k| p.z[k].is_zero()).collect();
    if !dead.is_empty() && dead.iter().all(|&k| p.w[k].iter().all(Zero::is_zero)) {
        return dead_at_origin(inst, p, &dead, route);
    }
    let loss = hinge_loss(inst, p);
    let live = Live::new(inst, p);
    let free = live.free();
    if free.len() > MAX_FREE {
        return HingePointAnswer::Undecided {
            loss,
            reason: format!(
                "{} (unit, sample) pairs lie on hyperplanes: 2^{} pieces exceed the limit 2^{MAX_FREE}",
                free.len(),
                free.len()
            ),
        };
    }
    let pieces = 1u64 << free.len();
    let mut all = Vec::new();
    for mask in 0..pieces {
        let act = live.piece(&free, mask);
        let (a, g) = piece_rows(inst, &live, &act);
        let (value, v2) = piece_minimum(&inst.y, &a, &g);
        if value < loss {
            let dv: Vec<Q> = v2.iter().zip(&live.v).map(|(b, a)| b - a).collect();
            let t = Q::new(1.into(), 1024.into());
            let stepped: Vec<Q> = live.v.iter().zip(&dv).map(|(a, d)| a + &t * d).collect();
            let step = point_of(inst, p, &live, &stepped);
            let step_loss = hinge_loss(inst, &step);
            assert!(
                step_loss < loss,
                "hinge point: a convex step from a lower piece minimum is lower (a bug)"
            );
            let piece = free
                .iter()
                .fold(vec![Vec::new(); live.units.len()], |mut acc, &(j, i)| {
                    acc[j].push((i, act[j][i]));
                    acc
                });
            return HingePointAnswer::NotMinimum {
                loss,
                piece,
                direction: direction_of(inst, p, &live, &dv),
                step,
                step_loss,
                quadratic: false,
            };
        }
        all.push((a, g));
    }
    if live.units.len() < inst.hidden {
        return HingePointAnswer::Undecided {
            loss,
            reason: format!(
                "{} unit(s) with z_k = 0: moving the others gives no lower loss (every piece's LP minimum is {}), \
                 the units at z_k = 0 are not decided (proofs/hinge-cells.md §5)",
                inst.hidden - live.units.len(),
                relucert_exact::format_q(&hinge_loss(inst, p))
            ),
        };
    }
    let shape = shape_at_minimum(inst, p, &live, &all, route);
    HingePointAnswer::LocalMinimum {
        loss,
        pieces: pieces as usize,
        shape,
    }
}

/// Flat or not at a local minimum: on every piece, for every set `S` of kink samples, the system
/// `G d ≥ 0, u_S·d > 0` must be infeasible (`u_S = −(1/N)(Σ_{m_i<1} y_i A_i + Σ_{i∈S} y_i A_i)`).
fn shape_at_minimum(
    inst: &Instance,
    p: &Point,
    live: &Live,
    pieces: &[(Vec<Vec<Q>>, Vec<Vec<Q>>)],
    route: Route,
) -> PointShape {
    let dim = live.v.len();
    for (a, g) in pieces {
        let margins: Vec<Q> = a
            .iter()
            .enumerate()
            .map(|(i, r)| &inst.y[i] * dot(r, &live.v))
            .collect();
        let kinks: Vec<usize> = (0..a.len())
            .filter(|&i| margins[i] == Q::one() && a[i].iter().any(|x| !x.is_zero()))
            .collect();
        if kinks.len() > MAX_KINKS {
            return PointShape::Unknown(format!(
                "{} samples at a hinge kink: 2^{} sets exceed the limit 2^{MAX_KINKS}",
                kinks.len(),
                kinks.len()
            ));
        }
        let mut base = vec![Q::zero(); dim];
        for i in 0..a.len() {
            if margins[i] < Q::one() {
                for j in 0..dim {
                    base[j] -= &inst.y[i] * &a[i][j];
                }
            }
        }
        for set in 0u64..(1u64 << kinks.len()) {
            let mut u = base.clone();
            for (b, &i) in kinks.iter().enumerate() {
                if set >> b & 1 == 1 {
                    for j in 0..dim {
                        u[j] -= &inst.y[i] * &a[i][j];
                    }
                }
            }
            if u.iter().all(Zero::is_zero) {
                continue;
            }
            let sys = LinearSystem {
                dim,
                strict: vec![Constraint {
                    coeffs: u,
                    rhs: Q::zero(),
                }],
                // The tangent cone of Q_T at v: only the face rows active at v (G_r v = 0); the
                // others stay strictly satisfied for small d.
                nonstrict: g
                    .iter()
                    .filter(|r| dot(r, &live.v).is_zero())
                    .map(|r| Constraint {
                        coeffs: r.clone(),
                        rhs: Q::zero(),
                    })
                    .collect(),
                equalities: Vec::new(),
            };
            if let Verdict::Feasible(dv) = decide(&sys, route).verdict {
                let derivative = directional_derivative(&inst.y, a, &live.v, &dv);
                assert!(derivative.is_positive(), "g_T'(d) ≥ u_S·d > 0");
                return PointShape::NotFlat {
                    direction: direction_of(inst, p, live, &dv),
                    derivative,
                };
            }
        }
    }
    PointShape::Flat
}

/// Units with `z_k = 0` and `w_k = 0` (`proofs/hinge-cells.md` §7.4): near `p` such a unit
/// contributes `δz σ(w'·x) = s σ(s R·x)` with `R = δz w'` ranging over a whole neighbourhood of `0`
/// for each sign `s = sign δz`, so `p` is a local minimum iff, for every sign vector of these
/// units, the *virtual point* with `z_k = ±1` (and `w_k = 0`, the same loss) is one (Theorem 5.2
/// applies there), and the loss is constant nearby iff it is at every virtual point. A lower
/// point of a virtual point is carried back along the curve of [`HingePointAnswer::NotMinimum`].
fn dead_at_origin(inst: &Instance, p: &Point, dead: &[usize], route: Route) -> HingePointAnswer {
    let loss = hinge_loss(inst, p);
    let mut pieces = 0usize;
    let mut rising: Option<String> = None;
    for mask in 0u64..(1u64 << dead.len()) {
        let mut virt = p.clone();
        for (b, &k) in dead.iter().enumerate() {
            virt.z[k] = if mask >> b & 1 == 1 { -Q::one() } else { Q::one() };
        }
        match classify(inst, &virt, route) {
            HingePointAnswer::NotMinimum {
                piece,
                direction,
                step_loss,
                ..
            } => {
                let mut dir = direction.clone();
                let tau = Q::new(1.into(), 32.into());
                let tau2 = &tau * &tau;
                let mut step = p.clone();
                for k in 0..inst.hidden {
                    if dead.contains(&k) {
                        dir.z[k] = virt.z[k].clone();
                        step.z[k] = &tau * &dir.z[k];
                        step.w[k] = dir.w[k].iter().map(|x| &tau * x).collect();
                    } else {
                        step.w[k] = p.w[k].iter().zip(&dir.w[k]).map(|(a, b)| a + &tau2 * b).collect();
                    }
                }
                step.c = &p.c + &tau2 * &dir.c;
                let real = hinge_loss(inst, &step);
                assert_eq!(
                    real, step_loss,
                    "hinge point: the curve reaches the virtual step's outputs (a bug otherwise)"
                );
                return HingePointAnswer::NotMinimum {
                    loss,
                    piece,
                    direction: dir,
                    step,
                    step_loss,
                    quadratic: true,
                };
            }
            HingePointAnswer::LocalMinimum { pieces: n, shape, .. } => {
                pieces += n;
                if shape != PointShape::Flat && rising.is_none() {
                    rising = Some(format!(
                        "with z = [{}] the loss is not constant nearby ({shape:?})",
                        virt.z
                            .iter()
                            .map(relucert_exact::format_q)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            HingePointAnswer::Undecided { reason, .. } => {
                return HingePointAnswer::Undecided { loss, reason };
            }
        }
    }
    HingePointAnswer::LocalMinimum {
        loss,
        pieces,
        shape: match rising {
            None => PointShape::Flat,
            Some(why) => PointShape::NotFlatCurved(format!(
                "{why}; a unit at z_k = 0, w_k = 0 moves R_k = z_k w_k only \
                 quadratically along straight lines, so no rising direction is reported"
            )),
        },
    }
}
