//! Deciding rare data exactly by a meet-in-the-middle zero-sum search (SPEC §5).
//!
//! Sample `i` contributes one of `m = 1 + (L+1)(2^{R−1} − 1)` block vectors
//! ([`RareProblem::contribution`]); the data are rare iff some choice with at least one
//! non-zero option sums to zero. The search:
//!
//! 1. drops the last class block (the blocks of every contribution sum to zero, so the last
//!    block of a sum vanishes when the others do) and clears one common denominator, giving
//!    integer vectors `w_{i,o}`;
//! 2. splits the samples into a left half (the first `⌊N/2⌋`) and a right half, and lists all
//!    `m^{|half|}` choices of each half, each with a *linear* fingerprint `f(s) = Σ_j s_j ρ^{j+1}`
//!    mod the prime `2^61 − 1` of its exact sum `s`;
//! 3. sorts both lists (left by `f(s)`, right by `f(−t)`) and merges them; every pair of
//!    choices whose exact sums cancel has equal keys, so it lies in a matching key group;
//! 4. resolves each matching group *exactly*, by recomputing the integer sums of its members,
//!    and accepts only a pair with `s + t = 0` that is not the all-zero choice on both sides.
//!
//! The fingerprint only proposes; equality is decided on exact integers, and the witness is
//! finally checked by substitution into Def. 1 ([`verify_rare_witness`]). Soundness and
//! completeness are proved in `proofs/rare-data-search.md`.

use std::collections::HashMap;

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::generic::rare::{RareProblem, RareWitness, verify_rare_witness};

/// The largest number of choices per half the search lists before refusing.
pub const SUMS_PER_HALF_LIMIT: u64 = 20_000_000;

/// The fingerprint modulus, the Mersenne prime `2^61 − 1`.
const PRIME: u64 = (1 << 61) - 1;
/// The fingerprint base `ρ` (any fixed residue works; collisions cost time, never answers).
const BASE: u64 = 0x0A3B_5C7D_1E2F_4861 % PRIME;
/// Bits of a sort key that hold the choice's position in its half.
const POSITION_BITS: u32 = 32;
const POSITION_MASK: u128 = (1 << POSITION_BITS) - 1;

/// The outcome of the search, with the figures that size it.
#[derive(Clone, Debug, PartialEq)]
pub struct RareSearch {
    /// `Some` witness (verified by substitution) iff the data are rare.
    pub witness: Option<RareWitness>,
    /// Options per sample, `m = 1 + (L+1)(2^{R−1} − 1)`.
    pub options_per_sample: u64,
    /// Number of choices listed in the left and right halves (`m^{⌊N/2⌋}`, `m^{⌈N/2⌉}`).
    pub sums_per_half: [u64; 2],
    /// The brute-force size `m^N`.
    pub brute_force_count: BigInt,
    /// Number of fingerprint groups present in both halves that were resolved exactly.
    pub groups_resolved: u64,
}

impl RareSearch {
    /// Whether the data are rare.
    pub fn is_rare(&self) -> bool {
        self.witness.is_some()
    }
}

/// Decide whether the data are rare, with the default limit [`SUMS_PER_HALF_LIMIT`].
pub fn decide_rare(problem: &RareProblem) -> Result<RareSearch> {
    decide_rare_with_limit(problem, SUMS_PER_HALF_LIMIT)
}

