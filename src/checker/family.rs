//! Checker rules for families of local minima (SPEC §4, §6). Exact arithmetic and the
//! certificate types only: the arrangement counts, the family systems and the Motzkin sums are
//! all recomputed here from the instance, independently of the search code. Soundness of each
//! rule: `proofs/local-minima-theorem.md` (the theorem) and `proofs/family-pruning.md`.
//!
//! Rules: `face-witness`, `face-count`, `family-enumeration`, `family-witness`,
//! `family-regions`, `family-multipliers`, `family-loss`, `family-differentiable`,
//! `family-refutation`, `global-min`, `family-spurious`, `verdict`.

use std::collections::{BTreeMap, HashSet};

use num_traits::{One, Signed, Zero};

use crate::certificate::InstanceRecord;
use crate::certificate::family::{MinimaSection, MotzkinRecord, PointRecord, RegionRecord};
use crate::checker::Rejection;
use crate::exact::{Q, QMatrix, format_q};

/// The largest number of non-zero samples for the exact counting rules (2^N subsets).
pub const COUNT_LIMIT: usize = 14;

/// What the family rules verified.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FamilyReport {
    pub faces: u64,
    pub families: usize,
    pub refuted: usize,
    pub spurious: usize,
}

type Check<T> = Result<T, Rejection>;

fn reject<T>(rule: &'static str, location: impl Into<String>, detail: impl Into<String>) -> Check<T> {
    Err(Rejection::new(rule, location, detail))
}

fn dot(a: &[Q], b: &[Q]) -> Q {
    a.iter().zip(b).map(|(u, v)| u * v).sum()
}

fn sign_char(v: &Q) -> char {
    if v.is_positive() {
        '+'
    } else if v.is_negative() {
        '-'
    } else {
        '0'
    }
}

fn signs_of(x: &[Vec<Q>], w: &[Q]) -> String {
    x.iter().map(|xi| sign_char(&dot(xi, w))).collect()
}

fn is_zero_vec(v: &[Q]) -> bool {
    v.iter().all(|a| a.is_zero())
}

fn rank_of(x: &[Vec<Q>], idx: &[usize], d: usize) -> usize {
    if idx.is_empty() {
        return 0;
    }
    QMatrix::from_rows(idx.iter().map(|&i| x[i].clone()).collect(), d).rank()
}

/// Whitney: `#chambers = Σ_{S ⊆ idx} (−1)^{|S| − rank(x_S)}` (samples in `idx` non-zero).
/// `base` are samples whose span is quotiented out (restriction to their common zero set):
/// the rank is `rank(base ∪ S) − rank(base)`.
fn chamber_count(x: &[Vec<Q>], idx: &[usize], base: &[usize], d: usize) -> i64 {
    let r0 = rank_of(x, base, d);
    let mut total = 0i64;
    for mask in 0u64..(1u64 << idx.len()) {
        let mut set: Vec<usize> = base.to_vec();
        let mut size = 0i64;
        for (b, &i) in idx.iter().enumerate() {
            if mask >> b & 1 == 1 {
                set.push(i);
                size += 1;
            }
        }
        let r = (rank_of(x, &set, d) - r0) as i64;
        total += if (size - r) % 2 == 0 { 1 } else { -1 };
    }
    total
}

/// Zaslavsky: `#faces = Σ_{flats F} #chambers(arrangement restricted to F)`; flats are the
/// distinct closures `{i : x_i ∈ span(x_S)}` of subsets `S` of the non-zero samples.
fn face_count(x: &[Vec<Q>], d: usize) -> Option<u64> {
    let nonzero: Vec<usize> = (0..x.len()).filter(|&i| !is_zero_vec(&x[i])).collect();
    if nonzero.len() > COUNT_LIMIT {
        return None;
    }
    let mut flats: HashSet<Vec<usize>> = HashSet::new();
    for mask in 0u64..(1u64 << nonzero.len()) {
        let s: Vec<usize> = (0..nonzero.len())
            .filter(|b| mask >> b & 1 == 1)
            .map(|b| nonzero[b])
            .collect();
        let r = rank_of(x, &s, d);
        let closure: Vec<usize> = nonzero
            .iter()
            .copied()
            .filter(|&i| {
                let mut t = s.clone();
                t.push(i);
                rank_of(x, &t, d) == r
            })
            .collect();
        flats.insert(closure);
    }
    let mut total = 0i64;
    for flat in &flats {
        let rest: Vec<usize> = nonzero.iter().copied().filter(|i| !flat.contains(i)).collect();
        total += chamber_count(x, &rest, flat, d);
    }
    u64::try_from(total).ok()
}

