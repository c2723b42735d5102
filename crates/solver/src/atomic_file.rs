//! Writing output files atomically: the bytes go to a temporary file in the target directory,
//! which is renamed over the target only when complete, so a failed or interrupted run never
//! leaves a half-written file behind.

use std::path::Path;

use crate::error::Result;

/// Check, before any expensive work, that `path` can be written ([`crate::output::prepare`]:
/// its directory exists and accepts a new file, and `path` is not a directory).
pub fn check_writable(path: &Path) -> Result<()> {
    crate::output::prepare(path, &[]).map(|_| ())
}

/// Write `bytes` to `path` safely ([`crate::output::write`]): a regular file through a
/// temporary file beside it and a rename (mode 0644 on Unix, like a file written directly); a
/// device or FIFO directly, never replaced; `-` to standard output.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::output::write(path, &[], bytes)
}

/// [`write`] the concatenation of `parts` (without joining them in memory).
pub fn write_parts(path: &Path, parts: &[&[u8]]) -> Result<()> {
    crate::output::write_parts(path, &[], parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn writes_and_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write(&path, b"one").unwrap();
        write(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }

    #[test]
    fn missing_directory_is_an_output_error() {
        let err = write(Path::new("/nonexistent-relucert-dir/x.json"), b"x").unwrap_err();
        assert!(
            matches!(err, Error::Output(ref m) if m.contains("does not exist")),
            "{err}"
        );
        let dir = tempfile::tempdir().unwrap();
        assert!(write(dir.path(), b"x").is_err());
    }
}
