//! Samples from CSV, network settings from flags (format: `docs/instance-format.md`).
//!
//! The format is deliberately small: a header row naming the columns, then one sample per row;
//! cells separated by commas, optional spaces around them, optional double quotes around a
//! cell. Lines starting with `#` are comments; empty lines may end the file. Every cell is an
//! exact number in the text form of [`parse_q`], read under a [`FloatPolicy`] (default: refuse
//! decimals written with more digits than their double needs, see [`super::float_policy`]).
//!
//! Files written by NumPy and pandas: a file whose first row is all numbers has no header; the
//! header NumPy's `savetxt(..., header="x1,x2,y")` writes as the comment `# x1,x2,y` is used
//! when it names as many columns as the rows have, else the file is refused with the fix. A first
//! header cell that is empty is pandas' index column (`to_csv` without `index=False`): that
//! column is dropped.

use std::path::Path;

use crate::error::{Error, Result};
use crate::instance::float_policy::{FloatPolicy, text_value};
use crate::instance::{Instance, NetworkSettings};
use relucert_exact::{Q, format_q, parse_q};

/// Read a CSV file of samples: a header row, then one sample per row; the label column is
/// `label` when given, else the last column. `settings` supplies `K`, bias, α and the output
/// bias, and is validated like the TOML keys.
pub fn read(path: &Path, label: Option<&str>, settings: &NetworkSettings) -> Result<Instance> {
    read_with_floats(path, label, settings, FloatPolicy::default())
}

/// [`read`] with an explicit policy for decimal cells written as floats (`--floats`).
pub fn read_with_floats(
    path: &Path,
    label: Option<&str>,
    settings: &NetworkSettings,
    floats: FloatPolicy,
) -> Result<Instance> {
    let origin = path.display().to_string();
    let text = crate::instance::toml_file::read_limited(path, "a readable UTF-8 CSV file")?;
    parse_with_floats(&text, &origin, label, settings, floats)
}

/// Parse CSV text; `origin` names the file in error messages. See [`read`].
///
/// Every error is one line: `<origin>: line L: column "c": expected …, found …` (or the flag
/// name, e.g. `--hidden`, for a bad setting).
pub fn parse(text: &str, origin: &str, label: Option<&str>, settings: &NetworkSettings) -> Result<Instance> {
    parse_with_floats(text, origin, label, settings, FloatPolicy::default())
}

