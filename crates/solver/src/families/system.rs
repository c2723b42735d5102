//! The linear system of one family (SPEC §4 "Families"; `proofs/local-minima-theorem.md`,
//! "Families"): one face `F_k` and one mode `m_k ∈ {+,−,0}` per unit.
//!
//! **Variables**, in order: `R_1, …, R_K` (`d` each), then `c` (output bias only), then the
//! multipliers: for every unit `k` with `m_k ≠ 0` (ascending), every local region `T` of its
//! face (in the listed order), every sample `i ∈ Z'_k` (ascending): one `ν_{k,T,i}` — it is `λ_i`
//! when `i ∈ T` and `μ_i` otherwise.
//!
//! With `a_ik = 1` if `F_k` gives sample `i` the sign `+`, else `α`, the residual is the affine
//! form `e_i = Σ_k a_ik x_i·R_k [+ c] − y_i`, and `G_k(T) = Σ_i b_ik(T) e_i x_i` with
//! `b_ik(T) = 1` for `F_k[i] = +` or `i ∈ T`, else `α`.
//!
//! **Rows**, in order:
//! - strict: for each `k` with `m_k ≠ 0`, each non-zero sample `i` with `F_k[i] ≠ 0` (ascending):
//!   `s_i m_k x_i·R_k > 0` (`s_i = ±1` the face sign);
//! - non-strict: `ν ≥ 0` for every multiplier, in variable order;
//! - equalities:
//!   (a) each `k` with `m_k ≠ 0`, each `i ∈ Z'_k`: `x_i·R_k = 0`;
//!   (b) each `k` with `m_k = 0`, each coordinate `j`: `R_k[j] = 0`;
//!   (c) output bias only: `Σ_i e_i = 0`;
//!   (d) each `k`, each region `T`, each coordinate `j`: `m_k G_k(T)[j] − Σ_{i∈Z'_k} s_i(T) ν_{k,T,i}
//!   x_i[j] = 0` (`s_i(T) = +1` on `T`, `−1` off it) when `m_k ≠ 0`; `G_k(T)[j] = 0` when `m_k = 0`.
//!   Constants are moved to the right-hand side.

use num_traits::{One, Zero};

use crate::arrangement::{Sign, SignVector};
use crate::feasibility::{Constraint, LinearSystem, Scalar};
use crate::instance::Instance;
use crate::point::local_region::{LocalRegion, is_zero_sample};
use relucert_exact::Q;

/// The sign of the output weight of a unit in a family.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Mode {
    /// `z_k > 0`.
    Pos,
    /// `z_k < 0`.
    Neg,
    /// `z_k = 0`.
    Zero,
}

impl Mode {
    /// All modes in canonical order `+`, `-`, `0`.
    pub const ALL: [Mode; 3] = [Mode::Pos, Mode::Neg, Mode::Zero];

    /// `+1`, `−1` or `0`.
    pub fn value(self) -> Q {
        match self {
            Mode::Pos => Q::one(),
            Mode::Neg => -Q::one(),
            Mode::Zero => Q::zero(),
        }
    }

    /// The character `+`, `-` or `0`.
    pub fn as_char(self) -> char {
        match self {
            Mode::Pos => '+',
            Mode::Neg => '-',
            Mode::Zero => '0',
        }
    }
}

/// Where the variables of a family system sit.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    /// `d`.
    pub d: usize,
    /// Index of `c`, if the instance has an output bias.
    pub c: Option<usize>,
    /// `multipliers[k][t]` = first variable index of the block of unit `k`, region `t`, or
    /// `None` when `m_k = 0`. The block has one entry per sample of `Z'_k`, ascending.
    pub multipliers: Vec<Vec<Option<usize>>>,
    /// Total number of variables.
    pub dim: usize,
}

/// The instance's numbers over the scalar `T` the system is built in.
struct Numbers<T> {
    x: Vec<Vec<T>>,
    y: Vec<T>,
    alpha: T,
    zero_sample: Vec<bool>,
}

/// The affine form `e_i(R, c)` as (coefficients, constant).
fn residual_form<T: Scalar>(
    num: &Numbers<T>,
    faces: &[&SignVector],
    layout: &Layout,
    i: usize,
) -> (Vec<T>, T) {
    let d = layout.d;
    let mut coeffs = vec![T::zero(); layout.dim];
    for (k, f) in faces.iter().enumerate() {
        let a = if f.signs()[i] == Sign::Pos {
            T::one()
        } else {
            num.alpha.clone()
        };
        for j in 0..d {
            coeffs[k * d + j] = a.clone() * &num.x[i][j];
        }
    }
    if let Some(ci) = layout.c {
        coeffs[ci] = T::one();
    }
    (coeffs, -num.y[i].clone())
}

/// Build the system of the family `(faces, modes)` with the local regions of every unit's face.
pub fn family_system(
    inst: &Instance,
    faces: &[&SignVector],
    modes: &[Mode],
    regions: &[&[LocalRegion]],
) -> (LinearSystem, Layout) {
    family_system_in::<Q>(inst, faces, modes, regions)
}

