//! The exact scalars the feasibility engine runs on: [`Q`] (big rationals) and [`Rat`]
//! (machine words, big rationals only on overflow). Both are exact; the float proposer needs
//! their `f64` values, and the exact simplex method runs on [`Q`].

use num_traits::ToPrimitive;

use super::{Constraint, LinearSystem, Motzkin, Verdict};
use relucert_exact::{Field, Q, Rat};

/// An exact ordered field the engine can decide systems over.
pub trait Scalar: Field + ToPrimitive {
    /// From a big rational (exact).
    fn from_q(q: &Q) -> Self;
    /// As a big rational (exact).
    fn to_q(&self) -> Q;
    /// Numerator and denominator (`d > 0`, lowest terms) when both fit in an `i64`.
    fn small_parts(&self) -> Option<(i64, i64)>;
    /// The fraction `n / d` (`d ≠ 0`), exact.
    fn from_fraction(n: i128, d: i128) -> Self {
        Self::from_q(&Q::new(n.into(), d.into()))
    }
}

impl Scalar for Q {
    fn from_q(q: &Q) -> Self {
        q.clone()
    }
    fn to_q(&self) -> Q {
        self.clone()
    }
    fn small_parts(&self) -> Option<(i64, i64)> {
        Some((self.numer().to_i64()?, self.denom().to_i64()?))
    }
}

impl Scalar for Rat {
    fn from_q(q: &Q) -> Self {
        Rat::from_q(q)
    }
    fn to_q(&self) -> Q {
        Rat::to_q(self)
    }
    fn small_parts(&self) -> Option<(i64, i64)> {
        Rat::small_parts(self)
    }
}

/// Entrywise conversion between exact scalars (the values are equal).
pub fn convert<A: Scalar, B: Scalar>(v: &[A]) -> Vec<B> {
    v.iter().map(|x| B::from_q(&x.to_q())).collect()
}

fn convert_rows<A: Scalar, B: Scalar>(rows: &[Constraint<A>]) -> Vec<Constraint<B>> {
    rows.iter()
        .map(|r| Constraint {
            coeffs: convert(&r.coeffs),
            rhs: B::from_q(&r.rhs.to_q()),
        })
        .collect()
}

impl<T: Scalar> LinearSystem<T> {
    /// The same system over another exact scalar.
    pub fn convert<U: Scalar>(&self) -> LinearSystem<U> {
        LinearSystem {
            dim: self.dim,
            strict: convert_rows(&self.strict),
            nonstrict: convert_rows(&self.nonstrict),
            equalities: convert_rows(&self.equalities),
        }
    }
}

impl<T: Scalar> Motzkin<T> {
    /// The same multipliers over another exact scalar.
    pub fn convert<U: Scalar>(&self) -> Motzkin<U> {
        Motzkin {
            strict: convert(&self.strict),
            nonstrict: convert(&self.nonstrict),
            equalities: convert(&self.equalities),
        }
    }
}

impl<T: Scalar> Verdict<T> {
    /// The same verdict over another exact scalar.
    pub fn convert<U: Scalar>(&self) -> Verdict<U> {
        match self {
            Verdict::Feasible(v) => Verdict::Feasible(convert(v)),
            Verdict::Infeasible(m) => Verdict::Infeasible(m.convert()),
        }
    }
}
