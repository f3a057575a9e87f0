# Leernet: `make run` serves the demo, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# `make run PORT=8101` serves elsewhere; links in emails follow unless SITE_URL is set.
PORT ?= 8000

.PHONY: run test bench e2e lint fmt messages schema install install-test migrate demo check-deploy clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Leernet needs Python 3.11"' \
		|| { echo "Python 3.11 is required (found $(PYTHON))."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { echo "Could not create a virtualenv: on Debian, install python3-venv."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements/base.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/base.txt
	@touch $@

VNU_VERSION := 26.9.27

$(VENV)/.installed-test: requirements/test.txt requirements/base.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements/test.txt
	@# The Nu HTML Checker (npm's vnu-jar; needs Java) for the HTML validity test, if npm exists.
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-save --no-audit --no-fund --prefix $(VENV)/node vnu-jar@$(VNU_VERSION) \
		|| echo "vnu-jar not installed: the HTML validity test will be skipped (fails under CI=true)"; \
	fi
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput

demo: migrate
	$(MANAGE) seed_demo

run: demo
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install-test
	@mkdir -p var
	$(BIN)/pytest $(PYTEST_ARGS)

# Issue 16's measurements (docs/performance.md), not part of `make test`: needs DATABASE_URL
# (PostgreSQL; the bench makes its own database BENCH_DATABASE, default leernet_bench, on that
# server) and REDIS_URL (a Redis database of its own: the bench flushes it).
bench: install-test
	@mkdir -p var
	$(BIN)/python -m bench

e2e: install-test
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/python scripts/check_translations.py
	@mkdir -p var
	$(MANAGE) spectacular --lang en --validate --fail-on-warn --file var/openapi.yaml
	@diff -u docs/api/openapi.yaml var/openapi.yaml \
		|| { echo "docs/api/openapi.yaml is not the API's schema: run 'make schema' and commit it."; exit 1; }

# The API's committed schema (docs/api/openapi.yaml), written again from the code.
schema: install
	$(MANAGE) spectacular --lang en --validate --fail-on-warn --file docs/api/openapi.yaml

fmt: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(MANAGE) makemessages --locale nl --locale en --ignore '.venv/*' --ignore 'var/*' --no-obsolete
	$(MANAGE) compilemessages --ignore '.venv/*'

# Production settings with placeholder Redis and SMTP URLs (nothing is contacted): production
# refuses to start without them (core/ops/deploy_checks.py).
check-deploy: install
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=check-deploy-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	DJANGO_ALLOWED_HOSTS=leernet.example.org \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} EMAIL_URL=$${EMAIL_URL:-smtp://mail.example.org:587} \
	IDP_OIDC_PRIVATE_KEY="$${IDP_OIDC_PRIVATE_KEY:-$$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null)}" \
	$(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var test-artifacts
