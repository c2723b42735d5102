//! Property tests of the exact linear algebra on random rational matrices: full rank,
//! rank-deficient, zero, 1×n and n×1 shapes.

use num_traits::Zero;
use proptest::prelude::*;
use relucert::exact::rational::q;
use relucert::exact::{Q, QMatrix};

/// A random rational entry p/q with small p, q (q ≠ 0).
fn entry() -> impl Strategy<Value = Q> {
    (-6i64..=6, 1i64..=4).prop_map(|(p, r)| q(p, r))
}

/// A matrix of the given shape.
fn matrix(rows: usize, cols: usize) -> impl Strategy<Value = QMatrix> {
    prop::collection::vec(prop::collection::vec(entry(), cols), rows)
        .prop_map(move |r| QMatrix::from_rows(r, cols))
}

/// Any shape up to 5×5, including 1×n and n×1.
fn any_matrix() -> impl Strategy<Value = QMatrix> {
    (1usize..=5, 1usize..=5).prop_flat_map(|(r, c)| matrix(r, c))
}

/// A rank-deficient matrix: a product of an r×k and a k×c factor with k < min(r, c).
fn low_rank_matrix() -> impl Strategy<Value = QMatrix> {
    (2usize..=5, 2usize..=5)
        .prop_flat_map(|(r, c)| (Just(r), Just(c), 1usize..r.min(c)))
        .prop_flat_map(|(r, c, k)| (matrix(r, k), matrix(k, c)))
        .prop_map(|(f, g)| f.mul(&g))
}

fn check_penrose(m: &QMatrix) {
    let p = m.pseudo_inverse();
    assert_eq!((p.rows(), p.cols()), (m.cols(), m.rows()));
    let mp = m.mul(&p);
    let pm = p.mul(m);
    assert_eq!(mp.mul(m), *m, "M P M = M");
    assert_eq!(pm.mul(&p), p, "P M P = P");
    assert_eq!(mp.transpose(), mp, "(M P)ᵀ = M P");
    assert_eq!(pm.transpose(), pm, "(P M)ᵀ = P M");
    assert!(m.is_pseudo_inverse(&p));
}

fn check_null_space(m: &QMatrix) {
    let basis = m.null_space();
    let rank = m.rank();
    assert_eq!(rank + basis.len(), m.cols(), "rank + nullity = columns");
    for v in &basis {
        assert!(
            m.mul_vec(v).iter().all(Zero::is_zero),
            "null-space vector is killed"
        );
    }
    if !basis.is_empty() {
        let b = QMatrix::from_rows(basis.clone(), m.cols());
        assert_eq!(b.rank(), basis.len(), "null-space basis is independent");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn penrose_equations_hold(m in any_matrix()) {
        check_penrose(&m);
    }

    #[test]
    fn penrose_equations_hold_rank_deficient(m in low_rank_matrix()) {
        prop_assert!(m.rank() < m.rows().min(m.cols()));
        check_penrose(&m);
    }

    #[test]
    fn rank_nullity_and_kernel(m in any_matrix()) {
        check_null_space(&m);
    }

    #[test]
    fn rank_nullity_rank_deficient(m in low_rank_matrix()) {
        check_null_space(&m);
    }

    #[test]
    fn solve_finds_solutions_of_consistent_systems(m in any_matrix(), seed in prop::collection::vec(entry(), 5)) {
        let x: Vec<Q> = seed[..m.cols()].to_vec();
        let b = m.mul_vec(&x);
        let sol = m.solve(&b).expect("consistent by construction");
        prop_assert_eq!(m.mul_vec(&sol), b.clone());
        // The pseudo-inverse gives a solution too, the least-norm one.
        let p = m.pseudo_inverse();
        prop_assert_eq!(m.mul_vec(&p.mul_vec(&b)), b);
    }

    #[test]
    fn transpose_of_product(a in matrix(3, 4), b in matrix(4, 2)) {
        prop_assert_eq!(a.mul(&b).transpose(), b.transpose().mul(&a.transpose()));
    }

    #[test]
    fn inverse_of_square(m in matrix(3, 3)) {
        match m.inverse() {
            Some(inv) => {
                prop_assert_eq!(m.mul(&inv), QMatrix::identity(3));
                prop_assert_eq!(m.pseudo_inverse(), inv);
            }
            None => prop_assert!(m.rank() < 3),
        }
    }
}

#[test]
fn zero_matrices_of_every_shape() {
    for (r, c) in [(1, 1), (1, 4), (4, 1), (3, 2)] {
        let z = QMatrix::zeros(r, c);
        assert_eq!(z.rank(), 0);
        assert_eq!(z.pseudo_inverse(), QMatrix::zeros(c, r));
        check_penrose(&z);
        check_null_space(&z);
    }
}

#[test]
fn inconsistent_system_has_no_solution() {
    let m = QMatrix::from_rows(vec![vec![q(1, 1), q(2, 1)], vec![q(2, 1), q(4, 1)]], 2);
    assert!(m.solve(&[q(1, 1), q(3, 1)]).is_none());
}
