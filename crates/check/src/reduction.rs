//! Checker rules for the reduced family search (`proofs/family-reductions.md`) and for the
//! levels (the distinct loss values of local minima). Exact arithmetic and the certificate
//! types only; every fact a reduction rests on is recomputed from the instance and the faces.
//!
//! Rules: `reduction-record` (the `reduction` record names the rule `cores`, its inert items and
//! sizes are the recomputed ones), `reduction-core` (a record of `j ≥ 2` units lists distinct
//! non-inert items in increasing order; `j ≤ K`), `reduction-enumeration` (as many distinct
//! combinations as the reduced search has), `levels` (the stated levels are those recomputed
//! from `minima`). Soundness: `proofs/checker-rules.md`, "Reduced family search".

use std::collections::{BTreeMap, BTreeSet};

use crate::Rejection;
use relucert_exact::{Q, format_q};
use relucert_format::family::FamilyRecord;
use relucert_format::reduction::{CORES, LevelRecord, ReductionRecord};
use relucert_format::{Certificate, ChamberRecord};

type Check<T> = Result<T, Rejection>;

fn reject<T>(rule: &'static str, location: impl Into<String>, detail: impl Into<String>) -> Check<T> {
    Err(Rejection::new(rule, location, detail))
}

/// Whether `(face, mode)` is inert: the format's definition (Lemma 1 of
/// `proofs/family-reductions.md`), a function of the record's own strings.
pub use relucert_format::reduction::is_inert;

/// `inert[3·f + m]` for the faces listed in the certificate.
pub fn inert_items(alpha: &Q, faces: &[ChamberRecord]) -> Vec<bool> {
    faces
        .iter()
        .flat_map(|f| "+-0".chars().map(move |m| is_inert(alpha, &f.signs, m)))
        .collect()
}

/// `C(n, k)` in `u128`, `None` on overflow.
fn binomial(n: u128, k: u128) -> Option<u128> {
    if k > n {
        return Some(0);
    }
    let mut c: u128 = 1;
    for j in 0..k {
        c = c.checked_mul(n - j)? / (j + 1);
    }
    Some(c)
}

/// The number of `j`-unit combinations of the reduced search, `j = 1..=k`.
pub fn sizes(items: usize, live: usize, k: usize) -> Vec<Option<u128>> {
    (1..=k)
        .map(|j| {
            if j == 1 {
                Some(items as u128)
            } else {
                binomial(live as u128, j as u128)
            }
        })
        .collect()
}

/// Rule `reduction-record`: when the certificate has a `reduction` record, verify it against
/// the recomputed inert items and sizes and return `inert` (`None`: the full enumeration).
pub fn check_record(cert: &Certificate, faces: &[ChamberRecord]) -> Check<Option<Vec<bool>>> {
    let Some(rec) = &cert.reduction else {
        return Ok(None);
    };
    check_reduction(
        rec,
        &cert.instance.alpha,
        cert.instance.hidden,
        faces,
        "reduction",
    )
    .map(Some)
}

/// Rule `reduction-record` for one record (`relucert/1`'s `reduction` field or
/// `relucert/2`'s `reduction` record at `loc`): the rule is `cores`, the inert items and the
/// sizes are the ones recomputed from `α`, `K` and the faces. Returns `inert[item]`.
pub fn check_reduction(
    rec: &ReductionRecord,
    alpha: &Q,
    hidden: usize,
    faces: &[ChamberRecord],
    loc: &str,
) -> Check<Vec<bool>> {
    if rec.rule != CORES {
        return reject(
            "reduction-record",
            format!("{loc}.rule"),
            format!("unknown reduction {:?} (expected \"{CORES}\")", rec.rule),
        );
    }
    let inert = inert_items(alpha, faces);
    let expected: Vec<String> = (0..inert.len())
        .filter(|&j| inert[j])
        .map(|j| format!("{}:{}", faces[j / 3].signs, ['+', '-', '0'][j % 3]))
        .collect();
    if rec.inert != expected {
        let first = rec
            .inert
            .iter()
            .zip(&expected)
            .position(|(a, b)| a != b)
            .unwrap_or(rec.inert.len().min(expected.len()));
        return reject(
            "reduction-record",
            format!("{loc}.inert[{first}]"),
            format!(
                "the inert items are the {} items with mode 0, or a face with no + and (alpha = 0 or no -)",
                expected.len()
            ),
        );
    }
    let live = inert.iter().filter(|i| !**i).count();
    let want = sizes(inert.len(), live, hidden);
    let stated: Vec<Option<u128>> = rec.sizes.iter().map(|&v| Some(u128::from(v))).collect();
    if stated != want {
        return reject(
            "reduction-record",
            format!("{loc}.sizes"),
            format!(
                "expected {:?} ({} items, {live} not inert, K = {})",
                want.iter()
                    .map(|v| v.map_or("overflow".to_string(), |v| v.to_string()))
                    .collect::<Vec<_>>(),
                inert.len(),
                hidden
            ),
        );
    }
    Ok(inert)
}

/// Rule `reduction-core`: a record of `j ≥ 2` units names `j` distinct non-inert items in
/// increasing order (its canonical order was checked by `family-enumeration`).
pub fn check_core(loc: &str, items: &[usize], inert: &[bool], k: usize) -> Check<()> {
    if items.is_empty() || items.len() > k {
        return reject("reduction-core", loc, format!("expected 1 to {k} units"));
    }
    if items.len() >= 2 {
        if items.windows(2).any(|w| w[0] == w[1]) {
            return reject(
                "reduction-core",
                loc,
                "two units with the same face and mode (merge them: a smaller core)",
            );
        }
        if items.iter().any(|&j| inert[j]) {
            return reject(
                "reduction-core",
                loc,
                "an inert unit (mode 0, or dead on the data) in a core of two or more units",
            );
        }
    }
    Ok(())
}

