//! `relucert arrangement`: the chambers (and faces) of the data arrangement with exact
//! witnesses, and the counts that prove the lists complete (SPEC §2).

use serde::Serialize;

use crate::arrangement::{Arrangement, Face};
use crate::error::{Error, Result};

/// Arguments of `relucert arrangement`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::cli::input::InstanceArgs,
    /// Also list every face (sign vectors with zeros), not only the chambers.
    #[arg(long)]
    pub faces: bool,
    /// Print JSON: {"chambers": [...], "faces": [...] or null, "count": {"chambers", "faces"}}.
    #[arg(long)]
    pub json: bool,
}

/// Run `relucert arrangement`; returns the exit code (0 when the lists are proved complete).
pub fn run(args: Args) -> Result<i32> {
    let instance = args.input.load()?;
    let arrangement = Arrangement::compute(&instance.x, args.faces)?;
    if !arrangement.is_complete() {
        return Err(Error::Refused(format!(
            "internal error, the arrangement could not be proved complete: {}",
            arrangement.problems.join("; ")
        )));
    }
    if args.json {
        println!("{}", json_text(&arrangement));
    } else {
        print!("{}", human_text(&arrangement, instance.n(), instance.d()));
    }
    Ok(0)
}

/// The `--json` output.
pub fn json_text(a: &Arrangement) -> String {
    #[derive(Serialize)]
    struct Count {
        chambers: u64,
        faces: Option<u64>,
    }
    #[derive(Serialize)]
    struct Output<'a> {
        chambers: &'a [Face],
        faces: Option<&'a [Face]>,
        count: Count,
    }
    let output = Output {
        chambers: &a.chambers,
        faces: a.faces.as_deref(),
        count: Count {
            chambers: a.chamber_count,
            faces: a.face_count,
        },
    };
    serde_json::to_string_pretty(&output).unwrap_or_default()
}

/// The human-readable output: tables of chambers (and faces), then the counts.
pub fn human_text(a: &Arrangement, n: usize, d: usize) -> String {
    let mut out = format!(
        "arrangement of N = {n} samples in dimension d = {d} ({} flats)\n",
        a.flat_count
    );
    out += &format!("\nchambers ({}):\n", a.chambers.len());
    out += &table(&a.chambers);
    if let Some(faces) = &a.faces {
        out += &format!("\nfaces ({}):\n", faces.len());
        out += &table(faces);
    }
    out += "\n";
    let how = match a.whitney_count {
        Some(_) => "Whitney's formula (subset sum and lattice of flats agree)",
        None => "Zaslavsky's theorem on the lattice of flats",
    };
    out += &format!(
        "complete: {} chambers found = {} by {how}\n",
        a.chambers.len(),
        a.chamber_count
    );
    if let (Some(faces), Some(count)) = (&a.faces, a.face_count) {
        out += &format!(
            "complete: {} faces found = {count} = sum over flats F of #chambers(restriction to F)\n",
            faces.len()
        );
    }
    out
}

fn table(faces: &[Face]) -> String {
    let width_index = faces.len().to_string().len().max(1);
    let width_signs = faces.first().map_or(0, |f| f.signs.len()).max(5);
    let mut out = format!("  {:>width_index$}  {:<width_signs$}  witness w\n", "#", "signs");
    for (i, f) in faces.iter().enumerate() {
        out += &format!(
            "  {:>width_index$}  {:<width_signs$}  ({})\n",
            i + 1,
            f.signs.to_string(),
            f.witness_text().join(", ")
        );
    }
    out
}
