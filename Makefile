# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run serve test install system-deps lint format migrate demo ci clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# What the browser tests and the PDF export need beyond Python: axe-core (npm), Debian's
# Chromium and the Pango libraries WeasyPrint draws with. apt-get runs only when one is missing.
AXE := node_modules/axe-core/axe.min.js
APT_PACKAGES := chromium libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

system-deps: $(AXE)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$missing; \
	  else echo "Saknas: $$missing. Kör: sudo apt-get install -y $$missing"; exit 1; fi; \
	fi

# A DATABASE_URL naming a PostgreSQL database that does not exist yet: it is created first.
migrate: install
	DEBUG=1 $(BIN)/python manage.py ensure_database
	DEBUG=1 $(BIN)/python manage.py migrate --noinput

demo: migrate
	DEBUG=1 $(BIN)/python manage.py load_demo

# The demo's published minutes are readable without logging in (REGISTRY_PUBLIC=0 turns that off).
run: demo
	DEBUG=1 REGISTRY_PUBLIC=$${REGISTRY_PUBLIC:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: DEBUG off, static files collected, migrated, gunicorn (bin/serve; README "I produktion").
serve: install
	bin/serve

test: install system-deps
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
