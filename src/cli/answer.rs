//! The plain answer of `certify` and `check`: the verdict, the exact global minimum and the
//! distinct loss values of local minima ("levels"), with `≈` decimals, as text or as one JSON
//! object (`certify --json`).

use std::path::Path;

use num_traits::{Signed, ToPrimitive};
use serde_json::{Value, json};

use crate::families::levels::{Level, half_sum};
use relucert_exact::{Q, format_q};

/// Exit code of `certify` when it ends without a verdict (families refused by the budget or
/// skipped): distinct from 0 (verdict), 1 (checker rejection) and 2 (bad input).
pub const NO_VERDICT: i32 = 3;

/// A short decimal approximation of an exact rational (display only, never used to decide).
pub fn decimal(q: &Q) -> String {
    let v = q.numer().to_f64().unwrap_or(f64::NAN) / q.denom().to_f64().unwrap_or(f64::NAN);
    if v.is_finite() {
        format!("{v:.6}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        let sign = if q.is_negative() { "-" } else { "" };
        format!("{sign}huge")
    }
}

fn vector(v: &[Q]) -> String {
    format!("[{}]", v.iter().map(format_q).collect::<Vec<_>>().join(", "))
}

/// The lines of the human answer.
pub fn text(levels: &[Level], n: usize, output_bias: bool, half: bool) -> Vec<String> {
    let mut out = Vec::new();
    let Some(global) = levels.first() else {
        return out;
    };
    let shown = |q: &Q| {
        if half {
            let h = half_sum(q, n);
            format!(
                "{} (≈ {}; ½Σe² = {} ≈ {})",
                format_q(q),
                decimal(q),
                format_q(&h),
                decimal(&h)
            )
        } else {
            format!("{} (≈ {})", format_q(q), decimal(q))
        }
    };
    let spurious = levels.iter().filter(|l| l.spurious).count();
    out.push(format!(
        "verdict: {}",
        if spurious == 0 {
            "no spurious local minima".to_string()
        } else {
            format!("spurious local minima at {spurious} loss value(s)")
        }
    ));
    out.push(format!("global minimum: {}", shown(&global.loss)));
    out.push(format!("loss values of local minima ({}):", levels.len()));
    for l in levels {
        let mut w = format!("z = {}, w = [{}]", vector(&l.witness.z), {
            l.witness
                .w
                .iter()
                .map(|r| vector(r))
                .collect::<Vec<_>>()
                .join(", ")
        });
        if output_bias {
            w.push_str(&format!(", c = {}", format_q(&l.witness.c)));
        }
        out.push(format!(
            "  {}  {}  {} families ({} differentiable, {} boundary only){}  e.g. {}",
            shown(&l.loss),
            if l.spurious { "SPURIOUS" } else { "global" },
            l.families,
            l.differentiable,
            l.boundary(),
            if l.full_width {
                ""
            } else {
                "  needs dead, zero or duplicated units"
            },
            w
        ));
    }
    out
}

/// The JSON answer: `{"verdict", "global_min", "levels": [...], "certificate"}`.
pub fn json(levels: &[Level], n: usize, output_bias: bool, certificate: &Path, extra: Value) -> Value {
    let spurious = levels.iter().any(|l| l.spurious);
    let levels_json: Vec<Value> = levels
        .iter()
        .map(|l| {
            json!({
                "loss": format_q(&l.loss),
                "loss_decimal": decimal(&l.loss),
                "half_sum": format_q(&half_sum(&l.loss, n)),
                "spurious": l.spurious,
                "families": l.families,
                "differentiable": l.differentiable,
                "boundary": l.boundary(),
                "needs_dead_or_duplicated_units": !l.full_width,
                "witness": {
                    "z": l.witness.z.iter().map(format_q).collect::<Vec<_>>(),
                    "w": l.witness.w.iter().map(|r| r.iter().map(format_q).collect::<Vec<_>>()).collect::<Vec<_>>(),
                    "c": if output_bias { Value::String(format_q(&l.witness.c)) } else { Value::Null },
                },
            })
        })
        .collect();
    json!({
        "verdict": if spurious { "spurious-minima" } else { "no-spurious-minima" },
        "global_min": levels.first().map(|l| format_q(&l.loss)),
        "levels": levels_json,
        "certificate": certificate.display().to_string(),
        "search": extra,
    })
}
