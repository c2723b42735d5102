//! Rare and generic data in the sense of Laurent & von Brecht, Definition 1 (SPEC §5).
//!
//! Fix `α > 0`, a depth `L ≥ 1`, weights `μ_i > 0` and labels in `R` classes. The data are
//! **rare** when there are `λ_i ∈ {1, α, …, α^L}` and binary `ε_{i,r}` (for `r ≠ class(i)`),
//! not all `ε` zero, with, for every class `r`,
//!
//! ```text
//!   Σ_{i ∈ r} λ_i μ_i ε_i x̃_i  =  Σ_{i ∉ r} λ_i μ_i ε_{i,r} x̃_i,     ε_i = Σ_{r'} ε_{i,r'},
//! ```
//!
//! where `x̃_i = (x_i, 1)` (the vector equation of Def. 1 together with its scalar companion,
//! eq. (7)). They are **generic** otherwise; Theorem 3 of the paper needs generic data.
//!
//! Conventions fixed here (see `docs/genericity.md`):
//! - `ε_{i,class(i)}` is always 0: Def. 1 never uses it, and letting it be 1 would make the
//!   "non-zero collection" condition hold for every data set.
//! - "Not all zero" is about `ε`; the `λ_i` are never zero. A sample whose `ε` row is zero
//!   contributes nothing, whatever its `λ_i`; a witness reports `λ_i = 1` for it.
//! - `x̃_i` appends 1 to the *raw* sample. Instances store `x` after bias augmentation, so with
//!   `bias = true` the stored `x_i` already ends in 1 and is used as `x̃_i` unchanged.
//!
//! Each sample contributes one block vector in `Q^{R(d̃)}` (block `r` is the difference of the
//! two sides of the class-`r` equation restricted to that sample), chosen from
//! `1 + (L+1)(2^{R−1} − 1)` options; the data are rare iff some choice, not all zero options,
//! sums to zero. [`crate::generic::rare_search`] searches it; [`verify_rare_witness`] checks a
//! witness by substituting it into Def. 1 directly.

use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};

use crate::error::{Error, Result};
use crate::instance::Instance;
use relucert_exact::{Q, format_q};

/// The data of a rare-data question: classes, weights, slope, depth and augmented samples.
#[derive(Clone, Debug, PartialEq)]
pub struct RareProblem {
    /// The distinct class labels, increasing; class `r` is `labels[r]`.
    pub labels: Vec<BigInt>,
    /// The class index of every sample.
    pub class_of: Vec<usize>,
    /// The weights `μ_i > 0`.
    pub weights: Vec<Q>,
    /// The leaky slope `α > 0`.
    pub alpha: Q,
    /// The depth `L ≥ 1`: `λ_i` ranges over `α^0, …, α^L`.
    pub depth: usize,
    /// The samples with a trailing 1, `x̃_i = (x_i, 1)`.
    pub points: Vec<Vec<Q>>,
}

/// One sample's part of a choice: its `λ_i = α^power` and its `ε_{i,r}` row (one entry per
/// class, `false` in its own class). An all-`false` row is the zero option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleChoice {
    /// The exponent `p` with `λ_i = α^p`, `0 ≤ p ≤ L`.
    pub power: usize,
    /// `ε_{i,r}` for every class `r`.
    pub epsilon: Vec<bool>,
}

impl SampleChoice {
    /// Whether this is the zero option (no `ε` set).
    pub fn is_zero(&self) -> bool {
        !self.epsilon.iter().any(|&e| e)
    }
}

/// A rare-data witness: `λ_i` per sample and the `ε_{i,r}` matrix (rows samples, columns
/// classes in increasing label order, 0 in each sample's own class).
#[derive(Clone, Debug, PartialEq)]
pub struct RareWitness {
    /// `λ_i ∈ {1, α, …, α^L}`.
    pub lambda: Vec<Q>,
    /// `ε_{i,r} ∈ {0, 1}`.
    pub epsilon: Vec<Vec<u8>>,
}

