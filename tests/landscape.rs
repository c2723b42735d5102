//! The certificate's `landscape` section (SPEC §7): exact values on SPEC §9 examples, and the
//! checker's `landscape-*` rules rejecting corrupted fields.

use relucert::certificate::Certificate;
use relucert::certificate::landscape::attach_landscape;
use relucert::claims::evidence::certify_full;
use relucert::instance::{Instance, toml_file};

fn fixture(name: &str) -> Instance {
    toml_file::read(std::path::Path::new(&format!(
        "{}/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    )))
    .unwrap()
}

fn certified(name: &str) -> Certificate {
    let cert = certify_full(&fixture(name), 20_000).unwrap();
    let cert = Certificate::from_json(&cert.to_json()).unwrap();
    relucert::checker::check(&cert).unwrap();
    cert
}

/// `(faces, modes) → (dim_r, dim_params, r_unique, units)`.
fn shapes(cert: &Certificate) -> Vec<(String, String, usize, usize, bool, String)> {
    let land = cert.landscape.as_ref().unwrap();
    cert.minima
        .as_ref()
        .unwrap()
        .iter()
        .zip(&land.minima)
        .map(|(f, s)| {
            (
                f.faces.join(","),
                f.modes.clone(),
                s.dim_r,
                s.dim_params,
                s.r_unique,
                s.units.join(","),
            )
        })
        .collect()
}

#[test]
fn liu_fig2_hessian_ranks_and_family_dimensions() {
    // x = (1,0), (0,1), y = (1,1), K = 1 (SPEC §9).
    let cert = certified("liu_fig2.toml");
    let land = cert.landscape.as_ref().unwrap();
    let ranks: Vec<(String, usize, bool)> = cert
        .cells
        .iter()
        .zip(&land.cells)
        .map(|(c, s)| (c.chambers.join(","), s.hessian_rank, s.hessian_positive_definite))
        .collect();
    assert_eq!(
        ranks,
        vec![
            ("++".to_string(), 2, true),
            ("+-".to_string(), 1, false),
            ("-+".to_string(), 1, false),
            ("--".to_string(), 0, false),
        ]
    );
    let s = shapes(&cert);
    // `++`: the unique R* = (1,1); in (z, w) a curve (z, R*/z), z > 0.
    assert!(
        s.contains(&("++".into(), "+".into(), 0, 1, true, "alive".into())),
        "{s:?}"
    );
    // `+-`: a line of minima R = (1, r), r < 0.
    assert!(
        s.contains(&("+-".into(), "+".into(), 1, 2, false, "alive".into())),
        "{s:?}"
    );
    // `--` with z = 0: w anywhere in the open quadrant (2 dimensions), R = 0.
    assert!(
        s.contains(&("--".into(), "0".into(), 0, 2, true, "dead".into())),
        "{s:?}"
    );
}

#[test]
fn decomposition_fig2_boundary_minimum() {
    // x = −2, 2, y = −3, −1: the non-differentiable minima at w = 0, z > 0, loss 5.
    let cert = certified("decomposition_fig2.toml");
    let s = shapes(&cert);
    assert!(
        s.contains(&("00".into(), "+".into(), 0, 1, true, "dead".into())),
        "{s:?}"
    );
}

fn rejected_rule(cert: &Certificate) -> &'static str {
    relucert::checker::check(cert).unwrap_err().rule
}

#[test]
fn corrupted_landscape_is_rejected_with_its_rule() {
    let cert = certified("liu_fig2.toml");
    let mut c = cert.clone();
    c.landscape.as_mut().unwrap().cells[0].hessian_rank = 1;
    assert_eq!(rejected_rule(&c), "landscape-hessian");
    let mut c = cert.clone();
    c.landscape.as_mut().unwrap().cells[1].hessian_positive_definite = true;
    assert_eq!(rejected_rule(&c), "landscape-hessian");
    for j in 0..cert.minima.as_ref().unwrap().len() {
        let mut c = cert.clone();
        c.landscape.as_mut().unwrap().minima[j].dim_r += 1;
        assert_eq!(rejected_rule(&c), "landscape-dimension");
        let mut c = cert.clone();
        c.landscape.as_mut().unwrap().minima[j].dim_params += 1;
        assert_eq!(rejected_rule(&c), "landscape-dimension");
        let mut c = cert.clone();
        let shape = &mut c.landscape.as_mut().unwrap().minima[j];
        shape.r_unique = !shape.r_unique;
        assert_eq!(rejected_rule(&c), "landscape-dimension");
        let mut c = cert.clone();
        let unit = &mut c.landscape.as_mut().unwrap().minima[j].units[0];
        *unit = if unit == "alive" {
            "dead".into()
        } else {
            "alive".into()
        };
        assert_eq!(rejected_rule(&c), "landscape-units");
    }
    let mut c = cert.clone();
    c.landscape.as_mut().unwrap().cells.pop();
    assert_eq!(rejected_rule(&c), "landscape-sections");
    let mut c = cert.clone();
    c.landscape.as_mut().unwrap().minima.pop();
    assert_eq!(rejected_rule(&c), "landscape-sections");
}

#[test]
fn landscape_is_optional_and_recomputable() {
    let mut cert = certified("decomposition_fig3_h1.toml");
    let land = cert.landscape.take().unwrap();
    relucert::checker::check(&cert).unwrap();
    attach_landscape(&mut cert);
    assert_eq!(cert.landscape.as_ref(), Some(&land));
}

/// Solver (face bases) and checker (stacked system) agree on many random small instances.
#[test]
fn solver_and_checker_dimensions_agree_on_random_instances() {
    let ranges = relucert::search::Ranges {
        max_samples: 3,
        max_hidden: 2,
        dim: 2,
        ..Default::default()
    };
    let mut checked = 0;
    for draw in relucert::search::draws(11, ranges).take(60) {
        let Ok(inst) = draw.instance() else { continue };
        let Ok(cert) = certify_full(&inst, 3000) else {
            continue;
        };
        relucert::checker::check(&cert).unwrap_or_else(|e| panic!("{}: {e}", draw.summary()));
        checked += 1;
    }
    assert!(checked >= 50, "{checked}");
}
