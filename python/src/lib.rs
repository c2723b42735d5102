//! `relucert._native`: the Rust library behind the Python package `relucert` (issue #12).
//!
//! Everything mathematical is the workspace crates' code: instances are validated by
//! `Instance::new`, certificates built by the solver's stages (`run`), checked by
//! `relucert-check`, written atomically by `atomic_file`. Numbers cross the boundary as exact
//! text (`format_q`/`parse_q`) or, for floats, under an explicit [`FloatPolicy`]; certificates
//! and reports cross as the JSON the command line writes. The Python side (`relucert/`) turns
//! them into `Fraction`s and typed records.

mod run;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyKeyboardInterrupt, PyOSError, PyRuntimeError, PyRuntimeWarning};
use pyo3::prelude::*;

use relucert::certificate::genericity::{GENERIC_FORMAT, GenericCertificate};
use relucert::certificate::{Certificate, WriteCertificate, json_file};
use relucert::checker::genericity::{GenericFailure, check_generic};
use relucert::error::Error;
use relucert::exact::{Q, format_q, parse_q};
use relucert::feasibility::Route;
use relucert::instance::float_policy::{FloatPolicy, float_value, text_value};
use relucert::instance::{Instance, NetworkSettings};
use relucert::model::Point;

create_exception!(
    relucert,
    RelucertError,
    PyException,
    "Base class of relucert's errors."
);
create_exception!(
    relucert,
    InputError,
    RelucertError,
    "Bad input: the message names the field (or file and line) and what was expected."
);
create_exception!(
    relucert,
    LimitError,
    RelucertError,
    "A well-formed request refused, e.g. a search above the limits (force=True goes on)."
);
create_exception!(
    relucert,
    CertificateRejected,
    RelucertError,
    "The independent checker rejected a certificate; .rule, .location and .detail say why."
);

/// The CLI's error as a Python exception, with the CLI's message (without its `error: ` or
/// `refused: ` prefix).
fn to_py(e: Error) -> PyErr {
    match e {
        Error::Input(m) => InputError::new_err(m),
        Error::Refused(m) => LimitError::new_err(m),
        Error::Output(m) => PyOSError::new_err(m),
    }
}

fn policy(name: &str) -> PyResult<FloatPolicy> {
    FloatPolicy::from_name(name).ok_or_else(|| {
        InputError::new_err(format!(
            "exact: expected \"reject\", \"decimal\" or \"binary\", found \"{name}\""
        ))
    })
}

fn how(p: FloatPolicy) -> String {
    format!("exact=\"{}\"", p.name())
}

/// A number from Python: exact text (the Python side writes ints and Fractions as `p/q`) or a
/// float, read under the policy.
#[derive(FromPyObject)]
enum Num {
    Text(String),
    Float(f64),
}

impl Num {
    fn value(&self, key: &str, floats: FloatPolicy) -> PyResult<Q> {
        match self {
            Num::Text(t) => parse_q(t),
            Num::Float(f) => float_value(*f, floats, &how),
        }
        .map_err(|m| InputError::new_err(format!("{key}: {m}")))
    }
}

/// A validated instance (samples after bias augmentation).
#[pyclass(module = "relucert._native", frozen)]
struct NativeInstance {
    inner: Instance,
}

fn texts(v: &[Q]) -> Vec<String> {
    v.iter().map(format_q).collect()
}

