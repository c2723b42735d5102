//! Writing a shrunk counterexample: the instance (TOML), its certificate, the witness point
//! (a point file for `relucert point`), the certificate with `K − 1` units when the claim
//! compares widths, and a short Markdown explanation with the exact numbers. Every file is
//! written atomically.

use std::path::{Path, PathBuf};

use relucert_exact::format_q;
use relucert_format::family::PointRecord;

use super::Counterexample;
use super::draw::toml_number;
use crate::certificate::WriteCertificate;
use crate::claims::Claim;
use crate::error::Result;

/// The files of a written counterexample.
#[derive(Clone, Debug, PartialEq)]
pub struct Written {
    /// `instance.toml`.
    pub instance: PathBuf,
    /// `certificate.cert.json`.
    pub certificate: PathBuf,
    /// `witness.toml`, when the refutation has a witness point.
    pub witness: Option<PathBuf>,
    /// `smaller.cert.json`, the same data with `K − 1` units.
    pub smaller: Option<PathBuf>,
    /// `explanation.md`.
    pub explanation: PathBuf,
}

/// The point-file text of a point.
pub fn point_toml(p: &PointRecord) -> String {
    let list = |v: &[relucert_exact::Q]| v.iter().map(toml_number).collect::<Vec<_>>().join(", ");
    let mut out = format!("z = [{}]\n", list(&p.z));
    out.push_str(&format!(
        "w = [{}]\n",
        p.w.iter()
            .map(|r| format!("[{}]", list(r)))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    if let Some(c) = &p.c {
        out.push_str(&format!("c = {}\n", toml_number(c)));
    }
    out
}

/// The Markdown explanation.
pub fn explanation(claim: &Claim, cx: &Counterexample, seed: u64) -> String {
    let cert = &cx.evidence.certificate;
    let mut out = format!("# Counterexample to `{}`\n\n", claim.id);
    out.push_str(&format!("**Source:** {}\n\n", claim.source));
    out.push_str(&format!("**Claim:** {}\n\n", claim.statement));
    out.push_str(&format!("**Predicate:** {}\n\n", claim.predicate));
    out.push_str(&format!(
        "**Found** from seed {seed} as {} and shrunk in {} steps to\n\n    {}\n\n",
        cx.found.summary(),
        cx.steps,
        cx.draw.summary()
    ));
    out.push_str(&format!("**Why it fails:** {}.\n\n", cx.refutation.summary));
    for line in &cx.refutation.details {
        out.push_str(&format!("- {line}\n"));
    }
    let s = &cert.summary;
    out.push_str(&format!(
        "\n**Verdict of the certificate:** {} chambers, {} cell combinations ({} genuine), {} families of local \
         minima, global minimum {}, {} spurious families ({}).\n",
        s.chambers,
        s.cells,
        s.genuine,
        cert.minima.as_ref().map_or(0, Vec::len),
        s.global_min.as_ref().map_or("none".into(), format_q),
        s.spurious.unwrap_or(0),
        s.verdict.as_deref().unwrap_or("no verdict")
    ));
    let losses: Vec<String> = {
        let mut l: Vec<_> = cert.minima.iter().flatten().map(|f| f.loss.clone()).collect();
        l.sort();
        l.dedup();
        l.iter().map(format_q).collect()
    };
    out.push_str(&format!("Local-minimum losses: {}.\n\n", losses.join(", ")));
    out.push_str("**Re-check:**\n\n");
    out.push_str("    relucert check certificate.cert.json\n");
    if cx.refutation.witness.is_some() {
        out.push_str("    relucert point instance.toml witness.toml\n");
    }
    if cx.evidence.smaller.is_some() {
        out.push_str("    relucert check smaller.cert.json\n");
    }
    out
}

/// Write the counterexample's files into `dir` (created if missing).
pub fn write(dir: &Path, claim: &Claim, cx: &Counterexample, seed: u64) -> Result<Written> {
    std::fs::create_dir_all(dir).map_err(|e| {
        crate::error::Error::Output(format!("{}: cannot create the directory ({e})", dir.display()))
    })?;
    let instance = dir.join("instance.toml");
    let certificate = dir.join("certificate.cert.json");
    let explanation_path = dir.join("explanation.md");
    let name = format!("counterexample to {} (seed {seed})", claim.id);
    crate::atomic_file::write(&instance, cx.draw.toml(&name).as_bytes())?;
    cx.evidence.certificate.write(&certificate)?;
    let witness = match &cx.refutation.witness {
        Some(p) => {
            let path = dir.join("witness.toml");
            crate::atomic_file::write(&path, point_toml(p).as_bytes())?;
            Some(path)
        }
        None => None,
    };
    let smaller = match &cx.evidence.smaller {
        Some(c) => {
            let path = dir.join("smaller.cert.json");
            c.write(&path)?;
            Some(path)
        }
        None => None,
    };
    crate::atomic_file::write(&explanation_path, explanation(claim, cx, seed).as_bytes())?;
    Ok(Written {
        instance,
        certificate,
        witness,
        smaller,
        explanation: explanation_path,
    })
}
