# relucert — the newcomer's commands.
CARGO ?= cargo

.PHONY: run test bench build fmt clippy fuzz

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

# The fuzz harness for longer (tests/fuzz_harness.rs): 140,000 certificate mutations (about
# 100,000 of them parse and go through the checker) and 100,000 instance/CSV/point file
# mutations, release build, fixed seed (override with RELUCERT_FUZZ_SEED=...).
fuzz:
	RELUCERT_FUZZ_MUTATIONS=140000 RELUCERT_FUZZ_FILES=100000 $(CARGO) test --release --locked --test fuzz_harness -- --nocapture

# bench_fastcore measures target/release/relucert; set RELUCERT_BASELINE=/path/to/an/older/relucert
# for before/after figures from the same run.
bench: build
	$(CARGO) run --release --locked --example bench_fastcore
	$(CARGO) run --release --locked --example bench_cells
	$(CARGO) run --release --locked --example bench_generic

fmt:
	$(CARGO) fmt --all

clippy:
	$(CARGO) clippy --all-targets
