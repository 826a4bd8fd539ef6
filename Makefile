# caizheng — run `make help` for the targets.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
WAREHOUSE ?= data/warehouse
SAMPLES   ?= data/samples
CORPUS    ?= ../shared/corpus
WILD      ?= ../shared/corpus-wild

.DEFAULT_GOAL := help
.PHONY: help venv demo test fuzz notebooks bench lint format schema-doc score score-wild clean

help: ## list the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-12s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

venv: $(VENV)/.installed ## create .venv and install the project with its dev tools

demo: venv ## ingest data/samples into data/warehouse and print the audit summary
	$(VENV)/bin/caizheng ingest $(SAMPLES) --out $(WAREHOUSE)
	@echo
	$(VENV)/bin/caizheng query "SELECT source_path, report_kind, fiscal_year, org_name, admin_code, status FROM documents ORDER BY source_path" --warehouse $(WAREHOUSE)
	@echo
	-$(VENV)/bin/caizheng audit --warehouse $(WAREHOUSE)

test: venv ## run the whole test suite
	$(PY) -m pytest -q

fuzz: venv ## fuzz the number, unit, target and score parsers far longer than `make test` does
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_fuzz_parsers.py

notebooks: venv ## run notebooks/*.ipynb top to bottom on the demo warehouse (fresh kernel each)
	$(VENV)/bin/caizheng ingest $(SAMPLES) --out $(WAREHOUSE) --quiet
	CAIZHENG_WAREHOUSE=$(abspath $(WAREHOUSE)) $(PY) -m pytest -q tests/test_notebooks.py

bench: venv ## measure pages/s against bare pdfplumber, worker scaling and memory (needs ../shared/corpus)
	$(PY) bench/run.py $(BENCH_ARGS)

lint: venv ## ruff (lint and format check)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv ## format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schema-doc: venv ## regenerate docs/schema.md from normalize/schema.py
	$(PY) -m normalize.schema > docs/schema.md

score: venv ## ingest ../shared/corpus (text and PDFs) and score it against ../shared/gold
	$(VENV)/bin/caizheng ingest $(CORPUS) --out data/warehouse-corpus --quiet --force
	$(PY) ../shared/eval/score.py data/warehouse-corpus

score-wild: venv ## ingest ../shared/corpus-wild (91 real reports) and score it against ../shared/gold-wild
	$(VENV)/bin/caizheng ingest $(WILD) --out data/warehouse-wild --quiet --force
	$(PY) ../shared/eval/score.py data/warehouse-wild --gold ../shared/gold-wild --corpus $(WILD)

clean: ## remove the warehouse and caches (keeps .venv)
	rm -rf $(WAREHOUSE) data/warehouse-corpus data/warehouse-wild .pytest_cache .ruff_cache
