//! `relucert report CERT -o report.html`: one self-contained HTML page with the verdict, the
//! checker's result (the checker runs while the report is written), the arrangement, the
//! histogram of subglobal losses, the loss along the circle (`d = 2`, `K = 1`) and tables
//! ([`crate::report::page`]). The file is written atomically. Exit 0 when the checker accepts
//! the certificate, 1 when it rejects it (the page is written either way and says why), 2 when
//! the file cannot be read.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::report::landscape::Normalisation;
use crate::report::{page, stream};

/// Certificates above this size are refused (the report draws every record; `show` summarises
/// any size).
pub const MAX_BYTES: u64 = 256 << 20;

/// Arguments of `relucert report`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The certificate to draw.
    pub file: PathBuf,
    /// Where to write the HTML page.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: PathBuf,
    /// A title for the page (default: the certificate's path).
    #[arg(long)]
    pub title: Option<String>,
    /// Show losses in the decomposition paper's normalisation ½Σ eᵢ² (= N/2 × (1/N)Σ eᵢ²).
    #[arg(long)]
    pub half_sum: bool,
    /// Number of histogram bins.
    #[arg(long, default_value_t = 28, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub bins: u16,
}

/// Run `relucert report`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    crate::atomic_file::check_writable(&args.output)?;
    let cert = stream::read_certificate(&args.file, MAX_BYTES)?;
    let opts = page::Options {
        title: args.title.clone(),
        normalisation: if args.half_sum {
            Normalisation::HalfSum
        } else {
            Normalisation::Mean
        },
        bins: usize::from(args.bins),
        file_format: (relucert_format::v2::detect(&args.file)? == relucert_format::v2::Detected::Stream)
            .then(|| relucert_format::v2::FORMAT.to_string()),
        ..page::Options::default()
    };
    let source = args.file.display().to_string();
    let rendered = page::render(&cert, &source, &opts).map_err(|e| Error::Input(format!("{source}: {e}")))?;
    crate::atomic_file::write(&args.output, rendered.html.as_bytes())?;
    println!(
        "report written to {} ({} bytes; checker: {}; {} histogram bars)",
        args.output.display(),
        rendered.html.len(),
        if rendered.accepted { "accepted" } else { "REJECTED" },
        rendered.bars.0 + rendered.bars.1
    );
    Ok(if rendered.accepted { 0 } else { 1 })
}