impl RareProblem {
    /// Build the question from an instance: labels must be integers, `α > 0`, `depth ≥ 1`,
    /// weights (if given) one positive number per sample, default `1/N`.
    pub fn from_instance(instance: &Instance, depth: usize) -> Result<Self> {
        let n = instance.n();
        if depth == 0 {
            return Err(Error::Input("--depth: expected an integer ≥ 1, found 0".into()));
        }
        if depth > relucert_format::genericity::MAX_DEPTH {
            return Err(Error::Input(format!(
                "--depth: expected an integer ≤ {} (the certificate format's limit), found {depth}",
                relucert_format::genericity::MAX_DEPTH
            )));
        }
        if !instance.alpha.is_positive() {
            return Err(Error::Input(format!(
                "alpha: expected a leaky slope alpha > 0 for the rare-data check (Laurent–von Brecht Def. 1), found \"{}\"",
                format_q(&instance.alpha)
            )));
        }
        if instance.y.len() != n {
            return Err(Error::Input(format!(
                "y: expected {n} labels (one per sample), found {}",
                instance.y.len()
            )));
        }
        let mut int_labels = Vec::with_capacity(n);
        for (i, y) in instance.y.iter().enumerate() {
            if !y.is_integer() {
                return Err(Error::Input(format!(
                    "y[{i}]: expected an integer class label for the rare-data check, found \"{}\"",
                    format_q(y)
                )));
            }
            int_labels.push(y.to_integer());
        }
        let weights = match &instance.weights {
            None => vec![Q::new(BigInt::one(), BigInt::from(n.max(1))); n],
            Some(w) => {
                if w.len() != n {
                    return Err(Error::Input(format!(
                        "weights: expected {n} numbers (one per sample), found {}",
                        w.len()
                    )));
                }
                if let Some((i, wi)) = w.iter().enumerate().find(|(_, wi)| !wi.is_positive()) {
                    return Err(Error::Input(format!(
                        "weights[{i}]: expected a positive number, found \"{}\"",
                        format_q(wi)
                    )));
                }
                w.clone()
            }
        };
        let mut labels = int_labels.clone();
        labels.sort();
        labels.dedup();
        let class_of = int_labels
            .iter()
            .map(|l| labels.binary_search(l).unwrap_or_default())
            .collect();
        let points = instance
            .x
            .iter()
            .map(|x| {
                let mut p = x.clone();
                if !instance.bias {
                    p.push(Q::one());
                }
                p
            })
            .collect();
        Ok(RareProblem {
            labels,
            class_of,
            weights,
            alpha: instance.alpha.clone(),
            depth,
            points,
        })
    }

    /// Number of samples `N`.
    pub fn n(&self) -> usize {
        self.points.len()
    }

    /// Number of classes `R`.
    pub fn classes(&self) -> usize {
        self.labels.len()
    }

    /// Length of the augmented samples `x̃_i`.
    pub fn point_dim(&self) -> usize {
        self.points.first().map_or(0, Vec::len)
    }

    /// The admissible values `α^0, …, α^L` of `λ_i`.
    pub fn lambda_values(&self) -> Vec<Q> {
        let mut values = Vec::with_capacity(self.depth + 1);
        let mut v = Q::one();
        for _ in 0..=self.depth {
            values.push(v.clone());
            v *= &self.alpha;
        }
        values
    }

    /// Number of non-zero `ε` rows per sample, `2^{R−1} − 1` (`None` if it overflows `u64`).
    pub fn epsilon_patterns(&self) -> Option<u64> {
        let r = self.classes();
        if r == 0 {
            return Some(0);
        }
        if r > 64 { None } else { Some((1u64 << (r - 1)) - 1) }
    }

    /// Options per sample, `1 + (L+1)(2^{R−1} − 1)` (`None` if it overflows `u64`).
    pub fn options_per_sample(&self) -> Option<u64> {
        let patterns = self.epsilon_patterns()?;
        let depth = u64::try_from(self.depth).ok()?;
        depth.checked_add(1)?.checked_mul(patterns)?.checked_add(1)
    }

