"""The dashboard as a table: for the XLSX download and ``manage.py export_dashboard``."""

from __future__ import annotations

import datetime
from typing import Any

import tablib

from .disclosure import HIDDEN, HIDDEN_STATUS
from .display import is_hidden, records_label, status_label, value_label
from .selectors import GoalLink, PillarSection

COLUMNS = [
    ("pijler", "Pijler"),
    ("doel", "Ontwikkeldoel"),
    ("indicator", "Kernindicator"),
    ("norm", "Norm"),
    ("waarde", "Waarde"),
    ("status", "Status"),
    ("records", "Aantal gegevens"),
    ("peildatum", "Gemeten op"),
]


def dashboard_rows(
    sections: list[PillarSection], goals: dict[Any, GoalLink], *, suppress: bool
) -> list[dict[str, Any]]:
    """One row per indicator. ``suppress``: what ``disclosure`` hides reads "niet getoond"
    (toezicht, inspectie)."""
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
                    "status": status_label(indicator, m, suppress=suppress),
                    "records": records_label(indicator, m, suppress=suppress),
                    "peildatum": m.peildatum.isoformat() if m else "",
                }
            )
    return rows


def dashboard_json(
    sections: list[PillarSection],
    goals: dict[Any, GoalLink],
    peildatum: datetime.date,
    *,
    suppress: bool = True,
) -> dict[str, Any]:
    """The machine-readable form, raw values. ``suppress``: a figure ``disclosure`` hides has no
    value, records or status (``niet_getoond``), as toezicht sees it."""
    indicators = []
    for section in sections:
        for row in section.rows:
            indicator, m = row.indicator, row.measurement
            goal = goals.get(indicator.goal_uid)
            hidden = is_hidden(indicator, m, suppress=suppress)
            indicators.append(
                {
                    "pijler": section.number,
                    "pijler_titel": section.title,
                    "doel": goal.title if goal else None,
                    "kernindicator": indicator.text,
                    "norm": indicator.norm_text,
                    "eenheid": indicator.unit,
                    "waarde": (
                        float(m.value) if m and m.value is not None and not hidden else None
                    ),
                    "tekst": m.text if m else "",
                    "status": HIDDEN_STATUS if hidden else row.status,
                    "records": _records(indicator, m, suppress),
                    "niet_getoond": hidden,
                    "gemeten_op": m.peildatum.isoformat() if m else None,
                }
            )
    return {
        "schema": "swvportal.dashboard/1",
        "peildatum": peildatum.isoformat(),
        "indicatoren": indicators,
    }


def _records(indicator, m, suppress: bool) -> int | None:
    if m is None:
        return 0
    return None if records_label(indicator, m, suppress=suppress) == HIDDEN else m.records


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
