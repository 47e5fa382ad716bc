# iocc: every target sets up what it needs on a fresh machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: build test lint typecheck pytest bench golden system check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system:
	bash scripts/install-system-packages.sh

check: $(STAMP)
	$(BIN)/iocc check

build: $(STAMP) system
	$(BIN)/iocc build

lint: $(STAMP)
	$(BIN)/ruff check compiler tests bench
	$(BIN)/ruff format --check compiler tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system
	$(BIN)/pytest -n 2 --dist loadfile

test: lint typecheck pytest

bench: $(STAMP) system
	$(BIN)/python -m bench.run

golden: $(STAMP)
	$(BIN)/python -m tests.golden

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache bench/out
