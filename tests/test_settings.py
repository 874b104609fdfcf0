"""Production settings from the environment: deploy check clean, real components when configured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

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
