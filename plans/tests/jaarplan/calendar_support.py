"""What the kwaliteitskalender's tests share: the demo's "today" (1 December 2026), so "te laat"
and "the current school year" mean the same on any day the tests run."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def on_demo_day(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY
