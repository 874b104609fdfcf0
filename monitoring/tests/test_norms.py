"""Table-driven tests of norm evaluation, one table per norm kind (issue 5's acceptance)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from monitoring.norms import (
    Norm,
    NormKind,
    Point,
    Status,
    evaluate,
    school_year_of,
    trend_slope,
)

MET, NOT_MET, ON_TRACK, NO_DATA = Status.MET, Status.NOT_MET, Status.ON_TRACK, Status.NO_DATA
OCT_2026 = datetime.date(2026, 10, 1)  # in school year 2026-2027
MAR_2028 = datetime.date(2028, 3, 1)  # in school year 2027-2028
OCT_2028 = datetime.date(2028, 10, 1)  # in school year 2028-2029


def _one(value, on=OCT_2026) -> list[Point]:
    return [Point(on, None if value is None else Decimal(str(value)))]


@pytest.mark.parametrize(
    ("norm", "value", "on", "expected"),
    [
        # "≥ 95% volledig"
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(95)), 96, OCT_2026, MET),
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(95)), 95, OCT_2026, MET),
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(95)), "94.9", OCT_2026, NOT_MET),
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(95)), None, OCT_2026, NO_DATA),
        # "100% in 2028" (school year 2028-2029): op koers before, niet behaald from then on
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(100), target_year=2028), 80, OCT_2026, ON_TRACK),
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(100), target_year=2028), 80, MAR_2028, ON_TRACK),
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(100), target_year=2028), 80, OCT_2028, NOT_MET),
        (Norm(NormKind.PERCENTAGE, minimum=Decimal(100), target_year=2028), 100, OCT_2026, MET),
        # "Er is een expertgroep in 2027": ja (1) or nee (0)
        (Norm(NormKind.MILESTONE, target_year=2027), 0, OCT_2026, ON_TRACK),
        (Norm(NormKind.MILESTONE, target_year=2027), 0, OCT_2028, NOT_MET),
        (Norm(NormKind.MILESTONE, target_year=2027), 1, OCT_2026, MET),
        (Norm(NormKind.MILESTONE, target_year=2027), None, OCT_2026, NO_DATA),
        # "Minimaal 2 per jaar" and "Minimaal 3–5"
        (Norm(NormKind.COUNT, minimum=Decimal(2)), 2, OCT_2026, MET),
        (Norm(NormKind.COUNT, minimum=Decimal(2)), 1, OCT_2026, NOT_MET),
        (Norm(NormKind.COUNT, minimum=Decimal(3), maximum=Decimal(5)), 4, OCT_2026, MET),
        (Norm(NormKind.COUNT, minimum=Decimal(3), maximum=Decimal(5)), 6, OCT_2026, NOT_MET),
        (Norm(NormKind.COUNT, minimum=Decimal(3), maximum=Decimal(5)), 2, OCT_2026, NOT_MET),
        # "Positief (≥ 7)"
        (Norm(NormKind.SCORE, minimum=Decimal(7)), "7.0", OCT_2026, MET),
        (Norm(NormKind.SCORE, minimum=Decimal(7)), "6.9", OCT_2026, NOT_MET),
    ],
)
def test_norms_with_a_threshold(norm, value, on, expected):
    assert evaluate(norm, _one(value, on)) == expected


def _series(*values, start=datetime.date(2025, 10, 1), step_days=182) -> list[Point]:
    return [
        Point(
            start + datetime.timedelta(days=i * step_days), None if v is None else Decimal(str(v))
        )
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize(
    ("direction", "values", "expected"),
    [
        ("dalend", (30, 25, 20), MET),
        ("dalend", (30, 35, 28, 25, 22), MET),  # a bump, but the line goes down
        ("dalend", (20, 25, 30), NOT_MET),
        ("dalend", (20, 20, 20), NOT_MET),  # flat is not falling
        ("dalend", (30, 20), NO_DATA),  # fewer than three measurements
        ("dalend", (30, None, 20), NO_DATA),  # a missing figure does not count
        ("dalend", (), NO_DATA),
        ("stijgend", (1, 2, 3), MET),
        ("stijgend", (3, 2, 1), NOT_MET),
        ("stijgend", (5, 5, 5, 5), NOT_MET),
        # Only the latest six count: an old rise no longer hides a recent fall.
        ("stijgend", (1, 2, 3, 4, 5, 6, 9, 8, 7, 6, 5, 4), NOT_MET),
    ],
)
def test_trends_need_three_measurements_and_follow_the_least_squares_slope(
    direction, values, expected
):
    assert evaluate(Norm(NormKind.TREND, direction=direction), _series(*values)) == expected


def test_the_slope_is_value_per_day():
    points = _series(10, 20, 30, step_days=10)
    assert trend_slope(points) == Decimal(1)


@pytest.mark.parametrize(
    ("text", "expected"), [("Doorstroom besproken met PrO.", MET), ("   ", NO_DATA), ("", NO_DATA)]
)
def test_insight_norms_are_met_by_a_narrative(text, expected):
    assert evaluate(Norm(NormKind.INSIGHT), [Point(OCT_2026, text=text)]) == expected


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": NormKind.PERCENTAGE}, "minimum nodig"),
        ({"kind": NormKind.PERCENTAGE, "minimum": Decimal(120)}, "tussen 0 en 100"),
        ({"kind": NormKind.SCORE, "minimum": Decimal(11)}, "tussen 1 en 10"),
        ({"kind": NormKind.COUNT, "minimum": Decimal(5), "maximum": Decimal(3)}, "maximum"),
        ({"kind": NormKind.TREND, "direction": "zijwaarts"}, "dalend"),
        ({"kind": NormKind.MILESTONE}, "schooljaar nodig"),
    ],
)
def test_impossible_norms_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Norm(**kwargs)


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 8, 1), 2026),
        (datetime.date(2026, 7, 31), 2025),
        (datetime.date(2027, 1, 15), 2026),
    ],
)
def test_school_years_run_from_august(day, year):
    assert school_year_of(day) == year
