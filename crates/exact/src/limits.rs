//! Input limits: how large a number, a file and an instance may be before any work is done.
//!
//! Every number relucert reads (instance files, CSV files, point files, certificates) passes
//! through [`check_number_text`] before it is converted, and every input file is read through
//! [`read_text`], which looks at the file's size before reading a byte of it. The limits keep
//! a malformed or hostile input from hanging the tool or taking unbounded memory: a huge number
//! (`"1e99999"`, an integer of 10⁶ digits) or a huge file is refused in milliseconds, with a
//! one-line message that names the file, the limit and how to raise it.
//!
//! Defaults and how to raise them (environment variables, read once per process):
//!
//! | limit | default | variable |
//! | --- | --- | --- |
//! | decimal digits of a number (numerator, denominator, or `mantissa·10^e` written out) | 10,000 | `RELUCERT_MAX_DIGITS` |
//! | size of an instance, CSV or point file | 16 MiB | `RELUCERT_MAX_INPUT_MB` |
//! | size of a certificate file | 64 MiB | `RELUCERT_MAX_CERT_MB` |
//! | samples `N` | 100,000 | `RELUCERT_MAX_SAMPLES` |
//! | dimension `d` | 1,000 | `RELUCERT_MAX_DIM` |
//!
//! The user-facing table is `docs/limits.md`.

use std::io::Read;
use std::path::Path;
use std::sync::OnceLock;

/// Default for [`max_digits`].
pub const DEFAULT_MAX_DIGITS: usize = 10_000;
/// Default for [`max_input_bytes`] (16 MiB).
pub const DEFAULT_MAX_INPUT_BYTES: u64 = 16 << 20;
/// Default for [`max_certificate_bytes`] (64 MiB).
pub const DEFAULT_MAX_CERTIFICATE_BYTES: u64 = 64 << 20;
/// Default for [`max_samples`].
pub const DEFAULT_MAX_SAMPLES: usize = 100_000;
/// Default for [`max_dim`].
pub const DEFAULT_MAX_DIM: usize = 1_000;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// The most decimal digits a number may have (`RELUCERT_MAX_DIGITS`, default 10,000).
pub fn max_digits() -> usize {
    static V: OnceLock<usize> = OnceLock::new();
    *V.get_or_init(|| {
        env_number("RELUCERT_MAX_DIGITS")
            .map_or(DEFAULT_MAX_DIGITS, |v| usize::try_from(v).unwrap_or(usize::MAX))
    })
}

/// The largest instance, CSV or point file, in bytes (`RELUCERT_MAX_INPUT_MB`, default 16).
pub fn max_input_bytes() -> u64 {
    static V: OnceLock<u64> = OnceLock::new();
    *V.get_or_init(|| {
        env_number("RELUCERT_MAX_INPUT_MB").map_or(DEFAULT_MAX_INPUT_BYTES, |mb| mb.saturating_mul(1 << 20))
    })
}

/// The largest certificate file, in bytes (`RELUCERT_MAX_CERT_MB`, default 64).
pub fn max_certificate_bytes() -> u64 {
    static V: OnceLock<u64> = OnceLock::new();
    *V.get_or_init(|| {
        env_number("RELUCERT_MAX_CERT_MB")
            .map_or(DEFAULT_MAX_CERTIFICATE_BYTES, |mb| mb.saturating_mul(1 << 20))
    })
}

/// The most samples an instance or certificate may have (`RELUCERT_MAX_SAMPLES`, default 100,000).
pub fn max_samples() -> usize {
    static V: OnceLock<usize> = OnceLock::new();
    *V.get_or_init(|| {
        env_number("RELUCERT_MAX_SAMPLES")
            .map_or(DEFAULT_MAX_SAMPLES, |v| usize::try_from(v).unwrap_or(usize::MAX))
    })
}

/// The largest dimension of a sample (`RELUCERT_MAX_DIM`, default 1,000).
pub fn max_dim() -> usize {
    static V: OnceLock<usize> = OnceLock::new();
    *V.get_or_init(|| {
        env_number("RELUCERT_MAX_DIM").map_or(DEFAULT_MAX_DIM, |v| usize::try_from(v).unwrap_or(usize::MAX))
    })
}

