# One entry point for humans and CI. `make demo` sets up and runs; `make test` runs the tests;
# `make check` runs lint, types and tests.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: setup demo test cover lint typecheck check format bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

demo: setup
	$(VENV)/bin/alert-watchdog demo

test: setup
	$(PY) -m pytest

# The tests with branch coverage, printed at the end; the analysis core must stay above 90 %.
cover: setup
	$(PY) -m pytest --cov=watchdog --cov=detectors --cov-branch --cov-report=term:skip-covered
	$(PY) -m coverage report --include='watchdog/analysis/*' --fail-under=90 > /dev/null \
	  || { $(PY) -m coverage report --include='watchdog/analysis/*'; \
	       echo "coverage of watchdog/analysis is below 90 %"; exit 1; }

lint: setup
	$(VENV)/bin/ruff check watchdog detectors tests benchmarks
	$(VENV)/bin/ruff format --check watchdog detectors tests benchmarks

format: setup
	$(VENV)/bin/ruff format watchdog detectors tests benchmarks
	$(VENV)/bin/ruff check --fix watchdog detectors tests benchmarks

typecheck: setup
	$(VENV)/bin/mypy

check: lint typecheck cover

bench: setup
	$(PY) benchmarks/catalog_scale.py
