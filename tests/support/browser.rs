//! Headless Chromium driven through the DevTools protocol (`headless_chrome`), for the tests of
//! `relucert report` and for making the gallery's screenshots. Chromium runs with
//! `--headless --no-sandbox --disable-gpu --disable-background-networking
//! --disable-component-update --disable-sync --no-first-run` and a fresh user-data directory.
//!
//! Console errors are collected from the `Log` domain (resource and security errors, e.g. a
//! Content-Security-Policy violation), `Runtime.exceptionThrown` and `console.error`.

#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use headless_chrome::protocol::cdp::Page;
use headless_chrome::protocol::cdp::Page::CaptureScreenshotFormatOption;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::{Browser, LaunchOptions};

/// The Chromium binary: `$RELUCERT_CHROMIUM`, else the first of `chromium`,
/// `chromium-browser`, `google-chrome` on the `PATH`.
pub fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("RELUCERT_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        for dir in std::env::split_paths(&path) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Some(candidate);
            }
        }
    }
    None
}

/// A started browser with its own profile directory.
pub struct Chromium {
    browser: Browser,
    _profile: tempfile::TempDir,
}

/// What a page showed.
pub struct PageResult {
    /// The value returned by the probe script (a JSON text, parsed).
    pub probe: serde_json::Value,
    /// Console errors, exceptions and `Log` errors seen while loading.
    pub errors: Vec<String>,
    /// A full-page PNG screenshot.
    pub screenshot: Vec<u8>,
    /// PNG screenshots of the requested elements, in order.
    pub elements: Vec<Vec<u8>>,
}

impl Chromium {
    /// Start Chromium at `path`.
    pub fn start(path: &Path) -> Result<Chromium, String> {
        Self::start_sized(path, (1200, 900))
    }

    /// Start Chromium at `path` with a window of `size` pixels.
    pub fn start_sized(path: &Path, size: (u32, u32)) -> Result<Chromium, String> {
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let args: Vec<&OsStr> = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
        ]
        .iter()
        .map(OsStr::new)
        .collect();
        let options = LaunchOptions::default_builder()
            .path(Some(path.to_path_buf()))
            .headless(true)
            .sandbox(false)
            .window_size(Some(size))
            .user_data_dir(Some(profile.path().to_path_buf()))
            .idle_browser_timeout(Duration::from_secs(120))
            .args(args)
            .build()
            .map_err(|e| e.to_string())?;
        let browser = Browser::new(options).map_err(|e| format!("cannot start {}: {e}", path.display()))?;
        Ok(Chromium {
            browser,
            _profile: profile,
        })
    }

    /// Load `html`, run `probe` (a JavaScript expression returning a JSON string), take a
    /// full-page screenshot and screenshots of the elements matching `selectors`.
    pub fn open(&self, html: &Path, probe: &str, selectors: &[&str]) -> Result<PageResult, String> {
        let tab = self.browser.new_tab().map_err(err_text)?;
        tab.set_default_timeout(Duration::from_secs(60));
        let errors = Arc::new(Mutex::new(Vec::new()));
        let sink = errors.clone();
        tab.enable_log().map_err(err_text)?;
        tab.enable_runtime().map_err(err_text)?;
        tab.add_event_listener(Arc::new(move |event: &Event| {
            let message = match event {
                Event::LogEntryAdded(entry) => {
                    let entry = &entry.params.entry;
                    (format!("{:?}", entry.level) == "Error").then(|| format!("log: {}", entry.text))
                }
                Event::RuntimeExceptionThrown(ex) => {
                    Some(format!("exception: {}", ex.params.exception_details.text))
                }
                Event::RuntimeConsoleAPICalled(call) => {
                    (format!("{:?}", call.params.Type) == "Error").then(|| {
                        format!(
                            "console.error: {:?}",
                            call.params.args.first().and_then(|a| a.value.clone())
                        )
                    })
                }
                _ => None,
            };
            if let Some(m) = message {
                sink.lock().expect("error list").push(m);
            }
        }))
        .map_err(err_text)?;
        let url = format!(
            "file://{}",
            html.canonicalize().map_err(|x| x.to_string())?.display()
        );
        tab.navigate_to(&url)
            .and_then(|t| t.wait_until_navigated())
            .map_err(err_text)?;
        let value = tab.evaluate(probe, false).map_err(err_text)?;
        let text = value
            .value
            .and_then(|v| v.as_str().map(str::to_string))
            .ok_or("the probe script returned no string")?;
        let probe = serde_json::from_str(&text).map_err(|x| x.to_string())?;
        let mut elements = Vec::new();
        for selector in selectors {
            // The element's box in page coordinates; the window is tall enough that it is
            // inside the viewport (element screenshots beyond the viewport come out blank).
            let rect = tab
                .evaluate(
                    &format!(
                        "JSON.stringify((() => {{ const r = document.querySelector({selector:?}).getBoundingClientRect(); \
                         return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; }})())"
                    ),
                    false,
                )
                .map_err(err_text)?;
            let rect: Vec<f64> = rect
                .value
                .and_then(|v| v.as_str().and_then(|t| serde_json::from_str(t).ok()))
                .ok_or_else(|| format!("no element {selector}"))?;
            let clip = Page::Viewport {
                x: rect[0],
                y: rect[1],
                width: rect[2],
                height: rect[3],
                scale: 1.0,
            };
            elements.push(
                tab.capture_screenshot(CaptureScreenshotFormatOption::Png, None, Some(clip), true)
                    .map_err(err_text)?,
            );
        }
        let screenshot = tab
            .capture_screenshot(CaptureScreenshotFormatOption::Png, None, None, true)
            .map_err(err_text)?;
        // Give late console messages a moment, then close.
        std::thread::sleep(Duration::from_millis(200));
        let _ = tab.close(true);
        let errors = errors.lock().expect("error list").clone();
        Ok(PageResult {
            probe,
            errors,
            screenshot,
            elements,
        })
    }
}

