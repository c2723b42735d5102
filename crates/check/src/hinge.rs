//! The checker for `relucert-hinge/1` certificates (`proofs/hinge-cells.md`; arguments in
//! `proofs/checker-rules.md`). Rules, in order: `hinge-format`, `hinge-instance` (then the
//! instance rules), `chamber-witness`, `chamber-count` (the `relucert/1` rules on the same
//! records), `hinge-cell-enumeration`, `hinge-minimum`, `hinge-inside-witness`,
//! `hinge-inside-refutation`, `hinge-shape`.

use num_traits::{One, Signed, Zero};

use super::Rejection;
use super::design::{design_matrix, is_zero_sample, output, parse_signs, sign};
use relucert_exact::matrix::dot;
use relucert_exact::{Q, QMatrix, format_q};
use relucert_format::hinge::{HINGE_FORMAT, HingeCellRecord, HingeCertificate};
use relucert_format::{Certificate, InstanceRecord, MotzkinRecord, Summary};

/// What an accepted hinge certificate was verified to contain.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct HingeReport {
    pub chambers: u64,
    pub cells: u64,
    /// Cells with a verified local minimum inside, and those among them verified flat.
    pub inside: u64,
    pub flat: u64,
    /// Minima verified flat on a boundary (type I) or sharp (type II).
    pub typed: u64,
    /// Motzkin certificates verified.
    pub refutations: u64,
    /// The face families, global minimum and verdict, when the certificate has them.
    pub families: Option<super::hinge_families::FamiliesReport>,
}

impl std::fmt::Display for HingeReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "accepted (hinge loss): {} chambers (count verified), {} cell minima verified by primal and dual, \
             {} local minima inside cells ({} verified flat, {} verified flat on a boundary or sharp), \
             {} Motzkin refutations verified",
            self.chambers, self.cells, self.inside, self.flat, self.typed, self.refutations
        )?;
        if let Some(fam) = &self.families {
            write!(
                f,
                "; face families: {} faces (count verified), {} families, {} with local minima ({} flat, {} sharp), \
                 {} with unequal pieces, {} refuted, {} piece LPs verified; global minimum {}; verdict: {}",
                fam.faces,
                fam.families,
                fam.minima,
                fam.flat,
                fam.sharp,
                fam.unequal,
                fam.empty,
                fam.lps,
                fam.global_minimum.as_ref().map_or("-".to_string(), format_q),
                if fam.spurious {
                    "spurious local minima"
                } else {
                    "no spurious local minimum with every z_k ≠ 0"
                }
            )?;
        }
        Ok(())
    }
}

/// `(1/N) Σ max(0, 1 − y_i f_i)`.
fn hinge(y: &[Q], f: &[Q]) -> Q {
    let s: Q = y
        .iter()
        .zip(f)
        .map(|(yi, fi)| {
            let m = Q::one() - yi * fi;
            if m.is_positive() { m } else { Q::zero() }
        })
        .sum();
    s / Q::from_integer((y.len() as i64).into())
}

/// Check a hinge certificate.
pub fn check_hinge(cert: &HingeCertificate) -> Result<HingeReport, Rejection> {
    if cert.format != HINGE_FORMAT {
        return Err(Rejection::new(
            "hinge-format",
            "format",
            format!("expected \"{HINGE_FORMAT}\", found \"{}\"", cert.format),
        ));
    }
    super::instance::check(&cert.instance)?;
    if let Some(i) = cert.instance.y.iter().position(|y| y.abs() != Q::one()) {
        return Err(Rejection::new(
            "hinge-instance",
            format!("instance.y[{i}]"),
            format!("expected -1 or 1, found {}", format_q(&cert.instance.y[i])),
        ));
    }
    // The arrangement rules read only the instance and the arrangement.
    let view = Certificate {
        format: relucert_format::FORMAT.to_string(),
        instance: cert.instance.clone(),
        arrangement: cert.arrangement.clone(),
        cells: Vec::new(),
        minima: None,
        family_refutations: None,
        saddles: None,
        reduction: None,
        levels: None,
        summary: Summary {
            chambers: 0,
            cells: 0,
            cells_ordered: 0,
            genuine: 0,
            best_genuine_loss: None,
            losses: Vec::new(),
            genuine_losses: Vec::new(),
            global_min: None,
            spurious: None,
            verdict: None,
        },
        landscape: None,
    };
    super::arrangement::check_witnesses(&view)?;
    let chambers = super::arrangement::check_count(&view)?;
    check_enumeration(cert)?;
    let mut report = HingeReport {
        chambers,
        cells: cert.cells.len() as u64,
        ..HingeReport::default()
    };
    for (j, cell) in cert.cells.iter().enumerate() {
        check_cell(&cert.instance, j, cell, &mut report)?;
    }
    if let Some(fam) = &cert.families {
        report.families = Some(super::hinge_families::check(cert, fam)?);
    }
    Ok(report)
}

