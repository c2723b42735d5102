//! Point files for `relucert point`: TOML with `z = [...]`, `w = [[...], ...]` (one row per
//! hidden unit) and optionally `c`, every number exact (a TOML integer or a string holding an
//! integer, `"p/q"` or a decimal; bare TOML floats are rejected).

use std::path::Path;

use crate::error::{Error, Result};
use crate::instance::Instance;
use crate::model::Point;
use crate::point::check_shape;
use relucert_exact::{Q, parse_q};

fn number(origin: &str, key: &str, v: &toml::Value) -> Result<Q> {
    match v {
        toml::Value::Integer(i) => Ok(Q::from_integer((*i).into())),
        toml::Value::String(s) => parse_q(s).map_err(|e| Error::Input(format!("{origin}: {key}: {e}"))),
        toml::Value::Float(f) => Err(Error::Input(format!(
            "{origin}: {key}: expected an exact number, found the TOML float {f}; quote it (\"{f}\") to read it exactly"
        ))),
        other => Err(Error::Input(format!(
            "{origin}: {key}: expected an exact number, found a {}",
            other.type_str()
        ))),
    }
}

fn array<'a>(origin: &str, key: &str, v: &'a toml::Value) -> Result<&'a Vec<toml::Value>> {
    v.as_array().ok_or_else(|| {
        Error::Input(format!(
            "{origin}: {key}: expected an array, found a {}",
            v.type_str()
        ))
    })
}

/// Parse point-file text against an instance; `origin` names the file in errors.
pub fn parse(text: &str, origin: &str, inst: &Instance) -> Result<Point> {
    let table: toml::Table = toml::from_str(text).map_err(|e| {
        // The parser's message quotes the offending line: shortened, so a huge line cannot
        // make a huge message.
        let message = e.message().replace('\n', " ");
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1)
            .map_or(String::new(), |l| format!("line {l}: "));
        Error::Input(format!(
            "{origin}: {line}expected a TOML point file, found {}",
            relucert_exact::limits::shorten(&message)
        ))
    })?;
    for key in table.keys() {
        if !["z", "w", "c"].contains(&key.as_str()) {
            return Err(Error::Input(format!(
                "{origin}: {key}: expected one of the keys z, w, c, found an unknown key"
            )));
        }
    }
    let get = |key: &str| {
        table
            .get(key)
            .ok_or_else(|| Error::Input(format!("{origin}: {key}: expected a key `{key}`, found none")))
    };
    let z = array(origin, "z", get("z")?)?
        .iter()
        .enumerate()
        .map(|(k, v)| number(origin, &format!("z[{k}]"), v))
        .collect::<Result<Vec<Q>>>()?;
    let w = array(origin, "w", get("w")?)?
        .iter()
        .enumerate()
        .map(|(k, row)| {
            array(origin, &format!("w[{k}]"), row)?
                .iter()
                .enumerate()
                .map(|(j, v)| number(origin, &format!("w[{k}][{j}]"), v))
                .collect::<Result<Vec<Q>>>()
        })
        .collect::<Result<Vec<Vec<Q>>>>()?;
    let c = match table.get("c") {
        None => Q::from_integer(0.into()),
        Some(v) => {
            if !inst.output_bias {
                return Err(Error::Input(format!(
                    "{origin}: c: expected no output bias (the instance has output_bias = false), found c"
                )));
            }
            number(origin, "c", v)?
        }
    };
    let point = Point { z, w, c };
    check_shape(inst, &point).map_err(|e| match e {
        Error::Input(m) => Error::Input(format!("{origin}: {m}")),
        other => other,
    })?;
    Ok(point)
}

/// Read a point file.
pub fn read(path: &Path, inst: &Instance) -> Result<Point> {
    let text = crate::instance::toml_file::read_limited(path, "a readable point file")?;
    parse(&text, &path.display().to_string(), inst)
}
