//! Reading a certificate record by record into a [`Landscape`], in bounded memory.
//!
//! `relucert/1` is one JSON document; its `cells`, `minima` and `family_refutations` arrays
//! are walked element by element with a serde visitor (each element parsed, summarised and
//! dropped), and only the fields the summary needs are parsed (Motzkin multipliers and
//! least-squares matrices are skipped without building numbers). Memory is bounded by the
//! instance, the arrangement and the number of distinct loss values.

use std::fmt;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use serde::de::{DeserializeSeed, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use relucert_exact::Q;
use relucert_format::error::FormatError;
use relucert_format::family::PointRecord;
use relucert_format::{ArrangementRecord, Certificate, InstanceRecord, rational_text};

use crate::landscape::{ArrangementCounts, Landscape, LandscapeBuilder};

/// The summary of a certificate file, read in one streaming pass. Errors name the file (and
/// the line and column of a parse error).
pub fn read_landscape(path: &Path) -> Result<Landscape, FormatError> {
    let fail = |m: String| FormatError(format!("{}: {m}", path.display()));
    if relucert_format::v2::detect(path)? == relucert_format::v2::Detected::Stream {
        return read_stream(path);
    }
    let file = File::open(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    let reader = BufReader::with_capacity(1 << 20, file);
    let mut builder = LandscapeBuilder::new();
    let mut de = serde_json::Deserializer::from_reader(reader);
    Document {
        builder: &mut builder,
    }
    .deserialize(&mut de)
    .map_err(|e| fail(e.to_string()))?;
    de.end().map_err(|e| fail(e.to_string()))?;
    builder.finish().map_err(fail)
}

/// A `relucert/2` stream (JSON Lines, plain or gzip), one record at a time: chamber and face
/// ids are resolved to sign strings (the two lists are kept; they are small beside the cells
/// and families), multiplicities recomputed as `K!/Π m_c!`.
fn read_stream(path: &Path) -> Result<Landscape, FormatError> {
    use relucert_format::v2::{Reader, Record};
    let fail = |line: usize, m: String| FormatError(format!("{}: line {line}: {m}", path.display()));
    let mut b = LandscapeBuilder::new();
    let (mut chambers, mut faces) = (Vec::<String>::new(), Vec::<String>::new());
    let (mut chamber_count, mut face_count) = (None, None);
    let names = |ids: &[u64], list: &[String], what: &str, line: usize| -> Result<Vec<String>, FormatError> {
        ids.iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|i| list.get(i).cloned())
                    .ok_or_else(|| fail(line, format!("{what} id {i} is not listed before it")))
            })
            .collect()
    };
    for item in Reader::open(path)? {
        let (line, record) = item?;
        match record {
            Record::Header(h) => {
                b.format(h.format);
                if h.options.families {
                    b.has_families();
                }
                b.instance(h.instance);
            }
            Record::Chamber(c) => chambers.push(c.signs),
            Record::Arrangement(a) => chamber_count = Some(a.count),
            Record::Face(f) => faces.push(f.signs),
            Record::Faces(f) => face_count = Some(f.count),
            Record::Cell(c) => {
                let multiplicity =
                    multiplicity(&c.c).ok_or_else(|| fail(line, "multiplicity overflows".into()))?;
                b.cell(
                    &names(&c.c, &chambers, "chamber", line)?,
                    multiplicity,
                    c.loss,
                    c.genuine,
                )
                .map_err(|m| fail(line, m))?;
            }
            Record::Family(f) => b.family(
                &names(&f.f, &faces, "face", line)?,
                &f.m,
                f.loss,
                &f.witness,
                f.differentiable,
            ),
            Record::FamilyRefutation(_) => b.refuted_family(),
            _ => {}
        }
    }
    b.arrangement(ArrangementCounts {
        chambers: chambers.len() as u64,
        chamber_count: chamber_count.unwrap_or(0),
        faces: face_count.map(|_| faces.len() as u64),
        face_count,
    });
    b.finish()
        .map_err(|m| FormatError(format!("{}: {m}", path.display())))
}

/// `K!/Π m_c!` for a non-decreasing list of `K` ids (checked arithmetic).
fn multiplicity(ids: &[u64]) -> Option<u64> {
    let mut value: u128 = 1;
    let mut run = 0u128;
    for (i, id) in ids.iter().enumerate() {
        run = if i > 0 && ids[i - 1] == *id { run + 1 } else { 1 };
        // Multiply by (i + 1) / run: the multinomial built one unit at a time stays integral.
        value = value.checked_mul(i as u128 + 1)? / run;
    }
    u64::try_from(value).ok()
}

/// The summary of a certificate already in memory (same result as [`read_landscape`] on its file).
pub fn landscape_of(cert: &Certificate) -> Result<Landscape, String> {
    let mut b = LandscapeBuilder::new();
    b.format(cert.format.clone());
    b.instance(cert.instance.clone());
    b.arrangement(counts(&cert.arrangement));
    for c in &cert.cells {
        b.cell(&c.chambers, c.multiplicity, c.loss.clone(), c.genuine)?;
    }
    if let Some(minima) = &cert.minima {
        b.has_families();
        for f in minima {
            b.family(&f.faces, &f.modes, f.loss.clone(), &f.witness, f.differentiable);
        }
    }
    for _ in cert.family_refutations.iter().flatten() {
        b.refuted_family();
    }
    b.finish()
}

