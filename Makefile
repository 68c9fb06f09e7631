# One entry point for humans and CI. `make demo` sets up and runs; `make test` runs the tests;
# `make check` runs lint, types and tests.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: setup demo test lint typecheck check format bench

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

lint: setup
	$(VENV)/bin/ruff check watchdog detectors tests benchmarks
	$(VENV)/bin/ruff format --check watchdog detectors tests benchmarks

format: setup
	$(VENV)/bin/ruff format watchdog detectors tests benchmarks
	$(VENV)/bin/ruff check --fix watchdog detectors tests benchmarks

typecheck: setup
	$(VENV)/bin/mypy

check: lint typecheck test

bench: setup
	$(PY) benchmarks/catalog_scale.py