#[pymethods]
impl NativeInstance {
    #[new]
    #[pyo3(signature = (x, y, hidden, bias = false, alpha = None, output_bias = false, weights = None, exact = "reject"))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        x: Vec<Vec<Num>>,
        y: Vec<Num>,
        hidden: usize,
        bias: bool,
        alpha: Option<Num>,
        output_bias: bool,
        weights: Option<Vec<Num>>,
        exact: &str,
    ) -> PyResult<Self> {
        let floats = policy(exact)?;
        let mut raw_x = Vec::with_capacity(x.len());
        for (i, row) in x.iter().enumerate() {
            let mut r = Vec::with_capacity(row.len());
            for (j, v) in row.iter().enumerate() {
                r.push(v.value(&format!("x[{i}][{j}]"), floats)?);
            }
            raw_x.push(r);
        }
        let y = y
            .iter()
            .enumerate()
            .map(|(i, v)| v.value(&format!("y[{i}]"), floats))
            .collect::<PyResult<Vec<Q>>>()?;
        let alpha = match alpha {
            Some(a) => a.value("alpha", floats)?,
            None => Q::from_integer(0.into()),
        };
        let weights = match weights {
            Some(w) => Some(
                w.iter()
                    .enumerate()
                    .map(|(i, v)| v.value(&format!("weights[{i}]"), floats))
                    .collect::<PyResult<Vec<Q>>>()?,
            ),
            None => None,
        };
        let settings = NetworkSettings {
            hidden,
            bias,
            alpha,
            output_bias,
        };
        let inner = Instance::new(raw_x, y, &settings, weights).map_err(InputError::new_err)?;
        Ok(NativeInstance { inner })
    }

    /// The samples after bias augmentation, as exact text.
    #[getter]
    fn x(&self) -> Vec<Vec<String>> {
        self.inner.x.iter().map(|r| texts(r)).collect()
    }

    #[getter]
    fn y(&self) -> Vec<String> {
        texts(&self.inner.y)
    }

    #[getter]
    fn hidden(&self) -> usize {
        self.inner.hidden
    }

    #[getter]
    fn bias(&self) -> bool {
        self.inner.bias
    }

    #[getter]
    fn alpha(&self) -> String {
        format_q(&self.inner.alpha)
    }

    #[getter]
    fn output_bias(&self) -> bool {
        self.inner.output_bias
    }

    #[getter]
    fn weights(&self) -> Option<Vec<String>> {
        self.inner.weights.as_deref().map(texts)
    }
}

/// Read an instance from a CSV file like `relucert --csv FILE` (`floats` as `--floats`).
#[pyfunction]
#[pyo3(signature = (path, hidden, label = None, bias = false, alpha = "0", output_bias = false, floats = "reject"))]
fn read_csv(
    path: PathBuf,
    hidden: usize,
    label: Option<&str>,
    bias: bool,
    alpha: &str,
    output_bias: bool,
    floats: &str,
) -> PyResult<NativeInstance> {
    let floats = FloatPolicy::from_name(floats).ok_or_else(|| {
        InputError::new_err(format!(
            "floats: expected \"reject\", \"decimal\" or \"binary\", found \"{floats}\""
        ))
    })?;
    let alpha =
        parse_q(alpha).map_err(|e| InputError::new_err(format!("{}: --alpha: {e}", path.display())))?;
    let settings = NetworkSettings {
        hidden,
        bias,
        alpha,
        output_bias,
    };
    relucert::instance::csv_file::read_with_floats(&path, label, &settings, floats)
        .map(|inner| NativeInstance { inner })
        .map_err(to_py)
}

/// Read an instance from a TOML file (`docs/instance-format.md`).
#[pyfunction]
fn read_toml(path: PathBuf) -> PyResult<NativeInstance> {
    relucert::instance::toml_file::read(&path)
        .map(|inner| NativeInstance { inner })
        .map_err(to_py)
}

/// Decimal text of a float under a policy (for the Python side's own use, e.g. pandas cells):
/// the exact rational as `p/q` text.
#[pyfunction]
#[pyo3(signature = (value, exact, key = "value"))]
fn float_text(value: f64, exact: &str, key: &str) -> PyResult<String> {
    let q =
        float_value(value, policy(exact)?, &how).map_err(|m| InputError::new_err(format!("{key}: {m}")))?;
    Ok(format_q(&q))
}

/// A number cell of a text file under a policy, as exact text.
#[pyfunction]
#[pyo3(signature = (text, exact, key = "value"))]
fn cell_text(text: &str, exact: &str, key: &str) -> PyResult<String> {
    let q = text_value(text, policy(exact)?, &how).map_err(|m| InputError::new_err(format!("{key}: {m}")))?;
    Ok(format_q(&q))
}

