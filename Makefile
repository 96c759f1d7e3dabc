# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
UV_VERSION := 0.13.9
HOST := 127.0.0.1
PORT := 8000

.PHONY: run test test-suite install browser stop-db prepare lint format

# run_demo = prepare_demo then runserver, in the server's own process (one Django start fewer);
# seed_demo prints the demo login only when it really works.
run: install
	@echo ""
	@echo "  Storefront: http://$(HOST):$(PORT)/"
	@echo "  Admin:      http://$(HOST):$(PORT)/admin/"
	@echo ""
	$(MANAGE) run_demo $(HOST):$(PORT)

test: install browser test-suite

test-suite:
	$(BIN)/pytest

# One Django process: migrate only when a migration is missing, the cache table, the demo once.
prepare:
	$(MANAGE) prepare_demo

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
		echo "Could not create a virtual environment: on Debian/Ubuntu install python3-venv"; exit 1; }
	test -x $(BIN)/uv || $(BIN)/pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	$(BIN)/uv sync --frozen
	touch $@

# Browser tests drive Debian's Chromium through Playwright (no browser download).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

stop-db:
	$(BIN)/python -m storefront.database stop

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
