//! Reading a `relucert/1` certificate with its `cells` parsed in parallel.
//!
//! The cell records are almost all of a certificate's text, and parsing them is independent
//! work. [`parse_certificate`] finds the top-level key `cells` exactly (a scan of the values
//! before it, which are small), guesses where its array closes ([`cells_array`]), cuts the
//! array's contents into runs of elements at guessed boundaries ([`chunks`]), parses every
//! run as a list of [`CellRecord`]s on the rayon pool (element by element in place, else as a
//! JSON array: `parse_run`), and parses the rest of the document — the array replaced by
//! `[]` — as the [`Certificate`] it is.
//!
//! Why the result is the serial parse's, whatever the guesses: the text is
//! `A [run₁, run₂, …] C` where `A [] C` parsed as a certificate with `[]` as the value of its
//! top-level key `cells` (the key was found by an exact scan of `A`; a second `cells` key in
//! `C` is a duplicate field, which does not parse) and `[run₁, …]` parsed as a list of cell
//! records — each run is parsed by serde_json with the same types, `deny_unknown_fields` and
//! all. Putting a valid JSON value in a value's place gives valid JSON (the grammar composes
//! and is unambiguous), so the serial parse reads the same fields and, for `cells`, the
//! runs' elements in order. A guess that falls inside a string or a record leaves a run or the
//! rest that does not parse. Whenever anything does not fit (no `cells` key at the top
//! level, a run that does not parse, a parse error anywhere) the whole text is parsed serially
//! instead, so errors keep their exact line and column.

use std::ops::Range;
use std::path::Path;

use rayon::prelude::*;

use crate::error::Result;
use crate::{CellRecord, Certificate, json_file};

/// Runs per thread: enough to balance the work (elements are parsed in place, so more runs
/// cost nothing but a task each).
const RUNS_PER_THREAD: usize = 16;

/// Parse certificate text read from `path` (errors as [`json_file::parse`]).
pub fn parse_certificate(text: &str, path: &Path) -> Result<Certificate> {
    if let Some(cert) = parse_split(text) {
        return Ok(cert);
    }
    json_file::parse(text, path)
}

/// The parallel route alone: `None` where [`parse_certificate`] falls back to the serial parse.
pub fn parse_split(text: &str) -> Option<Certificate> {
    let array = cells_array(text)?;
    let runs = chunks(
        text,
        array.clone(),
        rayon::current_num_threads() * RUNS_PER_THREAD,
    );
    let (parsed, cert) = rayon::join(
        || {
            runs.par_iter()
                .map(|r| parse_run(text, r.clone()))
                .collect::<Option<Vec<Vec<CellRecord>>>>()
        },
        || parse_shell(text, &array),
    );
    let (parsed, mut cert) = (parsed?, cert?);
    // One allocation of the final size (a growing vector would copy the records into fresh
    // memory again and again, serially).
    let mut cells = Vec::with_capacity(parsed.iter().map(Vec::len).sum());
    for run in parsed {
        cells.extend(run);
    }
    cert.cells = cells;
    Some(cert)
}

/// A certificate's text cut for reading its cells run by run: everything but the cells,
/// parsed (`shell`, with no cells), and the runs of the `cells` array's elements in order
/// ([`chunks`]), each for [`parse_run`].
///
/// The runs' records, in order, put in `shell.cells`, are the certificate of the serial parse
/// when every run parses — the argument of the module docs; when one does not, the caller
/// parses the whole text serially instead ([`parse_certificate`]).
pub struct Split {
    pub shell: Certificate,
    pub runs: Vec<Range<usize>>,
}

/// [`Split`] the text into `runs` runs at most; `None` where [`parse_certificate`] would fall
/// back to the serial parse before reading a run (no top-level `cells` array, or the rest does
/// not parse as a certificate with empty `cells`).
pub fn split(text: &str, runs: usize) -> Option<Split> {
    let array = cells_array(text)?;
    let shell = parse_shell(text, &array)?;
    Some(Split {
        shell,
        runs: chunks(text, array, runs),
    })
}

/// The document with the `cells` array (at `array`) replaced by `[]`, parsed as a certificate;
/// `None` when it does not parse or a second `cells` value filled the field.
fn parse_shell(text: &str, array: &Range<usize>) -> Option<Certificate> {
    let rest = [&text[..array.start], "[]", &text[array.end..]].concat();
    serde_json::from_str::<Certificate>(&rest)
        .ok()
        .filter(|c| c.cells.is_empty())
}

