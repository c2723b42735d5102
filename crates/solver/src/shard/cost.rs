//! The estimated cost of each piece of work, in units of "row × column" of the linear systems
//! it decides (Gaussian elimination and the simplex method touch each entry a bounded number
//! of times per pivot). Computed from the sizes only, never timed, so that the shard
//! boundaries are deterministic.
//!
//! - A cell combination: up to `3^K` sign systems (SPEC §3), each over the `K·d [+1]`
//!   coordinates of `R [, c]` with one row per sample: `3^K · N · (K·d [+1])`.
//! - A face/mode combination: one family system (`crate::families::system`), with `K·d [+1]`
//!   variables plus, per unit with mode ≠ 0, one multiplier per region of its face and sample of
//!   `Z'`; rows: the strict sign rows (non-zero samples of the face), `ν ≥ 0`, `x_i·R_k = 0`
//!   on `Z'`, `R_k = 0` for mode 0, `Σe = 0` with output bias, and `d` stationarity rows per
//!   region. Its weight is rows × variables.
//!
//! Every piece also has a fixed cost [`PIECE`] (building its system, the float proposal, the
//! exact confirmation, the record): at the sizes `relucert` certifies it dominates. Measured on
//! Fig. 3 data with K = 3 (8 shards): with the size terms alone the shards' times fell from
//! 1.00 s to 0.34 s (max/mean 1.59) while the time per family only went from 0.69 ms to 0.78 ms
//! between the first and the last shard — a fixed part about 15 times the rows × variables of a
//! one-region family system of that instance, hence `PIECE = 1000`.
//!
//! `make bench` (examples/bench_shards.rs) prints the time of each shard, so how well this
//! model balances is measured, not assumed.

use crate::arrangement::Sign;
use crate::certificate::stream::{Prepared, StreamOptions};
use crate::instance::Instance;

/// The sizes of a face that the family system depends on.
#[derive(Clone, Copy, Debug)]
struct FaceSize {
    nonzero: u64,
    zeros: u64,
    regions: u64,
}

/// The fixed cost of every piece, in the units of the size terms.
pub const PIECE: u64 = 1000;

/// The weight of one cell combination (the same for all of them).
pub fn cell_weight(inst: &Instance) -> u64 {
    let k = inst.hidden as u64;
    let cols = k * inst.d() as u64 + u64::from(inst.output_bias);
    3u64.saturating_pow(k as u32)
        .saturating_mul(inst.n() as u64)
        .saturating_mul(cols)
        .saturating_add(PIECE)
}

/// Call `f` with the weight of every piece in file order: every cell combination, then (with
/// `opts.families`) every combination of the families stream: the cores when `opts.reduce`
/// (a core of `j` distinct items is weighted as the `j`-unit family system it is), every
/// multiset of `K` items otherwise.
pub fn for_each_weight(inst: &Instance, prep: &Prepared, opts: &StreamOptions, f: &mut dyn FnMut(u64)) {
    let cells = prep.cell_total(inst);
    let w = cell_weight(inst);
    let mut i: u128 = 0;
    while i < cells {
        f(w);
        i += 1;
    }
    if !opts.families {
        return;
    }
    let sizes: Vec<FaceSize> = prep
        .faces
        .iter()
        .zip(&prep.regions)
        .map(|(face, regions)| {
            let signs = face.signs.signs();
            let zeros = signs.iter().filter(|s| **s == Sign::Zero).count() as u64;
            FaceSize {
                nonzero: signs.len() as u64 - zeros,
                zeros,
                regions: regions.len() as u64,
            }
        })
        .collect();
    for items in prep.family_combos(inst, opts.reduce).iter_from(0) {
        f(family_weight(inst, &sizes, &items));
    }
}

/// Rows × variables of the family system of `items` (`3·face + mode`, mode 2 = `0`).
fn family_weight(inst: &Instance, sizes: &[FaceSize], items: &[usize]) -> u64 {
    let d = inst.d() as u64;
    let c = u64::from(inst.output_bias);
    let mut vars = items.len() as u64 * d + c;
    let mut rows = c;
    for &item in items {
        let s = sizes[item / 3];
        rows += s.regions * d;
        if item % 3 == 2 {
            rows += d;
        } else {
            let nu = s.regions * s.zeros;
            vars += nu;
            rows += s.nonzero + nu + s.zeros;
        }
    }
    rows.saturating_mul(vars).saturating_add(PIECE)
}
