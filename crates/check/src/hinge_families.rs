//! The checker for the `families` section of `relucert-hinge/1` certificates: minima of the
//! hinge loss on every face combination (cell boundaries included, every `z_k ≠ 0`), the global
//! minimum and the verdict (`proofs/hinge-cells.md` §5–§7; arguments in
//! `proofs/checker-rules.md`). Rules, in order: `face-witness`, `face-count` (the `relucert/1`
//! rules on the face list), `hinge-family-enumeration`, `hinge-family-pieces`,
//! `hinge-family-witness`, `hinge-family-refutation`, `hinge-family-shape`, `hinge-global`,
//! `hinge-verdict`.

use num_traits::{One, Signed, Zero};

use super::Rejection;
use super::design::{is_zero_sample, output, parse_signs, sign};
use relucert_exact::Q;
use relucert_exact::matrix::dot;
use relucert_format::hinge::{
    FaceFamilyRecord, HingeCertificate, HingeFamiliesRecord, PieceRecord, PointRecord,
};
use relucert_format::{InstanceRecord, MotzkinRecord};

/// At most this many (unit, sample) pairs on hyperplanes per family (as the solver).
const MAX_FREE: usize = 12;

/// What the families section was verified to contain.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FamiliesReport {
    pub faces: u64,
    pub families: u64,
    /// Families with local minima, and those verified flat (type I) / sharp (type II).
    pub minima: u64,
    pub flat: u64,
    pub sharp: u64,
    /// Families without minima: unequal pieces, and Motzkin refutations.
    pub unequal: u64,
    pub empty: u64,
    /// Piece LPs verified by weak duality (families and global minimum).
    pub lps: u64,
    pub global_minimum: Option<Q>,
    pub spurious: bool,
}

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

/// The canonical multisets of size `k` over `0..n`, in order, lazily.
fn next_multiset(cur: &mut [usize], n: usize) -> bool {
    let k = cur.len();
    match (0..k).rev().find(|&p| cur[p] + 1 < n) {
        Some(pos) => {
            let v = cur[pos] + 1;
            for e in &mut cur[pos..] {
                *e = v;
            }
            true
        }
        None => false,
    }
}

/// The (unit, sample) pairs on hyperplanes (unit, then sample order).
fn free_pairs(inst: &InstanceRecord, faces: &[Vec<i8>]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (k, f) in faces.iter().enumerate() {
        for (i, x) in inst.x.iter().enumerate() {
            if f[i] == 0 && !is_zero_sample(x) {
                out.push((k, i));
            }
        }
    }
    out
}

/// `A` and `G` for effective signs `eff` (per unit, per sample: `+1` active, `−1` inactive, `0`
/// for a zero sample) and the signs `s` of `z` (`proofs/hinge-cells.md` §5–§6).
fn rows(inst: &InstanceRecord, eff: &[Vec<i8>], s: &[i8]) -> (Vec<Vec<Q>>, Vec<Vec<Q>>) {
    let (n, d, k) = (inst.x.len(), inst.x[0].len(), inst.hidden);
    let p = k * d + usize::from(inst.output_bias);
    let mut a = vec![vec![Q::zero(); p]; n];
    let mut g = Vec::new();
    for j in 0..k {
        for (i, x) in inst.x.iter().enumerate() {
            if is_zero_sample(x) {
                continue;
            }
            let gamma = if eff[j][i] > 0 {
                Q::one()
            } else {
                inst.alpha.clone()
            };
            let side = Q::from_integer(i64::from(s[j] * eff[j][i]).into());
            let mut row = vec![Q::zero(); p];
            for l in 0..d {
                a[i][j * d + l] = &gamma * &x[l];
                row[j * d + l] = &side * &x[l];
            }
            g.push(row);
        }
    }
    if inst.output_bias {
        for row in a.iter_mut() {
            row[p - 1] = Q::one();
        }
    }
    (a, g)
}