/// Certify like `relucert certify`: returns the certificate's JSON text (`relucert/1`), and the
/// reason the families were skipped, if they were. The work runs on its own threads with the GIL
/// released; `progress(stage, done, total)` is called about ten times a second; Ctrl-C (or an
/// exception from `progress`) stops the run and raises, writing nothing.
#[pyfunction]
#[pyo3(signature = (instance, *, exact_only = false, cells_only = false, force = false, least_squares = false, jobs = None, progress = None, output = None))]
#[allow(clippy::too_many_arguments)]
fn certify(
    py: Python<'_>,
    instance: &NativeInstance,
    exact_only: bool,
    cells_only: bool,
    force: bool,
    least_squares: bool,
    jobs: Option<usize>,
    progress: Option<Py<PyAny>>,
    output: Option<PathBuf>,
) -> PyResult<String> {
    let inst = instance.inner.clone();
    if let Some(path) = &output {
        relucert::atomic_file::check_writable(path).map_err(to_py)?;
    }
    relucert::cli::certify::check_cell_budget(&inst, force, relucert::cli::cost::DEFAULT_BUDGET_SECONDS)
        .map_err(to_py)?;
    let mut families = !cells_only;
    if families {
        let (_, total) = relucert::families::size(&inst);
        let limit = relucert::families::DEFAULT_LIMIT;
        if total > limit && !force {
            // As the command line: the families are refused, the cells still certified.
            let message = format!(
                "{total} face/mode combinations exceed the limit {limit}; the families are not enumerated \
                 and the certificate covers the cell combinations only (use force=True to enumerate them anyway)"
            );
            let text = std::ffi::CString::new(message).unwrap_or_default();
            PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &text, 1)?;
            families = false;
        }
    }
    let options = run::Options {
        route: if exact_only {
            Route::ExactOnly
        } else {
            Route::FloatFirst
        },
        families,
        least_squares,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {jobs:?} threads: {e}")))?;
    let watch = Arc::new(run::Watch::default());
    let (send, receive) = mpsc::channel();
    // A `Receiver` is not `Sync`; the mutex lets the GIL-free closures borrow it.
    let receive = std::sync::Mutex::new(receive);
    let worker = {
        let watch = Arc::clone(&watch);
        std::thread::spawn(move || {
            let result = pool.install(|| run::certify(&inst, options, &watch));
            let _ = send.send(result);
        })
    };
    let stop = |py: Python<'_>, err: PyErr| -> PyResult<String> {
        watch.cancel();
        py.detach(|| {
            let _ = worker_join(&receive);
        });
        Err(err)
    };
    let result = loop {
        let received = py.detach(|| match receive.lock() {
            Ok(r) => r.recv_timeout(Duration::from_millis(100)),
            Err(_) => Err(mpsc::RecvTimeoutError::Disconnected),
        });
        if let Err(e) = py.check_signals() {
            return stop(py, e);
        }
        if let Some(callback) = &progress {
            let (stage, done, total) = watch.progress();
            if !stage.is_empty()
                && let Err(e) = callback.call1(py, (stage, done, total))
            {
                return stop(py, e);
            }
        }
        match received {
            Ok(result) => break result,
            Err(mpsc::RecvTimeoutError::Timeout) => continue,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(PyRuntimeError::new_err(
                    "internal error: the certification thread stopped",
                ));
            }
        }
    };
    let _ = worker.join();
    match result {
        Ok(Some(cert)) => {
            if let Some(path) = &output {
                relucert::certificate::convert::write_as(&cert, path).map_err(to_py)?;
            }
            Ok(cert.to_json())
        }
        Ok(None) => Err(PyKeyboardInterrupt::new_err("certification cancelled")),
        Err(e) => Err(to_py(e)),
    }
}

/// Wait for the worker's result after a cancel (it stops at the next item).
fn worker_join<T>(receive: &std::sync::Mutex<mpsc::Receiver<T>>) -> Option<T> {
    receive.lock().ok()?.recv().ok()
}

fn reject(py: Python<'_>, rejection: &relucert::checker::Rejection) -> PyErr {
    let err = CertificateRejected::new_err(rejection.to_string());
    let value = err.value(py);
    let _ = value.setattr("rule", rejection.rule);
    let _ = value.setattr("location", rejection.location.clone());
    let _ = value.setattr("detail", rejection.detail.clone());
    err
}

/// Check a certificate's JSON text with the independent checker (`relucert check`): the report
/// (`accepted: …`) or `CertificateRejected` naming the rule; `InputError` when unreadable.
#[pyfunction]
#[pyo3(signature = (text, origin = "certificate"))]
fn check(py: Python<'_>, text: &str, origin: &str) -> PyResult<String> {
    let path = std::path::Path::new(origin);
    #[derive(serde::Deserialize)]
    struct Head {
        format: Option<serde_json::Value>,
    }
    let head: Head = json_file::parse(text, path).map_err(|e| InputError::new_err(e.0))?;
    if matches!(&head.format, Some(serde_json::Value::String(f)) if f == GENERIC_FORMAT) {
        let cert: GenericCertificate = json_file::parse(text, path).map_err(|e| InputError::new_err(e.0))?;
        return match py.detach(|| check_generic(&cert)) {
            Ok(report) => Ok(report.to_string()),
            Err(GenericFailure::Rejected(r)) => Err(reject(py, &r)),
            Err(GenericFailure::Refused(why)) => Err(LimitError::new_err(format!("{origin}: {why}"))),
        };
    }
    let cert: Certificate = json_file::parse(text, path).map_err(|e| InputError::new_err(e.0))?;
    match py.detach(|| relucert::checker::check(&cert)) {
        Ok(report) => Ok(report.to_string()),
        Err(r) => Err(reject(py, &r)),
    }
}

