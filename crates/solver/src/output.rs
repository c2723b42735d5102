//! Where an output file goes, and writing it safely.
//!
//! [`prepare`] is called before any work: it decides what kind of target a path is and checks
//! that it can be written, so a run never does all its work and then fails to save it.
//! [`write`] then writes the bytes:
//!
//! - `-` is standard output (the CLI moves its own messages to standard error first, see
//!   [`claim_stdout`]);
//! - a device, a FIFO or a socket (`/dev/null`, `/dev/stdout`, a named pipe) is opened and
//!   written directly — never replaced by a rename, so `-o /dev/null` run as root leaves the
//!   device node alone;
//! - a regular file (new or existing) is written to a temporary file beside it, named
//!   `.<name>.relucert-tmp.<pid>`, and renamed over the target when complete, so a failed or
//!   interrupted run never leaves a half-written certificate. Replacing an existing file is
//!   said on standard error. A path that is one of the run's input files is refused.
//!
//! Temporary files are removed on every exit path: on error and panic by a drop guard, on
//! SIGINT, SIGTERM and SIGHUP by a signal handler that removes every pending temporary file
//! before the process exits (exit code 130). A temporary file left by a run killed with
//! SIGKILL is harmless: it is never read, its name says what it is, and the next write to the
//! same target removes every stale one whose process is gone.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::error::{Error, Result};

/// What kind of target an output path is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `-`: standard output.
    Stdout,
    /// A device, FIFO or socket: opened and written directly.
    Special(PathBuf),
    /// A regular file, new or existing: written through a temporary file and a rename.
    File {
        /// The target path.
        path: PathBuf,
        /// Whether a file is already there (it will be replaced, and this is said).
        exists: bool,
    },
}

fn output_error(path: &Path, why: impl std::fmt::Display) -> Error {
    Error::Output(format!("{}: cannot write: {why}", path.display()))
}

/// Decide the kind of target `path` is and check, before any work, that it can be written:
/// its directory exists and accepts a new file (a probe file is created and removed), it is
/// not a directory, and it is none of `inputs` (the run's input files, compared by device and
/// inode, so another name for the same file is caught too).
pub fn prepare(path: &Path, inputs: &[&Path]) -> Result<Target> {
    if path.as_os_str() == "-" {
        return Ok(Target::Stdout);
    }
    for input in inputs {
        if same_file(path, input) {
            return Err(output_error(
                path,
                format!(
                    "it is the input file {}; choose another output path (-o FILE)",
                    input.display()
                ),
            ));
        }
    }
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(output_error(path, "it is a directory")),
        Ok(meta) if !meta.is_file() => {
            // A device, FIFO or socket: it must open for writing. A FIFO is not opened here
            // (opening it would block until a reader comes).
            #[cfg(unix)]
            {
                use std::os::unix::fs::FileTypeExt;
                if meta.file_type().is_fifo() {
                    return Ok(Target::Special(path.to_path_buf()));
                }
            }
            std::fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| output_error(path, e))?;
            Ok(Target::Special(path.to_path_buf()))
        }
        Ok(_) => {
            probe_directory(path)?;
            Ok(Target::File {
                path: path.to_path_buf(),
                exists: true,
            })
        }
        Err(_) => {
            probe_directory(path)?;
            Ok(Target::File {
                path: path.to_path_buf(),
                exists: false,
            })
        }
    }
}

/// Whether `a` and `b` name the same existing file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(ma), Ok(mb)) => {
            use std::os::unix::fs::MetadataExt;
            ma.dev() == mb.dev() && ma.ino() == mb.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => match (a.canonicalize(), b.canonicalize()) {
            (Ok(ca), Ok(cb)) => ca == cb,
            _ => false,
        },
        _ => false,
    }
}

