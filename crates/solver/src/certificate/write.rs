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
    /// The same bytes as [`json_file::to_json`], with the cell records (nearly all of the text)
    /// rendered in parallel: each record is printed by serde_json's pretty printer already at
    /// the nesting depth of the `cells` array, and the records are spliced, in order, into the
    /// text of the certificate without cells (tested against `to_json` on every fixture).
    fn text(&self) -> String {
        if self.cells.len() < 2 {
            return json_file::to_json(self);
        }
        let shell = Certificate {
            format: self.format.clone(),
            instance: self.instance.clone(),
            arrangement: self.arrangement.clone(),
            cells: Vec::new(),
            minima: self.minima.clone(),
            family_refutations: self.family_refutations.clone(),
            saddles: self.saddles.clone(),
            reduction: self.reduction.clone(),
            levels: self.levels.clone(),
            summary: self.summary.clone(),
            landscape: self.landscape.clone(),
        };
        let text = json_file::to_json(&shell);
        // `cells` is a top-level key: the only line `  "cells": [],` indented by one level.
        const EMPTY: &str = "\n  \"cells\": [],\n";
        let Some(at) = text.find(EMPTY) else {
            return json_file::to_json(self);
        };
        let records: Vec<String> = self.cells.par_iter().map(|c| pretty_at_depth(c, 2)).collect();
        let size = text.len() + records.iter().map(|r| r.len() + 6).sum::<usize>() + 8;
        let mut out = String::with_capacity(size);
        out.push_str(&text[..at]);
        out.push_str("\n  \"cells\": [");
        for (i, r) in records.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("\n    ");
            out.push_str(r);
        }
        out.push_str("\n  ],\n");
        out.push_str(&text[at + EMPTY.len()..]);
        out
    }
}

/// `value` as serde_json's pretty printer writes it `depth` arrays/objects deep (the printer is
/// brought to that depth by opening `depth` arrays on a sink).
fn pretty_at_depth<T: Serialize>(value: &T, depth: usize) -> String {
    let mut formatter = PrettyFormatter::new();
    for _ in 0..depth {
        formatter
            .begin_array(&mut std::io::sink())
            .expect("writing to a sink");
    }
    let mut bytes = Vec::with_capacity(1024);
    let mut ser = serde_json::Serializer::with_formatter(&mut bytes, formatter);
    value.serialize(&mut ser).expect("certificate types serialise");
    String::from_utf8(bytes).expect("serde_json writes UTF-8")
}

impl WriteCertificate for GenericCertificate {
    fn text(&self) -> String {
        json_file::to_json(self)
    }
}
