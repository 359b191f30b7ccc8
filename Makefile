# One word for every chore. `make help` lists them.

PYTHON ?= python3
# The suites also run on PostgreSQL when a local server answers (as on CI); otherwise SQLite only.
export VALUELOOP_TEST_POSTGRES_URL ?= $(shell pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
	&& echo postgresql://postgres@127.0.0.1:5432/test)

.DEFAULT_GOAL := help
.PHONY: help install test test-fast lint format serve demo bench ci

help: ## List the targets with what they do
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-z-]*:.*## / {printf "  %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: ## Install valueloop in editable mode with the dev tools
	$(PYTHON) -m pip install -e '.[dev]'

test: ## Run the whole test suite (SQLite, and PostgreSQL when it is running)
	$(PYTHON) -m pytest

test-fast: ## Run the unit tests only (seconds, no database, no browser)
	$(PYTHON) -m pytest tests/unit -q

lint: ## Check style, formatting and types (ruff, ruff format, mypy)
	ruff check src tests bench
	ruff format --check src tests bench
	mypy

format: ## Fix what ruff can fix and format the code
	ruff check --fix src tests bench
	ruff format src tests bench

serve: ## Serve the workspace in ./data at http://127.0.0.1:8000
	valueloop serve

demo: ## Build the demo workspace and serve it
	valueloop demo

BENCH ?= bench/*.py
bench: ## Run the benchmarks in bench/ (one: make bench BENCH=bench/api_list.py)
	@for script in $(BENCH); do echo "== $$script"; $(PYTHON) $$script || exit 1; done

ci: ## Run what CI runs (.ci/run: install, start PostgreSQL, lint, test)
	./.ci/run