/// A minima certificate file as `relucert/1` JSON text: a `relucert/1` document, or a whole
/// `relucert/2` stream (plain or gzip) rewritten record for record (`relucert convert`).
/// Malformed files raise `InputError` here.
#[pyfunction]
fn load(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    let cert = py
        .detach(|| relucert::certificate::convert::read_any(&path))
        .map_err(to_py)?;
    Ok(json_file::to_json(&cert))
}

/// Write a certificate atomically (never a half-written file) in the format the name asks
/// for: `relucert/2` for `.jsonl` and `.jsonl.gz` (gzip), `relucert/1` JSON otherwise.
#[pyfunction]
fn save(py: Python<'_>, text: &str, path: PathBuf) -> PyResult<()> {
    let cert: Certificate = json_file::parse(text, &path).map_err(|e| InputError::new_err(e.0))?;
    py.detach(|| relucert::certificate::convert::write_as(&cert, &path))
        .map_err(to_py)
}

/// The certificate's pictures (arrangement, histogram of subglobal losses, loss along the
/// circle) as HTML `<figure>` elements with inline SVG, for `_repr_html_`; `half_sum` draws
/// losses as ½Σ eᵢ².
#[pyfunction]
#[pyo3(signature = (text, half_sum = false))]
fn figures_html(py: Python<'_>, text: &str, half_sum: bool) -> PyResult<String> {
    let cert: Certificate =
        json_file::parse(text, std::path::Path::new("certificate")).map_err(|e| InputError::new_err(e.0))?;
    let opts = report_options(half_sum, None);
    py.detach(|| relucert::report::page::figures(&cert, &opts))
        .map_err(InputError::new_err)
}

/// The self-contained HTML report of `relucert report` (the checker runs while it is written).
#[pyfunction]
#[pyo3(signature = (text, source, half_sum = false, title = None))]
fn report_html(
    py: Python<'_>,
    text: &str,
    source: &str,
    half_sum: bool,
    title: Option<String>,
) -> PyResult<(String, bool)> {
    let cert: Certificate =
        json_file::parse(text, std::path::Path::new(source)).map_err(|e| InputError::new_err(e.0))?;
    let opts = report_options(half_sum, title);
    let rendered = py
        .detach(|| relucert::report::page::render(&cert, source, &opts))
        .map_err(InputError::new_err)?;
    Ok((rendered.html, rendered.accepted))
}

fn report_options(half_sum: bool, title: Option<String>) -> relucert::report::page::Options {
    relucert::report::page::Options {
        title,
        normalisation: if half_sum {
            relucert::report::landscape::Normalisation::HalfSum
        } else {
            relucert::report::landscape::Normalisation::Mean
        },
        ..Default::default()
    }
}

/// Check a certificate file like `relucert check`: a `relucert/2` stream (plain or gzip) with
/// the streaming checker, any other file by its text ([`check`]).
#[pyfunction]
fn check_file(py: Python<'_>, path: PathBuf) -> PyResult<String> {
    use relucert::checker::stream::{StreamFailure, check_stream};
    use relucert_format::v2::{Detected, Reader, detect};
    let input = |e: relucert_format::error::FormatError| InputError::new_err(e.0);
    if detect(&path).map_err(input)? == Detected::Document {
        let text = json_file::read_text(&path).map_err(input)?;
        return check(py, &text, &path.to_string_lossy());
    }
    let reader = Reader::open(&path).map_err(input)?;
    match py.detach(|| check_stream(reader)) {
        Ok(r) => Ok(r.report.to_string()),
        Err(StreamFailure::Rejected(rejection)) => Err(reject(py, &rejection)),
        Err(StreamFailure::Format(e)) => Err(input(e)),
    }
}

fn numbers(key: &str, v: &[Num]) -> PyResult<Vec<Q>> {
    v.iter()
        .enumerate()
        .map(|(i, n)| n.value(&format!("{key}[{i}]"), FloatPolicy::Reject))
        .collect()
}

