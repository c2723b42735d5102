//! `certify` writes relucert/1 while the cells are decided (`certificate::streamed`): the file
//! must be byte for byte the text of the finished certificate as the in-memory route builds it
//! (`json_file::to_json`), with and without least squares and families, on one thread and two;
//! and a run whose text before the records changed after they were written must refuse to put
//! any file in place.

use std::path::Path;

use relucert::cells::Decider;
use relucert::certificate::build::{
    attach_least_squares, attach_report, build, certify_cells, sorted_chambers,
};
use relucert::certificate::json_file;
use relucert::certificate::streamed::StreamedCertificate;
use relucert::families;
use relucert::feasibility::Route;
use relucert::instance::toml_file;

fn instance(name: &str) -> relucert::instance::Instance {
    toml_file::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(name)).unwrap()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("relucert-streamed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// The streamed file against the in-memory certificate of the same run.
fn streamed_equals_in_memory(name: &str, least_squares: bool, with_families: bool, threads: usize) {
    let inst = instance(name);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        // In memory: the cell stage, then least squares and families attached.
        let mut expected = certify_cells(&inst, Route::ExactOnly, false).unwrap();
        // The records copied from kept results (`build`, the Python package's route) are the
        // records moved out of them.
        let (chambers, count) = sorted_chambers(&inst).unwrap();
        let results = relucert::cells::analyse(&inst, &chambers, Route::ExactOnly, false);
        assert_eq!(build(&inst, &chambers, count, &results), expected.certificate);
        if least_squares {
            attach_least_squares(
                &mut expected.certificate,
                &inst,
                &expected.chambers,
                &mut expected.results,
            );
        }
        let plan =
            with_families.then(|| families::Plan::new(&inst, families::faces_of(&inst).unwrap(), true));
        // Streamed: the same stages, the records written as they come.
        let path = scratch(&format!("{name}-{least_squares}-{with_families}-{threads}.json"));
        let (chambers, count) = sorted_chambers(&inst).unwrap();
        let mut file = StreamedCertificate::create(&path, &[]).unwrap();
        let decider = Decider {
            route: Route::ExactOnly,
            solution_set: true,
        };
        let faces = plan.as_ref().map(|p| p.faces.as_slice());
        let mut run = file
            .cells(&inst, chambers, count, decider, least_squares, faces)
            .unwrap();
        if let Some(plan) = plan {
            let report = plan.decide(&inst, Route::ExactOnly, false);
            attach_report(&mut expected.certificate, &inst, &report).unwrap();
            attach_report(&mut run.certificate, &inst, &report).unwrap();
        }
        // The run in memory keeps everything but the refutations' multipliers.
        assert_eq!(run.certificate.cells.len(), expected.certificate.cells.len());
        for (a, b) in run.certificate.cells.iter().zip(&expected.certificate.cells) {
            assert_eq!(a.refutation, None);
            assert_eq!(
                (&a.chambers, &a.loss, a.genuine, &a.witness),
                (&b.chambers, &b.loss, b.genuine, &b.witness)
            );
            assert_eq!(a.least_squares, b.least_squares);
        }
        file.finish(&run.certificate).unwrap();
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, json_file::to_json(&expected.certificate), "{name}");
        std::fs::remove_file(&path).unwrap();
    });
}

#[test]
fn cells_only_on_one_and_two_threads() {
    for name in [
        "random_n10_d3_bias.toml",
        "decomposition_fig3_h2.toml",
        "liu_fig2.toml",
        "fig3_bias.toml",
    ] {
        for threads in [1, 2] {
            streamed_equals_in_memory(name, false, false, threads);
        }
    }
}

#[test]
fn with_least_squares_and_families() {
    for name in ["decomposition_fig3_h2.toml", "liu_fig2.toml", "leaky_fig1.toml"] {
        streamed_equals_in_memory(name, true, true, 2);
        streamed_equals_in_memory(name, false, true, 1);
    }
}

/// Faces attached after the records were written without them: the text before the records
/// changed, so `finish` refuses, and neither the target nor a temporary file is left.
#[test]
fn a_changed_head_is_refused_and_nothing_is_left() {
    let inst = instance("liu_fig2.toml");
    let path = scratch("changed-head.json");
    let _ = std::fs::remove_file(&path);
    let (chambers, count) = sorted_chambers(&inst).unwrap();
    let mut file = StreamedCertificate::create(&path, &[]).unwrap();
    let mut run = file
        .cells(
            &inst,
            chambers,
            count,
            Decider::from(Route::ExactOnly),
            false,
            None,
        )
        .unwrap();
    let report = families::Plan::new(&inst, families::faces_of(&inst).unwrap(), true).decide(
        &inst,
        Route::ExactOnly,
        false,
    );
    attach_report(&mut run.certificate, &inst, &report).unwrap();
    let err = file.finish(&run.certificate).unwrap_err().to_string();
    assert!(err.contains("changed after they were written"), "{err}");
    assert!(!path.exists());
    let dir = path.parent().unwrap();
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("changed-head"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
