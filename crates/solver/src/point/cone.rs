//! The cone-membership test of condition 2 (SPEC §4): is
//! `g ∈ cone{x_i : i ∈ T} + cone{−x_i : i ∈ Z'_k∖T}`? Decided exactly by
//! [`crate::feasibility::decide`]; a refutation is turned into a direction `v` of the closed
//! region `C_T` with `g·v < 0` (`proofs/local-minima-theorem.md`, Step 3).

use num_traits::{Signed, Zero};

use crate::error::{Error, Result};
use crate::feasibility::{Constraint, LinearSystem, Route, Verdict, decide};
use crate::point::local_region::LocalRegion;
use relucert_exact::Q;
use relucert_exact::matrix::dot;

/// The answer of the cone test.
#[derive(Clone, Debug, PartialEq)]
pub enum ConeAnswer {
    /// `g = Σ_T λ_i x_i − Σ_{Z'∖T} μ_i x_i` with these `(sample, λ_i)` and `(sample, μ_i)`, all `≥ 0`.
    Member {
        lambda: Vec<(usize, Q)>,
        mu: Vec<(usize, Q)>,
    },
    /// A direction `v` with `v·x_i ≥ 0` on `T`, `≤ 0` on `Z'∖T`, and `g·v < 0`.
    Separated { direction: Vec<Q> },
}

/// Decide whether `g` lies in the dual cone `C_T*` of the region, exactly.
pub fn cone_test(samples: &[Vec<Q>], region: &LocalRegion, g: &[Q], route: Route) -> Result<ConeAnswer> {
    let zs = region.zero_samples();
    if zs.is_empty() {
        // The cone is {0}: either g = 0, or v = −g separates.
        if g.iter().all(|v| v.is_zero()) {
            return Ok(ConeAnswer::Member {
                lambda: Vec::new(),
                mu: Vec::new(),
            });
        }
        return Ok(ConeAnswer::Separated {
            direction: g.iter().map(|v| -v).collect(),
        });
    }
    let n = zs.len();
    let d = g.len();
    let sign = |in_t: bool| {
        if in_t {
            Q::from_integer(1.into())
        } else {
            Q::from_integer((-1).into())
        }
    };
    let nonstrict = (0..n)
        .map(|j| {
            let mut coeffs = vec![Q::zero(); n];
            coeffs[j] = Q::from_integer(1.into());
            Constraint {
                coeffs,
                rhs: Q::zero(),
            }
        })
        .collect();
    let equalities = (0..d)
        .map(|r| Constraint {
            coeffs: zs.iter().map(|&(i, in_t)| sign(in_t) * &samples[i][r]).collect(),
            rhs: g[r].clone(),
        })
        .collect();
    let system = LinearSystem {
        dim: n,
        strict: Vec::new(),
        nonstrict,
        equalities,
    };
    match decide(&system, route).verdict {
        Verdict::Feasible(nu) => {
            let mut lambda = Vec::new();
            let mut mu = Vec::new();
            for (&(i, in_t), v) in zs.iter().zip(nu) {
                if in_t {
                    lambda.push((i, v));
                } else {
                    mu.push((i, v));
                }
            }
            Ok(ConeAnswer::Member { lambda, mu })
        }
        Verdict::Infeasible(m) => {
            // ρ_j + s_j u·x_{i_j} = 0 with ρ ≥ 0 and u·g > 0, so v = −u separates.
            let direction: Vec<Q> = m.equalities.iter().map(|u| -u).collect();
            let inside = zs.iter().all(|&(i, in_t)| {
                let p = dot(&direction, &samples[i]);
                if in_t { !p.is_negative() } else { !p.is_positive() }
            });
            if !inside || !dot(g, &direction).is_negative() {
                return Err(Error::Refused(
                    "internal: the infeasibility certificate of a cone test does not give a \
                     separating direction"
                        .into(),
                ));
            }
            Ok(ConeAnswer::Separated { direction })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::qi;

    fn region(pos: &[usize], neg: &[usize]) -> LocalRegion {
        LocalRegion {
            positive: pos.to_vec(),
            negative: neg.to_vec(),
            witness: Vec::new(),
        }
    }

    #[test]
    fn member_and_separated() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]];
        // g = 2 x_0 − 3 x_1 with T = {0}, Z'∖T = {1}.
        let r = region(&[0], &[1]);
        match cone_test(&x, &r, &[qi(2), qi(-3)], Route::ExactOnly).unwrap() {
            ConeAnswer::Member { lambda, mu } => {
                assert_eq!(lambda, vec![(0, qi(2))]);
                assert_eq!(mu, vec![(1, qi(3))]);
            }
            other => panic!("{other:?}"),
        }
        match cone_test(&x, &r, &[qi(-1), qi(0)], Route::ExactOnly).unwrap() {
            ConeAnswer::Separated { direction } => {
                assert!(dot(&direction, &x[0]) >= qi(0));
                assert!(dot(&direction, &x[1]) <= qi(0));
                assert!(dot(&direction, &[qi(-1), qi(0)]) < qi(0));
            }
            other => panic!("{other:?}"),
        }
    }
}
