"""Production settings from the environment: deploy check clean, real components when configured."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from email.message import Message
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "swvportal.settings.production",
    "SECRET_KEY": "a-long-random-test-secret-key-for-the-deploy-check-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "portaal.example.nl",
}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    # Only what a shell has: the test settings put their own defaults into os.environ.
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _settings(**env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'db': s.DATABASES['default'].get('CONN_MAX_AGE'), "
        "'health': s.DATABASES['default'].get('CONN_HEALTH_CHECKS'), "
        "'engine': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'], "
        "'eager': s.CELERY_TASK_ALWAYS_EAGER, 'broker': s.CELERY_BROKER_URL, "
        "'debug': s.DEBUG, 'ssl': s.SECURE_SSL_REDIRECT, 'cookies': s.SESSION_COOKIE_SECURE}))"
    )
    result = _run(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_in_production_mode():
    result = _run(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_proper_secret_key_refuses_to_start():
    for key in ("", "short"):
        result = _run("import django; django.setup()", SECRET_KEY=key)
        assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_defaults_are_secure_and_embedded():
    values = _settings()
    assert values["debug"] is False and values["ssl"] is True and values["cookies"] is True
    assert values["engine"] == "django.db.backends.sqlite3" and values["eager"] is True


def test_postgres_and_redis_from_the_environment_use_persistent_connections():
    values = _settings(DATABASE_URL="postgres://u:p@db:5432/swv", REDIS_URL="redis://redis:6379/0")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["db"] == 600 and values["health"] is True
    assert values["cache"] == "django_redis.cache.RedisCache"
    assert values["eager"] is False and values["broker"] == "redis://redis:6379/0"


def _hsts(**env: str) -> list:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps([s.SECURE_HSTS_PRELOAD, s.SILENCED_SYSTEM_CHECKS]))"
    )
    result = _run(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_hsts_preload_is_off_unless_the_operator_asks_for_it():
    # Preloading is a promise to browsers that is slow to undo: the operator of the domain makes it.
    assert _hsts() == [False, ["security.W021"]]
    assert _hsts(SECURE_HSTS_PRELOAD="true") == [True, []]


# --- The demo (`make demo`: manage.py runserver on the dev settings) shows what users see ------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, Message, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our own server
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """The demo's own command on a free port, with manage.py's default (dev) settings."""
    port = _free_port()
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    clean = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": f"sqlite:///{database}"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):  # startup takes a few seconds; generous on a loaded machine
            try:
                _get(f"{base}/favicon.svg")
                break
            except OSError:
                time.sleep(0.5)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_demo_answers_a_missing_page_with_the_dutch_404_page(demo_server):
    status, _, body = _get(f"{demo_server}/deze-pagina-bestaat-niet/")
    text = body.decode()
    assert status == 404
    assert 'lang="nl"' in text and "Pagina niet gevonden" in text
    assert "URLconf" not in text and "DEBUG = True" not in text  # not Django's debug page


def test_the_demo_serves_static_files_through_whitenoise(demo_server):
    for path, content_type in [
        ("/static/css/portal.css", "text/css"),
        ("/static/admin/css/base.css", "text/css"),  # from an app's static/
    ]:
        status, headers, body = _get(f"{demo_server}{path}")
        assert status == 200 and headers["Content-Type"].startswith(content_type) and body, path
        # WhiteNoise's mark; runserver's own static handler (DEBUG on) does not set it.
        assert headers["Access-Control-Allow-Origin"] == "*", path


def test_make_demo_serves_on_the_port_it_is_given():
    result = subprocess.run(
        [shutil.which("make") or "make", "-n", "demo", "PORT=8001"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "runserver 127.0.0.1:8001" in result.stdout, result.stdout + result.stderr
