//! `relucert generic`: general position of the samples and, with `--rare`, Laurent–von
//! Brecht's rare-data check (Def. 1), both exact and with witnesses (SPEC §5). With `-o FILE`
//! the verdicts are also written as a `relucert-generic/1` certificate (`docs/genericity.md`).

use num_bigint::BigInt;
use num_traits::{ToPrimitive, Zero};
use serde_json::{Value, json};

use crate::arrangement::count::count_chambers;
use crate::certificate::WriteCertificate;
use crate::error::{Error, Result};
use crate::generic::general_position::binomial;
use crate::generic::{
    GeneralPosition, RareProblem, RareSearch, build_certificate, decide_rare, general_position,
    general_position_chamber_count,
};
use crate::instance::Instance;
use relucert_exact::{Q, format_q};

/// The largest bound on the number of flats for which the chamber count is computed (the
/// lattice computation is quadratic in it).
pub const FLAT_LIMIT: u64 = 3_000;

/// Arguments of `relucert generic`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::cli::input::InstanceArgs,
    /// Also decide whether the data are rare (Laurent–von Brecht Def. 1): needs integer class
    /// labels in y, alpha > 0, and optional per-sample `weights` in the instance.
    #[arg(long)]
    pub rare: bool,
    /// The depth L of Def. 1: each λ_i ranges over 1, α, …, α^L.
    #[arg(long, value_name = "L", default_value_t = 1)]
    pub depth: usize,
    /// Print one JSON object instead of readable lines.
    #[arg(long)]
    pub json: bool,
    /// Also write the verdicts as a `relucert-generic/1` certificate (JSON, written
    /// atomically) that `relucert check` re-verifies.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<std::path::PathBuf>,
}

/// The chamber count of the data arrangement against the general-position formula.
pub struct ChamberComparison {
    /// Number of non-zero samples (hyperplanes, counted with repetition).
    pub hyperplanes: usize,
    /// The exact chamber count, or `None` when the lattice of flats is too large to build.
    pub counted: Option<u64>,
    /// `2 Σ_{i<d} C(hyperplanes − 1, i)`.
    pub formula: BigInt,
}

/// Run `relucert generic`; returns the exit code (0 when decided).
pub fn run(args: Args) -> Result<i32> {
    let origin = args
        .input
        .instance
        .as_ref()
        .or(args.input.csv.as_ref())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    if args.depth == 0 {
        return Err(Error::Input("--depth: expected an integer ≥ 1, found 0".into()));
    }
    if let Some(path) = &args.output {
        args.input.prepare_output(path)?;
    }
    let instance = args.input.load()?;
    let gp = general_position(&instance.x)?;
    let chambers = compare_chambers(&instance);
    let rare = if args.rare {
        let problem = RareProblem::from_instance(&instance, args.depth).map_err(|e| match e {
            Error::Input(m) => Error::Input(format!("{origin}: {m}")),
            other => other,
        })?;
        let search = decide_rare(&problem)?;
        Some((problem, search))
    } else {
        None
    };
    if let Some(path) = &args.output {
        build_certificate(&instance, &gp, rare.as_ref().map(|(p, s)| (p, s))).write(path)?;
    }
    if args.json {
        let report = json_report(&gp, &chambers, rare.as_ref());
        let text = serde_json::to_string_pretty(&report)
            .map_err(|e| Error::Output(format!("could not format the JSON report: {e}")))?;
        println!("{text}");
    } else {
        print!("{}", human_report(&instance, &gp, &chambers, rare.as_ref()));
        if let Some(path) = &args.output {
            println!("certificate: {} (relucert check re-verifies it)", path.display());
        }
    }
    Ok(0)
}

/// The counted chambers of the instance against the general-position formula.
pub fn compare_chambers(instance: &Instance) -> ChamberComparison {
    let nonzero: Vec<Vec<Q>> = instance
        .x
        .iter()
        .filter(|x| x.iter().any(|v| !v.is_zero()))
        .cloned()
        .collect();
    let n = nonzero.len();
    let d = instance.d();
    // Every flat of rank r is spanned by r samples, so C(n, 0) + … + C(n, d) bounds their number.
    let flat_bound: BigInt = (0..=d.min(n)).map(|r| binomial(n as u64, r as u64)).sum();
    let counted = (flat_bound <= BigInt::from(FLAT_LIMIT)).then(|| count_chambers(&nonzero));
    ChamberComparison {
        hyperplanes: n,
        counted,
        formula: general_position_chamber_count(n, d),
    }
}

fn big_json(v: &BigInt) -> Value {
    v.to_u64()
        .map_or_else(|| Value::String(v.to_string()), Value::from)
}

