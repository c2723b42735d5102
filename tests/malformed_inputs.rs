//! Issue 10: ≥ 150 kinds of malformed input, each through the binary under a 500 MiB address
//! space limit (setrlimit), each ending in under 5 s with exit 2 (or 1 for a certificate the
//! checker rejects) and a one-line message that names the file. Among them the cases of the
//! issue: "1e99999", "-1e-99999", numbers of 10⁵ digits in TOML, CSV and point files, a 200 MB
//! instance, a 175 MB certificate, the false genericity certificate, N = 40, d = 5, K = 1.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const MEMORY_LIMIT: u64 = 500 << 20;
const TIME_LIMIT: Duration = Duration::from_secs(5);

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

/// One kind of malformed input: the file, the command, the exit code expected.
struct Kind {
    name: String,
    file: PathBuf,
    args: Vec<String>,
    exit: i32,
}

struct Table {
    dir: PathBuf,
    kinds: Vec<Kind>,
}

impl Table {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    fn add(&mut self, name: &str, file: PathBuf, args: Vec<String>, exit: i32) {
        self.kinds.push(Kind {
            name: name.to_string(),
            file,
            args,
            exit,
        });
    }
    /// A TOML instance text, run through `arrangement` (and `certify` for every fifth kind).
    fn toml(&mut self, name: &str, text: &str) {
        let file = self.path(&format!("{name}.toml"));
        std::fs::write(&file, text).unwrap();
        let f = file.display().to_string();
        let args = if self.kinds.len() % 5 == 0 {
            vec![
                "certify".into(),
                f,
                "-o".into(),
                self.path("out.json").display().to_string(),
            ]
        } else {
            vec!["arrangement".into(), f]
        };
        self.add(&format!("toml: {name}"), file, args, 2);
    }
    /// A CSV text, run through `arrangement --csv F --hidden 1`.
    fn csv(&mut self, name: &str, text: &str, extra: &[&str]) {
        let file = self.path(&format!("{name}.csv"));
        std::fs::write(&file, text).unwrap();
        let mut args = vec![
            "arrangement".to_string(),
            "--csv".into(),
            file.display().to_string(),
        ];
        if !extra.iter().any(|a| *a == "--hidden") {
            args.extend(["--hidden".to_string(), "1".into()]);
        }
        args.extend(extra.iter().map(|s| s.to_string()));
        self.add(&format!("csv: {name}"), file, args, 2);
    }
    /// A point file for `fixtures/liu_fig2.toml`.
    fn point(&mut self, name: &str, text: &str) {
        let file = self.path(&format!("{name}.point.toml"));
        std::fs::write(&file, text).unwrap();
        let args = vec![
            "point".to_string(),
            fixture("liu_fig2.toml").display().to_string(),
            file.display().to_string(),
        ];
        self.add(&format!("point: {name}"), file, args, 2);
    }
    /// A certificate text for `check`.
    fn cert(&mut self, name: &str, text: &str, exit: i32) {
        let file = self.path(&format!("{name}.cert.json"));
        std::fs::write(&file, text).unwrap();
        let args = vec!["check".to_string(), file.display().to_string()];
        self.add(&format!("certificate: {name}"), file, args, exit);
    }
}

fn sparse(path: &Path, size: u64) {
    std::fs::File::create(path).unwrap().set_len(size).unwrap();
}

fn certificate(args: &[&str]) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.json");
    let status = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .arg("-o")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap()
}

fn edited(base: &Value, pointer: &str, value: Value) -> String {
    let mut v = base.clone();
    *v.pointer_mut(pointer).unwrap_or_else(|| panic!("{pointer}")) = value;
    v.to_string()
}

fn removed(base: &Value, pointer: &str) -> String {
    let mut v = base.clone();
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    match v.pointer_mut(parent).unwrap() {
        Value::Object(m) => {
            m.remove(key).unwrap();
        }
        Value::Array(a) => {
            a.remove(key.parse::<usize>().unwrap());
        }
        _ => panic!("{pointer}"),
    }
    v.to_string()
}