fn directory_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Check that the target's directory exists and a file can be created in it.
fn probe_directory(path: &Path) -> Result<()> {
    let dir = directory_of(path);
    if !dir.is_dir() {
        return Err(output_error(
            path,
            format!("directory {} does not exist", dir.display()),
        ));
    }
    if path.file_name().is_none() {
        return Err(output_error(path, "expected a file name"));
    }
    let probe = temporary_path(path);
    // The probe is a temporary file like any other: an interrupt while it exists removes it
    // (and exits 130) instead of killing the process with the probe left behind.
    if SIGNAL_CLEANUP.load(std::sync::atomic::Ordering::Relaxed) {
        install_signal_cleanup();
    }
    let mut guard = Pending::new(probe.clone());
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&probe);
    // Dropping the guard removes the probe only if this run created it (a file already there
    // under this process's temporary name is not ours).
    guard.done = created.is_err();
    drop(guard);
    match created {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(output_error(
            path,
            format!("cannot create a file in directory {} ({e})", dir.display()),
        )),
    }
}

/// The temporary file of this process for `target`: `.<name>.relucert-tmp.<pid>` beside it.
pub fn temporary_path(target: &Path) -> PathBuf {
    let mut name = OsString::from(".");
    name.push(target.file_name().unwrap_or_default());
    name.push(format!("{}{}", TEMP_MARK, std::process::id()));
    directory_of(target).join(name)
}

/// What follows the target's name in a temporary file's name, before the process id.
pub const TEMP_MARK: &str = ".relucert-tmp.";

/// Remove the temporary files of `target` left by processes that no longer run (killed with
/// SIGKILL, or a crash). Only files named by [`temporary_path`] are touched.
fn remove_stale(target: &Path) {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let prefix = format!(".{name}{TEMP_MARK}");
    let Ok(entries) = std::fs::read_dir(directory_of(target)) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|f| f.strip_prefix(&prefix)) else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn process_runs(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        true
    }
}

/// Temporary files being written, removed by the signal handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Whether this process lets [`write`] install the signal handler (the `relucert` command does,
/// see [`enable_signal_cleanup`]; a library user such as the Python package keeps its own
/// handlers: Ctrl-C in a notebook must raise `KeyboardInterrupt`, not end the kernel).
static SIGNAL_CLEANUP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Let writes of regular files install [`install_signal_cleanup`]'s handler (called by the
/// command line's `main`). Without it, temporary files are still removed on error and panic.
pub fn enable_signal_cleanup() {
    SIGNAL_CLEANUP.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Install, once, the handler that removes pending temporary files on SIGINT, SIGTERM and
/// SIGHUP and exits with code 130.
pub fn install_signal_cleanup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let pending = match PENDING.lock() {
                Ok(p) => p.clone(),
                Err(p) => p.into_inner().clone(),
            };
            for path in pending {
                let _ = std::fs::remove_file(path);
            }
            // Not `eprintln!`: it panics when standard error is a closed pipe, and the
            // process would then go on running with its output already removed.
            let _ = writeln!(std::io::stderr(), "interrupted: no output written");
            std::process::exit(130);
        });
    });
}

/// A registered temporary file: removed when dropped unless it was renamed into place.
struct Pending {
    path: PathBuf,
    done: bool,
}

impl Pending {
    fn new(path: PathBuf) -> Self {
        if let Ok(mut p) = PENDING.lock() {
            p.push(path.clone());
        }
        Pending { path, done: false }
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.path);
        }
        if let Ok(mut p) = PENDING.lock() {
            p.retain(|q| q != &self.path);
        }
    }
}

/// Write `bytes` to `path` (checked with [`prepare`] against `inputs` again, so a target that
/// changed since is still handled safely).
pub fn write(path: &Path, inputs: &[&Path], bytes: &[u8]) -> Result<()> {
    write_parts(path, inputs, &[bytes])
}

/// [`write`] the concatenation of `parts`, written one after the other (never joined in
/// memory).
pub fn write_parts(path: &Path, inputs: &[&Path], parts: &[&[u8]]) -> Result<()> {
    let write_all = |out: &mut dyn Write| parts.iter().try_for_each(|part| out.write_all(part));
    match prepare(path, inputs)? {
        Target::Stdout => {
            let mut out = stdout_sink();
            write_all(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| output_error(Path::new("-"), e))
        }
        Target::Special(p) => {
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .open(&p)
                .map_err(|e| output_error(&p, e))?;
            write_all(&mut f).map_err(|e| output_error(&p, e))
        }
        Target::File { path, exists } => write_regular(&path, exists, parts),
    }
}

