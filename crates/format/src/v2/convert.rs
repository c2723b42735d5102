//! Between `relucert/1` and `relucert/2`: the two formats carry the same claims, so a
//! certificate of one is rewritten record for record as the other (`relucert convert`, and the
//! Python package's `save`/`load` of `.jsonl[.gz]` files). Nothing is decided here: sign
//! strings become ids and back, multipliers become sparse and back, the regions written with
//! every family become the regions written once per face and back. Whatever the input claims
//! is carried over unchecked; the checker verifies the result like any other certificate.

use std::collections::{BTreeMap, HashMap};

use relucert_exact::Q;

use super::FORMAT;
use super::record::*;
use super::sparse::SparseMotzkin;
use crate::family::{FamilyRecord, FamilyRefutationRecord, RegionRecord};
use crate::reduction::{LevelRecord, is_inert};
use crate::{ArrangementRecord, CellRecord, Certificate, ChamberRecord, RefutationRecord};

/// The modes of a family, in item order: `3·face + mode` with `+`, `-`, `0` = 0, 1, 2.
const MODES: [char; 3] = ['+', '-', '0'];

/// The records of `cert` in the order `relucert certify` writes them (header, chambers,
/// arrangement, faces, cells, the reduction record of a reduced search, families in canonical
/// order, trailer). Refused, with the reason, for what `relucert/2` does not carry: the
/// landscape and saddles sections.
pub fn records_of(cert: &Certificate) -> Result<Vec<Record>, String> {
    if cert.landscape.is_some() {
        return Err("the certificate has a landscape section, which relucert/2 does not carry".into());
    }
    if cert.saddles.is_some() {
        return Err("the certificate has a saddles section, which relucert/2 does not carry".into());
    }
    let families = cert.minima.is_some() || cert.family_refutations.is_some();
    let least_squares = cert.cells.iter().any(|c| c.least_squares.is_some());
    let mut out = vec![Record::Header(Header {
        format: FORMAT.to_string(),
        instance: cert.instance.clone(),
        options: Options {
            families,
            least_squares,
            reduce: cert.reduction.is_some(),
        },
        shard: None,
    })];
    let chamber_id = ids(cert.arrangement.chambers.iter().map(|c| c.signs.as_str()));
    for (id, c) in cert.arrangement.chambers.iter().enumerate() {
        out.push(Record::Chamber(ChamberLine {
            id: id as u64,
            signs: c.signs.clone(),
            witness: c.witness.clone(),
        }));
    }
    out.push(Record::Arrangement(ArrangementLine {
        count: cert.arrangement.count,
    }));
    let faces: &[ChamberRecord] = cert.arrangement.faces.as_deref().unwrap_or(&[]);
    let face_id = ids(faces.iter().map(|f| f.signs.as_str()));
    if families {
        if cert.arrangement.faces.is_none() {
            return Err("arrangement.faces: expected the faces of a certificate with families".into());
        }
        let regions = face_regions(cert);
        for (id, f) in faces.iter().enumerate() {
            let regs = regions
                .get(f.signs.as_str())
                .ok_or_else(|| format!("face {}: its local regions appear in no family record", f.signs))?;
            out.push(Record::Face(FaceLine {
                id: id as u64,
                signs: f.signs.clone(),
                witness: f.witness.clone(),
                regions: regs.iter().map(region_line).collect(),
            }));
        }
        out.push(Record::Faces(FacesLine {
            count: cert
                .arrangement
                .face_count
                .ok_or("arrangement.face_count: expected the face count of a certificate with families")?,
        }));
    }
    for (i, cell) in cert.cells.iter().enumerate() {
        out.push(Record::Cell(
            cell_line(cell, &chamber_id).map_err(|e| format!("cells[{i}]: {e}"))?,
        ));
    }
    if let Some(reduction) = &cert.reduction {
        if !families {
            return Err("reduction: a reduced family search without families".into());
        }
        out.push(Record::Reduction(reduction.clone()));
    }
    if families {
        let mut stream: Vec<((usize, Vec<u64>), Record)> = Vec::new();
        for (i, fam) in cert.minima.iter().flatten().enumerate() {
            let line = family_line(fam, &face_id).map_err(|e| format!("minima[{i}]: {e}"))?;
            stream.push((key(&line.f, &line.m), Record::Family(line)));
        }
        for (i, r) in cert.family_refutations.iter().flatten().enumerate() {
            let f = face_ids(&r.faces, &face_id).map_err(|e| format!("family_refutations[{i}]: {e}"))?;
            stream.push((
                key(&f, &r.modes),
                Record::FamilyRefutation(FamilyRefutationLine {
                    f,
                    m: r.modes.clone(),
                    motzkin: SparseMotzkin::from_dense(&r.motzkin),
                }),
            ));
        }
        // The families stream is in the canonical order: by number of units (the reduced
        // search has 1..K), then by items.
        stream.sort_by(|a, b| a.0.cmp(&b.0));
        out.extend(stream.into_iter().map(|(_, r)| r));
    }
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for r in &out {
        *counts.entry(r.kind_name().to_string()).or_default() += 1;
    }
    let levels = families.then(|| levels_of(cert, faces));
    out.push(Record::Trailer(Trailer {
        counts,
        summary: cert.summary.clone(),
        levels,
    }));
    Ok(out)
}

