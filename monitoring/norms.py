"""Judging a measurement against its norm (domain.md §8; the seed's Bijlage 4).

Pure functions, no database: the dashboard, the monitoring report and the tests all judge a
figure the same way. A norm is one of six kinds:

========== ====================================== ========================================
kind       example in Bijlage 4                    parameters
========== ====================================== ========================================
percentage "≥ 95% volledig", "100% in 2028"       minimum (0–100), target_year (optional)
trend      "Dalende trend", "Stijgende lijn"      direction: "dalend" or "stijgend"
mijlpaal   "Er is een expertgroep in 2027"        target_year (the milestone is "ja" by then)
aantal     "Minimaal 2 per jaar", "Minimaal 3–5"  minimum, maximum (optional: a range)
score      "Positief (≥ 7)"                       minimum (on a scale of 1 to 10)
inzicht    "Inzicht + verbetering"                (none: a narrative, no number)
========== ====================================== ========================================

``target_year`` is the first calendar year of a school year: 2027 stands for 2027-2028. Before
that school year a norm that is not met yet is *op koers*; from then on it is *niet behaald*.

A trend is judged from at least three measurements (fewer: *geen gegevens*): the ordinary
least-squares slope of the value against time over the most recent ``TREND_WINDOW``
measurements. A falling norm is met when the slope is negative, a rising one when it is
positive; a flat line (slope zero) meets neither.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from swvportal.core.schoolyear import SchoolYear

TREND_MINIMUM_POINTS = 3
TREND_WINDOW = 6


class Status(StrEnum):
    MET = "behaald"
    NOT_MET = "niet behaald"
    ON_TRACK = "op koers"
    NO_DATA = "geen gegevens"


class NormKind(StrEnum):
    PERCENTAGE = "percentage"
    TREND = "trend"
    MILESTONE = "mijlpaal"
    COUNT = "aantal"
    SCORE = "score"
    INSIGHT = "inzicht"


@dataclass(frozen=True)
class Norm:
    kind: NormKind
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    direction: str | None = None  # trend: "dalend" or "stijgend"
    target_year: int | None = None

    def __post_init__(self) -> None:
        problems = _norm_problems(self)
        if problems:
            raise ValueError("; ".join(problems))


def _norm_problems(norm: Norm) -> list[str]:
    needs_minimum = (NormKind.PERCENTAGE, NormKind.COUNT, NormKind.SCORE)
    problems = []
    if norm.kind in needs_minimum and norm.minimum is None:
        problems.append(f"een norm van de soort {norm.kind} heeft een minimum nodig")
    if (
        norm.kind == NormKind.PERCENTAGE
        and norm.minimum is not None
        and not 0 <= norm.minimum <= 100
    ):
        problems.append("een percentage ligt tussen 0 en 100")
    if norm.kind == NormKind.SCORE and norm.minimum is not None and not 1 <= norm.minimum <= 10:
        problems.append("een score ligt tussen 1 en 10")
    if norm.maximum is not None and (norm.minimum is None or norm.maximum < norm.minimum):
        problems.append("het maximum is kleiner dan het minimum")
    if norm.kind == NormKind.TREND and norm.direction not in ("dalend", "stijgend"):
        problems.append("een trend is 'dalend' of 'stijgend'")
    if norm.kind == NormKind.MILESTONE and norm.target_year is None:
        problems.append("een mijlpaal heeft een schooljaar nodig")
    return problems


@dataclass(frozen=True)
class Point:
    """One measurement: the peildatum and its value (or, for *inzicht*, its text)."""

    on: datetime.date
    value: Decimal | None = None
    text: str = ""


def school_year_of(day: datetime.date) -> int:
    """The first calendar year of the school year ``day`` falls in (1 August – 31 July)."""
    return SchoolYear.from_date(day).start


def evaluate(norm: Norm, history: Sequence[Point]) -> Status:
    """The status of the latest measurement in ``history`` (oldest first) against ``norm``."""
    if not history:
        return Status.NO_DATA
    latest = history[-1]
    if norm.kind == NormKind.INSIGHT:
        return Status.MET if latest.text.strip() else Status.NO_DATA
    if latest.value is None:  # no figure on this peildatum: earlier ones do not stand in
        return Status.NO_DATA
    if norm.kind == NormKind.TREND:
        return _trend(norm, history)
    if _meets(norm, latest.value):
        return Status.MET
    before_target = norm.target_year is not None and school_year_of(latest.on) < norm.target_year
    return Status.ON_TRACK if before_target else Status.NOT_MET


def _meets(norm: Norm, value: Decimal) -> bool:
    if norm.kind == NormKind.MILESTONE:
        return value >= 1  # 1 = ja
    if value < norm.minimum:
        return False
    return norm.maximum is None or value <= norm.maximum


def _trend(norm: Norm, history: Sequence[Point]) -> Status:
    points = [p for p in history if p.value is not None][-TREND_WINDOW:]
    if len(points) < TREND_MINIMUM_POINTS:
        return Status.NO_DATA
    slope = trend_slope(points)
    if norm.direction == "dalend":
        return Status.MET if slope < 0 else Status.NOT_MET
    return Status.MET if slope > 0 else Status.NOT_MET


def trend_slope(points: Sequence[Point]) -> Decimal:
    """Least-squares slope of value against days since the first point (value per day)."""
    first = points[0].on
    xs = [Decimal((p.on - first).days) for p in points]
    ys = [Decimal(p.value) for p in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    if spread == 0:  # all on one day: no direction to speak of
        return Decimal(0)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
