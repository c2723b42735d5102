//! Families of local minima of the hinge loss on every face combination, cell boundaries
//! included (`proofs/hinge-cells.md` §7), for the points with every `z_k ≠ 0`.
//!
//! A *face family* fixes, per unit, a face `F_k` of the data arrangement (relatively open: a sign
//! per sample, `0` on the hyperplane) and the sign `s_k = ±1` of `z_k`; its points are
//! `{(z, w [, c]) : w_k ∈ F_k, sign z_k = s_k}`. By Theorem 5.2 every such point `P` is a local
//! minimum iff every *piece* `T` (a choice active/inactive for each sample on a hyperplane) has
//! `min_{Q_T} g_T = L(P)`; the cones `Q_T` (apex 0) and the functions `g_T` depend only on the
//! faces and `s`, and `v_P ∈ Q_T` gives `min_{Q_T} g_T ≤ L(P)`. So:
//!
//! - two pieces with different LP minima: the family has no local minimum (`Unequal`);
//! - all pieces with the same minimum `m`: the local minima are exactly the points of the
//!   family with `L = m`, i.e. the solutions `(v, ξ)` of the *family system* (strict
//!   `s_k σ_i x_i·R_k > 0` off the hyperplanes, `x_i·R_k = 0` on them, `ξ ≥ 0`,
//!   `ξ_i + y_i A_i v ≥ 1`, `Σ ξ_i ≤ N m`): a witness (`Family`, loss `m` exactly) or a Motzkin
//!   certificate (`Empty`).
//!
//! Each family is classified in Laurent–von Brecht's sense (§2.2): type I (*flat*) iff some piece
//! has a kink-free minimiser strictly inside `Q_T` (then an open set of constant loss `m` comes
//! arbitrarily close to every point of the family), type II (*sharp*) otherwise, with per-piece
//! evidence (a face multiplier `λ_r > 0`, a fractional `π_i`, or a Motzkin certificate).

use num_traits::{One, Signed, Zero};
use rayon::prelude::*;

use super::global::{GlobalMinimum, global_minimum};
use super::point::piece_minimum_with_duals;
use crate::arrangement::complete::Arrangement;
use crate::cells::combination::multisets;
use crate::error::{Error, Result};
use crate::feasibility::{Constraint, LinearSystem, Motzkin, Route, Verdict, decide};
use crate::instance::Instance;
use crate::model::Point;
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// At most this many (unit, sample) pairs on hyperplanes per family (`2^m` piece LPs).
pub const MAX_FREE: usize = 12;

/// One piece's exact LP minimum, checked by weak duality.
#[derive(Clone, Debug, PartialEq)]
pub struct PieceMinimum {
    /// Bit `b` set: the `b`-th (unit, sample) pair on a hyperplane counts as active.
    pub mask: u64,
    pub value: Q,
    pub v: Vec<Q>,
    /// `(π_1..π_N, λ_1..λ_r)`.
    pub duals: Vec<Q>,
}

/// Why a piece has no kink-free minimiser strictly inside its cone.
#[derive(Clone, Debug, PartialEq)]
pub enum NoInterior {
    /// `λ_r > 0`: every minimiser over `Q_T` has `G_r v = 0` (complementary slackness).
    Face(usize),
    /// `π_i ∈ (0, 1/N)` on a row with `A_i ≠ 0`: every minimiser sits at sample `i`'s kink.
    Fractional(usize),
    /// The strict system `G_T u > 0` plus the side rows fixed by `π` is infeasible.
    Refuted(Motzkin),
}

/// Laurent–von Brecht's type of a family.
#[derive(Clone, Debug, PartialEq)]
pub enum FamilyType {
    /// Type I: piece `piece` has the kink-free minimiser `u` strictly inside its cone.
    Flat { piece: usize, u: Vec<Q> },
    /// Type II: one reason per piece.
    Sharp(Vec<NoInterior>),
}

/// The answer for one face family.
#[derive(Clone, Debug, PartialEq)]
pub enum FamilyAnswer {
    /// Local minima with loss `loss`; `point` is one of them.
    Family {
        loss: Q,
        point: Point,
        pieces: Vec<PieceMinimum>,
        kind: FamilyType,
    },
    /// Two pieces with different minima: no local minimum.
    Unequal { pieces: [PieceMinimum; 2] },
    /// Every piece has minimum `loss`, but no point of the family attains it.
    Empty {
        loss: Q,
        pieces: Vec<PieceMinimum>,
        refutation: Motzkin,
    },
}

