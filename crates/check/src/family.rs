//! Checker rules for the families of local minima (SPEC §4, §6): `minima`,
//! `family_refutations`, the faces of `arrangement.faces` and the summary's `global_min`,
//! `spurious`, `verdict`. Exact arithmetic and the certificate types only: the face count, the
//! local regions, the `G_k(T)` equations and the family systems are all recomputed here from the
//! instance, independently of the search code. Soundness of each rule:
//! `proofs/checker-rules.md`, resting on `proofs/local-minima-theorem.md`.
//!
//! Rules, in the order they run: `family-sections`, `face-witness`, `face-count`,
//! `family-enumeration`, `family-regions`, `family-witness`, `family-multipliers`,
//! `family-loss`, `family-differentiable`, `family-refutation`, `global-min`, `family-cells`,
//! `family-spurious`, `verdict`.

// Index loops mirror the sums over samples `i`, units `k` and coordinates `j` of the formulas.
#![allow(clippy::needless_range_loop)]

use std::collections::{BTreeMap, HashSet};

use num_traits::{One, Signed, Zero};

use super::faces::{self, chamber_count, is_zero_vec, sign_char, signs_of};
use super::reduction;
use crate::Rejection;
use relucert_exact::{Q, Rat, format_q};
use relucert_format::family::{FamilyRecord, FamilyRefutationRecord, PointRecord, RegionRecord};
use relucert_format::{Certificate, InstanceRecord, MotzkinRecord};

/// What the family rules verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FamilyReport {
    /// Faces (witnessed and counted).
    pub faces: u64,
    /// Non-empty families (each with a verified witness and multipliers).
    pub families: usize,
    /// Empty combinations (each with a verified Motzkin refutation).
    pub refuted: usize,
    /// Spurious families.
    pub spurious: usize,
    /// The verified global minimum.
    pub global_min: Q,
    /// The verified verdict.
    pub verdict: &'static str,
    /// The verified distinct loss values of local minima.
    pub levels: Vec<relucert_format::reduction::LevelRecord>,
    /// The search was reduced to cores (rule `reduction-record` passed).
    pub reduced: bool,
}

type Check<T> = Result<T, Rejection>;

fn reject<T>(rule: &'static str, location: impl Into<String>, detail: impl Into<String>) -> Check<T> {
    Err(Rejection::new(rule, location, detail))
}

fn mode_value(c: char) -> Q {
    match c {
        '+' => Q::one(),
        '-' => -Q::one(),
        _ => Q::zero(),
    }
}

/// A unit's region, parsed: `T` and `Z'_k∖T` as ascending index lists.
pub(crate) struct Region<'a> {
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

pub(crate) struct Ctx<'a> {
    pub(crate) inst: &'a InstanceRecord,
    pub(crate) d: usize,
    pub(crate) n: usize,
}