/// Decide whether the data are rare; refuse (`Error::Refused`, giving the sizes) when a half
/// has more than `limit` choices.
pub fn decide_rare_with_limit(problem: &RareProblem, limit: u64) -> Result<RareSearch> {
    let n = problem.n();
    let brute_force_count = problem.brute_force_count();
    let limit = limit.min(u64::from(u32::MAX));
    let m = problem.options_per_sample().ok_or_else(|| {
        Error::Refused(format!(
            "rare-data search: {} classes and depth {} give too many options per sample (brute force {brute_force_count} choices)",
            problem.classes(),
            problem.depth
        ))
    })?;
    let n_left = n / 2;
    let halves = [0..n_left, n_left..n];
    let mut sizes = [0u64; 2];
    for (size, half) in sizes.iter_mut().zip(&halves) {
        *size = u32::try_from(half.len())
            .ok()
            .and_then(|e| m.checked_pow(e))
            .filter(|&s| s <= limit)
            .ok_or_else(|| {
                Error::Refused(format!(
                    "rare-data search: N = {n} samples with {m} options each (brute force {brute_force_count} choices); \
                     meet-in-the-middle would list {} sums per half, above the limit of {limit}",
                    num_traits::pow(BigInt::from(m), n - n_left)
                ))
            })?;
    }

    let vectors = integer_options(problem, m);
    let fingerprints: Vec<Vec<u64>> = vectors
        .iter()
        .map(|opts| opts.iter().map(|v| fingerprint(v)).collect())
        .collect();
    let mut left: Vec<u128> = sort_keys(half_sums(&fingerprints[halves[0].clone()]), false);
    let mut right: Vec<u128> = sort_keys(half_sums(&fingerprints[halves[1].clone()]), true);
    left.par_sort_unstable();
    right.par_sort_unstable();

    let resolver = Resolver {
        vectors: &vectors,
        m,
        halves: &halves,
    };
    let mut groups_resolved = 0u64;
    let (mut a, mut b) = (0usize, 0usize);
    let mut found = None;
    while a < left.len() && b < right.len() {
        let (ka, kb) = (left[a] >> POSITION_BITS, right[b] >> POSITION_BITS);
        if ka < kb {
            a += 1;
        } else if ka > kb {
            b += 1;
        } else {
            let a_end = a + left[a..].partition_point(|&v| v >> POSITION_BITS == ka);
            let b_end = b + right[b..].partition_point(|&v| v >> POSITION_BITS == kb);
            groups_resolved += 1;
            let lg: Vec<u64> = left[a..a_end]
                .iter()
                .map(|&v| (v & POSITION_MASK) as u64)
                .collect();
            let rg: Vec<u64> = right[b..b_end]
                .iter()
                .map(|&v| (v & POSITION_MASK) as u64)
                .collect();
            if let Some(pair) = resolver.resolve(&lg, &rg) {
                found = Some(pair);
                break;
            }
            a = a_end;
            b = b_end;
        }
    }

    let witness = match found {
        None => None,
        Some((pl, pr)) => {
            let mut options = resolver.digits(pl, halves[0].len());
            options.extend(resolver.digits(pr, halves[1].len()));
            let witness = problem.witness_from_options(&options);
            verify_rare_witness(problem, &witness).map_err(|why| {
                Error::Refused(format!(
                    "internal error: the rare-data witness failed substitution: {why}"
                ))
            })?;
            Some(witness)
        }
    };
    Ok(RareSearch {
        witness,
        options_per_sample: m,
        sums_per_half: sizes,
        brute_force_count,
        groups_resolved,
    })
}

/// For every sample and option, the contribution without its last class block, scaled by one
/// common denominator of all entries so that it is an integer vector (`options[i][o][j]`).
fn integer_options(problem: &RareProblem, m: u64) -> Vec<Vec<Vec<BigInt>>> {
    let keep = problem.classes().saturating_sub(1) * problem.point_dim();
    let rational: Vec<Vec<Vec<relucert_exact::Q>>> = (0..problem.n())
        .map(|i| {
            (0..m)
                .map(|o| {
                    let mut v = problem.contribution(i, &problem.option(i, o));
                    v.truncate(keep);
                    v
                })
                .collect()
        })
        .collect();
    let mut denominator = BigInt::one();
    for value in rational.iter().flatten().flatten() {
        denominator = denominator.lcm(value.denom());
    }
    rational
        .into_iter()
        .map(|opts| {
            opts.into_iter()
                .map(|v| v.into_iter().map(|q| (q * &denominator).to_integer()).collect())
                .collect()
        })
        .collect()
}

/// `f(v) = Σ_j (v_j mod p) ρ^{j+1} mod p`, linear over the integers modulo `p`.
fn fingerprint(v: &[BigInt]) -> u64 {
    let p = BigInt::from(PRIME);
    let mut acc = 0u64;
    let mut power = BASE;
    for x in v {
        let r = x.mod_floor(&p).to_u64().unwrap_or(0);
        acc = add_mod(acc, mul_mod(r, power));
        power = mul_mod(power, BASE);
    }
    acc
}

fn add_mod(a: u64, b: u64) -> u64 {
    let s = a + b;
    if s >= PRIME { s - PRIME } else { s }
}

fn mul_mod(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(PRIME)) as u64
}

/// Fingerprints of all choices of a half; the choice at position `pos` takes option
/// `(pos / m^k) mod m` for the half's `k`-th sample, so position 0 is the all-zero choice.
fn half_sums(options: &[Vec<u64>]) -> Vec<u64> {
    let mut sums = vec![0u64];
    for opts in options {
        let mut next = Vec::with_capacity(sums.len() * opts.len());
        for &c in opts {
            next.extend(sums.iter().map(|&s| add_mod(s, c)));
        }
        sums = next;
    }
    sums
}

