# Ledgerlet: `make dev` runs the whole product locally; `make test` runs every test.
# Both install what they need first (Python deps via uv into .venv).

PYTHON ?= python3
PORT ?= 8080
VENV := .venv
BIN := $(VENV)/bin
UV := .tools/bin/uv
UV_VERSION := 0.13.8

.PHONY: dev dev-fresh backup test install lint templates typecheck unit bench bench-o2c clean console console-lint chromium deploy-console

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

$(BIN)/python: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --quiet
	@touch $(BIN)/python

install: $(BIN)/python

## The web console (console/): npm packages, the typed client generated from the API's OpenAPI
## document, then the Vite build in console/dist, which `make dev` serves.
CONSOLE_DEPS := console/node_modules/.package-lock.json
CONSOLE_SOURCES := $(shell find console/src -type f ! -name schema.d.ts 2>/dev/null) console/index.html console/vite.config.ts console/tsconfig.json

$(CONSOLE_DEPS): console/package.json console/package-lock.json
	@command -v npm >/dev/null || { echo "The console needs Node.js 20+ with npm (e.g. apt-get install nodejs npm)"; exit 1; }
	cd console && npm ci --no-audit --no-fund --loglevel=error

artifacts/openapi.json: $(BIN)/python $(shell find shared/ledgerlet -name '*.py')
	$(BIN)/python infra/tools/export_openapi.py $@

console/src/api/schema.d.ts: artifacts/openapi.json $(CONSOLE_DEPS)
	cd console && npm run --silent gen

console/dist/index.html: console/src/api/schema.d.ts $(CONSOLE_SOURCES)
	cd console && npm run --silent build

console: console/dist/index.html

console-lint: console/src/api/schema.d.ts
	cd console && npm run --silent typecheck && npm run --silent lint

## Debian's Chromium for the browser tests (Playwright drives it; nothing is downloaded by Playwright)
chromium:
	@infra/tools/install_chromium.sh

## Start moto, the local runtime, the API, the console and a demo tenant on http://127.0.0.1:$(PORT)
dev: install console
	PORT=$(PORT) $(BIN)/python infra/dev.py

## The same, started empty (the data kept in .localdata/ is deleted first)
dev-fresh: install console
	PORT=$(PORT) $(BIN)/python infra/dev.py --fresh

## A copy of the kept data (.localdata/localcloud.pickle, at most a second old while make dev runs)
backup:
	@mkdir -p .localdata/backups
	@cp .localdata/localcloud.pickle .localdata/backups/localcloud-$$(date +%Y%m%d-%H%M%S).pickle
	@ls -t .localdata/backups | head -1 | sed 's|^|backed up to .localdata/backups/|'

## Every test: lint, template and state-machine checks, unit, integration, end-to-end. A test file runs on
## one worker, in order (`loadfile`): with pytest 9, pytest-xdist 3.8's `loadgroup` no longer keeps an
## `xdist_group` together (it renames `_nodeid`, which pytest 9 no longer reads).
test: install lint console chromium
	$(BIN)/python -m pytest -q -n 2 --dist loadfile --durations=25

lint: install console-lint
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/cfn-lint template.yaml infra/stacks/platform.yaml infra/stacks/masterdata.yaml infra/stacks/inventory.yaml infra/stacks/sales.yaml infra/stacks/finance.yaml infra/stacks/compliance.yaml infra/stacks/channels.yaml
	$(BIN)/python infra/tools/templates.py --check
	$(BIN)/python infra/tools/lint_statemachines.py
	$(BIN)/mypy shared functions infra

## Write the templates' generated parts (functions, roles, subscriptions, the API's definition) from the
## domains' declarations (shared/ledgerlet/*/applet.py)
templates: install
	$(BIN)/python infra/tools/templates.py

typecheck: install
	$(BIN)/mypy shared functions infra

unit: install
	$(BIN)/python -m pytest -q tests/unit

## Benchmarks print their figures (import times, ...)
bench: install console chromium
	$(BIN)/python bench/import_time.py
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/trial_balance.py
	$(BIN)/python bench/concurrency.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/console.py
	$(BIN)/python bench/einvoice_sign.py
	$(BIN)/python bench/sales_pricing.py
	$(BIN)/python bench/marketplace_webhooks.py

## Order to cash under load (issue 13): 1,000 orders on the local stack (ORDERS=n for fewer): orders per
## second, AWS requests per order by service, and the cost of 1,000 orders at ap-southeast-1 list prices
ORDERS ?= 1000
bench-o2c: install
	$(BIN)/python bench/order_to_cash.py --orders $(ORDERS)

## Upload the built console to the stack's bucket and refresh CloudFront (after `sam deploy`; STACK=name)
deploy-console: console
	bucket=$$(aws cloudformation describe-stacks --stack-name $(STACK) --query "Stacks[0].Outputs[?OutputKey=='ConsoleBucketName'].OutputValue" --output text) && \
	distribution=$$(aws cloudformation describe-stacks --stack-name $(STACK) --query "Stacks[0].Outputs[?OutputKey=='ConsoleDistributionId'].OutputValue" --output text) && \
	aws s3 sync console/dist/assets "s3://$$bucket/assets" --cache-control "public,max-age=31536000,immutable" && \
	aws s3 sync console/dist "s3://$$bucket" --delete --exclude "assets/*" --cache-control "no-cache" && \
	aws cloudfront create-invalidation --distribution-id "$$distribution" --paths "/index.html" "/"

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache console/node_modules console/dist
