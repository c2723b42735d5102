//! Samples from CSV, network settings from flags (format: `docs/instance-format.md`).
//!
//! The format is deliberately small: a header row naming the columns, then one sample per row;
//! cells separated by commas, optional spaces around them, optional double quotes around a
//! cell. Lines starting with `#` are comments; empty lines may end the file. Every cell is an
//! exact number in the text form of [`parse_q`].

use std::path::Path;

use crate::error::{Error, Result};
use crate::instance::{Instance, NetworkSettings};
use relucert_exact::{Q, format_q, parse_q};

/// Read a CSV file of samples: a header row, then one sample per row; the label column is
/// `label` when given, else the last column. `settings` supplies `K`, bias, α and the output
/// bias, and is validated like the TOML keys.
pub fn read(path: &Path, label: Option<&str>, settings: &NetworkSettings) -> Result<Instance> {
    let origin = path.display().to_string();
    let text = crate::instance::toml_file::read_limited(path, "a readable UTF-8 CSV file")?;
    parse(&text, &origin, label, settings)
}

/// Parse CSV text; `origin` names the file in error messages. See [`read`].
///
/// Every error is one line: `<origin>: line L: column "c": expected …, found …` (or the flag
/// name, e.g. `--hidden`, for a bad setting).
pub fn parse(text: &str, origin: &str, label: Option<&str>, settings: &NetworkSettings) -> Result<Instance> {
    let fail = |msg: String| Error::Input(format!("{origin}: {msg}"));
    NetworkSettings::check_hidden(settings.hidden).map_err(|m| fail(format!("--hidden: {m}")))?;
    NetworkSettings::check_alpha(&settings.alpha)
        .map_err(|m| fail(format!("--alpha: {m}, found {}", format_q(&settings.alpha))))?;

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // (1-based line number, cells) for every non-comment line; blank lines kept as `None`.
    let mut rows: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    for (k, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') {
            continue;
        }
        let cells = if trimmed.is_empty() {
            None
        } else {
            Some(split_cells(line))
        };
        rows.push((k + 1, cells));
    }
    // Empty lines at the end are fine; drop them.
    while matches!(rows.last(), Some((_, None))) {
        rows.pop();
    }
    let mut rows = rows.into_iter();
    let Some((header_line, header)) = rows.next() else {
        return Err(fail(
            "line 1: expected a header row naming the columns, found an empty file".into(),
        ));
    };
    let Some(header) = header else {
        return Err(fail(format!(
            "line {header_line}: expected a header row naming the columns, found an empty line"
        )));
    };
    for (j, name) in header.iter().enumerate() {
        if name.is_empty() {
            return Err(fail(format!(
                "line {header_line}: column {}: expected a column name in the header, found an empty cell",
                j + 1
            )));
        }
        if header[..j].contains(name) {
            return Err(fail(format!(
                "line {header_line}: column \"{name}\": expected distinct column names, found \"{name}\" twice"
            )));
        }
    }
    let label_col = match label {
        Some(name) => header.iter().position(|h| h == name).ok_or_else(|| {
            fail(format!(
                "line {header_line}: --label: expected the name of a column ({}), found \"{name}\", which is not one",
                header.join(", ")
            ))
        })?,
        None => header.len() - 1,
    };
    if header.len() < 2 {
        return Err(fail(format!(
            "line {header_line}: expected at least one sample column besides the label column \"{}\", found none",
            header[label_col]
        )));
    }

    let mut raw_x: Vec<Vec<Q>> = Vec::new();
    let mut y: Vec<Q> = Vec::new();
    for (line, cells) in rows {
        let Some(cells) = cells else {
            return Err(fail(format!(
                "line {line}: expected a row of {} cells, found an empty line (only trailing empty lines are allowed)",
                header.len()
            )));
        };
        if cells.len() != header.len() {
            return Err(fail(format!(
                "line {line}: expected {} cells (one per header column), found {}",
                header.len(),
                cells.len()
            )));
        }
        let mut sample = Vec::with_capacity(header.len() - 1);
        for (j, cell) in cells.iter().enumerate() {
            let value = parse_q(cell).map_err(|msg| {
                if msg.contains("RELUCERT_MAX_DIGITS") {
                    return fail(format!("line {line}: column \"{}\": {msg}", header[j]));
                }
                let cell = relucert_exact::limits::shorten(cell);
                let expected = if msg.contains("zero denominator") {
                    "expected a fraction with a nonzero denominator".to_string()
                } else {
                    "expected an exact number (an integer, \"p/q\" or a decimal like -1.5e-3)".to_string()
                };
                fail(format!(
                    "line {line}: column \"{}\": {expected}, found \"{cell}\"",
                    header[j]
                ))
            })?;
            if j == label_col {
                y.push(value);
            } else {
                sample.push(value);
            }
        }
        raw_x.push(sample);
    }
    if raw_x.is_empty() {
        return Err(fail(format!(
            "line {}: expected at least one sample row after the header, found none",
            header_line + 1
        )));
    }
    Instance::new(raw_x, y, settings, None).map_err(fail)
}

/// Split one line into trimmed cells, stripping one pair of surrounding double quotes.
fn split_cells(line: &str) -> Vec<String> {
    line.split(',')
        .map(|c| {
            let c = c.trim();
            let c = c.strip_prefix('"').and_then(|c| c.strip_suffix('"')).unwrap_or(c);
            c.trim().to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use relucert_exact::rational::{q, qi};

    fn relu(hidden: usize) -> NetworkSettings {
        NetworkSettings {
            hidden,
            bias: false,
            alpha: qi(0),
            output_bias: false,
        }
    }

    #[test]
    fn label_is_last_column_by_default() {
        let inst = parse("a, b, y\n1, \"1/2\", 3\n-1, 0.5, 2\n\n", "t.csv", None, &relu(2)).unwrap();
        assert_eq!(inst.x, vec![vec![qi(1), q(1, 2)], vec![qi(-1), q(1, 2)]]);
        assert_eq!(inst.y, vec![qi(3), qi(2)]);
        assert_eq!(inst.hidden, 2);
    }

    #[test]
    fn named_label_column() {
        let inst = parse("# c\ny,a\n7,1\n", "t.csv", Some("y"), &relu(1)).unwrap();
        assert_eq!(inst.x, vec![vec![qi(1)]]);
        assert_eq!(inst.y, vec![qi(7)]);
    }
}
