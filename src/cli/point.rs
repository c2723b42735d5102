//! `relucert point INSTANCE POINT.toml [--json]`: classify one point exactly (SPEC §4).

use std::path::PathBuf;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::feasibility::Route;
use crate::point::{self, Classification, Verdict};
use relucert_exact::{Q, format_q};

/// Arguments of `relucert point`.
#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(flatten)]
    pub input: crate::cli::input::InstanceArgs,
    /// The point file (TOML: `z = [...]`, `w = [[...], ...]`, optional `c`; exact numbers).
    pub point: Option<PathBuf>,
    /// The point file, as a flag (needed with --csv).
    #[arg(long = "point", value_name = "POINT", conflicts_with = "point")]
    pub point_flag: Option<PathBuf>,
    /// Print JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Decide with exact arithmetic only (no float proposals).
    #[arg(long)]
    pub exact_only: bool,
}

fn qs(v: &[Q]) -> Vec<String> {
    v.iter().map(format_q).collect()
}

/// The classification as JSON (rationals as strings).
pub fn to_json(c: &Classification) -> Value {
    let (descent, multipliers) = match &c.verdict {
        Verdict::LocalMin { multipliers } => (
            Value::Null,
            Value::Array(
                multipliers
                    .iter()
                    .map(|m| {
                        json!({
                            "unit": m.unit,
                            "region": m.region,
                            "gradient": qs(&m.gradient),
                            "lambda": m.lambda.iter().map(|(i, v)| json!({"sample": i, "value": format_q(v)})).collect::<Vec<_>>(),
                            "mu": m.mu.iter().map(|(i, v)| json!({"sample": i, "value": format_q(v)})).collect::<Vec<_>>(),
                        })
                    })
                    .collect(),
            ),
        ),
        Verdict::NotLocalMin { descent: d } => (
            json!({
                "unit": d.unit,
                "reason": d.reason,
                "region": d.region,
                "pre_shift": d.pre_shift.as_ref().map(|v| qs(v)),
                "dz": qs(&d.dz),
                "dw": d.dw.iter().map(|r| qs(r)).collect::<Vec<_>>(),
                "dc": format_q(&d.dc),
                "derivative": format_q(&d.derivative),
                "step": format_q(&d.step),
                "loss_at_step": format_q(&d.loss_at_step),
            }),
            Value::Null,
        ),
    };
    json!({
        "local_min": c.is_local_min(),
        "loss": format_q(&c.loss),
        "faces": c.faces.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        "residuals": qs(&c.residuals),
        "inside_chambers": c.inside_chambers,
        "differentiable": c.differentiable,
        "critical": c.critical,
        "saddle": c.saddle,
        "descent": descent,
        "multipliers": multipliers,
    })
}

/// The classification as text.
pub fn to_text(c: &Classification) -> String {
    let mut out = String::new();
    out.push_str(&format!("loss: {}\n", format_q(&c.loss)));
    for (k, f) in c.faces.iter().enumerate() {
        out.push_str(&format!("unit {k}: face {f}\n"));
    }
    match &c.verdict {
        Verdict::LocalMin { multipliers } => {
            out.push_str("verdict: local minimum\n");
            for m in multipliers {
                let pairs = |v: &[(usize, Q)]| {
                    v.iter()
                        .map(|(i, q)| format!("x{i}:{}", format_q(q)))
                        .collect::<Vec<_>>()
                        .join(" ")
                };
                out.push_str(&format!(
                    "  unit {} region {}: G = [{}], lambda [{}], mu [{}]\n",
                    m.unit,
                    m.region,
                    qs(&m.gradient).join(", "),
                    pairs(&m.lambda),
                    pairs(&m.mu)
                ));
            }
        }
        Verdict::NotLocalMin { descent: d } => {
            out.push_str("verdict: not a local minimum\n");
            out.push_str(&format!("  because: {}\n", d.reason));
            if let Some(s) = &d.pre_shift {
                out.push_str(&format!("  first shift w (same loss): [{}]\n", qs(s).join(", ")));
            }
            out.push_str(&format!("  direction dz = [{}]", qs(&d.dz).join(", ")));
            for (k, r) in d.dw.iter().enumerate() {
                out.push_str(&format!(", dw{k} = [{}]", qs(r).join(", ")));
            }
            out.push_str(&format!(", dc = {}\n", format_q(&d.dc)));
            out.push_str(&format!(
                "  one-sided derivative {} < 0; at step {} the loss is {}\n",
                format_q(&d.derivative),
                format_q(&d.step),
                format_q(&d.loss_at_step)
            ));
        }
    }
    if let Some(critical) = c.critical {
        out.push_str(&format!(
            "differentiable point: critical = {critical}, saddle = {}\n",
            c.saddle.unwrap_or(false)
        ));
    } else {
        out.push_str("non-differentiable point (a unit with z_k ≠ 0 lies on a sample hyperplane)\n");
    }
    out
}

/// Run `relucert point`; returns the exit code (0).
pub fn run(args: Args) -> Result<i32> {
    let inst = args.input.load()?;
    let path = args
        .point
        .or(args.point_flag)
        .ok_or_else(|| Error::Input("give a point file: relucert point INSTANCE POINT.toml".into()))?;
    let p = point::point_file::read(&path, &inst)?;
    let route = if args.exact_only {
        Route::ExactOnly
    } else {
        Route::FloatFirst
    };
    let c = point::classify(&inst, &p, route)?;
    let alive = point::shape::units_alive(&c.faces, &p);
    let family = c
        .is_local_min()
        .then(|| point::shape::family_of_point(&inst, &c.faces, &p));
    if args.json {
        let mut value = to_json(&c);
        if let Value::Object(map) = &mut value {
            map.insert(
                "units".into(),
                json!(
                    alive
                        .iter()
                        .map(|a| if *a { "alive" } else { "dead" })
                        .collect::<Vec<_>>()
                ),
            );
            map.insert(
                "family".into(),
                family.as_ref().map_or(
                    Value::Null,
                    |f| json!({"dim_r": f.dim_r, "dim_params": f.dim_params, "r_unique": f.r_unique}),
                ),
            );
        }
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        print!("{}", to_text(&c));
        let states: Vec<&str> = alive.iter().map(|a| if *a { "alive" } else { "dead" }).collect();
        println!("units: {}", states.join(", "));
        if let Some(f) = &family {
            println!(
                "family of minima through this point: dimension {} in (R, c), {} in (z, w, c){}",
                f.dim_r,
                f.dim_params,
                if f.r_unique { "; R is unique" } else { "" }
            );
        }
    }
    Ok(0)
}