/// The `relucert/1` certificate with the same claims as `records` (a whole `relucert/2` file,
/// header first, trailer last). Refused, with the reason, for a stream `relucert/1` cannot
/// carry (a reduced family search) or one that is not a whole certificate.
pub fn certificate_of(records: &[Record]) -> Result<Certificate, String> {
    let Some(Record::Header(header)) = records.first() else {
        return Err("expected a header record first".into());
    };
    if let Some(s) = &header.shard {
        return Err(format!(
            "the stream is shard {}/{}, not a whole certificate: merge the shards first (relucert merge)",
            s.index, s.count
        ));
    }
    let Some(Record::Trailer(trailer)) = records.last() else {
        return Err("expected a trailer record last: the stream is incomplete".into());
    };
    let mut chambers: Vec<ChamberRecord> = Vec::new();
    let mut count = None;
    let mut faces: Vec<FaceLine> = Vec::new();
    let mut face_count = None;
    let mut cells = Vec::new();
    let mut minima = Vec::new();
    let mut refutations = Vec::new();
    let mut reduction = None;
    let min = trailer.summary.global_min.clone();
    for (i, rec) in records
        .iter()
        .enumerate()
        .skip(1)
        .take(records.len().saturating_sub(2))
    {
        let at = |e: String| format!("record {}: {e}", i + 1);
        match rec {
            Record::Chamber(c) => chambers.push(ChamberRecord {
                signs: c.signs.clone(),
                witness: c.witness.clone(),
            }),
            Record::Arrangement(a) => count = Some(a.count),
            Record::Face(f) => faces.push(f.clone()),
            Record::Faces(f) => face_count = Some(f.count),
            Record::Reduction(r) => reduction = Some(r.clone()),
            Record::Cell(c) => cells.push(cell_record(c, &chambers).map_err(at)?),
            Record::Family(f) => minima.push(family_record(f, &faces, min.as_ref()).map_err(at)?),
            Record::FamilyRefutation(r) => refutations.push(FamilyRefutationRecord {
                faces: face_signs(&r.f, &faces).map_err(at)?,
                modes: r.m.clone(),
                regions: r
                    .f
                    .iter()
                    .map(|&f| face_regions_v1(&faces[f as usize]))
                    .collect::<Result<_, _>>()
                    .map_err(at)?,
                motzkin: r.motzkin.to_dense().map_err(at)?,
            }),
            Record::Header(_) | Record::Trailer(_) | Record::ShardEnd(_) => {
                return Err(at(format!("a {} record inside the stream", rec.kind_name())));
            }
        }
    }
    let families = header.options.families;
    Ok(Certificate {
        format: crate::FORMAT.to_string(),
        instance: header.instance.clone(),
        arrangement: ArrangementRecord {
            chambers,
            faces: families.then(|| {
                faces
                    .iter()
                    .map(|f| ChamberRecord {
                        signs: f.signs.clone(),
                        witness: f.witness.clone(),
                    })
                    .collect()
            }),
            count: count.ok_or("expected an arrangement record")?,
            face_count: if families {
                Some(face_count.ok_or("expected a faces record")?)
            } else {
                None
            },
        },
        cells,
        minima: families.then_some(minima),
        family_refutations: families.then_some(refutations),
        levels: match (&reduction, &trailer.levels) {
            (Some(_), Some(levels)) => Some(
                levels
                    .iter()
                    .map(|l| {
                        Ok(LevelRecord {
                            loss: l.loss.clone(),
                            spurious: l.spurious,
                            families: l
                                .cores
                                .ok_or("trailer.levels: expected cores in a reduced stream")?,
                            differentiable: l
                                .differentiable
                                .ok_or("trailer.levels: expected differentiable in a reduced stream")?,
                            full_width: l
                                .full_width
                                .ok_or("trailer.levels: expected full_width in a reduced stream")?,
                        })
                    })
                    .collect::<Result<_, String>>()?,
            ),
            _ => None,
        },
        reduction,
        summary: trailer.summary.clone(),
        landscape: None,
        saddles: None,
    })
}

