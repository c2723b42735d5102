//! Rule `genuine-witness`: the witness `(z, w [, c])` is a differentiable local minimum of
//! the claimed cell combination with the claimed loss (Liu Lemma 1 + Thm 1;
//! `proofs/differentiable-minima.md`).

use super::Rejection;
use super::design::{is_zero_sample, mean_square, output, sign};
use relucert_exact::matrix::dot;
use relucert_exact::{Matrix, Q, Rat, format_q};
use relucert_format::{InstanceRecord, WitnessRecord};

/// What the per-cell rules share: the instance, the units' chamber signs, `AᵀA`, `Aᵀy`.
pub struct CellContext<'a> {
    pub inst: &'a InstanceRecord,
    pub units: &'a [Vec<i8>],
    pub gram: &'a Matrix<Rat>,
    pub aty: &'a [Rat],
    /// The instance's numbers as [`Rat`].
    pub small: &'a super::design::SmallInstance,
    pub loc: &'a str,
}

/// Shapes; `signs` agrees with `sign(z)`; `R_k = z_k w_k`; every `w_k` strictly inside its
/// chamber; the normal equations at `v = (R [, c])`; the network's loss at the point equals
/// the cell's loss.
pub fn check(ctx: &CellContext<'_>, w: &WitnessRecord, loss: &Q) -> Result<(), Rejection> {
    let bad = |detail: String| Err(Rejection::new("genuine-witness", ctx.loc.to_string(), detail));
    let inst = ctx.inst;
    let k = inst.hidden;
    let d = inst.x[0].len();
    if w.z.len() != k || w.w.len() != k || w.r.len() != k || w.signs.chars().count() != k {
        return bad(format!("expected z, w, R and signs for {k} units"));
    }
    if w.w.iter().chain(&w.r).any(|row| row.len() != d) {
        return bad(format!("expected rows of {d} coordinates in w and R"));
    }
    if w.c.is_some() != inst.output_bias {
        return bad("c must be present exactly when the instance has an output bias".into());
    }
    for (unit, ch) in w.signs.chars().enumerate() {
        let expected = match sign(&w.z[unit]) {
            1 => '+',
            -1 => '-',
            _ => '0',
        };
        if ch != expected {
            return bad(format!(
                "signs[{unit}] is '{ch}' but z[{unit}] = {}",
                format_q(&w.z[unit])
            ));
        }
    }
    for unit in 0..k {
        for t in 0..d {
            if w.r[unit][t] != &w.z[unit] * &w.w[unit][t] {
                return bad(format!("R[{unit}][{t}] ≠ z[{unit}]·w[{unit}][{t}]"));
            }
        }
        for (i, x) in inst.x.iter().enumerate() {
            if is_zero_sample(x) {
                continue;
            }
            if sign(&dot(&w.w[unit], x)) != ctx.units[unit][i] {
                return bad(format!(
                    "w[{unit}] is not strictly inside its chamber at sample {i}"
                ));
            }
        }
    }
    let mut v: Vec<Q> = w.r.iter().flatten().cloned().collect();
    if let Some(c) = &w.c {
        v.push(c.clone());
    }
    let v: Vec<Rat> = v.iter().map(Rat::from_q).collect();
    let lhs = ctx.gram.mul_vec(&v);
    if let Some(j) = (0..v.len()).find(|&j| lhs[j] != ctx.aty[j]) {
        return bad(format!("normal equation {j} fails: (AᵀA v)_{j} ≠ (Aᵀy)_{j}"));
    }
    let residual: Vec<Q> = inst
        .x
        .iter()
        .zip(&inst.y)
        .map(|(x, y)| output(inst, &w.z, &w.w, w.c.as_ref(), x) - y)
        .collect();
    let at_point = mean_square(&residual);
    if &at_point != loss {
        return bad(format!(
            "the loss at the witness is {}, the cell claims {}",
            format_q(&at_point),
            format_q(loss)
        ));
    }
    Ok(())
}