/// [`write`] what `produce` writes into the sink it is given, as it writes it: a regular file
/// through its temporary file (so producing and writing can overlap), any other target from
/// the bytes collected first. The guarantees of [`write`] hold (atomic rename, cleanup on
/// error or interrupt).
pub fn write_with(
    path: &Path,
    inputs: &[&Path],
    produce: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<()> {
    let mut out = Streamed::create(path, inputs)?;
    produce(&mut out).map_err(|e| out.error(e))?;
    out.commit()
}

/// For a target that is written directly (standard output, a device, a FIFO): a writer for
/// it. `None` for a regular file, which is written through a temporary file (a streaming
/// writer uses its own `.partial` file, see `certificate::stream_writer`).
pub fn direct_writer(target: &Target) -> Result<Option<Box<dyn Write>>> {
    match target {
        Target::Stdout => Ok(Some(stdout_sink())),
        Target::Special(p) => {
            let f = std::fs::OpenOptions::new()
                .write(true)
                .open(p)
                .map_err(|e| output_error(p, e))?;
            Ok(Some(Box::new(f)))
        }
        Target::File { .. } => Ok(None),
    }
}

fn write_regular(path: &Path, exists: bool, parts: &[&[u8]]) -> Result<()> {
    let mut tmp = TemporaryFile::create(path, exists)?;
    let file = &mut tmp.file;
    let written = (|| {
        if let Some(ms) = std::env::var("RELUCERT_TEST_WRITE_DELAY_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok())
        {
            // Test aid: keep the temporary file open for a while, so a test can interrupt the
            // write and see the file removed.
            let bytes = parts.concat();
            file.write_all(&bytes[..bytes.len() / 2])?;
            std::thread::sleep(std::time::Duration::from_millis(ms));
            file.write_all(&bytes[bytes.len() / 2..])
        } else {
            parts.iter().try_for_each(|part| file.write_all(part))
        }
    })();
    written.map_err(|e| output_error(path, e))?;
    tmp.commit()
}

/// A regular file's temporary file, registered for cleanup: renamed over the target by
/// [`TemporaryFile::commit`], removed if dropped before.
struct TemporaryFile {
    target: PathBuf,
    exists: bool,
    file: std::fs::File,
    guard: Pending,
}

impl TemporaryFile {
    fn create(path: &Path, exists: bool) -> Result<Self> {
        if SIGNAL_CLEANUP.load(std::sync::atomic::Ordering::Relaxed) {
            install_signal_cleanup();
        }
        remove_stale(path);
        let tmp_path = temporary_path(path);
        let _ = std::fs::remove_file(&tmp_path);
        let guard = Pending::new(tmp_path.clone());
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp_path)
            .map_err(|e| output_error(path, e))?;
        Ok(TemporaryFile {
            target: path.to_path_buf(),
            exists,
            file,
            guard,
        })
    }

    /// Flush, make the file readable by everyone (mode 0644 on Unix, like a file written
    /// directly) and rename it over the target.
    fn commit(mut self) -> Result<()> {
        let path = self.target.clone();
        let fail = |e: std::io::Error| output_error(&path, e);
        self.file.flush().map_err(fail)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            self.file
                .set_permissions(std::fs::Permissions::from_mode(0o644))
                .map_err(fail)?;
        }
        if self.exists {
            eprintln!("note: replacing the existing file {}", path.display());
        }
        std::fs::rename(&self.guard.path, &path).map_err(fail)?;
        self.guard.done = true;
        Ok(())
    }
}

/// An output written piece by piece while a run goes on, with the guarantees of [`write`]
/// (nothing at the target until [`Streamed::commit`]; the temporary file removed on error,
/// panic or interrupt). A regular file is written as the pieces come, through its temporary
/// file; any other target (standard output, a device) gets the bytes, collected in memory, at
/// the commit — so a run that fails half-way writes nothing there either.
pub struct Streamed {
    path: PathBuf,
    inputs: Vec<PathBuf>,
    to: StreamedTo,
}

enum StreamedTo {
    File(TemporaryFile),
    Memory(Vec<u8>),
}

