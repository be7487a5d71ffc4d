# digiketen — `make run` to try it, `make test` to check everything. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.12
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
CSS := src/digiketen/static/digiketen/build/digiketen.css
HOST ?= 127.0.0.1:8000

.PHONY: run test lint imports api-lint openapi openapi-check migrations-check messages-check pytest fuzz mutation install static test-tools requirements messages clean

run: install static ## Install, migrate, load demo data and serve on http://127.0.0.1:8000
	$(MANAGE) migrate --no-input
	$(MANAGE) seed_demo
	@echo "Serving on http://$(HOST) — stop with Ctrl+C"
	SITE_URL=$${SITE_URL:-http://$(HOST)} $(MANAGE) runserver $(HOST)

test: install static test-tools lint api-lint migrations-check messages-check pytest ## Everything CI checks

install: $(VENV)/.installed frontend/node_modules/.installed

$(VENV)/.installed: requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements/dev.txt
	touch $@

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	touch $@

static: $(CSS)

$(CSS): frontend/build.py frontend/minify.mjs frontend/components.txt frontend/site.css frontend/node_modules/.installed
	$(PY) frontend/build.py

test-tools: ## Debian's Chromium for browser tests (never `playwright install`), gettext, pdftotext
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then apt-get update -qq && apt-get install -y -qq $$missing; fi

lint: imports
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

imports: ## The import-linter contracts in pyproject.toml: core and the base apps stay below the domains
	PYTHONPATH=src $(VENV)/bin/lint-imports

OPENAPI := docs/api/openapi.json
SPECTRAL := tools/spectral/node_modules/.bin/spectral

openapi: ## Rewrite docs/api/openapi.json from the code (commit it with the API change)
	$(MANAGE) spectacular --format openapi-json --validate --fail-on-warn --file $(OPENAPI)

openapi-check: ## The committed OpenAPI document is the one the code generates
	@generated=$$(mktemp); trap 'rm -f "$$generated"' EXIT; \
	$(MANAGE) spectacular --format openapi-json --validate --fail-on-warn --file "$$generated" && \
	diff -u $(OPENAPI) "$$generated" \
	  || { echo "$(OPENAPI) is out of date: run 'make openapi' and commit it." >&2; exit 1; }

api-lint: openapi-check tools/spectral/node_modules/.installed ## Dutch API Design Rules (Spectral), offline
	$(SPECTRAL) lint --fail-severity error --ruleset docs/api/adr-linter.yaml $(OPENAPI)

tools/spectral/node_modules/.installed: tools/spectral/package.json tools/spectral/package-lock.json
	cd tools/spectral && npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrations-check:
	$(MANAGE) makemigrations --check --dry-run

messages-check: ## Every Dutch string has an English translation, and the .mo files are current
	$(PY) scripts/check_translations.py

pytest:
	$(VENV)/bin/pytest -n auto $(PYTEST_ARGS)

# The fuzz suite runs in `make test` with few examples; this runs it alone with many (and
# shrinks failures to their smallest input). See docs/testing/fuzz.md.
fuzz: install static ## Hostile input against the APIs and every public page and form, deep profile
	FUZZ_PROFILE=deep $(VENV)/bin/pytest -n auto src/digiketen/tests/fuzz $(PYTEST_ARGS)

# Not part of `make test`: hours on two cores. MUTANTS narrows it, e.g. MUTANTS='digiketen.core.once.*'.
# Reproduce docs/mutation-report.md: `make mutation` (resumes in mutants/; a full run takes days on
# 2 cores), `scripts/mutation.py sample N` for the random sample of the slowest service mutants,
# `scripts/mutation.py parsers` + `scripts/mutation.py check docs/mutation-parsers-plan.txt` for the
# parsers (a seeded random order; stop any time), `scripts/mutation.py check PLAN` to re-run
# named survivors against chosen tests (docs/mutation-recheck-plan.txt: the capture services after
# the stderr fix; docs/mutation-survivors-plan*.txt: the unreviewed service survivors), then
# `scripts/mutation.py report`. MUTANTS=glob narrows `make mutation`.
mutation: install static ## Mutation testing of the services and parsers; writes docs/mutation-report.md
	$(PY) scripts/mutation.py run $(MUTANTS)
	$(PY) scripts/mutation.py report

messages: ## Collect new strings into the .po file and compile it
	cd src/digiketen && $(CURDIR)/$(PY) $(CURDIR)/manage.py makemessages -l en --no-obsolete \
	  --no-location --ignore 'static/*' --ignore 'tests/*'
	for po in src/digiketen/locale/*/LC_MESSAGES/django.po src/digiketen/framework_locale/*/LC_MESSAGES/django.po; do msgfmt -o "$${po%.po}.mo" "$$po"; done

requirements: $(VENV)/.installed ## Re-pin requirements/*.txt from requirements/*.in
	cd requirements && ../$(VENV)/bin/uv pip compile --python-version 3.12 --custom-compile-command "make requirements" -q base.in -o base.txt \
	  && ../$(VENV)/bin/uv pip compile --python-version 3.12 --custom-compile-command "make requirements" -q dev.in -o dev.txt

clean:
	rm -rf $(VENV) frontend/node_modules tools/spectral/node_modules $(CSS) staticfiles mutants
