# Indgang — the two commands a newcomer needs are `make demo` and `make test`.
# Both work on a fresh machine with Python >= 3.11, Node >= 20 and git.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE := indgang.settings

.PHONY: demo test install browser lint check format messages translations apt-gettext clean bench-soak

# --- installation (stamp files make repeated runs instant) -----------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip sync --quiet --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@# Bytecode up front: commands start fast even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q -j 0 src/indgang >/dev/null
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Each app may keep its own locale/ (src/indgang/<app>/locale); compile them all.
PO_FILES := $(shell find src/indgang -name django.po -path '*/locale/da/*')

var/.messages: $(PO_FILES) $(VENV)/.installed
	@command -v msgfmt >/dev/null || $(MAKE) --no-print-directory apt-gettext
	cd src/indgang && ../../$(BIN)/indgang compilemessages -v0
	mkdir -p var && touch $@

messages: var/.messages

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
	@echo "Operations (workers, queue, failed tasks) at /medarbejder/drift/ as user admin"
	TEST_IDP_ENABLED=true $(BIN)/indgang supervise --bind 127.0.0.1:$(PORT)

test: install browser
	mkdir -p var
	TEST_IDP_ENABLED=true $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

# The soak benchmark (docs/operations.md, "SQLite"): SOAK_ARGS="--busy" etc.
SOAK_ARGS ?=
bench-soak: install
	$(BIN)/python bench/soak/run.py $(SOAK_ARGS)

# --- quality gates (CI runs these too) -------------------------------------
lint: install
	$(BIN)/ruff check src bench
	$(BIN)/ruff format --check src bench
	$(BIN)/mypy

check: install
	$(BIN)/indgang check --fail-level WARNING
	$(BIN)/indgang makemigrations --check --dry-run -v1
	$(BIN)/indgang spectacular --validate --fail-on-warn --file var/openapi.yaml
	$(MAKE) --no-print-directory translations
	git diff --exit-code -I '^"POT-Creation-Date' -- 'src/indgang/**/django.po' || \
	  { echo "Translations are out of date: run make translations and translate"; exit 1; }
	@for po in $(PO_FILES); do \
	  if [ -n "$$(msgattrib --untranslated --no-obsolete $$po)$$(msgattrib --only-fuzzy --no-obsolete $$po)" ]; then \
	    echo "Untranslated or fuzzy entries in $$po:"; msgattrib --untranslated $$po | grep ^msgid; exit 1; fi; done

format: install
	$(BIN)/ruff format src bench
	$(BIN)/ruff check --fix src bench

# The project catalogue (src/indgang/locale) covers core, identity, registers and
# demo; an app with its own locale/ keeps its own catalogue.
translations: install
	cd src/indgang && dirs=$$(ls -d */locale 2>/dev/null); set -f; ignores=""; \
	  for d in $$dirs; do ignores="$$ignores -i $${d%/locale}/*"; done; \
	  ../../$(BIN)/indgang makemessages -l da --no-obsolete --no-location -v0 $$ignores; \
	  for d in $$dirs; do (cd $${d%/locale} && ../../../$(BIN)/indgang makemessages -l da --no-obsolete --no-location -v0); done

clean:
	rm -rf $(VENV) node_modules var
