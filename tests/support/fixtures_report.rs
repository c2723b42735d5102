//! The fixtures whose reports reproduce the papers' figures, and helpers to certify and render
//! them with the `relucert` binary (shared by the report tests and the gallery example).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// One figure: a fixture, how to certify it, how to render it.
pub struct Figure {
    /// Stem of `fixtures/<stem>.toml`.
    pub stem: &'static str,
    /// What it reproduces.
    pub caption: &'static str,
    /// Extra `certify` flags.
    pub certify: &'static [&'static str],
    /// Extra `report` flags.
    pub report: &'static [&'static str],
}

/// Every figure of the gallery.
pub const FIGURES: &[Figure] = &[
    Figure {
        stem: "liu_fig2",
        caption: "Liu Fig. 2, y = (1, 1)",
        certify: &[],
        report: &[],
    },
    Figure {
        stem: "liu_fig2_y1m1",
        caption: "Liu Fig. 2, y = (1, −1)",
        certify: &[],
        report: &[],
    },
    Figure {
        stem: "decomposition_fig1",
        caption: "Decomposition paper Fig. 1: six activation regions",
        certify: &[],
        report: &["--half-sum"],
    },
    Figure {
        stem: "decomposition_fig3_h1",
        caption: "Decomposition paper Fig. 3, h = 1",
        certify: &[],
        report: &["--half-sum"],
    },
    Figure {
        stem: "decomposition_fig3_h2",
        caption: "Decomposition paper Fig. 3, h = 2",
        certify: &[],
        report: &["--half-sum"],
    },
    Figure {
        stem: "decomposition_fig3_h3",
        caption: "Decomposition paper Fig. 3, h = 3",
        certify: &["--cells-only"],
        report: &["--half-sum"],
    },
    Figure {
        stem: "decomposition_fig3_h4",
        caption: "Decomposition paper Fig. 3, h = 4",
        certify: &["--cells-only"],
        report: &["--half-sum"],
    },
    Figure {
        stem: "leaky_fig1",
        caption: "A leaky ReLU (α = 1/10) on the Fig. 1 data",
        certify: &[],
        report: &[],
    },
    Figure {
        stem: "fig3_bias",
        caption: "The Fig. 3 data with a hidden bias: d = 3, drawn on the sphere",
        certify: &[],
        report: &[],
    },
    Figure {
        stem: "decomposition_fig2",
        caption: "Decomposition paper Fig. 2 (d = 1: the arrangement is not drawn)",
        certify: &[],
        report: &["--half-sum"],
    },
];

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str]) -> Result<String, String> {
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .args(args)
        .current_dir(root())
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "relucert {}: exit {:?}: {}{}",
            args.join(" "),
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Certify the figure's fixture into `dir`; returns the certificate's path.
pub fn certify(fig: &Figure, dir: &Path) -> PathBuf {
    let cert = dir.join(format!("{}.cert.json", fig.stem));
    let fixture = format!("fixtures/{}.toml", fig.stem);
    let mut args = vec![
        "certify",
        fixture.as_str(),
        "-o",
        cert.to_str().expect("utf-8 path"),
    ];
    args.extend(fig.certify);
    run(&args).expect("certify");
    cert
}

/// Render the report of `cert` into `dir`; returns the page's path.
pub fn report(fig: &Figure, cert: &Path, dir: &Path) -> PathBuf {
    let html = dir.join(format!("{}.html", fig.stem));
    let mut args = vec![
        "report",
        cert.to_str().expect("utf-8 path"),
        "-o",
        html.to_str().expect("utf-8 path"),
        "--title",
        fig.caption,
    ];
    args.extend(fig.report);
    run(&args).expect("report");
    html
}

/// Run `relucert` with `args` (exit 0 expected); its standard output.
pub fn relucert(args: &[&str]) -> String {
    run(args).expect("relucert")
}
