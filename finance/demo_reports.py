"""Demo realisation Q1–Q3 of the current year (part "reports" fills this)."""

from __future__ import annotations


def seed_reports(tenant) -> list[str]:
    return []
