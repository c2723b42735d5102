//! Acceptance re-check of the arrangement (issue 2), end to end through the binary:
//! `relucert arrangement --faces --json` on random instances with N ≤ 8, d ≤ 3 (bias,
//! duplicate, parallel, anti-parallel and zero samples, rational entries). The test parses the
//! JSON, re-verifies every witness's signs with exact arithmetic, and compares the numbers of
//! chambers and faces with counts it computes itself from exact integer ranks:
//! Whitney's `Σ_S (−1)^{|S| − rank(S)}` for chambers, and for faces the sum over flats `F` of
//! the chamber count of the restriction to `F` (Zaslavsky). No relucert code is used for the
//! expected numbers; only `parse_q` reads the rationals.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use num_traits::Zero;
use relucert::exact::{Q, parse_q};
use serde_json::Value;

/// A test instance: the rational entries as text (as in the TOML file, before the bias
/// coordinate) and an integer multiple of every augmented row (same signs and ranks).
struct Case {
    text: Vec<Vec<String>>,
    bias: bool,
    integer: Vec<Vec<i128>>,
}

impl Case {
    /// The augmented rows as exact rationals, read from the text the tool reads.
    fn rows(&self) -> Vec<Vec<Q>> {
        self.text
            .iter()
            .map(|r| {
                let mut row: Vec<Q> = r.iter().map(|t| parse_q(t).unwrap()).collect();
                if self.bias {
                    row.push(Q::from_integer(1.into()));
                }
                row
            })
            .collect()
    }

    fn toml(&self) -> String {
        let rows: Vec<String> = self
            .text
            .iter()
            .map(|r| {
                format!(
                    "[{}]",
                    r.iter()
                        .map(|t| format!("\"{t}\""))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect();
        let y = vec!["0"; self.text.len()].join(", ");
        format!(
            "hidden = 1\nbias = {}\nx = [{}]\ny = [{y}]\n",
            self.bias,
            rows.join(", ")
        )
    }
}

/// Rank of integer rows by fraction-free elimination (Bareiss), exact in `i128` for these sizes.
fn rank(rows: &[&Vec<i128>]) -> usize {
    let mut m: Vec<Vec<i128>> = rows.iter().map(|r| r.to_vec()).collect();
    let cols = m.first().map_or(0, |r| r.len());
    let mut r = 0;
    let mut prev = 1i128;
    for c in 0..cols {
        let Some(p) = (r..m.len()).find(|&i| m[i][c] != 0) else {
            continue;
        };
        m.swap(r, p);
        for i in r + 1..m.len() {
            for j in c + 1..cols {
                m[i][j] = (m[r][c] * m[i][j] - m[i][c] * m[r][j]) / prev;
            }
            m[i][c] = 0;
        }
        prev = m[r][c];
        r += 1;
    }
    r
}

fn rank_of(x: &[Vec<i128>], set: u32) -> usize {
    let rows: Vec<&Vec<i128>> = (0..x.len())
        .filter(|&i| set >> i & 1 == 1)
        .map(|i| &x[i])
        .collect();
    rank(&rows)
}

/// Chambers of the arrangement of the samples in `hyper` (a bit set of non-zero samples)
/// restricted to the flat with closure `flat`: `Σ_{T ⊆ hyper} (−1)^{|T| − (rank(flat ∪ T) − rank(flat))}`.
fn restricted_chambers(x: &[Vec<i128>], flat: u32, hyper: u32) -> i64 {
    let base = rank_of(x, flat);
    let mut total = 0i64;
    let mut t = hyper;
    loop {
        let r = rank_of(x, flat | t) - base;
        let e = t.count_ones() as usize - r;
        total += if e.is_multiple_of(2) { 1 } else { -1 };
        if t == 0 {
            break;
        }
        t = (t - 1) & hyper;
    }
    total
}

/// `(#chambers, #faces)` computed independently.
fn expected_counts(x: &[Vec<i128>]) -> (i64, i64) {
    let nonzero: u32 = (0..x.len())
        .filter(|&i| x[i].iter().any(|&v| v != 0))
        .fold(0, |s, i| s | 1 << i);
    let chambers = restricted_chambers(x, 0, nonzero);
    // Flats: closures of subsets of the non-zero samples.
    let mut flats = BTreeSet::new();
    let mut s = nonzero;
    loop {
        let r = rank_of(x, s);
        let closure = (0..x.len())
            .filter(|&i| nonzero >> i & 1 == 1 && rank_of(x, s | 1 << i) == r)
            .fold(0u32, |c, i| c | 1 << i);
        flats.insert(closure);
        if s == 0 {
            break;
        }
        s = (s - 1) & nonzero;
    }
    let faces = flats
        .iter()
        .map(|&f| restricted_chambers(x, f, nonzero & !f))
        .sum();
    (chambers, faces)
}

fn sign(v: &Q) -> char {
    if v.is_zero() {
        '0'
    } else if *v > Q::zero() {
        '+'
    } else {
        '-'
    }
}

/// Run `arrangement --faces --json` on the case; verify every listed face and the counts.
/// Returns the numbers of chambers and faces.
fn verify(case: &Case) -> (usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("instance.toml");
    std::fs::write(&path, case.toml()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["arrangement", "--faces", "--json"])
        .arg(&path)
        .output()
        .unwrap();
    let toml = case.toml();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{toml}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let x = case.rows();
    let n = x.len();
    let zero: Vec<bool> = x.iter().map(|r| r.iter().all(Zero::is_zero)).collect();
    let check_list = |key: &str, chamber: bool| -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        for f in json[key].as_array().unwrap() {
            let signs = f["signs"].as_str().unwrap().to_string();
            assert_eq!(signs.chars().count(), n, "{toml}{signs}");
            let w: Vec<Q> = f["witness"]
                .as_array()
                .unwrap()
                .iter()
                .map(|t| parse_q(t.as_str().unwrap()).unwrap())
                .collect();
            assert_eq!(w.len(), x[0].len(), "{toml}{signs}");
            for (i, (xi, s)) in x.iter().zip(signs.chars()).enumerate() {
                let dot: Q = w.iter().zip(xi).map(|(a, b)| a * b).sum();
                assert_eq!(sign(&dot), s, "{toml}{key} {signs}: sample {i}");
                if chamber {
                    assert_eq!(s == '0', zero[i], "{toml}chamber {signs}: sample {i}");
                }
            }
            assert!(seen.insert(signs.clone()), "{toml}{key}: {signs} twice");
        }
        seen
    };
    let chambers = check_list("chambers", true);
    let faces = check_list("faces", false);
    assert!(chambers.is_subset(&faces), "{toml}every chamber is a face");
    let (want_chambers, want_faces) = expected_counts(&case.integer);
    assert_eq!(chambers.len() as i64, want_chambers, "{toml}chambers");
    assert_eq!(faces.len() as i64, want_faces, "{toml}faces");
    assert_eq!(json["count"]["chambers"], want_chambers, "{toml}");
    assert_eq!(json["count"]["faces"], want_faces, "{toml}");
    (chambers.len(), faces.len())
}

/// A small deterministic generator (64-bit LCG), so failures reproduce.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below
    }
    fn int(&mut self, lo: i128, hi: i128) -> i128 {
        lo + self.next((hi - lo + 1) as u64) as i128
    }
}