/// The `--json` report (also what the Python package's `relucert.generic` returns).
pub fn json_report(
    gp: &GeneralPosition,
    chambers: &ChamberComparison,
    rare: Option<&(RareProblem, RareSearch)>,
) -> Value {
    let equal = chambers.counted.map(|c| BigInt::from(c) == chambers.formula);
    let (rare_flag, witness, search) = match rare {
        None => (Value::Null, Value::Null, Value::Null),
        Some((p, s)) => (
            Value::Bool(s.is_rare()),
            s.witness.as_ref().map_or(Value::Null, |w| {
                json!({
                    "lambda": w.lambda.iter().map(format_q).collect::<Vec<_>>(),
                    "epsilon": w.epsilon,
                })
            }),
            json!({
                "depth": p.depth,
                "alpha": format_q(&p.alpha),
                "classes": p.labels.iter().map(ToString::to_string).collect::<Vec<_>>(),
                "weights": p.weights.iter().map(format_q).collect::<Vec<_>>(),
                "options_per_sample": s.options_per_sample,
                "brute_force_count": big_json(&s.brute_force_count),
                "sums_per_half": s.sums_per_half,
                "groups_resolved": s.groups_resolved,
                "witness_verified": s.is_rare(),
            }),
        ),
    };
    json!({
        "general_position": gp.holds(),
        "subset_size": gp.subset_size,
        "subsets_examined": gp.subsets_examined,
        "dependent_subset": gp.dependent_subset,
        "dependency": gp.dependency.as_ref().map(|c| c.iter().map(format_q).collect::<Vec<_>>()),
        "chambers": {
            "hyperplanes": chambers.hyperplanes,
            "counted": chambers.counted,
            "general_position_formula": big_json(&chambers.formula),
            "equal": equal,
        },
        "rare": rare_flag,
        "witness": witness,
        "rare_search": search,
    })
}

fn human_report(
    instance: &Instance,
    gp: &GeneralPosition,
    chambers: &ChamberComparison,
    rare: Option<&(RareProblem, RareSearch)>,
) -> String {
    let mut out = String::new();
    let k = gp.subset_size;
    match (&gp.dependent_subset, &gp.dependency) {
        (Some(subset), Some(coeffs)) => {
            let terms: Vec<String> = subset
                .iter()
                .zip(coeffs)
                .map(|(i, c)| format!("({})·x{i}", format_q(c)))
                .collect();
            out += &format!(
                "general position: no; the first dependent set of {k} samples is {subset:?}: {} = 0 (exact)\n",
                terms.join(" + ")
            );
        }
        _ => {
            out += &format!(
                "general position: yes; all {} sets of {k} of the {} samples (d = {}) are linearly independent\n",
                gp.subsets_examined,
                instance.n(),
                instance.d()
            )
        }
    }
    let formula = &chambers.formula;
    match chambers.counted {
        Some(c) => {
            out += &format!(
                "chambers: {c} counted; general-position formula 2·Σ_{{i<d}} C({}−1, i) = {formula}: {}\n",
                chambers.hyperplanes,
                if BigInt::from(c) == *formula {
                    "equal"
                } else {
                    "different"
                }
            )
        }
        None => {
            out += &format!(
                "chambers: not counted (more than {FLAT_LIMIT} possible flats); general-position formula gives {formula}\n"
            )
        }
    }
    match rare {
        None => out += "rare data: not checked (add --rare)\n",
        Some((p, s)) => {
            let classes: Vec<String> = p.labels.iter().map(ToString::to_string).collect();
            out += &format!(
                "rare data (Laurent–von Brecht Def. 1; α = {}, L = {}, classes {}): ",
                format_q(&p.alpha),
                p.depth,
                classes.join(" < ")
            );
            match &s.witness {
                Some(w) => {
                    out += "RARE; witness verified by substitution\n";
                    for (i, (l, e)) in w.lambda.iter().zip(&w.epsilon).enumerate() {
                        if e.iter().any(|&v| v != 0) {
                            let eps: Vec<String> = e.iter().map(ToString::to_string).collect();
                            out += &format!("  sample {i}: λ = {}, ε = [{}]\n", format_q(l), eps.join(" "));
                        }
                    }
                    out += "  (samples not listed have ε = 0)\n";
                }
                None => {
                    out += &format!(
                        "GENERIC; exhaustive meet-in-the-middle search over all {} choices ({} options per sample, {} + {} sums per half)\n",
                        s.brute_force_count, s.options_per_sample, s.sums_per_half[0], s.sums_per_half[1]
                    );
                }
            }
        }
    }
    out
}
