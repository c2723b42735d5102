//! Building the `landscape` section (SPEC §7): per cell the rank of the Hessian in `R`
//! (Liu Lemma 2), per family its dimension in `(R [, c])` and in `(z, w [, c])`, whether `R`
//! is unique, and which units are dead. The reasoning is `proofs/landscape.md`: a family is a
//! non-empty relatively open subset of the affine space of the `(R [, c])` with the family's
//! predictions on the face subspaces, so its dimension is that space's dimension.
//!
//! The solver computes the family dimension through a basis of each face subspace
//! `V_k = {v : v·x_i = 0, i ∈ Z_k}` (rank–nullity of the prediction map restricted to
//! `Π V_k`); the checker recomputes it by a different route (one stacked equality system).

use num_traits::{One, Zero};

use relucert_exact::{Q, QMatrix};
use relucert_format::landscape::{CellShape, FamilyShape, LandscapeRecord};
use relucert_format::{Certificate, InstanceRecord};

/// `a_ik`: `1` where the face (or chamber) is `+` at sample `i`, `α` otherwise.
fn activation(alpha: &Q, sign: char) -> Q {
    if sign == '+' { Q::one() } else { alpha.clone() }
}

/// The rank of `A_R` (the design matrix without the output-bias column) for unit `k` in the
/// chamber `chambers[k]`: the rank of the Hessian `(2/N) A_Rᵀ A_R` of the loss in `R`.
pub fn hessian_rank(inst: &InstanceRecord, chambers: &[String]) -> usize {
    let d = inst.x[0].len();
    let signs: Vec<Vec<char>> = chambers.iter().map(|c| c.chars().collect()).collect();
    let rows: Vec<Vec<Q>> = inst
        .x
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let mut row = Vec::with_capacity(signs.len() * d);
            for s in &signs {
                let a = activation(&inst.alpha, s[i]);
                row.extend(x.iter().map(|v| &a * v));
            }
            row
        })
        .collect();
    QMatrix::from_rows(rows, signs.len() * d).rank()
}

/// The cell's Hessian record.
pub fn cell_shape(inst: &InstanceRecord, chambers: &[String]) -> CellShape {
    let rank = hessian_rank(inst, chambers);
    CellShape {
        hessian_rank: rank,
        hessian_positive_definite: rank == chambers.len() * inst.x[0].len(),
    }
}

/// A basis of `V = {v ∈ Q^d : v·x_i = 0 for the samples where `face` is `0`}`.
fn face_subspace(inst: &InstanceRecord, face: &str) -> Vec<Vec<Q>> {
    let d = inst.x[0].len();
    let rows: Vec<Vec<Q>> = face
        .chars()
        .zip(&inst.x)
        .filter(|(s, _)| *s == '0')
        .map(|(_, x)| x.clone())
        .collect();
    if rows.is_empty() {
        return (0..d)
            .map(|j| {
                (0..d)
                    .map(|t| if t == j { Q::one() } else { Q::zero() })
                    .collect()
            })
            .collect();
    }
    QMatrix::from_rows(rows, d).null_space()
}

/// Whether a unit with this face and mode is alive: `z_k ≠ 0` and some sample has
/// `w_k·x_i > 0` (a `+` in the face).
pub fn alive(face: &str, mode: char) -> bool {
    mode != '0' && face.contains('+')
}

/// The shape of the family with these faces and modes (one per unit).
pub fn family_shape(inst: &InstanceRecord, faces: &[String], modes: &str) -> FamilyShape {
    let modes: Vec<char> = modes.chars().collect();
    // Columns: a basis of V_k for every unit with z_k ≠ 0, then the output bias.
    let mut columns: Vec<Vec<Q>> = Vec::new();
    let mut scaling = 0usize;
    let mut free_w = 0usize;
    for (face, &m) in faces.iter().zip(&modes) {
        let basis = face_subspace(inst, face);
        if m == '0' {
            free_w += basis.len();
            continue;
        }
        scaling += 1;
        let signs: Vec<char> = face.chars().collect();
        for b in basis {
            columns.push(
                inst.x
                    .iter()
                    .enumerate()
                    .map(|(i, x)| activation(&inst.alpha, signs[i]) * relucert_exact::matrix::dot(x, &b))
                    .collect(),
            );
        }
    }
    if inst.output_bias {
        columns.push(vec![Q::one(); inst.x.len()]);
    }
    let dim_u = columns.len();
    let rank = if dim_u == 0 {
        0
    } else {
        QMatrix::from_rows(columns, inst.x.len()).rank()
    };
    let dim_r = dim_u - rank;
    FamilyShape {
        dim_r,
        dim_params: dim_r + scaling + free_w,
        r_unique: dim_r == 0,
        units: faces
            .iter()
            .zip(&modes)
            .map(|(f, &m)| if alive(f, m) { "alive" } else { "dead" }.to_string())
            .collect(),
    }
}

/// The landscape section of a certificate (families part empty without `minima`).
pub fn landscape(cert: &Certificate) -> LandscapeRecord {
    LandscapeRecord {
        cells: cert
            .cells
            .iter()
            .map(|c| cell_shape(&cert.instance, &c.chambers))
            .collect(),
        minima: cert
            .minima
            .iter()
            .flatten()
            .map(|f| family_shape(&cert.instance, &f.faces, &f.modes))
            .collect(),
    }
}

/// Compute and store the landscape section.
pub fn attach_landscape(cert: &mut Certificate) {
    cert.landscape = Some(landscape(cert));
}
