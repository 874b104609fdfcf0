# SWV Portaal — the two commands are `make demo` and `make test`; the rest helps developers.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=

.PHONY: install demo serve test bench lint format lock check-deploy messages clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

install: $(STAMP)

## make demo: install, migrate, seed the RefSVO demo tenant, serve on http://127.0.0.1:8000
demo: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

## make test: install if needed, run the whole test suite
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

## make bench: time the monitoring on scale data (var/bench.sqlite3); prints one JSON document.
## Options via BENCH_ARGS, e.g. BENCH_ARGS="--scale national --database-url postgres://…"
bench: install
	@$(BIN)/python tools/bench.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
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
	msgfmt --check -o locale/nl/LC_MESSAGES/django.mo locale/nl/LC_MESSAGES/django.po

clean:
	rm -rf $(VENV) var/*.sqlite3* var/static
