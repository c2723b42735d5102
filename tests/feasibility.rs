//! Tests of the exact feasibility engine: hand examples, and random systems checked by a small
//! verifier written here independently of `relucert::feasibility::confirm`.

use num_traits::{Signed, Zero};
use proptest::prelude::*;
use relucert::exact::Q;
use relucert::exact::rational::{q, qi};
use relucert::feasibility::{Constraint, LinearSystem, Motzkin, Route, Verdict, confirm, decide};

fn row(coeffs: &[i64], rhs: i64) -> Constraint {
    Constraint {
        coeffs: coeffs.iter().map(|&c| qi(c)).collect(),
        rhs: qi(rhs),
    }
}

fn system(
    dim: usize,
    strict: &[(&[i64], i64)],
    nonstrict: &[(&[i64], i64)],
    eq: &[(&[i64], i64)],
) -> LinearSystem {
    let rows = |rs: &[(&[i64], i64)]| rs.iter().map(|(c, r)| row(c, *r)).collect();
    LinearSystem {
        dim,
        strict: rows(strict),
        nonstrict: rows(nonstrict),
        equalities: rows(eq),
    }
}

fn value(coeffs: &[Q], v: &[Q]) -> Q {
    let mut s = Q::zero();
    for (a, x) in coeffs.iter().zip(v) {
        s += a * x;
    }
    s
}

/// Independent check of a verdict (deliberately not `relucert::feasibility::confirm`).
fn verified(sys: &LinearSystem, verdict: &Verdict) -> bool {
    match verdict {
        Verdict::Feasible(v) => {
            v.len() == sys.dim
                && sys.strict.iter().all(|r| value(&r.coeffs, v) > r.rhs)
                && sys.nonstrict.iter().all(|r| value(&r.coeffs, v) >= r.rhs)
                && sys.equalities.iter().all(|r| value(&r.coeffs, v) == r.rhs)
        }
        Verdict::Infeasible(Motzkin {
            strict,
            nonstrict,
            equalities,
        }) => {
            if strict.len() != sys.strict.len()
                || nonstrict.len() != sys.nonstrict.len()
                || equalities.len() != sys.equalities.len()
                || strict.iter().chain(nonstrict).any(|x| x.is_negative())
            {
                return false;
            }
            let pairs: Vec<(&Constraint, &Q)> = sys
                .strict
                .iter()
                .zip(strict)
                .chain(sys.nonstrict.iter().zip(nonstrict))
                .chain(sys.equalities.iter().zip(equalities))
                .collect();
            let combination_vanishes = (0..sys.dim).all(|i| {
                let mut s = Q::zero();
                for (r, m) in &pairs {
                    s += *m * &r.coeffs[i];
                }
                s.is_zero()
            });
            let mut s = Q::zero();
            for (r, m) in &pairs {
                s += *m * &r.rhs;
            }
            combination_vanishes
                && (s.is_positive() || (s >= Q::zero() && strict.iter().any(|x| x.is_positive())))
        }
    }
}

fn both_routes(sys: &LinearSystem) -> bool {
    let exact = decide(sys, Route::ExactOnly);
    let float = decide(sys, Route::FloatFirst);
    assert!(
        verified(sys, &exact.verdict),
        "exact verdict fails: {sys:?} {exact:?}"
    );
    assert!(
        verified(sys, &float.verdict),
        "float-first verdict fails: {sys:?} {float:?}"
    );
    assert!(!exact.fell_back);
    let feasible = matches!(exact.verdict, Verdict::Feasible(_));
    assert_eq!(feasible, matches!(float.verdict, Verdict::Feasible(_)));
    feasible
}

#[test]
fn empty_systems_are_feasible() {
    assert!(both_routes(&LinearSystem::default()));
    assert!(both_routes(&system(3, &[], &[], &[])));
    let out = decide(&system(2, &[], &[], &[]), Route::ExactOnly);
    assert_eq!(out.verdict, Verdict::Feasible(vec![qi(0), qi(0)]));
}

#[test]
fn dimension_zero_rows_are_constants() {
    // 0 > -1 and 0 ≥ 0: feasible.
    assert!(both_routes(&system(0, &[(&[], -1)], &[(&[], 0)], &[(&[], 0)])));
    // 0 > 0: infeasible, certificate λ > 0 with s = 0.
    assert!(!both_routes(&system(0, &[(&[], 0)], &[], &[])));
    // 0 ≥ 1: infeasible (Farkas).
    assert!(!both_routes(&system(0, &[], &[(&[], 1)], &[])));
    // 0 = 2: infeasible.
    assert!(!both_routes(&system(0, &[], &[], &[(&[], 2)])));
}

