//! Instance files: every fixture parses to its exact data, every number form is exact, bias
//! augmentation, CSV with and without `--label`, and one test per kind of input error (each
//! asserting that the one-line message names the file, the key or line, and what was expected).

use std::path::{Path, PathBuf};

use relucert::error::Error;
use relucert::exact::rational::{q, qi};
use relucert::exact::{Q, QMatrix, parse_q};
use relucert::instance::{Instance, NetworkSettings, csv_file, toml_file};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)
}

fn rows(data: &[&[i64]]) -> Vec<Vec<Q>> {
    data.iter().map(|r| r.iter().map(|&v| qi(v)).collect()).collect()
}

fn ints(data: &[i64]) -> Vec<Q> {
    data.iter().map(|&v| qi(v)).collect()
}

fn relu(hidden: usize) -> NetworkSettings {
    NetworkSettings {
        hidden,
        bias: false,
        alpha: qi(0),
        output_bias: false,
    }
}

/// The message of an input error, after checking it is one line naming `origin`.
fn input_error(result: relucert::error::Result<Instance>, origin: &str) -> String {
    match result {
        Err(Error::Input(m)) => {
            assert!(!m.contains('\n'), "message is not one line: {m:?}");
            assert!(
                m.starts_with(&format!("{origin}: ")),
                "message does not start with the file: {m}"
            );
            assert!(
                m.contains("expected"),
                "message does not say what was expected: {m}"
            );
            m
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// Parse TOML text that must fail; returns the message.
fn toml_error(text: &str) -> String {
    input_error(toml_file::parse(text, "bad.toml"), "bad.toml")
}

fn assert_contains(message: &str, parts: &[&str]) {
    for p in parts {
        assert!(message.contains(p), "{message:?} does not contain {p:?}");
    }
}

const GOOD_TAIL: &str = "x = [[1, 0], [0, 1]]\ny = [1, 1]\n";

// ---------------------------------------------------------------- fixtures

#[test]
fn liu_fig2_fixtures() {
    let a = toml_file::read(&fixture("liu_fig2.toml")).unwrap();
    assert_eq!(a.x, rows(&[&[1, 0], &[0, 1]]));
    assert_eq!(a.y, ints(&[1, 1]));
    assert_eq!(
        (a.hidden, a.bias, a.output_bias, a.alpha.clone()),
        (1, false, false, qi(0))
    );
    assert_eq!((a.n(), a.d()), (2, 2));
    let b = toml_file::read(&fixture("liu_fig2_y1m1.toml")).unwrap();
    assert_eq!(b.x, a.x);
    assert_eq!(b.y, ints(&[1, -1]));
}

#[test]
fn decomposition_fixtures() {
    let three = rows(&[&[-1, 1], &[2, 1], &[1, 3]]);
    for (file, hidden) in [
        ("decomposition_fig1.toml", 1),
        ("decomposition_fig3_h1.toml", 1),
        ("decomposition_fig3_h2.toml", 2),
    ] {
        let inst = toml_file::read(&fixture(file)).unwrap();
        assert_eq!(inst.x, three, "{file}");
        assert_eq!(inst.y, ints(&[1, 2, 3]), "{file}");
        assert_eq!(inst.hidden, hidden, "{file}");
        assert!(!inst.bias && !inst.output_bias && inst.weights.is_none());
    }
    let fig2 = toml_file::read(&fixture("decomposition_fig2.toml")).unwrap();
    assert_eq!(fig2.x, rows(&[&[-2], &[2]]));
    assert_eq!(fig2.y, ints(&[-3, -1]));
    assert_eq!((fig2.n(), fig2.d(), fig2.hidden), (2, 1, 1));
}

#[test]
fn random_fixture_is_augmented_and_in_general_position() {
    let inst = toml_file::read(&fixture("random_n10_d3_bias.toml")).unwrap();
    assert_eq!((inst.n(), inst.d(), inst.hidden), (10, 3, 2));
    assert!(inst.bias);
    assert_eq!(inst.x[0], ints(&[-3, -5, 1]));
    assert_eq!(inst.x[9], ints(&[4, 5, 1]));
    assert_eq!(inst.y, ints(&[4, -5, 2, 4, 3, -5, -4, 1, 4, 1]));
    for row in &inst.x {
        assert!(row.iter().any(|v| *v != qi(0)));
        assert!(row[..2].iter().all(|v| *v >= qi(-5) && *v <= qi(5)));
    }
    // General position: every 3 augmented samples are linearly independent.
    for a in 0..10 {
        for b in a + 1..10 {
            for c in b + 1..10 {
                let m = QMatrix::from_rows(vec![inst.x[a].clone(), inst.x[b].clone(), inst.x[c].clone()], 3);
                assert_eq!(m.rank(), 3, "samples {a}, {b}, {c} are dependent");
            }
        }
    }
}

#[test]
fn example_csv_fixture() {
    let inst = csv_file::read(&fixture("example.csv"), None, &relu(1)).unwrap();
    assert_eq!(inst.x[..3], rows(&[&[-1, 1], &[2, 1], &[1, 3]])[..]);
    assert_eq!(inst.x[3], vec![q(1, 2), q(-1, 4)]);
    assert_eq!(inst.y, vec![qi(1), qi(2), qi(3), q(-3, 20)]);
}

// ---------------------------------------------------------------- number forms and settings

#[test]
fn every_exact_number_form() {
    let text = r#"
hidden = 3
alpha = "1/10"
output_bias = true
name = "forms"
x = [[7, "-3", "6/-8", "0.25"], ["-1.5e-3", "1e3", " 2 ", 0x1F], [1_000, -0, "+5", "123456789012345678901234567890/3"]]
y = ["1/3", -2, "2.50"]
weights = [1, "1/2", "0.125"]
"#;
    let inst = toml_file::parse(text, "forms.toml").unwrap();
    assert_eq!(inst.x[0], vec![qi(7), qi(-3), q(-3, 4), q(1, 4)]);
    assert_eq!(inst.x[1], vec![q(-3, 2000), qi(1000), qi(2), qi(31)]);
    assert_eq!(
        inst.x[2],
        vec![
            qi(1000),
            qi(0),
            qi(5),
            parse_q("41152263004115226300411522630").unwrap()
        ]
    );
    assert_eq!(inst.y, vec![q(1, 3), qi(-2), q(5, 2)]);
    assert_eq!(inst.weights, Some(vec![qi(1), q(1, 2), q(1, 8)]));
    assert_eq!(inst.alpha, q(1, 10));
    assert_eq!(inst.hidden, 3);
    assert!(inst.output_bias && !inst.bias);
}

#[test]
fn bias_appends_a_one_to_every_sample() {
    let inst = toml_file::parse(
        "hidden = 1\nbias = true\nx = [[2], [\"-1/2\"]]\ny = [0, 1]\n",
        "b.toml",
    )
    .unwrap();
    assert_eq!(inst.x, vec![vec![qi(2), qi(1)], vec![q(-1, 2), qi(1)]]);
    assert_eq!(inst.d(), 2);
    let csv = csv_file::parse(
        "a,y\n2,0\n-1/2,1\n",
        "b.csv",
        None,
        &NetworkSettings {
            bias: true,
            ..relu(1)
        },
    )
    .unwrap();
    assert_eq!(csv.x, inst.x);
    assert!(csv.bias);
}

#[test]
fn zero_samples_are_allowed() {
    let inst = toml_file::parse("hidden = 1\nx = [[0, 0], [1, 2]]\ny = [3, 4]\n", "z.toml").unwrap();
    assert_eq!(inst.x[0], ints(&[0, 0]));
}

#[test]
fn instance_new_validates_programmatic_data() {
    let ok = Instance::new(rows(&[&[1, 2]]), ints(&[3]), &relu(1), None).unwrap();
    assert_eq!(ok.x, rows(&[&[1, 2]]));
    let e = Instance::new(rows(&[&[1, 2], &[3]]), ints(&[3, 4]), &relu(1), None).unwrap_err();
    assert_eq!(e, "x[1]: expected 2 numbers (the length of x[0]), found 1");
    let e = Instance::new(rows(&[&[1]]), ints(&[3]), &relu(0), None).unwrap_err();
    assert!(e.starts_with("hidden: expected an integer ≥ 1"), "{e}");
    let mut bad = ok.clone();
    bad.weights = Some(vec![qi(0)]);
    assert_eq!(
        bad.validate().unwrap_err(),
        "weights[0]: expected a positive number, found 0"
    );
}

// ---------------------------------------------------------------- CSV

#[test]
fn csv_label_defaults_to_last_column() {
    let inst = csv_file::parse(
        "a, b, out\n1, 2, 3\n\"4\", 5/2 , -6\n\n\n",
        "d.csv",
        None,
        &relu(2),
    )
    .unwrap();
    assert_eq!(inst.x, vec![ints(&[1, 2]), vec![qi(4), q(5, 2)]]);
    assert_eq!(inst.y, ints(&[3, -6]));
    assert_eq!(inst.hidden, 2);
}

#[test]
fn csv_with_named_label_column() {
    let settings = NetworkSettings {
        hidden: 1,
        bias: false,
        alpha: q(1, 5),
        output_bias: true,
    };
    let inst = csv_file::parse(
        "# comment\nlabel,a,b\r\n9,1,2\r\n8,3,4\r\n",
        "l.csv",
        Some("label"),
        &settings,
    )
    .unwrap();
    assert_eq!(inst.x, rows(&[&[1, 2], &[3, 4]]));
    assert_eq!(inst.y, ints(&[9, 8]));
    assert_eq!(inst.alpha, q(1, 5));
    assert!(inst.output_bias);
}

fn csv_error(text: &str, label: Option<&str>, settings: &NetworkSettings) -> String {
    input_error(csv_file::parse(text, "bad.csv", label, settings), "bad.csv")
}

#[test]
fn csv_error_unknown_label_column() {
    let m = csv_error("a,b,y\n1,2,3\n", Some("z"), &relu(1));
    assert_contains(&m, &["line 1", "--label", "\"z\"", "a, b, y"]);
}

#[test]
fn csv_error_ragged_row() {
    let m = csv_error("a,b,y\n1,2,3\n4,5\n", None, &relu(1));
    assert_eq!(
        m,
        "bad.csv: line 3: expected 3 cells (one per header column), found 2"
    );
}

#[test]
fn csv_error_not_a_number() {
    let m = csv_error("a,b,y\n1,2,3\n4,five,6\n", None, &relu(1));
    assert_contains(
        &m,
        &["line 3", "column \"b\"", "expected an exact number", "\"five\""],
    );
}

#[test]
fn csv_error_zero_denominator() {
    let m = csv_error("a,y\n1/0,3\n", None, &relu(1));
    assert_contains(&m, &["line 2", "column \"a\"", "nonzero denominator", "\"1/0\""]);
}

#[test]
fn csv_error_no_samples() {
    let m = csv_error("# only a header\na,y\n\n", None, &relu(1));
    assert_contains(&m, &["line 3", "at least one sample row"]);
    let m = csv_error("", None, &relu(1));
    assert_contains(&m, &["line 1", "header row"]);
}

#[test]
fn csv_error_only_a_label_column() {
    let m = csv_error("y\n1\n", None, &relu(1));
    assert_contains(&m, &["line 1", "at least one sample column", "\"y\""]);
}

#[test]
fn csv_error_blank_line_inside() {
    let m = csv_error("a,y\n1,2\n\n3,4\n", None, &relu(1));
    assert_contains(&m, &["line 3", "empty line"]);
}

#[test]
fn csv_error_bad_header() {
    let m = csv_error("a,,y\n1,2,3\n", None, &relu(1));
    assert_contains(&m, &["line 1", "column 2", "column name"]);
    let m = csv_error("a,a,y\n1,2,3\n", None, &relu(1));
    assert_contains(&m, &["line 1", "column \"a\"", "distinct"]);
}

#[test]
fn csv_error_bad_settings() {
    let m = csv_error("a,y\n1,2\n", None, &relu(0));
    assert_contains(&m, &["--hidden", "expected an integer ≥ 1", "found 0"]);
    let m = csv_error(
        "a,y\n1,2\n",
        None,
        &NetworkSettings {
            alpha: qi(1),
            ..relu(1)
        },
    );
    assert_contains(&m, &["--alpha", "[0, 1)", "found 1"]);
}

#[test]
fn csv_error_missing_file() {
    let path = fixture("no_such_file.csv");
    let m = input_error(csv_file::read(&path, None, &relu(1)), &path.display().to_string());
    assert_contains(&m, &["readable"]);
}

// ---------------------------------------------------------------- TOML errors, one per kind

#[test]
fn error_ragged_rows() {
    let m = toml_error("hidden = 1\nx = [[1, 0],\n     [0, 1, 2]]\ny = [1, 1]\n");
    assert_eq!(
        m,
        "bad.toml: line 3: x[1]: expected 2 numbers (the length of x[0]), found 3 numbers"
    );
}

#[test]
fn error_x_y_length_mismatch() {
    let m = toml_error("hidden = 1\nx = [[1, 0], [0, 1]]\ny = [1, 1, 1]\n");
    assert_eq!(
        m,
        "bad.toml: line 3: y: expected 2 labels (one per row of x), found 3 numbers"
    );
}

#[test]
fn error_no_samples() {
    let m = toml_error("hidden = 1\nx = []\ny = []\n");
    assert_contains(&m, &["line 2", "x:", "at least one sample", "empty array"]);
}

#[test]
fn error_no_coordinates() {
    let m = toml_error("hidden = 1\nx = [[], []]\ny = [1, 2]\n");
    assert_contains(&m, &["line 2", "x[0]:", "at least one coordinate", "empty array"]);
}

#[test]
fn error_sample_not_an_array() {
    let m = toml_error("hidden = 1\nx = [-2, 2]\ny = [1, 2]\n");
    assert_contains(&m, &["line 2", "x[0]:", "[[-2], [2]]", "found the integer -2"]);
    let m = toml_error("hidden = 1\nx = 5\ny = [1, 2]\n");
    assert_contains(&m, &["line 2", "x:", "expected an array", "found the integer 5"]);
}

#[test]
fn error_hidden_zero() {
    let m = toml_error(&format!("hidden = 0\n{GOOD_TAIL}"));
    assert_eq!(
        m,
        "bad.toml: line 1: hidden: expected an integer ≥ 1 (the number of hidden units), found 0"
    );
}

#[test]
fn error_hidden_negative() {
    let m = toml_error(&format!("{GOOD_TAIL}hidden = -2\n"));
    assert_contains(&m, &["line 3", "hidden:", "integer ≥ 1", "found -2"]);
}

#[test]
fn error_hidden_not_an_integer() {
    let m = toml_error(&format!("hidden = 1.5\n{GOOD_TAIL}"));
    assert_contains(&m, &["line 1", "hidden:", "integer ≥ 1", "found the float 1.5"]);
    let m = toml_error(&format!("hidden = \"2\"\n{GOOD_TAIL}"));
    assert_contains(&m, &["line 1", "hidden:", "found the string \"2\""]);
    let m = toml_error(&format!("hidden = 100000000000000000000000\n{GOOD_TAIL}"));
    assert_contains(&m, &["hidden:", "found 100000000000000000000000"]);
}

#[test]
fn error_alpha_out_of_range() {
    let m = toml_error(&format!("hidden = 1\nalpha = 1\n{GOOD_TAIL}"));
    assert_eq!(
        m,
        "bad.toml: line 2: alpha: expected a number in [0, 1) (the leaky slope alpha), found 1"
    );
    let m = toml_error(&format!("hidden = 1\nalpha = \"-1/2\"\n{GOOD_TAIL}"));
    assert_contains(&m, &["line 2", "alpha:", "[0, 1)", "\"-1/2\""]);
}

#[test]
fn error_zero_denominator() {
    let m = toml_error("hidden = 1\nx = [[1, 0], [0, 1]]\ny = [1, \"3/0\"]\n");
    assert_eq!(
        m,
        "bad.toml: line 3: y[1]: expected a fraction with a nonzero denominator, found the string \"3/0\""
    );
}

#[test]
fn error_not_a_number() {
    let m = toml_error("hidden = 1\nx = [[1, 0], [0, \"one\"]]\ny = [1, 1]\n");
    assert_contains(
        &m,
        &[
            "line 2",
            "x[1][1]:",
            "expected an exact number",
            "found the string \"one\"",
        ],
    );
    let m = toml_error("hidden = 1\nx = [[1, 0], [0, true]]\ny = [1, 1]\n");
    assert_contains(&m, &["x[1][1]:", "found the boolean true"]);
}

#[test]
fn error_bare_float() {
    let m = toml_error("hidden = 1\nx = [[1, 0],\n  [0.1, 1]]\ny = [1, 1]\n");
    assert_contains(
        &m,
        &[
            "line 3",
            "x[1][0]:",
            "0.1, a TOML float, which is not exact; write it as a string: \"0.1\"",
        ],
    );
    let m = toml_error("hidden = 1\nx = [[1, 0], [0, 1]]\ny = [1, nan]\n");
    assert_contains(&m, &["y[1]:", "not a rational number"]);
}

#[test]
fn error_wrong_type_for_flag() {
    let m = toml_error(&format!("hidden = 1\nbias = \"yes\"\n{GOOD_TAIL}"));
    assert_eq!(
        m,
        "bad.toml: line 2: bias: expected true or false, found the string \"yes\""
    );
    let m = toml_error(&format!("hidden = 1\noutput_bias = 1\n{GOOD_TAIL}"));
    assert_contains(
        &m,
        &["line 2", "output_bias:", "true or false", "found the integer 1"],
    );
    let m = toml_error(&format!("hidden = 1\nname = 3\n{GOOD_TAIL}"));
    assert_contains(&m, &["line 2", "name:", "expected a string"]);
}

#[test]
fn error_weights_length_mismatch() {
    let m = toml_error(&format!("hidden = 1\n{GOOD_TAIL}weights = [1]\n"));
    assert_eq!(
        m,
        "bad.toml: line 4: weights: expected 2 weights (one per row of x), found 1 numbers"
    );
}

#[test]
fn error_non_positive_weight() {
    let m = toml_error(&format!("hidden = 1\n{GOOD_TAIL}weights = [1, \"-1/2\"]\n"));
    assert_eq!(
        m,
        "bad.toml: line 4: weights[1]: expected a positive number, found \"-1/2\""
    );
    let m = toml_error(&format!("hidden = 1\n{GOOD_TAIL}weights = [0, 1]\n"));
    assert_contains(&m, &["weights[0]:", "positive", "found 0"]);
}

#[test]
fn error_unknown_key() {
    let m = toml_error(&format!("hidden = 1\nhiden = 2\n{GOOD_TAIL}"));
    assert_contains(
        &m,
        &[
            "line 2",
            "hiden:",
            "expected one of the keys hidden, bias",
            "unknown key",
        ],
    );
    let m = toml_error(&format!("hidden = 1\n{GOOD_TAIL}[network]\nalpha = 0\n"));
    assert_contains(&m, &["line 4", "network:", "unknown key (a table)"]);
}

#[test]
fn error_missing_required_keys() {
    for (text, key) in [
        (GOOD_TAIL.to_string(), "hidden"),
        ("hidden = 1\ny = [1]\n".to_string(), "x"),
        ("hidden = 1\nx = [[1]]\n".to_string(), "y"),
    ] {
        let m = toml_error(&text);
        assert_contains(
            &m,
            &[
                &format!("{key}: expected the required key `{key}`"),
                "found no such key",
            ],
        );
    }
}

#[test]
fn error_missing_file() {
    let path = fixture("no_such_file.toml");
    let origin = path.display().to_string();
    let m = input_error(toml_file::read(&path), &origin);
    assert_contains(
        &m,
        &["expected a readable UTF-8 TOML file", "found", "No such file"],
    );
}

#[test]
fn error_toml_syntax() {
    let m = toml_error("hidden = 1\nx = [[1, 0], [0, 1]\ny = [1, 1]\n");
    assert_contains(&m, &["line 3", "expected valid TOML, found a syntax error"]);
    let m = toml_error("hidden = 1\nhidden = 2\n");
    assert_contains(&m, &["line 2", "syntax error", "duplicate key"]);
}

// ---------------------------------------------------------------- round trip

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Any rational written in its canonical text form (`format_q`) reads back exactly, in TOML
    /// strings and CSV cells alike.
    #[test]
    fn canonical_text_round_trips(p in -1_000_000i64..1_000_000, r in 1i64..1_000_000, s in -50i64..50) {
        use relucert::exact::format_q;
        let v = q(p, r);
        let text = format!(
            "hidden = 1\nx = [[\"{}\", {s}]]\ny = [\"{}\"]\n",
            format_q(&v),
            format_q(&-v.clone())
        );
        let inst = toml_file::parse(&text, "p.toml").unwrap();
        proptest::prop_assert_eq!(&inst.x[0], &vec![v.clone(), qi(s)]);
        proptest::prop_assert_eq!(&inst.y[0], &-v.clone());
        let csv = format!("a,b,y\n{},{s},{}\n", format_q(&v), format_q(&-v.clone()));
        let inst2 = csv_file::parse(&csv, "p.csv", None, &relu(1)).unwrap();
        proptest::prop_assert_eq!(inst2, inst);
    }
}
