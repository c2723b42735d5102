//! The data arrangement: exact counts on worked examples (SPEC §2, §9), the two counting
//! methods against each other, enumeration against the counts, and an independent check of
//! completeness with the feasibility engine.

use proptest::prelude::*;
use relucert::arrangement::{
    Arrangement, Face, Sign, SignVector, chambers, chambers_of, count_chambers, count_faces, faces,
    general_position_count, whitney_subset_count,
};
use relucert::exact::Q;
use relucert::exact::rational::qi;
use relucert::feasibility::{Constraint, LinearSystem, Route, Verdict, decide};

fn rows(v: &[&[i64]]) -> Vec<Vec<Q>> {
    v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect()
}

fn strings(list: &[Face]) -> Vec<String> {
    list.iter().map(|f| f.signs.to_string()).collect()
}

/// Everything the arrangement promises, for one data set.
fn assert_consistent(x: &[Vec<Q>]) {
    let a = Arrangement::compute(x, true).unwrap();
    assert!(a.is_complete(), "{:?}", a.problems);
    let zaslavsky = count_chambers(x);
    assert_eq!(a.chamber_count, zaslavsky);
    assert_eq!(a.chambers.len() as u64, zaslavsky);
    if let Some(w) = whitney_subset_count(x) {
        assert_eq!(
            w, zaslavsky,
            "Whitney's subset formula against the lattice of flats"
        );
    }
    let all = a.faces.as_ref().unwrap();
    assert_eq!(all.len() as u64, count_faces(x));
    for f in all.iter().chain(&a.chambers) {
        assert!(f.verify(x), "witness of {} fails", f.signs);
    }
    // The chambers are exactly the faces without a 0 on a non-zero sample.
    let from_faces: Vec<&Face> = all.iter().filter(|f| f.is_chamber(x)).collect();
    assert_eq!(
        strings(&a.chambers),
        from_faces.iter().map(|f| f.signs.to_string()).collect::<Vec<_>>()
    );
    // Sorted by sign string.
    let s = strings(all);
    let mut sorted = s.clone();
    sorted.sort();
    assert_eq!(s, sorted);
}

#[test]
fn decomposition_paper_figure_one_has_six_chambers() {
    let x = rows(&[&[-1, 1], &[2, 1], &[1, 3]]);
    let c = chambers(&x);
    assert_eq!(strings(&c), vec!["+++", "+-+", "+--", "-++", "-+-", "---"]);
    assert_eq!(whitney_subset_count(&x), Some(6));
    assert_eq!(count_chambers(&x), 6);
    assert_eq!(count_faces(&x), 13);
    assert_consistent(&x);
}

#[test]
fn liu_figure_two_has_four_chambers() {
    let x = rows(&[&[1, 0], &[0, 1]]);
    assert_eq!(strings(&chambers(&x)), vec!["++", "+-", "-+", "--"]);
    assert_eq!(count_chambers(&x), 4);
    assert_eq!(count_faces(&x), 9);
    assert_consistent(&x);
}

#[test]
fn a_line_with_two_samples_has_two_chambers_and_three_faces() {
    let x = rows(&[&[-2], &[2]]);
    assert_eq!(strings(&chambers(&x)), vec!["+-", "-+"]);
    assert_eq!(strings(&faces(&x)), vec!["+-", "-+", "00"]);
    assert_eq!(whitney_subset_count(&x), Some(2));
    assert_eq!(count_faces(&x), 3);
    assert_consistent(&x);
}

#[test]
fn a_zero_sample_is_left_out() {
    let x = rows(&[&[1, 0], &[0, 0], &[0, 1]]);
    let c = chambers(&x);
    assert_eq!(strings(&c), vec!["+0+", "+0-", "-0+", "-0-"]);
    assert!(
        c.iter()
            .all(|f| f.is_chamber(&x) && f.signs.signs()[1] == Sign::Zero)
    );
    assert_eq!(count_faces(&x), 9);
    assert_consistent(&x);
    // Only zero samples: one chamber, the whole space, witnessed by 0.
    let zeros = rows(&[&[0, 0, 0]]);
    let c = chambers(&zeros);
    assert_eq!(strings(&c), vec!["0"]);
    assert_consistent(&zeros);
}

#[test]
fn duplicate_parallel_and_antiparallel_samples_give_one_hyperplane() {
    let x = rows(&[&[1, 2], &[2, 4], &[-1, -2], &[1, 2], &[0, 1]]);
    let c = chambers(&x);
    assert_eq!(strings(&c), vec!["++-++", "++-+-", "--+-+", "--+--"]);
    assert_eq!(whitney_subset_count(&x), Some(4));
    // Faces: 4 chambers, 4 rays, the origin.
    assert_eq!(count_faces(&x), 9);
    assert_consistent(&x);
    // In R^3: two copies of a plane pair and a third direction.
    let y = rows(&[
        &[1, 0, 1],
        &[0, 1, 1],
        &[-2, 0, -2],
        &[1, 1, 0],
        &[0, 3, 3],
        &[1, 1, 2],
    ]);
    assert_consistent(&y);
}

