//! `relucert show CERT [--json] [--half-sum] [--all]`: a summary of a certificate for people
//! (or, with `--json`, for scripts): the instance, the arrangement counts, the verdict, the
//! global minimum, the loss values of local minima with their families and a witness, and the
//! cells grouped by subglobal loss. The file is read in one streaming pass
//! ([`crate::report::stream`]), so memory stays bounded on large certificates. It states what
//! the certificate claims; `relucert check` verifies it.

use std::path::PathBuf;

use crate::error::Result;
use crate::report::landscape::Normalisation;
use crate::report::{stream, summary_text};

/// Arguments of `relucert show`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The certificate to summarise.
    pub file: PathBuf,
    /// Print the summary as one JSON object (exact rationals as strings).
    #[arg(long)]
    pub json: bool,
    /// Write losses in the decomposition paper's normalisation ½Σ eᵢ² (= N/2 × the certificate's
    /// (1/N)Σ eᵢ²). Text only; the JSON always holds the certificate's values.
    #[arg(long)]
    pub half_sum: bool,
    /// List every loss value (default: the first 40 of each list).
    #[arg(long)]
    pub all: bool,
}

/// Run `relucert show`; returns the exit code.
pub fn run(args: Args) -> Result<i32> {
    let landscape = stream::read_landscape(&args.file)?;
    let path = args.file.display().to_string();
    let saddles = super::saddles::read_section(&args.file)?;
    if args.json {
        let mut value = landscape.to_json(&path);
        super::saddles::add_to_summary(&mut value, saddles.as_deref());
        println!("{value}");
    } else {
        let norm = if args.half_sum {
            Normalisation::HalfSum
        } else {
            Normalisation::Mean
        };
        print!("{}", summary_text::render(&landscape, &path, norm, args.all));
        if let Some(list) = &saddles {
            for line in super::saddles::text(list) {
                println!("{line}");
            }
        }
    }
    Ok(0)
}