/// The core after `cur` in the reduced search's order (every single item ascending, then for
/// `j = 2..=k` the `j`-subsets of the non-inert items `live` (ascending) in lexicographic
/// order), out of `items` items: steps `cur` in place, `false` at the end. Used to verify a
/// shard's range of the cores (`proofs/shards.md`).
pub fn next_core(cur: &mut Vec<usize>, items: usize, live: &[usize], k: usize) -> bool {
    let j = cur.len();
    if j == 1 && cur[0] + 1 < items {
        cur[0] += 1;
        return true;
    }
    if j >= 2 {
        // Positions of the items among the non-inert ones (a core's items are all live).
        let Some(mut idx) = cur
            .iter()
            .map(|v| live.binary_search(v).ok())
            .collect::<Option<Vec<usize>>>()
        else {
            return false;
        };
        let m = live.len();
        let mut p = j;
        while p > 0 && idx[p - 1] == m - j + p - 1 {
            p -= 1;
        }
        if p > 0 {
            idx[p - 1] += 1;
            for q in p..j {
                idx[q] = idx[q - 1] + 1;
            }
            *cur = idx.iter().map(|&i| live[i]).collect();
            return true;
        }
    }
    // The first subset of the next size.
    let next = j.max(1) + 1;
    if next <= k && next <= live.len() {
        *cur = live[..next].to_vec();
        return true;
    }
    false
}

/// Rule `reduction-enumeration`: the number of distinct combinations accounted for.
pub fn check_total(seen: usize, inert: &[bool], k: usize) -> Check<()> {
    let live = inert.iter().filter(|i| !**i).count();
    let total = sizes(inert.len(), live, k)
        .into_iter()
        .try_fold(0u128, |a, b| b.and_then(|b| a.checked_add(b)));
    if total != Some(seen as u128) {
        return reject(
            "reduction-enumeration",
            "minima",
            format!(
                "{seen} combinations accounted for; the reduced search has {} (every single item, \
                 then the sets of 2..={k} distinct non-inert items out of {live})",
                total.map_or("more than 2^128".to_string(), |t| t.to_string())
            ),
        );
    }
    Ok(())
}

/// The non-inert items, ascending.
pub fn live_items(inert: &[bool]) -> Vec<usize> {
    (0..inert.len()).filter(|&j| !inert[j]).collect()
}

/// The core of a family: non-inert items, once each, ascending.
pub fn core_of(items: &[usize], inert: &[bool]) -> Vec<usize> {
    let mut c: Vec<usize> = items.iter().copied().filter(|&j| !inert[j]).collect();
    c.sort_unstable();
    c.dedup();
    c
}

/// The levels recomputed from verified records: `(items, record)` for every non-empty family.
pub fn levels_of(families: &[(Vec<usize>, &FamilyRecord)], inert: &[bool], k: usize) -> Vec<LevelRecord> {
    let mut tally = LevelTally::default();
    for (items, fam) in families {
        tally.add(items, &fam.loss, fam.differentiable, inert);
    }
    tally.levels(k)
}

/// The levels accumulated one verified non-empty family at a time (the `relucert/2` checker
/// streams them): per loss, the family records and the distinct cores with whether one of
/// their records is differentiable. Memory: the distinct cores of non-empty families.
#[derive(Clone, Debug, Default)]
pub struct LevelTally {
    by_loss: BTreeMap<Q, (u64, BTreeMap<Vec<usize>, bool>)>,
}

impl LevelTally {
    /// One verified non-empty family with items `items` (`3·face + mode`).
    pub fn add(&mut self, items: &[usize], loss: &Q, differentiable: bool, inert: &[bool]) {
        let entry = self.by_loss.entry(loss.clone()).or_default();
        entry.0 += 1;
        *entry.1.entry(core_of(items, inert)).or_insert(false) |= differentiable;
    }

    /// Records per loss, ascending.
    pub fn records(&self) -> impl Iterator<Item = (&Q, u64)> {
        self.by_loss.iter().map(|(l, (n, _))| (l, *n))
    }

    /// The least loss.
    pub fn min(&self) -> Option<&Q> {
        self.by_loss.keys().next()
    }

    /// The levels, ascending by loss.
    pub fn levels(&self, k: usize) -> Vec<LevelRecord> {
        let min = self.min().cloned();
        self.by_loss
            .iter()
            .map(|(loss, (_, cores))| {
                let widths: BTreeSet<usize> = cores.keys().map(Vec::len).collect();
                LevelRecord {
                    loss: loss.clone(),
                    spurious: min.as_ref().is_some_and(|m| loss > m),
                    families: cores.len() as u64,
                    differentiable: cores.values().filter(|d| **d).count() as u64,
                    full_width: widths.contains(&k),
                }
            })
            .collect()
    }
}

/// Rule `levels`: the stated levels (when present) are the recomputed ones.
pub fn check_levels(stated: Option<&[LevelRecord]>, computed: &[LevelRecord]) -> Check<()> {
    let Some(stated) = stated else {
        return Ok(());
    };
    if stated.len() != computed.len() {
        return reject(
            "levels",
            "levels",
            format!(
                "{} levels stated, the families have {} distinct losses",
                stated.len(),
                computed.len()
            ),
        );
    }
    for (i, (s, c)) in stated.iter().zip(computed).enumerate() {
        if s != c {
            return reject(
                "levels",
                format!("levels[{i}]"),
                format!(
                    "expected loss {}, spurious {}, {} families ({} differentiable), full width {}",
                    format_q(&c.loss),
                    c.spurious,
                    c.families,
                    c.differentiable,
                    c.full_width
                ),
            );
        }
    }
    Ok(())
}
