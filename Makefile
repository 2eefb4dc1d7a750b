# Everything a fresh machine with Python 3.11 needs: `make demo` and `make test` create .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

.PHONY: demo test lint bench clean help

help:
	@echo "make demo   - install into .venv and clean the bundled examples into reports/"
	@echo "make test   - install with test extras into .venv and run the whole suite"
	@echo "make lint   - ruff over the package, tests and benchmarks"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	@mkdir -p reports
	$(BIN)/textclean check examples/articles examples/records.jsonl --fail-level error \
		--format json --output reports/demo-check.json
	$(BIN)/textclean fix examples/articles examples/records.jsonl --out reports/demo-fixed \
		--fail-level error --report reports/demo-fix.json
	@echo "Fixed copies in reports/demo-fixed/, reports in reports/demo-check.json and reports/demo-fix.json"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: $(VENV)/.installed-test
	$(BIN)/ruff check textclean tests benchmarks

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