impl Streamed {
    /// Start writing `path` (checked with [`prepare`] against `inputs`).
    pub fn create(path: &Path, inputs: &[&Path]) -> Result<Self> {
        let to = match prepare(path, inputs)? {
            Target::File { path, exists } if std::env::var_os("RELUCERT_TEST_WRITE_DELAY_MS").is_none() => {
                StreamedTo::File(TemporaryFile::create(&path, exists)?)
            }
            _ => StreamedTo::Memory(Vec::new()),
        };
        Ok(Streamed {
            path: path.to_path_buf(),
            inputs: inputs.iter().map(|p| p.to_path_buf()).collect(),
            to,
        })
    }

    /// The error of a failed write, naming the target.
    pub fn error(&self, e: std::io::Error) -> Error {
        output_error(&self.path, e)
    }

    /// Put the output in place: rename the temporary file over the target, or write the
    /// collected bytes.
    pub fn commit(self) -> Result<()> {
        match self.to {
            StreamedTo::File(f) => f.commit(),
            StreamedTo::Memory(bytes) => {
                let inputs: Vec<&Path> = self.inputs.iter().map(PathBuf::as_path).collect();
                write(&self.path, &inputs, &bytes)
            }
        }
    }
}

impl Write for Streamed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.to {
            StreamedTo::File(f) => f.file.write(buf),
            StreamedTo::Memory(bytes) => bytes.write(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.to {
            StreamedTo::File(f) => f.file.flush(),
            StreamedTo::Memory(_) => Ok(()),
        }
    }
}

/// The panic payload when `-` (standard output) was closed by its reader (`… -o - | head`):
/// like `println!` on a closed stdout, the write unwinds (temporary files are removed on the
/// way) and the command line's `main` ends the run quietly with status 141, as a process killed
/// by SIGPIPE would.
pub struct ClosedStdout;

/// Where `-` writes: the process's standard output as it was before [`claim_stdout`] moved
/// the messages to standard error. A closed pipe unwinds with [`ClosedStdout`].
fn stdout_sink() -> Box<dyn Write> {
    Box::new(ClosedStdoutUnwinds(raw_stdout_sink()))
}

/// A writer that turns a broken pipe into a [`ClosedStdout`] unwind; other errors are returned.
struct ClosedStdoutUnwinds(Box<dyn Write>);

impl ClosedStdoutUnwinds {
    fn check<T>(result: std::io::Result<T>) -> std::io::Result<T> {
        match result {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::panic::panic_any(ClosedStdout),
            other => other,
        }
    }
}

impl Write for ClosedStdoutUnwinds {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        Self::check(self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Self::check(self.0.flush())
    }
}

fn raw_stdout_sink() -> Box<dyn Write> {
    #[cfg(unix)]
    {
        let fd = SAVED_STDOUT.load(std::sync::atomic::Ordering::SeqCst);
        if fd >= 0 {
            use std::os::fd::FromRawFd;
            // SAFETY: `fd` is a descriptor this process duplicated in `claim_stdout` and never
            // closes; `ManuallyDrop` keeps the `File` from closing it.
            let file = unsafe { std::fs::File::from_raw_fd(fd) };
            return Box::new(ManuallyClosed(std::mem::ManuallyDrop::new(file)));
        }
    }
    Box::new(std::io::stdout())
}

struct ManuallyClosed(std::mem::ManuallyDrop<std::fs::File>);

impl Write for ManuallyClosed {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

#[cfg(unix)]
static SAVED_STDOUT: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(-1);

/// For `-o -`: keep the process's standard output for the data alone. The original standard
/// output is duplicated for [`write`], and descriptor 1 then points at standard error, so every
/// message the command prints goes to standard error. Call before anything is printed.
pub fn claim_stdout() {
    #[cfg(unix)]
    {
        use std::sync::atomic::Ordering;
        if SAVED_STDOUT.load(Ordering::SeqCst) >= 0 {
            return;
        }
        let _ = std::io::stdout().flush();
        // SAFETY: plain descriptor duplication on descriptors 1 and 2, which the process owns.
        let saved = unsafe { libc::dup(1) };
        if saved >= 0 && unsafe { libc::dup2(2, 1) } >= 0 {
            SAVED_STDOUT.store(saved, Ordering::SeqCst);
        }
    }
}
