//! `relucert check FILE`: re-verify a certificate with the independent checker.
//! Exit 0 accepted, 1 rejected (rule and location printed), 2 unreadable or unparsable.

use std::time::Instant;

use crate::certificate::Certificate;
use crate::error::Result;

/// Arguments of `relucert check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The certificate (JSON) to verify.
    pub file: std::path::PathBuf,
}

/// Run `relucert check`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let cert = Certificate::read(&args.file)?;
    let start = Instant::now();
    match crate::checker::check(&cert) {
        Ok(report) => {
            println!("{}: {report} ({:.2?})", args.file.display(), start.elapsed());
            Ok(0)
        }
        Err(rejection) => {
            println!("{}: {rejection}", args.file.display());
            Ok(1)
        }
    }
}
