//! The cut of a sequence of weighted pieces (all stages one after the other, in file order)
//! into `n` contiguous parts of nearly equal weight. Integer arithmetic only, so the cut is the
//! same on every machine.
//!
//! Part `s` (from 0) is `cuts[s]..cuts[s+1]`, where `cuts[0] = 0`, `cuts[n] = P` (the number
//! of pieces) and, for `0 < s < n`, `cuts[s]` is the least `p` with `n · W(p) ≥ s · W`
//! (`W(p)` the weight of the first `p` pieces, `W` the total). Every part then weighs at most
//! `W/n` plus one piece. With all weights 0 the pieces are cut by count.

use relucert_format::v2::StageRange;

/// The `n + 1` cut points of the weights produced by `walk` (called twice: once for the total,
/// once to place the cuts).
pub fn cuts(walk: impl Fn(&mut dyn FnMut(u64)), n: u64) -> Vec<u64> {
    let n = n.max(1);
    let mut total: u128 = 0;
    let mut pieces: u64 = 0;
    walk(&mut |w| {
        total += u128::from(w);
        pieces += 1;
    });
    let by_count = total == 0;
    let (scale, whole) = if by_count {
        (0u128, u128::from(pieces))
    } else {
        (1u128, total)
    };
    let mut cuts = vec![0u64; n as usize + 1];
    cuts[n as usize] = pieces;
    // next: the next cut to place (1..n); prefix: weight of the pieces before `p`.
    let mut next: u64 = 1;
    let mut prefix: u128 = 0;
    let mut p: u64 = 0;
    let n128 = u128::from(n);
    let mut place = |prefix: u128, p: u64, next: &mut u64| {
        while *next < n && n128 * prefix >= u128::from(*next) * whole {
            cuts[*next as usize] = p;
            *next += 1;
        }
    };
    walk(&mut |w| {
        place(prefix, p, &mut next);
        prefix += if by_count { 1 } else { scale * u128::from(w) };
        p += 1;
    });
    place(prefix, p, &mut next);
    while next < n {
        cuts[next as usize] = pieces;
        next += 1;
    }
    cuts
}

/// The stage ranges of the global pieces `lo..hi`, for stages of the given totals laid end to
/// end (every stage listed, possibly with an empty range).
pub fn stage_ranges(totals: &[(&str, u64)], lo: u64, hi: u64) -> Vec<StageRange> {
    let mut base = 0u64;
    totals
        .iter()
        .map(|&(stage, total)| {
            let start = lo.clamp(base, base + total) - base;
            let end = hi.clamp(base, base + total) - base;
            base += total;
            StageRange {
                stage: stage.to_string(),
                start,
                end: end.max(start),
                total,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(weights: &[u64], n: u64) -> Vec<u64> {
        cuts(|f| weights.iter().for_each(|&w| f(w)), n)
    }

    #[test]
    fn parts_tile_and_balance() {
        let w: Vec<u64> = (0..100).map(|i| 1 + (i * 7919 % 13)).collect();
        let total: u64 = w.iter().sum();
        for n in [1, 2, 3, 7, 8, 150] {
            let c = run(&w, n);
            assert_eq!(c.len() as u64, n + 1);
            assert_eq!((c[0], c[n as usize]), (0, 100));
            assert!(c.windows(2).all(|p| p[0] <= p[1]));
            let max = *w.iter().max().unwrap();
            for s in 0..n as usize {
                let part: u64 = w[c[s] as usize..c[s + 1] as usize].iter().sum();
                assert!(part * n <= total + n * max, "n = {n}, part {s} weighs {part}");
            }
        }
    }

    #[test]
    fn cost_not_count() {
        // One heavy piece then many light ones: the heavy piece gets a part of its own.
        let mut w = vec![100u64];
        w.extend(std::iter::repeat_n(1, 100));
        assert_eq!(run(&w, 2), vec![0, 1, 101]);
        assert_eq!(run(&[0, 0, 0, 0], 2), vec![0, 2, 4]);
        assert_eq!(run(&[], 3), vec![0, 0, 0, 0]);
    }

    #[test]
    fn stage_ranges_split_at_the_boundary() {
        let totals = [("cells", 10), ("families", 5)];
        let r = stage_ranges(&totals, 8, 12);
        assert_eq!((r[0].start, r[0].end, r[1].start, r[1].end), (8, 10, 0, 2));
        let r = stage_ranges(&totals, 12, 15);
        assert_eq!((r[0].start, r[0].end, r[1].start, r[1].end), (10, 10, 2, 5));
    }
}
