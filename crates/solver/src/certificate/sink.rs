//! Where the stages put their certificate records: a [`RecordSink`] receives the records of
//! `relucert/2` in file order, one at a time, so nothing has to hold the whole enumeration.
//! Implementations: [`super::stream_writer::StreamWriter`] (a file, resumable) and [`VecSink`]
//! (in memory, for tests).

use relucert_format::v2::Record;
use relucert_format::v2::io::EncodedLine;

use crate::error::Result;

/// The sections of a `relucert/2` file that a stage produces, in file order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// `chamber` records and the closing `arrangement` record.
    Chambers,
    /// `face` records and the closing `faces` record.
    Faces,
    /// `cell` records.
    Cells,
    /// The families stream (`family`, `family_refutation` and reduction records).
    Families,
}

impl Section {
    /// The section a record belongs to (`None` for the header and the trailer, which the sink
    /// writes itself).
    pub fn of(rec: &Record) -> Option<Section> {
        match rec {
            Record::Header(_) | Record::Trailer(_) | Record::ShardEnd(_) => None,
            Record::Chamber(_) | Record::Arrangement(_) => Some(Section::Chambers),
            Record::Face(_) | Record::Faces(_) => Some(Section::Faces),
            Record::Cell(_) => Some(Section::Cells),
            _ => Some(Section::Families),
        }
    }
}

/// Receives certificate records in file order.
pub trait RecordSink {
    /// Take one record.
    fn push(&mut self, rec: Record) -> Result<()>;

    /// Take one record with its line already encoded (`relucert_format::v2::io::encode`, on
    /// the pool); the same as [`RecordSink::push`] but for the encoding, which a sink that
    /// does not write text ignores.
    fn push_encoded(&mut self, rec: Record, _line: EncodedLine) -> Result<()> {
        self.push(rec)
    }

    /// On `--resume`: how many records of `section` the file already holds. A stage that can
    /// skip work calls this once, before pushing any record of the section, and then pushes
    /// only the records after those; a stage that does not call it pushes every record and
    /// the sink drops the ones already written. Without resume: 0.
    fn resume_point(&mut self, _section: Section) -> u64 {
        0
    }

    /// Make what was pushed so far durable (between chunks).
    fn flush(&mut self) -> Result<()> {
        Ok(())
    }
}

/// Collects the records in memory (tests, small runs).
#[derive(Default, Debug)]
pub struct VecSink(pub Vec<Record>);

impl RecordSink for VecSink {
    fn push(&mut self, rec: Record) -> Result<()> {
        self.0.push(rec);
        Ok(())
    }
}
