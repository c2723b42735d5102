//! Genericity checks: general position with exact dependencies, and rare data (Laurent–von
//! Brecht Def. 1) decided by meet-in-the-middle, cross-checked by plain enumeration.

use num_bigint::BigInt;
use proptest::prelude::*;
use relucert::error::Error;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::generic::{
    RareProblem, RareWitness, decide_rare, decide_rare_with_limit, general_position,
    general_position_chamber_count, rare_by_enumeration, verify_dependency, verify_rare_witness,
};
use relucert::instance::Instance;

fn instance(x: Vec<Vec<Q>>, y: Vec<Q>, alpha: Q, weights: Option<Vec<Q>>) -> Instance {
    Instance {
        x,
        y,
        hidden: 1,
        alpha,
        bias: false,
        output_bias: false,
        weights,
    }
}

fn ints(v: &[i64]) -> Vec<Q> {
    v.iter().map(|&a| qi(a)).collect()
}

fn col(v: &[Q]) -> Vec<Vec<Q>> {
    v.iter().map(|a| vec![a.clone()]).collect()
}

/// Two classes whose points balance: (0,1) + (4,1) = (1,1) + (3,1) with equal weights.
fn balanced() -> Instance {
    instance(col(&ints(&[0, 4, 1, 3])), ints(&[0, 0, 1, 1]), q(1, 2), None)
}

#[test]
fn balanced_classes_are_rare_with_a_substituting_witness() {
    let p = RareProblem::from_instance(&balanced(), 1).unwrap();
    assert_eq!(p.points[1], vec![qi(4), qi(1)]);
    let search = decide_rare(&p).unwrap();
    let w = search.witness.clone().expect("rare");
    verify_rare_witness(&p, &w).unwrap();
    assert_eq!(search.options_per_sample, 3);
    assert_eq!(search.sums_per_half, [9, 9]);
    assert_eq!(search.brute_force_count, BigInt::from(81));
    // The intended witness: every sample on, λ = 1, each ε pointing at the other class.
    let intended = RareWitness {
        lambda: vec![qi(1); 4],
        epsilon: vec![vec![0, 1], vec![0, 1], vec![1, 0], vec![1, 0]],
    };
    verify_rare_witness(&p, &intended).unwrap();
    assert!(rare_by_enumeration(&p).unwrap().is_some());
}

#[test]
fn substitution_rejects_bad_witnesses() {
    let p = RareProblem::from_instance(&balanced(), 1).unwrap();
    let zero = RareWitness {
        lambda: vec![qi(1); 4],
        epsilon: vec![vec![0, 0]; 4],
    };
    assert!(verify_rare_witness(&p, &zero).unwrap_err().contains("all zero"));
    let unbalanced = RareWitness {
        lambda: vec![qi(1); 4],
        epsilon: vec![vec![0, 1], vec![0, 0], vec![1, 0], vec![0, 0]],
    };
    assert!(verify_rare_witness(&p, &unbalanced).is_err());
    let own_class = RareWitness {
        lambda: vec![qi(1); 4],
        epsilon: vec![vec![1, 1], vec![0, 1], vec![1, 0], vec![1, 0]],
    };
    assert!(
        verify_rare_witness(&p, &own_class)
            .unwrap_err()
            .contains("own class")
    );
    let bad_lambda = RareWitness {
        lambda: vec![q(1, 3); 4],
        epsilon: vec![vec![0, 1], vec![0, 1], vec![1, 0], vec![1, 0]],
    };
    assert!(
        verify_rare_witness(&p, &bad_lambda)
            .unwrap_err()
            .contains("lambda[0]")
    );
}

#[test]
fn tiny_perturbation_is_generic() {
    let mut inst = balanced();
    inst.x[1][0] = q(4001, 1000);
    let p = RareProblem::from_instance(&inst, 1).unwrap();
    assert!(!decide_rare(&p).unwrap().is_rare());
    assert!(rare_by_enumeration(&p).unwrap().is_none());
    // Deeper λ ranges do not rescue it either.
    let deep = RareProblem::from_instance(&inst, 3).unwrap();
    assert!(!decide_rare(&deep).unwrap().is_rare());
    assert!(rare_by_enumeration(&deep).unwrap().is_none());
}

