//! `relucert claims [--json]`: the registry of claims from the papers (SPEC §7).

use serde_json::{Value, json};

use crate::error::Result;
use relucert_solver::claims;

/// Arguments of `relucert claims`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Print `[{"id", "source", "statement", "expected"}]` as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The registry as JSON.
pub fn to_json() -> Value {
    Value::Array(
        claims::all()
            .iter()
            .map(|c| {
                json!({
                    "id": c.id,
                    "source": c.source,
                    "statement": c.statement,
                    "predicate": c.predicate,
                    "expected": c.expected.as_str(),
                })
            })
            .collect(),
    )
}

/// Run `relucert claims`.
pub fn run(args: Args) -> Result<i32> {
    if args.json {
        println!("{}", serde_json::to_string_pretty(&to_json()).unwrap_or_default());
        return Ok(0);
    }
    for c in claims::all() {
        println!("{}  (expected: {})", c.id, c.expected.as_str());
        println!("  source:    {}", c.source);
        println!("  statement: {}", c.statement);
        println!("  refuted by: {}", c.predicate);
    }
    Ok(0)
}
