//! The plain depth-first decision of rare data: every choice of `(λ_i, ε_i)` for every sample.
//!
//! Independent of [`crate::generic::rare_search`]: it works on the full `R` class equations of
//! Def. 1 in rationals, builds each contribution from `(λ, ε)` itself, and neither drops a
//! block, clears denominators, splits the samples nor fingerprints. It visits
//! `(1 + (L+1)(2^{R−1} − 1))^N` leaves, so it is only for small inputs (tests, cross-checks).

use num_bigint::BigInt;
use num_traits::{One, Zero};

use crate::error::{Error, Result};
use crate::generic::rare::{RareProblem, RareWitness, SampleChoice};
use relucert_exact::Q;

/// The largest brute-force count the enumeration accepts.
pub const ENUMERATION_LIMIT: u64 = 5_000_000;

/// Decide rare data by depth-first enumeration; `Some(witness)` iff rare (the first witness in
/// the enumeration order). Refuses above [`ENUMERATION_LIMIT`] leaves.
pub fn rare_by_enumeration(problem: &RareProblem) -> Result<Option<RareWitness>> {
    let count = problem.brute_force_count();
    if count > BigInt::from(ENUMERATION_LIMIT) {
        return Err(Error::Refused(format!(
            "rare-data enumeration: {count} choices, above the limit of {ENUMERATION_LIMIT}"
        )));
    }
    let mut search = Enumeration {
        problem,
        sum: vec![vec![Q::zero(); problem.point_dim()]; problem.classes()],
        chosen: Vec::with_capacity(problem.n()),
    };
    Ok(search
        .visit(0, false)
        .then(|| problem.witness_from_choices(&search.chosen)))
}

struct Enumeration<'a> {
    problem: &'a RareProblem,
    /// `sum[r]` = (left − right side) of the class-`r` equation over the samples chosen so far.
    sum: Vec<Vec<Q>>,
    chosen: Vec<SampleChoice>,
}

impl Enumeration<'_> {
    fn visit(&mut self, i: usize, nonzero: bool) -> bool {
        let p = self.problem;
        if i == p.n() {
            return nonzero && self.sum.iter().flatten().all(Zero::is_zero);
        }
        let r_count = p.classes();
        self.chosen.push(SampleChoice {
            power: 0,
            epsilon: vec![false; r_count],
        });
        if self.visit(i + 1, nonzero) {
            return true;
        }
        self.chosen.pop();
        let own = p.class_of[i];
        let mut lambda = Q::one();
        for power in 0..=p.depth {
            let scale = lambda.clone() * &p.weights[i];
            // Every non-empty set of classes other than the sample's own.
            for mask in 1u64..(1u64 << r_count) {
                if (mask >> own) & 1 == 1 {
                    continue;
                }
                let epsilon: Vec<bool> = (0..r_count).map(|r| (mask >> r) & 1 == 1).collect();
                let eps_i = Q::from_integer(BigInt::from(mask.count_ones()));
                self.shift(i, own, &(scale.clone() * &eps_i), &epsilon, &scale, true);
                self.chosen.push(SampleChoice {
                    power,
                    epsilon: epsilon.clone(),
                });
                if self.visit(i + 1, true) {
                    return true;
                }
                self.chosen.pop();
                self.shift(i, own, &(scale.clone() * &eps_i), &epsilon, &scale, false);
            }
            lambda *= &p.alpha;
        }
        false
    }

    /// Add (or remove) sample `i`'s terms: `own_scale · x̃_i` to its own class equation's left
    /// side, `scale · x̃_i` to the right side of every class `r` with `ε_{i,r} = 1`.
    fn shift(&mut self, i: usize, own: usize, own_scale: &Q, epsilon: &[bool], scale: &Q, add: bool) {
        let x = &self.problem.points[i];
        for (t, xt) in x.iter().enumerate() {
            let term = own_scale.clone() * xt;
            if add {
                self.sum[own][t] += term;
            } else {
                self.sum[own][t] -= term;
            }
        }
        for (r, &e) in epsilon.iter().enumerate() {
            if !e {
                continue;
            }
            for (t, xt) in x.iter().enumerate() {
                let term = scale.clone() * xt;
                if add {
                    self.sum[r][t] -= term;
                } else {
                    self.sum[r][t] += term;
                }
            }
        }
    }
}
