//! The fuzz harness of issue 10: structured mutation of real certificates, and of instance,
//! CSV and point files, with a truth oracle.
//!
//! Base certificates are made by the solver from the fixtures: cell-stage and full
//! (`relucert/1`, with and without `--least-squares`), genericity (`relucert-generic/1`,
//! general position held or not, rare and generic data) and streams (`relucert/2`, the JSON
//! array of their records, checked by `check_stream`). Each mutation edits the JSON tree at
//! a field chosen either uniformly among all nodes or uniformly among the field *kinds* (so
//! rare fields like `rare_data.depth` or `summary.verdict` are hit as often as cell entries):
//! rationals changed, negated, zeroed, made huge; booleans flipped; sign strings changed;
//! array entries deleted, duplicated, swapped; objects losing a key; counts and depths set to
//! extremes (0, 2^32, 2^63, 2^64 − 1, …); the instance altered like any other field. A third
//! of the mutations are compound (two or three edits), and some are then "repaired" the way a
//! forger would: the summary recomputed from the (mutated) cells, the genericity counts
//! recomputed from the (mutated) depth — with the 64-bit wrap of the original bug — so that
//! the lie has to be caught where it is.
//!
//! The oracle: every mutation that parses goes through the checker (under `catch_unwind`). An
//! accepted mutation must be a true statement: its claims — everything but the witnesses and
//! multipliers (counts, sign strings, ranks, losses, genuineness, families, global minimum,
//! verdict; general position, rare/generic, depth, classes and counts) — are compared with the
//! truth: the base certificate's when the instance (and depth) are unchanged, else a fresh
//! solver run on the mutated instance. Any difference is a false acceptance.
//!
//! `RELUCERT_FUZZ_MUTATIONS` sets the number of certificate mutations (default 3,500, about 2,400 of which parse and are checked; `make
//! fuzz` runs 100,000 in release), `RELUCERT_FUZZ_SEED` the seed (default fixed).

use std::collections::{BTreeMap, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Once;
use std::time::Instant;

use num_bigint::BigInt;
use relucert::certificate::Certificate;
use relucert::certificate::genericity::GenericCertificate;
use relucert::exact::{Q, format_q, parse_q};
use relucert::feasibility::Route;
use relucert::instance::Instance;
use serde_json::{Value, json};

/// SplitMix64: a small deterministic generator (the seed fixes the whole run).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn fixture(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn load(name: &str) -> Instance {
    relucert::instance::toml_file::read(&fixture(name)).unwrap()
}

/// Which certificate a base is, and how its truth is recomputed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Cells,
    Full,
    FullLeastSquares,
    Generic {
        rare_depth: Option<usize>,
    },
    /// A `relucert/2` stream, as the JSON array of its records (header to trailer).
    Stream {
        families: bool,
    },
}

/// The solver's certificate for `inst` (as JSON), or `None` when the solver refuses it.
fn solve(inst: &Instance, kind: Kind) -> Option<Value> {
    match kind {
        Kind::Generic { rare_depth } => {
            let gp = relucert::generic::general_position(&inst.x).ok()?;
            let rare = match rare_depth {
                Some(depth) => {
                    let problem = relucert::generic::RareProblem::from_instance(inst, depth).ok()?;
                    // The oracle stays small: beyond 2·10^6 choices it does not decide.
                    let size = problem.brute_force_count();
                    if size > BigInt::from(2_000_000u64) {
                        return None;
                    }
                    let search = relucert::generic::decide_rare(&problem).ok()?;
                    Some((problem, search))
                }
                None => None,
            };
            let cert = relucert::generic::build_certificate(inst, &gp, rare.as_ref().map(|(p, s)| (p, s)));
            Some(serde_json::from_str(&cert.to_json()).unwrap())
        }
        Kind::Stream { families } => {
            let opts = relucert::certificate::stream::StreamOptions {
                route: Route::ExactOnly,
                families,
                least_squares: false,
                progress: false,
                reduce: families,
                solution_set: true,
            };
            let mut sink = relucert::certificate::sink::VecSink::default();
            relucert::certificate::stream::certify_into(inst, &opts, &mut sink).ok()?;
            let mut all = vec![relucert_format::v2::Record::Header(
                relucert::certificate::stream::header(inst, &opts),
            )];
            all.append(&mut sink.0);
            let mut tally = relucert::certificate::stream_tally::Tally::default();
            for r in &all {
                tally.add(r);
            }
            all.push(relucert_format::v2::Record::Trailer(
                tally.trailer(families).ok()?,
            ));
            Some(serde_json::to_value(&all).unwrap())
        }
        _ => {
            let mut run = relucert::certificate::build::certify_cells(inst, Route::ExactOnly, false).ok()?;
            if kind == Kind::FullLeastSquares {
                relucert::certificate::build::attach_least_squares(
                    &mut run.certificate,
                    inst,
                    &run.chambers,
                    &mut run.results,
                );
            }
            if kind != Kind::Cells {
                relucert::certificate::build::attach_families(
                    &mut run.certificate,
                    inst,
                    Route::ExactOnly,
                    None,
                )
                .ok()?;
            }
            Some(serde_json::from_str(&run.certificate.to_json()).unwrap())
        }
    }
}