/// One face family: per unit `(face index, s_k)`, canonical (non-decreasing `2·face + [s < 0]`).
#[derive(Clone, Debug, PartialEq)]
pub struct FaceFamily {
    pub units: Vec<(usize, i8)>,
    pub answer: FamilyAnswer,
}

/// Every face family of an instance, with the global minimum and the verdict's ingredients.
#[derive(Clone, Debug)]
pub struct HingeFamilies {
    /// The faces (sign vectors as `+ − 0` per sample, witness), complete by their count.
    pub faces: Vec<(Vec<i8>, Vec<Q>)>,
    pub face_count: u64,
    pub families: Vec<FaceFamily>,
    pub global: GlobalMinimum,
}

impl HingeFamilies {
    /// The families with local minima.
    pub fn minima(&self) -> impl Iterator<Item = (&FaceFamily, &Q, &Point, &FamilyType)> {
        self.families.iter().filter_map(|f| match &f.answer {
            FamilyAnswer::Family {
                loss, point, kind, ..
            } => Some((f, loss, point, kind)),
            _ => None,
        })
    }

    /// Families whose loss exceeds the global minimum (spurious local minima).
    pub fn spurious(&self) -> usize {
        self.minima()
            .filter(|(_, loss, _, _)| **loss > self.global.value)
            .count()
    }
}

fn signs_of(text: &str) -> Vec<i8> {
    text.chars()
        .map(|c| match c {
            '+' => 1,
            '-' => -1,
            _ => 0,
        })
        .collect()
}

/// The (unit, sample) pairs on hyperplanes, in order (unit, then sample).
pub fn free_pairs(inst: &Instance, faces: &[&[i8]]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (k, f) in faces.iter().enumerate() {
        for (i, x) in inst.x.iter().enumerate() {
            if f[i] == 0 && x.iter().any(|t| !t.is_zero()) {
                out.push((k, i));
            }
        }
    }
    out
}

/// `A_T` and `G_T` of a piece (`proofs/hinge-cells.md` §5): unit `k`'s effective sign on sample
/// `i` is its face sign, or the mask's choice on the hyperplane; `γ = 1` on `+`, `α` on `−`;
/// face rows `s_k · sign · x_i` on `R_k` for every non-zero sample.
pub fn piece_rows(
    inst: &Instance,
    faces: &[&[i8]],
    s: &[i8],
    free: &[(usize, usize)],
    mask: u64,
) -> (Vec<Vec<Q>>, Vec<Vec<Q>>) {
    let (n, d, k) = (inst.n(), inst.d(), inst.hidden);
    let p = k * d + usize::from(inst.output_bias);
    let mut eff: Vec<Vec<i8>> = faces.iter().map(|f| f.to_vec()).collect();
    for (b, &(j, i)) in free.iter().enumerate() {
        eff[j][i] = if mask >> b & 1 == 1 { 1 } else { -1 };
    }
    let mut a = vec![vec![Q::zero(); p]; n];
    let mut g = Vec::new();
    for j in 0..k {
        for (i, x) in inst.x.iter().enumerate() {
            if x.iter().all(Zero::is_zero) {
                continue;
            }
            let gamma = if eff[j][i] > 0 {
                Q::one()
            } else {
                inst.alpha.clone()
            };
            let side = Q::from_integer(i64::from(s[j] * eff[j][i]).into());
            let mut row = vec![Q::zero(); p];
            for l in 0..d {
                a[i][j * d + l] = &gamma * &x[l];
                row[j * d + l] = &side * &x[l];
            }
            g.push(row);
        }
    }
    if inst.output_bias {
        for row in a.iter_mut() {
            row[p - 1] = Q::one();
        }
    }
    (a, g)
}