    /// The brute-force search size `(1 + (L+1)(2^{R−1} − 1))^N`, exactly.
    pub fn brute_force_count(&self) -> BigInt {
        let r = self.classes().max(1);
        let patterns = (BigInt::one() << (r - 1)) - 1;
        let m = BigInt::one() + BigInt::from(self.depth + 1) * patterns;
        num_traits::pow(m, self.n())
    }

    /// Decode option `index` of sample `i`: 0 is the zero option; `1 + p·P + (mask − 1)`
    /// (with `P = 2^{R−1} − 1`) is `λ = α^p` with `ε` set on the classes other than the
    /// sample's own selected by the bits of `mask` (bit `b` = the `b`-th other class).
    pub fn option(&self, i: usize, index: u64) -> SampleChoice {
        let r = self.classes();
        let mut epsilon = vec![false; r];
        if index == 0 {
            return SampleChoice { power: 0, epsilon };
        }
        let patterns = self.epsilon_patterns().unwrap_or(1).max(1);
        let k = index - 1;
        let power = (k / patterns) as usize;
        let mask = k % patterns + 1;
        let own = self.class_of[i];
        for (b, class) in (0..r).filter(|&c| c != own).enumerate() {
            if b < 64 && (mask >> b) & 1 == 1 {
                epsilon[class] = true;
            }
        }
        SampleChoice { power, epsilon }
    }

    /// The block vector that sample `i` contributes under `choice`: `R` blocks of length
    /// `d̃`; block `r` is `λ μ ε_i x̃_i` for the own class and `−λ μ ε_{i,r} x̃_i` otherwise,
    /// so the sum over samples of block `r` is (left − right side) of Def. 1 for class `r`.
    pub fn contribution(&self, i: usize, choice: &SampleChoice) -> Vec<Q> {
        let dt = self.point_dim();
        let r = self.classes();
        let mut v = vec![Q::zero(); r * dt];
        if choice.is_zero() {
            return v;
        }
        let lambda_mu = num_traits::pow(self.alpha.clone(), choice.power) * &self.weights[i];
        let own = self.class_of[i];
        let eps_i = choice.epsilon.iter().filter(|&&e| e).count() as i64;
        for class in 0..r {
            let factor = if class == own {
                lambda_mu.clone() * Q::from_integer(BigInt::from(eps_i))
            } else if choice.epsilon[class] {
                -lambda_mu.clone()
            } else {
                continue;
            };
            for (t, xt) in self.points[i].iter().enumerate() {
                v[class * dt + t] = factor.clone() * xt;
            }
        }
        v
    }

    /// The witness described by one option index per sample.
    pub fn witness_from_options(&self, options: &[u64]) -> RareWitness {
        let choices: Vec<SampleChoice> = options
            .iter()
            .enumerate()
            .map(|(i, &o)| self.option(i, o))
            .collect();
        self.witness_from_choices(&choices)
    }

    /// The witness described by one [`SampleChoice`] per sample (`λ_i = 1` for zero rows).
    pub fn witness_from_choices(&self, choices: &[SampleChoice]) -> RareWitness {
        let lambdas = self.lambda_values();
        RareWitness {
            lambda: choices
                .iter()
                .map(|c| {
                    if c.is_zero() {
                        Q::one()
                    } else {
                        lambdas[c.power].clone()
                    }
                })
                .collect(),
            epsilon: choices
                .iter()
                .map(|c| c.epsilon.iter().map(|&e| u8::from(e)).collect())
                .collect(),
        }
    }
}

