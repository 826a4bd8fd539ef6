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

# Python >= 3.10 with its venv module (Debian/Ubuntu: apt install python3-venv)
$(PY):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' || \
	  { echo "caizheng needs Python >= 3.10 (found: $$($(PYTHON) --version 2>&1)); set PYTHON=python3.1x"; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || \
	  { echo "$(PYTHON) has no venv module: install it (Debian/Ubuntu: apt install python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# the command and what it needs at run time, no more (what `make demo` installs)
$(VENV)/.installed-run: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

# ... and the tools of the tests, the notebooks and the benchmarks (moto, dask, matplotlib, …), and OCR
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[dev,ocr]"
	touch $@ $(VENV)/.installed-run

venv: $(VENV)/.installed ## create .venv and install the project with its dev tools

demo: $(VENV)/.installed-run ## install what the command needs, ingest data/samples and print the audit
	$(VENV)/bin/caizheng ingest $(SAMPLES) --out $(WAREHOUSE)
	@echo
	$(VENV)/bin/caizheng query "SELECT source_path, report_kind, fiscal_year, org_name, admin_code, status FROM documents ORDER BY source_path" --warehouse $(WAREHOUSE)
	@echo
	@$(VENV)/bin/caizheng audit --warehouse $(WAREHOUSE); status=$$?; \
	if [ $$status -eq 1 ]; then echo; \
	  echo "The errors above are real: figures the sample reports print that do not add up (each with its page and line)."; \
	  echo "caizheng audit exits 1 when it finds one; the demo has worked. Next: caizheng show dongxihu, or make notebooks."; \
	elif [ $$status -ne 0 ]; then exit $$status; fi

test: venv ## run the whole test suite
	$(PY) -m pytest -q

fuzz: venv ## fuzz the number, unit, target and score parsers far longer than `make test` does
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/test_fuzz_parsers.py

notebooks: venv ## run notebooks/*.ipynb on the demo warehouse; executed copies in notebooks/executed/
	$(VENV)/bin/caizheng ingest $(SAMPLES) --out $(WAREHOUSE) --quiet
	CAIZHENG_WAREHOUSE=$(abspath $(WAREHOUSE)) CAIZHENG_EXECUTED=$(abspath notebooks/executed) \
	  $(PY) -m pytest -q tests/test_notebooks.py
	@echo "executed copies (tables and charts): notebooks/executed/*.ipynb"

bench: venv ## pipeline vs bare pdfplumber on ../shared/corpus-wild (and the dev PDFs): stages, workers, memory
	$(PY) bench/run.py --corpus $(WILD) --dev-corpus $(CORPUS) $(BENCH_ARGS)
	$(PY) bench/ocr.py

lint: venv ## ruff (lint and format check)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: venv ## format the code with ruff
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

schema-doc: venv ## regenerate docs/schema.md from normalize/schema.py
	$(PY) -m caizheng.normalize.schema > docs/schema.md

score: venv ## ingest ../shared/corpus (text and PDFs) and score it against ../shared/gold
	$(VENV)/bin/caizheng ingest $(CORPUS) --out data/warehouse-corpus --quiet --force
	$(PY) ../shared/eval/score.py data/warehouse-corpus

score-wild: venv ## ingest ../shared/corpus-wild (91 real reports, scans read by OCR: 600 s a file) and score it against ../shared/gold-wild
	$(VENV)/bin/caizheng ingest $(WILD) --out data/warehouse-wild --quiet --force --timeout 600
	$(PY) ../shared/eval/score.py data/warehouse-wild --gold ../shared/gold-wild --corpus $(WILD)
	CAIZHENG_WILD_WAREHOUSE=$(abspath data/warehouse-wild) $(PY) -m pytest -q tests/test_wild_tables.py

clean: ## remove the warehouse and caches (keeps .venv)
	rm -rf $(WAREHOUSE) data/warehouse-corpus data/warehouse-wild .pytest_cache .ruff_cache