fn build(dir: &Path) -> Table {
    let mut t = Table {
        dir: dir.to_path_buf(),
        kinds: Vec::new(),
    };
    let ok = "hidden = 1\nx = [[1, 0], [0, 1]]\ny = [1, 1]\n";
    let digits = |n: usize| "7".repeat(n);
    let rows = |n: usize| format!("[{}]", vec!["[1, 2]"; n].join(", "));

    // --- TOML instances: syntax, keys, types, values, numbers, sizes. ---
    let tomls: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("comment only", "# nothing\n".into()),
        ("unclosed array", "hidden = [1\n".into()),
        ("unclosed string", "hidden = 1\nx = [[\"1]]\ny = [1]\n".into()),
        ("unknown key", format!("{ok}depth = 3\n")),
        ("table section", format!("{ok}[extra]\na = 1\n")),
        ("duplicate key", format!("{ok}hidden = 2\n")),
        ("hidden missing", "x = [[1]]\ny = [1]\n".into()),
        ("hidden zero", "hidden = 0\nx = [[1]]\ny = [1]\n".into()),
        ("hidden negative", "hidden = -1\nx = [[1]]\ny = [1]\n".into()),
        ("hidden string", "hidden = \"two\"\nx = [[1]]\ny = [1]\n".into()),
        ("hidden float", "hidden = 1.5\nx = [[1]]\ny = [1]\n".into()),
        (
            "hidden huge",
            "hidden = 99999999999999999999\nx = [[1]]\ny = [1]\n".into(),
        ),
        ("hidden array", "hidden = [1]\nx = [[1]]\ny = [1]\n".into()),
        ("x missing", "hidden = 1\ny = [1]\n".into()),
        ("y missing", "hidden = 1\nx = [[1]]\n".into()),
        ("x empty", "hidden = 1\nx = []\ny = []\n".into()),
        ("x empty row", "hidden = 1\nx = [[]]\ny = [1]\n".into()),
        ("x ragged", "hidden = 1\nx = [[1, 2], [3]]\ny = [1, 2]\n".into()),
        ("x not array", "hidden = 1\nx = 5\ny = [1]\n".into()),
        ("x flat", "hidden = 1\nx = [1, 2]\ny = [1, 2]\n".into()),
        ("x string", "hidden = 1\nx = \"[[1]]\"\ny = [1]\n".into()),
        ("x table", "hidden = 1\nx = { a = 1 }\ny = [1]\n".into()),
        ("y short", "hidden = 1\nx = [[1], [2]]\ny = [1]\n".into()),
        ("y long", "hidden = 1\nx = [[1]]\ny = [1, 2]\n".into()),
        ("y not array", "hidden = 1\nx = [[1]]\ny = 1\n".into()),
        (
            "zero denominator",
            "hidden = 1\nx = [[\"1/0\"]]\ny = [1]\n".into(),
        ),
        ("zero over zero", "hidden = 1\nx = [[\"0/0\"]]\ny = [1]\n".into()),
        ("not a number", "hidden = 1\nx = [[\"abc\"]]\ny = [1]\n".into()),
        ("empty number", "hidden = 1\nx = [[\"\"]]\ny = [1]\n".into()),
        ("double sign", "hidden = 1\nx = [[\"--1\"]]\ny = [1]\n".into()),
        ("two slashes", "hidden = 1\nx = [[\"1/2/3\"]]\ny = [1]\n".into()),
        ("hex string", "hidden = 1\nx = [[\"0x10\"]]\ny = [1]\n".into()),
        ("bare float", "hidden = 1\nx = [[0.1]]\ny = [1]\n".into()),
        ("nan", "hidden = 1\nx = [[nan]]\ny = [1]\n".into()),
        ("inf", "hidden = 1\nx = [[inf]]\ny = [1]\n".into()),
        ("nan string", "hidden = 1\nx = [[\"nan\"]]\ny = [1]\n".into()),
        ("boolean number", "hidden = 1\nx = [[true]]\ny = [1]\n".into()),
        ("date number", "hidden = 1\nx = [[1979-05-27]]\ny = [1]\n".into()),
        (
            "exponent 1e99999",
            "hidden = 1\nx = [[\"1e99999\"]]\ny = [1]\n".into(),
        ),
        (
            "exponent -1e-99999",
            "hidden = 1\nx = [[\"-1e-99999\"]]\ny = [1]\n".into(),
        ),
        (
            "exponent 1e10001",
            "hidden = 1\nx = [[\"1e10001\"]]\ny = [1]\n".into(),
        ),
        (
            "exponent 40 digits",
            format!("hidden = 1\nx = [[\"1e{}\"]]\ny = [1]\n", digits(40)),
        ),
        (
            "label 1e99999",
            "hidden = 1\nx = [[1]]\ny = [\"1e99999\"]\n".into(),
        ),
        (
            "integer 1e5 digits",
            format!("hidden = 1\nx = [[{}]]\ny = [1]\n", digits(100_000)),
        ),
        (
            "integer 1e6 digits",
            format!("hidden = 1\nx = [[{}]]\ny = [1]\n", digits(1_000_000)),
        ),
        (
            "string integer 1e5 digits",
            format!("hidden = 1\nx = [[\"{}\"]]\ny = [1]\n", digits(100_000)),
        ),
        (
            "fraction 1e5 digit numerator",
            format!("hidden = 1\nx = [[\"{}/3\"]]\ny = [1]\n", digits(100_000)),
        ),
        (
            "fraction 1e5 digit denominator",
            format!("hidden = 1\nx = [[\"1/{}\"]]\ny = [1]\n", digits(100_000)),
        ),
        (
            "decimal 1e5 digits",
            format!("hidden = 1\nx = [[\"0.{}\"]]\ny = [1]\n", digits(100_000)),
        ),
        (
            "hex integer 5e4 digits",
            format!("hidden = 1\nx = [[0x{}]]\ny = [1]\n", "f".repeat(50_000)),
        ),
        ("alpha one", format!("{ok}alpha = 1\n")),
        ("alpha negative", format!("{ok}alpha = \"-1/2\"\n")),
        ("alpha above one", format!("{ok}alpha = \"3/2\"\n")),
        ("alpha 1e99999", format!("{ok}alpha = \"1e-99999\"\n")),
        ("alpha float", format!("{ok}alpha = 0.5\n")),
        ("bias string", format!("{ok}bias = \"yes\"\n")),
        ("output_bias integer", format!("{ok}output_bias = 1\n")),
        ("weights short", format!("{ok}weights = [1]\n")),
        ("weights negative", format!("{ok}weights = [1, -1]\n")),
        ("weights zero", format!("{ok}weights = [0, 1]\n")),
        ("weights huge", format!("{ok}weights = [\"1e99999\", 1]\n")),
        ("name not string", format!("{ok}name = 5\n")),
        (
            "deep nesting 1e5",
            format!(
                "hidden = 1\nx = {}{}\ny = [1]\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
        (
            "deep inline tables",
            format!(
                "hidden = 1\nx = [[1]]\ny = [1]\nname = {}1{}\n",
                "{a=".repeat(50_000),
                "}".repeat(50_000)
            ),
        ),
        (
            "long garbage line",
            format!("hidden = 1\n{}\n", "@".repeat(1_000_000)),
        ),
        (
            "samples above limit",
            format!(
                "hidden = 1\nx = {}\ny = [{}]\n",
                rows(100_001),
                vec!["1"; 100_001].join(",")
            ),
        ),
        (
            "dimension above limit",
            format!("hidden = 1\nx = [[{}]]\ny = [1]\n", vec!["1"; 1_001].join(",")),
        ),
        ("NUL bytes", "hidden = 1\n\0\0\0\n".into()),
        ("BOM then garbage", "\u{feff}hidden = = 1\n".into()),
    ];
    for (name, text) in &tomls {
        t.toml(name, text);
    }
    let bad_utf8 = t.path("bad-utf8.toml");
    std::fs::write(&bad_utf8, b"hidden = 1\nx = [[\xff\xfe]]\ny = [1]\n").unwrap();
    t.add(
        "toml: invalid UTF-8",
        bad_utf8.clone(),
        vec!["arrangement".into(), bad_utf8.display().to_string()],
        2,
    );
    let huge = t.path("huge.toml");
    sparse(&huge, 200_000_000);
    t.add(
        "toml: 200 MB instance",
        huge.clone(),
        vec![
            "certify".into(),
            huge.display().to_string(),
            "-o".into(),
            t.path("o.json").display().to_string(),
        ],
        2,
    );
    let missing = t.path("missing.toml");
    t.add(
        "toml: missing file",
        missing.clone(),
        vec!["arrangement".into(), missing.display().to_string()],
        2,
    );
    let as_dir = t.path("adir.toml");
    std::fs::create_dir(&as_dir).unwrap();
    t.add(
        "toml: a directory",
        as_dir.clone(),
        vec!["arrangement".into(), as_dir.display().to_string()],
        2,
    );
    let zero = PathBuf::from("/dev/zero");
    t.add(
        "toml: /dev/zero (endless input)",
        zero.clone(),
        vec!["arrangement".into(), "/dev/zero".into()],
        2,
    );
    // N = 40, d = 5, K = 1: 184,342 cells, ≈ 230 s estimated, refused before any work by
    // --budget 120 (no verdict: exit 3).
    let big_run = t.path("n40.toml");
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as i64 % 101 - 50
    };
    let x: Vec<String> = (0..40)
        .map(|_| {
            format!(
                "[{}]",
                (0..5).map(|_| next().to_string()).collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    let y: Vec<String> = (0..40).map(|_| (next() % 5).to_string()).collect();
    std::fs::write(
        &big_run,
        format!("hidden = 1\nx = [{}]\ny = [{}]\n", x.join(", "), y.join(", ")),
    )
    .unwrap();
    t.add(
        "toml: N = 40, d = 5, K = 1 over the budget",
        big_run.clone(),
        vec![
            "certify".into(),
            big_run.display().to_string(),
            "--budget".into(),
            "120".into(),
            "-o".into(),
            t.path("o.json").display().to_string(),
        ],
        3,
    );

    // --- CSV files. ---
    let csvs: Vec<(&str, String, Vec<&str>)> = vec![
        ("empty", String::new(), vec![]),
        ("header only", "a,y\n".into(), vec![]),
        ("comments only", "# a\n# b\n".into(), vec![]),
        ("ragged short", "a,b,y\n1,2,3\n4,5\n".into(), vec![]),
        ("ragged long", "a,y\n1,2,3\n".into(), vec![]),
        ("text cell", "a,y\n1,x\n".into(), vec![]),
        ("zero denominator", "a,y\n1/0,1\n".into(), vec![]),
        ("1e99999", "a,y\n1e99999,1\n".into(), vec![]),
        ("-1e-99999", "a,y\n-1e-99999,1\n".into(), vec![]),
        ("1e5 digits", format!("a,y\n{},1\n", digits(100_000)), vec![]),
        ("1e6 digits", format!("a,y\n{},1\n", digits(1_000_000)), vec![]),
        (
            "fraction 1e5 digits",
            format!("a,y\n1/{},1\n", digits(100_000)),
            vec![],
        ),
        (
            "label 1e5 digits",
            format!("a,y\n1,{}\n", digits(100_000)),
            vec![],
        ),
        ("unbalanced quote", "a,y\n\"1,1\n".into(), vec![]),
        ("empty cell", "a,y\n,1\n".into(), vec![]),
        ("unknown label", "a,y\n1,1\n".into(), vec!["--label", "z"]),
        ("one column", "y\n1\n".into(), vec![]),
        ("alpha 2", "a,y\n1,1\n".into(), vec!["--alpha", "2"]),
        ("alpha 1e99999", "a,y\n1,1\n".into(), vec!["--alpha", "1e99999"]),
        ("alpha garbage", "a,y\n1,1\n".into(), vec!["--alpha", "x"]),
        ("hidden zero", "a,y\n1,1\n".into(), vec!["--hidden", "0"]),
        ("NUL bytes", "a,y\n\0,1\n".into(), vec![]),
        ("float nan", "a,y\nnan,1\n".into(), vec![]),
        ("hex", "a,y\n0x10,1\n".into(), vec![]),
        (
            "samples above limit",
            format!("a,y\n{}", "1,1\n".repeat(100_001)),
            vec![],
        ),
        (
            "dimension above limit",
            format!(
                "{},y\n{},1\n",
                (0..1001).map(|i| format!("c{i}")).collect::<Vec<_>>().join(","),
                vec!["1"; 1001].join(",")
            ),
            vec![],
        ),
    ];
    for (name, text, extra) in &csvs {
        t.csv(name, text, extra);
    }
    let huge_csv = t.path("huge.csv");
    sparse(&huge_csv, 20 << 20);
    t.add(
        "csv: 20 MiB file",
        huge_csv.clone(),
        vec![
            "arrangement".into(),
            "--csv".into(),
            huge_csv.display().to_string(),
            "--hidden".into(),
            "1".into(),
        ],
        2,
    );
    let bad_csv = t.path("bad-utf8.csv");
    std::fs::write(&bad_csv, b"a,y\n\xff,1\n").unwrap();
    t.add(
        "csv: invalid UTF-8",
        bad_csv.clone(),
        vec![
            "arrangement".into(),
            "--csv".into(),
            bad_csv.display().to_string(),
            "--hidden".into(),
            "1".into(),
        ],
        2,
    );

    // --- Point files (for liu_fig2: K = 1, d = 2). ---
    let points: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("syntax error", "z = [1\n".into()),
        ("z missing", "w = [[0, 0]]\n".into()),
        ("w missing", "z = [1]\n".into()),
        ("z too long", "z = [1, 2]\nw = [[0, 0]]\n".into()),
        ("w row short", "z = [1]\nw = [[0]]\n".into()),
        ("w too many rows", "z = [1]\nw = [[0, 0], [1, 1]]\n".into()),
        ("z string garbage", "z = [\"x\"]\nw = [[0, 0]]\n".into()),
        ("zero denominator", "z = [\"1/0\"]\nw = [[0, 0]]\n".into()),
        ("1e99999", "z = [\"1e99999\"]\nw = [[0, 0]]\n".into()),
        ("-1e-99999", "z = [1]\nw = [[\"-1e-99999\", 0]]\n".into()),
        (
            "1e5 digits",
            format!("z = [\"{}\"]\nw = [[0, 0]]\n", digits(100_000)),
        ),
        (
            "fraction 1e5 digits",
            format!("z = [1]\nw = [[\"1/{}\", 0]]\n", digits(100_000)),
        ),
        ("float", "z = [0.5]\nw = [[0, 0]]\n".into()),
        ("c without output bias", "z = [1]\nw = [[0, 0]]\nc = 1\n".into()),
        ("unknown key", "z = [1]\nw = [[0, 0]]\nq = 1\n".into()),
        ("z not array", "z = 1\nw = [[0, 0]]\n".into()),
        ("w flat", "z = [1]\nw = [0, 0]\n".into()),
        ("boolean", "z = [true]\nw = [[0, 0]]\n".into()),
        (
            "deep nesting",
            format!(
                "z = {}{}\nw = [[0, 0]]\n",
                "[".repeat(100_000),
                "]".repeat(100_000)
            ),
        ),
    ];
    for (name, text) in &points {
        t.point(name, text);
    }
    let huge_point = t.path("huge.point.toml");
    sparse(&huge_point, 20 << 20);
    t.add(
        "point: 20 MiB file",
        huge_point.clone(),
        vec![
            "point".into(),
            fixture("liu_fig2.toml").display().to_string(),
            huge_point.display().to_string(),
        ],
        2,
    );

    // --- Certificates (relucert/1): unreadable or malformed (2), or false (1). ---
    let base = certificate(&["certify", &fixture("liu_fig2.toml").display().to_string()]);
    let cells_only = certificate(&[
        "certify",
        &fixture("decomposition_fig2.toml").display().to_string(),
        "--cells-only",
    ]);
    let certs: Vec<(&str, String, i32)> = vec![
        ("empty", String::new(), 2),
        ("not JSON", "hello".into(), 2),
        ("JSON array", "[]".into(), 2),
        ("JSON number", "42".into(), 2),
        ("format missing", removed(&base, "/format"), 2),
        ("format unknown", edited(&base, "/format", json!("relucert/9")), 2),
        ("format number", edited(&base, "/format", json!(1)), 2),
        (
            "truncated",
            base.to_string()[..base.to_string().len() / 2].to_string(),
            2,
        ),
        ("trailing garbage", format!("{base} x"), 2),
        (
            "deep nesting",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
            2,
        ),
        (
            "unknown field",
            {
                let mut v = base.clone();
                v["extra"] = json!(1);
                v.to_string()
            },
            2,
        ),
        ("instance missing", removed(&base, "/instance"), 2),
        (
            "x entry 1e99999",
            edited(&base, "/instance/x/0/0", json!("1e99999")),
            2,
        ),
        (
            "x entry -1e-99999",
            edited(&base, "/instance/x/0/0", json!("-1e-99999")),
            2,
        ),
        (
            "x entry 1e5 digits",
            edited(&base, "/instance/x/0/0", json!(digits(100_000))),
            2,
        ),
        (
            "loss 1e6 digits",
            edited(&base, "/cells/0/loss", json!(format!("1/{}", digits(1_000_000)))),
            2,
        ),
        (
            "loss zero denominator",
            edited(&base, "/cells/0/loss", json!("1/0")),
            2,
        ),
        (
            "loss number not string",
            edited(&base, "/cells/0/loss", json!(0)),
            2,
        ),
        (
            "multiplicity negative",
            edited(&base, "/cells/0/multiplicity", json!(-1)),
            2,
        ),
        (
            "multiplicity 2^64",
            edited(
                &base,
                "/cells/0/multiplicity",
                json!(18446744073709551616u128 as f64),
            ),
            2,
        ),
        ("hidden string", edited(&base, "/instance/hidden", json!("1")), 2),
        ("hidden zero", edited(&base, "/instance/hidden", json!(0)), 1),
        (
            "hidden 2^64-1",
            edited(&base, "/instance/hidden", json!(u64::MAX)),
            1,
        ),
        ("alpha one", edited(&base, "/instance/alpha", json!("1")), 1),
        ("x empty", edited(&base, "/instance/x", json!([])), 1),
        ("y short", edited(&base, "/instance/y", json!(["1"])), 1),
        ("count changed", edited(&base, "/arrangement/count", json!(5)), 1),
        (
            "count 2^64-1",
            edited(&base, "/arrangement/count", json!(u64::MAX)),
            1,
        ),
        ("chamber removed", removed(&base, "/arrangement/chambers/0"), 1),
        (
            "chamber witness wrong",
            edited(&base, "/arrangement/chambers/0/witness", json!(["-1", "-1"])),
            1,
        ),
        (
            "chamber signs wrong",
            edited(&base, "/arrangement/chambers/0/signs", json!("+0")),
            1,
        ),
        ("cell removed", removed(&base, "/cells/0"), 1),
        (
            "cell loss changed",
            edited(&base, "/cells/0/loss", json!("1/3")),
            1,
        ),
        (
            "cell loss negated",
            edited(&base, "/cells/1/loss", json!("-1/2")),
            1,
        ),
        ("cell rank changed", edited(&base, "/cells/0/rank", json!(1)), 1),
        (
            "cell rank 2^64-1",
            edited(&base, "/cells/0/rank", json!(u64::MAX)),
            1,
        ),
        (
            "solution_dim 2^64-1",
            edited(&base, "/cells/0/solution_dim", json!(u64::MAX)),
            1,
        ),
        (
            "genuine flipped",
            edited(&base, "/cells/0/genuine", json!(false)),
            1,
        ),
        ("witness removed", removed(&base, "/cells/0/witness"), 1),
        (
            "witness z changed",
            edited(&base, "/cells/0/witness/z/0", json!("2")),
            1,
        ),
        (
            "multiplicity 2^64-1",
            edited(&base, "/cells/0/multiplicity", json!(u64::MAX)),
            1,
        ),
        (
            "cells_ordered 2^64-1",
            edited(&base, "/summary/cells_ordered", json!(u64::MAX)),
            1,
        ),
        (
            "summary genuine changed",
            edited(&base, "/summary/genuine", json!(3)),
            1,
        ),
        (
            "best loss changed",
            edited(&base, "/summary/best_genuine_loss", json!("1/2")),
            1,
        ),
        (
            "global min changed",
            edited(&base, "/summary/global_min", json!("1/2")),
            1,
        ),
        (
            "verdict flipped",
            edited(&base, "/summary/verdict", json!("no-spurious-minima")),
            1,
        ),
        (
            "spurious 2^64-1",
            edited(&base, "/summary/spurious", json!(u64::MAX)),
            1,
        ),
        (
            "family loss changed",
            edited(&base, "/minima/0/loss", json!("1/4")),
            1,
        ),
        (
            "family spurious flipped",
            edited(&base, "/minima/1/spurious", json!(false)),
            1,
        ),
        ("family removed", removed(&base, "/minima/1"), 1),
        (
            "family refutation removed",
            removed(&base, "/family_refutations/0"),
            1,
        ),
        (
            "face_count 2^64-1",
            edited(&base, "/arrangement/face_count", json!(u64::MAX)),
            1,
        ),
        ("faces removed", removed(&base, "/arrangement/faces"), 1),
        (
            "cells-only: refutation multiplier negated",
            {
                let mut v = cells_only.clone();
                let cell = v["cells"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|c| c.get("refutation").is_some());
                match cell {
                    Some(c) => {
                        let s = &mut c["refutation"][0]["motzkin"]["strict"];
                        if let Some(first) = s.as_array_mut().and_then(|a| a.first_mut()) {
                            *first = json!("-1");
                        }
                        c["genuine"] = json!(true);
                    }
                    None => v["cells"][0]["genuine"] = json!(false),
                }
                v.to_string()
            },
            1,
        ),
        (
            "cells-only: global_min without families",
            edited(&cells_only, "/summary/best_genuine_loss", json!("0")),
            1,
        ),
    ];
    for (name, text, exit) in &certs {
        t.cert(name, text, *exit);
    }
    let huge_cert = t.path("huge.cert.json");
    sparse(&huge_cert, 175_000_000);
    t.add(
        "certificate: 175 MB file",
        huge_cert.clone(),
        vec!["check".into(), huge_cert.display().to_string()],
        2,
    );
    let bad_cert = t.path("bad-utf8.cert.json");
    std::fs::write(&bad_cert, b"{\"format\": \"\xff\"}").unwrap();
    t.add(
        "certificate: invalid UTF-8",
        bad_cert.clone(),
        vec!["check".into(), bad_cert.display().to_string()],
        2,
    );

    // --- Genericity certificates. ---
    let rare = certificate(&[
        "generic",
        &fixture("rare_balanced.toml").display().to_string(),
        "--rare",
    ]);
    let regression =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/false_generic_depth_overflow.cert.json");
    t.add(
        "generic: the false certificate of issue 10",
        regression.clone(),
        vec!["check".into(), regression.display().to_string()],
        1,
    );
    let generic: Vec<(&str, String, i32)> = vec![
        (
            "depth 2^64-1",
            edited(&rare, "/rare_data/depth", json!(u64::MAX)),
            1,
        ),
        ("depth zero", edited(&rare, "/rare_data/depth", json!(0)), 1),
        ("depth 1001", edited(&rare, "/rare_data/depth", json!(1001)), 1),
        ("depth negative", edited(&rare, "/rare_data/depth", json!(-1)), 2),
        (
            "options_per_sample 2^64-1",
            edited(&rare, "/rare_data/options_per_sample", json!(u64::MAX)),
            1,
        ),
        (
            "options_per_sample 1",
            edited(&rare, "/rare_data/options_per_sample", json!(1)),
            1,
        ),
        (
            "brute_force_count 1",
            edited(&rare, "/rare_data/brute_force_count", json!("1")),
            1,
        ),
        (
            "brute_force_count 1e5 digits",
            edited(&rare, "/rare_data/brute_force_count", json!(digits(100_000))),
            1,
        ),
        (
            "brute_force_count not digits",
            edited(&rare, "/rare_data/brute_force_count", json!("8x")),
            1,
        ),
        ("rare flipped", edited(&rare, "/rare_data/rare", json!(false)), 1),
        ("witness removed", removed(&rare, "/rare_data/witness"), 1),
        (
            "lambda 1e99999",
            edited(&rare, "/rare_data/witness/lambda/0", json!("1e99999")),
            2,
        ),
        (
            "lambda changed",
            edited(&rare, "/rare_data/witness/lambda/0", json!("1/3")),
            1,
        ),
        (
            "epsilon 2",
            edited(&rare, "/rare_data/witness/epsilon/0/1", json!(2)),
            1,
        ),
        (
            "epsilon 256",
            edited(&rare, "/rare_data/witness/epsilon/0/1", json!(256)),
            2,
        ),
        (
            "classes wrong",
            edited(&rare, "/rare_data/classes", json!(["0", "2"])),
            1,
        ),
        (
            "weights negative",
            edited(&rare, "/instance/weights/0", json!("-1/4")),
            1,
        ),
        ("alpha one", edited(&rare, "/instance/alpha", json!("1")), 1),
        (
            "holds flipped",
            edited(&rare, "/general_position/holds", json!(false)),
            1,
        ),
        (
            "subset_size 2^64-1",
            edited(&rare, "/general_position/subset_size", json!(u64::MAX)),
            1,
        ),
        (
            "x 1e5 digits",
            edited(&rare, "/instance/x/0/0", json!(digits(100_000))),
            2,
        ),
    ];
    for (name, text, exit) in &generic {
        let file = t.path(&format!("generic-{}.json", name.replace(' ', "_")));
        std::fs::write(&file, text).unwrap();
        t.add(
            &format!("generic: {name}"),
            file.clone(),
            vec!["check".into(), file.display().to_string()],
            *exit,
        );
    }

    // --- Output targets. ---
    let inst = t.path("inst.toml");
    std::fs::copy(fixture("liu_fig2.toml"), &inst).unwrap();
    let i = inst.display().to_string();
    t.add(
        "output: the input file itself",
        inst.clone(),
        vec!["certify".into(), i.clone(), "-o".into(), i.clone()],
        2,
    );
    let missing_dir = t.path("nowhere/c.json");
    t.add(
        "output: missing directory",
        missing_dir.clone(),
        vec![
            "certify".into(),
            i.clone(),
            "-o".into(),
            missing_dir.display().to_string(),
        ],
        2,
    );
    let through_file = inst.join("c.json");
    t.add(
        "output: a path through a file",
        through_file.clone(),
        vec![
            "certify".into(),
            i.clone(),
            "-o".into(),
            through_file.display().to_string(),
        ],
        2,
    );
    t.add(
        "output: a directory",
        dir.to_path_buf(),
        vec![
            "certify".into(),
            i.clone(),
            "-o".into(),
            dir.display().to_string(),
        ],
        2,
    );
    t.add(
        "output: generic onto its input",
        inst.clone(),
        vec!["generic".into(), i.clone(), "-o".into(), i.clone()],
        2,
    );
    t
}

#[test]
fn every_malformed_input_ends_fast_small_and_clear() {
    let dir = tempfile::tempdir().unwrap();
    let table = build(dir.path());
    let mut problems = Vec::new();
    let mut slowest = (Duration::ZERO, String::new());
    let total = Instant::now();
    for kind in &table.kinds {
        let start = Instant::now();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_relucert"));
        cmd.args(&kind.args).stdout(Stdio::piped()).stderr(Stdio::piped());
        // SAFETY: only async-signal-safe setrlimit between fork and exec.
        unsafe {
            cmd.pre_exec(|| {
                let limit = libc::rlimit {
                    rlim_cur: MEMORY_LIMIT,
                    rlim_max: MEMORY_LIMIT,
                };
                if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
        let reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            std::io::Read::read_to_end(&mut out, &mut s).unwrap();
            s
        });
        let err_reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            std::io::Read::read_to_end(&mut err, &mut s).unwrap();
            s
        });
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break Some(s);
            }
            if start.elapsed() > TIME_LIMIT * 2 {
                child.kill().unwrap();
                child.wait().unwrap();
                break None;
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let elapsed = start.elapsed();
        let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
        let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
        if elapsed > slowest.0 {
            slowest = (elapsed, kind.name.clone());
        }
        let Some(status) = status else {
            problems.push(format!("{}: still running after {:?}", kind.name, TIME_LIMIT * 2));
            continue;
        };
        let code = status.code();
        // The message: stderr for exit 2, the checker's verdict line on stdout for exit 1.
        let message = if code == Some(1) { &stdout } else { &stderr };
        let line = message.trim_end_matches('\n');
        let shown = kind.file.display().to_string();
        let names_file =
            line.contains(&shown) || (kind.file == Path::new("/dev/zero") && line.contains("/dev/zero"));
        if elapsed > TIME_LIMIT {
            problems.push(format!("{}: took {elapsed:?}", kind.name));
        }
        if code != Some(kind.exit) {
            problems.push(format!(
                "{}: exit {code:?}, expected {} (stderr {:?}, stdout {:?})",
                kind.name,
                kind.exit,
                relucert::exact::limits::shorten(&stderr),
                relucert::exact::limits::shorten(&stdout)
            ));
        } else if line.is_empty() || line.contains('\n') || !names_file {
            problems.push(format!(
                "{}: expected one line naming {shown}, found {:?}",
                kind.name,
                relucert::exact::limits::shorten(line)
            ));
        } else if line.len() > 2_000 {
            problems.push(format!("{}: a message of {} characters", kind.name, line.len()));
        }
    }
    // The peak resident memory of every child so far.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: getrusage fills the struct it is given.
    unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    eprintln!(
        "{} kinds of malformed input in {:.1?}; slowest {:?} ({}); peak memory of any run {} MiB (limit {} MiB of address space)",
        table.kinds.len(),
        total.elapsed(),
        slowest.0,
        slowest.1,
        usage.ru_maxrss / 1024,
        MEMORY_LIMIT >> 20
    );
    assert!(table.kinds.len() >= 150, "only {} kinds", table.kinds.len());
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
