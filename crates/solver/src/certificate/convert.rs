//! Reading a certificate file in either format as `relucert/1`, and writing a `relucert/1`
//! certificate in either format (`relucert convert`, the Python package's `load` and `save`).
//! The record-for-record rewriting is [`relucert_format::v2::convert`].

use std::path::Path;

use relucert_format::v2::convert::{certificate_of, read_records, records_of, stream_bytes};
use relucert_format::v2::io::wants_gzip;
use relucert_format::v2::{Detected, detect};

use super::{Certificate, WriteCertificate, json_file};
use crate::error::{Error, Result};

/// Whether a certificate written to `path` is a `relucert/2` stream: its name ends in `.jsonl`
/// or `.gz` (as for `relucert certify -o`).
pub fn is_stream_name(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".jsonl") || name.ends_with(".gz")
}

/// Read a minima certificate (`relucert/1`, or a whole `relucert/2` stream, plain or gzip) as
/// `relucert/1`. Nothing is checked beyond the formats: `relucert check` verifies the claims.
pub fn read_any(path: &Path) -> Result<Certificate> {
    match detect(path)? {
        Detected::Stream => {
            let records = read_records(path)?;
            certificate_of(&records).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
        }
        Detected::Document => {
            let cert: Certificate = json_file::read(path)?;
            if cert.format != relucert_format::FORMAT {
                return Err(Error::Input(format!(
                    "{}: format: expected {} or a relucert/2 stream, found {}",
                    path.display(),
                    relucert_format::FORMAT,
                    cert.format
                )));
            }
            Ok(cert)
        }
    }
}

/// The bytes of `cert` in the format `path`'s name asks for: a `relucert/2` stream (gzip for
/// `.gz`) for [`is_stream_name`], `relucert/1` JSON otherwise.
pub fn bytes_for(cert: &Certificate, path: &Path) -> Result<Vec<u8>> {
    if !is_stream_name(path) {
        return Ok(cert.text().into_bytes());
    }
    let records = records_of(cert).map_err(|e| Error::Input(format!("{}: {e}", path.display())))?;
    stream_bytes(&records, wants_gzip(path)).map_err(|e| Error::Input(format!("{}: {e}", path.display())))
}

/// Write `cert` to `path` atomically in the format its name asks for ([`bytes_for`]).
pub fn write_as(cert: &Certificate, path: &Path) -> Result<()> {
    crate::atomic_file::write(path, &bytes_for(cert, path)?)
}