fn mode_value(c: char) -> Option<Q> {
    match c {
        '+' => Some(Q::one()),
        '-' => Some(-Q::one()),
        '0' => Some(Q::zero()),
        _ => None,
    }
}

/// A unit's region, parsed: `(T, Z'∖T)` as index lists, with its witness.
struct Region<'a> {
    pos: Vec<usize>,
    neg: Vec<usize>,
    rec: &'a RegionRecord,
}

impl Region<'_> {
    fn in_t(&self, i: usize) -> bool {
        self.pos.contains(&i)
    }

    /// `Z'_k` ascending, with membership in `T`.
    fn zero_samples(&self) -> Vec<(usize, bool)> {
        let mut v: Vec<(usize, bool)> = self
            .pos
            .iter()
            .map(|&i| (i, true))
            .chain(self.neg.iter().map(|&i| (i, false)))
            .collect();
        v.sort();
        v
    }
}

struct Ctx<'a> {
    inst: &'a InstanceRecord,
    d: usize,
    n: usize,
}

impl Ctx<'_> {
    /// `Z'_k` of a face: non-zero samples with sign `0`.
    fn vanishing(&self, face: &str) -> Vec<usize> {
        face.chars()
            .enumerate()
            .filter(|(i, c)| *c == '0' && !is_zero_vec(&self.inst.x[*i]))
            .map(|(i, _)| i)
            .collect()
    }

    /// Parse and verify a unit's regions: strings consistent with `Z'_k`, strict witnesses,
    /// distinct; when `complete`, also as many as the Whitney count of `Z'_k`.
    fn regions<'b>(
        &self,
        loc: &str,
        face: &str,
        recs: &'b [RegionRecord],
        complete: bool,
    ) -> Check<Vec<Region<'b>>> {
        let zero = self.vanishing(face);
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for (t, rec) in recs.iter().enumerate() {
            let here = format!("{loc}.regions[{t}]");
            if rec.region.chars().count() != self.n || rec.witness.len() != self.d {
                return reject(
                    "family-regions",
                    here,
                    "region string or witness has the wrong length",
                );
            }
            let mut pos = Vec::new();
            let mut neg = Vec::new();
            for (i, c) in rec.region.chars().enumerate() {
                let v = dot(&rec.witness, &self.inst.x[i]);
                match c {
                    '+' if zero.contains(&i) && v.is_positive() => pos.push(i),
                    '-' if zero.contains(&i) && v.is_negative() => neg.push(i),
                    '.' if !zero.contains(&i) => {}
                    _ => {
                        return reject(
                            "family-regions",
                            here,
                            format!(
                                "sample {i}: region sign {c:?} does not match the face's zero set or the witness"
                            ),
                        );
                    }
                }
            }
            if !seen.insert(rec.region.clone()) {
                return reject("family-regions", here, "region listed twice");
            }
            out.push(Region { pos, neg, rec });
        }
        if complete {
            let expected = chamber_count(&self.inst.x, &zero, &[], self.d);
            if expected != out.len() as i64 {
                return reject(
                    "family-regions",
                    loc.to_string(),
                    format!(
                        "{} regions listed, the small arrangement has {expected}",
                        out.len()
                    ),
                );
            }
        }
        Ok(out)
    }

    fn residuals(&self, p: &PointRecord) -> Vec<Q> {
        let a = &self.inst.alpha;
        (0..self.n)
            .map(|i| {
                let mut f = if self.inst.output_bias {
                    p.c.clone().unwrap_or_else(Q::zero)
                } else {
                    Q::zero()
                };
                for (zk, wk) in p.z.iter().zip(&p.w) {
                    let t = dot(wk, &self.inst.x[i]);
                    f += zk * if t.is_positive() { t } else { a * t };
                }
                f - &self.inst.y[i]
            })
            .collect()
    }

    fn b(&self, face: &[char], i: usize, in_t: bool) -> Q {
        if face[i] == '+' || (face[i] == '0' && in_t) {
            Q::one()
        } else {
            self.inst.alpha.clone()
        }
    }
}