fn counts(a: &ArrangementRecord) -> ArrangementCounts {
    ArrangementCounts {
        chambers: a.chambers.len() as u64,
        chamber_count: a.count,
        faces: a.faces.as_ref().map(|f| f.len() as u64),
        face_count: a.face_count,
    }
}

/// The fields of a cell record the summary needs (the rest is skipped unparsed).
#[derive(Deserialize)]
struct CellHead {
    chambers: Vec<String>,
    multiplicity: u64,
    #[serde(with = "rational_text::one")]
    loss: Q,
    genuine: bool,
}

/// The fields of a family record the summary needs.
#[derive(Deserialize)]
struct FamilyHead {
    faces: Vec<String>,
    modes: String,
    #[serde(with = "rational_text::one")]
    loss: Q,
    witness: PointRecord,
    differentiable: bool,
}

/// The top-level object of a `relucert/1` document.
struct Document<'a> {
    builder: &'a mut LandscapeBuilder,
}

impl<'de> DeserializeSeed<'de> for Document<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Document<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a relucert certificate (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let b = self.builder;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: String = map.next_value()?;
                    if format != relucert_format::FORMAT {
                        return Err(A::Error::custom(format!(
                            "format: expected \"{}\", found \"{format}\"",
                            relucert_format::FORMAT
                        )));
                    }
                    b.format(format);
                }
                "instance" => b.instance(map.next_value::<InstanceRecord>()?),
                "arrangement" => b.arrangement(counts(&map.next_value::<ArrangementRecord>()?)),
                "cells" => map.next_value_seed(each(|c: CellHead| {
                    b.cell(&c.chambers, c.multiplicity, c.loss, c.genuine)
                }))?,
                "minima" => {
                    b.has_families();
                    map.next_value_seed(each(|f: FamilyHead| {
                        b.family(&f.faces, &f.modes, f.loss, &f.witness, f.differentiable);
                        Ok(())
                    }))?
                }
                "family_refutations" => map.next_value_seed(each(|_: IgnoredAny| {
                    b.refuted_family();
                    Ok(())
                }))?,
                // The summary is recomputed from the records; other sections (e.g. additions of
                // later versions) are skipped: `show` reads, `check` is strict.
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// An array whose elements are handed to a callback one at a time.
struct Each<T, F>(F, std::marker::PhantomData<T>);

/// An [`Each`] calling `f`.
fn each<T, F>(f: F) -> Each<T, F> {
    Each(f, std::marker::PhantomData)
}

impl<'de, T, F> DeserializeSeed<'de> for Each<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(T) -> Result<(), String>,
{
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de, T, F> Visitor<'de> for Each<T, F>
where
    T: Deserialize<'de>,
    F: FnMut(T) -> Result<(), String>,
{
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<(), A::Error> {
        while let Some(item) = seq.next_element::<T>()? {
            (self.0)(item).map_err(A::Error::custom)?;
        }
        Ok(())
    }
}

/// Read a whole certificate into memory (for the report, which draws every record and runs the
/// checker). Refuses files above `max_bytes` with a clear message.
pub fn read_certificate(path: &Path, max_bytes: u64) -> Result<Certificate, FormatError> {
    let fail = |m: String| FormatError(format!("{}: {m}", path.display()));
    let len = std::fs::metadata(path)
        .map_err(|e| fail(format!("cannot read: {e}")))?
        .len();
    if relucert_format::v2::detect(path)? == relucert_format::v2::Detected::Stream {
        // A stream is rewritten as relucert/1 in memory (`relucert convert`). A gzip stream
        // is bounded by a sixteenth of the limit: certificates compress 20–50 times.
        let mut magic = [0u8; 2];
        let gzip = File::open(path)
            .and_then(|mut f| f.read_exact(&mut magic))
            .is_ok()
            && magic == [0x1f, 0x8b];
        let limit = if gzip { max_bytes / 16 } else { max_bytes };
        if len > limit {
            return Err(fail(format!(
                "{len} bytes is above the report's limit of {limit} bytes for this file (the report draws every \
                 record); use `relucert show` for a summary"
            )));
        }
        let records = relucert_format::v2::convert::read_records(path)?;
        return relucert_format::v2::convert::certificate_of(&records).map_err(fail);
    }
    if len > max_bytes {
        return Err(fail(format!(
            "{len} bytes is above the report's limit of {max_bytes} bytes (the report draws every record); use `relucert show` for a summary"
        )));
    }
    let mut text = String::new();
    File::open(path)
        .and_then(|mut f| f.read_to_string(&mut text))
        .map_err(|e| fail(format!("cannot read: {e}")))?;
    relucert_format::json_file::parse(&text, path)
}