/// The claims of a certificate: the canonical JSON without witnesses and multipliers (any
/// valid witness will do; the claims are what the certificate asserts).
fn claims(v: &Value, kind: Kind) -> Value {
    let drop: &[&str] = match kind {
        Kind::Generic { .. } => &["dependency", "witness"],
        // `options.reduce` says how the families were searched, not what they are.
        Kind::Stream { .. } => &[
            "witness",
            "refutations",
            "least_squares",
            "nu",
            "motzkin",
            "v",
            "bias",
            "reduce",
        ],
        // `bias` of a `relucert/1` instance is informational (x is taken as recorded).
        _ => &[
            "witness",
            "refutation",
            "least_squares",
            "multipliers",
            "regions",
            "motzkin",
            "bias",
        ],
    };
    fn strip(v: &Value, drop: &[&str]) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .filter(|(k, _)| !drop.contains(&k.as_str()))
                    .map(|(k, c)| (k.clone(), strip(c, drop)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(|c| strip(c, drop)).collect()),
            other => other.clone(),
        }
    }
    let mut c = strip(v, drop);
    // The order of the family records is not a claim (the checker accepts them in any order:
    // each face/mode combination once); compare them as sets.
    for key in ["minima", "family_refutations"] {
        if let Some(Value::Array(a)) = c.get_mut(key) {
            a.sort_by_key(|e| e.to_string());
        }
    }
    // A stream's records are self-describing: their order is checked (rule stream-order) but
    // the claims are the multiset of records.
    if let (Kind::Stream { .. }, Value::Array(a)) = (kind, &mut c) {
        // The local regions of a face are a set too (the multipliers that refer to them by
        // position were checked against the order given).
        for record in a.iter_mut() {
            if let Some(Value::Array(regions)) = record.get_mut("regions") {
                regions.sort_by_key(|e| e.to_string());
            }
        }
        a.sort_by_key(|e| e.to_string());
    }
    // Without a rare-data claim the weights claim nothing.
    if matches!(kind, Kind::Generic { .. })
        && c.get("rare_data").is_none_or(Value::is_null)
        && let Some(Value::Object(i)) = c.get_mut("instance")
    {
        i.remove("weights");
    }
    c
}

/// The instance a certificate is about, as the solver takes it.
fn instance_of(v: &Value, kind: Kind) -> Option<Instance> {
    match kind {
        Kind::Generic { .. } => {
            let cert: GenericCertificate = serde_json::from_value(v.clone()).ok()?;
            let i = cert.instance;
            let inst = Instance {
                x: i.x,
                y: i.y,
                hidden: 1,
                alpha: i.alpha,
                bias: i.bias,
                output_bias: false,
                weights: cert.rare_data.as_ref().map(|_| i.weights),
            };
            inst.validate().ok()?;
            Some(inst)
        }
        Kind::Stream { .. } => {
            let header: relucert_format::v2::Record = serde_json::from_value(v.get(0)?.clone()).ok()?;
            let relucert_format::v2::Record::Header(h) = header else {
                return None;
            };
            let i = h.instance;
            let inst = Instance {
                x: i.x,
                y: i.y,
                hidden: i.hidden,
                alpha: i.alpha,
                bias: false,
                output_bias: i.output_bias,
                weights: None,
            };
            inst.validate().ok()?;
            Some(inst)
        }
        _ => {
            let cert: Certificate = serde_json::from_value(v.clone()).ok()?;
            let i = cert.instance;
            let inst = Instance {
                x: i.x,
                y: i.y,
                hidden: i.hidden,
                alpha: i.alpha,
                bias: false,
                output_bias: i.output_bias,
                weights: None,
            };
            inst.validate().ok()?;
            Some(inst)
        }
    }
}

