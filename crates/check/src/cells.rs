//! Rules `cell-enumeration`, `cell-rank`, `cell-loss`, `cell-pseudo-inverse`, and dispatch of each cell to
//! `genuine-witness` or `refutation-motzkin`.

use rayon::prelude::*;

use super::Rejection;
use super::design::{
    SmallInstance, design_matrix, design_matrix_small, mean_square_small, parse_signs, unknowns,
};
use num_traits::Zero;

use relucert_exact::{Q, QMatrix, Rat, format_q};
use relucert_format::{CellRecord, Certificate, LeastSquaresRecord};

/// Where a cell is, for messages: `cells[j] [s1,s2]`.
pub fn location(j: usize, cell: &CellRecord) -> String {
    format!("cells[{j}] [{}]", cell.chambers.join(","))
}

/// The cells are exactly the multisets of `K` listed chambers, each once, in lexicographic
/// order of chamber indices, each with multiplicity `K!/Π m_c!`.
pub fn check_enumeration(cert: &Certificate) -> Result<(), Rejection> {
    let k = cert.instance.hidden;
    let names: Vec<&str> = cert
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.as_str())
        .collect();
    let mut expected: Vec<usize> = vec![0; k];
    let mut exhausted = names.is_empty();
    for (j, cell) in cert.cells.iter().enumerate() {
        let loc = location(j, cell);
        let bad = |detail: String| Err(Rejection::new("cell-enumeration", loc.clone(), detail));
        if exhausted {
            return bad("more cells than multisets of chambers (a duplicate or an extra cell)".into());
        }
        let want: Vec<&str> = expected.iter().map(|&i| names[i]).collect();
        let found: Vec<&str> = cell.chambers.iter().map(String::as_str).collect();
        if want != found {
            return bad(format!(
                "expected the multiset [{}] here (canonical order), found [{}]",
                want.join(","),
                found.join(",")
            ));
        }
        let Some(multiplicity) = multiplicity(&expected) else {
            return bad("the multiplicity K!/Π m_c! does not fit in 64 bits".into());
        };
        if cell.multiplicity != multiplicity {
            return bad(format!(
                "multiplicity should be {multiplicity}, found {}",
                cell.multiplicity
            ));
        }
        exhausted = !advance(&mut expected, names.len());
    }
    if !exhausted {
        let want: Vec<&str> = expected.iter().map(|&i| names[i]).collect();
        return Err(Rejection::new(
            "cell-enumeration",
            format!("cells[{}]", cert.cells.len()),
            format!("missing the multiset [{}] (and any after it)", want.join(",")),
        ));
    }
    Ok(())
}

/// Next non-decreasing index sequence below `n`; false when there is none.
pub(crate) fn advance(seq: &mut [usize], n: usize) -> bool {
    let Some(pos) = (0..seq.len()).rev().find(|&p| seq[p] + 1 < n) else {
        return false;
    };
    let v = seq[pos] + 1;
    for s in &mut seq[pos..] {
        *s = v;
    }
    true
}

/// `K!/Π m_c!` for a sorted index sequence, via binomial products `Π C(placed, run)`;
/// `None` when it does not fit in a `u64`.
pub(crate) fn multiplicity(seq: &[usize]) -> Option<u64> {
    let mut result: u128 = 1;
    let mut placed: u128 = 0;
    let mut run: u128 = 0;
    for (i, c) in seq.iter().enumerate() {
        run = if i > 0 && seq[i - 1] == *c { run + 1 } else { 1 };
        placed += 1;
        result = result.checked_mul(placed)? / run;
    }
    u64::try_from(result).ok()
}

/// What the per-cell rules verified.
#[derive(Default)]
pub struct Tally {
    pub genuine: u64,
    pub refutations: u64,
}

/// Rank, solution dimension, loss, and the genuineness claim of every cell (in parallel; the
/// first failure in cell order is reported).
pub fn check_cells(cert: &Certificate) -> Result<Tally, Rejection> {
    let small = SmallInstance::new(&cert.instance);
    let outcomes: Vec<Result<Tally, Rejection>> = cert
        .cells
        .par_iter()
        .with_max_len(8)
        .enumerate()
        .map(|(j, cell)| check_cell(cert, &small, j, cell))
        .collect();
    let mut tally = Tally::default();
    for outcome in outcomes {
        let t = outcome?;
        tally.genuine += t.genuine;
        tally.refutations += t.refutations;
    }
    Ok(tally)
}

