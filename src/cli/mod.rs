//! The command-line interface: a thin layer over the library. Each subcommand lives in its own
//! file with its own arguments.

pub mod answer;
pub mod arrangement;
pub mod certify;
pub mod certify_stream;
pub mod check;
pub mod claims;
pub mod convert;
pub mod cost;
pub mod generic;
pub mod hinge;
pub mod hinge_point;
pub mod input;
pub mod jobs;
pub mod merge;
pub mod point;
pub mod report;
pub mod saddles;
pub mod search;
pub mod show;
pub mod slurm;

use clap::{Parser, Subcommand};

/// Find and prove the local minima of small one-hidden-layer ReLU networks, exactly.
#[derive(Parser, Debug)]
#[command(name = "relucert", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// List the chambers (and faces) of the data arrangement, with exact witnesses and counts.
    Arrangement(arrangement::Args),
    /// Enumerate cells and families, decide genuineness exactly, write a certificate.
    Certify(certify::Args),
    /// Re-verify a certificate independently: exit 0 accepted, 1 rejected, 2 unreadable.
    Check(check::Args),
    /// Classify one point: local minimum (with multipliers) or not (with a descent direction).
    Point(point::Args),
    /// General position and Laurent–von Brecht rare-data checks.
    Generic(generic::Args),
    /// Rewrite a certificate in the other format (relucert/1 JSON ↔ relucert/2 stream).
    Convert(convert::Args),
    /// The hinge loss (instance with loss = "hinge"): exact cell minima, minima inside the
    /// cells, flat or sharp.
    Hinge(hinge::Args),
    /// Summarise a certificate: verdict, global minimum, loss values of local minima, cells by loss.
    Show(show::Args),
    /// Write a self-contained HTML report with pictures of the landscape.
    Report(report::Args),
    /// List the registered claims from the papers, with sources and expected outcomes.
    Claims(claims::Args),
    /// Search small random instances for a counterexample to a claim; shrink and write it.
    Search(search::Args),
    /// Merge the shards of `certify --shard i/n` into one certificate (docs/cluster.md).
    Merge(merge::Args),
    /// Write a Slurm job-array batch script (shards) and its dependent merge job.
    Slurm(slurm::Args),
}

/// Run the parsed command; the returned value is the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Arrangement(a) => arrangement::run(a),
        Command::Certify(a) => certify::run(a),
        Command::Check(a) => check::run(a),
        Command::Point(a) => point::run(a),
        Command::Generic(a) => generic::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Hinge(a) => hinge::run(a),
        Command::Show(a) => show::run(a),
        Command::Report(a) => report::run(a),
        Command::Claims(a) => claims::run(a),
        Command::Search(a) => search::run(a),
        Command::Merge(a) => merge::run(a),
        Command::Slurm(a) => slurm::run(a),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            e.exit_code()
        }
    }
}