/// [`parse`] with an explicit policy for decimal cells written as floats (`--floats`).
pub fn parse_with_floats(
    text: &str,
    origin: &str,
    label: Option<&str>,
    settings: &NetworkSettings,
    floats: FloatPolicy,
) -> Result<Instance> {
    let fail = |msg: String| Error::Input(format!("{origin}: {msg}"));
    NetworkSettings::check_hidden(settings.hidden).map_err(|m| fail(format!("--hidden: {m}")))?;
    NetworkSettings::check_alpha(&settings.alpha)
        .map_err(|m| fail(format!("--alpha: {m}, found {}", format_q(&settings.alpha))))?;

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // (1-based line number, cells) for every non-comment line; blank lines kept as `None`.
    let mut rows: Vec<(usize, Option<Vec<String>>)> = Vec::new();
    // The last comment line before the first row: NumPy's header (`# x1,x2,y`).
    let mut comment_header: Option<String> = None;
    for (k, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if let Some(comment) = trimmed.strip_prefix('#') {
            if rows.is_empty() {
                comment_header = Some(comment.to_string());
            }
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
    let Some(mut header) = header else {
        return Err(fail(format!(
            "line {header_line}: expected a header row naming the columns, found an empty line"
        )));
    };
    let mut first_data_row = None;
    if header.iter().all(|c| parse_q(c).is_ok()) {
        // No header row: NumPy's `savetxt` writes the header as a comment, if at all.
        let names = comment_header.as_deref().map(split_cells);
        match names {
            Some(names) if names.len() == header.len() && names.iter().all(|n| !n.is_empty()) => {
                first_data_row = Some((header_line, Some(std::mem::replace(&mut header, names))));
            }
            _ => {
                return Err(fail(format!(
                    "line {header_line}: expected a header row naming the columns, found a row of numbers \
                     (NumPy's savetxt writes no header: pass header=\"x1,x2,y\" (read from its \"# \" comment) \
                     or header=\"x1,x2,y\", comments=\"\"; in pandas name the columns)"
                )));
            }
        }
    }
    let rows: Vec<(usize, Option<Vec<String>>)> = first_data_row.into_iter().chain(rows).collect();
    // pandas' `to_csv` writes its index as a first column with an empty name: drop it.
    let index_column = header.len() > 1 && header[0].is_empty();
    if index_column {
        header.remove(0);
    }
    for (j, name) in header.iter().enumerate() {
        if name.is_empty() {
            return Err(fail(format!(
                "line {header_line}: column {}: expected a column name in the header, found an empty cell",
                j + 1 + usize::from(index_column)
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
        let mut cells = cells;
        let width = header.len() + usize::from(index_column);
        if cells.len() != width {
            return Err(fail(format!(
                "line {line}: expected {width} cells (one per header column), found {}",
                cells.len()
            )));
        }
        if index_column {
            cells.remove(0);
        }
        let mut sample = Vec::with_capacity(header.len() - 1);
        for (j, cell) in cells.iter().enumerate() {
            let how = |p: FloatPolicy| format!("--floats {}", p.name());
            let value = text_value(cell, floats, &how).map_err(|msg| {
                if msg.contains("RELUCERT_MAX_DIGITS") || parse_q(cell).is_ok() {
                    // Over the size limit, or refused by the float policy: the message says
                    // why and how to fix it.
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
    fn numpy_comment_header_is_the_header() {
        let text = "# x1,x2,y\n-1.000000000000000000e+00,1.000000000000000000e+00,1.000000000000000000e+00\n\
                    2,1,2\n";
        let inst = parse(text, "np.csv", None, &relu(1)).unwrap();
        assert_eq!(inst.x, vec![vec![qi(-1), qi(1)], vec![qi(2), qi(1)]]);
        assert_eq!(inst.y, vec![qi(1), qi(2)]);
        // No header at all: refused, naming the fix.
        let err = parse("1,2,3\n4,5,6\n", "np.csv", None, &relu(1))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("line 1") && err.contains("header=\"x1,x2,y\""),
            "{err}"
        );
        // A comment that does not name every column is not a header.
        assert!(parse("# made by numpy\n1,2,3\n", "np.csv", None, &relu(1)).is_err());
    }

    #[test]
    fn savetxt_floats_follow_the_policy() {
        let text = "# a,y\n1.000000000000000056e-01,2.000000000000000000e+00\n";
        let err = parse(text, "np.csv", None, &relu(1)).unwrap_err().to_string();
        assert!(
            err.contains("line 2: column \"a\"") && err.contains("--floats decimal"),
            "{err}"
        );
        let inst = parse_with_floats(text, "np.csv", None, &relu(1), FloatPolicy::Decimal).unwrap();
        assert_eq!(inst.x, vec![vec![q(1, 10)]]);
        let inst = parse_with_floats(text, "np.csv", None, &relu(1), FloatPolicy::Binary).unwrap();
        assert_eq!(
            inst.x,
            vec![vec![parse_q("3602879701896397/36028797018963968").unwrap()]]
        );
        assert_eq!(inst.y, vec![qi(2)]);
    }

    #[test]
    fn pandas_index_column_is_dropped() {
        let text = ",x1,x2,y\n0,-1,1,1\n1,2,1,2\n";
        let inst = parse(text, "pd.csv", None, &relu(1)).unwrap();
        assert_eq!(inst.x, vec![vec![qi(-1), qi(1)], vec![qi(2), qi(1)]]);
        assert_eq!(inst.y, vec![qi(1), qi(2)]);
        let err = parse(",x1,y\n0,1\n", "pd.csv", None, &relu(1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("expected 3 cells"), "{err}");
        // Columns are numbered as in the file.
        let err = parse(",a,,y\n0,1,2,3\n", "pd.csv", None, &relu(1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("line 1: column 3: expected a column name"), "{err}");
    }

    #[test]
    fn named_label_column() {
        let inst = parse("# c\ny,a\n7,1\n", "t.csv", Some("y"), &relu(1)).unwrap();
        assert_eq!(inst.x, vec![vec![qi(1)]]);
        assert_eq!(inst.y, vec![qi(7)]);
    }
}
