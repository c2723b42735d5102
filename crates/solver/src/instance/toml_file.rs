//! Instance files in TOML (format: `docs/instance-format.md`).
//!
//! The file is parsed into `toml`'s span-preserving document tree ([`toml::de::DeTable`]), so
//! every error can name the key path (`x[1][0]`) *and* the line. Numbers are read from the
//! source text, never through `f64`: TOML integers of any size, or strings in the exact text
//! form of [`parse_q`]. Bare TOML floats are rejected, because `0.1` as a float is not the
//! rational 1/10 and the tool would silently certify a different instance.

use std::ops::Range;
use std::path::Path;

use num_bigint::BigInt;
use num_traits::{Signed, ToPrimitive, Zero};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::error::{Error, Result};
use crate::instance::{Instance, NetworkSettings};
use relucert_exact::{Q, parse_q};

/// The keys an instance file may contain.
pub const KEYS: [&str; 9] = [
    "hidden",
    "bias",
    "alpha",
    "output_bias",
    "x",
    "y",
    "weights",
    "name",
    "loss",
];

/// Which loss an instance file asks for (`loss = "squared"`, the default, or `"hinge"`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Loss {
    #[default]
    Squared,
    /// Laurent–von Brecht's binary hinge loss; labels in `{−1, +1}` (checked).
    Hinge,
}

/// Read and validate a TOML instance file with its loss (`relucert hinge` reads hinge files).
pub fn read_with_loss(path: &Path) -> Result<(Instance, Loss)> {
    let text = read_limited(path, "a readable UTF-8 TOML file")?;
    parse_with_loss(&text, &path.display().to_string())
}

/// Read and validate a TOML instance file for the squared loss (a file with `loss = "hinge"`
/// is refused with a message pointing to `relucert hinge`).
pub fn read(path: &Path) -> Result<Instance> {
    let text = read_limited(path, "a readable UTF-8 TOML file")?;
    parse(&text, &path.display().to_string())
}

/// What a number too large for the limits was expected to be.
const LIMITED: &str = "expected a number within the input limits (docs/limits.md)";

/// Read a whole input file under the input size limit (`docs/limits.md`); the error names the
/// file, and for a file too large the limit and how to raise it.
pub fn read_limited(path: &Path, expected: &str) -> Result<String> {
    use relucert_exact::limits::{FileKind, ReadError, read_text};
    read_text(path, FileKind::Input).map_err(|e| match e {
        ReadError::TooLarge(m) => Error::Input(m),
        ReadError::Unreadable(m) => {
            let shown = path.display().to_string();
            let why = m
                .strip_prefix(&format!("{shown}: cannot read: "))
                .unwrap_or(&m)
                .to_string();
            Error::Input(format!(
                "{shown}: expected {expected}, found an unreadable file ({why})"
            ))
        }
    })
}

/// Parse and validate TOML text for the squared loss; `origin` names the file in error messages.
///
/// Every error is one line: `<origin>: line L: <key path>: expected …, found …`.
pub fn parse(text: &str, origin: &str) -> Result<Instance> {
    match parse_with_loss(text, origin)? {
        (inst, Loss::Squared) => Ok(inst),
        (_, Loss::Hinge) => Err(Error::Input(format!(
            "{origin}: loss: expected \"squared\" for this command (the squared-loss analysis), \
             found \"hinge\" (use `relucert hinge` for the hinge loss)"
        ))),
    }
}

