"""Celery tasks of plans (autodiscovered): the jaarplan's weekly e-mail to responsible members."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="plans.tasks.send_activity_digests")
def send_activity_digests() -> int:
    """Each responsible member's weekly overview of overdue and upcoming activities."""
    from .jaarplan.digest import send_digests

    return send_digests()
