"""The dashboard as a table: for the XLSX download and ``manage.py export_dashboard``."""

from __future__ import annotations

import datetime
from typing import Any

import tablib

from .display import records_label, value_label
from .selectors import GoalLink, PillarSection

COLUMNS = [
    ("pijler", "Pijler"),
    ("doel", "Ontwikkeldoel"),
    ("indicator", "Kernindicator"),
    ("norm", "Norm"),
    ("waarde", "Waarde"),
    ("status", "Status"),
    ("records", "Aantal records"),
    ("peildatum", "Gemeten op"),
]


def dashboard_rows(
    sections: list[PillarSection], goals: dict[Any, GoalLink], *, suppress: bool
) -> list[dict[str, Any]]:
    """One row per indicator. ``suppress``: small pupil counts as "<5" (toezicht, inspectie)."""
    rows = []
    for section in sections:
        for row in section.rows:
            indicator, m = row.indicator, row.measurement
            goal = goals.get(indicator.goal_uid)
            rows.append(
                {
                    "pijler": f"{section.number}. {section.title}".rstrip(". "),
                    "doel": f"{goal.number} {goal.title}" if goal else "",
                    "indicator": indicator.text,
                    "norm": indicator.norm_text,
                    "waarde": value_label(indicator, m, suppress=suppress),
                    "status": row.status,
                    "records": records_label(indicator, m, suppress=suppress),
                    "peildatum": m.peildatum.isoformat() if m else "",
                }
            )
    return rows


def dashboard_json(
    sections: list[PillarSection], goals: dict[Any, GoalLink], peildatum: datetime.date
) -> dict[str, Any]:
    """The machine-readable form: raw values next to the labels, for the bestuurder's CLI."""
    indicators = []
    for section in sections:
        for row in section.rows:
            indicator, m = row.indicator, row.measurement
            goal = goals.get(indicator.goal_uid)
            indicators.append(
                {
                    "pijler": section.number,
                    "pijler_titel": section.title,
                    "doel": goal.title if goal else None,
                    "kernindicator": indicator.text,
                    "norm": indicator.norm_text,
                    "eenheid": indicator.unit,
                    "waarde": (float(m.value) if m and m.value is not None else None),
                    "tekst": m.text if m else "",
                    "status": row.status,
                    "records": m.records if m else 0,
                    "gemeten_op": m.peildatum.isoformat() if m else None,
                }
            )
    return {
        "schema": "swvportal.dashboard/1",
        "peildatum": peildatum.isoformat(),
        "indicatoren": indicators,
    }


def dashboard_xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    data = tablib.Dataset(headers=[label for _, label in COLUMNS], title=title[:31])
    for row in rows:
        data.append([_safe(row[key]) for key, _ in COLUMNS])
    return data.export("xlsx")


def _safe(value: Any) -> Any:
    """A cell never starts with a formula character (CSV/XLSX injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
