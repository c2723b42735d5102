//! `relucert arrangement`.

use crate::error::Result;

/// Arguments of `relucert arrangement`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The instance or certificate file.
    pub file: std::path::PathBuf,
}

/// Run `relucert arrangement`; returns the exit code.
pub fn run(_args: Args) -> Result<i32> {
    Err(crate::error::Error::Refused("not built yet".into()))
}