/// Weak duality for `min_{G v ≥ 0} (1/N) Σ max(0, 1 − y_i A_i v)`: `π ∈ [0, 1/N]`, `λ ≥ 0`,
/// `Σ π_i y_i A_i + Σ λ_r G_r = 0`, `G v* ≥ 0`, loss at `v*` = `Σ π` = the stated minimum.
fn check_lp(y: &[Q], a: &[Vec<Q>], g: &[Vec<Q>], minimum: &Q, v: &[Q], dual: &[Q]) -> Result<(), String> {
    let (n, r) = (a.len(), g.len());
    let p = a.first().map_or(0, Vec::len);
    if v.len() != p || dual.len() != n + r {
        return Err(format!(
            "expected a minimiser of {p} and {} dual entries (π then λ), found {} and {}",
            n + r,
            v.len(),
            dual.len()
        ));
    }
    let cap = Q::one() / Q::from_integer((n as i64).into());
    let (pi, lambda) = dual.split_at(n);
    if pi.iter().any(|x| x.is_negative() || *x > cap) {
        return Err("a multiplier π_i is outside [0, 1/N]".into());
    }
    if lambda.iter().any(Signed::is_negative) {
        return Err("a face multiplier λ_r is negative".into());
    }
    for c in 0..p {
        let s: Q = (0..n).map(|i| &pi[i] * &y[i] * &a[i][c]).sum::<Q>()
            + (0..r).map(|k| &lambda[k] * &g[k][c]).sum::<Q>();
        if !s.is_zero() {
            return Err(format!("Σ π_i y_i A_i + Σ λ_r G_r ≠ 0 at coordinate {c}"));
        }
    }
    if let Some(k) = g.iter().position(|row| dot(row, v).is_negative()) {
        return Err(format!("the minimiser violates face row {k}"));
    }
    if pi.iter().sum::<Q>() != *minimum {
        return Err("Σ π_i ≠ minimum".into());
    }
    let f: Vec<Q> = a.iter().map(|row| dot(row, v)).collect();
    if hinge(y, &f) != *minimum {
        return Err("the loss at the minimiser is not the minimum".into());
    }
    Ok(())
}

/// Motzkin's transposition theorem for `strict > 0`, `(row, rhs)` non-strict `≥ rhs`,
/// equalities `= 0` (`proofs/motzkin.md`).
fn check_motzkin(
    dim: usize,
    strict: &[(Vec<Q>, Q)],
    nonstrict: &[(Vec<Q>, Q)],
    equalities: &[Vec<Q>],
    m: &MotzkinRecord,
) -> Result<(), String> {
    let m = &m.to_q();
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
    if m.strict.iter().chain(&m.nonstrict).any(Signed::is_negative) {
        return Err("a strict or non-strict multiplier is negative".into());
    }
    let mut comb = vec![Q::zero(); dim];
    let mut sigma = Q::zero();
    for ((row, rhs), l) in strict
        .iter()
        .chain(nonstrict)
        .zip(m.strict.iter().chain(&m.nonstrict))
    {
        for (acc, x) in comb.iter_mut().zip(row) {
            *acc += l * x;
        }
        sigma += l * rhs;
    }
    for (row, mu) in equalities.iter().zip(&m.equalities) {
        for (acc, x) in comb.iter_mut().zip(row) {
            *acc += mu * x;
        }
    }
    if comb.iter().any(|x| !x.is_zero()) {
        return Err("the combination of the rows is not zero".into());
    }
    if sigma.is_positive() || (!sigma.is_negative() && m.strict.iter().any(Signed::is_positive)) {
        Ok(())
    } else {
        Err("the multipliers prove nothing (σ < 0, or σ = 0 with no strict row)".into())
    }
}

fn point_loss(inst: &InstanceRecord, w: &PointRecord) -> Result<Q, String> {
    let (k, d) = (inst.hidden, inst.x[0].len());
    if w.z.len() != k
        || w.w.len() != k
        || w.w.iter().any(|r| r.len() != d)
        || w.c.is_some() != inst.output_bias
    {
        return Err("shapes of z, w, c".into());
    }
    let f: Vec<Q> = inst
        .x
        .iter()
        .map(|x| output(inst, &w.z, &w.w, w.c.as_ref(), x))
        .collect();
    Ok(hinge(&inst.y, &f))
}