#[test]
fn equalities_only() {
    // x + y = 1, x − y = 3: feasible with (2, −1).
    let sys = system(2, &[], &[], &[(&[1, 1], 1), (&[1, -1], 3)]);
    assert_eq!(
        decide(&sys, Route::ExactOnly).verdict,
        Verdict::Feasible(vec![qi(2), qi(-1)])
    );
    assert!(both_routes(&sys));
    // x + y = 1, 2x + 2y = 3: inconsistent; μ·(1, 3) > 0 with μ ∝ (−2, 1).
    let sys = system(2, &[], &[], &[(&[1, 1], 1), (&[2, 2], 3)]);
    assert!(!both_routes(&sys));
    let Verdict::Infeasible(m) = decide(&sys, Route::ExactOnly).verdict else {
        unreachable!()
    };
    assert_eq!(&m.equalities[1] * qi(-2), m.equalities[0]);
    assert!(m.equalities[1].is_positive());
}

#[test]
fn opposite_strict_signs() {
    // x > 0 and −x > 0.
    let sys = system(1, &[(&[1], 0), (&[-1], 0)], &[], &[]);
    assert!(!both_routes(&sys));
    let Verdict::Infeasible(m) = decide(&sys, Route::ExactOnly).verdict else {
        unreachable!()
    };
    assert_eq!(m.strict[0], m.strict[1]);
}

#[test]
fn strict_and_nonstrict_compatible() {
    // x > 0 and x ≥ 1.
    let sys = system(1, &[(&[1], 0)], &[(&[1], 1)], &[]);
    assert!(both_routes(&sys));
}

#[test]
fn infeasible_only_by_strictness() {
    // x ≥ 0, −x ≥ 0 pin x = 0; x > 0 then fails. The non-strict part alone is feasible.
    let sys = system(1, &[(&[1], 0)], &[(&[1], 0), (&[-1], 0)], &[]);
    assert!(!both_routes(&sys));
    let Verdict::Infeasible(m) = decide(&sys, Route::ExactOnly).verdict else {
        unreachable!()
    };
    assert!(m.strict[0].is_positive());
    assert!(both_routes(&system(1, &[], &[(&[1], 0), (&[-1], 0)], &[])));
}

#[test]
fn boundary_decides_strict_versus_nonstrict() {
    // x + y = 2 together with x > 1, y > 1 is infeasible; with x ≥ 1, y ≥ 1 it is the point (1,1).
    let strict = system(2, &[(&[1, 0], 1), (&[0, 1], 1)], &[], &[(&[1, 1], 2)]);
    assert!(!both_routes(&strict));
    let nonstrict = system(2, &[], &[(&[1, 0], 1), (&[0, 1], 1)], &[(&[1, 1], 2)]);
    assert!(both_routes(&nonstrict));
    assert_eq!(
        decide(&nonstrict, Route::ExactOnly).verdict,
        Verdict::Feasible(vec![qi(1), qi(1)])
    );
    // One strict, one non-strict: still infeasible (x > 1 forces y < 1).
    let mixed = system(2, &[(&[1, 0], 1)], &[(&[0, 1], 1)], &[(&[1, 1], 2)]);
    assert!(!both_routes(&mixed));
}

#[test]
fn degenerate_systems() {
    // Repeated and zero rows, and an equality implied twice.
    let sys = system(
        3,
        &[(&[1, 1, 0], 0), (&[1, 1, 0], 0), (&[0, 0, 0], -1)],
        &[(&[0, 0, 0], 0), (&[1, 0, 0], 0), (&[1, 0, 0], 0)],
        &[(&[0, 0, 1], 1), (&[0, 0, 2], 2), (&[0, 0, 0], 0)],
    );
    assert!(both_routes(&sys));
    // A zero strict row with rhs 0 is infeasible.
    assert!(!both_routes(&system(2, &[(&[0, 0], 0)], &[(&[1, 1], 5)], &[])));
    // Unbounded directions: x − y > 3 alone.
    assert!(both_routes(&system(2, &[(&[1, -1], 3)], &[], &[])));
}

#[test]
fn rational_entries() {
    // x/3 > 1/8 and x ≤ 1/2 (−x ≥ −1/2) with 2x = 5/6 − y, y ≥ 0.
    let sys = LinearSystem {
        dim: 2,
        strict: vec![Constraint {
            coeffs: vec![q(1, 3), qi(0)],
            rhs: q(1, 8),
        }],
        nonstrict: vec![
            Constraint {
                coeffs: vec![qi(-1), qi(0)],
                rhs: q(-1, 2),
            },
            Constraint {
                coeffs: vec![qi(0), qi(1)],
                rhs: qi(0),
            },
        ],
        equalities: vec![Constraint {
            coeffs: vec![qi(2), qi(1)],
            rhs: q(5, 6),
        }],
    };
    assert!(both_routes(&sys));
    assert!(confirm(&sys, &decide(&sys, Route::FloatFirst).verdict));
}