#[test]
fn weights_decide_rareness() {
    // Class 0: x = 1; class 1: x = 0 and x = 2; α = 1/3, L = 1.
    let x = col(&ints(&[1, 0, 2]));
    let y = ints(&[5, 7, 7]);
    let uniform = RareProblem::from_instance(&instance(x.clone(), y.clone(), q(1, 3), None), 1).unwrap();
    assert!(!decide_rare(&uniform).unwrap().is_rare());
    assert!(rare_by_enumeration(&uniform).unwrap().is_none());
    let weighted = RareProblem::from_instance(&instance(x, y, q(1, 3), Some(ints(&[2, 1, 1]))), 1).unwrap();
    let w = decide_rare(&weighted)
        .unwrap()
        .witness
        .expect("weight 2 balances (0,1)+(2,1)");
    verify_rare_witness(&weighted, &w).unwrap();
    assert_eq!(w.epsilon, vec![vec![0, 1], vec![1, 0], vec![1, 0]]);
}

#[test]
fn three_classes_agree_with_enumeration() {
    // Samples 1 (class 1) and 2 (class 2) have the same x̃: each points at the other's class.
    for (x, rare) in [
        (vec![qi(2), qi(3), qi(3), q(1, 2)], true),
        (vec![qi(2), q(1, 7), qi(3), q(1, 2)], false),
    ] {
        let p =
            RareProblem::from_instance(&instance(col(&x), ints(&[0, 1, 2, 2]), q(1, 2), None), 1).unwrap();
        assert_eq!(p.options_per_sample(), Some(7));
        let fast = decide_rare(&p).unwrap();
        let slow = rare_by_enumeration(&p).unwrap();
        assert_eq!(fast.is_rare(), rare);
        assert_eq!(slow.is_some(), rare);
        if let Some(w) = &fast.witness {
            verify_rare_witness(&p, w).unwrap();
        }
    }
}

#[test]
fn a_half_alone_can_be_the_zero_sum() {
    // Samples 0 and 1 (the left half) cancel by themselves; the right half stays all-zero.
    let x = col(&ints(&[5, 5, 1, 100]));
    let y = ints(&[0, 1, 0, 0]);
    let p = RareProblem::from_instance(&instance(x, y, q(1, 2), None), 1).unwrap();
    let w = decide_rare(&p).unwrap().witness.expect("rare");
    verify_rare_witness(&p, &w).unwrap();
    assert_eq!(w.epsilon[2..], [vec![0, 0], vec![0, 0]]);
}

#[test]
fn one_class_is_never_rare() {
    let p =
        RareProblem::from_instance(&instance(col(&ints(&[1, -1])), ints(&[3, 3]), q(1, 2), None), 2).unwrap();
    assert_eq!(p.options_per_sample(), Some(1));
    assert!(!decide_rare(&p).unwrap().is_rare());
}

#[test]
fn bias_augmented_samples_are_not_augmented_twice() {
    let mut inst = balanced();
    inst.bias = true;
    inst.x = inst.x.iter().map(|r| vec![r[0].clone(), qi(1)]).collect();
    let p = RareProblem::from_instance(&inst, 1).unwrap();
    assert_eq!(p.points[1], vec![qi(4), qi(1)]);
    assert!(decide_rare(&p).unwrap().is_rare());
}

#[test]
fn large_searches_are_refused_with_their_size() {
    let x: Vec<Vec<Q>> = (0..40).map(|i| vec![qi(i * 7 + 1)]).collect();
    let y: Vec<Q> = (0..40).map(|i| qi(i % 2)).collect();
    let p = RareProblem::from_instance(&instance(x, y, q(1, 2), None), 1).unwrap();
    match decide_rare(&p) {
        Err(Error::Refused(msg)) => assert!(msg.contains("3486784401"), "{msg}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert!(matches!(
        decide_rare_with_limit(&balanced_problem(), 8),
        Err(Error::Refused(_))
    ));
}

fn balanced_problem() -> RareProblem {
    RareProblem::from_instance(&balanced(), 1).unwrap()
}

