# The two set-up commands of the README:
#   make demo   start the portal with demo data on http://127.0.0.1:8000
#   make test   run the test suite
# Both create the virtualenv and install requirements.txt when needed. Without DATABASE_URL the
# portal uses SQLite under var/; without REDIS_URL tasks run in-process.

# Python 3.11 or 3.12: python3.11 when there is one. Another version in its own virtualenv:
#   make test PYTHON=python3.12 VENV=.venv312
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-dev lint clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] in {(3, 11), (3, 12)} else "Python 3.11 or 3.12 is required; set PYTHON=/path/to/python3.11 (or python3.12)")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# Test, benchmark, lint and type-checking tools on top (requirements-dev.txt).
$(DEV_STAMP): $(STAMP) requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(DEV_STAMP)

install: $(STAMP)

install-dev: $(DEV_STAMP)

demo: $(STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo --sites
	DEBUG=1 $(BIN)/python manage.py rebuild_index
	@echo "Portal: http://$(HOST):$(PORT)/   staff back office: http://$(HOST):$(PORT)/admin/"
	@echo "丽水市 site: http://lishui.localhost:$(PORT)/   缙云县 site: http://jinyun.lishui.localhost:$(PORT)/"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

# axe-core (npm) for the accessibility check in the browser journeys; without npm or Chromium
# those tests are skipped and say what to install.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm not found: the accessibility check will be skipped (apt install npm)"; fi

test: $(DEV_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules
