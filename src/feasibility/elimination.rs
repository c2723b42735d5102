//! Exact elimination of the equalities `C v = d` of a [`LinearSystem`].
//!
//! Either the equalities are inconsistent — then a left null vector `μ` of `C` with `μ·d > 0`
//! is a Motzkin certificate on its own — or their solution set is `v = v₀ + B t` with `B` a
//! basis of the null space of `C`, and the inequalities become a smaller system in `t` with no
//! equalities. Points and certificates of the reduced system lift back exactly.

use std::borrow::Cow;

use num_traits::{Signed, Zero};

use super::{Constraint, LinearSystem, Motzkin};
use crate::exact::matrix::dot;
use crate::exact::{Q, QMatrix};

/// The outcome of eliminating the equalities.
pub enum Elimination<'a> {
    /// `μ` with `Σ μ_m c_m = 0` and `Σ μ_m d_m > 0`: the equalities alone are infeasible.
    Inconsistent(Vec<Q>),
    /// The inequalities restricted to the affine solution set of the equalities.
    Reduced(Reduction<'a>),
}

/// The system in the parameters `t` of `v = v₀ + B t`, and the data to map back.
pub struct Reduction<'a> {
    /// The reduced system (no equalities); borrowed unchanged when there were no equalities.
    pub system: Cow<'a, LinearSystem>,
    parametrisation: Option<Parametrisation>,
}

struct Parametrisation {
    /// A particular solution of `C v = d`.
    v0: Vec<Q>,
    /// The columns of `B`: a basis of `{v : C v = 0}`.
    basis: Vec<Vec<Q>>,
    /// `C` as a matrix, to recover the equality multipliers.
    c: QMatrix,
}

/// Eliminate the equalities of `sys`.
pub fn eliminate(sys: &LinearSystem) -> Elimination<'_> {
    if sys.equalities.is_empty() {
        return Elimination::Reduced(Reduction {
            system: Cow::Borrowed(sys),
            parametrisation: None,
        });
    }
    let dim = sys.dim;
    let c = QMatrix::from_rows(sys.equalities.iter().map(|e| e.coeffs.clone()).collect(), dim);
    let d: Vec<Q> = sys.equalities.iter().map(|e| e.rhs.clone()).collect();
    let Some(v0) = c.solve(&d) else {
        // d is not in the column space of C, so some left null vector is not orthogonal to d.
        let mu = c
            .transpose()
            .null_space()
            .into_iter()
            .find_map(|mu| {
                let s = dot(&mu, &d);
                if s.is_zero() {
                    None
                } else if s.is_positive() {
                    Some(mu)
                } else {
                    Some(mu.into_iter().map(|x| -x).collect())
                }
            })
            .expect("inconsistent equalities have a left null vector not orthogonal to d");
        return Elimination::Inconsistent(mu);
    };
    let basis = c.null_space();
    let reduce = |row: &Constraint| Constraint {
        coeffs: basis.iter().map(|b| dot(&row.coeffs, b)).collect(),
        rhs: row.rhs.clone() - dot(&row.coeffs, &v0),
    };
    let system = LinearSystem {
        dim: basis.len(),
        strict: sys.strict.iter().map(reduce).collect(),
        nonstrict: sys.nonstrict.iter().map(reduce).collect(),
        equalities: Vec::new(),
    };
    Elimination::Reduced(Reduction {
        system: Cow::Owned(system),
        parametrisation: Some(Parametrisation { v0, basis, c }),
    })
}

impl Reduction<'_> {
    /// The point `v = v₀ + B t` of the original system.
    pub fn lift_point(&self, t: &[Q]) -> Vec<Q> {
        match &self.parametrisation {
            None => t.to_vec(),
            Some(p) => {
                let mut v = p.v0.clone();
                for (tk, b) in t.iter().zip(&p.basis) {
                    if tk.is_zero() {
                        continue;
                    }
                    for (vi, bi) in v.iter_mut().zip(b) {
                        if !bi.is_zero() {
                            *vi += tk * bi;
                        }
                    }
                }
                v
            }
        }
    }

    /// Lift multipliers `(λ, ν)` of the reduced system to a certificate of `original`: the
    /// combination `w = Σλ_j a_j + Σν_l g_l` is orthogonal to the null space of `C` (that is what
    /// `Bᵀw = 0` says), hence `w = −Cᵀμ` for some `μ`, and the value `s` is unchanged:
    /// `Σλ(b − a·v₀) + Σν(h − g·v₀) = s_{λ,ν} − w·v₀ = s_{λ,ν} + μ·C v₀ = s_{λ,ν} + μ·d`.
    pub fn lift_certificate(&self, original: &LinearSystem, strict: Vec<Q>, nonstrict: Vec<Q>) -> Motzkin {
        let equalities = match &self.parametrisation {
            None => Vec::new(),
            Some(p) => {
                let mut w = vec![Q::zero(); original.dim];
                let rows = original.strict.iter().zip(&strict);
                for (row, m) in rows.chain(original.nonstrict.iter().zip(&nonstrict)) {
                    if m.is_zero() {
                        continue;
                    }
                    for (wi, ai) in w.iter_mut().zip(&row.coeffs) {
                        if !ai.is_zero() {
                            *wi -= m * ai;
                        }
                    }
                }
                p.c.transpose()
                    .solve(&w)
                    .expect("the combination of the reduced rows lies in the row space of C")
            }
        };
        Motzkin {
            strict,
            nonstrict,
            equalities,
        }
    }
}