pub(crate) fn check_cell(
    cert: &Certificate,
    small: &SmallInstance,
    j: usize,
    cell: &CellRecord,
) -> Result<Tally, Rejection> {
    let inst = &cert.instance;
    let loc = location(j, cell);
    // The enumeration rule already matched these names against the verified chamber list.
    let units: Vec<Vec<i8>> = cell
        .chambers
        .iter()
        .map(|s| parse_signs(s).unwrap_or_default())
        .collect();
    let a = design_matrix_small(inst, small, &units);
    let p = unknowns(inst);
    let rank = a.rank();
    if cell.rank != rank {
        return Err(Rejection::new(
            "cell-rank",
            loc,
            format!("rank(A) is {rank}, found {}", cell.rank),
        ));
    }
    if cell.solution_dim != p - rank {
        return Err(Rejection::new(
            "cell-rank",
            loc,
            format!(
                "solution_dim is {} − {rank} = {}, found {}",
                p,
                p - rank,
                cell.solution_dim
            ),
        ));
    }
    // Least squares: the normal equations AᵀA v = Aᵀy are always consistent, and every
    // solution leaves the same residual A v − y (Liu eq. (14)).
    let at = a.transpose();
    let gram = at.mul(&a);
    let aty = at.mul_vec(&small.y);
    let Some(v) = gram.solve(&aty) else {
        return Err(Rejection::new(
            "cell-loss",
            loc,
            "the normal equations have no solution",
        ));
    };
    let residual: Vec<Rat> = a.mul_vec(&v).iter().zip(&small.y).map(|(f, y)| f - y).collect();
    let loss = mean_square_small(&residual).to_q();
    if loss != cell.loss {
        return Err(Rejection::new(
            "cell-loss",
            loc,
            format!(
                "the least-squares loss is {}, found {}",
                format_q(&loss),
                format_q(&cell.loss)
            ),
        ));
    }
    if let Some(ls) = &cell.least_squares {
        check_least_squares(&design_matrix(inst, &units), &inst.y, cell.solution_dim, ls)
            .map_err(|detail| Rejection::new("cell-pseudo-inverse", loc.clone(), detail))?;
    }
    let ctx = super::witness::CellContext {
        inst,
        units: &units,
        gram: &gram,
        aty: &aty,
        small,
        loc: &loc,
    };
    if cell.genuine {
        if cell.refutation.is_some() {
            return Err(Rejection::new(
                "genuine-witness",
                loc,
                "a genuine cell must not carry a refutation",
            ));
        }
        let Some(w) = &cell.witness else {
            return Err(Rejection::new("genuine-witness", loc, "genuine, but no witness"));
        };
        super::witness::check(&ctx, w, &cell.loss)?;
        Ok(Tally {
            genuine: 1,
            refutations: 0,
        })
    } else {
        if cell.witness.is_some() {
            return Err(Rejection::new(
                "refutation-motzkin",
                loc,
                "a cell claimed not genuine must not carry a witness",
            ));
        }
        let Some(list) = &cell.refutation else {
            return Err(Rejection::new(
                "refutation-motzkin",
                loc,
                "not genuine, but no refutation",
            ));
        };
        let n = super::motzkin::check_all(&ctx, list)?;
        Ok(Tally {
            genuine: 0,
            refutations: n,
        })
    }
}

/// Rule `cell-pseudo-inverse` (only when the certificate reports the least-squares data): the
/// stated `A⁺` satisfies the four Penrose equations with the rebuilt `A` (so it *is* the
/// Moore–Penrose pseudo-inverse, which is unique), `R₀ = A⁺y`, and the null-space basis has
/// `solution_dim` independent vectors killed by `A`.
fn check_least_squares(
    a: &QMatrix,
    y: &[Q],
    solution_dim: usize,
    ls: &LeastSquaresRecord,
) -> std::result::Result<(), String> {
    let (n, p) = (a.rows(), a.cols());
    if ls.pseudo_inverse.len() != p || ls.pseudo_inverse.iter().any(|r| r.len() != n) {
        return Err(format!("pseudo_inverse must be {p} rows of {n} entries"));
    }
    let pinv = QMatrix::from_rows(ls.pseudo_inverse.clone(), n);
    let ap = a.mul(&pinv);
    let pa = pinv.mul(a);
    if ap.mul(a) != *a {
        return Err("Penrose equation A A⁺ A = A fails".into());
    }
    if pa.mul(&pinv) != pinv {
        return Err("Penrose equation A⁺ A A⁺ = A⁺ fails".into());
    }
    if ap.transpose() != ap {
        return Err("Penrose equation (A A⁺)ᵀ = A A⁺ fails".into());
    }
    if pa.transpose() != pa {
        return Err("Penrose equation (A⁺ A)ᵀ = A⁺ A fails".into());
    }
    if ls.r0 != pinv.mul_vec(y) {
        return Err("r0 is not A⁺y".into());
    }
    if ls.null_space.len() != solution_dim || ls.null_space.iter().any(|b| b.len() != p) {
        return Err(format!(
            "null_space must hold solution_dim = {solution_dim} vectors of length {p}"
        ));
    }
    if ls
        .null_space
        .iter()
        .any(|b| a.mul_vec(b).iter().any(|v| !v.is_zero()))
    {
        return Err("a null_space vector is not killed by A".into());
    }
    if !ls.null_space.is_empty() && QMatrix::from_rows(ls.null_space.clone(), p).rank() != solution_dim {
        return Err("the null_space vectors are not independent".into());
    }
    Ok(())
}
