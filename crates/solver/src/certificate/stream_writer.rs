//! Writing a `relucert/2` certificate as the records are produced (flat memory), into
//! `<target>.partial` beside the target; [`StreamWriter::finish`] writes the trailer and then
//! renames the partial file to the target (or, for a `.gz` target, compresses it into a
//! temporary file that is renamed), so the target is never half written.
//!
//! **Resume.** The partial file is kept when the run fails or is killed. With `resume`,
//! [`StreamWriter::create`] keeps its complete lines (each ending in `\n` and parsing as a
//! record; the file is cut after the last such line), requires the same header (instance and
//! options), replays the kept records through the [`Tally`], and appends after them. Stages
//! learn how far each section got from [`RecordSink::resume_point`], so no record is written
//! twice and none is lost (the checker verifies the order and counts of the result).

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use relucert_format::v2::io::{EncodedLine, FileOut, MAX_LINE, encode, wants_gzip};
use relucert_format::v2::{Header, Record, ShardEnd, Trailer, Writer};

use super::sink::{RecordSink, Section};
use super::stream_tally::Tally;
use crate::error::{Error, Result};

/// The partial file of a target: `<target>.partial` in the same directory.
pub fn partial_path(target: &Path) -> PathBuf {
    let mut name = target.as_os_str().to_os_string();
    name.push(".partial");
    PathBuf::from(name)
}

/// Where the records go: the partial file of a regular target, or straight to standard
/// output, a device or a FIFO (no resume there).
enum Out {
    Partial(BufWriter<File>),
    Direct(BufWriter<Box<dyn Write>>),
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Partial(w) => w.write(buf),
            Out::Direct(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Partial(w) => w.flush(),
            Out::Direct(w) => w.flush(),
        }
    }
}

/// A resumable streaming certificate file.
pub struct StreamWriter {
    target: PathBuf,
    partial: PathBuf,
    out: Writer<Out>,
    tally: Tally,
    families: bool,
    /// Records of each section already in the file (from a resumed run).
    kept: BTreeMap<Section, u64>,
    /// Records of each section pushed (or skipped by the stage) in this run.
    pushed: BTreeMap<Section, u64>,
    /// Records written by this run (for the `RELUCERT_STOP_AFTER` test hook).
    written: u64,
    stop_after: Option<u64>,
}

impl StreamWriter {
    /// Start writing the certificate for `header` to `target` (through `<target>.partial`).
    /// With `resume`, continue an existing partial file of the same header. Returns the
    /// writer and the number of records kept from a previous run.
    pub fn create(target: &Path, header: Header, resume: bool) -> Result<(Self, u64)> {
        let kind = crate::output::prepare(target, &[])?;
        if let Some(direct) = crate::output::direct_writer(&kind)? {
            if resume {
                return Err(Error::Input(format!(
                    "{}: --resume needs a regular file as the output",
                    target.display()
                )));
            }
            if wants_gzip(target) {
                return Err(Error::Input(format!(
                    "{}: gzip is written to regular files only",
                    target.display()
                )));
            }
            let mut w = StreamWriter {
                target: target.to_path_buf(),
                partial: target.to_path_buf(),
                out: Writer::new(Out::Direct(BufWriter::with_capacity(1 << 16, direct))),
                tally: Tally::default(),
                families: header.options.families,
                kept: BTreeMap::new(),
                pushed: BTreeMap::new(),
                written: 0,
                stop_after: None,
            };
            w.write(&Record::Header(header))?;
            return Ok((w, 0));
        }
        let partial = partial_path(target);
        let fail = |e: std::io::Error| Error::Output(format!("{}: cannot write: {e}", partial.display()));
        let mut tally = Tally::default();
        let mut kept = BTreeMap::new();
        let mut kept_total = 0;
        let first = Record::Header(header.clone());
        let file = if resume && partial.exists() {
            let mut mismatch = false;
            let (keep_bytes, count) = scan_partial(&partial, |j, rec| {
                if j == 0 {
                    mismatch = rec != first;
                }
                tally.add(&rec);
                if let Some(s) = Section::of(&rec) {
                    *kept.entry(s).or_insert(0) += 1;
                }
                !mismatch
            })?;
            if mismatch {
                return Err(Error::Refused(format!(
                    "{}: --resume: the partial certificate was written for another instance or \
                     other options; delete it or run without --resume",
                    partial.display()
                )));
            }
            kept_total = count;
            let mut f = OpenOptions::new()
                .read(true)
                .write(true)
                .open(&partial)
                .map_err(fail)?;
            f.set_len(keep_bytes).map_err(fail)?;
            f.seek(SeekFrom::End(0)).map_err(fail)?;
            f
        } else {
            File::create(&partial).map_err(fail)?
        };
        let mut w = StreamWriter {
            target: target.to_path_buf(),
            partial: partial.clone(),
            out: Writer::new(Out::Partial(BufWriter::with_capacity(1 << 16, file))),
            tally,
            families: header.options.families,
            kept,
            pushed: BTreeMap::new(),
            written: 0,
            stop_after: std::env::var("RELUCERT_STOP_AFTER")
                .ok()
                .and_then(|v| v.parse().ok()),
        };
        if kept_total == 0 {
            w.write(&first)?;
        }
        Ok((w, kept_total))
    }