/// Sign string → position.
fn ids<'a>(signs: impl Iterator<Item = &'a str>) -> HashMap<&'a str, u64> {
    signs.enumerate().map(|(i, s)| (s, i as u64)).collect()
}

fn face_ids(signs: &[String], face_id: &HashMap<&str, u64>) -> Result<Vec<u64>, String> {
    signs
        .iter()
        .map(|s| {
            face_id
                .get(s.as_str())
                .copied()
                .ok_or_else(|| format!("face {s} is not a face of the arrangement"))
        })
        .collect()
}

fn face_signs(ids: &[u64], faces: &[FaceLine]) -> Result<Vec<String>, String> {
    ids.iter()
        .map(|&i| {
            faces
                .get(i as usize)
                .map(|f| f.signs.clone())
                .ok_or_else(|| format!("face id {i}: only {} faces precede it", faces.len()))
        })
        .collect()
}

/// The items `3·face + mode` of a family.
fn items(faces: &[u64], modes: &str) -> Vec<u64> {
    faces
        .iter()
        .zip(modes.chars())
        .map(|(&f, m)| 3 * f + MODES.iter().position(|&x| x == m).unwrap_or(3) as u64)
        .collect()
}

/// The key of the canonical order of the families stream: number of units, then items.
fn key(faces: &[u64], modes: &str) -> (usize, Vec<u64>) {
    (faces.len(), items(faces, modes))
}

/// The local regions of every face, as the family records list them (first occurrence).
fn face_regions(cert: &Certificate) -> HashMap<&str, Vec<&RegionRecord>> {
    let mut out: HashMap<&str, Vec<&RegionRecord>> = HashMap::new();
    let units = cert
        .minima
        .iter()
        .flatten()
        .flat_map(|f| f.faces.iter().zip(&f.multipliers))
        .chain(
            cert.family_refutations
                .iter()
                .flatten()
                .flat_map(|r| r.faces.iter().zip(&r.regions)),
        );
    for (face, regions) in units {
        out.entry(face.as_str())
            .or_insert_with(|| regions.iter().collect());
    }
    out
}

/// A `relucert/1` region (`+` on T, `-` on Z'∖T, `.` elsewhere) as a face's region line
/// (signs over Z' only).
fn region_line(r: &&RegionRecord) -> RegionLine {
    RegionLine {
        t: r.region.chars().filter(|&c| c != '.').collect(),
        v: r.direction.clone(),
    }
}

/// The regions of a face in `relucert/1`'s form, without multipliers.
fn face_regions_v1(face: &FaceLine) -> Result<Vec<RegionRecord>, String> {
    face.regions
        .iter()
        .map(|r| {
            Ok(RegionRecord {
                region: spread(&face.signs, &r.t)?,
                direction: r.v.clone(),
                lambda: Vec::new(),
                mu: Vec::new(),
            })
        })
        .collect()
}

