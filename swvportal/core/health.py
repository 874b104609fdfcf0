"""Health of the components a page or job depends on, each answered within about a second."""

from __future__ import annotations

import time

import redis
from django.conf import settings
from django.db import connection


def database_state() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means: not usable
        return {"ok": False, "state": "onbereikbaar", "error": type(exc).__name__}
    return {"ok": True, "state": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}


def broker_state() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "state": "in-process", "detail": "Geen broker: taken lopen direct mee."}
    started = time.monotonic()
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=0.8, socket_timeout=0.8
        )
        client.ping()
    except (redis.RedisError, OSError) as exc:
        return {"ok": False, "state": "onbereikbaar", "error": type(exc).__name__}
    return {"ok": True, "state": "ok", "ms": round((time.monotonic() - started) * 1000, 1)}