/// Check a rare-data witness by substituting it into Definition 1: shapes, `λ_i` admissible,
/// `ε` binary with 0 in each sample's own class and not all zero, and the class-`r` equation
/// (vector part and eq. (7), i.e. all coordinates of `x̃`) for every `r`, exactly.
/// Returns a description of the first failure.
pub fn verify_rare_witness(problem: &RareProblem, witness: &RareWitness) -> std::result::Result<(), String> {
    let n = problem.n();
    let r_count = problem.classes();
    if witness.lambda.len() != n || witness.epsilon.len() != n {
        return Err(format!(
            "witness: expected {n} values of lambda and {n} rows of epsilon"
        ));
    }
    let lambdas = problem.lambda_values();
    for (i, l) in witness.lambda.iter().enumerate() {
        if !lambdas.contains(l) {
            return Err(format!("lambda[{i}] = {} is not a power α^0..α^L", format_q(l)));
        }
    }
    for (i, row) in witness.epsilon.iter().enumerate() {
        if row.len() != r_count {
            return Err(format!(
                "epsilon[{i}]: expected {r_count} entries (one per class)"
            ));
        }
        if row.iter().any(|&e| e > 1) {
            return Err(format!("epsilon[{i}]: entries must be 0 or 1"));
        }
        if row[problem.class_of[i]] != 0 {
            return Err(format!(
                "epsilon[{i}]: the entry of the sample's own class must be 0"
            ));
        }
    }
    if witness.epsilon.iter().all(|row| row.iter().all(|&e| e == 0)) {
        return Err("epsilon: all zero (Def. 1 asks for a non-zero collection)".into());
    }
    let dt = problem.point_dim();
    for r in 0..r_count {
        let mut left = vec![Q::zero(); dt];
        let mut right = vec![Q::zero(); dt];
        for i in 0..n {
            let scale = witness.lambda[i].clone() * &problem.weights[i];
            if problem.class_of[i] == r {
                let eps_i: u64 = witness.epsilon[i].iter().map(|&e| u64::from(e)).sum();
                let s = scale * Q::from_integer(BigInt::from(eps_i));
                for (acc, x) in left.iter_mut().zip(&problem.points[i]) {
                    *acc += s.clone() * x;
                }
            } else if witness.epsilon[i][r] == 1 {
                for (acc, x) in right.iter_mut().zip(&problem.points[i]) {
                    *acc += scale.clone() * x;
                }
            }
        }
        if left != right {
            return Err(format!(
                "class {}: the two sides of Def. 1 differ",
                problem.labels[r]
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    fn three_classes(depth: usize) -> RareProblem {
        let inst = Instance {
            x: vec![vec![qi(1)], vec![qi(2)], vec![qi(3)]],
            y: vec![qi(-4), qi(0), qi(9)],
            hidden: 1,
            alpha: q(1, 3),
            bias: false,
            output_bias: false,
            weights: None,
        };
        RareProblem::from_instance(&inst, depth).unwrap()
    }

    #[test]
    fn options_enumerate_every_power_and_nonempty_epsilon_once() {
        let p = three_classes(2);
        assert_eq!(p.options_per_sample(), Some(10));
        assert_eq!(p.brute_force_count(), BigInt::from(1000));
        for i in 0..3 {
            let all: Vec<SampleChoice> = (0..10).map(|o| p.option(i, o)).collect();
            assert!(all[0].is_zero());
            for (o, c) in all.iter().enumerate().skip(1) {
                assert!(
                    !c.is_zero() && !c.epsilon[p.class_of[i]] && c.power <= 2,
                    "option {o}"
                );
                assert_eq!(all.iter().filter(|d| *d == c).count(), 1);
            }
        }
    }

    #[test]
    fn contribution_blocks_are_the_two_sides_of_def1() {
        let p = three_classes(1);
        // Sample 1 (class 1, x̃ = (2, 1)), λ = α = 1/3, μ = 1/3, ε on classes 0 and 2.
        let c = SampleChoice {
            power: 1,
            epsilon: vec![true, false, true],
        };
        let v = p.contribution(1, &c);
        let k = q(1, 9);
        let expect = [
            -k.clone() * qi(2),
            -k.clone(),
            k.clone() * qi(4),
            k.clone() * qi(2),
            -k.clone() * qi(2),
            -k,
        ];
        assert_eq!(v, expect.to_vec());
        assert_eq!(p.labels, vec![BigInt::from(-4), BigInt::from(0), BigInt::from(9)]);
    }
}
