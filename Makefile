# Ledgerlet: `make dev` runs the whole product locally; `make test` runs every test.
# Both install what they need first (Python deps via uv into .venv).

PYTHON ?= python3
PORT ?= 8080
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
UV_VERSION := 0.13.8

.PHONY: dev test install lint typecheck unit bench clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(BIN)/python: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $(BIN)/python

install: $(BIN)/python

## Start moto, the local runtime, the API and a demo tenant on http://127.0.0.1:$(PORT)
dev: install
	PORT=$(PORT) $(BIN)/python infra/dev.py

## Every test: lint, template and state-machine checks, unit, integration, end-to-end
test: install lint
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/cfn-lint template.yaml
	$(BIN)/python infra/tools/lint_statemachines.py
	$(BIN)/mypy shared functions infra

typecheck: install
	$(BIN)/mypy shared functions infra

unit: install
	$(BIN)/python -m pytest -q tests/unit

## Benchmarks print their figures (import times, ...)
bench: install
	$(BIN)/python bench/import_time.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/trial_balance.py

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache
