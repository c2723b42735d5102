//! Writing output files atomically: the bytes go to a temporary file in the target directory,
//! which is renamed over the target only when complete, so a failed or interrupted run never
//! leaves a half-written file behind.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// Check, before any expensive work, that `path` can be written: its directory exists and
/// `path` is not a directory.
pub fn check_writable(path: &Path) -> Result<()> {
    let dir = directory_of(path);
    if !dir.is_dir() {
        return Err(Error::Output(format!(
            "{}: cannot write: directory {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    if path.is_dir() {
        return Err(Error::Output(format!(
            "{}: cannot write: it is a directory",
            path.display()
        )));
    }
    Ok(())
}

/// Write `bytes` to `path` atomically (temporary file in the same directory, then rename).
/// The file is readable by everyone (mode 0644 on Unix), like a file written directly.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    check_writable(path)?;
    let fail = |e: std::io::Error| Error::Output(format!("{}: cannot write: {e}", path.display()));
    let mut tmp = tempfile::NamedTempFile::new_in(directory_of(path)).map_err(fail)?;
    tmp.write_all(bytes).map_err(fail)?;
    tmp.flush().map_err(fail)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    tmp.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
