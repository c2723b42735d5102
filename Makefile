# relucert — the newcomer's commands.
CARGO ?= cargo

.PHONY: run test bench build fmt clippy gallery

# The main job on a bundled example: certify the decomposition paper's Fig. 3 data and check it.
run: build
	./target/release/relucert arrangement fixtures/decomposition_fig3_h1.toml
	./target/release/relucert certify fixtures/decomposition_fig3_h1.toml -o target/fig3_h1.cert.json
	./target/release/relucert check target/fig3_h1.cert.json

build:
	$(CARGO) build --release --locked

# Every test: unit, property, integration, snapshot and CLI tests.
test:
	$(CARGO) test --locked --workspace --all-targets

bench:
	$(CARGO) run --release --locked --example bench_cells
	$(CARGO) run --release --locked --example bench_generic

# The pictures of docs/gallery.md, screenshotted from real reports in headless Chromium.
gallery:
	$(CARGO) test --locked --test report_browser -- --ignored --exact gallery --nocapture

fmt:
	$(CARGO) fmt --all

clippy:
	$(CARGO) clippy --all-targets
