//! Writing certificate files: the deterministic JSON text of [`relucert_format::json_file`],
//! written atomically by [`crate::atomic_file`].

use std::io::Write;
use std::path::Path;

use rayon::prelude::*;
use relucert_format::genericity::GenericCertificate;
use relucert_format::{Certificate, json_file};
use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::error::Result;

/// A certificate that can be written to a file.
pub trait WriteCertificate {
    /// The file's text.
    fn text(&self) -> String;

    /// Write atomically: a temporary file in the target's directory, then a rename; the file
    /// is readable by everyone (mode 0644 on Unix), like a file written directly.
    fn write(&self, path: &Path) -> Result<()> {
        crate::atomic_file::write(path, self.text().as_bytes())
    }

    /// Check, before any expensive work, that `path` can be written: its directory exists and
    /// `path` is not itself a directory.
    fn check_writable(path: &Path) -> Result<()> {
        crate::atomic_file::check_writable(path)
    }
}

impl WriteCertificate for Certificate {
    /// The same bytes as [`json_file::to_json`] ([`certificate_parts`] joined).
    fn text(&self) -> String {
        let parts = certificate_parts(self);
        let mut out = String::with_capacity(parts.iter().map(String::len).sum());
        for part in &parts {
            out.push_str(part);
        }
        out
    }

    /// Write atomically, like the default, the text of [`certificate_parts`] (never joined
    /// into one string), rendering the cell records batch by batch while the previous batch
    /// is written (same bytes).
    fn write(&self, path: &Path) -> Result<()> {
        crate::output::write_with(path, &[], |out| write_into(self, out))
    }
}

/// Write the text of [`json_file::to_json`] into `out`, the cell records rendered batch by
/// batch in parallel while the previous batch is written.
pub(crate) fn write_into(cert: &Certificate, out: &mut (dyn Write + Send)) -> std::io::Result<()> {
    let Some((head, tail)) = shell_text(cert) else {
        return out.write_all(json_file::to_json(cert).as_bytes());
    };
    out.write_all(head.as_bytes())?;
    let batch = RECORDS_PER_PART * rayon::current_num_threads().max(1) * 4;
    let mut pending: Vec<String> = Vec::new();
    for (b, cells) in cert.cells.chunks(batch).enumerate() {
        let (written, rendered) = rayon::join(
            || pending.iter().try_for_each(|p| out.write_all(p.as_bytes())),
            || render_records(cells, b * batch),
        );
        written?;
        pending = rendered;
    }
    pending.iter().try_for_each(|p| out.write_all(p.as_bytes()))?;
    out.write_all(tail.as_bytes())
}

/// How many cell records one parallel task renders into one piece of text.
const RECORDS_PER_PART: usize = 64;

/// The text of [`json_file::to_json`] in consecutive pieces, with the cell records (nearly
/// all of the text) rendered in parallel: each record is printed by serde_json's pretty printer
/// already at the nesting depth of the `cells` array, runs of [`RECORDS_PER_PART`] records
/// into one piece, and the pieces go, in order, between the text of the certificate without
/// cells before and after its `cells` key (tested against `to_json` on every fixture).
pub fn certificate_parts(cert: &Certificate) -> Vec<String> {
    let Some((head, tail)) = shell_text(cert) else {
        return vec![json_file::to_json(cert)];
    };
    let mut parts = Vec::with_capacity(cert.cells.len() / RECORDS_PER_PART + 3);
    parts.push(head);
    parts.extend(render_records(&cert.cells, 0));
    parts.push(tail);
    parts
}

/// The text before and after the cell records (`None` with fewer than two cells: the whole
/// text is then rendered at once).
fn shell_text(cert: &Certificate) -> Option<(String, String)> {
    if cert.cells.len() < 2 {
        return None;
    }
    split_at_cells(&shell_of(cert))
}

/// `cert` without its cell records.
pub(crate) fn shell_of(cert: &Certificate) -> Certificate {
    Certificate {
        format: cert.format.clone(),
        instance: cert.instance.clone(),
        arrangement: cert.arrangement.clone(),
        cells: Vec::new(),
        minima: cert.minima.clone(),
        family_refutations: cert.family_refutations.clone(),
        saddles: cert.saddles.clone(),
        reduction: cert.reduction.clone(),
        levels: cert.levels.clone(),
        summary: cert.summary.clone(),
        landscape: cert.landscape.clone(),
    }
}

/// The text of `shell` (a certificate without cell records) before and after the place of the
/// records: `…"cells": [` and `\n  ],…`, so that head, records and tail, joined, are the text
/// of the certificate with the records.
pub(crate) fn split_at_cells(shell: &Certificate) -> Option<(String, String)> {
    let text = json_file::to_json(shell);
    // `cells` is a top-level key: the only line `  "cells": [],` indented by one level.
    const EMPTY: &str = "\n  \"cells\": [],\n";
    let at = text.find(EMPTY)?;
    Some((
        format!("{}\n  \"cells\": [", &text[..at]),
        format!("\n  ],\n{}", &text[at + EMPTY.len()..]),
    ))
}

/// The records `cells` (the first of them at index `first` of the certificate's cells), in
/// pieces of [`RECORDS_PER_PART`] rendered in parallel (see [`record_text_into`]).
fn render_records(cells: &[relucert_format::CellRecord], first: usize) -> Vec<String> {
    cells
        .par_chunks(RECORDS_PER_PART)
        .enumerate()
        .map(|(chunk, cells)| {
            let mut bytes = Vec::with_capacity(cells.len() * 8192);
            for (i, cell) in cells.iter().enumerate() {
                record_text_into(cell, first + chunk * RECORDS_PER_PART + i, &mut bytes);
            }
            String::from_utf8(bytes).expect("serde_json writes UTF-8")
        })
        .collect()
}

/// Append the text of the cell record `cell`, the certificate's record number `index`, as it
/// stands between the head and the tail of [`split_at_cells`]: preceded by `,` (except the
/// first) and its indentation.
pub(crate) fn record_text_into(cell: &relucert_format::CellRecord, index: usize, bytes: &mut Vec<u8>) {
    if index > 0 {
        bytes.push(b',');
    }
    bytes.extend_from_slice(b"\n    ");
    pretty_at_depth_into(cell, 2, bytes);
}

/// Append `value` as serde_json's pretty printer writes it `depth` arrays/objects deep (the
/// printer is brought to that depth by opening `depth` arrays on a sink).
fn pretty_at_depth_into<T: Serialize>(value: &T, depth: usize, bytes: &mut Vec<u8>) {
    let mut formatter = PrettyFormatter::new();
    for _ in 0..depth {
        formatter
            .begin_array(&mut std::io::sink())
            .expect("writing to a sink");
    }
    let mut ser = serde_json::Serializer::with_formatter(bytes, formatter);
    value.serialize(&mut ser).expect("certificate types serialise");
}

impl WriteCertificate for GenericCertificate {
    fn text(&self) -> String {
        json_file::to_json(self)
    }
}