/// The family system of the module docs over `(v, ξ)`.
pub fn family_system(inst: &Instance, faces: &[&[i8]], s: &[i8], a: &[Vec<Q>], loss: &Q) -> LinearSystem {
    let (n, d) = (inst.n(), inst.d());
    let p = a.first().map_or(0, Vec::len);
    let dim = p + n;
    let mut strict = Vec::new();
    let mut equalities = Vec::new();
    for (j, f) in faces.iter().enumerate() {
        for (i, x) in inst.x.iter().enumerate() {
            if x.iter().all(Zero::is_zero) {
                continue;
            }
            let mut row = vec![Q::zero(); dim];
            let side = Q::from_integer(i64::from(s[j] * f[i]).into());
            for l in 0..d {
                row[j * d + l] = if f[i] == 0 { x[l].clone() } else { &side * &x[l] };
            }
            let c = Constraint {
                coeffs: row,
                rhs: Q::zero(),
            };
            if f[i] == 0 {
                equalities.push(c);
            } else {
                strict.push(c);
            }
        }
    }
    let mut nonstrict = Vec::new();
    for i in 0..n {
        let mut coeffs = vec![Q::zero(); dim];
        coeffs[p + i] = Q::one();
        nonstrict.push(Constraint {
            coeffs,
            rhs: Q::zero(),
        });
    }
    for i in 0..n {
        let mut coeffs = vec![Q::zero(); dim];
        for c in 0..p {
            coeffs[c] = &inst.y[i] * &a[i][c];
        }
        coeffs[p + i] = Q::one();
        nonstrict.push(Constraint {
            coeffs,
            rhs: Q::one(),
        });
    }
    let mut total = vec![Q::zero(); dim];
    for t in total.iter_mut().skip(p) {
        *t = -Q::one();
    }
    nonstrict.push(Constraint {
        coeffs: total,
        rhs: -(loss * Q::from_integer((n as i64).into())),
    });
    LinearSystem {
        dim,
        strict,
        nonstrict,
        equalities,
    }
}

/// The interior system of a piece: `G_T u > 0` and the side rows fixed by `π` (`y_i A_i u > 1`
/// where `π_i = 0`, `y_i A_i u < 1` where `π_i = 1/N`, rows with `A_i ≠ 0`), or why it is not
/// needed (a face multiplier or a fractional `π_i`).
pub fn interior_system(
    y: &[Q],
    a: &[Vec<Q>],
    g: &[Vec<Q>],
    duals: &[Q],
) -> std::result::Result<LinearSystem, NoInterior> {
    let n = a.len();
    let p = a.first().map_or(0, Vec::len);
    let (pi, lambda) = duals.split_at(n);
    if let Some(r) = lambda.iter().position(Signed::is_positive) {
        return Err(NoInterior::Face(r));
    }
    let cap = Q::one() / Q::from_integer((n as i64).into());
    let mut strict: Vec<Constraint> = g
        .iter()
        .map(|r| Constraint {
            coeffs: r.clone(),
            rhs: Q::zero(),
        })
        .collect();
    for i in 0..n {
        if a[i].iter().all(Zero::is_zero) {
            continue;
        }
        let row: Vec<Q> = a[i].iter().map(|x| &y[i] * x).collect();
        if pi[i].is_zero() {
            strict.push(Constraint {
                coeffs: row,
                rhs: Q::one(),
            });
        } else if pi[i] == cap {
            strict.push(Constraint {
                coeffs: row.into_iter().map(|x| -x).collect(),
                rhs: -Q::one(),
            });
        } else {
            return Err(NoInterior::Fractional(i));
        }
    }
    Ok(LinearSystem {
        dim: p,
        strict,
        nonstrict: Vec::new(),
        equalities: Vec::new(),
    })
}

