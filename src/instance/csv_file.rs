//! Samples from CSV, network settings from flags.

use std::path::Path;

use crate::error::{Error, Result};
use crate::instance::{Instance, NetworkSettings};

/// Read a CSV file of samples: a header row, then one sample per row; the label column is
/// `label` when given, else the last column.
pub fn read(path: &Path, _label: Option<&str>, _settings: &NetworkSettings) -> Result<Instance> {
    Err(Error::Input(format!(
        "{}: CSV reading is not built yet",
        path.display()
    )))
}