/// Parse and validate TOML text with its `loss` key; with `loss = "hinge"` every label must
/// be `−1` or `1`.
pub fn parse_with_loss(text: &str, origin: &str) -> Result<(Instance, Loss)> {
    let doc = Doc { text, origin };
    let table = DeTable::parse(text).map_err(|e| doc.syntax_error(&e))?;
    let table = table.get_ref();

    for (key, value) in table.iter() {
        if !KEYS.contains(&key.get_ref().as_ref()) {
            return Err(doc.err(
                key.span(),
                key.get_ref(),
                &format!("expected one of the keys {}", KEYS.join(", ")),
                &format!("an unknown key{}", table_hint(value)),
            ));
        }
    }

    let hidden_value = doc.required(table, "hidden", "the number of hidden units, an integer ≥ 1")?;
    let hidden = doc.hidden(hidden_value)?;
    let bias = match table.get("bias") {
        Some(v) => doc.boolean(v, "bias")?,
        None => false,
    };
    let output_bias = match table.get("output_bias") {
        Some(v) => doc.boolean(v, "output_bias")?,
        None => false,
    };
    let alpha = match table.get("alpha") {
        Some(v) => {
            let a = doc.number(v, "alpha")?;
            if let Err(msg) = NetworkSettings::check_alpha(&a) {
                return Err(doc.err(v.span(), "alpha", &msg, &source_text(text, v.span())));
            }
            a
        }
        None => Q::zero(),
    };
    if let Some(v) = table.get("name")
        && !v.get_ref().is_str()
    {
        return Err(doc.err(v.span(), "name", "expected a string", &doc.describe(v)));
    }

    let loss = match table.get("loss") {
        None => Loss::Squared,
        Some(v) => match v.get_ref().as_str() {
            Some("squared") => Loss::Squared,
            Some("hinge") => Loss::Hinge,
            _ => {
                return Err(doc.err(
                    v.span(),
                    "loss",
                    "expected \"squared\" or \"hinge\"",
                    &source_text(text, v.span()),
                ));
            }
        },
    };

    let x_value = doc.required(table, "x", "the samples, an array of rows of numbers")?;
    let raw_x = doc.samples(x_value)?;
    let n = raw_x.len();
    let y_value = doc.required(table, "y", "the labels, an array of numbers")?;
    let y = doc.vector(y_value, "y", n, "labels (one per row of x)")?;
    if loss == Loss::Hinge {
        let items = y_value.get_ref().as_array().map(|a| a.as_ref()).unwrap_or(&[]);
        for (i, (yi, item)) in y.iter().zip(items).enumerate() {
            if yi.abs() != Q::from_integer(1.into()) {
                return Err(doc.err(
                    item.span(),
                    &format!("y[{i}]"),
                    "expected a label -1 or 1 (loss = \"hinge\")",
                    &source_text(text, item.span()),
                ));
            }
        }
    }
    let weights = match table.get("weights") {
        Some(v) => {
            let w = doc.vector(v, "weights", n, "weights (one per row of x)")?;
            let items = v.get_ref().as_array().map(|a| a.as_ref()).unwrap_or(&[]);
            for (i, (wi, item)) in w.iter().zip(items).enumerate() {
                if !wi.is_positive() {
                    return Err(doc.err(
                        item.span(),
                        &format!("weights[{i}]"),
                        "expected a positive number",
                        &source_text(text, item.span()),
                    ));
                }
            }
            Some(w)
        }
        None => None,
    };

    let settings = NetworkSettings {
        hidden,
        bias,
        alpha,
        output_bias,
    };
    let inst = Instance::new(raw_x, y, &settings, weights)
        .map_err(|msg| Error::Input(format!("{origin}: {msg}")))?;
    Ok((inst, loss))
}

/// The source being parsed, for error messages.
struct Doc<'a> {
    text: &'a str,
    origin: &'a str,
}

type Item<'i> = Spanned<DeValue<'i>>;

impl<'a> Doc<'a> {
    /// `<origin>: line L: <path>: <expected>, found <found>`.
    fn err(&self, span: Range<usize>, path: &str, expected: &str, found: &str) -> Error {
        Error::Input(format!(
            "{}: line {}: {}: {}, found {}",
            self.origin,
            line_of(self.text, span.start),
            path,
            expected,
            one_line(found)
        ))
    }

    fn syntax_error(&self, e: &toml::de::Error) -> Error {
        let line = e.span().map(|s| line_of(self.text, s.start)).unwrap_or(1);
        Error::Input(format!(
            "{}: line {}: expected valid TOML, found a syntax error: {}",
            self.origin,
            line,
            one_line(e.message())
        ))
    }

