//! Regressions of issue 10 ("a checker nobody can fool"): each case is a file an adversary
//! made, committed under `tests/data/`, and the rule that must reject it.

use std::path::Path;
use std::process::Command;

fn data(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

/// The false genericity certificate of issue 10: the valid `rare: true` certificate of
/// `fixtures/rare_balanced.toml` with `rare` set to false, the witness removed, `depth` =
/// 2^64 − 1, `options_per_sample` = 1 and `brute_force_count` = "1". In release builds
/// `depth + 1` wrapped to 0 and the "exhaustive" re-search tried the zero option only, so
/// `check` accepted "generic data" for data that are rare at every depth.
#[test]
fn false_generic_certificate_with_wrapping_depth_is_rejected() {
    let path = data("false_generic_depth_overflow.cert.json");
    let out = Command::new(env!("CARGO_BIN_EXE_relucert"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("rule generic-format at rare_data.depth"),
        "{stdout}"
    );

    // The library says the same, and so do the variants with a depth in range but the other
    // counts still forged.
    let text = std::fs::read_to_string(&path).unwrap();
    let cert = relucert::certificate::genericity::GenericCertificate::from_json(&text).unwrap();
    let err = relucert::checker::genericity::check_generic(&cert).unwrap_err();
    assert!(err.to_string().contains("rare_data.depth"), "{err}");
    for (depth, options, count, field) in [
        (1usize, 1u64, "1", "rare_data.options_per_sample"),
        (1, 3, "1", "rare_data.brute_force_count"),
        (1000, 1, "1", "rare_data.options_per_sample"),
        (1001, 1003, "1", "rare_data.depth"),
        (0, 1, "1", "rare_data.depth"),
        (1, u64::MAX, "1", "rare_data.options_per_sample"),
        (1, 3, "81x", "rare_data.brute_force_count"),
    ] {
        let mut forged = cert.clone();
        let rd = forged.rare_data.as_mut().unwrap();
        rd.depth = depth;
        rd.options_per_sample = options;
        rd.brute_force_count = count.to_string();
        let err = relucert::checker::genericity::check_generic(&forged).unwrap_err();
        assert!(
            err.to_string().contains(field),
            "{depth} {options} {count}: {err}"
        );
    }
    // With the true counts restored, the claim `rare: false` is refuted by the re-search.
    let mut honest_counts = cert.clone();
    let rd = honest_counts.rare_data.as_mut().unwrap();
    rd.depth = 1;
    rd.options_per_sample = 3;
    rd.brute_force_count = "81".into();
    let err = relucert::checker::genericity::check_generic(&honest_counts).unwrap_err();
    assert!(err.to_string().contains("rule rare-exhaustive"), "{err}");
}
