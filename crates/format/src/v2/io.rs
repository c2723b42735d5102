//! Reading and writing `relucert/2` files one record at a time. A file whose first two bytes
//! are the gzip magic is read through a gzip decoder, whatever its name; [`Writer::create`]
//! compresses when the path ends in `.gz`.

use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;

use super::record::Record;
use crate::error::{FormatError, Result};

/// The longest line a reader accepts (a bound on untrusted input).
pub const MAX_LINE: u64 = 256 << 20;

/// Whether `path` asks for gzip (its name ends in `.gz`).
pub fn wants_gzip(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "gz")
}

/// Writes records as JSON Lines (one compact JSON object and `\n` per record).
pub struct Writer<W: Write> {
    out: W,
}

impl<W: Write> Writer<W> {
    /// Write records to `out`.
    pub fn new(out: W) -> Self {
        Writer { out }
    }

    /// Write one record and its newline.
    pub fn write(&mut self, rec: &Record) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.out, rec).map_err(std::io::Error::other)?;
        self.out.write_all(b"\n")
    }

    /// Flush the underlying writer.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.out.flush()
    }

    /// The underlying writer.
    pub fn into_inner(self) -> W {
        self.out
    }
}

/// A file writer, gzip-compressed or plain.
pub enum FileOut {
    /// Plain JSON Lines.
    Plain(BufWriter<File>),
    /// gzip-compressed JSON Lines.
    Gzip(GzEncoder<BufWriter<File>>),
}

impl Write for FileOut {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            FileOut::Plain(w) => w.write(buf),
            FileOut::Gzip(w) => w.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            FileOut::Plain(w) => w.flush(),
            FileOut::Gzip(w) => w.flush(),
        }
    }
}

impl FileOut {
    /// Wrap `file`, compressing when `gzip`.
    pub fn new(file: File, gzip: bool) -> Self {
        let buf = BufWriter::with_capacity(1 << 16, file);
        if gzip {
            FileOut::Gzip(GzEncoder::new(buf, Compression::default()))
        } else {
            FileOut::Plain(buf)
        }
    }

    /// Finish the stream (the gzip trailer) and flush; returns the file.
    pub fn finish(self) -> std::io::Result<File> {
        let buf = match self {
            FileOut::Plain(w) => w,
            FileOut::Gzip(w) => w.finish()?,
        };
        buf.into_inner().map_err(|e| e.into_error())
    }
}

/// What a certificate file is, from its first line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Detected {
    /// A `relucert/2` stream (its first line is a header record).
    Stream,
    /// Anything else: a whole-document JSON certificate (`relucert/1`, `relucert-generic/1`)
    /// or not a certificate at all; the caller parses it as such.
    Document,
}

/// A reader that adds the number of bytes it reads to a shared counter (for a progress bar
/// over the file's bytes: for a gzip file these are the compressed bytes).
struct Counted<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Open `path` for reading lines, through gzip when it starts with the gzip magic.
pub fn open_lines(path: &Path) -> Result<Box<dyn BufRead + Send>> {
    open_lines_counted(path, Arc::new(AtomicU64::new(0)))
}

/// [`open_lines`], adding the number of file bytes read so far to `count`.
pub fn open_lines_counted(path: &Path, count: Arc<AtomicU64>) -> Result<Box<dyn BufRead + Send>> {
    let fail = |e: std::io::Error| FormatError(format!("{}: cannot read: {e}", path.display()));
    let mut file = File::open(path).map_err(fail)?;
    let mut magic = [0u8; 2];
    let mut got = 0;
    while got < 2 {
        let n = file.read(&mut magic[got..]).map_err(fail)?;
        if n == 0 {
            break;
        }
        got += n;
    }
    let file = Counted {
        inner: File::open(path).map_err(fail)?,
        count,
    };
    if got == 2 && magic == [0x1f, 0x8b] {
        Ok(Box::new(BufReader::with_capacity(
            1 << 16,
            MultiGzDecoder::new(BufReader::new(file)),
        )))
    } else {
        Ok(Box::new(BufReader::with_capacity(1 << 16, file)))
    }
}

/// Whether the file is a `relucert/2` stream: its first line parses as a JSON object whose
/// `kind` is `"header"`. At most the certificate size limit is read for that line (a header
/// holds the instance and a few options; a longer first line is a one-line `relucert/1`
/// document, which the document reader then refuses or parses under that same limit).
pub fn detect(path: &Path) -> Result<Detected> {
    let mut lines = open_lines(path)?;
    let mut first = Vec::new();
    let fail = |e: std::io::Error| FormatError(format!("{}: cannot read: {e}", path.display()));
    let (limit, _) = relucert_exact::limits::FileKind::Certificate.limit();
    (&mut lines)
        .take(MAX_LINE.min(limit))
        .read_until(b'\n', &mut first)
        .map_err(fail)?;
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: Option<String>,
    }
    Ok(match serde_json::from_slice::<Kind>(&first) {
        Ok(Kind { kind: Some(k) }) if k == "header" => Detected::Stream,
        _ => Detected::Document,
    })
}

/// The records of a `relucert/2` file, one per line, with their line numbers (1-based).
/// Errors name the file and the line; after an error the iterator ends.
pub struct Reader {
    path: PathBuf,
    lines: Box<dyn BufRead + Send>,
    line: usize,
    buf: Vec<u8>,
    done: bool,
}

impl Reader {
    /// Open a file (plain or gzip).
    pub fn open(path: &Path) -> Result<Self> {
        Ok(Reader {
            path: path.to_path_buf(),
            lines: open_lines(path)?,
            line: 0,
            buf: Vec::new(),
            done: false,
        })
    }

    /// Open a file (plain or gzip), adding the number of file bytes read so far to `count`
    /// (for a progress bar).
    pub fn open_counted(path: &Path, count: Arc<AtomicU64>) -> Result<Self> {
        Ok(Reader {
            path: path.to_path_buf(),
            lines: open_lines_counted(path, count)?,
            line: 0,
            buf: Vec::new(),
            done: false,
        })
    }

    /// The number of the last line read.
    pub fn line(&self) -> usize {
        self.line
    }

    fn fail(&mut self, detail: String) -> Option<Result<(usize, Record)>> {
        self.done = true;
        Some(Err(FormatError(format!(
            "{}: line {}: {detail}",
            self.path.display(),
            self.line
        ))))
    }
}

impl Iterator for Reader {
    type Item = Result<(usize, Record)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.buf.clear();
        let read = (&mut self.lines).take(MAX_LINE).read_until(b'\n', &mut self.buf);
        self.line += 1;
        match read {
            Err(e) => return self.fail(format!("cannot read: {e}")),
            Ok(0) => {
                self.done = true;
                return None;
            }
            Ok(_) => {}
        }
        if self.buf.last() != Some(&b'\n') {
            if self.buf.len() as u64 >= MAX_LINE {
                return self.fail(format!("line longer than {MAX_LINE} bytes"));
            }
            return self.fail("incomplete last line (no newline): the file was cut".into());
        }
        match serde_json::from_slice::<Record>(&self.buf) {
            Ok(rec) => Some(Ok((self.line, rec))),
            Err(e) => {
                let detail = format!("{e}");
                self.fail(detail)
            }
        }
    }
}