/// Decide one face family.
pub fn analyse_family(inst: &Instance, faces: &[&[i8]], s: &[i8], route: Route) -> Result<FamilyAnswer> {
    let free = free_pairs(inst, faces);
    if free.len() > MAX_FREE {
        return Err(Error::Refused(format!(
            "a face family has {} (unit, sample) pairs on hyperplanes: 2^{} piece LPs exceed the limit 2^{MAX_FREE}",
            free.len(),
            free.len()
        )));
    }
    let mut pieces: Vec<PieceMinimum> = Vec::new();
    let mut rows = Vec::new();
    for mask in 0..(1u64 << free.len()) {
        let (a, g) = piece_rows(inst, faces, s, &free, mask);
        let (value, v, duals) = piece_minimum_with_duals(&inst.y, &a, &g);
        let piece = PieceMinimum {
            mask,
            value,
            v,
            duals,
        };
        if let Some(first) = pieces.first()
            && first.value != piece.value
        {
            return Ok(FamilyAnswer::Unequal {
                pieces: [first.clone(), piece],
            });
        }
        pieces.push(piece);
        rows.push((a, g));
    }
    let loss = pieces[0].value.clone();
    let p = rows[0].0[0].len();
    let sys = family_system(inst, faces, s, &rows[0].0, &loss);
    let v = match decide(&sys, route).verdict {
        Verdict::Infeasible(m) => {
            return Ok(FamilyAnswer::Empty {
                loss,
                pieces,
                refutation: m,
            });
        }
        Verdict::Feasible(u) => u[..p].to_vec(),
    };
    let d = inst.d();
    let point = Point {
        z: s.iter()
            .map(|&sk| Q::from_integer(i64::from(sk).into()))
            .collect(),
        w: (0..inst.hidden)
            .map(|j| {
                (0..d)
                    .map(|l| Q::from_integer(i64::from(s[j]).into()) * &v[j * d + l])
                    .collect()
            })
            .collect(),
        c: if inst.output_bias {
            v[p - 1].clone()
        } else {
            Q::zero()
        },
    };
    assert_eq!(
        super::loss::hinge_loss(inst, &point),
        loss,
        "hinge family: the witness's loss is the pieces' minimum (a bug otherwise)"
    );
    let mut reasons = Vec::new();
    let mut kind = None;
    for (t, ((a, g), piece)) in rows.iter().zip(&pieces).enumerate() {
        match interior_system(&inst.y, a, g, &piece.duals) {
            Err(why) => reasons.push(why),
            Ok(sys) => match decide(&sys, route).verdict {
                Verdict::Feasible(u) => {
                    kind = Some(FamilyType::Flat { piece: t, u });
                    break;
                }
                Verdict::Infeasible(m) => reasons.push(NoInterior::Refuted(m)),
            },
        }
    }
    Ok(FamilyAnswer::Family {
        loss,
        point,
        pieces,
        kind: kind.unwrap_or(FamilyType::Sharp(reasons)),
    })
}

/// Every face family (multisets of `(face, s)` pairs), in parallel, with the global minimum.
pub fn analyse(inst: &Instance, route: Route) -> Result<HingeFamilies> {
    let arrangement = Arrangement::compute(&inst.x, true)?;
    if !arrangement.is_complete() {
        return Err(Error::Refused(format!(
            "the face enumeration did not match its count: {}",
            arrangement.problems.join("; ")
        )));
    }
    let mut faces: Vec<(Vec<i8>, Vec<Q>)> = arrangement
        .faces
        .as_ref()
        .expect("faces were asked for")
        .iter()
        .map(|f| (signs_of(&f.signs.to_string()), f.witness.clone()))
        .collect();
    faces.sort_by_key(|f| sign_text(&f.0));
    let face_count = arrangement.face_count.unwrap_or(0);
    let combos = multisets(2 * faces.len(), inst.hidden);
    let families = combos
        .par_iter()
        .map(|combo| {
            let units: Vec<(usize, i8)> = combo
                .iter()
                .map(|&c| (c / 2, if c % 2 == 0 { 1 } else { -1 }))
                .collect();
            let fs: Vec<&[i8]> = units.iter().map(|&(f, _)| faces[f].0.as_slice()).collect();
            let s: Vec<i8> = units.iter().map(|&(_, sk)| sk).collect();
            analyse_family(inst, &fs, &s, route).map(|answer| FaceFamily { units, answer })
        })
        .collect::<Result<Vec<_>>>()?;
    let (chambers, _) = super::chambers(inst)?;
    let global = global_minimum(inst, &chambers);
    Ok(HingeFamilies {
        faces,
        face_count,
        families,
        global,
    })
}

/// `+ − 0` text of a sign vector.
pub fn sign_text(s: &[i8]) -> String {
    s.iter()
        .map(|&c| match c {
            1 => '+',
            -1 => '-',
            _ => '0',
        })
        .collect()
}

/// The loss of the point `v` (units' `R_k`, then `c`) under the piece's design rows.
pub fn piece_loss(y: &[Q], a: &[Vec<Q>], v: &[Q]) -> Q {
    let f: Vec<Q> = a.iter().map(|r| dot(r, v)).collect();
    super::loss::hinge_of_outputs(y, &f)
}
