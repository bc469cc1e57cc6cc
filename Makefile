# Quick start: `make run` (set up and start an assessment) and `make test` (set up and run every check).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: run test lint typecheck pytest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,pdf]'
	touch $(STAMP)

# Running needs only the tool and its PDF extra; the development tools come with `make test`.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[pdf]'
	touch $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/causality assess

test: $(STAMP)
	$(BIN)/ruff check causality tests bench
	$(BIN)/ruff format --check causality tests bench
	$(BIN)/mypy
	$(BIN)/pytest

# Installs the wheel in a fresh environment and compares alternating runs; BENCH_ARGS=--large adds 1,000,000
# files to the scaling table.
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build dist *.egg-info
