//! `relucert slurm INSTANCE --shards n --dir DIR [--time T] [--mem M] [--partition P] …`: write
//! a Slurm job array that certifies the `n` shards (`certify --shard $SLURM_ARRAY_TASK_ID/n`,
//! with `--resume`, so a requeued task continues from what it wrote), a merge job that runs
//! after the whole array succeeded (`--dependency=afterok`) and checks the merged certificate,
//! and `submit.sh` with the two `sbatch` lines. Nothing is submitted. See docs/cluster.md.

use std::path::{Path, PathBuf};

use crate::cli::input::InstanceArgs;
use crate::error::{Error, Result};

/// Arguments of `relucert slurm`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The instance file (TOML).
    pub instance: PathBuf,
    /// The number of shards (array tasks 1..=n).
    #[arg(long, value_name = "N")]
    pub shards: u64,
    /// Where to write the scripts, the shards (`shards/`), the logs (`logs/`) and the merged
    /// certificate (`<stem>.cert.jsonl`).
    #[arg(long, value_name = "DIR")]
    pub dir: PathBuf,
    /// The merged certificate (default `DIR/<stem>.cert.jsonl`).
    #[arg(short = 'o', long = "output", value_name = "CERT")]
    pub output: Option<PathBuf>,
    /// `#SBATCH --time` of each shard task (e.g. 2:00:00).
    #[arg(long, default_value = "1:00:00")]
    pub time: String,
    /// `#SBATCH --mem` of each shard task (e.g. 2G).
    #[arg(long, default_value = "2G")]
    pub mem: String,
    /// `#SBATCH --cpus-per-task` (the shard's `--jobs`).
    #[arg(long, default_value_t = 1)]
    pub cpus: u32,
    /// `#SBATCH --partition`.
    #[arg(long)]
    pub partition: Option<String>,
    /// `#SBATCH --account`.
    #[arg(long)]
    pub account: Option<String>,
    /// At most this many tasks at once (`--array=1-n%M`).
    #[arg(long, value_name = "M")]
    pub max_running: Option<u64>,
    /// The `#SBATCH --time` of the merge job.
    #[arg(long, default_value = "1:00:00")]
    pub merge_time: String,
    /// Certify the cells only (no families, no verdict).
    #[arg(long)]
    pub cells_only: bool,
    /// Exact arithmetic only (no float LP proposer).
    #[arg(long)]
    pub exact_only: bool,
    /// Decide every face/mode multiset instead of the cores (`certify --no-reduce`).
    #[arg(long)]
    pub no_reduce: bool,
    /// The `relucert` binary the jobs run (default: this one).
    #[arg(long, value_name = "PATH")]
    pub bin: Option<PathBuf>,
}

/// `'…'` for the shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

fn absolute(p: &Path) -> Result<PathBuf> {
    std::path::absolute(p).map_err(|e| Error::Input(format!("{}: {e}", p.display())))
}

fn sbatch_value(flag: &str, v: &str) -> Result<()> {
    if v.is_empty() || v.chars().any(|c| c.is_whitespace() || c == '\'' || c == '"') {
        return Err(Error::Input(format!(
            "{flag}: expected a Slurm value without spaces or quotes, found {v:?}"
        )));
    }
    Ok(())
}