/// Sort keys `fingerprint << 32 | position`; `negate` fingerprints `−t` instead of `t`.
fn sort_keys(sums: Vec<u64>, negate: bool) -> Vec<u128> {
    sums.into_par_iter()
        .enumerate()
        .map(|(pos, f)| {
            let f = if negate && f != 0 { PRIME - f } else { f };
            (u128::from(f) << POSITION_BITS) | pos as u128
        })
        .collect()
}

/// Exact resolution of fingerprint groups.
struct Resolver<'a> {
    vectors: &'a [Vec<Vec<BigInt>>],
    m: u64,
    halves: &'a [std::ops::Range<usize>; 2],
}

impl Resolver<'_> {
    /// The options of the `len` samples of a half at position `pos`.
    fn digits(&self, mut pos: u64, len: usize) -> Vec<u64> {
        (0..len)
            .map(|_| {
                let d = pos % self.m;
                pos /= self.m;
                d
            })
            .collect()
    }

    /// The exact integer sum of the choice at `pos` in half `h`.
    fn exact_sum(&self, h: usize, pos: u64) -> Vec<BigInt> {
        let half = self.halves[h].clone();
        let dim = self.vectors.first().and_then(|o| o.first()).map_or(0, Vec::len);
        let mut sum = vec![BigInt::zero(); dim];
        for (i, o) in half.clone().zip(self.digits(pos, half.len())) {
            for (acc, x) in sum.iter_mut().zip(&self.vectors[i][o as usize]) {
                *acc += x;
            }
        }
        sum
    }

    /// A pair `(left position, right position)` from the two groups whose exact sums cancel
    /// and which is not position 0 on both sides, or `None` if the groups hold none.
    fn resolve(&self, left: &[u64], right: &[u64]) -> Option<(u64, u64)> {
        // Quick path: the first members (the lowest positions) usually decide it.
        let s0 = self.exact_sum(0, left[0]);
        let t0 = self.exact_sum(1, right[0]);
        if cancels(&s0, &t0) {
            if left[0] != 0 || right[0] != 0 {
                return Some((left[0], right[0]));
            }
            if let Some(&l1) = left.get(1)
                && self.exact_sum(0, l1) == s0
            {
                return Some((l1, right[0]));
            }
            if let Some(&r1) = right.get(1)
                && self.exact_sum(1, r1) == t0
            {
                return Some((left[0], r1));
            }
        }
        // Full path: bucket the left sums exactly, keeping a non-zero position when one exists.
        let mut by_sum: HashMap<Vec<BigInt>, u64> = HashMap::new();
        for &pl in left {
            let entry = by_sum.entry(self.exact_sum(0, pl)).or_insert(pl);
            if *entry == 0 {
                *entry = pl;
            }
        }
        right.iter().find_map(|&pr| {
            let negated: Vec<BigInt> = self.exact_sum(1, pr).into_iter().map(|x| -x).collect();
            by_sum
                .get(&negated)
                .filter(|&&pl| pl != 0 || pr != 0)
                .map(|&pl| (pl, pr))
        })
    }
}

/// Whether `s + t = 0` coordinatewise.
fn cancels(s: &[BigInt], t: &[BigInt]) -> bool {
    s.iter().zip(t).all(|(a, b)| (a + b).is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_linear() {
        let a = vec![BigInt::from(5), BigInt::from(-7), BigInt::from(1) << 80u32];
        let b = vec![BigInt::from(-2), BigInt::from(9), -(BigInt::from(3) << 70u32)];
        let sum: Vec<BigInt> = a.iter().zip(&b).map(|(x, y)| x + y).collect();
        assert_eq!(add_mod(fingerprint(&a), fingerprint(&b)), fingerprint(&sum));
        let neg: Vec<BigInt> = a.iter().map(|x| -x).collect();
        assert_eq!(add_mod(fingerprint(&a), fingerprint(&neg)), 0);
    }

    #[test]
    fn half_sum_positions_are_mixed_radix() {
        let sums = half_sums(&[vec![0u64, 1, 2], vec![0u64, 10, 20]]);
        assert_eq!(sums, vec![0, 1, 2, 10, 11, 12, 20, 21, 22]);
    }
}
