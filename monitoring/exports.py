"""The dashboard as a table: for the XLSX download and ``manage.py export_dashboard``."""

from __future__ import annotations

import datetime
from typing import Any

import tablib

from swvportal.core.spreadsheets import text_cell

from .disclosure import HIDDEN
from .display import IndicatorRow, IndicatorSection, indicator_rows
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
    return [
        {
            "pijler": f"{section.number}. {section.title}".rstrip(". "),
            "doel": f"{row.goal.number} {row.goal.title}" if row.goal else "",
            "indicator": row.indicator.text,
            "norm": row.indicator.norm_text,
            "waarde": row.value,
            "status": row.status,
            "records": row.records,
            "peildatum": row.measured_on.isoformat() if row.measured_on else "",
        }
        for section in indicator_rows(sections, goals, suppress=suppress)
        for row in section.rows
    ]


def dashboard_json(
    sections: list[PillarSection],
    goals: dict[Any, GoalLink],
    peildatum: datetime.date,
    *,
    suppress: bool = True,
) -> dict[str, Any]:
    """The machine-readable form, raw values. ``suppress``: a figure ``disclosure`` hides has no
    value, records or status (``niet_getoond``), as toezicht sees it."""
    return {
        "schema": "swvportal.dashboard/1",
        "peildatum": peildatum.isoformat(),
        "indicatoren": [
            _json_row(section, row)
            for section in indicator_rows(sections, goals, suppress=suppress)
            for row in section.rows
        ],
    }


def _json_row(section: IndicatorSection, row: IndicatorRow) -> dict[str, Any]:
    m = row.measurement
    return {
        "pijler": section.number,
        "pijler_titel": section.title,
        "doel": row.goal.title if row.goal else None,
        "kernindicator": row.indicator.text,
        "norm": row.indicator.norm_text,
        "eenheid": row.indicator.unit,
        "waarde": float(m.value) if m and m.value is not None and not row.hidden else None,
        "tekst": m.text if m else "",
        "status": row.status,  # ``status_label``: "niet getoond (…)" when hidden
        "records": _records(row),
        "niet_getoond": row.hidden,
        "gemeten_op": row.measured_on.isoformat() if row.measured_on else None,
    }


def _records(row: IndicatorRow) -> int | None:
    if row.measurement is None:
        return 0
    return None if row.records == HIDDEN else row.measurement.records


def dashboard_xlsx(rows: list[dict[str, Any]], title: str) -> bytes:
    data = tablib.Dataset(headers=[label for _, label in COLUMNS], title=title[:31])
    for row in rows:
        data.append([text_cell(row[key]) for key, _ in COLUMNS])
    return data.export("xlsx")