fn arb_row(dim: usize) -> impl Strategy<Value = Constraint> {
    (proptest::collection::vec(-3i64..=3, dim), -4i64..=4).prop_map(|(c, r)| Constraint {
        coeffs: c.into_iter().map(qi).collect(),
        rhs: qi(r),
    })
}

fn arb_system() -> impl Strategy<Value = LinearSystem> {
    (0usize..=4, 0usize..=6)
        .prop_flat_map(|(dim, total)| {
            (
                Just(dim),
                proptest::collection::vec((arb_row(dim), 0u8..3), total),
            )
        })
        .prop_map(|(dim, rows)| {
            let mut sys = LinearSystem {
                dim,
                ..LinearSystem::default()
            };
            for (r, kind) in rows {
                match kind {
                    0 => sys.strict.push(r),
                    1 => sys.nonstrict.push(r),
                    _ => sys.equalities.push(r),
                }
            }
            sys
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn random_systems_agree_and_verify(sys in arb_system()) {
        both_routes(&sys);
    }

    /// Making every strict row non-strict can only help; a strict-feasible point stays feasible.
    #[test]
    fn relaxing_strictness_preserves_feasibility(sys in arb_system()) {
        let strict_feasible = matches!(decide(&sys, Route::ExactOnly).verdict, Verdict::Feasible(_));
        let mut relaxed = sys.clone();
        relaxed.nonstrict.append(&mut relaxed.strict);
        let relaxed_feasible = both_routes(&relaxed);
        prop_assert!(!strict_feasible || relaxed_feasible);
    }
}

/// A deterministic pseudo-random system (xorshift), for measuring how often the float route
/// needs the exact fallback.
fn pseudo_random_system(state: &mut u64, dim: usize, rows: usize) -> LinearSystem {
    let mut next = |m: i64| {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        (*state % (2 * m as u64 + 1)) as i64 - m
    };
    let mut sys = LinearSystem {
        dim,
        ..LinearSystem::default()
    };
    for _ in 0..rows {
        let coeffs: Vec<i64> = (0..dim).map(|_| next(3)).collect();
        let r = row(&coeffs, next(4));
        match next(1) {
            -1 => sys.strict.push(r),
            0 => sys.nonstrict.push(r),
            _ => sys.equalities.push(r),
        }
    }
    sys
}

#[test]
fn float_route_rarely_falls_back() {
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let (mut total, mut fell_back, mut infeasible) = (0, 0, 0);
    for dim in 1..=6 {
        for rows in 1..=10 {
            for _ in 0..8 {
                let sys = pseudo_random_system(&mut state, dim, rows);
                let out = decide(&sys, Route::FloatFirst);
                assert!(verified(&sys, &out.verdict));
                total += 1;
                fell_back += usize::from(out.fell_back);
                infeasible += usize::from(matches!(out.verdict, Verdict::Infeasible(_)));
            }
        }
    }
    eprintln!("float route: {fell_back} fallbacks in {total} systems ({infeasible} infeasible)");
    assert!(
        fell_back * 10 <= total,
        "{fell_back} fallbacks in {total} systems"
    );
}

/// Timing of both routes on systems of the size the family search produces (dim 20, 40 rows),
/// and on chamber-like systems (homogeneous strict rows `±x_i·w > 0`, dim 5, 15 rows).
/// Run with `cargo test --release --test feasibility -- --ignored --nocapture`.
#[test]
#[ignore]
fn timing_of_both_routes() {
    let mut state = 0x1234_5678_9ABC_DEF1u64;
    let dense: Vec<LinearSystem> = (0..200)
        .map(|_| pseudo_random_system(&mut state, 20, 40))
        .collect();
    let chambers: Vec<LinearSystem> = (0..1000)
        .map(|_| {
            let mut sys = pseudo_random_system(&mut state, 5, 15);
            sys.strict.append(&mut sys.nonstrict);
            sys.strict.append(&mut sys.equalities);
            for r in sys.strict.iter_mut() {
                r.rhs = qi(0);
            }
            sys
        })
        .collect();
    for (name, systems) in [("dense 20x40", &dense), ("chamber 5x15", &chambers)] {
        for route in [Route::ExactOnly, Route::FloatFirst] {
            let start = std::time::Instant::now();
            let (mut feasible, mut fell_back) = (0, 0);
            for sys in systems {
                let out = decide(sys, route);
                feasible += usize::from(matches!(out.verdict, Verdict::Feasible(_)));
                fell_back += usize::from(out.fell_back);
            }
            eprintln!(
                "{name} {route:?}: {:?} per system, {feasible}/{} feasible, {fell_back} fallbacks",
                start.elapsed() / systems.len() as u32,
                systems.len()
            );
        }
    }
}