/// Every node of the tree as a path of keys and indices, with its pattern (indices as `*`).
fn nodes(v: &Value, path: &mut Vec<Value>, out: &mut Vec<(Vec<Value>, String)>) {
    let pattern = path
        .iter()
        .map(|s| match s {
            Value::String(k) => k.clone(),
            _ => "*".to_string(),
        })
        .collect::<Vec<_>>()
        .join(".");
    out.push((path.clone(), pattern));
    match v {
        Value::Object(m) => {
            for (k, c) in m {
                path.push(json!(k));
                nodes(c, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, c) in a.iter().enumerate() {
                path.push(json!(i));
                nodes(c, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Value]) -> Option<&'a mut Value> {
    let mut cur = v;
    for step in path {
        cur = match step {
            Value::String(k) => cur.get_mut(k.as_str())?,
            Value::Number(i) => cur.get_mut(i.as_u64()? as usize)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// Counts and depths at their extremes.
const EXTREMES: [u64; 8] = [0, 1, 2, 3, 1 << 32, 1 << 63, u64::MAX, u64::MAX - 1];

/// A changed rational: ±1, negated, zeroed, doubled, halved, nudged, huge.
fn mutate_rational(q: &Q, rng: &mut Rng) -> String {
    let one = Q::from_integer(1.into());
    let r = match rng.below(9) {
        0 => q + &one,
        1 => q - &one,
        2 => -q.clone(),
        3 => Q::from_integer(0.into()),
        4 => q * Q::from_integer(2.into()),
        5 => q / Q::from_integer(2.into()),
        6 => q + Q::new(1.into(), 1000.into()),
        7 => {
            return [
                "1e99999",
                "-1e-99999",
                "1/0",
                "0/0",
                "99999999999999999999999999999999/3",
            ][rng.below(5)]
            .into();
        }
        _ => q + Q::new(1.into(), BigInt::from(u64::MAX)),
    };
    format_q(&r)
}

/// A changed sign string: one sign changed, one removed or added, two swapped, reversed.
fn mutate_signs(s: &str, rng: &mut Rng) -> String {
    let mut c: Vec<char> = s.chars().collect();
    let signs = ['+', '-', '0'];
    match rng.below(5) {
        0 if !c.is_empty() => {
            let i = rng.below(c.len());
            let now = c[i];
            c[i] = *signs.iter().filter(|&&x| x != now).nth(rng.below(2)).unwrap();
        }
        1 if !c.is_empty() => {
            c.remove(rng.below(c.len()));
        }
        2 => c.insert(rng.below(c.len() + 1), signs[rng.below(3)]),
        3 if c.len() >= 2 => {
            let (i, j) = (rng.below(c.len()), rng.below(c.len()));
            c.swap(i, j);
        }
        _ => c.reverse(),
    }
    c.into_iter().collect()
}

/// One structured edit of the node at `path`.
fn mutate_at(root: &mut Value, path: &[Value], rng: &mut Rng) {
    // Deleting the node from its parent is one edit for every kind of node.
    if !path.is_empty() && rng.chance(8) {
        let (last, parent) = path.split_last().unwrap();
        match (node_mut(root, parent), last) {
            (Some(Value::Object(m)), Value::String(k)) => {
                m.remove(k);
            }
            (Some(Value::Array(a)), Value::Number(i)) => {
                let i = i.as_u64().unwrap() as usize;
                if i < a.len() {
                    a.remove(i);
                }
            }
            _ => {}
        }
        return;
    }
    let Some(node) = node_mut(root, path) else {
        return;
    };
    match node {
        Value::Bool(b) => *b = !*b,
        Value::Number(n) => {
            let v = n.as_u64().unwrap_or(0);
            *node = match rng.below(5) {
                0 => json!(v.wrapping_add(1)),
                1 => json!(v.wrapping_sub(1)),
                2 => json!(v.wrapping_mul(2)),
                3 => json!(-1),
                _ => json!(EXTREMES[rng.below(EXTREMES.len())]),
            };
        }
        Value::String(s) => {
            let text = s.clone();
            *node = if let Ok(q) = parse_q(&text) {
                if text.chars().all(|c| c.is_ascii_digit()) && text.len() > 3 && rng.chance(30) {
                    // A count written as a string (brute_force_count): off by one, or 1.
                    json!(["1", "0", &format!("{text}0")][rng.below(3)])
                } else {
                    json!(mutate_rational(&q, rng))
                }
            } else if !text.is_empty() && text.chars().all(|c| "+-0".contains(c)) {
                json!(mutate_signs(&text, rng))
            } else {
                json!(
                    [
                        "no-spurious-minima",
                        "spurious-minima",
                        "relucert/1",
                        "relucert-generic/1",
                        "relucert/2",
                        "",
                        "+-0"
                    ][rng.below(7)]
                )
            };
        }
        Value::Array(a) => {
            if a.is_empty() {
                a.push(json!("0"));
                return;
            }
            let len = a.len();
            match rng.below(6) {
                0 => {
                    a.remove(rng.below(len));
                }
                1 => {
                    let i = rng.below(len);
                    let copy = a[i].clone();
                    a.insert(i, copy);
                }
                2 if len >= 2 => {
                    let i = rng.below(len - 1);
                    a.swap(i, i + 1 + rng.below(len - 1 - i));
                }
                3 => a.reverse(),
                4 => a.clear(),
                _ => {
                    let (i, j) = (rng.below(len), rng.below(len));
                    a[i] = a[j].clone();
                }
            }
        }
        Value::Object(m) => {
            let keys: Vec<String> = m.keys().cloned().collect();
            if keys.is_empty() {
                return;
            }
            let k = &keys[rng.below(keys.len())];
            if rng.chance(50) {
                m.remove(k);
            } else {
                m.insert(k.clone(), Value::Null);
            }
        }
        Value::Null => *node = json!("0"),
    }
}

/// What a forger does after an edit: recompute the derived totals so the lie must be caught
/// where it is. `relucert/1`: the summary's cell totals from the cells; genericity: the
/// options per sample and `m^N` from the depth, with the 64-bit wrap of the original bug.
fn repair(root: &mut Value, kind: Kind) {
    match kind {
        // A stream's trailer totals are recomputed from the records, like a forger would.
        Kind::Stream { families } => {
            let Ok(records) = serde_json::from_value::<Vec<relucert_format::v2::Record>>(root.clone()) else {
                return;
            };
            let mut tally = relucert::certificate::stream_tally::Tally::default();
            let body: Vec<_> = records
                .into_iter()
                .filter(|r| !matches!(r, relucert_format::v2::Record::Trailer(_)))
                .collect();
            for r in &body {
                tally.add(r);
            }
            let Ok(trailer) = tally.trailer(families) else {
                return;
            };
            let mut all = body;
            all.push(relucert_format::v2::Record::Trailer(trailer));
            *root = serde_json::to_value(&all).unwrap();
        }
        Kind::Generic { .. } => {
            let (Some(depth), Some(classes), Some(n)) = (
                root.pointer("/rare_data/depth").and_then(Value::as_u64),
                root.pointer("/rare_data/classes")
                    .and_then(Value::as_array)
                    .map(Vec::len),
                root.pointer("/instance/x")
                    .and_then(Value::as_array)
                    .map(Vec::len),
            ) else {
                return;
            };
            let patterns = if classes == 0 || classes > 64 {
                0
            } else {
                (1u64 << (classes - 1)) - 1
            };
            let m = 1u64.wrapping_add(depth.wrapping_add(1).wrapping_mul(patterns));
            let all = num_traits::pow(BigInt::from(m), n.min(64));
            root["rare_data"]["options_per_sample"] = json!(m);
            root["rare_data"]["brute_force_count"] = json!(all.to_string());
        }
        _ => {
            let Ok(mut cert) = serde_json::from_value::<Certificate>(root.clone()) else {
                return;
            };
            // The forger uses the solver's own summary; on absurd multiplicities (a sum that
            // overflows) it cannot forge, and the mutation goes to the checker unrepaired.
            let chambers = cert.arrangement.chambers.len() as u64;
            let Ok(fresh) =
                std::panic::catch_unwind(|| relucert::certificate::build::summarise(chambers, &cert.cells))
            else {
                return;
            };
            let keep = cert.summary.clone();
            cert.summary = relucert::certificate::Summary {
                global_min: keep.global_min,
                spurious: keep.spurious,
                verdict: keep.verdict,
                ..fresh
            };
            *root = serde_json::from_str(&cert.to_json()).unwrap();
        }
    }
}

/// The outcome of checking one mutation.
#[derive(Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Clone)]
enum Outcome {
    Unparsable,
    Rejected(String),
    Refused,
    AcceptedUnchanged,
    AcceptedTrue,
    FalseAcceptance,
    Undecided,
    Panic,
}

/// Check a mutated certificate and judge an acceptance against the truth.
fn judge(
    mutated: &Value,
    kind: Kind,
    base_claims: &Value,
    base_instance: &Value,
    truth_cache: &mut HashMap<String, Option<Value>>,
) -> (Outcome, String) {
    let text = mutated.to_string();
    let canonical: Value = match kind {
        Kind::Generic { .. } => {
            let Ok(cert) = GenericCertificate::from_json(&text) else {
                return (Outcome::Unparsable, String::new());
            };
            match catch_unwind(|| relucert::checker::genericity::check_generic(&cert)) {
                Err(_) => return (Outcome::Panic, text),
                Ok(Err(relucert::checker::genericity::GenericFailure::Rejected(r))) => {
                    return (Outcome::Rejected(r.rule.to_string()), String::new());
                }
                Ok(Err(relucert::checker::genericity::GenericFailure::Refused(_))) => {
                    return (Outcome::Refused, String::new());
                }
                Ok(Ok(_)) => serde_json::from_str(&cert.to_json()).unwrap(),
            }
        }
        Kind::Stream { .. } => {
            let Ok(records) = serde_json::from_str::<Vec<relucert_format::v2::Record>>(&text) else {
                return (Outcome::Unparsable, String::new());
            };
            let run = || {
                relucert::checker::stream::check_stream(
                    records.iter().cloned().enumerate().map(|(i, r)| Ok((i + 1, r))),
                )
            };
            match catch_unwind(AssertUnwindSafe(run)) {
                Err(_) => return (Outcome::Panic, text),
                Ok(Err(relucert::checker::stream::StreamFailure::Rejected(r))) => {
                    return (Outcome::Rejected(r.rule.to_string()), String::new());
                }
                Ok(Err(_)) => return (Outcome::Refused, String::new()),
                Ok(Ok(_)) => serde_json::to_value(&records).unwrap(),
            }
        }
        _ => {
            let Ok(cert) = Certificate::from_json(&text) else {
                return (Outcome::Unparsable, String::new());
            };
            match catch_unwind(|| relucert::checker::check(&cert)) {
                Err(_) => return (Outcome::Panic, text),
                Ok(Err(r)) => return (Outcome::Rejected(r.rule.to_string()), String::new()),
                Ok(Ok(_)) => serde_json::from_str(&cert.to_json()).unwrap(),
            }
        }
    };
    // Accepted: compare the claims with the truth.
    let stated = claims(&canonical, kind);
    let instance_of_record = |v: &Value| match kind {
        Kind::Stream { .. } => v.pointer("/0/instance").cloned().unwrap_or(Value::Null),
        _ => v["instance"].clone(),
    };
    let same_instance = instance_of_record(&canonical) == *base_instance;
    let depth = canonical.pointer("/rare_data/depth").and_then(Value::as_u64);
    let base_depth = base_claims.pointer("/rare_data/depth").and_then(Value::as_u64);
    if same_instance && depth == base_depth {
        return if stated == *base_claims {
            (Outcome::AcceptedUnchanged, String::new())
        } else {
            (
                Outcome::FalseAcceptance,
                format!("claims differ: {}\n{text}", difference(&stated, base_claims)),
            )
        };
    }
    let truth_kind = match kind {
        Kind::Generic { .. } => Kind::Generic {
            rare_depth: depth.map(|d| d as usize),
        },
        k => k,
    };
    let key = format!("{:?}|{}|{:?}", kind, instance_of_record(&canonical), depth);
    let truth = truth_cache
        .entry(key)
        .or_insert_with(|| instance_of(&canonical, kind).and_then(|inst| solve(&inst, truth_kind)))
        .clone();
    match truth {
        Some(t) if claims(&t, kind) == stated => (Outcome::AcceptedTrue, String::new()),
        Some(t) => (
            Outcome::FalseAcceptance,
            format!(
                "claims differ from a fresh solver run: {}\n{text}",
                difference(&stated, &claims(&t, kind))
            ),
        ),
        None => (Outcome::Undecided, text),
    }
}

/// The first place two claim trees differ, for the failure message.
fn difference(a: &Value, b: &Value) -> String {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (k, v) in x {
                match y.get(k) {
                    None => return format!("{k}: only in the accepted certificate"),
                    Some(w) if w != v => return format!("{k}.{}", difference(v, w)),
                    _ => {}
                }
            }
            y.keys()
                .find(|k| !x.contains_key(*k))
                .map_or("equal".into(), |k| {
                    format!("{k}: missing in the accepted certificate")
                })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find(|(_, (v, w))| v != w)
            .map_or("equal".into(), |(i, (v, w))| {
                format!("[{i}].{}", difference(v, w))
            }),
        _ => format!(
            "{} vs truth {}",
            relucert::exact::limits::shorten(&a.to_string()),
            relucert::exact::limits::shorten(&b.to_string())
        ),
    }
}

fn quiet_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::env::var_os("FUZZ_SHOW_PANICS").is_some() {
                default(info);
            }
        }));
    });
}

