//! The checker's own Whitney/Zaslavsky counts (rules `chamber-count` and `face-count`, computed
//! on its own lattice of flats) agree with the solver's counts and with Whitney's subset
//! formula, on random integer data with duplicate, parallel, anti-parallel and zero samples;
//! general position gives `2 Σ_{i<d} C(N−1, i)`; and a certificate with 20 samples, beyond the
//! reach of subset sums, is produced and accepted through the binary.
//!
//! The checker's count functions are private, so they are observed through its rules: a
//! certificate carrying the solver's chambers (or faces) and count passes the count rule
//! exactly when the checker's count is that number.

use std::process::Command;

use proptest::prelude::*;
use relucert::arrangement::{Arrangement, count_chambers, count_faces, general_position_count};
use relucert::certificate::{ArrangementRecord, Certificate, ChamberRecord, FORMAT, InstanceRecord, Summary};
use relucert::checker::{Rejection, check, family::check_families};
use relucert::exact::rational::qi;
use relucert::exact::{Q, QMatrix};

/// A certificate with the solver's chambers and faces of `x`, counts as given, no cells and no
/// families: the checker's rules up to the counts can pass, later ones cannot.
fn certificate(x: &[Vec<Q>], count: u64, face_count: u64) -> Certificate {
    let arrangement = Arrangement::compute(x, true).unwrap();
    let record = |faces: &[relucert::arrangement::Face]| {
        let mut list: Vec<ChamberRecord> = faces
            .iter()
            .map(|f| ChamberRecord {
                signs: f.signs.to_string(),
                witness: f.witness.clone(),
            })
            .collect();
        list.sort_by(|a, b| a.signs.cmp(&b.signs));
        list
    };
    Certificate {
        format: FORMAT.to_string(),
        instance: InstanceRecord {
            x: x.to_vec(),
            y: vec![qi(0); x.len()],
            hidden: 1,
            alpha: qi(0),
            bias: false,
            output_bias: false,
        },
        arrangement: ArrangementRecord {
            chambers: record(&arrangement.chambers),
            faces: Some(record(arrangement.faces.as_deref().unwrap())),
            count,
            face_count: Some(face_count),
        },
        cells: Vec::new(),
        minima: Some(Vec::new()),
        family_refutations: Some(Vec::new()),
        saddles: None,
        reduction: None,
        levels: None,
        summary: Summary {
            chambers: count,
            cells: 0,
            cells_ordered: 0,
            genuine: 0,
            best_genuine_loss: None,
            losses: Vec::new(),
            genuine_losses: Vec::new(),
            global_min: Some(qi(0)),
            spurious: Some(0),
            verdict: Some("no-spurious-minima".into()),
        },
        landscape: None,
    }
}

/// The rule that rejects the certificate (every one here is rejected somewhere: it has no cells).
fn failing_rule(cert: &Certificate) -> &'static str {
    match check(cert) {
        Ok(_) => "none",
        Err(Rejection { rule, .. }) => rule,
    }
}

fn failing_family_rule(cert: &Certificate) -> &'static str {
    match check_families(cert) {
        Ok(_) => "none",
        Err(Rejection { rule, .. }) => rule,
    }
}

/// Whitney's subset formula over the non-zero samples, with exact ranks.
fn whitney(all: &[Vec<Q>]) -> i64 {
    let d = all[0].len();
    let x: Vec<&Vec<Q>> = all.iter().filter(|r| r.iter().any(|a| *a != qi(0))).collect();
    let mut total = 0;
    for mask in 0u32..(1 << x.len()) {
        let chosen: Vec<Vec<Q>> = (0..x.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| x[i].clone())
            .collect();
        let size = chosen.len() as i64;
        let rank = if chosen.is_empty() {
            0
        } else {
            QMatrix::from_rows(chosen, d).rank() as i64
        };
        total += if (size - rank) % 2 == 0 { 1 } else { -1 };
    }
    total
}

/// The checker's counts are exactly `chambers` and `faces`: the count rules pass with them and
/// reject one more or one less.
fn assert_checker_counts(x: &[Vec<Q>], chambers: u64, faces: u64) {
    let cert = certificate(x, chambers, faces);
    assert_eq!(failing_rule(&cert), "cell-enumeration", "x = {x:?}");
    assert_eq!(failing_family_rule(&cert), "family-enumeration", "x = {x:?}");
    for wrong in [chambers + 1, chambers - 1] {
        let mut bad = cert.clone();
        bad.arrangement.count = wrong;
        assert_eq!(failing_rule(&bad), "chamber-count", "x = {x:?}");
    }
    for wrong in [faces + 1, faces - 1] {
        let mut bad = cert.clone();
        bad.arrangement.face_count = Some(wrong);
        assert_eq!(failing_family_rule(&bad), "face-count", "x = {x:?}");
    }
}