/// The cells are the multisets of `K` chambers in canonical order, with `K!/Π m_c!`.
fn check_enumeration(cert: &HingeCertificate) -> Result<(), Rejection> {
    let k = cert.instance.hidden;
    let n = cert.arrangement.chambers.len();
    let names: Vec<&str> = cert
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.as_str())
        .collect();
    let mut expected = vec![0usize; k];
    let mut done = n == 0;
    for (j, cell) in cert.cells.iter().enumerate() {
        let loc = format!("cells[{j}]");
        if done {
            return Err(Rejection::new(
                "hinge-cell-enumeration",
                loc,
                "more cells than multisets",
            ));
        }
        let want: Vec<&str> = expected.iter().map(|&i| names[i]).collect();
        if cell.chambers.iter().map(String::as_str).collect::<Vec<_>>() != want {
            return Err(Rejection::new(
                "hinge-cell-enumeration",
                loc,
                format!("expected the multiset [{}]", want.join(",")),
            ));
        }
        let mut m: u128 = 1;
        let mut run: u128 = 0;
        for (pos, c) in expected.iter().enumerate() {
            run = if pos > 0 && expected[pos - 1] == *c {
                run + 1
            } else {
                1
            };
            m = m.saturating_mul(pos as u128 + 1) / run;
        }
        if u128::from(cell.multiplicity) != m {
            return Err(Rejection::new(
                "hinge-cell-enumeration",
                loc,
                format!("multiplicity should be {m}"),
            ));
        }
        match (0..k).rev().find(|&p| expected[p] + 1 < n) {
            Some(pos) => {
                let v = expected[pos] + 1;
                for e in &mut expected[pos..] {
                    *e = v;
                }
            }
            None => done = true,
        }
    }
    if !done {
        return Err(Rejection::new(
            "hinge-cell-enumeration",
            format!("cells[{}]", cert.cells.len()),
            "missing multisets",
        ));
    }
    Ok(())
}