struct Base {
    name: String,
    kind: Kind,
    json: Value,
    claims: Value,
    instance: Value,
    patterns: Vec<String>,
}

fn base(name: &str, fixture_name: &str, kind: Kind) -> Base {
    let inst = load(fixture_name);
    let json = solve(&inst, kind).unwrap_or_else(|| panic!("the solver certifies {fixture_name}"));
    let mut all = Vec::new();
    nodes(&json, &mut Vec::new(), &mut all);
    let mut patterns: Vec<String> = all.iter().map(|(_, p)| p.clone()).collect();
    patterns.sort();
    patterns.dedup();
    Base {
        name: name.to_string(),
        kind,
        claims: claims(&json, kind),
        instance: match kind {
            Kind::Stream { .. } => json.pointer("/0/instance").cloned().unwrap_or(Value::Null),
            _ => json["instance"].clone(),
        },
        json,
        patterns,
    }
}

fn bases() -> Vec<Base> {
    vec![
        base("liu_fig2 full", "liu_fig2.toml", Kind::Full),
        base("decomposition_fig2 full", "decomposition_fig2.toml", Kind::Full),
        base("liu_thm3_degenerate full", "liu_thm3_degenerate.toml", Kind::Full),
        base("liu_fig2_y1m1 cells", "liu_fig2_y1m1.toml", Kind::Cells),
        base("decomposition_fig1 cells", "decomposition_fig1.toml", Kind::Cells),
        base("liu_fig2 least squares", "liu_fig2.toml", Kind::FullLeastSquares),
        base(
            "rare_balanced generic",
            "rare_balanced.toml",
            Kind::Generic { rare_depth: Some(1) },
        ),
        base(
            "rare_perturbed generic",
            "rare_perturbed.toml",
            Kind::Generic { rare_depth: Some(1) },
        ),
        base(
            "rare_weighted generic",
            "rare_weighted.toml",
            Kind::Generic { rare_depth: Some(2) },
        ),
        base(
            "generic_dependent generic",
            "generic_dependent.toml",
            Kind::Generic { rare_depth: None },
        ),
        base(
            "liu_fig2 generic",
            "liu_fig2.toml",
            Kind::Generic { rare_depth: None },
        ),
        base(
            "liu_fig2 stream",
            "liu_fig2.toml",
            Kind::Stream { families: true },
        ),
        base(
            "decomposition_fig2 stream cells",
            "decomposition_fig2.toml",
            Kind::Stream { families: false },
        ),
        base(
            "liu_thm3_degenerate stream",
            "liu_thm3_degenerate.toml",
            Kind::Stream { families: true },
        ),
    ]
}