/// Check the families section (when present).
pub fn check(cert: &HingeCertificate, fam: &HingeFamiliesRecord) -> Result<FamiliesReport, Rejection> {
    let inst = &cert.instance;
    super::faces::check(inst, &fam.faces, fam.face_count)?;
    let faces: Vec<Vec<i8>> = fam
        .faces
        .iter()
        .map(|f| parse_signs(&f.signs).unwrap_or_default())
        .collect();
    let k = inst.hidden;
    let mut report = FamiliesReport {
        faces: fam.faces.len() as u64,
        families: fam.families.len() as u64,
        ..FamiliesReport::default()
    };
    // hinge-family-enumeration: multisets of K indices 2·face + [s = −].
    let n2 = 2 * faces.len();
    let mut cur = vec![0usize; k];
    let mut done = n2 == 0;
    let mut losses: Vec<Q> = Vec::new();
    for (j, f) in fam.families.iter().enumerate() {
        let loc = format!("families.families[{j}]");
        if done {
            return Err(Rejection::new(
                "hinge-family-enumeration",
                loc,
                "more families than multisets",
            ));
        }
        let want_faces: Vec<&str> = cur.iter().map(|&c| fam.faces[c / 2].signs.as_str()).collect();
        let want_s: String = cur.iter().map(|&c| if c % 2 == 0 { '+' } else { '-' }).collect();
        if f.faces.iter().map(String::as_str).collect::<Vec<_>>() != want_faces || f.s != want_s {
            return Err(Rejection::new(
                "hinge-family-enumeration",
                loc,
                format!("expected faces [{}] with signs {want_s}", want_faces.join(",")),
            ));
        }
        let fs: Vec<Vec<i8>> = cur.iter().map(|&c| faces[c / 2].clone()).collect();
        let s: Vec<i8> = cur.iter().map(|&c| if c % 2 == 0 { 1 } else { -1 }).collect();
        let loc = format!("{loc} [{}] s={}", f.faces.join(","), f.s);
        if let Some(loss) = check_family(inst, &fs, &s, f, &loc, &mut report)? {
            losses.push(loss);
        }
        done = !next_multiset(&mut cur, n2);
    }
    if !done {
        return Err(Rejection::new(
            "hinge-family-enumeration",
            format!("families.families[{}]", fam.families.len()),
            "missing face families",
        ));
    }
    // hinge-global: every closed set P_{C,s} in order, each LP by weak duality, the witness.
    let chambers: Vec<Vec<i8>> = cert
        .arrangement
        .chambers
        .iter()
        .map(|c| parse_signs(&c.signs).unwrap_or_default())
        .collect();
    let g = &fam.global;
    let mut cur = vec![0usize; k];
    let mut idx = 0usize;
    let mut least: Option<Q> = None;
    let mut more = !chambers.is_empty();
    while more {
        for mask in 0u64..(1u64 << k) {
            let loc = format!("families.global.pieces[{idx}]");
            let Some(rec) = g.pieces.get(idx) else {
                return Err(Rejection::new("hinge-global", loc, "missing closed sets"));
            };
            let s: Vec<i8> = (0..k).map(|j| if mask >> j & 1 == 1 { -1 } else { 1 }).collect();
            let want_c: Vec<&str> = cur
                .iter()
                .map(|&c| cert.arrangement.chambers[c].signs.as_str())
                .collect();
            let want_s: String = s.iter().map(|&x| if x > 0 { '+' } else { '-' }).collect();
            if rec.chambers.iter().map(String::as_str).collect::<Vec<_>>() != want_c || rec.s != want_s {
                return Err(Rejection::new(
                    "hinge-global",
                    loc,
                    format!("expected chambers [{}] with signs {want_s}", want_c.join(",")),
                ));
            }
            let eff: Vec<Vec<i8>> = cur.iter().map(|&c| chambers[c].clone()).collect();
            let (a, gr) = rows(inst, &eff, &s);
            check_lp(&inst.y, &a, &gr, &rec.minimum, &rec.minimiser, &rec.dual)
                .map_err(|e| Rejection::new("hinge-global", loc.clone(), e))?;
            report.lps += 1;
            if least.as_ref().is_none_or(|l| rec.minimum < *l) {
                least = Some(rec.minimum.clone());
            }
            idx += 1;
        }
        more = next_multiset(&mut cur, chambers.len());
    }
    if idx != g.pieces.len() {
        return Err(Rejection::new(
            "hinge-global",
            format!("families.global.pieces[{idx}]"),
            "more closed sets than multisets × sign vectors",
        ));
    }
    let least = least.unwrap_or_else(Q::zero);
    if g.minimum != least {
        return Err(Rejection::new(
            "hinge-global",
            "families.global.minimum",
            "not the least of the closed sets' minima",
        ));
    }
    let at = point_loss(inst, &g.witness)
        .map_err(|e| Rejection::new("hinge-global", "families.global.witness", e))?;
    if at != g.minimum {
        return Err(Rejection::new(
            "hinge-global",
            "families.global.witness",
            "the loss at the witness is not the global minimum",
        ));
    }
    // hinge-verdict: spurious iff a verified local minimum lies above the global minimum.
    let spurious =
        losses.iter().any(|l| *l > g.minimum) || cert.cells.iter().any(|c| c.inside && c.minimum > g.minimum);
    if spurious != fam.spurious {
        return Err(Rejection::new(
            "hinge-verdict",
            "families.spurious",
            format!("the verified minima give spurious = {spurious}"),
        ));
    }
    report.global_minimum = Some(g.minimum.clone());
    report.spurious = spurious;
    Ok(report)
}

