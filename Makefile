# SWV Portaal — the two commands are `make demo` and `make test`; the rest helps developers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=
PORT   ?= 8000

.PHONY: install check-system demo serve test bench lint format lock check-deploy messages clean

## make check-system: are the system packages there (tools/system-packages.txt)? If not, it prints
## the apt-get line. Without chromium only a warning (the browser tests skip); with CI=true an error.
check-system:
	@test -n "$(PYTHON)" || { echo "Geen Python gevonden: installeer Python 3.11 (zie README)." >&2; exit 1; }
	@$(PYTHON) tools/check_system.py python pdf --warn browser

$(STAMP): requirements.lock pyproject.toml | check-system
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: check-system $(STAMP)

## make demo: install, migrate, seed the RefSVO demo tenant, serve on http://127.0.0.1:8000 as users
## see it (DEBUG off: Dutch error pages; static files through WhiteNoise). Another port: PORT=8001.
demo: install
	@$(BIN)/python -c "import socket as s; k = s.socket(); k.setsockopt(s.SOL_SOCKET, s.SO_REUSEADDR, 1); k.bind(('127.0.0.1', $(PORT)))" 2>/dev/null \
		|| { echo "Poort $(PORT) is al in gebruik. Kies een andere, bijvoorbeeld: make demo PORT=$$(($(PORT) + 1))" >&2; exit 1; }
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## make test: install if needed, run the whole test suite
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## make bench: time the monitoring on scale data (var/bench.sqlite3); prints one JSON document.
## Options via BENCH_ARGS, e.g. BENCH_ARGS="--scale national --database-url postgres://…"
bench: install
	@$(BIN)/python tools/bench.py $(BENCH_ARGS)

## make lint: ruff, the import contracts of .importlinter (the platform imports no app; apps use
## each other through services/selectors/api) and makemigrations --check
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-deploy: install
	DJANGO_SETTINGS_MODULE=swvportal.settings.production \
	SECRET_KEY="$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	ALLOWED_HOSTS=portaal.example.nl \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

## make lock: re-pin every dependency after editing pyproject.toml
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

## make messages: compile locale/nl (needs gettext's msgfmt); the .mo file is committed
messages:
	@$(PYTHON) tools/check_system.py vertalen
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
