//! Writing certificate files: the deterministic JSON text of [`relucert_format::json_file`],
//! written atomically by [`crate::atomic_file`].

use std::path::Path;

use relucert_format::genericity::GenericCertificate;
use relucert_format::{Certificate, json_file};

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
    fn text(&self) -> String {
        json_file::to_json(self)
    }
}

impl WriteCertificate for GenericCertificate {
    fn text(&self) -> String {
        json_file::to_json(self)
    }
}
