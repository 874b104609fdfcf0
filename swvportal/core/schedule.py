"""The periodic tasks (Celery beat): the platform's own in settings, each app's registered.

An app registers from its ``portal.py``::

    register_periodic_task("monitoring-nightly", "monitoring.tasks.compute_indicators_nightly",
                           crontab(hour=3, minute=15))

``beat_schedule()`` is what Celery's beat runs: ``settings.CELERY_BEAT_SCHEDULE`` (the platform's
own entries, e.g. the jobs sweeper) plus every registered entry. ``CoreConfig.ready`` hands it to
the Celery app, before a beat process reads it.
"""

from __future__ import annotations

from typing import Any

from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PERIODIC_TASKS: dict[str, dict[str, Any]] = {}


def register_periodic_task(name: str, task: str, schedule: crontab) -> None:
    """Run ``task`` (its dotted name) on ``schedule``; ``name`` is the beat entry's key."""
    entry = {"task": task, "schedule": schedule}
    known = PERIODIC_TASKS.get(name)
    if name in settings.CELERY_BEAT_SCHEDULE or (known is not None and known != entry):
        raise ImproperlyConfigured(f"Periodieke taak {name!r} is al anders geregistreerd.")
    PERIODIC_TASKS[name] = entry


def beat_schedule() -> dict[str, dict[str, Any]]:
    return {**settings.CELERY_BEAT_SCHEDULE, **PERIODIC_TASKS}
