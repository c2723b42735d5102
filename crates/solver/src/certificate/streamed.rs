//! A `relucert/1` file written while the cells are decided, so that rendering and writing the
//! records (most of the file) run beside the cell stage instead of after it, and the Motzkin
//! multipliers of the refutations (most of a run's memory) are not kept once written.
//!
//! The text before the records (format, instance, arrangement — with the faces, when the
//! families stage will run) is known once the chambers are. Each record is rendered by the
//! thread that built it; the records are written in the canonical order as they become ready
//! ([`InOrder`]); what follows them (minima, summary, …) is written at the end. The file is the
//! same, byte for byte, as [`WriteCertificate::write`] of the finished certificate:
//! [`StreamedCertificate::finish`] renders the text before the records again from the finished
//! certificate and refuses to put the file in place should it differ from what was written.
//!
//! [`WriteCertificate::write`]: super::WriteCertificate::write

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::sync::Mutex;

use super::build::{CellsRun, certificate_of, certify_sorted_cells, set_faces};
use super::write::{record_text_into, shell_of, split_at_cells, write_into};
use super::{CellRecord, Certificate};
use crate::arrangement::Face;
use crate::cells::{self, Chamber};
use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::output::Streamed;

/// How many bytes of records are written at a time: few write calls, and little left to write
/// (serially) once the last record is in.
const BUFFER: usize = 1 << 18;

/// A `relucert/1` certificate file being written: [`StreamedCertificate::cells`], then the
/// later stages on the returned run, then [`StreamedCertificate::finish`]. Nothing is at the
/// target before `finish` (see [`Streamed`]).
pub struct StreamedCertificate {
    out: Streamed,
    /// The text before the records, as written; `None` before the cell stage.
    head: Option<String>,
}

impl StreamedCertificate {
    /// Start writing `path` (checked against the run's `inputs`).
    pub fn create(path: &Path, inputs: &[&Path]) -> Result<Self> {
        Ok(StreamedCertificate {
            out: Streamed::create(path, inputs)?,
            head: None,
        })
    }

    /// The cell stage ([`certify_sorted_cells`] on `chambers` and their `count`), its records
    /// written as they are built. `faces`: the faces the families stage will record (so the
    /// arrangement written first is final), `None` without families.
    ///
    /// The records of the returned run have no `refutation`: the multipliers are in the file
    /// only (the CLI prints, summarises and extends a run from the other fields).
    pub fn cells(
        &mut self,
        inst: &Instance,
        chambers: Vec<Chamber>,
        count: u64,
        decider: cells::Decider,
        least_squares: bool,
        faces: Option<&[Face]>,
    ) -> Result<CellsRun> {
        let mut shell = certificate_of(inst, &chambers, count, Vec::new());
        if let Some(faces) = faces {
            set_faces(&mut shell, faces);
        }
        let (head, _) = split_at_cells(&shell).ok_or_else(no_cells_key)?;
        self.out
            .write_all(head.as_bytes())
            .map_err(|e| self.out.error(e))?;
        let in_order = InOrder::new(&mut self.out);
        let render = |i: usize, record: &mut CellRecord| {
            let mut text = Vec::with_capacity(8192);
            record_text_into(record, i, &mut text);
            record.refutation = None;
            in_order.put(i, text);
        };
        let run = certify_sorted_cells(inst, chambers, count, decider, true, least_squares, render);
        in_order.finish().map_err(|e| self.out.error(e))?;
        self.head = Some(head);
        Ok(run)
    }

    /// Write what follows the records of `cert` (the certificate of the run returned by
    /// [`StreamedCertificate::cells`], with the later stages attached) and put the file in
    /// place. Without a cell stage, the whole of `cert` is written.
    pub fn finish(mut self, cert: &Certificate) -> Result<()> {
        let written = match &self.head {
            None => write_into(cert, &mut self.out),
            Some(head) => {
                let (again, tail) = split_at_cells(&shell_of(cert)).ok_or_else(no_cells_key)?;
                if again != *head {
                    return Err(Error::Refused(
                        "internal: the certificate's text before the cell records changed after \
                         they were written; nothing was written"
                            .into(),
                    ));
                }
                self.out.write_all(tail.as_bytes())
            }
        };
        written.map_err(|e| self.out.error(e))?;
        self.out.commit()
    }
}

fn no_cells_key() -> Error {
    Error::Refused("internal: the certificate text has no `cells` key".into())
}

/// The rendered records, put in from any thread in any order and written in index order: a
/// record that comes early waits; once [`BUFFER`] bytes are ready in order, the thread that put
/// the last of them writes them (unless another thread is writing, which then writes them too),
/// so the write calls are few and no thread waits for one.
struct InOrder<'a> {
    queue: Mutex<Queue>,
    out: Mutex<Writing<'a>>,
}

struct Queue {
    /// The index of the next record to be made ready.
    next: usize,
    /// Records that came before their turn.
    early: BTreeMap<usize, Vec<u8>>,
    /// Text ready to be written, in order.
    ready: Vec<u8>,
}

struct Writing<'a> {
    out: &'a mut Streamed,
    /// The first write error (later writes are skipped).
    error: Option<std::io::Error>,
}

impl<'a> InOrder<'a> {
    fn new(out: &'a mut Streamed) -> Self {
        InOrder {
            queue: Mutex::new(Queue {
                next: 0,
                early: BTreeMap::new(),
                ready: Vec::with_capacity(BUFFER),
            }),
            out: Mutex::new(Writing { out, error: None }),
        }
    }

    /// Put in the text of record `index`.
    fn put(&self, index: usize, text: Vec<u8>) {
        let full = {
            let mut guard = lock(&self.queue);
            let q = &mut *guard;
            if index == q.next {
                q.ready.extend_from_slice(&text);
                q.next += 1;
                while let Some(text) = q.early.remove(&q.next) {
                    q.ready.extend_from_slice(&text);
                    q.next += 1;
                }
            } else {
                q.early.insert(index, text);
            }
            q.ready.len() >= BUFFER
        };
        if full && let Ok(mut writing) = self.out.try_lock() {
            while let Some(bytes) = self.take(BUFFER) {
                writing.write(&bytes);
            }
        }
    }

    /// The ready text, if there is at least `least` bytes of it.
    fn take(&self, least: usize) -> Option<Vec<u8>> {
        let mut q = lock(&self.queue);
        (q.ready.len() >= least.max(1)).then(|| std::mem::replace(&mut q.ready, Vec::with_capacity(BUFFER)))
    }

    /// Write what is left; every record must have been put in.
    fn finish(self) -> std::io::Result<()> {
        let mut writing = lock(&self.out);
        while let Some(bytes) = self.take(0) {
            writing.write(&bytes);
        }
        if !lock(&self.queue).early.is_empty() {
            return Err(std::io::Error::other("internal: a cell record was not rendered"));
        }
        match writing.error.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }
}

impl Writing<'_> {
    fn write(&mut self, bytes: &[u8]) {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(bytes)
        {
            self.error = Some(e);
        }
    }
}

/// Lock `m`; a lock poisoned by a panicking thread is still used (the panic itself ends the
/// run).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}
