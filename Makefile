# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.9
HOST := 127.0.0.1
PORT := 8000

# Python keeps compiled bytecode in __pycache__ so that each later command skips compiling
# Django, Wagtail and the shop again (about 2 s of every start). Some machines turn that off
# for every program (PYTHONDONTWRITEBYTECODE=1): not for this project's commands.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run test test-suite install install-dev browser node-tools stop-db prepare lint format

# run_demo = prepare_demo then runserver, in the server's own process (one Django start fewer);
# seed_demo prints the demo login only when it really works.
# A task worker (mail, pictures, search refresh) runs beside the server and stops with it:
# Ctrl-C or the server exiting ends both. It does not reload on code changes: restart.
run: install
	@echo ""
	@echo "  Storefront: http://$(HOST):$(PORT)/"
	@echo "  Admin:      http://$(HOST):$(PORT)/admin/"
	@echo ""
	@$(MANAGE) task_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) run_demo $(HOST):$(PORT)

test: install-dev browser node-tools test-suite

# The suite runs in parallel, one worker per core, each with its own test database
# (test_<name>_gw0, _gw1, ...) copied from one migrated template (test_<name>_tpl_<hash>,
# tests/db_template.py) that later runs reuse until a migration changes; PYTEST_ARGS adds
# options, e.g. PYTEST_ARGS="-x tests/site" or "--reuse-db" (keep the copies too).
PYTEST_WORKERS ?= auto
test-suite:
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

# One Django process: migrate only when a migration is missing, the cache table, the demo once.
prepare:
	$(MANAGE) prepare_demo

# Two installs from the same uv.lock, each with its own stamp. `make run` installs the runtime
# dependencies only; `make test` adds the `dev` group (pytest, Playwright, moto, ruff). The
# runtime sync is --inexact: after `make test` it leaves the dev tools in place instead of
# uninstalling them, and the dev sync marks the runtime set installed too, so switching
# between the two commands installs nothing until pyproject.toml or uv.lock change.
install: $(VENV)/.installed-runtime

install-dev: $(VENV)/.installed-dev

$(VENV)/.installed-runtime: pyproject.toml uv.lock
	$(bootstrap-uv)
	$(BIN)/uv sync --frozen --no-dev --inexact
	touch $@

$(VENV)/.installed-dev: pyproject.toml uv.lock
	$(bootstrap-uv)
	$(BIN)/uv sync --frozen
	touch $@ $(VENV)/.installed-runtime

# A virtual environment with uv in it (from the package registry through pip: no other
# download), which installs everything else from uv.lock.
define bootstrap-uv
test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	echo "Could not create a virtual environment: on Debian/Ubuntu install python3-venv"; exit 1; }
test -x $(BIN)/uv || $(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
endef

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# The Nu HTML Checker (run by the browser tests with the machine's Java) and Lighthouse
# (bench/lighthouse.py) come from the npm registry, pinned by package-lock.json. Scripts are
# ignored: vnu-jar's would download a Java runtime, the machine's Java runs it instead.
node-tools: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 && command -v java >/dev/null 2>&1 || { \
		echo "Installing Debian's npm and Java for the HTML checker and Lighthouse..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			npm default-jre-headless >/dev/null; }
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

stop-db:
	$(BIN)/python -m storefront.database stop

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