/// Check the text of a number against [`max_digits`] before it is converted: the digits of an
/// integer, of a numerator and a denominator, and of a decimal `m.f e±x` written out in full
/// (its mantissa's digits plus the exponent, or `10^(−e)` as a denominator). Looks only at the
/// text, so a refused number costs nothing. The error names the limit and the variable that
/// raises it.
pub fn check_number_text(text: &str) -> Result<(), String> {
    let limit = max_digits();
    let s = text.trim();
    let raise = "raise it with RELUCERT_MAX_DIGITS";
    let too_many = |what: &str, digits: u128| {
        Err(format!(
            "{what} has {digits} digits, above the limit of {limit} digits per number ({raise})"
        ))
    };
    let digits_of = |part: &str| part.bytes().filter(u8::is_ascii_digit).count() as u128;
    if let Some((p, q)) = s.split_once('/') {
        for (what, part) in [("the numerator", p), ("the denominator", q)] {
            let n = digits_of(part);
            if n > limit as u128 {
                return too_many(what, n);
            }
        }
        return Ok(());
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(pos) => (&s[..pos], Some(&s[pos + 1..])),
        None => (s, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let int_digits = digits_of(int_part);
    let frac_digits = digits_of(frac_part);
    if int_digits + frac_digits > limit as u128 {
        return too_many("the number", int_digits + frac_digits);
    }
    let Some(exponent) = exponent else {
        return Ok(());
    };
    let e = exponent.trim();
    let unsigned = e.strip_prefix(['+', '-']).unwrap_or(e);
    // A malformed exponent is left to the parser's own error.
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(());
    }
    let magnitude: u128 = if unsigned.len() > 30 {
        u128::MAX / 4
    } else {
        unsigned.parse().unwrap_or(u128::MAX / 4)
    };
    let (numerator_digits, denominator_digits) = if e.starts_with('-') {
        (int_digits + frac_digits, magnitude + frac_digits)
    } else {
        (
            int_digits + frac_digits + magnitude,
            frac_digits.saturating_sub(magnitude),
        )
    };
    if numerator_digits > limit as u128 || denominator_digits > limit as u128 {
        return Err(format!(
            "the exponent {e} gives a number of more than {limit} digits, above the limit of {limit} digits per number ({raise})"
        ));
    }
    Ok(())
}

/// Check an integer written with `digits` digits in base `radix` (TOML's `0x…`, `0o…`, `0b…`)
/// against [`max_digits`] decimal digits.
pub fn check_radix_digits(digits: usize, radix: u32) -> Result<(), String> {
    let decimal = (digits as f64 * f64::from(radix.max(2)).log10()).ceil() as u128;
    let limit = max_digits();
    if decimal > limit as u128 {
        return Err(format!(
            "the integer has about {decimal} decimal digits, above the limit of {limit} digits per number \
             (raise it with RELUCERT_MAX_DIGITS)"
        ));
    }
    Ok(())
}

/// A text as shown in a message: at most 60 characters, then `…` and the length.
pub fn shorten(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        let head: String = text.chars().take(60).collect();
        format!("{head}… ({} characters)", text.chars().count())
    }
}

/// Which limit a file is read under.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// An instance (TOML), CSV or point file: [`max_input_bytes`].
    Input,
    /// A certificate: [`max_certificate_bytes`].
    Certificate,
}

impl FileKind {
    /// The limit in bytes and the variable that raises it (in MiB).
    pub fn limit(self) -> (u64, &'static str) {
        match self {
            FileKind::Input => (max_input_bytes(), "RELUCERT_MAX_INPUT_MB"),
            FileKind::Certificate => (max_certificate_bytes(), "RELUCERT_MAX_CERT_MB"),
        }
    }
}

/// Why a file could not be read: the one-line message names the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// The file is above its size limit (refused before reading).
    TooLarge(String),
    /// Not readable, not a regular file, or not UTF-8.
    Unreadable(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::TooLarge(m) | ReadError::Unreadable(m) => write!(f, "{m}"),
        }
    }
}

/// Read a whole UTF-8 text file, refusing it before reading when it is larger than the limit
/// of its kind. The read itself stops one byte past the limit, so a file that grows while it
/// is read (or a FIFO, or a device such as /dev/zero) cannot take more memory than the limit.
pub fn read_text(path: &Path, kind: FileKind) -> Result<String, ReadError> {
    let (limit, variable) = kind.limit();
    let shown = path.display();
    let unreadable = |e: &dyn std::fmt::Display| {
        ReadError::Unreadable(format!("{shown}: cannot read: {}", one_line(&e.to_string())))
    };
    let too_large = |size: String| {
        ReadError::TooLarge(format!(
            "{shown}: the file is {size}, above the limit of {} MiB for {} files (raise it with {variable})",
            limit >> 20,
            match kind {
                FileKind::Input => "input",
                FileKind::Certificate => "certificate",
            }
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| unreadable(&e))?;
    if meta.is_dir() {
        return Err(ReadError::Unreadable(format!(
            "{shown}: cannot read: it is a directory"
        )));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(too_large(format!("{} bytes", meta.len())));
    }
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    // Sized once from the metadata (at most the limit, checked above): no regrowth and copy.
    let mut bytes = Vec::with_capacity(if meta.is_file() {
        meta.len() as usize + 1
    } else {
        0
    });
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large("larger than the limit".into()));
    }
    String::from_utf8(bytes).map_err(|e| {
        ReadError::Unreadable(format!(
            "{shown}: cannot read: not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

fn one_line(text: &str) -> String {
    text.replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_within_the_limit_pass() {
        for ok in [
            "1",
            "-3/4",
            "0.25",
            "-1.5e-3",
            "1e9999",
            "1e-9999",
            "123456789/987654321",
        ] {
            assert!(check_number_text(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn huge_numbers_are_refused_by_their_text() {
        let long = "7".repeat(DEFAULT_MAX_DIGITS + 1);
        for bad in [
            "1e99999".to_string(),
            "-1e-99999".to_string(),
            "1e10001".to_string(),
            "1e999999999999999999999999999999999999".to_string(),
            long.clone(),
            format!("1/{long}"),
            format!("{long}/3"),
            format!("0.{long}"),
            format!("{}e5000", "1".repeat(6000)),
        ] {
            let err = check_number_text(&bad).unwrap_err();
            assert!(err.contains("RELUCERT_MAX_DIGITS"), "{err}");
        }
    }

    #[test]
    fn files_above_the_limit_are_refused_before_reading() {
        let dir = std::env::temp_dir().join(format!("relucert-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.toml");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(DEFAULT_MAX_INPUT_BYTES + 1).unwrap();
        let err = read_text(&path, FileKind::Input).unwrap_err();
        assert!(
            matches!(err, ReadError::TooLarge(ref m) if m.contains("RELUCERT_MAX_INPUT_MB")),
            "{err}"
        );
        let text = read_text(&path, FileKind::Certificate).unwrap();
        assert_eq!(text.len() as u64, DEFAULT_MAX_INPUT_BYTES + 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