/// Check the families section against the instance. `arrangement_faces`, when given, must be
/// the same face list as the section's (the certificate's `arrangement.faces`).
pub fn check_families(inst: &InstanceRecord, minima: &MinimaSection) -> Result<FamilyReport, Rejection> {
    let n = inst.x.len();
    let d = inst.x.first().map_or(0, |r| r.len());
    let k_units = inst.hidden;
    let ctx = Ctx { inst, d, n };

    // face-witness, face-count.
    let mut face_index: BTreeMap<String, usize> = BTreeMap::new();
    for (f, face) in minima.faces.iter().enumerate() {
        let loc = format!("minima.faces[{f}]");
        if face.witness.len() != d || signs_of(&inst.x, &face.witness) != face.signs {
            return reject(
                "face-witness",
                loc,
                format!("the witness does not have the signs {}", face.signs),
            );
        }
        if face_index.insert(face.signs.clone(), f).is_some() {
            return reject("face-witness", loc, "face listed twice");
        }
    }
    match face_count(&inst.x, d) {
        None => {
            return reject(
                "face-count",
                "minima.faces",
                format!("more than {COUNT_LIMIT} non-zero samples"),
            );
        }
        Some(c) if c != minima.faces.len() as u64 || c != minima.face_count => {
            return reject(
                "face-count",
                "minima.face_count",
                format!(
                    "Zaslavsky gives {c} faces; {} listed, {} stated",
                    minima.faces.len(),
                    minima.face_count
                ),
            );
        }
        Some(_) => {}
    }

    // family-enumeration: each record names a multiset of items 3·face + mode, once.
    let item_of = |loc: &str, faces: &[String], modes: &str| -> Check<Vec<usize>> {
        let mc: Vec<char> = modes.chars().collect();
        if faces.len() != k_units || mc.len() != k_units {
            return reject(
                "family-enumeration",
                loc.to_string(),
                format!("expected {k_units} faces and modes"),
            );
        }
        let mut items = Vec::new();
        for (f, m) in faces.iter().zip(&mc) {
            let Some(&fi) = face_index.get(f) else {
                return reject(
                    "family-enumeration",
                    loc.to_string(),
                    format!("face {f} is not in the face list"),
                );
            };
            let Some(mi) = "+-0".find(*m) else {
                return reject(
                    "family-enumeration",
                    loc.to_string(),
                    format!("mode {m:?} is not +, - or 0"),
                );
            };
            items.push(3 * fi + mi);
        }
        if items.windows(2).any(|w| w[0] > w[1]) {
            return reject(
                "family-enumeration",
                loc.to_string(),
                "units not in canonical order",
            );
        }
        Ok(items)
    };
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    let total = {
        let items = 3 * minima.faces.len() as u128;
        let mut c: u128 = 1;
        for j in 0..k_units as u128 {
            c = c * (items + j) / (j + 1);
        }
        c
    };

    // Families with witnesses.
    let mut losses = Vec::new();
    for (r, fam) in minima.families.iter().enumerate() {
        let loc = format!("minima.families[{r}]");
        let items = item_of(&loc, &fam.faces, &fam.modes)?;
        if !seen.insert(items) {
            return reject("family-enumeration", loc, "face/mode combination listed twice");
        }
        let p = &fam.witness;
        if p.z.len() != k_units
            || p.w.len() != k_units
            || p.w.iter().any(|w| w.len() != d)
            || p.c.is_some() != inst.output_bias
        {
            return reject("family-witness", loc, "witness point has the wrong shape");
        }
        let modes: Vec<char> = fam.modes.chars().collect();
        for k in 0..k_units {
            if signs_of(&inst.x, &p.w[k]) != fam.faces[k] {
                return reject(
                    "family-witness",
                    format!("{loc}.witness.w[{k}]"),
                    format!("not in face {}", fam.faces[k]),
                );
            }
            if sign_char(&p.z[k]) != modes[k] {
                return reject(
                    "family-witness",
                    format!("{loc}.witness.z[{k}]"),
                    format!("sign differs from mode {}", modes[k]),
                );
            }
        }
        let e = ctx.residuals(p);
        if inst.output_bias && !e.iter().sum::<Q>().is_zero() {
            return reject("family-multipliers", loc, "output bias: Σ e_i ≠ 0");
        }
        if fam.regions.len() != k_units {
            return reject(
                "family-regions",
                loc,
                format!("expected regions for {k_units} units"),
            );
        }
        for k in 0..k_units {
            let uloc = format!("{loc}.unit[{k}]");
            let regions = ctx.regions(&uloc, &fam.faces[k], &fam.regions[k], true)?;
            let face: Vec<char> = fam.faces[k].chars().collect();
            let m = mode_value(modes[k]).unwrap_or_else(Q::zero);
            for (t, reg) in regions.iter().enumerate() {
                let rloc = format!("{uloc}.regions[{t}]");
                let mut g = vec![Q::zero(); d];
                for i in 0..n {
                    let coef = ctx.b(&face, i, reg.in_t(i)) * &e[i];
                    for j in 0..d {
                        g[j] += &coef * &inst.x[i][j];
                    }
                }
                let zs = reg.zero_samples();
                if m.is_zero() {
                    if !reg.rec.multipliers.is_empty() || !is_zero_vec(&g) {
                        return reject(
                            "family-multipliers",
                            rloc,
                            "mode 0 needs G_k(T) = 0 and no multipliers",
                        );
                    }
                    continue;
                }
                if reg.rec.multipliers.len() != zs.len() {
                    return reject(
                        "family-multipliers",
                        rloc,
                        format!("expected {} multipliers", zs.len()),
                    );
                }
                let mut rhs = vec![Q::zero(); d];
                for ((i, in_t), nu) in zs.iter().zip(&reg.rec.multipliers) {
                    if nu.is_negative() {
                        return reject(
                            "family-multipliers",
                            rloc,
                            format!("multiplier of sample {i} is negative"),
                        );
                    }
                    let s = if *in_t { nu.clone() } else { -nu };
                    for j in 0..d {
                        rhs[j] += &s * &inst.x[*i][j];
                    }
                }
                let mg: Vec<Q> = g.iter().map(|v| &m * v).collect();
                if mg != rhs {
                    return reject("family-multipliers", rloc, "m·G_k(T) ≠ Σ λ_i x_i − Σ μ_i x_i");
                }
            }
        }
        let loss: Q = e.iter().map(|v| v * v).sum::<Q>() / Q::from_integer((n as i64).into());
        if loss != fam.loss {
            return reject(
                "family-loss",
                loc,
                format!("loss is {}, stated {}", format_q(&loss), format_q(&fam.loss)),
            );
        }
        let differentiable = (0..k_units).all(|k| modes[k] == '0' || ctx.vanishing(&fam.faces[k]).is_empty());
        if differentiable != fam.differentiable {
            return reject(
                "family-differentiable",
                loc,
                format!("differentiable is {differentiable}"),
            );
        }
        losses.push(loss);
    }

    // Refuted combinations.
    for (r, rf) in minima.refuted.iter().enumerate() {
        let loc = format!("minima.refuted[{r}]");
        let items = item_of(&loc, &rf.faces, &rf.modes)?;
        if !seen.insert(items) {
            return reject("family-enumeration", loc, "face/mode combination listed twice");
        }
        if rf.regions.len() != k_units {
            return reject(
                "family-regions",
                loc,
                format!("expected regions for {k_units} units"),
            );
        }
        let mut regions = Vec::new();
        for k in 0..k_units {
            regions.push(ctx.regions(&format!("{loc}.unit[{k}]"), &rf.faces[k], &rf.regions[k], false)?);
        }
        let modes: Vec<char> = rf.modes.chars().collect();
        check_refutation(&ctx, &loc, &rf.faces, &modes, &regions, &rf.refutation)?;
    }
    if seen.len() as u128 != total {
        return reject(
            "family-enumeration",
            "minima",
            format!("{} combinations accounted for, {total} exist", seen.len()),
        );
    }

    // global-min, family-spurious, verdict.
    let Some(min) = losses.iter().min().cloned() else {
        return reject("global-min", "minima.families", "no non-empty family");
    };
    if min != minima.global_min {
        return reject(
            "global-min",
            "minima.global_min",
            format!("least family loss is {}", format_q(&min)),
        );
    }
    let mut spurious = 0;
    for (r, fam) in minima.families.iter().enumerate() {
        if fam.spurious != (fam.loss > min) {
            return reject(
                "family-spurious",
                format!("minima.families[{r}]"),
                "spurious flag is wrong",
            );
        }
        spurious += usize::from(fam.spurious);
    }
    if spurious != minima.spurious {
        return reject(
            "family-spurious",
            "minima.spurious",
            format!("{spurious} spurious families"),
        );
    }
    let verdict = if spurious == 0 {
        "no-spurious-minima"
    } else {
        "spurious-minima"
    };
    if minima.verdict != verdict {
        return reject("verdict", "minima.verdict", format!("expected {verdict}"));
    }
    Ok(FamilyReport {
        faces: minima.face_count,
        families: minima.families.len(),
        refuted: minima.refuted.len(),
        spurious,
    })
}

