//! The one error of reading a certificate: the file could not be read or is not valid JSON of
//! the format. The message names the file and, for a parse error, the line and column.

use std::fmt;

/// A certificate file that could not be read or parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError(pub String);

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormatError {}

/// Shorthand for results of reading certificates.
pub type Result<T> = std::result::Result<T, FormatError>;
