//! The checker never panics. Real certificates (written by `relucert certify`) are mutated
//! structurally at every path of their JSON tree — arrays truncated, extended, emptied;
//! values replaced by other types, garbage strings, huge or negative numbers; keys deleted —
//! and every mutation that still parses must be accepted or rejected by
//! [`relucert::checker::check`] without a panic. A few mutations also go through the binary,
//! which must exit 1 or 2, never 101.

use std::path::Path;
use std::process::Command;
use std::sync::Once;

use relucert::certificate::Certificate;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// Certify `fixture` with the binary (families included unless `cells_only`), return the JSON.
fn certificate(fixture: &str, cells_only: bool) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(fixture);
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relucert"));
    cmd.arg("certify")
        .arg(&path)
        .arg("-o")
        .arg(&out)
        .arg("--exact-only");
    if cells_only {
        cmd.arg("--cells-only");
    }
    let status = cmd.output().unwrap();
    assert!(status.status.success(), "certify {fixture}: {status:?}");
    serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap()
}

/// One step of a path in the JSON tree.
#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

/// Every path worth mutating: all object members; for arrays, the array itself and the
/// elements 0, 1 and the last (the checker treats the others alike).
fn paths(v: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                prefix.push(Step::Key(k.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(a) => {
            let mut picks = vec![0, 1, a.len().saturating_sub(1)];
            picks.retain(|&i| i < a.len());
            picks.dedup();
            for i in picks {
                prefix.push(Step::Index(i));
                paths(&a[i], prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    path.iter().fold(v, |node, step| match step {
        Step::Key(k) => &mut node[k.as_str()],
        Step::Index(i) => &mut node[*i],
    })
}

/// Garbage for a value slot: other types, bad rationals, extreme integers.
fn replacements() -> Vec<Value> {
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(0),
        json!(1.5),
        json!(u64::MAX),
        json!(1_000_000_000_000u64),
        json!(""),
        json!("abc"),
        json!("1/0"),
        json!("0"),
        json!("-1"),
        json!("+-x"),
        json!("1e400"),
        json!("123456789012345678901234567890/7"),
        json!([]),
        json!(["1"]),
        json!([["1", "0"]]),
        json!({}),
    ]
}

/// An edit of a certificate's JSON tree.
type Edit = Box<dyn Fn(&mut Value)>;

fn node<'a>(v: &'a Value, path: &[Step]) -> &'a Value {
    path.iter().fold(v, |node, step| match step {
        Step::Key(k) => &node[k.as_str()],
        Step::Index(i) => &node[*i],
    })
}

/// Every mutation of the node at `path`: replacements, deletion from its parent, and for
/// arrays truncation, extension and reversal; for strings one character more or less.
fn mutations(root: &Value, path: &[Step]) -> Vec<Edit> {
    let mut out: Vec<Edit> = Vec::new();
    let set = |v: Value| -> Edit {
        let path = path.to_vec();
        Box::new(move |m| *node_mut(m, &path) = v.clone())
    };
    let with_array = |f: fn(&mut Vec<Value>)| -> Edit {
        let path = path.to_vec();
        Box::new(move |m| {
            if let Some(a) = node_mut(m, &path).as_array_mut() {
                f(a)
            }
        })
    };
    for r in replacements() {
        out.push(set(r));
    }
    if let Some((last, parent)) = path.split_last() {
        let (last, parent) = (last.clone(), parent.to_vec());
        out.push(Box::new(move |m| match (node_mut(m, &parent), &last) {
            (Value::Object(o), Step::Key(k)) => {
                o.remove(k);
            }
            (Value::Array(a), Step::Index(i)) => {
                a.remove(*i);
            }
            _ => {}
        }));
    }
    match node(root, path) {
        Value::Array(a) if !a.is_empty() => {
            out.push(with_array(|a| {
                a.pop();
            }));
            out.push(with_array(|a| a.push(a.last().unwrap().clone())));
            out.push(with_array(|a| a.reverse()));
        }
        Value::String(s) => {
            let mut shorter = s.clone();
            shorter.pop();
            out.push(set(json!(shorter)));
            out.push(set(json!(format!("{s}+"))));
            out.push(set(json!(format!("{s}0"))));
        }
        Value::Number(n) => {
            let v = n.as_u64().unwrap_or(0);
            out.push(set(json!(v + 1)));
            out.push(set(json!(v.saturating_sub(1))));
            out.push(set(json!(v.saturating_mul(1000) + 40)));
        }
        Value::Bool(b) => out.push(set(json!(!b))),
        Value::Object(o) => {
            let mut more = o.clone();
            more.insert("unexpected".into(), json!(1));
            out.push(set(Value::Object(more)));
            out.push(set(Value::Object(Map::new())));
        }
        _ => {}
    }
    out
}

fn quiet_panics() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::env::var_os("QA_SHOW_PANICS").is_some() {
                default(info);
            }
        }));
    });
}

