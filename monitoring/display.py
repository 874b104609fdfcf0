"""How a figure is shown: Dutch number formats, small-count suppression and sparkline geometry.

Suppression (domain.md §2, §11): toezicht and inspectie see aggregates only, and a figure that
comes from pupil records and rests on fewer than ``SMALL_COUNT`` of them is shown as "<5": a
count below 5 itself, and a percentage or average computed over fewer than 5 records (one of
two pupils is 50%: the percentage would give the count away).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .models import Indicator, Measurement, Source, Unit

SMALL_COUNT = 5
SUPPRESSED = "<5"
NO_DATA = "geen gegevens"


def number(value: Decimal | float | int, decimals: int = 1) -> str:
    """12 → "12", 87.50 → "87,5": Dutch decimal comma, no trailing zeros."""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def value_label(indicator: Indicator, measurement: Measurement | None, *, suppress: bool) -> str:
    if measurement is None or (measurement.value is None and not measurement.text):
        return NO_DATA
    if indicator.unit == Unit.TEXT:
        return measurement.text or NO_DATA
    if measurement.value is None:
        return NO_DATA
    if suppress and is_small(indicator, measurement):
        return SUPPRESSED
    value = measurement.value
    if indicator.unit == Unit.YES_NO:
        return "ja" if value >= 1 else "nee"
    if indicator.unit == Unit.PERCENT:
        return f"{number(value)}%"
    return number(value)


def is_small(indicator: Indicator, measurement: Measurement) -> bool:
    """Would this figure give away a count of fewer than five pupils?"""
    if not indicator.counts_pupils:
        return False
    if measurement.records < SMALL_COUNT:
        return True
    return (
        indicator.unit == Unit.COUNT
        and measurement.value is not None
        and (measurement.value < SMALL_COUNT)
    )


def missing_reports(indicator: Indicator, measurement: Measurement | None) -> int:
    """How many schools had not reported when a school-sourced figure was computed."""
    if indicator.source != Source.SCHOOL or measurement is None:
        return 0
    return measurement.details.get("ontbreekt", 0)


def records_label(indicator: Indicator, measurement: Measurement | None, *, suppress: bool) -> str:
    if measurement is None:
        return "—"
    if suppress and indicator.counts_pupils and measurement.records < SMALL_COUNT:
        return SUPPRESSED
    return number(measurement.records)


def plot_value(indicator: Indicator, measurement: Measurement, *, suppress: bool) -> float | None:
    """The number a chart may draw: none for text, missing or suppressed figures."""
    if measurement.value is None or indicator.unit == Unit.TEXT:
        return None
    if suppress and is_small(indicator, measurement):
        return None
    return float(measurement.value)


DETAIL_LABELS = {
    "per_soort": "per soort",
    "absoluut": "absoluut verzuim",
    "relatief": "langdurig relatief verzuim",
    "vrijstellingen": "vrijstellingen (apart geteld)",
    "geoorloofd": "geoorloofd thuiszitten (apart geteld)",
    "gemiddelde_duur_dagen": "gemiddelde duur (dagen)",
    "teller": "voldoet",
    "noemer": "geteld",
    "per_uitkomst": "per uitkomst",
    "gerapporteerd": "scholen die rapporteerden",
    "verwacht": "scholen in totaal",
    "ontbreekt": "rapportage ontbreekt",
    "ja": "scholen met 'ja'",
    "schooljaar": "schooljaar van de invoer",
    "relatief_korter_dan_4_weken": "relatief verzuim korter dan 4 weken (telt niet mee)",
    "eigen_school": "terug op de eigen school",
    "andere_school": "andere school",
    "opdc": "OPDC",
    "vso": "vso",
    "mbo": "mbo",
    "buiten_swv": "onderwijs buiten het samenwerkingsverband",
}


def detail_rows(
    indicator: Indicator, measurement: Measurement | None, *, suppress: bool
) -> list[tuple[str, str]]:
    """The breakdown as (label, value) rows, with small pupil counts suppressed.

    Suppressing one small count is not enough when the others give it away by subtraction, so a
    group (per soort, per uitkomst) with one small count is hidden whole, and a percentage's
    teller and noemer are hidden together when the teller or the rest is small.
    """
    if measurement is None:
        return []
    hide_all = suppress and indicator.counts_pupils and measurement.records < SMALL_COUNT
    details = measurement.details or {}
    hidden = _hidden_keys(details) if suppress and indicator.counts_pupils else set()
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, data: dict[str, Any], hide_group: bool) -> None:
        for key, value in data.items():
            label = DETAIL_LABELS.get(key, key.replace("_", " "))
            label = f"{prefix} · {label}" if prefix else label
            if isinstance(value, dict):
                walk(label, value, hide_group or key in hidden)
            elif value is None:
                rows.append((label, "—"))
            elif isinstance(value, str):
                rows.append((label, value))
            elif hide_all or hide_group or key in hidden:
                rows.append((label, SUPPRESSED))
            else:
                rows.append((label, number(value)))

    walk("", details, False)
    return rows


def _small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value < SMALL_COUNT


def _hidden_keys(details: dict[str, Any]) -> set[str]:
    """Keys of ``details`` to suppress for toezicht: small counts and what would reveal them."""
    hidden = {k for k, v in details.items() if _small(v)}
    hidden |= {
        k for k, v in details.items() if isinstance(v, dict) and any(map(_small, v.values()))
    }
    teller, noemer = details.get("teller"), details.get("noemer")
    pair = isinstance(teller, int) and isinstance(noemer, int)
    if pair and (_small(teller) or _small(noemer - teller)):
        hidden |= {"teller", "noemer"}
    return hidden


def schools_to_hide(
    indicator: Indicator, figures: dict[int, Measurement | None], *, suppress: bool
) -> set[int]:
    """Schools whose figure toezicht may not see: the small ones and, when only one is small,
    the next smallest too, or the tenant's total minus the others would give the small one away.
    """
    if not (suppress and indicator.counts_pupils):
        return set()
    shown = {s: m for s, m in figures.items() if m is not None and m.value is not None}
    hidden = {s for s, m in shown.items() if is_small(indicator, m)}
    rest = sorted((m.records, s) for s, m in shown.items() if s not in hidden)
    if len(hidden) == 1 and rest:
        hidden.add(rest[0][1])
    return hidden


@dataclass
class Dot:
    x: str  # SVG coordinates as text: never localised ("4,0" would break the drawing)
    y: str
    label: str  # "01-10-2026: 16"
    value: str
    date: str
    text_y: str  # where the value is printed, just above the dot


@dataclass
class Sparkline:
    """Geometry for an inline SVG trend line; the numbers are also in a table beside it."""

    width: int
    height: int
    points: str  # "x,y x,y …" for <polyline>
    dots: list[Dot]
    description: str
    baseline: str  # y of the date labels (large charts)


def sparkline(
    labels: list[str], values: list[float | None], *, width: int = 120, height: int = 32
) -> Sparkline | None:
    """A line through the values that are known; None when fewer than two are.

    A large chart (height over 100) keeps room for the value above each dot and the date below.
    """
    known = [(i, v) for i, v in enumerate(values) if v is not None]
    if len(known) < 2:
        return None
    large = height > 100
    pad_x, top, bottom = (40, 28, 32) if large else (4, 4, 4)
    low, high = min(v for _, v in known), max(v for _, v in known)
    spread = (high - low) or 1.0
    step = (width - 2 * pad_x) / max(len(values) - 1, 1)
    dots = []
    for i, v in known:
        x = pad_x + i * step
        y = height - bottom - (v - low) / spread * (height - top - bottom)
        dots.append(
            Dot(
                f"{x:.1f}",
                f"{y:.1f}",
                f"{labels[i]}: {number(v)}",
                number(v),
                labels[i],
                f"{y - 10:.1f}",
            )
        )
    return Sparkline(
        width,
        height,
        " ".join(f"{d.x},{d.y}" for d in dots),
        dots,
        "; ".join(d.label for d in dots),
        f"{height - 8}",
    )