    fn write(&mut self, rec: &Record) -> Result<()> {
        let line = encode(rec).map_err(|e| Error::Output(format!("cannot encode a record: {e}")))?;
        self.write_line(rec, &line)
    }

    /// Write `rec`'s line, and count the record.
    fn write_line(&mut self, rec: &Record, line: &EncodedLine) -> Result<()> {
        self.out
            .write_encoded(line)
            .map_err(|e| Error::Output(format!("{}: cannot write: {e}", self.partial.display())))?;
        self.tally.add(rec);
        self.written += 1;
        if self.stop_after.is_some_and(|n| self.written >= n) {
            // Test hook: simulate a kill after `n` records reached the file.
            let _ = self.out.flush();
            std::process::abort();
        }
        Ok(())
    }

    /// The totals so far.
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    /// Write the trailer and move the file into place; returns the trailer.
    pub fn finish(mut self) -> Result<Trailer> {
        let trailer = self.tally.trailer(self.families)?;
        self.write(&Record::Trailer(trailer.clone()))?;
        self.close()?;
        Ok(trailer)
    }

    /// A shard ends with a [`ShardEnd`] (its counts) instead of the trailer: write it and move
    /// the file into place.
    pub fn finish_shard(mut self) -> Result<ShardEnd> {
        let end = ShardEnd {
            counts: self.tally.counts().clone(),
        };
        self.write(&Record::ShardEnd(end.clone()))?;
        self.close()?;
        Ok(end)
    }

    /// Abandon the output: remove the partial file (a failed merge; not for certify, whose
    /// partial file is kept for `--resume`).
    pub fn discard(self) {
        let partial = self.partial.clone();
        let is_partial = self.partial != self.target;
        drop(self);
        if is_partial {
            let _ = std::fs::remove_file(partial);
        }
    }

