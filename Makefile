# iocc: every target sets up what it needs on a fresh machine.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CSAF_VALIDATOR := tests/csaf-validator
NODE_STAMP := $(CSAF_VALIDATOR)/node_modules/.installed
AXE := tests/axe
AXE_STAMP := $(AXE)/node_modules/.installed

export NO_MKDOCS_2_WARNING := 1
export PYTHONHASHSEED := 0

.PHONY: build test lint typecheck prove pytest bench golden system check clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

system:
	bash scripts/install-system-packages.sh

# BSI Secvisogram's CSAF validator (npm, pinned by package-lock.json) for the CSAF tests.
$(NODE_STAMP): $(CSAF_VALIDATOR)/package-lock.json | system
	npm ci --prefix $(CSAF_VALIDATOR) --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

# axe-core (npm, pinned by package-lock.json), the accessibility engine the site tests inject into every page.
$(AXE_STAMP): $(AXE)/package-lock.json | system
	npm ci --prefix $(AXE) --no-audit --no-fund --loglevel=error
	touch $(AXE_STAMP)

check: $(STAMP)
	$(BIN)/iocc check

build: $(STAMP) system
	$(BIN)/iocc build --locked

lint: $(STAMP)
	$(BIN)/ruff check compiler tests bench
	$(BIN)/ruff format --check compiler tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) system $(NODE_STAMP) $(AXE_STAMP)
	$(BIN)/pytest -n 2 --dist loadfile

# every rule proven on the evidence corpus: its samples match, the baseline stays quiet (docs/EVIDENCE.md)
prove: $(STAMP)
	$(BIN)/iocc test

test: lint typecheck prove pytest

bench: $(STAMP) system
	$(BIN)/python -m bench.run

golden: $(STAMP)
	$(BIN)/python -m tests.golden

clean:
	rm -rf dist .pytest_cache .mypy_cache .ruff_cache bench/out
