//! `relucert certify --least-squares` reports `A⁺`, `R₀` and a null-space basis for every cell;
//! the reported pseudo-inverse satisfies the four Penrose equations (checked here independently,
//! against `A` rebuilt in the test), and the checker rejects a corrupted one by rule.

use std::path::Path;
use std::process::Command;

use num_traits::{One, Zero};
use relucert::certificate::Certificate;
use relucert::checker::check;
use relucert::exact::{Q, QMatrix, parse_q};

fn certify(fixture: &str, dir: &Path) -> Certificate {
    let out = dir.join("c.json");
    let status = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(["certify", "--least-squares", "--cells-only", "-o"])
        .arg(&out)
        .arg(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .join(fixture),
        )
        .output()
        .unwrap();
    assert_eq!(
        status.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    Certificate::read(&out).unwrap()
}

/// `A` for a cell, built here from the instance (row i = (a_i1 x_i, …, a_iK x_i)).
fn design(cert: &Certificate, chambers: &[String]) -> QMatrix {
    let inst = &cert.instance;
    let d = inst.x[0].len();
    let rows = inst
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = Vec::new();
            for ch in chambers {
                let a = if ch.as_bytes()[i] == b'+' {
                    Q::one()
                } else {
                    inst.alpha.clone()
                };
                row.extend(x.iter().map(|v| v * &a));
            }
            row
        })
        .collect();
    QMatrix::from_rows(rows, d * chambers.len())
}

#[test]
fn reported_pseudo_inverses_satisfy_the_penrose_equations() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in [
        "decomposition_fig3_h1.toml",
        "decomposition_fig3_h2.toml",
        "liu_fig2.toml",
    ] {
        let cert = certify(fixture, dir.path());
        assert!(check(&cert).is_ok(), "{fixture}");
        for cell in &cert.cells {
            let ls = cell
                .least_squares
                .as_ref()
                .expect("reported with --least-squares");
            let a = design(&cert, &cell.chambers);
            let p = QMatrix::from_rows(ls.pseudo_inverse.clone(), a.rows());
            let (ap, pa) = (a.mul(&p), p.mul(&a));
            assert_eq!(ap.mul(&a), a, "A A⁺ A = A");
            assert_eq!(pa.mul(&p), p, "A⁺ A A⁺ = A⁺");
            assert_eq!(ap.transpose(), ap, "(A A⁺)ᵀ = A A⁺");
            assert_eq!(pa.transpose(), pa, "(A⁺ A)ᵀ = A⁺ A");
            assert_eq!(p.mul_vec(&cert.instance.y), ls.r0);
            assert_eq!(ls.null_space.len(), cell.solution_dim);
            assert_eq!(a.rank(), cell.rank);
        }
    }
}

#[test]
fn liu_fig2_plateau_and_unique_minimum() {
    // Liu Fig. 2, y = (1,1): `--` has A = 0, so A⁺ = 0 and the whole plane solves; `++` has
    // A = I, A⁺ = I and the unique R* = (1,1).
    let dir = tempfile::tempdir().unwrap();
    let cert = certify("liu_fig2.toml", dir.path());
    let cell = |s: &str| {
        cert.cells
            .iter()
            .find(|c| c.chambers == [s])
            .unwrap()
            .least_squares
            .clone()
            .unwrap()
    };
    let dead = cell("--");
    assert!(dead.pseudo_inverse.iter().flatten().all(Zero::is_zero));
    assert_eq!(dead.null_space.len(), 2);
    let full = cell("++");
    assert_eq!(
        full.pseudo_inverse,
        vec![vec![Q::one(), Q::zero()], vec![Q::zero(), Q::one()]]
    );
    assert_eq!(full.r0, vec![Q::one(), Q::one()]);
    assert!(full.null_space.is_empty());
}

#[test]
fn corrupted_least_squares_data_is_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let cert = certify("decomposition_fig3_h2.toml", dir.path());
    let j = cert.cells.iter().position(|c| c.solution_dim > 0).unwrap();
    let corruptions: Vec<Box<dyn Fn(&mut Certificate)>> = vec![
        Box::new(|c| {
            let ls = c.cells[j].least_squares.as_mut().unwrap();
            ls.pseudo_inverse[0][0] += parse_q("1/7").unwrap();
        }),
        Box::new(|c| {
            let ls = c.cells[j].least_squares.as_mut().unwrap();
            ls.r0[0] += Q::one();
        }),
        Box::new(|c| {
            c.cells[j].least_squares.as_mut().unwrap().null_space.pop();
        }),
        Box::new(|c| {
            let ls = c.cells[j].least_squares.as_mut().unwrap();
            let first = ls.null_space[0].clone();
            ls.null_space.push(first);
        }),
    ];
    for (i, corrupt) in corruptions.iter().enumerate() {
        let mut bad = cert.clone();
        corrupt(&mut bad);
        let rejection = check(&bad).expect_err("corruption must be rejected");
        assert_eq!(
            rejection.rule, "cell-pseudo-inverse",
            "corruption {i}: {rejection}"
        );
    }
}