/// The elements of one run (a range of [`chunks`]): each element between guessed boundaries
/// ([`next_boundary`]) parsed on its own, in place (no copy of the text); when an element does
/// not parse — a guess fell inside a string, or the text is not laid out as relucert writes
/// it — the run is parsed whole as a JSON array (a copy with brackets added), and `None` if
/// that fails too.
///
/// Why the elements are the serial parse's: the run is `p₁ s p₂ s … pₙ` where every separator
/// `s` is `,` and whitespace (the boundary pattern) and every `pᵢ` parsed, alone and entirely,
/// as a cell record; so `[p₁, p₂, …, pₙ]` is the run as a JSON array of those records, which
/// is what the module's argument needs of a run.
pub fn parse_run(text: &str, run: Range<usize>) -> Option<Vec<CellRecord>> {
    let b = text.as_bytes();
    let mut records = Vec::new();
    let mut start = run.start;
    let each = loop {
        let (end, next) = match next_boundary(b, start, run.end) {
            Some(cut) => cut,
            None => (run.end, run.end),
        };
        match serde_json::from_str::<CellRecord>(&text[start..end]) {
            Ok(record) => records.push(record),
            Err(_) => break false,
        }
        if end == run.end {
            break true;
        }
        start = next;
    };
    if each {
        return Some(records);
    }
    serde_json::from_str::<Vec<CellRecord>>(&["[", &text[run], "]"].concat()).ok()
}

/// The string value of the top-level key `key`, read without parsing the rest of the document
/// (the values before it are skipped by the same scan as [`cells_array`]); `None` when the
/// text does not start as an object with that key, or its value is not a plain string. The
/// caller still parses the whole document, which rejects what this scan does not look at.
pub fn top_level_string(text: &str, key: &str) -> Option<String> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, find_top_level_key(b, key.as_bytes())?);
    if b.get(i) != Some(&b':') {
        return None;
    }
    i = skip_ws(b, i + 1);
    if b.get(i) != Some(&b'"') {
        return None;
    }
    serde_json::from_str(&text[i..string_end(b, i)?]).ok()
}

/// The byte range of the value of the top-level key `cells` when it is an array (brackets
/// included), found by skipping the values of the keys before it; `None` otherwise.
pub fn cells_array(text: &str) -> Option<Range<usize>> {
    let b = text.as_bytes();
    let mut i = skip_ws(b, find_top_level_key(b, b"cells")?);
    if b.get(i) != Some(&b':') {
        return None;
    }
    i = skip_ws(b, i + 1);
    if b.get(i) != Some(&b'[') {
        return None;
    }
    // The closing bracket, guessed: in the pretty text relucert writes (and serde_json's pretty
    // printer in general) a top-level array closes on a line of its own, "\n  ]", and no
    // deeper bracket is indented by exactly two spaces (nor can a string hold a raw newline).
    // The guess needs no proof: the runs and the rest are parsed and checked as above. Without
    // that line, the bracket is found by a scan of the whole array.
    match memchr::memmem::find(&b[i..], b"\n  ]") {
        Some(at) => Some(i..i + at + 4),
        None => Some(i..value_end(b, i)?),
    }
}

/// The contents of `array` (between its brackets) cut into at most `n` runs at guessed element
/// boundaries ([`next_boundary`], from evenly spaced offsets); a run ends after an element's
/// `}` and the next starts at the following `{`. An empty array gives no runs.
pub fn chunks(text: &str, array: Range<usize>, n: usize) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let (first, end) = (skip_ws(b, array.start + 1), array.end - 1);
    if first >= end {
        return Vec::new();
    }
    let mut runs = Vec::new();
    let mut start = first;
    let step = (end - first) / n.max(1) + 1;
    let mut target = first + step;
    while target < end {
        let Some(cut) = next_boundary(b, target.max(start), end) else {
            break;
        };
        runs.push(start..cut.0);
        start = cut.1;
        target = (start + step).max(target + step);
    }
    runs.push(start..end);
    runs
}