fn check_cell(
    inst: &InstanceRecord,
    j: usize,
    cell: &HingeCellRecord,
    report: &mut HingeReport,
) -> Result<(), Rejection> {
    let loc = format!("cells[{j}] [{}]", cell.chambers.join(","));
    let units: Vec<Vec<i8>> = cell
        .chambers
        .iter()
        .map(|s| parse_signs(s).unwrap_or_default())
        .collect();
    let a = design_matrix(inst, &units);
    let (n, p) = (a.rows(), a.cols());
    let y = &inst.y;
    // hinge-minimum: weak duality (proofs/hinge-cells.md §1).
    let bad = |rule: &'static str, d: String| Err(Rejection::new(rule, loc.clone(), d));
    if cell.minimiser.len() != p || cell.dual.len() != n {
        return bad(
            "hinge-minimum",
            format!("expected a minimiser of {p} and a dual of {n} entries"),
        );
    }
    let cap = Q::one() / Q::from_integer((n as i64).into());
    if cell.dual.iter().any(|x| x.is_negative() || *x > cap) {
        return bad("hinge-minimum", "a dual multiplier is outside [0, 1/N]".into());
    }
    if (0..p).any(|c| {
        !(0..n)
            .map(|i| &cell.dual[i] * &y[i] * &a[(i, c)])
            .sum::<Q>()
            .is_zero()
    }) {
        return bad("hinge-minimum", "Σ π_i y_i A_i ≠ 0".into());
    }
    if cell.dual.iter().sum::<Q>() != cell.minimum {
        return bad("hinge-minimum", "Σ π_i ≠ minimum".into());
    }
    if hinge(y, &a.mul_vec(&cell.minimiser)) != cell.minimum {
        return bad(
            "hinge-minimum",
            "the loss at the minimiser is not the minimum".into(),
        );
    }
    match (cell.inside, &cell.witness, &cell.refutation) {
        (true, Some(w), None) => {
            let k = inst.hidden;
            let d = inst.x[0].len();
            if w.z.len() != k
                || w.w.len() != k
                || w.w.iter().any(|r| r.len() != d)
                || w.c.is_some() != inst.output_bias
            {
                return bad("hinge-inside-witness", "shapes of z, w, c".into());
            }
            for (u, wu) in w.w.iter().enumerate() {
                for (i, x) in inst.x.iter().enumerate() {
                    if !is_zero_sample(x) && sign(&dot(wu, x)) != units[u][i] {
                        return bad(
                            "hinge-inside-witness",
                            format!("w[{u}] not strictly inside its chamber at sample {i}"),
                        );
                    }
                }
            }
            let f: Vec<Q> = inst
                .x
                .iter()
                .map(|x| output(inst, &w.z, &w.w, w.c.as_ref(), x))
                .collect();
            if hinge(y, &f) != cell.minimum {
                return bad(
                    "hinge-inside-witness",
                    "the loss at the witness is not the cell minimum".into(),
                );
            }
            report.inside += 1;
            match w.shape.as_str() {
                "flat" => {
                    // No active kink on a row with A_i ≠ 0 (proofs/hinge-cells.md §3 (i)).
                    if let Some(i) =
                        (0..n).find(|&i| &y[i] * &f[i] == Q::one() && a.row(i).iter().any(|x| !x.is_zero()))
                    {
                        return bad(
                            "hinge-shape",
                            format!("claimed flat, but sample {i} is at its kink"),
                        );
                    }
                    report.flat += 1;
                }
                "flat-boundary" | "sharp" => {
                    check_type(inst, &a, y, &f, cell, w)
                        .map_err(|d| Rejection::new("hinge-shape", loc.clone(), d))?;
                    report.typed += 1;
                }
                "undecided" => {
                    if w.z.iter().all(|z| !z.is_zero()) {
                        return bad(
                            "hinge-shape",
                            "\"undecided\" with every z_k ≠ 0 (the shape is decidable there)".into(),
                        );
                    }
                }
                other => return bad("hinge-shape", format!("unknown shape \"{other}\"")),
            }
        }
        (false, None, Some(list)) => {
            let k = inst.hidden;
            let mut seen = std::collections::BTreeSet::new();
            for r in list {
                let s: Option<Vec<i8>> = parse_signs(&r.s).filter(|s| s.len() == k);
                let Some(s) = s else {
                    return bad("hinge-inside-refutation", format!("bad sign vector \"{}\"", r.s));
                };
                if !seen.insert(r.s.clone()) {
                    return bad(
                        "hinge-inside-refutation",
                        format!("sign vector {} refuted twice", r.s),
                    );
                }
                check_inside_refutation(inst, &units, &a, &cell.minimum, &s, &r.motzkin)
                    .map_err(|d| Rejection::new("hinge-inside-refutation", format!("{loc} s={}", r.s), d))?;
            }
            let needed = 3u64.checked_pow(k as u32).unwrap_or(u64::MAX);
            if seen.len() as u64 != needed {
                return bad(
                    "hinge-inside-refutation",
                    format!("{} sign vectors refuted, all {needed} needed", seen.len()),
                );
            }
            report.refutations += needed;
        }
        _ => {
            return bad(
                "hinge-inside-witness",
                "inside needs a witness, not inside needs refutations".into(),
            );
        }
    }
    Ok(())
}