/// Run `count` certificate mutations; return the tally and the failures (false acceptances,
/// panics, undecided acceptances) with the mutated text.
fn run_certificates(
    count: u64,
    seed: u64,
) -> (
    BTreeMap<Outcome, u64>,
    Vec<(String, Outcome, String)>,
    Vec<String>,
) {
    quiet_panics();
    let bases = bases();
    let names = bases
        .iter()
        .map(|b| format!("{} ({} field kinds)", b.name, b.patterns.len()))
        .collect();
    let mut rng = Rng(seed);
    let mut tally: BTreeMap<Outcome, u64> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut truth_cache = HashMap::new();
    for i in 0..count {
        let b = &bases[(i % bases.len() as u64) as usize];
        let mut m = b.json.clone();
        let edits = if rng.chance(33) { 2 + rng.below(2) } else { 1 };
        for _ in 0..edits {
            let mut all = Vec::new();
            nodes(&m, &mut Vec::new(), &mut all);
            let path = if rng.chance(50) {
                all[rng.below(all.len())].0.clone()
            } else {
                // Uniform over field kinds, then over the nodes of that kind.
                let pattern = &b.patterns[rng.below(b.patterns.len())];
                let matching: Vec<&Vec<Value>> =
                    all.iter().filter(|(_, p)| p == pattern).map(|(q, _)| q).collect();
                if matching.is_empty() {
                    all[rng.below(all.len())].0.clone()
                } else {
                    matching[rng.below(matching.len())].clone()
                }
            };
            mutate_at(&mut m, &path, &mut rng);
        }
        if rng.chance(30) {
            repair(&mut m, b.kind);
        }
        let (outcome, text) = judge(&m, b.kind, &b.claims, &b.instance, &mut truth_cache);
        if matches!(
            outcome,
            Outcome::FalseAcceptance | Outcome::Panic | Outcome::Undecided
        ) {
            failures.push((b.name.clone(), outcome.clone(), text));
        }
        let key = match outcome {
            Outcome::Rejected(_) => Outcome::Rejected(String::new()),
            o => o,
        };
        *tally.entry(key).or_default() += 1;
    }
    (tally, failures, names)
}