    fn required<'t, 'i>(&self, table: &'t DeTable<'i>, key: &str, what: &str) -> Result<&'t Item<'i>> {
        table.get(key).ok_or_else(|| {
            Error::Input(format!(
                "{}: {key}: expected the required key `{key}` ({what}), found no such key",
                self.origin
            ))
        })
    }

    fn describe(&self, v: &Item<'_>) -> String {
        match v.get_ref() {
            DeValue::Array(_) => "an array".into(),
            DeValue::Table(_) => "a table".into(),
            other => format!("the {} {}", other.type_str(), source_text(self.text, v.span())),
        }
    }

    fn hidden(&self, v: &Item<'_>) -> Result<usize> {
        let expected = "expected an integer ≥ 1 (the number of hidden units)";
        let DeValue::Integer(i) = v.get_ref() else {
            return Err(self.err(v.span(), "hidden", expected, &self.describe(v)));
        };
        let value = integer(i.as_str(), i.radix());
        match value.as_ref().and_then(|b| b.to_usize()) {
            Some(k) if NetworkSettings::check_hidden(k).is_ok() => Ok(k),
            _ => Err(self.err(v.span(), "hidden", expected, &source_text(self.text, v.span()))),
        }
    }

    fn boolean(&self, v: &Item<'_>, path: &str) -> Result<bool> {
        v.get_ref()
            .as_bool()
            .ok_or_else(|| self.err(v.span(), path, "expected true or false", &self.describe(v)))
    }

    /// An exact number: a TOML integer, or a string holding an integer, `p/q` or a decimal.
    fn number(&self, v: &Item<'_>, path: &str) -> Result<Q> {
        let expected = "expected an exact number (an integer, or a string like \"3/4\" or \"0.25\")";
        match v.get_ref() {
            DeValue::Integer(i)
                if relucert_exact::limits::check_radix_digits(i.as_str().len(), i.radix()).is_err() =>
            {
                let msg =
                    relucert_exact::limits::check_radix_digits(i.as_str().len(), i.radix()).unwrap_err();
                Err(self.err(v.span(), path, LIMITED, &msg))
            }
            DeValue::Integer(i) => match integer(i.as_str(), i.radix()) {
                Some(b) => Ok(Q::from_integer(b)),
                None => Err(self.err(v.span(), path, expected, &self.describe(v))),
            },
            DeValue::String(s) => parse_q(s).map_err(|msg| {
                let found = format!("the string {}", source_text(self.text, v.span()));
                if msg.contains("RELUCERT_MAX_DIGITS") {
                    self.err(v.span(), path, LIMITED, &msg)
                } else if msg.contains("zero denominator") {
                    self.err(
                        v.span(),
                        path,
                        "expected a fraction with a nonzero denominator",
                        &found,
                    )
                } else {
                    self.err(v.span(), path, expected, &found)
                }
            }),
            DeValue::Float(f) => {
                let raw = f.as_str();
                let found = if parse_q(raw).is_ok() {
                    let src = source_text(self.text, v.span());
                    format!(
                        "{src}, a TOML float, which is not exact; write it as a string: \"{}\"",
                        src.replace('_', "")
                    )
                } else {
                    format!("the TOML float {}, which is not a rational number", raw)
                };
                Err(self.err(v.span(), path, expected, &found))
            }
            _ => Err(self.err(v.span(), path, expected, &self.describe(v))),
        }
    }