/// `t` (one sign per zero sample of the face, ascending) spread over every sample: `.` where
/// the face is not zero.
fn spread(face: &str, t: &str) -> Result<String, String> {
    let mut t = t.chars();
    let out: String = face
        .chars()
        .map(|c| if c == '0' { t.next().unwrap_or('?') } else { '.' })
        .collect();
    if out.contains('?') || t.next().is_some() {
        return Err(format!(
            "region {t:?}: expected one sign per zero of face {face}",
            t = t.as_str()
        ));
    }
    Ok(out)
}

fn cell_line(c: &CellRecord, chamber_id: &HashMap<&str, u64>) -> Result<CellLine, String> {
    Ok(CellLine {
        c: c.chambers
            .iter()
            .map(|s| {
                chamber_id
                    .get(s.as_str())
                    .copied()
                    .ok_or_else(|| format!("chamber {s} is not a chamber of the arrangement"))
            })
            .collect::<Result<_, _>>()?,
        rank: c.rank,
        dim: c.solution_dim,
        loss: c.loss.clone(),
        genuine: c.genuine,
        witness: c.witness.clone(),
        refutations: c.refutation.as_ref().map(|list| {
            list.iter()
                .map(|r| CellRefutation {
                    s: r.s.clone(),
                    m: SparseMotzkin::from_dense(&r.motzkin),
                })
                .collect()
        }),
        least_squares: c.least_squares.clone(),
    })
}

fn cell_record(c: &CellLine, chambers: &[ChamberRecord]) -> Result<CellRecord, String> {
    let signs =
        c.c.iter()
            .map(|&i| {
                chambers
                    .get(i as usize)
                    .map(|ch| ch.signs.clone())
                    .ok_or_else(|| format!("chamber id {i}: only {} chambers precede it", chambers.len()))
            })
            .collect::<Result<Vec<_>, _>>()?;
    Ok(CellRecord {
        chambers: signs,
        multiplicity: multiplicity(&c.c)?,
        rank: c.rank,
        solution_dim: c.dim,
        loss: c.loss.clone(),
        genuine: c.genuine,
        witness: c.witness.clone(),
        refutation: c
            .refutations
            .as_ref()
            .map(|list| {
                list.iter()
                    .map(|r| {
                        Ok(RefutationRecord {
                            s: r.s.clone(),
                            motzkin: r.m.to_dense()?,
                        })
                    })
                    .collect::<Result<Vec<_>, String>>()
            })
            .transpose()?,
        least_squares: c.least_squares.clone(),
    })
}

/// `K! / Π m_c!` for a non-decreasing list of chamber ids, with checked arithmetic.
fn multiplicity(ids: &[u64]) -> Result<u64, String> {
    let overflow = || "the multiplicity overflows 64 bits".to_string();
    let mut result: u64 = 1;
    let mut run = 0u64;
    for (k, id) in ids.iter().enumerate() {
        run = if k > 0 && ids[k - 1] == *id { run + 1 } else { 1 };
        // Multiply by (k+1)/run, exactly: the product so far times k+1 is divisible by run.
        result = result.checked_mul(k as u64 + 1).ok_or_else(overflow)? / run;
    }
    Ok(result)
}

fn family_line(f: &FamilyRecord, face_id: &HashMap<&str, u64>) -> Result<FamilyLine, String> {
    let nu = f
        .multipliers
        .iter()
        .map(|regions| {
            regions
                .iter()
                .map(|r| {
                    let (mut lambda, mut mu) = (r.lambda.iter(), r.mu.iter());
                    r.region
                        .chars()
                        .filter(|&c| c != '.')
                        .filter_map(|c| if c == '+' { lambda.next() } else { mu.next() })
                        .cloned()
                        .collect()
                })
                .collect()
        })
        .collect();
    Ok(FamilyLine {
        f: face_ids(&f.faces, face_id)?,
        m: f.modes.clone(),
        loss: f.loss.clone(),
        witness: f.witness.clone(),
        nu,
        differentiable: f.differentiable,
    })
}