#[test]
fn certificate_mutations_never_fool_the_checker() {
    let count = env_number("RELUCERT_FUZZ_MUTATIONS", 3_500);
    let seed = env_number("RELUCERT_FUZZ_SEED", 0x5EED_0010);
    let start = Instant::now();
    let (tally, failures, names) = run_certificates(count, seed);
    eprintln!("bases: {names:?}");
    eprintln!(
        "{count} certificate mutations (seed {seed:#x}) in {:.1?}: {tally:?}",
        start.elapsed()
    );
    for (name, outcome, text) in failures.iter().take(5) {
        eprintln!("{outcome:?} on {name}:\n{text}\n");
    }
    assert!(
        failures.is_empty(),
        "{} failures (false acceptances, panics, undecided acceptances)",
        failures.len()
    );
    let checked = count - tally.get(&Outcome::Unparsable).copied().unwrap_or(0);
    eprintln!("{checked} mutations parsed and went through the checker");
    assert!(
        count < 3_000 || checked >= 2_000,
        "only {checked} mutations were checked"
    );
}

/// A changed instance, CSV or point file: bytes and tokens deleted, duplicated, replaced.
fn mutate_text(text: &str, rng: &mut Rng) -> String {
    let mut b: Vec<char> = text.chars().collect();
    let tokens = [
        "1e99999",
        "-1e-99999",
        "1/0",
        "\"",
        "[",
        "]",
        "=",
        ",",
        "\n",
        "#",
        "-",
        "0",
        "nan",
        "inf",
        "99999999999999999999",
        "[[",
        "]]",
        "\"1/3\"",
        "0.5",
        "hidden",
        "x",
        "y",
        "\u{feff}",
        "true",
        "",
    ];
    for _ in 0..1 + rng.below(3) {
        let i = rng.below(b.len() + 1);
        match rng.below(5) {
            0 if i < b.len() => {
                b.remove(i);
            }
            1 if i < b.len() => {
                let j = (i + 1 + rng.below(8)).min(b.len());
                let copy: Vec<char> = b[i..j].to_vec();
                for (k, c) in copy.into_iter().enumerate() {
                    b.insert(j + k, c);
                }
            }
            2 if i < b.len() => {
                let j = (i + 1 + rng.below(4)).min(b.len());
                b.drain(i..j);
            }
            _ => {
                for (k, c) in tokens[rng.below(tokens.len())].chars().enumerate() {
                    b.insert(i + k, c);
                }
            }
        }
    }
    b.into_iter().collect()
}

