//! Writing certificate files: the deterministic JSON text of [`relucert_format::json_file`],
//! written atomically by [`crate::atomic_file`].

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

    /// Write atomically, like the default, from the pieces of [`certificate_parts`] (the text
    /// is never joined into one string).
    fn write(&self, path: &Path) -> Result<()> {
        let parts = certificate_parts(self);
        let slices: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
        crate::atomic_file::write_parts(path, &slices)
    }
}

/// How many cell records one parallel task renders into one piece of text.
const RECORDS_PER_PART: usize = 64;

/// The text of [`json_file::to_json`] in consecutive pieces, with the cell records (nearly
/// all of the text) rendered in parallel: each record is printed by serde_json's pretty printer
/// already at the nesting depth of the `cells` array, runs of [`RECORDS_PER_PART`] records
/// into one piece, and the pieces go, in order, between the text of the certificate without
/// cells before and after its `cells` key (tested against `to_json` on every fixture).
pub fn certificate_parts(cert: &Certificate) -> Vec<String> {
    if cert.cells.len() < 2 {
        return vec![json_file::to_json(cert)];
    }
    let shell = Certificate {
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
    };
    let text = json_file::to_json(&shell);
    // `cells` is a top-level key: the only line `  "cells": [],` indented by one level.
    const EMPTY: &str = "\n  \"cells\": [],\n";
    let Some(at) = text.find(EMPTY) else {
        return vec![json_file::to_json(cert)];
    };
    let mut parts = Vec::with_capacity(cert.cells.len() / RECORDS_PER_PART + 3);
    parts.push(format!("{}\n  \"cells\": [", &text[..at]));
    let records: Vec<String> = cert
        .cells
        .par_chunks(RECORDS_PER_PART)
        .enumerate()
        .map(|(chunk, cells)| {
            let mut bytes = Vec::with_capacity(cells.len() * 8192);
            for (i, cell) in cells.iter().enumerate() {
                if chunk > 0 || i > 0 {
                    bytes.push(b',');
                }
                bytes.extend_from_slice(b"\n    ");
                pretty_at_depth_into(cell, 2, &mut bytes);
            }
            String::from_utf8(bytes).expect("serde_json writes UTF-8")
        })
        .collect();
    parts.extend(records);
    parts.push(format!("\n  ],\n{}", &text[at + EMPTY.len()..]));
    parts
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