impl Ctx<'_> {
    /// `Z'_k` of a face: the non-zero samples with sign `0`.
    pub(crate) fn vanishing(&self, face: &str) -> Vec<usize> {
        face.chars()
            .enumerate()
            .filter(|(i, c)| *c == '0' && *i < self.n && !is_zero_vec(&self.inst.x[*i]))
            .map(|(i, _)| i)
            .collect()
    }

    /// Parse and verify a unit's regions: strings consistent with `Z'_k`, strict directions,
    /// distinct; when `complete`, as many as Whitney's count for the small arrangement of `Z'_k`.
    pub(crate) fn regions<'b>(
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
            if rec.region.chars().count() != self.n || rec.direction.len() != self.d {
                return reject(
                    "family-regions",
                    here,
                    "region string or direction has the wrong length",
                );
            }
            let mut pos = Vec::new();
            let mut neg = Vec::new();
            for (i, c) in rec.region.chars().enumerate() {
                let v = faces::dot(&rec.direction, &self.inst.x[i]);
                match c {
                    '+' if zero.contains(&i) && v.is_positive() => pos.push(i),
                    '-' if zero.contains(&i) && v.is_negative() => neg.push(i),
                    '.' if !zero.contains(&i) => {}
                    _ => {
                        return reject(
                            "family-regions",
                            here,
                            format!(
                                "sample {i}: region sign {c:?} does not match the face's zero set or the direction"
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
            if expected < 0 {
                return reject(
                    "family-regions",
                    loc.to_string(),
                    "the small arrangement is above the checker's counting limits",
                );
            }
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

    /// `e_i = f(x_i) − y_i` at the point, evaluated directly with `σ`.
    fn residuals(&self, p: &PointRecord) -> Vec<Q> {
        let a = &self.inst.alpha;
        (0..self.n)
            .map(|i| {
                let mut f = p.c.clone().unwrap_or_else(Q::zero);
                for (zk, wk) in p.z.iter().zip(&p.w) {
                    let t = faces::dot(wk, &self.inst.x[i]);
                    f += zk * if t.is_positive() { t } else { a * t };
                }
                f - &self.inst.y[i]
            })
            .collect()
    }

    /// `b_ik(T)`: 1 where the face is `+` or (`0` and `i ∈ T`), else `α`.
    fn b(&self, face: &[char], i: usize, in_t: bool) -> Q {
        if face[i] == '+' || (face[i] == '0' && in_t) {
            Q::one()
        } else {
            self.inst.alpha.clone()
        }
    }
}

/// The families' parts of a certificate, all present or all absent.
fn sections(cert: &Certificate) -> Check<Option<(&[FamilyRecord], &[FamilyRefutationRecord])>> {
    let a = &cert.arrangement;
    let s = &cert.summary;
    let present = [
        cert.minima.is_some(),
        cert.family_refutations.is_some(),
        a.faces.is_some(),
        a.face_count.is_some(),
        s.global_min.is_some(),
        s.spurious.is_some(),
        s.verdict.is_some(),
    ];
    if present.iter().all(|p| !p) {
        return Ok(None);
    }
    if !present.iter().all(|p| *p) {
        return reject(
            "family-sections",
            "minima",
            "minima, family_refutations, arrangement.faces, arrangement.face_count and \
             summary.global_min, spurious, verdict must be present together",
        );
    }
    Ok(Some((
        cert.minima.as_deref().unwrap_or_default(),
        cert.family_refutations.as_deref().unwrap_or_default(),
    )))
}

/// Check the families of the certificate; `Ok(None)` when it has none (`--cells-only`).
pub fn check_families(cert: &Certificate) -> Check<Option<FamilyReport>> {
    let Some((minima, refutations)) = sections(cert)? else {
        return Ok(None);
    };
    let inst = &cert.instance;
    let n = inst.x.len();
    let d = inst.x[0].len();
    let k_units = inst.hidden;
    let ctx = Ctx { inst, d, n };
    let face_list = cert.arrangement.faces.as_deref().unwrap_or_default();
    let face_count = cert.arrangement.face_count.unwrap_or_default();
    faces::check(inst, face_list, face_count)?;
    let face_index: BTreeMap<&str, usize> = face_list
        .iter()
        .enumerate()
        .map(|(f, face)| (face.signs.as_str(), f))
        .collect();

    let inert = reduction::check_record(cert, face_list)?;
    // family-enumeration: each record names a multiset of items 3·face + mode, in order
    // (reduced search: 1..=K units, rule `reduction-core`).
    let item_of = |loc: &str, faces: &[String], modes: &str| -> Check<Vec<usize>> {
        if inert.is_some() && faces.len() == modes.chars().count() && (1..=k_units).contains(&faces.len()) {
            // Checked below by reduction-core.
        } else if faces.len() != k_units || modes.chars().count() != k_units {
            return reject(
                "family-enumeration",
                loc.to_string(),
                format!("expected {k_units} faces and {k_units} modes"),
            );
        }
        let mut items = Vec::new();
        for (f, m) in faces.iter().zip(modes.chars()) {
            let Some(&fi) = face_index.get(f.as_str()) else {
                return reject(
                    "family-enumeration",
                    loc.to_string(),
                    format!("face {f} is not in arrangement.faces"),
                );
            };
            let Some(mi) = "+-0".find(m) else {
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
                "units not in canonical (face, mode) order",
            );
        }
        if let Some(inert) = &inert {
            reduction::check_core(loc, &items, inert, k_units)?;
        }
        Ok(items)
    };
    let mut seen: HashSet<Vec<usize>> = HashSet::new();

    // Non-empty families.
    let mut losses = Vec::new();
    let mut verified: Vec<(Vec<usize>, &FamilyRecord)> = Vec::new();
    for (r, fam) in minima.iter().enumerate() {
        let loc = format!("minima[{r}] ({} {})", fam.faces.join(","), fam.modes);
        let items = item_of(&loc, &fam.faces, &fam.modes)?;
        verified.push((items.clone(), fam));
        if !seen.insert(items) {
            return reject("family-enumeration", loc, "face/mode combination listed twice");
        }
        losses.push(check_family(&ctx, &loc, fam)?);
    }

    // Empty combinations.
    for (r, rf) in refutations.iter().enumerate() {
        let loc = format!("family_refutations[{r}] ({} {})", rf.faces.join(","), rf.modes);
        let items = item_of(&loc, &rf.faces, &rf.modes)?;
        if !seen.insert(items) {
            return reject("family-enumeration", loc, "face/mode combination listed twice");
        }
        let units = rf.faces.len();
        if rf.regions.len() != units {
            return reject(
                "family-regions",
                loc,
                format!("expected regions for {units} units"),
            );
        }
        let mut regions = Vec::new();
        for k in 0..units {
            let list = ctx.regions(&format!("{loc}.unit[{k}]"), &rf.faces[k], &rf.regions[k], false)?;
            if list
                .iter()
                .any(|r| !r.rec.lambda.is_empty() || !r.rec.mu.is_empty())
            {
                return reject(
                    "family-regions",
                    format!("{loc}.unit[{k}]"),
                    "a refuted combination carries no λ, μ",
                );
            }
            regions.push(list);
        }
        let modes: Vec<char> = rf.modes.chars().collect();
        check_refutation(&ctx, &loc, &rf.faces, &modes, &regions, &rf.motzkin)?;
    }
    // Every multiset of K items out of 3F exactly once: distinct and C(3F + K − 1, K) of them;
    // reduced: every single item and every set of 2..=K distinct non-inert items.
    if let Some(inert) = &inert {
        reduction::check_total(seen.len(), inert, k_units)?;
    }
    let items = 3 * face_list.len() as u128;
    let mut total: u128 = 1;
    for j in 0..k_units as u128 {
        match total.checked_mul(items + j) {
            Some(c) => total = c / (j + 1),
            None => {
                total = u128::MAX;
                break;
            }
        }
    }
    if inert.is_none() && seen.len() as u128 != total {
        return reject(
            "family-enumeration",
            "minima",
            format!(
                "{} face/mode combinations accounted for, C(3·{} + K − 1, K) with K = {k_units} needed",
                seen.len(),
                face_list.len()
            ),
        );
    }

    // global-min: the least family loss; no genuine cell is below it.
    let Some(min) = losses.iter().min().cloned() else {
        return reject("global-min", "minima", "no non-empty family");
    };
    let s = &cert.summary;
    if s.global_min.as_ref() != Some(&min) {
        return reject(
            "global-min",
            "summary.global_min",
            format!("the least family loss is {}", format_q(&min)),
        );
    }
    if let Some(best) = &s.best_genuine_loss
        && best < &min
    {
        return reject(
            "global-min",
            "summary.best_genuine_loss",
            format!(
                "a genuine cell has loss {} below the global minimum",
                format_q(best)
            ),
        );
    }
    check_cells_against_families(cert, minima, inert.as_deref())?;

    // family-spurious, verdict.
    let mut spurious = 0usize;
    for (r, fam) in minima.iter().enumerate() {
        if fam.spurious != (fam.loss > min) {
            return reject(
                "family-spurious",
                format!("minima[{r}]"),
                format!("spurious must be {}", fam.loss > min),
            );
        }
        spurious += usize::from(fam.spurious);
    }
    if s.spurious != Some(spurious as u64) {
        return reject(
            "verdict",
            "summary.spurious",
            format!("{spurious} families are spurious"),
        );
    }
    let verdict = if spurious == 0 {
        "no-spurious-minima"
    } else {
        "spurious-minima"
    };
    if s.verdict.as_deref() != Some(verdict) {
        return reject("verdict", "summary.verdict", format!("expected \"{verdict}\""));
    }
    // levels: recomputed from the verified records (full search: cores of the K-unit families).
    let all_inert = reduction::inert_items(&inst.alpha, face_list);
    let levels = reduction::levels_of(&verified, &all_inert, k_units);
    reduction::check_levels(cert.levels.as_deref(), &levels)?;
    Ok(Some(FamilyReport {
        faces: face_count,
        families: minima.len(),
        refuted: refutations.len(),
        spurious,
        global_min: min,
        verdict,
        levels,
        reduced: inert.is_some(),
    }))
}

/// Rules `family-regions`, `family-witness`, `family-multipliers`, `family-loss`,
/// `family-differentiable` for one non-empty family; returns its verified loss.
pub(crate) fn check_family(ctx: &Ctx<'_>, loc: &str, fam: &FamilyRecord) -> Check<Q> {
    let (inst, n, d) = (ctx.inst, ctx.n, ctx.d);
    // K units, or 1..=K in a reduced search (checked by family-enumeration / reduction-core).
    let k_units = fam.faces.len();
    let p = &fam.witness;
    if p.z.len() != k_units
        || p.w.len() != k_units
        || p.w.iter().any(|w| w.len() != d)
        || p.c.is_some() != inst.output_bias
    {
        return reject(
            "family-witness",
            loc,
            "the witness point has the wrong shape (K values z, K rows w of length d, c iff output bias)",
        );
    }
    let modes: Vec<char> = fam.modes.chars().collect();
    for k in 0..k_units {
        if signs_of(&inst.x, &p.w[k]) != fam.faces[k] {
            return reject(
                "family-witness",
                format!("{loc}.witness.w[{k}]"),
                format!("not in the face {}", fam.faces[k]),
            );
        }
        if sign_char(&p.z[k]) != modes[k] {
            return reject(
                "family-witness",
                format!("{loc}.witness.z[{k}]"),
                format!("its sign is not the mode {}", modes[k]),
            );
        }
    }
    let e = ctx.residuals(p);
    if inst.output_bias && !e.iter().sum::<Q>().is_zero() {
        return reject("family-multipliers", loc, "output bias: Σ e_i ≠ 0");
    }
    if fam.multipliers.len() != k_units {
        return reject(
            "family-regions",
            loc,
            format!("expected the regions of {k_units} units"),
        );
    }
    for k in 0..k_units {
        let uloc = format!("{loc}.multipliers[{k}]");
        let regions = ctx.regions(&uloc, &fam.faces[k], &fam.multipliers[k], true)?;
        let face: Vec<char> = fam.faces[k].chars().collect();
        let m = mode_value(modes[k]);
        for (t, reg) in regions.iter().enumerate() {
            let rloc = format!("{uloc}[{t}] ({})", reg.rec.region);
            let mut g = vec![Q::zero(); d];
            for i in 0..n {
                let coef = ctx.b(&face, i, reg.in_t(i)) * &e[i];
                if coef.is_zero() {
                    continue;
                }
                for j in 0..d {
                    g[j] += &coef * &inst.x[i][j];
                }
            }
            if m.is_zero() {
                if !reg.rec.lambda.is_empty() || !reg.rec.mu.is_empty() {
                    return reject("family-multipliers", rloc, "a unit with z = 0 has no λ, μ");
                }
                if !is_zero_vec(&g) {
                    return reject("family-multipliers", rloc, "z_k = 0 needs G_k(T) = 0");
                }
                continue;
            }
            if reg.rec.lambda.len() != reg.pos.len() || reg.rec.mu.len() != reg.neg.len() {
                return reject(
                    "family-multipliers",
                    rloc,
                    format!(
                        "expected {} values λ and {} values μ",
                        reg.pos.len(),
                        reg.neg.len()
                    ),
                );
            }
            if reg.rec.lambda.iter().chain(&reg.rec.mu).any(|v| v.is_negative()) {
                return reject("family-multipliers", rloc, "a multiplier is negative");
            }
            let mut cone = vec![Q::zero(); d];
            for (i, l) in reg.pos.iter().zip(&reg.rec.lambda) {
                for j in 0..d {
                    cone[j] += l * &inst.x[*i][j];
                }
            }
            for (i, u) in reg.neg.iter().zip(&reg.rec.mu) {
                for j in 0..d {
                    cone[j] -= u * &inst.x[*i][j];
                }
            }
            if g.iter().map(|v| &m * v).ne(cone) {
                return reject(
                    "family-multipliers",
                    rloc,
                    "m_k·G_k(T) ≠ Σ_T λ_i x_i − Σ_{Z'∖T} μ_i x_i",
                );
            }
        }
    }
    let loss: Q = e.iter().map(|v| v * v).sum::<Q>() / Q::from_integer((n as i64).into());
    if loss != fam.loss {
        return reject(
            "family-loss",
            loc,
            format!(
                "the loss at the witness is {}, stated {}",
                format_q(&loss),
                format_q(&fam.loss)
            ),
        );
    }
    let differentiable = (0..k_units).all(|k| modes[k] == '0' || ctx.vanishing(&fam.faces[k]).is_empty());
    if differentiable != fam.differentiable {
        return reject(
            "family-differentiable",
            loc,
            format!("differentiable must be {differentiable}"),
        );
    }
    Ok(loss)
}

/// Rule `family-cells`: the cell stage and the families describe the same differentiable minima.
/// A genuine cell's witness is a local minimum with every unit in a chamber, so the family
/// (its chambers, `sign z`) is non-empty with the cell's loss; a non-empty family whose faces are
/// all chambers holds such a minimum, so its cell is genuine with the family's loss.
///
/// Reduced search: a genuine cell's family is represented by its core (inert units dropped,
/// duplicates merged; an empty core by the one-unit family of its first unit), and only
/// records of `K` units are matched against cells.
fn check_cells_against_families(
    cert: &Certificate,
    minima: &[FamilyRecord],
    inert: Option<&[bool]>,
) -> Check<()> {
    let alpha = &cert.instance.alpha;
    let key = |faces: &[String], modes: &str| {
        let mut v: Vec<(String, char)> = faces.iter().cloned().zip(modes.chars()).collect();
        v.sort();
        if inert.is_some() {
            let first = v.first().cloned();
            v.retain(|(f, m)| !reduction::is_inert(alpha, f, *m));
            v.dedup();
            if v.is_empty()
                && let Some(first) = first
            {
                v.push(first);
            }
        }
        v
    };
    let chambers: HashSet<&str> = cert
        .arrangement
        .chambers
        .iter()
        .map(|c| c.signs.as_str())
        .collect();
    let families: BTreeMap<Vec<(String, char)>, &Q> = minima
        .iter()
        .map(|f| (key(&f.faces, &f.modes), &f.loss))
        .collect();
    for (c, cell) in cert.cells.iter().enumerate() {
        let Some(w) = cell.witness.as_ref().filter(|_| cell.genuine) else {
            continue;
        };
        let k = key(&cell.chambers, &w.signs);
        if families.get(&k) != Some(&&cell.loss) {
            return reject(
                "family-cells",
                format!("cells[{c}]"),
                format!(
                    "genuine with signs {}: the family ({} {}) must be in minima with loss {}",
                    w.signs,
                    cell.chambers.join(","),
                    w.signs,
                    format_q(&cell.loss)
                ),
            );
        }
    }
    let cells: BTreeMap<Vec<String>, (bool, &Q)> = cert
        .cells
        .iter()
        .map(|c| {
            let mut ch = c.chambers.clone();
            ch.sort();
            (ch, (c.genuine, &c.loss))
        })
        .collect();
    for (r, fam) in minima.iter().enumerate() {
        if fam.faces.len() != cert.instance.hidden || !fam.faces.iter().all(|f| chambers.contains(f.as_str()))
        {
            continue;
        }
        let mut ch = fam.faces.clone();
        ch.sort();
        if cells.get(&ch) != Some(&(true, &fam.loss)) {
            return reject(
                "family-cells",
                format!("minima[{r}]"),
                format!(
                    "every unit is in a chamber: the cell [{}] must be genuine with loss {}",
                    fam.faces.join(","),
                    format_q(&fam.loss)
                ),
            );
        }
    }
    Ok(())
}

/// Rule `family-refutation`: rebuild the family system (row order of
/// `docs/certificate-format.md`) and verify the Motzkin sums: `Σλ a + Σν g + Σμ c = 0`,
/// `λ, ν ≥ 0`, and `s = Σλ b + Σν h + Σμ d > 0`, or `s ≥ 0` with some `λ > 0`.
pub(crate) fn check_refutation(
    ctx: &Ctx<'_>,
    loc: &str,
    faces: &[String],
    modes: &[char],
    regions: &[Vec<Region<'_>>],
    m: &MotzkinRecord,
) -> Check<()> {
    // The arithmetic is exact over `Rat` (machine words, big rationals on overflow): the same
    // field as `Q`, only faster on the small numbers these systems hold. Rows are sparse, so
    // zero entries are skipped (a product with a zero factor adds nothing).
    let (d, n, inst) = (ctx.d, ctx.n, ctx.inst);
    let k_units = faces.len();
    let x: Vec<Vec<Rat>> = inst
        .x
        .iter()
        .map(|r| r.iter().map(Rat::from_q).collect())
        .collect();
    let y: Vec<Rat> = inst.y.iter().map(Rat::from_q).collect();
    let alpha = Rat::from_q(&inst.alpha);
    let nonzero_x: Vec<bool> = inst.x.iter().map(|r| !is_zero_vec(r)).collect();
    let fch: Vec<Vec<char>> = faces.iter().map(|f| f.chars().collect()).collect();
    let mv: Vec<Rat> = modes
        .iter()
        .map(|&c| match c {
            '+' => Rat::one(),
            '-' => -Rat::one(),
            _ => Rat::zero(),
        })
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
    let unit_row = |k: usize, xi: &[Rat], s: &Rat| {
        let mut v = vec![Rat::zero(); dim];
        for j in 0..d {
            v[k * d + j] = s * &xi[j];
        }
        v
    };
    // Strict rows: s_i m_k x_i·R_k > 0.
    let mut strict: Vec<(Vec<Rat>, Rat)> = Vec::new();
    for k in 0..k_units {
        if mv[k].is_zero() {
            continue;
        }
        for i in 0..n {
            let s = match fch[k][i] {
                '+' => Rat::one(),
                '-' => -Rat::one(),
                _ => continue,
            };
            if nonzero_x[i] {
                strict.push((unit_row(k, &x[i], &(s * &mv[k])), Rat::zero()));
            }
        }
    }
    // Non-strict rows: ν ≥ 0.
    let nonstrict: Vec<(Vec<Rat>, Rat)> = (first_mult..dim)
        .map(|v| {
            let mut r = vec![Rat::zero(); dim];
            r[v] = Rat::one();
            (r, Rat::zero())
        })
        .collect();
    // Equalities (a) x_i·R_k = 0 on Z'_k, (b) R_k = 0 for mode 0.
    let mut eq: Vec<(Vec<Rat>, Rat)> = Vec::new();
    for k in 0..k_units {
        if mv[k].is_zero() {
            continue;
        }
        for i in 0..n {
            if fch[k][i] == '0' && nonzero_x[i] {
                eq.push((unit_row(k, &x[i], &Rat::one()), Rat::zero()));
            }
        }
    }
    for k in 0..k_units {
        if !mv[k].is_zero() {
            continue;
        }
        for j in 0..d {
            let mut r = vec![Rat::zero(); dim];
            r[k * d + j] = Rat::one();
            eq.push((r, Rat::zero()));
        }
    }
    // e_i as (coefficients, constant), a_ik = 1 on face sign +, else α.
    let forms: Vec<(Vec<Rat>, Rat)> = (0..n)
        .map(|i| {
            let mut v = vec![Rat::zero(); dim];
            for k in 0..k_units {
                let a = if fch[k][i] == '+' {
                    Rat::one()
                } else {
                    alpha.clone()
                };
                if a.is_zero() {
                    continue;
                }
                for j in 0..d {
                    v[k * d + j] = &a * &x[i][j];
                }
            }
            if let Some(c) = c_var {
                v[c] = Rat::one();
            }
            (v, -y[i].clone())
        })
        .collect();
    // (c) Σ e_i = 0 with output bias.
    if c_var.is_some() {
        let mut v = vec![Rat::zero(); dim];
        let mut k0 = Rat::zero();
        for (f, c0) in &forms {
            for (a, b) in v.iter_mut().zip(f) {
                if !b.is_zero() {
                    *a += b;
                }
            }
            k0 += c0;
        }
        eq.push((v, -k0));
    }
    // (d) m_k G_k(T) − Σ ±ν x_i = 0, or G_k(T) = 0 for mode 0.
    for k in 0..k_units {
        let scale = if mv[k].is_zero() {
            Rat::one()
        } else {
            mv[k].clone()
        };
        for (t, reg) in regions[k].iter().enumerate() {
            for j in 0..d {
                let mut v = vec![Rat::zero(); dim];
                let mut k0 = Rat::zero();
                for i in 0..n {
                    let b = if fch[k][i] == '+' || (fch[k][i] == '0' && reg.in_t(i)) {
                        Rat::one()
                    } else {
                        alpha.clone()
                    };
                    let factor = &(&scale * &b) * &x[i][j];
                    if factor.is_zero() {
                        continue;
                    }
                    for (a, c) in v.iter_mut().zip(&forms[i].0) {
                        if !c.is_zero() {
                            *a += &(&factor * c);
                        }
                    }
                    k0 += &(&factor * &forms[i].1);
                }
                if let Some(start) = blocks[k][t] {
                    for (off, (i, in_t)) in reg.zero_samples().into_iter().enumerate() {
                        let s = if in_t { -Rat::one() } else { Rat::one() };
                        v[start + off] += &(s * &x[i][j]);
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
            loc,
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
            loc,
            "a strict or non-strict multiplier is negative",
        );
    }
    let mut combo = vec![Rat::zero(); dim];
    let mut s = Rat::zero();
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
                if !b.is_zero() {
                    *a += &(l * b);
                }
            }
            if !rhs.is_zero() {
                s += &(l * rhs);
            }
        }
    }
    if let Some(t) = combo.iter().position(|v| !v.is_zero()) {
        return reject(
            "family-refutation",
            loc,
            format!("the multipliers do not combine the rows to 0 (variable {t})"),
        );
    }
    let some_strict = m.strict.iter().any(|v| v.is_positive());
    if !(s.is_positive() || (!s.is_negative() && some_strict)) {
        return reject(
            "family-refutation",
            loc,
            "the combined right-hand side gives no contradiction",
        );
    }
    Ok(())
}
