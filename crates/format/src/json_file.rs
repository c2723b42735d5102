//! Certificates as JSON files: deterministic pretty text, parse errors with line and column.
//! Shared by the `relucert/1` and `relucert-generic/1` formats.

use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{FormatError, Result};

/// Pretty JSON text ending in a newline (deterministic: field order is the type's).
pub fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("certificate types serialise");
    text.push('\n');
    text
}

/// Read and parse a JSON file; errors are [`FormatError`] naming the file, and the line and
/// column of a parse error.
pub fn read<T: DeserializeOwned>(path: &Path) -> Result<T> {
    parse(&read_text(path)?, path)
}

/// The text of a file; the error is [`FormatError`] naming the file.
pub fn read_text(path: &Path) -> Result<String> {
    // Size-limited: a file above the certificate limit is refused before it is read.
    relucert_exact::limits::read_text(path, relucert_exact::limits::FileKind::Certificate)
        .map_err(|e| FormatError(e.to_string()))
}

/// Parse JSON text read from `path`; the error names the file, line and column.
pub fn parse<T: DeserializeOwned>(text: &str, path: &Path) -> Result<T> {
    serde_json::from_str(text).map_err(|e| FormatError(format!("{}: {e}", path.display())))
}
