//! The sets `S` of units that carry the least-squares fit at a saddle point (Liu Thm 2), up to
//! the symmetry of the combination: units in equal chambers are interchangeable, so within each
//! run of equal chambers only a prefix of the run is taken. `|S| < K` always (with `S` all units
//! the critical points are the genuine least-squares solutions, the local minima).

/// The canonical subsets of the positions of `combo` (non-decreasing chamber indices) with
/// fewer than `combo.len()` elements, each increasing, in a fixed order (by the prefix length
/// taken from each run, first run most significant). There are `Π (m_c + 1) − 1` of them.
pub fn canonical_subsets(combo: &[usize]) -> Vec<Vec<usize>> {
    // Runs of equal chambers: (start, length).
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (pos, c) in combo.iter().enumerate() {
        match runs.last_mut() {
            Some((start, len)) if combo[*start] == *c => *len += 1,
            _ => runs.push((pos, 1)),
        }
    }
    let mut out: Vec<Vec<usize>> = vec![Vec::new()];
    for &(start, len) in &runs {
        out = out
            .into_iter()
            .flat_map(|prefix| {
                (0..=len).map(move |take| {
                    let mut s = prefix.clone();
                    s.extend(start..start + take);
                    s
                })
            })
            .collect();
    }
    out.retain(|s| s.len() < combo.len());
    out
}

/// Whether `s` (increasing positions) is canonical for `combo`: in every run of equal
/// chambers it takes a prefix.
pub fn is_canonical(combo: &[usize], s: &[usize]) -> bool {
    (1..combo.len()).all(|p| combo[p] != combo[p - 1] || !s.contains(&p) || s.contains(&(p - 1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_canonical_form() {
        assert_eq!(canonical_subsets(&[3]), vec![Vec::<usize>::new()]);
        assert_eq!(canonical_subsets(&[0, 1]), vec![vec![], vec![1], vec![0]]);
        assert_eq!(canonical_subsets(&[2, 2]), vec![vec![], vec![0]]);
        // Runs of lengths 2 and 1: 3·2 − 1 = 5 subsets.
        let subsets = canonical_subsets(&[0, 0, 4]);
        assert_eq!(subsets.len(), 5);
        for s in &subsets {
            assert!(is_canonical(&[0, 0, 4], s));
        }
        assert!(!is_canonical(&[0, 0, 4], &[1]));
        assert!(is_canonical(&[0, 0, 4], &[0, 2]));
    }
}