/// The inside system of `proofs/hinge-cells.md` §2 over `u = (v, ξ)`, rebuilt here: strict
/// `s_k σ_ik x_i·R_k > 0` (units with `s_k ≠ 0`, non-zero samples); non-strict `ξ_i ≥ 0`,
/// `ξ_i + y_i A_i v ≥ 1`, `−Σ ξ ≥ −N m*`; equalities `R_k = 0` for `s_k = 0`. Motzkin: `λ, ν ≥ 0`,
/// combination zero, and `σ > 0` or (`σ ≥ 0` and some `λ > 0`).
fn check_inside_refutation(
    inst: &InstanceRecord,
    units: &[Vec<i8>],
    a: &QMatrix,
    minimum: &Q,
    s: &[i8],
    m: &MotzkinRecord,
) -> Result<(), String> {
    let m = &m.to_q();
    let (n, p) = (a.rows(), a.cols());
    let d = inst.x[0].len();
    let dim = p + n;
    let mut strict: Vec<Vec<Q>> = Vec::new();
    for (k, &sk) in s.iter().enumerate() {
        if sk == 0 {
            continue;
        }
        for (i, x) in inst.x.iter().enumerate() {
            if units[k][i] == 0 {
                continue;
            }
            let f = Q::from_integer(i64::from(sk * units[k][i]).into());
            let mut row = vec![Q::zero(); dim];
            for (t, xt) in x.iter().enumerate() {
                row[k * d + t] = &f * xt;
            }
            strict.push(row);
        }
    }
    let mut nonstrict: Vec<(Vec<Q>, Q)> = Vec::new();
    for i in 0..n {
        let mut row = vec![Q::zero(); dim];
        row[p + i] = Q::one();
        nonstrict.push((row, Q::zero()));
    }
    for i in 0..n {
        let mut row = vec![Q::zero(); dim];
        for c in 0..p {
            row[c] = &inst.y[i] * &a[(i, c)];
        }
        row[p + i] = Q::one();
        nonstrict.push((row, Q::one()));
    }
    let mut total = vec![Q::zero(); dim];
    for t in total.iter_mut().skip(p) {
        *t = -Q::one();
    }
    nonstrict.push((total, -(minimum * Q::from_integer((n as i64).into()))));
    let mut equalities: Vec<Vec<Q>> = Vec::new();
    for (k, &sk) in s.iter().enumerate() {
        if sk == 0 {
            for t in 0..d {
                let mut row = vec![Q::zero(); dim];
                row[k * d + t] = Q::one();
                equalities.push(row);
            }
        }
    }
    if m.strict.len() != strict.len()
        || m.nonstrict.len() != nonstrict.len()
        || m.equalities.len() != equalities.len()
    {
        return Err(format!(
            "expected {} strict, {} non-strict and {} equality multipliers",
            strict.len(),
            nonstrict.len(),
            equalities.len()
        ));
    }
    if m.strict.iter().chain(&m.nonstrict).any(|x| x.is_negative()) {
        return Err("a strict or non-strict multiplier is negative".into());
    }
    let mut comb = vec![Q::zero(); dim];
    let mut sigma = Q::zero();
    for (row, l) in strict.iter().zip(&m.strict) {
        for (acc, r) in comb.iter_mut().zip(row) {
            *acc += l * r;
        }
    }
    for ((row, rhs), l) in nonstrict.iter().zip(&m.nonstrict) {
        for (acc, r) in comb.iter_mut().zip(row) {
            *acc += l * r;
        }
        sigma += l * rhs;
    }
    for (row, mu) in equalities.iter().zip(&m.equalities) {
        for (acc, r) in comb.iter_mut().zip(row) {
            *acc += mu * r;
        }
    }
    if comb.iter().any(|x| !x.is_zero()) {
        return Err("the combination of the rows is not zero".into());
    }
    if sigma.is_positive() || (!sigma.is_negative() && m.strict.iter().any(|x| x.is_positive())) {
        Ok(())
    } else {
        Err("the multipliers prove nothing (σ < 0, or σ = 0 with λ = 0)".into())
    }
}

