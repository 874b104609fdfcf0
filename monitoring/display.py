"""How a figure is shown: Dutch number formats, small-count suppression and sparkline geometry.

Suppression (domain.md §2, §11; issue #10 item 4): toezicht and inspectie see aggregates only.
The rule of what they may not see is ``disclosure`` (pure functions); here it is applied to an
indicator's ``Measurement``: a hidden figure reads ``HIDDEN`` and its status ``HIDDEN_STATUS``,
on every page, export, chart and PDF alike, because they all print through these functions.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING, Any

from swvportal.core.calculations import CALCULATIONS

from . import disclosure
from .disclosure import HIDDEN, HIDDEN_STATUS
from .models import Indicator, Measurement, Source, Unit

if TYPE_CHECKING:  # selectors reads through display's labels: import its types for hints only
    from .selectors import GoalLink, PillarSection, Row

SMALL_COUNT = disclosure.SMALL_MAX + 1
SUPPRESSED = HIDDEN
NO_DATA = "geen gegevens"


def number(value: Decimal | float | int, decimals: int = 1) -> str:
    """12 → "12", 87.50 → "87,5": Dutch decimal comma, no trailing zeros."""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}".replace(",", ".")
    return f"{value:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def cells(indicator: Indicator, measurement: Measurement, *, breakdown: bool = False):
    return disclosure.figure_cells(
        percent=indicator.unit == Unit.PERCENT,
        value=measurement.value,
        records=measurement.records,
        details=measurement.details,
        breakdown=breakdown,
    )


def hidden_cells(
    indicator: Indicator, measurement: Measurement | None, *, suppress: bool
) -> frozenset[str]:
    """The cells of the tenant's figure this reader may not see (none for bestuurders, and
    none for figures that do not come from pupil records)."""
    if not suppress or measurement is None or not indicator.counts_pupils:
        return frozenset()
    found = getattr(measurement, "_hidden_cells", None)  # every label asks: judge once
    if found is None:
        found = disclosure.protect(cells(indicator, measurement))
        measurement._hidden_cells = found
    return found


def is_hidden(indicator: Indicator, measurement: Measurement | None, *, suppress: bool) -> bool:
    return disclosure.VALUE in hidden_cells(indicator, measurement, suppress=suppress)


def value_label(indicator: Indicator, measurement: Measurement | None, *, suppress: bool) -> str:
    if measurement is None or (measurement.value is None and not measurement.text):
        return NO_DATA
    if indicator.unit == Unit.TEXT:
        return measurement.text or NO_DATA
    if measurement.value is None:
        return NO_DATA
    if is_hidden(indicator, measurement, suppress=suppress):
        return small_label(indicator, measurement)
    value = measurement.value
    if indicator.unit == Unit.YES_NO:
        return "ja" if value >= 1 else "nee"
    if indicator.unit == Unit.PERCENT:
        return f"{number(value)}%"
    return number(value)


def small_label(indicator: Indicator, measurement: Measurement) -> str:
    """A hidden figure's words: ``HIDDEN``, or the calculation's own ``small_label`` ("<5") for
    a count that is hidden because it is 1 to 4 itself (not one hidden to protect another)."""
    found = CALCULATIONS.get(indicator.calculation) if indicator.source == Source.COMPUTED else None
    if (
        found is not None
        and found.small_label
        and indicator.unit == Unit.COUNT
        and disclosure.is_small(int(measurement.value))
    ):
        return found.small_label
    return HIDDEN


def status_label(indicator: Indicator, measurement: Measurement | None, *, suppress: bool) -> str:
    """The status in words; a hidden figure's status would give it away, so it is hidden too."""
    if measurement is None:
        return NO_DATA
    if is_hidden(indicator, measurement, suppress=suppress):
        return HIDDEN_STATUS
    return measurement.status


def missing_reports(indicator: Indicator, measurement: Measurement | None) -> int:
    """How many schools had not reported when a school-sourced figure was computed."""
    if indicator.source != Source.SCHOOL or measurement is None:
        return 0
    return measurement.details.get("ontbreekt", 0)


def records_label(indicator: Indicator, measurement: Measurement | None, *, suppress: bool) -> str:
    if measurement is None:
        return "—"
    if disclosure.RECORDS in hidden_cells(indicator, measurement, suppress=suppress):
        return HIDDEN
    return number(measurement.records)