/// Random integer samples: entries in `-2..=2` (so zero, duplicate and parallel rows are
/// common), some rows repeated with a factor `±1, ±2` (parallel and anti-parallel).
fn samples() -> impl Strategy<Value = Vec<Vec<Q>>> {
    (1usize..=4, 1usize..=10).prop_flat_map(|(d, n)| {
        (
            proptest::collection::vec(proptest::collection::vec(-2i64..=2, d), n),
            proptest::collection::vec(
                (0usize..n, prop_oneof![Just(1i64), Just(-1), Just(2), Just(-2)]),
                0..=2,
            ),
        )
            .prop_map(move |(mut rows, copies)| {
                for (i, f) in copies {
                    if rows.len() < 10 {
                        let row: Vec<i64> = rows[i].iter().map(|a| a * f).collect();
                        rows.push(row);
                    }
                }
                rows.into_iter()
                    .map(|r| r.into_iter().map(qi).collect())
                    .collect()
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn checker_counts_equal_the_solvers(x in samples()) {
        let chambers = count_chambers(&x);
        let faces = count_faces(&x);
        if x.len() <= 8 {
            prop_assert_eq!(chambers as i64, whitney(&x));
        }
        assert_checker_counts(&x, chambers, faces);
    }
}

#[test]
fn worked_examples() {
    let rows =
        |v: &[&[i64]]| -> Vec<Vec<Q>> { v.iter().map(|r| r.iter().map(|&a| qi(a)).collect()).collect() };
    // Decomposition paper Fig. 1: 6 chambers, 13 faces; Liu Fig. 2: 4 chambers, 9 faces.
    assert_checker_counts(&rows(&[&[-1, 1], &[2, 1], &[1, 3]]), 6, 13);
    assert_checker_counts(&rows(&[&[1, 0], &[0, 1]]), 4, 9);
    // A zero sample, a duplicate and an anti-parallel sample change nothing.
    assert_checker_counts(&rows(&[&[1, 0], &[0, 0], &[1, 0], &[-2, 0], &[0, 1]]), 4, 9);
}

#[test]
fn general_position_formula_beyond_subset_sums() {
    // Points on the moment curve (1, t, t², …) are in general position. 16 to 30 samples: far
    // beyond 2^N subsets, and the old subset limits (24 samples for chambers, 14 for faces).
    for (d, n) in [(2usize, 30i64), (3, 20), (4, 13)] {
        let x: Vec<Vec<Q>> = (1..=n)
            .map(|t| (0..d as u32).map(|e| qi(t.pow(e))).collect())
            .collect();
        let chambers = general_position_count(n as u64, d as u64);
        assert_eq!(count_chambers(&x), chambers);
        assert_checker_counts(&x, chambers, count_faces(&x));
    }
}

#[test]
fn certify_and_check_twenty_samples_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let instance = dir.path().join("twenty.toml");
    let cert = dir.path().join("twenty.cert.json");
    // 20 samples in d = 2 (one zero sample, several parallel and anti-parallel pairs).
    let x: Vec<String> = (1..=20i64)
        .map(|t| format!("[{}, {}]", t - 10, (t * t) % 7 - 3 + i64::from(t % 5 == 0)))
        .collect();
    let y: Vec<String> = (1..=20i64).map(|t| ((t * 3) % 5 - 2).to_string()).collect();
    std::fs::write(
        &instance,
        format!(
            "name = \"twenty\"\nhidden = 1\nx = [{}]\ny = [{}]\n",
            x.join(", "),
            y.join(", ")
        ),
    )
    .unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
            .args(args)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        (out.status.code(), text)
    };
    let (code, text) = run(&[
        "certify".as_ref(),
        instance.as_os_str(),
        "-o".as_ref(),
        cert.as_os_str(),
    ]);
    assert_eq!(code, Some(0), "{text}");
    let (code, text) = run(&["check".as_ref(), cert.as_os_str()]);
    assert_eq!(code, Some(0), "{text}");
    assert!(
        text.contains("accepted: N = 20, d = 2, K = 1: 28 chambers"),
        "{text}"
    );
    assert!(text.contains("families of minima verified"), "{text}");
}