/// Mutate at every path; run the checker on each mutation that parses. Returns how many
/// mutations were checked; panics (after listing them all) if any panicked.
/// `stride` > 1 keeps every `stride`-th mutation only (for large certificates).
fn sweep(name: &str, root: &Value, stride: usize, path_filter: impl Fn(&[Step]) -> bool) -> usize {
    quiet_panics();
    let mut all = Vec::new();
    paths(root, &mut Vec::new(), &mut all);
    let mut checked = 0;
    let mut panics = Vec::new();
    let start = std::time::Instant::now();
    // Edit a working copy in place and restore the edited parent afterwards: cloning a large
    // certificate for every mutation would dominate the run time.
    let mut work = root.clone();
    for path in all.iter().filter(|p| path_filter(p)) {
        let parent = &path[..path.len().saturating_sub(1)];
        for (n, edit) in mutations(root, path).into_iter().enumerate().step_by(stride) {
            edit(&mut work);
            let parsed = Certificate::deserialize(&work);
            *node_mut(&mut work, parent) = node(root, parent).clone();
            let Ok(cert) = parsed else {
                continue;
            };
            checked += 1;
            if std::panic::catch_unwind(|| relucert::checker::check(&cert)).is_err() {
                panics.push(format!("{path:?} mutation #{n}"));
            }
        }
    }
    assert!(
        panics.is_empty(),
        "{name}: the checker panicked on {} mutations:\n{}",
        panics.len(),
        panics.join("\n")
    );
    eprintln!("{name}: {checked} mutations checked in {:.2?}", start.elapsed());
    checked
}

#[test]
fn liu_fig2_with_families_never_panics() {
    let root = certificate("liu_fig2.toml", false);
    assert!(root.get("minima").is_some());
    let checked = sweep("liu_fig2", &root, 1, |_| true);
    assert!(checked > 300, "only {checked} mutations parsed");
}

#[test]
fn liu_fig2_refuted_cells_never_panic() {
    let root = certificate("liu_fig2_y1m1.toml", false);
    sweep("liu_fig2_y1m1", &root, 1, |_| true);
}

#[test]
fn fig3_h2_cells_never_panic() {
    let root = certificate("decomposition_fig3_h2.toml", true);
    let checked = sweep("fig3_h2 cells", &root, 1, |_| true);
    assert!(checked > 300, "only {checked} mutations parsed");
}

/// The full Fig. 3 (h = 2) certificate is large (each check takes ~70 ms): mutate the first
/// family and refuted record and the summary, a sample of the mutations at each path.
#[test]
fn fig3_h2_with_families_never_panics() {
    let root = certificate("decomposition_fig3_h2.toml", false);
    sweep("fig3_h2", &root, 4, |p| {
        matches!(p.first(), Some(Step::Key(k)) if k == "minima" || k == "summary")
            && p.iter().all(|s| !matches!(s, Step::Index(i) if *i > 0))
    });
}