/// Classify one point exactly (`relucert point --json`): the JSON report.
#[pyfunction]
#[pyo3(signature = (instance, z, w, c = None, exact_only = false))]
fn classify_point(
    py: Python<'_>,
    instance: &NativeInstance,
    z: Vec<Num>,
    w: Vec<Vec<Num>>,
    c: Option<Num>,
    exact_only: bool,
) -> PyResult<String> {
    let z = numbers("z", &z)?;
    let w = w
        .iter()
        .enumerate()
        .map(|(k, row)| numbers(&format!("w[{k}]"), row))
        .collect::<PyResult<Vec<_>>>()?;
    let c = match c {
        Some(c) => c.value("c", FloatPolicy::Reject)?,
        None => Q::from_integer(0.into()),
    };
    let route = if exact_only {
        Route::ExactOnly
    } else {
        Route::FloatFirst
    };
    let inst = &instance.inner;
    let point = Point { z, w, c };
    let classification = py
        .detach(|| relucert::point::classify(inst, &point, route))
        .map_err(to_py)?;
    Ok(relucert::cli::point::to_json(&classification).to_string())
}

/// The chambers (and faces) of the data arrangement (`relucert arrangement --json`).
#[pyfunction]
#[pyo3(signature = (instance, faces = false))]
fn arrangement(py: Python<'_>, instance: &NativeInstance, faces: bool) -> PyResult<String> {
    let x = &instance.inner.x;
    let a = py
        .detach(|| relucert::arrangement::Arrangement::compute(x, faces))
        .map_err(to_py)?;
    if !a.is_complete() {
        return Err(LimitError::new_err(format!(
            "internal error, the arrangement could not be proved complete: {}",
            a.problems.join("; ")
        )));
    }
    Ok(relucert::cli::arrangement::json_text(&a))
}

/// General position and, with `rare`, the rare-data check (`relucert generic --json`); with
/// `output`, also the `relucert-generic/1` certificate, written atomically.
#[pyfunction]
#[pyo3(signature = (instance, rare = false, depth = 1, output = None))]
fn generic(
    py: Python<'_>,
    instance: &NativeInstance,
    rare: bool,
    depth: usize,
    output: Option<PathBuf>,
) -> PyResult<String> {
    use relucert::generic::{RareProblem, build_certificate, decide_rare, general_position};
    if depth == 0 {
        return Err(InputError::new_err("depth: expected an integer ≥ 1, found 0"));
    }
    if let Some(path) = &output {
        GenericCertificate::check_writable(path).map_err(to_py)?;
    }
    let inst = &instance.inner;
    py.detach(|| {
        let gp = general_position(&inst.x)?;
        let chambers = relucert::cli::generic::compare_chambers(inst);
        let rare = if rare {
            let problem = RareProblem::from_instance(inst, depth)?;
            let search = decide_rare(&problem)?;
            Some((problem, search))
        } else {
            None
        };
        if let Some(path) = &output {
            build_certificate(inst, &gp, rare.as_ref().map(|(p, s)| (p, s))).write(path)?;
        }
        Ok(relucert::cli::generic::json_report(&gp, &chambers, rare.as_ref()).to_string())
    })
    .map_err(to_py)
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("RelucertError", py.get_type::<RelucertError>())?;
    m.add("InputError", py.get_type::<InputError>())?;
    m.add("LimitError", py.get_type::<LimitError>())?;
    m.add("CertificateRejected", py.get_type::<CertificateRejected>())?;
    m.add("CERTIFICATE_FORMAT", relucert::certificate::FORMAT)?;
    m.add_class::<NativeInstance>()?;
    m.add_function(wrap_pyfunction!(read_csv, m)?)?;
    m.add_function(wrap_pyfunction!(read_toml, m)?)?;
    m.add_function(wrap_pyfunction!(float_text, m)?)?;
    m.add_function(wrap_pyfunction!(cell_text, m)?)?;
    m.add_function(wrap_pyfunction!(certify, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(save, m)?)?;
    m.add_function(wrap_pyfunction!(check_file, m)?)?;
    m.add_function(wrap_pyfunction!(figures_html, m)?)?;
    m.add_function(wrap_pyfunction!(report_html, m)?)?;
    m.add_function(wrap_pyfunction!(classify_point, m)?)?;
    m.add_function(wrap_pyfunction!(arrangement, m)?)?;
    m.add_function(wrap_pyfunction!(generic, m)?)?;
    Ok(())
}
