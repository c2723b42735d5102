//! The error type shared by the library and the CLI.

use std::fmt;

/// What went wrong, and so which exit code the CLI uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The user's input (a file, a flag, a field) is unreadable or malformed: exit code 2.
    /// The message names the file and the line, key or field, and what was expected.
    Input(String),
    /// The request is well-formed but refused, e.g. a search space above the limit: exit code 2.
    Refused(String),
    /// An output file could not be written: exit code 2.
    Output(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        2
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(m) => write!(f, "error: {m}"),
            Error::Refused(m) => write!(f, "refused: {m}"),
            Error::Output(m) => write!(f, "error: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results in this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl From<relucert_format::error::FormatError> for Error {
    fn from(e: relucert_format::error::FormatError) -> Self {
        Error::Input(e.0)
    }
}