/// One family; returns its loss when it has local minima.
fn check_family(
    inst: &InstanceRecord,
    faces: &[Vec<i8>],
    s: &[i8],
    f: &FaceFamilyRecord,
    loc: &str,
    report: &mut FamiliesReport,
) -> Result<Option<Q>, Rejection> {
    let bad = |rule: &'static str, d: String| Rejection::new(rule, loc.to_string(), d);
    let free = free_pairs(inst, faces);
    if free.len() > MAX_FREE {
        return Err(bad(
            "hinge-family-pieces",
            format!("{} pairs on hyperplanes exceed the limit {MAX_FREE}", free.len()),
        ));
    }
    let eff_of = |mask: u64| -> Vec<Vec<i8>> {
        let mut eff: Vec<Vec<i8>> = faces.to_vec();
        for (b, &(j, i)) in free.iter().enumerate() {
            eff[j][i] = if mask >> b & 1 == 1 { 1 } else { -1 };
        }
        eff
    };
    let total = 1u64 << free.len();
    let piece_rows = |r: &PieceRecord| -> Result<(Vec<Vec<Q>>, Vec<Vec<Q>>), Rejection> {
        if r.mask >= total {
            return Err(bad(
                "hinge-family-pieces",
                format!("mask {} ≥ 2^{}", r.mask, free.len()),
            ));
        }
        let (a, g) = rows(inst, &eff_of(r.mask), s);
        check_lp(&inst.y, &a, &g, &r.minimum, &r.minimiser, &r.dual)
            .map_err(|e| bad("hinge-family-pieces", format!("piece {}: {e}", r.mask)))?;
        Ok((a, g))
    };
    match f.answer.as_str() {
        "unequal" => {
            if f.pieces.len() != 2 || f.pieces[0].minimum == f.pieces[1].minimum {
                return Err(bad(
                    "hinge-family-pieces",
                    "\"unequal\" needs two pieces with different minima".into(),
                ));
            }
            for r in &f.pieces {
                piece_rows(r)?;
            }
            report.lps += 2;
            report.unequal += 1;
            Ok(None)
        }
        "minima" | "empty" => {
            let Some(loss) = &f.loss else {
                return Err(bad("hinge-family-pieces", "missing loss".into()));
            };
            if f.pieces.len() as u64 != total {
                return Err(bad(
                    "hinge-family-pieces",
                    format!("expected all {total} pieces, found {}", f.pieces.len()),
                ));
            }
            let mut all = Vec::new();
            for (t, r) in f.pieces.iter().enumerate() {
                if r.mask != t as u64 {
                    return Err(bad(
                        "hinge-family-pieces",
                        format!("pieces[{t}] has mask {}", r.mask),
                    ));
                }
                if r.minimum != *loss {
                    return Err(bad("hinge-family-pieces", format!("pieces[{t}]: minimum ≠ loss")));
                }
                all.push(piece_rows(r)?);
                report.lps += 1;
            }
            if f.answer == "empty" {
                let Some(m) = &f.refutation else {
                    return Err(bad(
                        "hinge-family-refutation",
                        "\"empty\" needs a refutation".into(),
                    ));
                };
                check_empty(inst, faces, s, &all[0].0, loss, m)
                    .map_err(|e| bad("hinge-family-refutation", e))?;
                report.empty += 1;
                return Ok(None);
            }
            let Some(w) = &f.witness else {
                return Err(bad("hinge-family-witness", "\"minima\" needs a witness".into()));
            };
            let at = point_loss(inst, w).map_err(|e| bad("hinge-family-witness", e))?;
            for (j, z) in w.z.iter().enumerate() {
                if sign(z) != s[j] {
                    return Err(bad(
                        "hinge-family-witness",
                        format!("z[{j}] does not have the sign {}", s[j]),
                    ));
                }
            }
            for (j, wj) in w.w.iter().enumerate() {
                for (i, x) in inst.x.iter().enumerate() {
                    if !is_zero_sample(x) && sign(&dot(wj, x)) != faces[j][i] {
                        return Err(bad(
                            "hinge-family-witness",
                            format!("w[{j}] is not in its face at sample {i}"),
                        ));
                    }
                }
            }
            if at != *loss {
                return Err(bad(
                    "hinge-family-witness",
                    "the loss at the witness is not the pieces' minimum".into(),
                ));
            }
            check_shape(&inst.y, f, &all).map_err(|e| bad("hinge-family-shape", e))?;
            report.minima += 1;
            if f.shape.as_deref() == Some("flat") {
                report.flat += 1;
            } else {
                report.sharp += 1;
            }
            Ok(Some(loss.clone()))
        }
        other => Err(bad("hinge-family-pieces", format!("unknown answer \"{other}\""))),
    }
}