    /// The samples `x`: a non-empty array of non-empty rows of equal length.
    fn samples(&self, v: &Item<'_>) -> Result<Vec<Vec<Q>>> {
        let rows_expected = "expected an array of samples, each an array of numbers";
        let Some(rows) = v.get_ref().as_array() else {
            return Err(self.err(v.span(), "x", rows_expected, &self.describe(v)));
        };
        if rows.is_empty() {
            return Err(self.err(v.span(), "x", "expected at least one sample", "an empty array"));
        }
        let mut out: Vec<Vec<Q>> = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let path = format!("x[{i}]");
            let Some(cells) = row.get_ref().as_array() else {
                return Err(self.err(
                    row.span(),
                    &path,
                    "expected a sample, an array of numbers (write 1-d samples as [[-2], [2]])",
                    &self.describe(row),
                ));
            };
            if cells.is_empty() {
                return Err(self.err(
                    row.span(),
                    &path,
                    "expected at least one coordinate",
                    "an empty array",
                ));
            }
            if let Some(first) = out.first()
                && cells.len() != first.len()
            {
                return Err(self.err(
                    row.span(),
                    &path,
                    &format!("expected {} numbers (the length of x[0])", first.len()),
                    &format!("{} numbers", cells.len()),
                ));
            }
            let mut sample = Vec::with_capacity(cells.len());
            for (j, cell) in cells.iter().enumerate() {
                sample.push(self.number(cell, &format!("x[{i}][{j}]"))?);
            }
            out.push(sample);
        }
        Ok(out)
    }

    /// An array of exactly `n` numbers (labels or weights).
    fn vector(&self, v: &Item<'_>, key: &str, n: usize, what: &str) -> Result<Vec<Q>> {
        let Some(items) = v.get_ref().as_array() else {
            return Err(self.err(
                v.span(),
                key,
                &format!("expected an array of {n} numbers"),
                &self.describe(v),
            ));
        };
        if items.len() != n {
            return Err(self.err(
                v.span(),
                key,
                &format!("expected {n} {what}"),
                &format!("{} numbers", items.len()),
            ));
        }
        items
            .iter()
            .enumerate()
            .map(|(i, item)| self.number(item, &format!("{key}[{i}]")))
            .collect()
    }
}

/// Parse TOML integer text (already stripped of `_` and radix prefix by the TOML parser).
fn integer(text: &str, radix: u32) -> Option<BigInt> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    let value = BigInt::parse_bytes(digits.as_bytes(), radix)?;
    Some(if negative { -value } else { value })
}

/// A hint for unknown keys that are tables (e.g. a `[section]` header).
fn table_hint(v: &Item<'_>) -> &'static str {
    if v.get_ref().is_table() { " (a table)" } else { "" }
}

/// 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The source text of a span, shortened and on one line.
fn source_text(text: &str, span: Range<usize>) -> String {
    let raw = text.get(span).unwrap_or("");
    let raw = one_line(raw.trim());
    if raw.chars().count() > 40 {
        let short: String = raw.chars().take(37).collect();
        format!("{short}...")
    } else {
        raw
    }
}

/// Collapse whitespace runs containing newlines so that a message stays on one line.
fn one_line(s: &str) -> String {
    s.split(['\n', '\r'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    #[test]
    fn reads_a_minimal_file() {
        let inst = parse("hidden = 1\nx = [[1, 0], [0, 1]]\ny = [1, \"1/2\"]\n", "t.toml").unwrap();
        assert_eq!(inst.x, vec![vec![qi(1), qi(0)], vec![qi(0), qi(1)]]);
        assert_eq!(inst.y, vec![qi(1), q(1, 2)]);
        assert_eq!(inst.hidden, 1);
        assert_eq!(inst.alpha, qi(0));
        assert!(!inst.bias && !inst.output_bias && inst.weights.is_none());
    }

    #[test]
    fn big_and_radix_integers_are_exact() {
        let inst = parse(
            "hidden = 1\nx = [[123456789012345678901234567890], [0x10]]\ny = [-1_000, 0b11]\n",
            "t",
        )
        .unwrap();
        assert_eq!(inst.x[0][0], parse_q("123456789012345678901234567890").unwrap());
        assert_eq!(inst.x[1][0], qi(16));
        assert_eq!(inst.y, vec![qi(-1000), qi(3)]);
    }

    #[test]
    fn float_message_suggests_quoting() {
        let e = parse("hidden = 1\nx = [[1, 0], [0.1, 1]]\ny = [1, 1]\n", "f.toml").unwrap_err();
        let Error::Input(m) = e else { panic!() };
        assert_eq!(
            m,
            "f.toml: line 2: x[1][0]: expected an exact number (an integer, or a string like \"3/4\" or \
             \"0.25\"), found 0.1, a TOML float, which is not exact; write it as a string: \"0.1\""
        );
    }
}
