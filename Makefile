# credstack: one Makefile for people and CI.
#   make run    install, migrate, load the demo institution, serve http://127.0.0.1:8000
#   make test   install and run the whole suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)
#   make lint   ruff, mypy (django-stubs) and import-linter
#   make e2e    browser tests in headless Chromium
#   make bench  benchmarks; figures go to docs/benchmarks.md

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_WORKERS ?= auto

export CREDSTACK_FAST_PASSWORD_HASHER_FOR_TESTS := 1

.PHONY: install run serve test e2e lint bench demo clean screenshots

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[dev]"
	@touch $(STAMP)

run: install
	$(BIN)/credstack migrate --noinput
	$(BIN)/credstack load_demo --if-empty
	$(BIN)/credstack serve --host $(HOST) --port $(PORT)

test: install
	@rm -f .pytest-exit
	$(BIN)/lint-imports --no-cache
	@$(BIN)/pytest -n $(PYTEST_WORKERS) --cov=credstack --cov-branch --cov-report=term:skip-covered \
		--cov-report=json:var/coverage.json $(PYTEST_ARGS); rc=$$?; echo $$rc > .pytest-exit; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests (exit 5)"; fi; \
	if [ $$rc -eq 0 ]; then $(BIN)/python tests/coverage_gate.py var/coverage.json || rc=3; fi; exit $$rc

e2e: install
	$(BIN)/pytest -m e2e tests/e2e -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src
	$(BIN)/lint-imports

screenshots: install
	CREDSTACK_SCREENSHOTS_TO_DOCS=1 $(BIN)/pytest -m e2e tests/e2e -p no:cacheprovider

bench: install
	@command -v wrk >/dev/null 2>&1 || echo "note: wrk is not installed (apt-get install wrk); bench_verify.py falls back to a Python load generator, which takes CPU from the server it measures"
	$(BIN)/python bench/run_all.py

demo: install
	$(BIN)/credstack migrate --noinput
	$(BIN)/credstack load_demo

clean:
	rm -rf $(VENV) var .pytest_cache .pytest-exit