/// From `from`, the next end of an element of the cells array as relucert's pretty text
/// writes it, `"\n    },\n    {"` (elements of the top-level arrays are indented by four
/// spaces, deeper values by more): (one past the `}`, the `{`). Only a guess — see the module
/// docs.
fn next_boundary(b: &[u8], from: usize, end: usize) -> Option<(usize, usize)> {
    const PATTERN: &[u8] = b"\n    },\n    {";
    let at = from + memchr::memmem::find(&b[from..end], PATTERN)?;
    Some((at + 6, at + PATTERN.len() - 1))
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\n' | b'\r' | b'\t') {
        i += 1;
    }
    i
}

/// The end of the string starting at `b[i] == '"'` (one past the closing quote).
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// The end of the value starting at `b[i]`: a bracketed value ends at its matching bracket,
/// a string at its closing quote, anything else (a number, `true`, …) before the next `,`,
/// `]`, `}` or whitespace.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let mut j = i;
            while j < b.len() && !matches!(b[j], b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t') {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// The position just after the key `"name"` of the top-level object (before its `:`).
fn find_top_level_key(b: &[u8], name: &[u8]) -> Option<usize> {
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(b, i + 1);
    loop {
        if b.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(b, i)?;
        let key = &b[i + 1..key_end - 1];
        let mut j = skip_ws(b, key_end);
        if key == name {
            return Some(key_end);
        }
        if b.get(j) != Some(&b':') {
            return None;
        }
        j = skip_ws(b, j + 1);
        j = skip_ws(b, value_end(b, j)?);
        match b.get(j) {
            Some(b',') => i = skip_ws(b, j + 1),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_strings() {
        let text = r#"{"a": {"format": "x"}, "format" : "relucert/1", "cells": []}"#;
        assert_eq!(top_level_string(text, "format").as_deref(), Some("relucert/1"));
        assert_eq!(
            top_level_string(r#"{"format": "a\"b"}"#, "format").as_deref(),
            Some("a\"b")
        );
        assert_eq!(top_level_string(r#"{"format": 1}"#, "format"), None);
        assert_eq!(top_level_string(r#"{"other": "relucert/1"}"#, "format"), None);
        assert_eq!(top_level_string(r#"["format", "relucert/1"]"#, "format"), None);
    }

    #[test]
    fn finds_the_top_level_cells_array_only() {
        let text =
            r#"{"a": {"cells": [9]}, "s": "\"cells\": [1]", "cells" : [ {"x": "]"}, [1, [2]] , 3 ], "z": 1}"#;
        let array = cells_array(text).unwrap();
        assert_eq!(&text[array], r#"[ {"x": "]"}, [1, [2]] , 3 ]"#);
        assert!(cells_array(r#"{"other": []}"#).is_none());
        assert!(cells_array(r#"[{"cells": []}]"#).is_none());
        assert!(cells_array(r#"{"cells": 3}"#).is_none());
    }

    #[test]
    fn runs_cover_the_elements_in_order() {
        let cells: Vec<serde_json::Value> = (0..7)
            .map(|i| serde_json::json!({"a": i, "s": "\n    },\n    {", "b": [{"c": i}, {"d": [i]}]}))
            .collect();
        let text =
            serde_json::to_string_pretty(&serde_json::json!({"x": 1, "cells": cells, "z": [2]})).unwrap();
        let array = cells_array(&text).unwrap();
        let whole: serde_json::Value = serde_json::from_str(&text[array.clone()]).unwrap();
        assert_eq!(whole, serde_json::Value::Array(cells));
        for n in 1..10 {
            let runs = chunks(&text, array.clone(), n);
            assert!(!runs.is_empty() && runs.len() <= n);
            let joined: Vec<&str> = runs.iter().map(|r| &text[r.clone()]).collect();
            let all: serde_json::Value = serde_json::from_str(&format!("[{}]", joined.join(","))).unwrap();
            assert_eq!(all, whole, "n = {n}: {joined:?}");
        }
        assert!(chunks(r#"{"cells": [ ]}"#, 10..13, 4).is_empty());
    }

    #[test]
    fn a_cut_inside_a_string_does_not_parse() {
        // The only boundary pattern is inside a string: the runs cannot all parse.
        let text = "{\"cells\": [{\"a\": \"\n    },\n    {\"}]}";
        let array = cells_array(text).unwrap();
        let runs = chunks(text, array, 8);
        assert!(runs.len() > 1);
        assert!(
            runs.iter()
                .any(
                    |r| serde_json::from_str::<serde_json::Value>(&format!("[{}]", &text[r.clone()]))
                        .is_err()
                )
        );
    }
}