#[test]
fn malformed_rare_inputs_give_clear_errors() {
    let mut inst = balanced();
    inst.y[1] = q(1, 2);
    let msg = format!("{}", RareProblem::from_instance(&inst, 1).unwrap_err());
    assert!(msg.contains("y[1]") && msg.contains("integer"), "{msg}");

    let mut inst = balanced();
    inst.alpha = qi(0);
    let msg = format!("{}", RareProblem::from_instance(&inst, 1).unwrap_err());
    assert!(msg.contains("alpha") && msg.contains("> 0"), "{msg}");

    let mut inst = balanced();
    inst.weights = Some(vec![qi(1), qi(-1), qi(1), qi(1)]);
    let msg = format!("{}", RareProblem::from_instance(&inst, 1).unwrap_err());
    assert!(msg.contains("weights[1]") && msg.contains("positive"), "{msg}");

    let mut inst = balanced();
    inst.weights = Some(vec![qi(1)]);
    let msg = format!("{}", RareProblem::from_instance(&inst, 1).unwrap_err());
    assert!(msg.contains("weights") && msg.contains("4"), "{msg}");

    let msg = format!("{}", RareProblem::from_instance(&balanced(), 0).unwrap_err());
    assert!(msg.contains("--depth"), "{msg}");
}

#[test]
fn dependent_samples_are_reported_with_an_exact_dependency() {
    let x = vec![
        ints(&[1, 2, 0]),
        ints(&[0, 1, 1]),
        ints(&[1, 3, 1]),
        ints(&[5, 0, 0]),
    ];
    let gp = general_position(&x).unwrap();
    assert!(!gp.holds());
    assert_eq!(gp.subset_size, 3);
    assert_eq!(gp.dependent_subset, Some(vec![0, 1, 2]));
    let c = gp.dependency.unwrap();
    assert!(verify_dependency(&x, &[0, 1, 2], &c));
    // x0 + x1 − x2 = 0, up to scale.
    assert_eq!(c[0].clone() * qi(-1), c[2]);
    assert_eq!(c[0], c[1]);
}

#[test]
fn generic_points_are_in_general_position() {
    let x = vec![
        ints(&[1, 0, 1]),
        ints(&[0, 1, 1]),
        ints(&[2, 3, 1]),
        ints(&[-1, 5, 1]),
        ints(&[7, -2, 1]),
    ];
    let gp = general_position(&x).unwrap();
    assert!(gp.holds());
    assert_eq!(gp.subsets_examined, 10);
    assert_eq!(general_position_chamber_count(5, 3), BigInt::from(22));
}

fn small_problem() -> impl Strategy<Value = (Instance, usize)> {
    (1usize..=2, 2usize..=3, 1usize..=2, 1usize..=6).prop_flat_map(|(d, classes, depth, n)| {
        let n = if classes == 3 { n.min(4) } else { n };
        let depth = if classes == 3 { 1 } else { depth };
        (
            prop::collection::vec(prop::collection::vec(-2i64..=2, d), n),
            prop::collection::vec(0..classes as i64, n),
            prop::collection::vec(prop::sample::select(vec![q(1, 1), q(2, 1), q(1, 2)]), n),
            prop::sample::select(vec![q(1, 2), q(1, 3)]),
            Just(depth),
        )
            .prop_map(|(x, y, w, alpha, depth)| {
                let x = x.into_iter().map(|r| ints(&r)).collect();
                (instance(x, ints(&y), alpha, Some(w)), depth)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn meet_in_the_middle_agrees_with_enumeration((inst, depth) in small_problem()) {
        let p = RareProblem::from_instance(&inst, depth).unwrap();
        let fast = decide_rare(&p).unwrap();
        let slow = rare_by_enumeration(&p).unwrap();
        prop_assert_eq!(fast.is_rare(), slow.is_some());
        if let Some(w) = &fast.witness {
            prop_assert!(verify_rare_witness(&p, w).is_ok());
        }
        if let Some(w) = &slow {
            prop_assert!(verify_rare_witness(&p, w).is_ok());
        }
    }

    #[test]
    fn reported_dependencies_verify(rows in prop::collection::vec(prop::collection::vec(-2i64..=2, 3), 1..6)) {
        let x: Vec<Vec<Q>> = rows.iter().map(|r| ints(r)).collect();
        let gp = general_position(&x).unwrap();
        if let (Some(s), Some(c)) = (&gp.dependent_subset, &gp.dependency) {
            prop_assert!(verify_dependency(&x, s, c));
        } else {
            prop_assert_eq!(gp.subsets_examined, relucert::generic::general_position::binomial(x.len() as u64, x.len().min(3) as u64).try_into().unwrap_or(0u64));
        }
    }
}
