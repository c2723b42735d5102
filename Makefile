# relucert — the newcomer's commands.
CARGO ?= cargo

.PHONY: run test test-rust test-python wheel bench build fmt clippy fuzz gallery

# The Python package (python/, issue #12): built once as a release wheel by maturin in a build
# environment, installed with pip into a clean test environment, and tested with pytest against
# the `relucert` binary of `cargo test`. Only Python 3 (with venv) is assumed; the rest comes
# from PyPI.
PYTHON ?= python3
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
PY_BUILD_ENV := $(TARGET_DIR)/python-build-env
PY_TEST_ENV := $(TARGET_DIR)/python-test-env
WHEELS := $(TARGET_DIR)/wheels

# The main job on a bundled example: certify the decomposition paper's Fig. 3 data and check it.
run: build
	./target/release/relucert arrangement fixtures/decomposition_fig3_h1.toml
	./target/release/relucert certify fixtures/decomposition_fig3_h1.toml -o target/fig3_h1.cert.json
	./target/release/relucert check target/fig3_h1.cert.json

build:
	$(CARGO) build --release --locked

# Every test: unit, property, integration, snapshot and CLI tests, then the Python package's.
test: test-rust test-python

test-rust:
	$(CARGO) test --locked --workspace --all-targets

$(PY_BUILD_ENV)/.ready:
	$(PYTHON) -m venv $(PY_BUILD_ENV)
	$(PY_BUILD_ENV)/bin/pip install --quiet --disable-pip-version-check "maturin>=1.5,<2"
	touch $@

# The release wheel of the Python package (maturin build --release), in $(WHEELS). Not
# --locked: python/Cargo.lock (the workspace's lock plus PyO3) gains any crate a workspace crate
# adds later.
wheel: $(PY_BUILD_ENV)/.ready
	rm -f $(WHEELS)/relucert-*.whl
	CARGO_TARGET_DIR=$(TARGET_DIR) $(PY_BUILD_ENV)/bin/maturin build --release \
		--manifest-path python/Cargo.toml --interpreter $(PY_BUILD_ENV)/bin/python --out $(WHEELS)

# Install the wheel with pip into a new, clean environment and run the pytest suite there.
test-python: wheel
	$(CARGO) build --locked --bin relucert
	rm -rf $(PY_TEST_ENV)
	$(PYTHON) -m venv $(PY_TEST_ENV)
	$(PY_TEST_ENV)/bin/pip install --quiet --disable-pip-version-check $(WHEELS)/relucert-*.whl pytest numpy pandas tqdm
	cd python/tests && RELUCERT_EXPECT_INSTALLED=1 RELUCERT_BIN=$(TARGET_DIR)/debug/relucert $(PY_TEST_ENV)/bin/python -m pytest -q -p no:cacheprovider .

# The fuzz harness for longer (tests/fuzz_harness.rs): 145,000 certificate mutations (about
# 100,000 of them parse and go through the checker) and 100,000 instance/CSV/point file
# mutations, release build, fixed seed (override with RELUCERT_FUZZ_SEED=...).
fuzz:
	RELUCERT_FUZZ_MUTATIONS=145000 RELUCERT_FUZZ_FILES=100000 $(CARGO) test --release --locked --test fuzz_harness -- --nocapture

# bench_fastcore measures target/release/relucert; set RELUCERT_BASELINE=/path/to/an/older/relucert
# for before/after figures from the same run.
bench: build
	$(CARGO) run --release --locked --example bench_families
	$(CARGO) run --release --locked --example bench_fastcore
	$(CARGO) run --release --locked --example bench_cells
	$(CARGO) run --release --locked --example bench_generic
	$(CARGO) run --release --locked --example bench_shards

# The pictures of docs/gallery.md, screenshotted from real reports in headless Chromium.
gallery:
	$(CARGO) test --locked --test report_browser -- --ignored --exact gallery --nocapture

fmt:
	$(CARGO) fmt --all

clippy:
	$(CARGO) clippy --all-targets
