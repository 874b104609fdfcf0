"""Demo data of the jaarplan's part "meetings" (filled by that part)."""

from __future__ import annotations


def seed_meetings(tenant) -> list[str]:
    return []