/// Run `relucert slurm`.
pub fn run(args: Args) -> Result<i32> {
    if args.shards == 0 || args.shards > 1_000_000 {
        return Err(Error::Input(format!(
            "--shards: expected 1..=1000000, found {}",
            args.shards
        )));
    }
    if args.cpus == 0 {
        return Err(Error::Input("--cpus: expected at least 1".into()));
    }
    for (flag, v) in [
        ("--time", &args.time),
        ("--mem", &args.mem),
        ("--merge-time", &args.merge_time),
    ] {
        sbatch_value(flag, v)?;
    }
    for (flag, v) in [("--partition", &args.partition), ("--account", &args.account)] {
        if let Some(v) = v {
            sbatch_value(flag, v)?;
        }
    }
    // The instance must load here, not fail in n tasks later.
    let input = InstanceArgs {
        instance: Some(args.instance.clone()),
        csv: None,
        label: None,
        hidden: None,
        bias: false,
        alpha: None,
        output_bias: false,
        floats: None,
    };
    input.load()?;
    let instance = absolute(&args.instance)?;
    let dir = absolute(&args.dir)?;
    let stem = args
        .instance
        .file_stem()
        .map_or_else(|| "instance".to_string(), |s| s.to_string_lossy().into_owned());
    let cert = absolute(
        &args
            .output
            .clone()
            .unwrap_or_else(|| dir.join(format!("{stem}.cert.jsonl"))),
    )?;
    let bin = match &args.bin {
        Some(b) => absolute(b)?,
        None => std::env::current_exe()
            .map_err(|e| Error::Input(format!("cannot find the relucert binary: {e}; pass --bin")))?,
    };
    for sub in ["shards", "logs"] {
        std::fs::create_dir_all(dir.join(sub))
            .map_err(|e| Error::Output(format!("{}: cannot create: {e}", dir.join(sub).display())))?;
    }
    let n = args.shards;
    let d = |p: &Path| quote(&p.display().to_string());
    // The shard of task `$i`, for the shell: 'DIR/shards/<stem>.shard-'"$i"'-of-n.jsonl'.
    let shard_sh = format!(
        "{}\"$i\"{}",
        quote(&format!("{}/{stem}.shard-", dir.join("shards").display())),
        quote(&format!("-of-{n}.jsonl"))
    );
    let head = |name: &str, log: &str, time: &str| {
        let mut h = format!(
            "#!/bin/bash\n#SBATCH --job-name={}\n#SBATCH --output={}\n#SBATCH --time={time}\n",
            quote(name),
            d(&dir.join("logs").join(log))
        );
        if let Some(p) = &args.partition {
            h.push_str(&format!("#SBATCH --partition={p}\n"));
        }
        if let Some(a) = &args.account {
            h.push_str(&format!("#SBATCH --account={a}\n"));
        }
        h
    };
    let mut flags = String::new();
    if args.cells_only {
        flags.push_str(" --cells-only");
    }
    if args.exact_only {
        flags.push_str(" --exact-only");
    }
    if args.no_reduce {
        flags.push_str(" --no-reduce");
    }
    let array = match args.max_running {
        Some(m) => format!("1-{n}%{m}"),
        None => format!("1-{n}"),
    };
    let shards_script = format!(
        "{}#SBATCH --array={array}\n#SBATCH --mem={}\n#SBATCH --cpus-per-task={}\n\
         # One shard per array task (relucert certify --shard i/{n}); --resume continues a task\n\
         # that was killed or requeued from the records it wrote.\n\
         set -euo pipefail\n\
         i=${{SLURM_ARRAY_TASK_ID:?submit this script with sbatch (it is a job array)}}\n\
         exec {} certify {} --shard \"$i/{n}\" --force --resume --jobs \"${{SLURM_CPUS_PER_TASK:-{}}}\"{flags} \\\n  -o {}\n",
        head(&format!("relucert-{stem}"), "shard-%a.out", &args.time),
        args.mem,
        args.cpus,
        d(&bin),
        d(&instance),
        args.cpus,
        shard_sh,
    );
    let merge_script = format!(
        "{}#SBATCH --mem={}\n\
         # Runs after every shard task succeeded (submitted with --dependency=afterok:<array>).\n\
         set -euo pipefail\n\
         shards=()\n\
         for i in $(seq 1 {n}); do shards+=({}); done\n\
         {} merge \"${{shards[@]}}\" -o {}\n\
         {} check {}\n",
        head(&format!("relucert-{stem}-merge"), "merge.out", &args.merge_time),
        args.mem,
        shard_sh,
        d(&bin),
        d(&cert),
        d(&bin),
        d(&cert),
    );
    let submit = format!(
        "#!/bin/sh\n# Submit the shards as a job array, then the merge job once they all succeeded.\n\
         set -eu\n\
         array=$(sbatch --parsable {})\n\
         array=${{array%%;*}}\n\
         merge=$(sbatch --parsable --dependency=afterok:\"$array\" {})\n\
         echo \"submitted: shards $array (array of {n}), merge ${{merge%%;*}} after them\"\n",
        d(&dir.join("shards.sbatch")),
        d(&dir.join("merge.sbatch")),
    );
    for (name, text) in [
        ("shards.sbatch", &shards_script),
        ("merge.sbatch", &merge_script),
        ("submit.sh", &submit),
    ] {
        let path = dir.join(name);
        crate::atomic_file::write(&path, text.as_bytes())?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755));
        }
    }
    println!(
        "wrote {}/shards.sbatch (array 1-{n}), merge.sbatch and submit.sh",
        dir.display()
    );
    println!("submit with:  sh {}", d(&dir.join("submit.sh")));
    println!(
        "or by hand:   jid=$(sbatch --parsable {})",
        d(&dir.join("shards.sbatch"))
    );
    println!(
        "              sbatch --dependency=afterok:${{jid%%;*}} {}",
        d(&dir.join("merge.sbatch"))
    );
    println!("merged certificate: {}", cert.display());
    Ok(0)
}