fn family_record(f: &FamilyLine, faces: &[FaceLine], min: Option<&Q>) -> Result<FamilyRecord, String> {
    let multipliers = f
        .f
        .iter()
        .zip(f.m.chars())
        .enumerate()
        .map(|(k, (&id, mode))| {
            let face = faces
                .get(id as usize)
                .ok_or_else(|| format!("face id {id}: only {} faces precede it", faces.len()))?;
            let mut regions = face_regions_v1(face)?;
            let nu = f.nu.get(k).ok_or_else(|| format!("nu[{k}]: missing"))?;
            if nu.len() != regions.len() {
                return Err(format!(
                    "nu[{k}]: expected one list per region of face {}",
                    face.signs
                ));
            }
            for (j, (r, (region, values))) in regions.iter_mut().zip(face.regions.iter().zip(nu)).enumerate()
            {
                if values.is_empty() && mode == '0' {
                    continue;
                }
                if values.len() != region.t.len() {
                    return Err(format!("nu[{k}][{j}]: expected {} multipliers", region.t.len()));
                }
                for (c, v) in region.t.chars().zip(values) {
                    if c == '+' { &mut r.lambda } else { &mut r.mu }.push(v.clone());
                }
            }
            Ok(regions)
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(FamilyRecord {
        faces: face_signs(&f.f, faces)?,
        modes: f.m.clone(),
        loss: f.loss.clone(),
        witness: f.witness.clone(),
        multipliers,
        differentiable: f.differentiable,
        spurious: min.is_some_and(|m| f.loss > *m),
    })
}

/// The trailer's `levels`: per distinct family loss, increasing, the family records and the
/// plain answer's counts over *cores* (`proofs/family-reductions.md`: inert items dropped,
/// equal items merged), as the stream's writer states them.
fn levels_of(cert: &Certificate, faces: &[ChamberRecord]) -> Vec<LevelLine> {
    let face_id = ids(faces.iter().map(|f| f.signs.as_str()));
    let alpha = &cert.instance.alpha;
    let k = cert.instance.hidden;
    // Per loss: records, and distinct cores with whether a record of the core is differentiable.
    let mut by_loss: BTreeMap<&Q, (u64, BTreeMap<Vec<u64>, bool>)> = BTreeMap::new();
    for f in cert.minima.iter().flatten() {
        let mut core: Vec<u64> = f
            .faces
            .iter()
            .zip(f.modes.chars())
            .filter(|(face, mode)| !is_inert(alpha, face, *mode))
            .filter_map(|(face, mode)| {
                face_id
                    .get(face.as_str())
                    .map(|&id| items(&[id], &mode.to_string())[0])
            })
            .collect();
        core.sort_unstable();
        core.dedup();
        let entry = by_loss.entry(&f.loss).or_default();
        entry.0 += 1;
        *entry.1.entry(core).or_insert(false) |= f.differentiable;
    }
    let min = by_loss.keys().next().map(|q| (*q).clone());
    by_loss
        .into_iter()
        .map(|(loss, (families, cores))| LevelLine {
            loss: loss.clone(),
            families,
            spurious: min.as_ref().is_some_and(|m| loss > m),
            cores: Some(cores.len() as u64),
            differentiable: Some(cores.values().filter(|d| **d).count() as u64),
            full_width: Some(cores.keys().any(|c| c.len() == k)),
        })
        .collect()
}
/// The bytes of a `relucert/2` file holding `records`, gzip-compressed when `gzip`.
pub fn stream_bytes(records: &[Record], gzip: bool) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut plain = super::Writer::new(Vec::new());
    for r in records {
        plain.write(r)?;
    }
    let plain = plain.into_inner();
    if !gzip {
        return Ok(plain);
    }
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(&plain)?;
    enc.finish()
}

/// Every record of a `relucert/2` file, in order (errors name the file and the line).
pub fn read_records(path: &std::path::Path) -> crate::error::Result<Vec<Record>> {
    super::Reader::open(path)?
        .map(|r| r.map(|(_, rec)| rec))
        .collect()
}