/// Rebuild the family system (row order of `certificate::family`) and verify the Motzkin sums:
/// `Σλ a + Σν g + Σμ c = 0`, `λ, ν ≥ 0`, and `s = Σλ b + Σν h + Σμ d > 0`, or `s ≥ 0` with
/// some `λ > 0`.
fn check_refutation(
    ctx: &Ctx<'_>,
    loc: &str,
    faces: &[String],
    modes: &[char],
    regions: &[Vec<Region<'_>>],
    m: &MotzkinRecord,
) -> Check<()> {
    let (d, n, inst) = (ctx.d, ctx.n, ctx.inst);
    let k_units = faces.len();
    let fch: Vec<Vec<char>> = faces.iter().map(|f| f.chars().collect()).collect();
    let mv: Vec<Q> = modes
        .iter()
        .map(|&c| mode_value(c).unwrap_or_else(Q::zero))
        .collect();
    let mut dim = k_units * d;
    let c_var = if inst.output_bias {
        dim += 1;
        Some(dim - 1)
    } else {
        None
    };
    let mut blocks: Vec<Vec<Option<usize>>> = Vec::new();
    for k in 0..k_units {
        let mut b = Vec::new();
        for r in &regions[k] {
            if mv[k].is_zero() {
                b.push(None);
            } else {
                b.push(Some(dim));
                dim += r.pos.len() + r.neg.len();
            }
        }
        blocks.push(b);
    }
    let first_mult = k_units * d + usize::from(c_var.is_some());
    let unit_row = |k: usize, x: &[Q], s: &Q| {
        let mut v = vec![Q::zero(); dim];
        for j in 0..d {
            v[k * d + j] = s * &x[j];
        }
        v
    };
    let mut strict: Vec<(Vec<Q>, Q)> = Vec::new();
    for k in 0..k_units {
        if mv[k].is_zero() {
            continue;
        }
        for i in 0..n {
            let s = match fch[k][i] {
                '+' => Q::one(),
                '-' => -Q::one(),
                _ => continue,
            };
            if !is_zero_vec(&inst.x[i]) {
                strict.push((unit_row(k, &inst.x[i], &(s * &mv[k])), Q::zero()));
            }
        }
    }
    let nonstrict: Vec<(Vec<Q>, Q)> = (first_mult..dim)
        .map(|v| {
            let mut r = vec![Q::zero(); dim];
            r[v] = Q::one();
            (r, Q::zero())
        })
        .collect();
    let mut eq: Vec<(Vec<Q>, Q)> = Vec::new();
    for k in 0..k_units {
        if mv[k].is_zero() {
            continue;
        }
        for i in 0..n {
            if fch[k][i] == '0' && !is_zero_vec(&inst.x[i]) {
                eq.push((unit_row(k, &inst.x[i], &Q::one()), Q::zero()));
            }
        }
    }
    for k in 0..k_units {
        if !mv[k].is_zero() {
            continue;
        }
        for j in 0..d {
            let mut r = vec![Q::zero(); dim];
            r[k * d + j] = Q::one();
            eq.push((r, Q::zero()));
        }
    }
    // e_i as (coefficients, constant).
    let forms: Vec<(Vec<Q>, Q)> = (0..n)
        .map(|i| {
            let mut v = vec![Q::zero(); dim];
            for k in 0..k_units {
                let a = if fch[k][i] == '+' {
                    Q::one()
                } else {
                    inst.alpha.clone()
                };
                for j in 0..d {
                    v[k * d + j] = &a * &inst.x[i][j];
                }
            }
            if let Some(c) = c_var {
                v[c] = Q::one();
            }
            (v, -inst.y[i].clone())
        })
        .collect();
    if c_var.is_some() {
        let mut v = vec![Q::zero(); dim];
        let mut k0 = Q::zero();
        for (f, c0) in &forms {
            for (a, b) in v.iter_mut().zip(f) {
                *a += b;
            }
            k0 += c0;
        }
        eq.push((v, -k0));
    }
    for k in 0..k_units {
        let scale = if mv[k].is_zero() { Q::one() } else { mv[k].clone() };
        for (t, reg) in regions[k].iter().enumerate() {
            for j in 0..d {
                let mut v = vec![Q::zero(); dim];
                let mut k0 = Q::zero();
                for i in 0..n {
                    let factor = &scale * ctx.b(&fch[k], i, reg.in_t(i)) * &inst.x[i][j];
                    if factor.is_zero() {
                        continue;
                    }
                    for (a, b) in v.iter_mut().zip(&forms[i].0) {
                        *a += &factor * b;
                    }
                    k0 += &factor * &forms[i].1;
                }
                if let Some(start) = blocks[k][t] {
                    for (off, (i, in_t)) in reg.zero_samples().into_iter().enumerate() {
                        let s = if in_t { -Q::one() } else { Q::one() };
                        v[start + off] += s * &inst.x[i][j];
                    }
                }
                eq.push((v, -k0));
            }
        }
    }
    if m.strict.len() != strict.len()
        || m.nonstrict.len() != nonstrict.len()
        || m.equalities.len() != eq.len()
    {
        return reject(
            "family-refutation",
            loc.to_string(),
            format!(
                "expected {} strict, {} non-strict and {} equality multipliers",
                strict.len(),
                nonstrict.len(),
                eq.len()
            ),
        );
    }
    if m.strict.iter().chain(&m.nonstrict).any(|v| v.is_negative()) {
        return reject(
            "family-refutation",
            loc.to_string(),
            "a strict or non-strict multiplier is negative",
        );
    }
    let mut combo = vec![Q::zero(); dim];
    let mut s = Q::zero();
    for (mult, rows) in [
        (&m.strict, &strict),
        (&m.nonstrict, &nonstrict),
        (&m.equalities, &eq),
    ] {
        for (l, (row, rhs)) in mult.iter().zip(rows.iter()) {
            if l.is_zero() {
                continue;
            }
            for (a, b) in combo.iter_mut().zip(row) {
                *a += l * b;
            }
            s += l * rhs;
        }
    }
    if !is_zero_vec(&combo) {
        return reject(
            "family-refutation",
            loc.to_string(),
            "the multipliers do not combine the rows to 0",
        );
    }
    let some_strict = m.strict.iter().any(|v| v.is_positive());
    if !(s.is_positive() || (!s.is_negative() && some_strict)) {
        return reject(
            "family-refutation",
            loc.to_string(),
            "the combined right-hand side does not give a contradiction",
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::rational::qi;

    #[test]
    fn counts_liu_figure_two() {
        let x = vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]];
        assert_eq!(chamber_count(&x, &[0, 1], &[], 2), 4);
        assert_eq!(face_count(&x, 2), Some(9));
        let line = vec![vec![qi(-2)], vec![qi(2)]];
        assert_eq!(face_count(&line, 1), Some(3));
    }
}
