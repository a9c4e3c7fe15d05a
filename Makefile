# wagtail-hyte: the two commands are `make demo` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PIP_QUIET := 2>&1 | { grep -v -e '^WARNING: Location' -e 'is ignored: it is neither' || true; }
MANAGE := cd example_site && ../$(PY) manage.py
PYTEST := $(PY) -m pytest
HOST := 127.0.0.1
PORT := 8000

.PHONY: help bench demo test lint migrations-check deploy-check test-sqlite test-postgres test-browser test-browser-stress test-package venv clean

help:
	@echo "make demo   create .venv, migrate SQLite, load demo data, serve on http://$(HOST):$(PORT)/"
	@echo "make bench  benchmarks (on a throwaway PostgreSQL), printing ratios against baselines"
	@echo "make test   lint + migrations check + deploy check + tests on SQLite, PostgreSQL and Chromium"

$(VENV)/.installed: setup.cfg pyproject.toml
	@test -x $(PY) || $$(scripts/find_python.sh) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip $(PIP_QUIET)
	$(PY) -m pip install -q -e ".[postgres,test,example]" $(PIP_QUIET)
	@touch $@

venv: $(VENV)/.installed

demo: venv
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) hyte_load_demo
	@echo ""
	@echo "Site:  http://$(HOST):$(PORT)/"
	@echo "Admin: http://$(HOST):$(PORT)/admin/"
	@echo "API:   http://$(HOST):$(PORT)/api/hyte/v1/docs/ (REST, OpenAPI), /api/hsds/ (HSDS 3.0), /api/fhir/metadata (FHIR R4)"
	@echo "Log in with any demo user above and the printed password. Ctrl-C stops the server."
	@echo "The demo asks for no second factor; HYTE_DEMO_MFA=1 make demo asks as production does (docs/sign-in.md)."
	$(MANAGE) runserver $(HOST):$(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations-check: venv
	cd example_site && DJANGO_SETTINGS_MODULE=example_site.settings.test ../$(PY) manage.py makemigrations --check --dry-run

deploy-check: venv
	cd example_site && env $$(../$(PY) ../scripts/throwaway_production_env.py) \
	  DJANGO_SETTINGS_MODULE=example_site.settings.production \
	  ../$(PY) manage.py check --deploy --fail-level WARNING

test-sqlite: venv
	env -u DATABASE_URL $(PYTEST) -m "not browser and not postgres" -p no:cacheprovider -n auto

test-postgres: venv
	scripts/postgres.sh $(PYTEST) -m "not browser" -p no:cacheprovider -n auto

test-browser: venv
	scripts/browser_setup.sh
	env -u DATABASE_URL DJANGO_ALLOW_ASYNC_UNSAFE=true $(PYTEST) -m browser -p no:cacheprovider

# The browser suite RUNS times (default 3) under stress-ng on every CPU; not
# part of `make test` (docs/development.md).
test-browser-stress: venv
	scripts/stress_browser.sh $(RUNS)

# Builds the wheel and sdist and follows docs/installation.md in a fresh
# `wagtail start` site with a clean virtualenv (docs/installation_check.py),
# on SQLite and on a throwaway PostgreSQL.
test-package: venv
	$(PY) -m pip install -q build $(PIP_QUIET)
	scripts/postgres.sh $(PY) docs/installation_check.py

test: lint migrations-check deploy-check test-sqlite test-postgres test-browser test-package
	@echo "make test: lint, migrations, deploy check, SQLite, PostgreSQL, browser and packaged-install tests all passed."

bench: venv
	scripts/postgres.sh $(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) node_modules example_site/db.sqlite3 .pytest_cache .ruff_cache