/// `hinge-shape` for `"flat-boundary"` and `"sharp"` (`proofs/hinge-cells.md` §3 (ii)–(iv)):
/// every `z_k ≠ 0`, a sample with `A_i ≠ 0` at its kink (not constant nearby), and a kink-free
/// minimiser of `L_C` (flat-boundary) or the proof that there is none (sharp).
fn check_type(
    inst: &InstanceRecord,
    a: &QMatrix,
    y: &[Q],
    f: &[Q],
    cell: &HingeCellRecord,
    w: &relucert_format::hinge::HingeWitnessRecord,
) -> Result<(), String> {
    let (n, p) = (a.rows(), a.cols());
    let nonzero = |i: usize| a.row(i).iter().any(|x| !x.is_zero());
    if w.z.iter().any(Zero::is_zero) {
        return Err(format!("\"{}\" needs every z_k ≠ 0", w.shape));
    }
    if !(0..n).any(|i| &y[i] * &f[i] == Q::one() && nonzero(i)) {
        return Err(format!(
            "\"{}\" but no sample is at its kink (the minimum is flat)",
            w.shape
        ));
    }
    let _ = inst;
    if w.shape == "flat-boundary" {
        let (Some(k), None) = (&w.kink_free, &w.sharp) else {
            return Err("\"flat-boundary\" needs kink_free and no sharp".into());
        };
        if k.u.len() != p {
            return Err(format!("kink_free.u: expected {p} entries, found {}", k.u.len()));
        }
        let fu: Vec<Q> = (0..n).map(|i| dot(&a.row(i).to_vec(), &k.u)).collect();
        if hinge(y, &fu) != cell.minimum {
            return Err("kink_free.u is not a minimiser of the cell's hinge loss".into());
        }
        if let Some(i) = (0..n).find(|&i| nonzero(i) && &y[i] * &fu[i] == Q::one()) {
            return Err(format!("kink_free.u has sample {i} at its kink"));
        }
        return Ok(());
    }
    let (None, Some(sharp)) = (&w.kink_free, &w.sharp) else {
        return Err("\"sharp\" needs sharp and no kink_free".into());
    };
    let cap = Q::one() / Q::from_integer((n as i64).into());
    let pi = &cell.dual;
    match (&sharp.fractional, &sharp.motzkin) {
        (Some(i), None) => {
            let i = *i;
            if i >= n || !nonzero(i) || !pi[i].is_positive() || pi[i] >= cap {
                return Err(format!(
                    "sharp.fractional: π_{i} is not strictly between 0 and 1/N on a row with A_i ≠ 0"
                ));
            }
            Ok(())
        }
        (None, Some(m)) => {
            let m = &m.to_q();
            let mut rows: Vec<(Vec<Q>, Q)> = Vec::new();
            for i in 0..n {
                if !nonzero(i) {
                    continue;
                }
                let row: Vec<Q> = (0..p).map(|j| &y[i] * &a[(i, j)]).collect();
                if pi[i].is_zero() {
                    rows.push((row, Q::one()));
                } else if pi[i] == cap {
                    rows.push((row.into_iter().map(|x| -x).collect(), -Q::one()));
                } else {
                    return Err(format!(
                        "sharp.motzkin: π_{i} is fractional; name it in sharp.fractional"
                    ));
                }
            }
            if m.strict.len() != rows.len() || !m.nonstrict.is_empty() || !m.equalities.is_empty() {
                return Err(format!(
                    "sharp.motzkin: expected {} strict multipliers and no others",
                    rows.len()
                ));
            }
            if m.strict.iter().any(Signed::is_negative) {
                return Err("sharp.motzkin: a multiplier is negative".into());
            }
            let mut comb = vec![Q::zero(); p];
            let mut sigma = Q::zero();
            for ((row, rhs), l) in rows.iter().zip(&m.strict) {
                for (acc, r) in comb.iter_mut().zip(row) {
                    *acc += l * r;
                }
                sigma += l * rhs;
            }
            if comb.iter().any(|x| !x.is_zero()) {
                return Err("sharp.motzkin: the combination of the rows is not zero".into());
            }
            if sigma.is_positive() || (!sigma.is_negative() && m.strict.iter().any(Signed::is_positive)) {
                Ok(())
            } else {
                Err("sharp.motzkin: the multipliers prove nothing".into())
            }
        }
        _ => Err("sharp: exactly one of fractional and motzkin".into()),
    }
}