/// The family system of `proofs/hinge-cells.md` §7 over `(v, ξ)`, refuted.
fn check_empty(
    inst: &InstanceRecord,
    faces: &[Vec<i8>],
    s: &[i8],
    a: &[Vec<Q>],
    loss: &Q,
    m: &MotzkinRecord,
) -> Result<(), String> {
    let (n, d) = (inst.x.len(), inst.x[0].len());
    let p = a.first().map_or(0, Vec::len);
    let dim = p + n;
    let mut strict = Vec::new();
    let mut equalities = Vec::new();
    for (j, f) in faces.iter().enumerate() {
        for (i, x) in inst.x.iter().enumerate() {
            if is_zero_sample(x) {
                continue;
            }
            let mut row = vec![Q::zero(); dim];
            let side = Q::from_integer(i64::from(s[j] * f[i]).into());
            for l in 0..d {
                row[j * d + l] = if f[i] == 0 { x[l].clone() } else { &side * &x[l] };
            }
            if f[i] == 0 {
                equalities.push(row);
            } else {
                strict.push((row, Q::zero()));
            }
        }
    }
    let mut nonstrict = Vec::new();
    for i in 0..n {
        let mut row = vec![Q::zero(); dim];
        row[p + i] = Q::one();
        nonstrict.push((row, Q::zero()));
    }
    for i in 0..n {
        let mut row = vec![Q::zero(); dim];
        for c in 0..p {
            row[c] = &inst.y[i] * &a[i][c];
        }
        row[p + i] = Q::one();
        nonstrict.push((row, Q::one()));
    }
    let mut total = vec![Q::zero(); dim];
    for t in total.iter_mut().skip(p) {
        *t = -Q::one();
    }
    nonstrict.push((total, -(loss * Q::from_integer((n as i64).into()))));
    check_motzkin(dim, &strict, &nonstrict, &equalities, m)
}