    fn close(self) -> Result<()> {
        let fail = |p: &Path, e: std::io::Error| Error::Output(format!("{}: cannot write: {e}", p.display()));
        let file = match self.out.into_inner() {
            Out::Direct(mut w) => {
                w.flush().map_err(|e| fail(&self.target, e))?;
                return Ok(());
            }
            Out::Partial(w) => w.into_inner().map_err(|e| fail(&self.partial, e.into_error()))?,
        };
        file.sync_all().map_err(|e| fail(&self.partial, e))?;
        drop(file);
        if wants_gzip(&self.target) {
            let dir = match self.target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            };
            let tmp = tempfile::NamedTempFile::new_in(&dir).map_err(|e| fail(&self.target, e))?;
            let mut gz = FileOut::new(tmp.reopen().map_err(|e| fail(&self.target, e))?, true);
            let mut src = File::open(&self.partial).map_err(|e| fail(&self.partial, e))?;
            std::io::copy(&mut src, &mut gz).map_err(|e| fail(&self.target, e))?;
            let out = gz.finish().map_err(|e| fail(&self.target, e))?;
            out.sync_all().map_err(|e| fail(&self.target, e))?;
            set_mode(tmp.as_file()).map_err(|e| fail(&self.target, e))?;
            tmp.persist(&self.target)
                .map_err(|e| fail(&self.target, e.error))?;
            std::fs::remove_file(&self.partial).map_err(|e| fail(&self.partial, e))?;
        } else {
            if self.target.exists() {
                eprintln!("note: replacing the existing file {}", self.target.display());
            }
            std::fs::rename(&self.partial, &self.target).map_err(|e| fail(&self.target, e))?;
        }
        Ok(())
    }
}

#[cfg(unix)]
fn set_mode(f: &File) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    f.set_permissions(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_mode(_: &File) -> std::io::Result<()> {
    Ok(())
}

impl StreamWriter {
    /// Count a pushed record in its section: false when the file already holds it (resume).
    fn is_new(&mut self, rec: &Record) -> Result<bool> {
        let Some(section) = Section::of(rec) else {
            return Err(Error::Refused(format!(
                "internal: a stage pushed a {} record",
                rec.kind_name()
            )));
        };
        let pushed = self.pushed.entry(section).or_insert(0);
        *pushed += 1;
        Ok(*pushed > self.kept.get(&section).copied().unwrap_or(0))
    }
}

impl RecordSink for StreamWriter {
    fn push(&mut self, rec: Record) -> Result<()> {
        if self.is_new(&rec)? {
            self.write(&rec)?;
        }
        Ok(())
    }

    fn push_encoded(&mut self, rec: Record, line: EncodedLine) -> Result<()> {
        if self.is_new(&rec)? {
            self.write_line(&rec, &line)?;
        }
        Ok(())
    }

    fn resume_point(&mut self, section: Section) -> u64 {
        let kept = self.kept.get(&section).copied().unwrap_or(0);
        let pushed = self.pushed.entry(section).or_insert(0);
        *pushed = (*pushed).max(kept);
        kept
    }

    /// Flush what was written to the partial file (called between chunks, so an interrupted
    /// run loses at most the records of the chunks in progress: the one being written and, in
    /// the cell stage, the next one being decided).
    fn flush(&mut self) -> Result<()> {
        self.out
            .flush()
            .map_err(|e| Error::Output(format!("{}: cannot write: {e}", self.partial.display())))
    }
}

/// Walk the complete records of a partial file, in order, through `each(index, record)`
/// (which returns false to stop); returns the byte length of the prefix to keep and the number
/// of records in it. Stops at the first line that is incomplete or does not parse, and before
/// a trailer (which a resumed run writes anew). Memory: one line at a time.
fn scan_partial(path: &Path, mut each: impl FnMut(u64, Record) -> bool) -> Result<(u64, u64)> {
    let fail = |e: std::io::Error| Error::Input(format!("{}: cannot read: {e}", path.display()));
    let mut reader = BufReader::new(File::open(path).map_err(fail)?);
    let mut keep = 0u64;
    let mut count = 0u64;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE)
            .read_until(b'\n', &mut buf)
            .map_err(fail)?;
        if n == 0 || buf.last() != Some(&b'\n') {
            break;
        }
        let Ok(rec) = serde_json::from_slice::<Record>(&buf) else {
            break;
        };
        if matches!(rec, Record::Trailer(_) | Record::ShardEnd(_)) {
            break;
        }
        if !each(count, rec) {
            break;
        }
        keep += n as u64;
        count += 1;
    }
    Ok((keep, count))
}
