"""Demo data of the jaarplan's part "calendar" (filled by that part)."""

from __future__ import annotations


def seed_calendar(tenant) -> list[str]:
    return []