/// [`family_system`] built over any exact scalar (the same rows and values): over
/// [`relucert_exact::Rat`] the small integers of the data stay in machine words.
pub fn family_system_in<T: Scalar>(
    inst: &Instance,
    faces: &[&SignVector],
    modes: &[Mode],
    regions: &[&[LocalRegion]],
) -> (LinearSystem<T>, Layout) {
    let num = Numbers {
        x: inst.x.iter().map(|r| r.iter().map(T::from_q).collect()).collect(),
        y: inst.y.iter().map(T::from_q).collect(),
        alpha: T::from_q(&inst.alpha),
        zero_sample: inst.x.iter().map(|r| is_zero_sample(r)).collect(),
    };
    let mode_value = |m: Mode| match m {
        Mode::Pos => T::one(),
        Mode::Neg => -T::one(),
        Mode::Zero => T::zero(),
    };
    let k_units = faces.len();
    let d = inst.d();
    let n = inst.n();
    let mut next = k_units * d;
    let c = if inst.output_bias {
        next += 1;
        Some(next - 1)
    } else {
        None
    };
    let mut multipliers = Vec::with_capacity(k_units);
    for k in 0..k_units {
        let mut blocks = Vec::new();
        for r in regions[k] {
            if modes[k] == Mode::Zero {
                blocks.push(None);
            } else {
                blocks.push(Some(next));
                next += r.positive.len() + r.negative.len();
            }
        }
        multipliers.push(blocks);
    }
    let layout = Layout {
        d,
        c,
        multipliers,
        dim: next,
    };
    let dim = layout.dim;
    let unit_row = |k: usize, x: &[T], scale: &T| {
        let mut coeffs = vec![T::zero(); dim];
        for j in 0..d {
            coeffs[k * d + j] = scale.clone() * &x[j];
        }
        coeffs
    };

    let mut sys = LinearSystem {
        dim,
        strict: Vec::new(),
        nonstrict: Vec::new(),
        equalities: Vec::new(),
    };
    // Strict sign rows.
    for k in 0..k_units {
        if modes[k] == Mode::Zero {
            continue;
        }
        for i in 0..n {
            let s = match faces[k].signs()[i] {
                Sign::Pos => T::one(),
                Sign::Neg => -T::one(),
                Sign::Zero => continue,
            };
            if num.zero_sample[i] {
                continue;
            }
            sys.strict.push(Constraint {
                coeffs: unit_row(k, &num.x[i], &(s * &mode_value(modes[k]))),
                rhs: T::zero(),
            });
        }
    }
    // ν ≥ 0.
    for v in (k_units * d + usize::from(c.is_some()))..dim {
        let mut coeffs = vec![T::zero(); dim];
        coeffs[v] = T::one();
        sys.nonstrict.push(Constraint {
            coeffs,
            rhs: T::zero(),
        });
    }
    // (a) vanishing samples, (b) dead units.
    for k in 0..k_units {
        if modes[k] == Mode::Zero {
            continue;
        }
        for i in 0..n {
            if faces[k].signs()[i] == Sign::Zero && !num.zero_sample[i] {
                sys.equalities.push(Constraint {
                    coeffs: unit_row(k, &num.x[i], &T::one()),
                    rhs: T::zero(),
                });
            }
        }
    }
    for k in 0..k_units {
        if modes[k] != Mode::Zero {
            continue;
        }
        for j in 0..d {
            let mut coeffs = vec![T::zero(); dim];
            coeffs[k * d + j] = T::one();
            sys.equalities.push(Constraint {
                coeffs,
                rhs: T::zero(),
            });
        }
    }
    let forms: Vec<(Vec<T>, T)> = (0..n).map(|i| residual_form(&num, faces, &layout, i)).collect();
    // (c) Σ e_i = 0.
    if c.is_some() {
        let mut coeffs = vec![T::zero(); dim];
        let mut constant = T::zero();
        for (f, k0) in &forms {
            for (a, b) in coeffs.iter_mut().zip(f) {
                if !b.is_zero() {
                    *a = a.clone() + b;
                }
            }
            constant = constant + k0;
        }
        sys.equalities.push(Constraint {
            coeffs,
            rhs: -constant,
        });
    }
    // (d) the G_k(T) conditions.
    for k in 0..k_units {
        let scale = if modes[k] == Mode::Zero {
            T::one()
        } else {
            mode_value(modes[k])
        };
        for (t, region) in regions[k].iter().enumerate() {
            for j in 0..d {
                let mut coeffs = vec![T::zero(); dim];
                let mut constant = T::zero();
                for i in 0..n {
                    if num.x[i][j].is_zero() {
                        continue;
                    }
                    let in_t = region.positive.contains(&i);
                    let b = match faces[k].signs()[i] {
                        Sign::Pos => T::one(),
                        Sign::Zero if in_t => T::one(),
                        _ => num.alpha.clone(),
                    };
                    if b.is_zero() {
                        continue;
                    }
                    let factor = scale.clone() * &b * &num.x[i][j];
                    for (a, v) in coeffs.iter_mut().zip(&forms[i].0) {
                        if !v.is_zero() {
                            *a = a.clone() + &(factor.clone() * v);
                        }
                    }
                    constant = constant + &(factor * &forms[i].1);
                }
                if let Some(start) = layout.multipliers[k][t] {
                    for (offset, (i, in_t)) in region.zero_samples().into_iter().enumerate() {
                        let s = if in_t { -T::one() } else { T::one() };
                        coeffs[start + offset] = coeffs[start + offset].clone() + &(s * &num.x[i][j]);
                    }
                }
                sys.equalities.push(Constraint {
                    coeffs,
                    rhs: -constant,
                });
            }
        }
    }
    (sys, layout)
}