/// Mutated instance (TOML), CSV and point files never panic, and every error is one line
/// naming the file.
#[test]
fn instance_csv_and_point_mutations_end_in_a_clear_error_or_an_instance() {
    quiet_panics();
    let count = env_number("RELUCERT_FUZZ_FILES", 3_000);
    let mut rng = Rng(env_number("RELUCERT_FUZZ_SEED", 0x5EED_0010) ^ 0xF11E);
    let tomls: Vec<(String, String)> = std::fs::read_dir(fixture(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml") && !p.to_string_lossy().contains("point"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    let csv = std::fs::read_to_string(fixture("example.csv")).unwrap();
    let point_inst = load("liu_fig2.toml");
    let points: Vec<String> = ["point_fig2_boundary.toml", "point_fig2_dead.toml"]
        .iter()
        .map(|p| std::fs::read_to_string(fixture(p)).unwrap())
        .collect();
    let settings = relucert::instance::NetworkSettings {
        hidden: 1,
        bias: false,
        alpha: Q::from_integer(0.into()),
        output_bias: false,
    };
    let mut tally: BTreeMap<&str, u64> = BTreeMap::new();
    let mut bad = Vec::new();
    let start = Instant::now();
    for i in 0..count {
        let (what, result) = match i % 3 {
            0 => {
                let (_, t) = &tomls[rng.below(tomls.len())];
                let m = mutate_text(t, &mut rng);
                (
                    "toml",
                    catch_unwind(|| relucert::instance::toml_file::parse(&m, "F.toml").map(|_| ()))
                        .map_err(|_| m),
                )
            }
            1 => {
                let m = mutate_text(&csv, &mut rng);
                (
                    "csv",
                    catch_unwind(AssertUnwindSafe(|| {
                        relucert::instance::csv_file::parse(&m, "F.csv", None, &settings).map(|_| ())
                    }))
                    .map_err(|_| m),
                )
            }
            _ => {
                let m = mutate_text(&points[rng.below(points.len())], &mut rng);
                (
                    "point",
                    catch_unwind(AssertUnwindSafe(|| {
                        relucert::point::point_file::parse(&m, "F.toml", &point_inst).map(|_| ())
                    }))
                    .map_err(|_| m),
                )
            }
        };
        match result {
            Err(text) => bad.push(format!("{what}: panic on {text:?}")),
            Ok(Ok(())) => *tally.entry("parsed").or_default() += 1,
            Ok(Err(e)) => {
                let msg = e.to_string();
                if msg.contains('\n') || !msg.contains("F.") {
                    bad.push(format!("{what}: message not one line naming the file: {msg:?}"));
                }
                *tally.entry("error").or_default() += 1;
            }
        }
    }
    eprintln!("{count} file mutations in {:.1?}: {tally:?}", start.elapsed());
    assert!(bad.is_empty(), "{} problems, first: {}", bad.len(), bad[0]);
}
