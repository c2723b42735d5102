//! Shrinking a counterexample: single steps that make an instance strictly smaller in a
//! well-founded order, applied greedily while the claim still fails.
//!
//! The steps: drop a sample, drop a hidden unit, drop a coordinate, replace one number by a
//! simpler one (a fraction by its integer part, an integer by `0` or by one closer to `0`),
//! and canonicalise: sort the samples, negate a coordinate (`w_j → −w_j` is a symmetry), negate
//! the labels (`z → −z`, `c → −c` is a symmetry). A step is kept only when it lowers the key
//! `(N, K, d, Σ(|p| + q), entries)` — entries compared with `0 < 1 < −1 < 1/2 < −1/2 < …` — so
//! shrinking terminates, and an instance is *minimal* when no step that lowers the key keeps
//! the claim failing.

use std::cmp::Ordering;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use relucert_exact::Q;

use super::draw::{Draw, complexity};

/// The order on single numbers: by complexity `|p| + q`, then `|p|`... then positive first.
fn number_cmp(a: &Q, b: &Q) -> Ordering {
    complexity(a)
        .cmp(&complexity(b))
        .then_with(|| a.abs().cmp(&b.abs()))
        .then_with(|| a.is_negative().cmp(&b.is_negative()))
}

/// The shrinking key of an instance; smaller is simpler.
pub fn key_cmp(a: &Draw, b: &Draw) -> Ordering {
    let total = |d: &Draw| -> BigInt { d.x.iter().flatten().chain(&d.y).map(complexity).sum() };
    a.n()
        .cmp(&b.n())
        .then(a.hidden.cmp(&b.hidden))
        .then(a.d().cmp(&b.d()))
        .then_with(|| total(a).cmp(&total(b)))
        .then_with(|| {
            let ea = a.x.iter().flatten().chain(&a.y);
            let eb = b.x.iter().flatten().chain(&b.y);
            for (p, q) in ea.zip(eb) {
                match number_cmp(p, q) {
                    Ordering::Equal => continue,
                    o => return o,
                }
            }
            Ordering::Equal
        })
}

fn row_cmp(a: &(Vec<Q>, Q), b: &(Vec<Q>, Q)) -> Ordering {
    for (p, q) in a.0.iter().chain([&a.1]).zip(b.0.iter().chain([&b.1])) {
        match number_cmp(p, q) {
            Ordering::Equal => continue,
            o => return o,
        }
    }
    Ordering::Equal
}

/// Simpler replacements for one number.
fn simpler(v: &Q) -> Vec<Q> {
    let mut out = Vec::new();
    if v.is_zero() {
        return out;
    }
    out.push(Q::zero());
    let t = v.trunc();
    if !v.is_integer() {
        out.push(t);
    } else if v.abs() > Q::from_integer(1.into()) {
        out.push(v - v.signum());
    }
    out.dedup();
    out
}

/// Every single shrinking step from `d` that lowers the key, in a fixed order.
pub fn candidates(d: &Draw) -> Vec<Draw> {
    let mut out: Vec<Draw> = Vec::new();
    // Fewer samples.
    if d.n() >= 2 {
        for i in 0..d.n() {
            let mut c = d.clone();
            c.x.remove(i);
            c.y.remove(i);
            out.push(c);
        }
    }
    // Fewer units.
    if d.hidden >= 2 {
        let mut c = d.clone();
        c.hidden -= 1;
        out.push(c);
    }
    // Lower dimension.
    if d.d() >= 2 {
        for j in 0..d.d() {
            let mut c = d.clone();
            for row in &mut c.x {
                row.remove(j);
            }
            out.push(c);
        }
    }
    // Smaller numbers, simpler fractions.
    for i in 0..d.n() {
        for j in 0..d.d() {
            for v in simpler(&d.x[i][j]) {
                let mut c = d.clone();
                c.x[i][j] = v;
                out.push(c);
            }
        }
        for v in simpler(&d.y[i]) {
            let mut c = d.clone();
            c.y[i] = v;
            out.push(c);
        }
    }
    // Canonical order of the samples.
    let mut rows: Vec<(Vec<Q>, Q)> = d.x.iter().cloned().zip(d.y.iter().cloned()).collect();
    rows.sort_by(row_cmp);
    let (x, y): (Vec<Vec<Q>>, Vec<Q>) = rows.into_iter().unzip();
    out.push(Draw { x, y, ..d.clone() });
    // Canonical signs: a coordinate, the labels.
    for j in 0..d.d() {
        let mut c = d.clone();
        for row in &mut c.x {
            row[j] = -row[j].clone();
        }
        out.push(c);
    }
    let mut c = d.clone();
    c.y = c.y.iter().map(|v| -v.clone()).collect();
    out.push(c);

    let mut kept: Vec<Draw> = Vec::new();
    for c in out {
        if key_cmp(&c, d) == Ordering::Less && !kept.contains(&c) {
            kept.push(c);
        }
    }
    kept
}

/// Shrink `start` greedily: take the first candidate for which `fails` is true, repeat until
/// none is. Returns the minimal instance and the number of steps taken.
pub fn shrink<F: FnMut(&Draw) -> bool>(start: Draw, mut fails: F) -> (Draw, usize) {
    let mut current = start;
    let mut steps = 0;
    'outer: loop {
        for c in candidates(&current) {
            if fails(&c) {
                current = c;
                steps += 1;
                continue 'outer;
            }
        }
        return (current, steps);
    }
}