def plot_value(indicator: Indicator, measurement: Measurement, *, suppress: bool) -> float | None:
    """The number a chart may draw: none for text, missing or hidden figures."""
    if measurement.value is None or indicator.unit == Unit.TEXT:
        return None
    if is_hidden(indicator, measurement, suppress=suppress):
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
    "per_categorie": "per categorie",
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
    """The breakdown as (label, value) rows; a cell ``disclosure`` hides reads ``HIDDEN``.

    A nested key is the cell ``parent.key`` (``per_soort.absoluut``).
    """
    if measurement is None:
        return []
    hidden = hidden_cells(indicator, measurement, suppress=suppress)
    rows: list[tuple[str, str]] = []

    def walk(prefix: str, path: str, data: Mapping[str, Any]) -> None:
        for key, value in data.items():
            label = DETAIL_LABELS.get(key, key.replace("_", " "))
            label = f"{prefix} · {label}" if prefix else label
            name = f"{path}.{key}" if path else key
            if isinstance(value, dict):
                walk(label, name, value)
            elif name in hidden:
                rows.append((label, HIDDEN))
            elif value is None:
                rows.append((label, "—"))
            elif isinstance(value, str):
                rows.append((label, value))
            else:
                rows.append((label, number(value)))

    walk("", "", measurement.details or {})
    return rows


def schools_hidden(
    indicator: Indicator,
    tenant: Measurement | None,
    figures: Mapping[int, Measurement | None],
    *,
    suppress: bool,
) -> dict[int, frozenset[str]]:
    """Per school the cells of its row toezicht may not see (``disclosure.breakdown_hidden``):
    its own small counts, and what would let the tenant's figure minus the others give them."""
    if not (suppress and indicator.counts_pupils):
        return {}
    shown = {s: m for s, m in figures.items() if m is not None}
    schools = {s: cells(indicator, m, breakdown=True) for s, m in shown.items()}
    if tenant is None:  # no tenant figure on the page: judge the schools against each other
        return {s: disclosure.protect(c) for s, c in schools.items()}
    tenant_cells = cells(indicator, tenant)
    hidden = hidden_cells(indicator, tenant, suppress=suppress)
    return disclosure.breakdown_hidden(tenant_cells, hidden, schools)


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


# --- One kernindicator as every page, export and PDF prints it ---------------------------------


@dataclass
class IndicatorRow:
    """One kernindicator ready to print: the dashboard page, its XLSX and JSON exports, the
    monitoring PDF and the plan's pijler pages all read these labels, so that a figure is
    suppressed, worded and dated the same way everywhere (``indicator_rows``)."""

    indicator: Indicator
    measurement: Measurement | None
    goal: GoalLink | None
    value: str  # ``value_label``
    status: str  # ``status_label``
    records: str  # ``records_label``
    hidden: bool  # the figure itself is not shown (``is_hidden``)
    missing_reports: int
    dates: list[str]  # the history's peildata as "dd-mm-jjjj", oldest first
    plot: list[float | None]  # per peildatum what a chart may draw (``plot_value``)
    history: list[tuple[str, str]]  # per peildatum (date, value label)

    @property
    def measured_on(self) -> datetime.date | None:
        return self.measurement.peildatum if self.measurement else None

    @cached_property
    def sparkline(self) -> Sparkline | None:
        """The small trend line of the dashboard's table."""
        return sparkline(self.dates, self.plot)

    def chart(self, *, width: int, height: int) -> Sparkline | None:
        return sparkline(self.dates, self.plot, width=width, height=height)


@dataclass
class IndicatorSection:
    number: int
    title: str
    rows: list[IndicatorRow]


def indicator_row(row: Row, goal: GoalLink | None, *, suppress: bool) -> IndicatorRow:
    """``row`` (``selectors.Row``) in words; ``suppress``: hide what ``disclosure`` hides."""
    indicator, m = row.indicator, row.measurement
    dates = [f"{point.peildatum:%d-%m-%Y}" for point in row.history]
    return IndicatorRow(
        indicator=indicator,
        measurement=m,
        goal=goal,
        value=value_label(indicator, m, suppress=suppress),
        status=status_label(indicator, m, suppress=suppress),
        records=records_label(indicator, m, suppress=suppress),
        hidden=is_hidden(indicator, m, suppress=suppress),
        missing_reports=missing_reports(indicator, m),
        dates=dates,
        plot=[plot_value(indicator, point, suppress=suppress) for point in row.history],
        history=[
            (date, value_label(indicator, point, suppress=suppress))
            for date, point in zip(dates, row.history, strict=True)
        ],
    )


def indicator_rows(
    sections: list[PillarSection], goals: Mapping[Any, GoalLink], *, suppress: bool
) -> list[IndicatorSection]:
    """The dashboard's sections (``selectors.dashboard``) in words, each row with its doel.

    No queries: everything comes from the sections and ``goals`` (``selectors.goal_links``).
    """
    return [
        IndicatorSection(
            section.number,
            section.title,
            [
                indicator_row(row, goals.get(row.indicator.goal_uid), suppress=suppress)
                for row in section.rows
            ],
        )
        for section in sections
    ]
