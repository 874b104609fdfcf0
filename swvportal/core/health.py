"""Health of the components a page or job depends on, each answered within about a second.

Each answer is one word, "ok" or "niet bereikbaar": /healthz is public, so it names no exception,
driver, host or timing that would tell an outsider more than whether the portal works.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connection

logger = logging.getLogger(__name__)

OK = "ok"
UNREACHABLE = "niet bereikbaar"


def database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any driver error means: not usable
        logger.exception("healthz: database unreachable")
        return UNREACHABLE
    return OK


def broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return OK  # no broker: tasks run in-process
    try:
        client = redis.Redis.from_url(
            settings.CELERY_BROKER_URL, socket_connect_timeout=0.8, socket_timeout=0.8
        )
        client.ping()
    except (redis.RedisError, OSError):
        logger.warning("healthz: broker unreachable", exc_info=True)
        return UNREACHABLE
    return OK
