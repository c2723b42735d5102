//! Cell combinations: multisets of `K` chambers (SPEC §3). Hidden units are interchangeable,
//! so a multiset `{c_1 ≤ … ≤ c_K}` stands for `K!/Π m_c!` ordered assignments of chambers to
//! units, where `m_c` is how often chamber `c` occurs.

/// Every multiset of `k` indices from `0..n`, as non-decreasing index lists, in lexicographic
/// order. There are `C(n+k−1, k)` of them (none when `n = 0` and `k > 0`).
pub fn multisets(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    if k == 0 {
        out.push(Vec::new());
        return out;
    }
    if n == 0 {
        return out;
    }
    let mut cur = vec![0usize; k];
    loop {
        out.push(cur.clone());
        // Advance to the next non-decreasing sequence.
        let Some(pos) = (0..k).rev().find(|&p| cur[p] + 1 < n) else {
            return out;
        };
        let v = cur[pos] + 1;
        for slot in &mut cur[pos..] {
            *slot = v;
        }
    }
}

/// The number of multisets of `k` items out of `items`: `C(items + k − 1, k)` (saturating).
pub fn multiset_count(items: u128, k: u128) -> u128 {
    if items == 0 {
        return u128::from(k == 0);
    }
    let mut c: u128 = 1;
    for j in 0..k {
        c = match c.checked_mul(items + j) {
            Some(v) => v / (j + 1),
            None => return u128::MAX,
        };
    }
    c
}

/// The number of ordered assignments a multiset stands for: `K!/Π m_c!`.
pub fn multiplicity(combo: &[usize]) -> u64 {
    let mut result: u64 = 1;
    let mut placed: u64 = 0;
    let mut run: u64 = 0;
    for (pos, c) in combo.iter().enumerate() {
        run = if pos > 0 && combo[pos - 1] == *c {
            run + 1
        } else {
            1
        };
        placed += 1;
        // Multiply by placed/run incrementally: result stays an integer at every step because
        // it equals the multinomial coefficient of the prefix.
        result = result * placed / run;
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn multiset_count_matches_the_enumeration() {
        for (n, k) in [(6, 1), (6, 2), (4, 3), (9, 2), (1, 3), (0, 2), (0, 0), (5, 0)] {
            assert_eq!(
                multiset_count(n as u128, k as u128),
                multisets(n, k).len() as u128,
                "n={n} k={k}"
            );
        }
        assert_eq!(multiset_count(1089, 2), 593505);
        assert_eq!(multiset_count(u128::MAX / 2, 3), u128::MAX, "saturates");
    }

    #[test]
    fn counts_multisets() {
        assert_eq!(multisets(6, 1).len(), 6);
        assert_eq!(multisets(6, 2).len(), 21);
        assert_eq!(multisets(4, 3).len(), 20);
        assert_eq!(
            multisets(3, 2),
            vec![
                vec![0, 0],
                vec![0, 1],
                vec![0, 2],
                vec![1, 1],
                vec![1, 2],
                vec![2, 2]
            ]
        );
    }

    #[test]
    fn multiplicities_sum_to_ordered_count() {
        for (n, k) in [(6, 2), (4, 3), (5, 4), (1, 3)] {
            let total: u64 = multisets(n, k).iter().map(|m| multiplicity(m)).sum();
            assert_eq!(total, (n as u64).pow(k as u32));
        }
        assert_eq!(multiplicity(&[0, 0, 1]), 3);
        assert_eq!(multiplicity(&[2, 2, 2]), 1);
        assert_eq!(multiplicity(&[0, 1, 2]), 6);
    }
}