/// `hinge-family-shape`: type I by a kink-free minimiser strictly inside a piece's cone, type II
/// by one reason per piece (`proofs/hinge-cells.md` §7).
fn check_shape(y: &[Q], f: &FaceFamilyRecord, pieces: &[(Vec<Vec<Q>>, Vec<Vec<Q>>)]) -> Result<(), String> {
    let nonzero = |a: &[Vec<Q>], i: usize| a[i].iter().any(|x| !x.is_zero());
    match (f.shape.as_deref(), &f.flat, &f.sharp) {
        (Some("flat"), Some(fl), None) => {
            let Some((a, g)) = pieces.get(fl.piece) else {
                return Err(format!("flat.piece {} out of range", fl.piece));
            };
            if fl.u.len() != a[0].len() {
                return Err(format!("flat.u: expected {} entries", a[0].len()));
            }
            if let Some(r) = g.iter().position(|row| !dot(row, &fl.u).is_positive()) {
                return Err(format!(
                    "flat.u is not strictly inside the piece's cone (face row {r})"
                ));
            }
            let fu: Vec<Q> = a.iter().map(|row| dot(row, &fl.u)).collect();
            if let Some(i) = (0..a.len()).find(|&i| nonzero(a, i) && &y[i] * &fu[i] == Q::one()) {
                return Err(format!("flat.u has sample {i} at its kink"));
            }
            if Some(hinge(y, &fu)) != f.loss {
                return Err("flat.u is not a minimiser of the piece".into());
            }
            Ok(())
        }
        (Some("sharp"), None, Some(reasons)) => {
            if reasons.len() != pieces.len() {
                return Err(format!("sharp: expected one reason per piece ({})", pieces.len()));
            }
            for (t, (why, (a, g))) in reasons.iter().zip(pieces).enumerate() {
                let n = a.len();
                let dual = &f.pieces[t].dual;
                let (pi, lambda) = dual.split_at(n);
                let cap = Q::one() / Q::from_integer((n as i64).into());
                match (why.face, why.fractional, &why.motzkin) {
                    (Some(r), None, None) => {
                        if !lambda.get(r).is_some_and(Signed::is_positive) {
                            return Err(format!("sharp[{t}]: λ_{r} is not positive"));
                        }
                    }
                    (None, Some(i), None) => {
                        if i >= n || !nonzero(a, i) || !pi[i].is_positive() || pi[i] >= cap {
                            return Err(format!(
                                "sharp[{t}]: π_{i} is not strictly inside (0, 1/N) on a row with A_i ≠ 0"
                            ));
                        }
                    }
                    (None, None, Some(m)) => {
                        if lambda.iter().any(Signed::is_positive) {
                            return Err(format!("sharp[{t}]: some λ > 0; name it in face"));
                        }
                        let mut strict: Vec<(Vec<Q>, Q)> = g.iter().map(|r| (r.clone(), Q::zero())).collect();
                        for i in 0..n {
                            if !nonzero(a, i) {
                                continue;
                            }
                            let row: Vec<Q> = a[i].iter().map(|x| &y[i] * x).collect();
                            if pi[i].is_zero() {
                                strict.push((row, Q::one()));
                            } else if pi[i] == cap {
                                strict.push((row.into_iter().map(|x| -x).collect(), -Q::one()));
                            } else {
                                return Err(format!(
                                    "sharp[{t}]: π_{i} is fractional; name it in fractional"
                                ));
                            }
                        }
                        check_motzkin(a[0].len(), &strict, &[], &[], m)
                            .map_err(|e| format!("sharp[{t}]: {e}"))?;
                    }
                    _ => return Err(format!("sharp[{t}]: exactly one of face, fractional, motzkin")),
                }
            }
            Ok(())
        }
        _ => Err("shape \"flat\" with flat, or \"sharp\" with sharp".into()),
    }
}
