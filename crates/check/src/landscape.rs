//! Rules for the optional `landscape` section (SPEC §7; soundness: `proofs/landscape.md`).
//! They run after the cell and family rules, so the chambers, faces and modes they read have
//! been verified against the instance.
//!
//! - `landscape-sections`: one entry per cell and per family, in the same order.
//! - `landscape-hessian`: `hessian_rank = rank(A_R)` recomputed from the instance, and
//!   `hessian_positive_definite` is `hessian_rank = K d`.
//! - `landscape-dimension`: `dim_r = K d [+1] − rank(E)`, `E` the stacked equality system of
//!   the family (rebuilt here, not through a face basis as the solver does), `dim_params =
//!   dim_r + #{k : z_k ≠ 0} + Σ_{z_k = 0} (d − rank x_{Z_k})`, `r_unique` is `dim_r = 0`.
//! - `landscape-units`: `alive` exactly when the mode is not `0` and the face has a `+`.

use num_traits::{One, Zero};

use relucert_exact::{Q, QMatrix};
use relucert_format::{Certificate, InstanceRecord};

use crate::Rejection;

type Check<T> = Result<T, Rejection>;

fn reject<T>(rule: &'static str, location: String, detail: String) -> Check<T> {
    Err(Rejection::new(rule, location, detail))
}

fn factor(alpha: &Q, sign: char) -> Q {
    if sign == '+' { Q::one() } else { alpha.clone() }
}

fn chars(text: &str, n: usize, rule: &'static str, loc: &str) -> Check<Vec<char>> {
    let c: Vec<char> = text.chars().collect();
    if c.len() != n {
        return reject(
            rule,
            loc.to_string(),
            format!("expected {n} signs, found \"{text}\""),
        );
    }
    Ok(c)
}

/// `rank(A_R)` for unit `k` in the chamber with signs `units[k]`.
fn rank_a_r(inst: &InstanceRecord, units: &[Vec<char>]) -> usize {
    let d = inst.x[0].len();
    let rows = inst
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            units
                .iter()
                .flat_map(|s| {
                    let a = factor(&inst.alpha, s[i]);
                    x.iter().map(move |v| &a * v)
                })
                .collect()
        })
        .collect();
    QMatrix::from_rows(rows, units.len() * d).rank()
}

/// The rank of the stacked system `E` over `(R_1, …, R_K [, c])`: for every sample the design
/// row of the face pattern, for every unit with mode `≠ 0` and every sample where its face is
/// `0` the row `x_i` in the unit's block, and for every unit with mode `0` the identity on its
/// block.
fn rank_e(inst: &InstanceRecord, faces: &[Vec<char>], modes: &[char]) -> usize {
    let d = inst.x[0].len();
    let k_units = faces.len();
    let p = k_units * d + usize::from(inst.output_bias);
    let mut rows: Vec<Vec<Q>> = Vec::new();
    for (i, x) in inst.x.iter().enumerate() {
        let mut row = vec![Q::zero(); p];
        for k in 0..k_units {
            let a = factor(&inst.alpha, faces[k][i]);
            for t in 0..d {
                row[k * d + t] = &a * &x[t];
            }
        }
        if inst.output_bias {
            row[p - 1] = Q::one();
        }
        rows.push(row);
    }
    for k in 0..k_units {
        if modes[k] == '0' {
            for t in 0..d {
                let mut row = vec![Q::zero(); p];
                row[k * d + t] = Q::one();
                rows.push(row);
            }
        } else {
            for (i, x) in inst.x.iter().enumerate() {
                if faces[k][i] == '0' {
                    let mut row = vec![Q::zero(); p];
                    row[k * d..(k + 1) * d].clone_from_slice(x);
                    rows.push(row);
                }
            }
        }
    }
    QMatrix::from_rows(rows, p).rank()
}

/// `rank x_{Z}` for the samples where `face` is `0`.
fn rank_zero_samples(inst: &InstanceRecord, face: &[char]) -> usize {
    let rows: Vec<Vec<Q>> = inst
        .x
        .iter()
        .zip(face)
        .filter(|(_, s)| **s == '0')
        .map(|(x, _)| x.clone())
        .collect();
    if rows.is_empty() {
        0
    } else {
        QMatrix::from_rows(rows, inst.x[0].len()).rank()
    }
}

/// Check the `landscape` section, if present. Returns whether it was present.
pub fn check_landscape(cert: &Certificate) -> Check<bool> {
    let Some(land) = &cert.landscape else {
        return Ok(false);
    };
    let inst = &cert.instance;
    let n = inst.x.len();
    let d = inst.x[0].len();
    let k_units = inst.hidden;
    let minima = cert.minima.as_deref().unwrap_or(&[]);
    if land.cells.len() != cert.cells.len() || land.minima.len() != minima.len() {
        return reject(
            "landscape-sections",
            "landscape".into(),
            format!(
                "expected {} cell entries and {} family entries, found {} and {}",
                cert.cells.len(),
                minima.len(),
                land.cells.len(),
                land.minima.len()
            ),
        );
    }
    for (j, (cell, shape)) in cert.cells.iter().zip(&land.cells).enumerate() {
        let loc = format!("landscape.cells[{j}]");
        let units = cell
            .chambers
            .iter()
            .map(|c| chars(c, n, "landscape-hessian", &loc))
            .collect::<Check<Vec<_>>>()?;
        let rank = rank_a_r(inst, &units);
        if shape.hessian_rank != rank || shape.hessian_positive_definite != (rank == k_units * d) {
            return reject(
                "landscape-hessian",
                loc,
                format!(
                    "rank(A_R) is {rank} of K d = {}, the record says {} (positive definite: {})",
                    k_units * d,
                    shape.hessian_rank,
                    shape.hessian_positive_definite
                ),
            );
        }
    }
    for (j, (fam, shape)) in minima.iter().zip(&land.minima).enumerate() {
        let loc = format!("landscape.minima[{j}]");
        let faces = fam
            .faces
            .iter()
            .map(|f| chars(f, n, "landscape-dimension", &loc))
            .collect::<Check<Vec<_>>>()?;
        let modes: Vec<char> = fam.modes.chars().collect();
        if faces.len() != k_units || modes.len() != k_units || shape.units.len() != k_units {
            return reject(
                "landscape-dimension",
                loc,
                format!("expected {k_units} faces, modes and unit states"),
            );
        }
        let p = k_units * d + usize::from(inst.output_bias);
        let dim_r = p - rank_e(inst, &faces, &modes);
        let extra: usize = faces
            .iter()
            .zip(&modes)
            .map(|(f, &m)| {
                if m == '0' {
                    d - rank_zero_samples(inst, f)
                } else {
                    1
                }
            })
            .sum();
        if shape.dim_r != dim_r || shape.dim_params != dim_r + extra || shape.r_unique != (dim_r == 0) {
            return reject(
                "landscape-dimension",
                loc,
                format!(
                    "the family has dimension {dim_r} in (R, c) and {} in (z, w, c), the record says {} \
                     and {} (R unique: {})",
                    dim_r + extra,
                    shape.dim_r,
                    shape.dim_params,
                    shape.r_unique
                ),
            );
        }
        for (k, (f, &m)) in faces.iter().zip(&modes).enumerate() {
            let alive = m != '0' && f.contains(&'+');
            let expected = if alive { "alive" } else { "dead" };
            if shape.units[k] != expected {
                return reject(
                    "landscape-units",
                    format!("{loc}.units[{k}]"),
                    format!("expected \"{expected}\", found \"{}\"", shape.units[k]),
                );
            }
        }
    }
    Ok(true)
}