/// Shapes the tree walk does not reach by single edits: a cell with a K−1-row witness,
/// instance hidden = 0, empty x, sign strings of the wrong length, a very large K.
#[test]
fn hand_made_shapes_never_panic() {
    quiet_panics();
    let root = certificate("decomposition_fig3_h2.toml", true);
    let genuine = root["cells"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c["genuine"] == json!(true))
        .unwrap();
    let edits: Vec<Edit> = vec![
        Box::new(|m| m["instance"]["hidden"] = json!(0)),
        Box::new(|m| m["instance"]["hidden"] = json!(64)),
        Box::new(|m| m["instance"]["hidden"] = json!(usize::MAX)),
        Box::new(|m| m["instance"]["x"] = json!([])),
        Box::new(|m| m["instance"]["x"] = json!([[], [], []])),
        Box::new(|m| m["instance"]["y"] = json!([])),
        Box::new(|m| m["instance"]["alpha"] = json!("1/2")),
        Box::new(|m| m["instance"]["output_bias"] = json!(true)),
        Box::new(|m| m["instance"]["bias"] = json!(true)),
        Box::new(move |m| {
            m["cells"][genuine]["witness"]["w"].as_array_mut().unwrap().pop();
        }),
        Box::new(move |m| {
            m["cells"][genuine]["witness"]["R"].as_array_mut().unwrap().pop();
        }),
        Box::new(move |m| m["cells"][genuine]["witness"]["signs"] = json!("+")),
        Box::new(move |m| m["cells"][genuine]["witness"]["signs"] = json!("+é")),
        Box::new(move |m| m["cells"][genuine]["chambers"] = json!(["+", "+"])),
        Box::new(|m| m["arrangement"]["chambers"][0]["signs"] = json!("")),
        Box::new(|m| m["arrangement"]["chambers"] = json!([])),
        Box::new(|m| m["arrangement"]["count"] = json!(u64::MAX)),
        Box::new(|m| m["cells"][0]["multiplicity"] = json!(u64::MAX)),
        Box::new(|m| m["cells"][0]["rank"] = json!(usize::MAX)),
        Box::new(|m| m["cells"][0]["solution_dim"] = json!(usize::MAX)),
    ];
    for (n, edit) in edits.iter().enumerate() {
        let mut m = root.clone();
        edit(&mut m);
        let Ok(cert) = serde_json::from_value::<Certificate>(m) else {
            continue;
        };
        let outcome = std::panic::catch_unwind(|| relucert::checker::check(&cert));
        assert!(outcome.is_ok(), "edit #{n} panicked");
        assert!(outcome.unwrap().is_err(), "edit #{n} accepted");
    }
}

/// Through the binary: exit 1 (rejected, rule named) or 2 (unreadable), never 101.
#[test]
fn binary_exits_1_or_2_on_mutations() {
    let root = certificate("liu_fig2_y1m1.toml", false);
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        ("hidden0", {
            let mut m = root.clone();
            m["instance"]["hidden"] = json!(0);
            m
        }),
        ("shortsigns", {
            let mut m = root.clone();
            m["cells"][0]["refutation"][0]["s"] = json!("");
            m
        }),
        ("badrational", {
            let mut m = root.clone();
            m["instance"]["y"][0] = json!("1/0");
            m
        }),
        ("nocells", {
            let mut m = root.clone();
            m.as_object_mut().unwrap().remove("cells");
            m
        }),
        ("shortmotzkin", {
            let mut m = root.clone();
            m["cells"][0]["refutation"][0]["motzkin"]["strict"] = json!([]);
            m
        }),
    ];
    for (name, m) in cases {
        let path = dir.path().join(format!("{name}.json"));
        std::fs::write(&path, serde_json::to_string(&m).unwrap()).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
            .arg("check")
            .arg(&path)
            .output()
            .unwrap();
        let code = out.status.code().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(code == 1 || code == 2, "{name}: exit {code}; {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
        if code == 1 {
            assert!(stdout.contains("rejected: rule "), "{name}: {stdout}");
        } else {
            assert!(stderr.contains(&path.display().to_string()), "{name}: {stderr}");
        }
    }
}