#[test]
fn general_position_matches_the_closed_formula() {
    // Points on the moment curve (1, t, t², …) with distinct t: every d of them independent.
    for d in 1..=4usize {
        for n in 1..=8i64 {
            let x: Vec<Vec<Q>> = (0..n)
                .map(|i| (0..d as u32).map(|p| qi((i - 3).pow(p))).collect())
                .collect();
            let expected = general_position_count(n as u64, d as u64);
            assert_eq!(count_chambers(&x), expected, "n = {n}, d = {d}");
            assert_eq!(whitney_subset_count(&x), Some(expected));
            assert_eq!(chambers(&x).len() as u64, expected);
        }
    }
}

#[test]
fn the_fixture_in_general_position() {
    // fixtures/random_n10_d3_bias.toml: 10 points, no three collinear, bias appended.
    let raw = [
        [-3, -5],
        [1, -4],
        [5, -5],
        [0, -3],
        [-1, 3],
        [-1, -1],
        [-3, 1],
        [-5, 0],
        [-5, 1],
        [4, 5],
    ];
    let x: Vec<Vec<Q>> = raw.iter().map(|p| vec![qi(p[0]), qi(p[1]), qi(1)]).collect();
    assert_eq!(general_position_count(10, 3), 92);
    assert_eq!(count_chambers(&x), 92);
    assert_consistent(&x);
}

#[test]
fn chambers_of_a_subset_of_samples() {
    let x = rows(&[&[-1, 1], &[2, 1], &[1, 3]]);
    let c = chambers_of(&x, &[0, 2]);
    assert_eq!(strings(&c), vec!["++", "+-", "-+", "--"]);
    let sub = rows(&[&[-1, 1], &[1, 3]]);
    assert!(c.iter().all(|f| f.verify(&sub)));
}

/// Independent completeness check: every strict sign vector that is not listed as a chamber
/// is infeasible according to the feasibility engine (exact simplex with Motzkin certificate).
fn assert_unlisted_chambers_are_empty(x: &[Vec<Q>]) {
    let d = x[0].len();
    let listed: std::collections::HashSet<String> = strings(&chambers(x)).into_iter().collect();
    let nonzero: Vec<usize> = (0..x.len())
        .filter(|&i| x[i].iter().any(|v| *v != qi(0)))
        .collect();
    for mask in 0..(1u32 << nonzero.len()) {
        let mut signs = vec![Sign::Zero; x.len()];
        let mut sys = LinearSystem {
            dim: d,
            ..Default::default()
        };
        for (b, &i) in nonzero.iter().enumerate() {
            let s = if mask >> b & 1 == 1 { Sign::Pos } else { Sign::Neg };
            signs[i] = s;
            let coeffs = x[i]
                .iter()
                .map(|v| if s == Sign::Pos { v.clone() } else { -v.clone() })
                .collect();
            sys.strict.push(Constraint { coeffs, rhs: qi(0) });
        }
        let name = SignVector(signs).to_string();
        let feasible = matches!(decide(&sys, Route::ExactOnly).verdict, Verdict::Feasible(_));
        assert_eq!(feasible, listed.contains(&name), "sign vector {name}");
    }
}

#[test]
fn unlisted_sign_vectors_are_infeasible() {
    assert_unlisted_chambers_are_empty(&rows(&[&[-1, 1], &[2, 1], &[1, 3]]));
    assert_unlisted_chambers_are_empty(&rows(&[
        &[1, 2, 0],
        &[0, 0, 0],
        &[-2, -4, 0],
        &[1, 0, 1],
        &[0, 1, -1],
    ]));
}

fn small_data() -> impl Strategy<Value = Vec<Vec<Q>>> {
    (1usize..=3, 1usize..=8).prop_flat_map(|(d, n)| {
        prop::collection::vec(prop::collection::vec(-2i64..=2, d), n).prop_map(|r| {
            r.into_iter()
                .map(|row| row.into_iter().map(qi).collect())
                .collect()
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Small integer data (many duplicates, parallel and zero samples): faces and chambers
    /// verify, and their numbers equal Whitney's and Zaslavsky's counts.
    #[test]
    fn enumeration_matches_the_counts(x in small_data()) {
        assert_consistent(&x);
    }

    /// Wider range of entries, up to 10 samples in R^4: the two counting methods agree.
    #[test]
    fn subset_formula_equals_lattice_count(
        x in (1usize..=4, 1usize..=10).prop_flat_map(|(d, n)| {
            prop::collection::vec(prop::collection::vec(-3i64..=3, d), n)
        })
    ) {
        let x: Vec<Vec<Q>> = x.into_iter().map(|r| r.into_iter().map(qi).collect()).collect();
        prop_assert_eq!(whitney_subset_count(&x), Some(count_chambers(&x)));
        prop_assert_eq!(chambers(&x).len() as u64, count_chambers(&x));
    }

    #[test]
    fn unlisted_sign_vectors_are_infeasible_on_random_data(x in small_data()) {
        assert_unlisted_chambers_are_empty(&x);
    }
}
