//! Where an instance comes from: a TOML file, or a CSV file plus network flags.

use std::path::PathBuf;

use crate::error::{Error, Result};
use crate::instance::float_policy::FloatPolicy;
use crate::instance::{Instance, NetworkSettings};
use relucert_exact::parse_q;

/// Instance arguments shared by every subcommand that reads an instance.
#[derive(clap::Args, Debug, Clone)]
pub struct InstanceArgs {
    /// The instance file (TOML; see docs/instance-format.md). Omit it when using --csv.
    pub instance: Option<PathBuf>,
    /// Read samples from a CSV file instead (header row; last column is y unless --label).
    #[arg(long, value_name = "FILE", conflicts_with = "instance")]
    pub csv: Option<PathBuf>,
    /// With --csv: the name of the label column.
    #[arg(long, value_name = "NAME", requires = "csv")]
    pub label: Option<String>,
    /// With --csv: the number of hidden units K.
    #[arg(long, requires = "csv")]
    pub hidden: Option<usize>,
    /// With --csv: append a constant 1 to every sample.
    #[arg(long, requires = "csv")]
    pub bias: bool,
    /// With --csv: the leaky slope alpha in [0,1), exact (e.g. "1/10").
    #[arg(long, value_name = "Q", requires = "csv")]
    pub alpha: Option<String>,
    /// With --csv: add an output bias c.
    #[arg(long, requires = "csv")]
    pub output_bias: bool,
    /// With --csv: decimal cells written as floats (more digits than their double needs, like
    /// NumPy's savetxt default `%.18e`): `reject` them (default), read the shortest `decimal`
    /// that gives the double back, or take the double's exact `binary` value.
    #[arg(long, value_name = "POLICY", requires = "csv", value_parser = ["reject", "decimal", "binary"])]
    pub floats: Option<String>,
}

impl InstanceArgs {
    /// The network flags given on the command line (only meaningful with `--csv`).
    fn network_flags(&self) -> Vec<&'static str> {
        let mut flags = Vec::new();
        if self.label.is_some() {
            flags.push("--label");
        }
        if self.hidden.is_some() {
            flags.push("--hidden");
        }
        if self.bias {
            flags.push("--bias");
        }
        if self.alpha.is_some() {
            flags.push("--alpha");
        }
        if self.output_bias {
            flags.push("--output-bias");
        }
        if self.floats.is_some() {
            flags.push("--floats");
        }
        flags
    }

    /// The input files named on the command line (an output must be none of them).
    pub fn paths(&self) -> Vec<&std::path::Path> {
        self.instance
            .iter()
            .chain(&self.csv)
            .map(PathBuf::as_path)
            .collect()
    }

    /// Before any work: check that `output` can be written and is none of the input files
    /// ([`crate::output::prepare`]); for `-` (standard output) the command's messages move to
    /// standard error so standard output carries the data alone.
    pub fn prepare_output(&self, output: &std::path::Path) -> Result<()> {
        if crate::output::prepare(output, &self.paths())? == crate::output::Target::Stdout {
            crate::output::claim_stdout();
        }
        Ok(())
    }

    /// Load and validate the instance.
    pub fn load(&self) -> Result<Instance> {
        match (&self.instance, &self.csv) {
            (Some(path), None) => {
                // clap's `requires = "csv"` is not enforced when the positional INSTANCE is
                // given, so a flag would otherwise be silently ignored.
                if let Some(flag) = self.network_flags().first() {
                    return Err(Error::Input(format!(
                        "{flag}: expected only with --csv FILE, found it with the instance file {} \
                         (set the network in the TOML file instead)",
                        path.display()
                    )));
                }
                crate::instance::toml_file::read(path)
            }
            (None, Some(path)) => {
                let hidden = self.hidden.ok_or_else(|| {
                    Error::Input(format!(
                        "{}: --hidden: expected --hidden K (the number of hidden units) with --csv, found none",
                        path.display()
                    ))
                })?;
                let alpha = match &self.alpha {
                    Some(text) => parse_q(text)
                        .map_err(|e| Error::Input(format!("{}: --alpha: {e}", path.display())))?,
                    None => relucert_exact::rational::qi(0),
                };
                let settings = NetworkSettings {
                    hidden,
                    bias: self.bias,
                    alpha,
                    output_bias: self.output_bias,
                };
                let floats = self
                    .floats
                    .as_deref()
                    .and_then(FloatPolicy::from_name)
                    .unwrap_or_default();
                crate::instance::csv_file::read_with_floats(path, self.label.as_deref(), &settings, floats)
            }
            _ => Err(Error::Input(
                "give an instance file, or --csv FILE with --hidden K".into(),
            )),
        }
    }
}