/// Random rows with small integer numerators and a per-row denominator; some rows repeat,
/// scale (positively or negatively) or zero out an earlier one.
fn random_case(g: &mut Lcg, general: bool) -> Case {
    let bias = g.next(2) == 1;
    let raw_d = if bias { g.int(1, 2) } else { g.int(1, 3) } as usize;
    let n = g.int(1, 8) as usize;
    let mut numerators: Vec<Vec<i128>> = Vec::new();
    for i in 0..n {
        let row: Vec<i128> = match g.next(if general || i == 0 { 1 } else { 6 }) {
            1 => numerators[g.next(i as u64) as usize].clone(),
            2 => numerators[g.next(i as u64) as usize]
                .iter()
                .map(|v| -2 * v)
                .collect(),
            3 if !bias => vec![0; raw_d],
            _ => (0..raw_d).map(|_| g.int(-3, 3)).collect(),
        };
        numerators.push(row);
    }
    let denominators: Vec<i128> = (0..n).map(|_| g.int(1, 3)).collect();
    let text = numerators
        .iter()
        .zip(&denominators)
        .map(|(r, q)| r.iter().map(|p| format!("{p}/{q}")).collect())
        .collect();
    let integer = numerators
        .iter()
        .zip(&denominators)
        .map(|(r, &q)| {
            let mut row = r.clone();
            if bias {
                row.push(q);
            }
            row
        })
        .collect();
    Case { text, bias, integer }
}

fn from_fixture(name: &str) -> Case {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name);
    let inst = relucert::instance::toml_file::read(&path).unwrap();
    let text = inst
        .x
        .iter()
        .map(|r| r.iter().map(relucert::exact::format_q).collect())
        .collect();
    let integer = inst
        .x
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| {
                    assert!(v.is_integer());
                    i128::try_from(v.to_integer()).unwrap()
                })
                .collect()
        })
        .collect();
    Case {
        text,
        bias: false,
        integer,
    }
}

#[test]
fn paper_examples() {
    assert_eq!(verify(&from_fixture("decomposition_fig1.toml")).0, 6);
    assert_eq!(verify(&from_fixture("liu_fig2.toml")).0, 4);
    // The bias-augmented random fixture (N = 10, d = 3) is in general position.
    let (chambers, _) = verify(&from_fixture("random_n10_d3_bias.toml"));
    assert_eq!(chambers, 2 * (1 + 9 + 36));
}

#[test]
fn random_instances_with_degeneracies() {
    let mut g = Lcg(2024);
    let mut kinds = BTreeSet::new();
    for _ in 0..40 {
        let case = random_case(&mut g, false);
        if case.integer.iter().any(|r| r.iter().all(|&v| v == 0)) {
            kinds.insert("zero");
        }
        if case.bias {
            kinds.insert("bias");
        }
        if (0..case.integer.len()).any(|i| (0..i).any(|j| case.integer[i] == case.integer[j])) {
            kinds.insert("duplicate");
        }
        verify(&case);
    }
    assert_eq!(kinds.len(), 3, "the sample covers {kinds:?}");
}

/// In general position (every ≤ d samples independent) `#chambers = 2 Σ_{i<d} C(N−1, i)`.
#[test]
fn random_instances_in_general_position() {
    let mut g = Lcg(7);
    let mut tested = 0;
    while tested < 15 {
        let case = random_case(&mut g, true);
        let x = &case.integer;
        let (n, d) = (x.len(), x[0].len());
        let general = (0u32..1 << n)
            .filter(|s| s.count_ones() as usize <= d)
            .all(|s| rank_of(x, s) == s.count_ones() as usize);
        if !general {
            continue;
        }
        let binomial = |m: usize, k: usize| -> usize { (0..k).fold(1, |acc, i| acc * (m - i) / (i + 1)) };
        let formula = 2 * (0..d.min(n)).map(|i| binomial(n - 1, i)).sum::<usize>();
        assert_eq!(verify(&case).0, formula, "{}", case.toml());
        tested += 1;
    }
}
