# Indgang — the two commands a newcomer needs are `make demo` and `make test`.
# Both work on a fresh machine with Python >= 3.11, Node >= 20 and git.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE := indgang.settings

.PHONY: demo test install browser lint check format messages bench clean

# --- installation (stamp files make repeated runs instant) -----------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

src/indgang/locale/da/LC_MESSAGES/django.mo: src/indgang/locale/da/LC_MESSAGES/django.po $(VENV)/.installed
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory apt-gettext
	cd src/indgang && ../../$(BIN)/indgang compilemessages -v0

messages: src/indgang/locale/da/LC_MESSAGES/django.mo

install: $(VENV)/.installed node_modules/.installed messages

# Debian packages, only where truly needed and only if missing.
apt-gettext:
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	else echo "Install GNU gettext (msgfmt): sudo apt-get install gettext" >&2; exit 1; fi

browser:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi; }

# --- the two commands --------------------------------------------------------
demo: install
	mkdir -p var
	$(BIN)/indgang migrate --no-input -v0
	TEST_IDP_ENABLED=true $(BIN)/indgang demo load
	@echo "Indgang on http://127.0.0.1:$(PORT)  (test login at /log-ind/, staff at /medarbejder/log-ind/)"
	@trap 'kill 0' INT TERM EXIT; \
	  TEST_IDP_ENABLED=true $(BIN)/indgang db_worker & \
	  TEST_IDP_ENABLED=true $(BIN)/indgang runserver --noreload 127.0.0.1:$(PORT)

test: install browser
	mkdir -p var
	TEST_IDP_ENABLED=true $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# --- quality gates (CI runs these too) -------------------------------------
lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy

check: install
	$(BIN)/indgang check --fail-level WARNING
	$(BIN)/indgang makemigrations --check --dry-run -v1
	$(BIN)/indgang spectacular --validate --fail-on-warn --file var/openapi.yaml
	cd src/indgang && ../../$(BIN)/indgang makemessages -l da --no-obsolete -v0 && \
	  git diff --exit-code -I '^"POT-Creation-Date' locale/ || \
	  { echo "Translations are out of date: run make translations and translate"; exit 1; }

format: install
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

translations: install
	cd src/indgang && ../../$(BIN)/indgang makemessages -l da --no-obsolete

clean:
	rm -rf $(VENV) node_modules var
