# Everything a fresh machine with Python 3.11 needs: `make demo` and `make test` create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: demo test rust-test typecheck lint bench bench-quality clean help samples chromium fuzz docs

help:
	@echo "make demo   - install into .venv and clean the bundled examples into reports/"
	@echo "make test   - install with test extras into .venv and run the whole suite"
	@echo "make lint   - ruff over the package, tests and benchmarks"
	@echo "make typecheck - strict mypy over textclean/ (part of make test)"
	@echo "make docs   - generate the rule and CLI pages and build the documentation site into site/"
	@echo "make bench  - speed and memory next to ftfy, clean-text, unstructured, datatrove (long)"
	@echo "make fuzz   - fuzz the JSONL reader, the runner and the rule loader (atheris)"
	@echo "make bench-quality - score the default packs on ../shared/data (article benchmark, segments, peer cases)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# The compiled core (crates/) is built by maturin, the package's build backend, on install; a
# change to a Rust source reinstalls, which rebuilds it.
RUST_SOURCES := Cargo.toml $(wildcard Cargo.lock) $(shell find crates -name '*.rs' -o -name Cargo.toml 2>/dev/null)

$(VENV)/.installed: pyproject.toml $(RUST_SOURCES) | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(RUST_SOURCES) | $(BIN)/python
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@mkdir -p reports
	$(BIN)/textclean check examples/articles examples/records.jsonl --fail-level error \
		--format json --output reports/demo-check.json
	$(BIN)/textclean fix examples/articles examples/records.jsonl --out reports/demo-fixed \
		--fail-level error --report reports/demo-fix.json --ledger reports/demo-ledger.jsonl \
		--output-html reports/demo-report.html --output-markdown reports/demo-summary.md
	@echo "Fixed copies in reports/demo-fixed/, reports in reports/demo-check.json and reports/demo-fix.json"
	@echo "Open reports/demo-report.html; reports/demo-ledger.jsonl undoes the run (textclean undo)"

# The HTML report test drives a real headless Chromium; install it when it is missing (the
# test skips, saying why, only when no Chromium binary can be found).
chromium:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || \
		echo "chromium could not be installed; the HTML browser test will skip"

# The Rust side first (format, lints as errors, the core's own tests), strict mypy over the
# package, then the whole pytest suite.
test: $(VENV)/.installed-test chromium rust-test typecheck
	$(BIN)/python -m pytest -n 2 --dist loadgroup

# Settings in pyproject.toml ([tool.mypy]: strict over every module of the package).
typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

rust-test:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --quiet -- -D warnings
	cargo test --workspace --quiet

# The documentation site: regenerate the pages made from the rule files, the click commands
# (docs/generate.py), then build with MkDocs Material (--strict: a warning fails the build).
docs: $(VENV)/.installed-test
	$(BIN)/python docs/generate.py
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# Re-render the committed sample reports in reports/ (run after changing rules or renderers).
samples: $(VENV)/.installed-test chromium
	TEXTCLEAN_UPDATE_SAMPLES=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/render/test_render_samples.py tests/render/test_render_html_browser.py

# Coverage-guided fuzzing (atheris), FUZZ_SECONDS per target, then the hypothesis fuzz tests
# with many more examples than `make test` runs. Crashing inputs land in .fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := jsonl jsonl-gz jsonl-run rules text

$(VENV)/.installed-fuzz: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[test,fuzz]'
	touch $@

fuzz: $(VENV)/.installed-test $(VENV)/.installed-fuzz
	@for target in $(FUZZ_TARGETS); do \
		echo "fuzzing $$target for $(FUZZ_SECONDS)s"; \
		$(BIN)/python tests/fuzz/run_atheris.py $$target -max_total_time=$(FUZZ_SECONDS) || exit 1; \
	done
	FUZZ_EXAMPLES=5000 $(BIN)/python -m pytest -q -p no:cacheprovider tests/reliability/test_fuzz.py

# The quality tables of docs/quality.md ("Quality"): needs ../shared/data; about 2 minutes on 2 cores.
bench-quality: $(VENV)/.installed
	$(BIN)/python benchmarks/quality.py --unsafe

# Peers for `make bench` (ftfy, plsfix, clean-text, unstructured, datatrove, RE2) live in their own
# virtualenv, so their dependencies never mix with textclean's.
PEERS := benchmarks/.venv-peers

$(PEERS)/.installed: Makefile
	$(PYTHON) -m venv $(PEERS)
	$(PEERS)/bin/python -m pip install --quiet --upgrade pip
	$(PEERS)/bin/python -m pip install --quiet ftfy plsfix clean-text unstructured datatrove orjson google-re2
	touch $@

# The speed table of docs/quality.md ("Speed"): 100 MB of text, then textclean fix again on 1 GB
# for the memory column (hours on 2 cores). BENCH_ARGS="--size-mb 5 --skip-10x" is quick.
bench: $(VENV)/.installed-test $(PEERS)/.installed
	$(BIN)/python benchmarks/speed.py $(BENCH_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check textclean tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache target
