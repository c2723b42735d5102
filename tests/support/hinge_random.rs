//! Random small hinge-loss instances and exact random perturbations of a point, shared by the
//! hinge tests (cells, points, face families): a seeded LCG, so every run draws the same
//! instances.

#![allow(dead_code)]

use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::instance::Instance;
use relucert::model::Point;

/// A 64-bit linear congruential generator (Knuth's MMIX constants).
pub struct Lcg(pub u64);

impl Lcg {
    /// An integer in `lo..=hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + ((self.0 >> 33) % ((hi - lo + 1) as u64)) as i64
    }
}

/// `N = 2..4` samples in `d = 1..2` with entries in `−2..2`, labels ±1, `K = 1..2`, leaky
/// (`α = 1/4`) one time in three, an output bias one time in three.
pub fn random_instance(rng: &mut Lcg) -> Instance {
    let n = rng.int(2, 4) as usize;
    let d = rng.int(1, 2) as usize;
    let x: Vec<Vec<Q>> = (0..n)
        .map(|_| (0..d).map(|_| qi(rng.int(-2, 2))).collect())
        .collect();
    let y: Vec<Q> = (0..n)
        .map(|_| qi(if rng.int(0, 1) == 0 { -1 } else { 1 }))
        .collect();
    Instance {
        x,
        y,
        hidden: rng.int(1, 2) as usize,
        alpha: if rng.int(0, 2) == 0 { q(1, 4) } else { qi(0) },
        bias: false,
        output_bias: rng.int(0, 2) == 0,
        weights: None,
    }
}

/// `p` with every coordinate moved by `scale · k`, `k` drawn from `−4..4` (the output bias
/// too when `bias`).
pub fn perturbed(p: &Point, rng: &mut Lcg, scale: &Q, bias: bool) -> Point {
    let mut step = |v: &Q| v + scale * qi(rng.int(-4, 4));
    Point {
        z: p.z.iter().map(&mut step).collect(),
        w: p.w
            .iter()
            .map(|row| row.iter().map(&mut step).collect())
            .collect(),
        c: if bias { step(&p.c) } else { p.c.clone() },
    }
}