/// Any error as its text.
fn err_text<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The probe every report test runs: counts of the elements that matter, read in the page.
pub const PROBE: &str = r##"(() => {
  const fig = document.getElementById('arrangement-figure');
  const texts = (root) => root ? Array.from(root.querySelectorAll('svg text')).map(t => t.textContent.trim()) : [];
  const rows = Array.from(document.querySelectorAll('#histogram-table tr')).slice(1)
    .map(r => Array.from(r.cells).map(c => c.textContent.trim()));
  const hist = document.getElementById('histogram-figure');
  return JSON.stringify({
    title: document.title,
    dim: fig ? Number(fig.dataset.dim) : null,
    chambers_attr: fig ? Number(fig.dataset.chambers) : null,
    arrangement_polygons: fig ? fig.querySelectorAll('svg polygon').length : 0,
    arrangement_texts: texts(fig),
    not_drawn: document.getElementById('arrangement-not-drawn') !== null,
    genuine_bars: document.querySelectorAll('#histogram-figure svg rect[fill="#2E7D32"]').length,
    not_genuine_bars: document.querySelectorAll('#histogram-figure svg rect[fill="#B0BEC5"]').length,
    bars_attr: hist ? [Number(hist.dataset.barsGenuine), Number(hist.dataset.barsNotGenuine)] : null,
    histogram_rows: rows,
    circle: document.getElementById('circle-figure') !== null,
    circle_texts: texts(document.getElementById('circle-figure')),
    svg_boxes: Array.from(document.querySelectorAll('svg')).map(s => { const b = s.getBoundingClientRect(); return [b.width, b.height]; }),
    verdict: (document.getElementById('verdict-text') || {}).textContent || null,
    checker: (document.getElementById('checker') || {}).textContent || null,
    scripts: document.querySelectorAll('script').length,
  });
})()"##;
