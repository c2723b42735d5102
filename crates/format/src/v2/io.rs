//! Reading and writing `relucert/2` files one record at a time. A file whose first two bytes
//! are the gzip magic is read through a gzip decoder, whatever its name; [`Writer::create`]
//! compresses when the path ends in `.gz`.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use flate2::Compression;
use flate2::read::MultiGzDecoder;
use flate2::write::GzEncoder;
use rayon::prelude::*;

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
        self.write_encoded(&encode(rec)?)
    }

    /// Write a record's line made ahead by [`encode`].
    pub fn write_encoded(&mut self, line: &EncodedLine) -> std::io::Result<()> {
        self.out.write_all(&line.0)
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

/// One record's line: its compact JSON and `\n` ([`encode`]; on any thread).
pub struct EncodedLine(Vec<u8>);

/// The line of `rec`, as [`Writer`] writes it.
pub fn encode(rec: &Record) -> std::io::Result<EncodedLine> {
    let mut line = serde_json::to_vec(rec).map_err(std::io::Error::other)?;
    line.push(b'\n');
    Ok(EncodedLine(line))
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
///
/// With [`Reader::parse_ahead`] the lines are read a batch at a time and parsed on the rayon
/// pool (parsing is most of a reader's work); the items, their order and the first error are
/// the same as reading one line at a time.
pub struct Reader {
    path: PathBuf,
    lines: Box<dyn BufRead + Send>,
    /// The number of the last line read from the file.
    line: usize,
    /// With `parse_ahead`: the number of the line of the last item returned.
    returned: usize,
    buf: Vec<u8>,
    /// No more lines are read (end of file, or an error).
    done: bool,
    /// Lines parsed ahead (with `parse_ahead`), in file order; nothing follows an error.
    ahead: VecDeque<(usize, Result<(usize, Record)>)>,
    /// With `parse_ahead`: the next batch, read and being parsed while `ahead` is used.
    in_flight: Option<InFlight>,
    parallel: bool,
}

/// Lines, each with its number, parsed in file order.
type Parsed = Vec<(usize, Result<(usize, Record)>)>;

/// A batch of lines being parsed on the pool (from a thread of its own), and the read error
/// that ended the batch, with its line number.
type InFlight = (std::thread::JoinHandle<Parsed>, Option<(usize, FormatError)>);

/// Parse ahead at most this many lines, or until this many bytes are read.
const AHEAD_LINES: usize = 512;
const AHEAD_BYTES: usize = 4 << 20;

impl Reader {
    /// Open a file (plain or gzip).
    pub fn open(path: &Path) -> Result<Self> {
        Self::with_lines(path, open_lines(path)?)
    }

    /// Open a file (plain or gzip), adding the number of file bytes read so far to `count`
    /// (for a progress bar).
    pub fn open_counted(path: &Path, count: Arc<AtomicU64>) -> Result<Self> {
        Self::with_lines(path, open_lines_counted(path, count)?)
    }

    fn with_lines(path: &Path, lines: Box<dyn BufRead + Send>) -> Result<Self> {
        Ok(Reader {
            path: path.to_path_buf(),
            lines,
            line: 0,
            returned: 0,
            buf: Vec::new(),
            done: false,
            ahead: VecDeque::new(),
            in_flight: None,
            parallel: false,
        })
    }

    /// Read up to [`AHEAD_LINES`] lines (or [`AHEAD_BYTES`]) at a time and parse them in
    /// parallel. The file is then read ahead of the records returned.
    pub fn parse_ahead(mut self) -> Self {
        self.parallel = true;
        self
    }

    /// The number of the last line read (one past the last line at the end of the file); with
    /// [`Reader::parse_ahead`], of the line of the last item returned.
    pub fn line(&self) -> usize {
        if self.parallel { self.returned } else { self.line }
    }

    fn error(&self, detail: String) -> FormatError {
        FormatError(format!("{}: line {}: {detail}", self.path.display(), self.line))
    }

    /// The next line of the file, without its parse: `None` at the end of the file, an error
    /// (which ends the reading) for a line that cannot be read, is too long or has no newline.
    fn next_line(&mut self) -> Option<Result<usize>> {
        if self.done {
            return None;
        }
        self.buf.clear();
        let read = (&mut self.lines).take(MAX_LINE).read_until(b'\n', &mut self.buf);
        self.line += 1;
        let failure = match read {
            Err(e) => format!("cannot read: {e}"),
            Ok(0) => {
                self.done = true;
                return None;
            }
            Ok(_) if self.buf.last() == Some(&b'\n') => return Some(Ok(self.line)),
            Ok(_) if self.buf.len() as u64 >= MAX_LINE => format!("line longer than {MAX_LINE} bytes"),
            Ok(_) => "incomplete last line (no newline): the file was cut".into(),
        };
        self.done = true;
        Some(Err(self.error(failure)))
    }

    /// Parse a line's text (its number in `line`).
    fn parse(path: &Path, line: usize, text: &[u8]) -> Result<(usize, Record)> {
        serde_json::from_slice::<Record>(text)
            .map(|rec| (line, rec))
            .map_err(|e| FormatError(format!("{}: line {line}: {e}", path.display())))
    }

    /// Read the next batch of lines: at most [`AHEAD_LINES`] lines or about [`AHEAD_BYTES`],
    /// and the read error that ended it (with its line number).
    fn read_batch(&mut self) -> (Vec<(usize, Vec<u8>)>, Option<(usize, FormatError)>) {
        let mut batch: Vec<(usize, Vec<u8>)> = Vec::new();
        let mut bytes = 0;
        while batch.len() < AHEAD_LINES && bytes < AHEAD_BYTES {
            match self.next_line() {
                None => break,
                Some(Err(e)) => return (batch, Some((self.line, e))),
                Some(Ok(line)) => {
                    bytes += self.buf.len();
                    batch.push((line, std::mem::take(&mut self.buf)));
                }
            }
        }
        (batch, None)
    }

    /// Parse a batch of lines in parallel, in order.
    fn parse_batch(path: &Path, batch: &[(usize, Vec<u8>)]) -> Parsed {
        batch
            .par_iter()
            .map(|(line, text)| (*line, Self::parse(path, *line, text)))
            .collect()
    }

    /// Move the next batch of parsed lines into `ahead`, and start reading and parsing the one
    /// after it, which is parsed while these records are used — unless this batch holds an
    /// error or ends the file, or the reader runs on a pool thread (then the batches are
    /// parsed one at a time: a pool thread waiting for the pool could wait for itself).
    fn fill(&mut self) {
        let (parsed, failure) = match self.in_flight.take() {
            Some((parse, failure)) => (
                parse
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                failure,
            ),
            None => {
                let (batch, failure) = self.read_batch();
                (Self::parse_batch(&self.path, &batch), failure)
            }
        };
        let stops = failure.is_some() || parsed.iter().any(|(_, item)| item.is_err());
        if !stops && !self.done && rayon::current_thread_index().is_none() {
            let (batch, failure) = self.read_batch();
            if !batch.is_empty() || failure.is_some() {
                let path = self.path.clone();
                let parse = std::thread::spawn(move || Self::parse_batch(&path, &batch));
                self.in_flight = Some((parse, failure));
            }
        }
        for item in parsed.into_iter().chain(failure.map(|(line, e)| (line, Err(e)))) {
            let stop = item.1.is_err();
            self.ahead.push_back(item);
            if stop {
                // Nothing after the first error (as when reading one line at a time).
                self.done = true;
                break;
            }
        }
    }
}

impl Iterator for Reader {
    type Item = Result<(usize, Record)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.parallel {
            if self.ahead.is_empty() {
                self.fill();
            }
            let (line, item) = self.ahead.pop_front()?;
            self.returned = line;
            return Some(item);
        }
        let item = match self.next_line()? {
            Ok(line) => Self::parse(&self.path, line, &self.buf),
            Err(e) => Err(e),
        };
        if item.is_err() {
            self.done = true;
        }
        Some(item)
    }
}
