"""Demo data of the jaarplan's part "activities" (filled by that part)."""

from __future__ import annotations


def seed_activities(jaarplan) -> list[str]:
    return []
