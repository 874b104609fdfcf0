"""The one rule for when a step applies (pillars.timing), as a table."""

from __future__ import annotations

import pytest

from pillars.models import Step
from pillars.timing import (
    StepYearProblem,
    applies_in,
    offered_years,
    step_year_problem,
    years_applying,
)
from swvportal.core.schoolyear import SchoolYear

Y = SchoolYear


@pytest.mark.parametrize(
    ("timing", "step_year", "school_year", "applies"),
    [
        ("schooljaar", 2027, 2027, True),
        ("schooljaar", 2027, 2026, False),
        ("schooljaar", 2027, 2028, False),
        ("schooljaar", None, 2027, False),
        ("vanaf", 2027, 2026, False),
        ("vanaf", 2027, 2027, True),
        ("vanaf", 2027, 2029, True),
        ("vanaf", None, 2029, False),
        ("jaarlijks", None, 2026, True),
        ("jaarlijks", None, 2040, True),
        ("doorlopend", None, 2026, True),
        ("onbekend", 2026, 2026, False),
        # SchoolYear values and stored first years mean the same.
        ("schooljaar", Y(2027), Y(2027), True),
        ("vanaf", Y(2027), 2028, True),
    ],
)
def test_when_a_step_applies(timing, step_year, school_year, applies):
    assert applies_in(timing, step_year, school_year) is applies
    step = Step(timing=timing, school_year=getattr(step_year, "start", step_year))
    assert step.applies_in(school_year) is applies


def test_the_years_of_a_plan_in_which_a_step_is_due():
    plan_years = list(SchoolYear.span(2026, 2029))
    assert years_applying("vanaf", 2028, plan_years) == [Y(2028), Y(2029)]
    assert years_applying("schooljaar", 2027, plan_years) == [Y(2027)]
    assert years_applying("doorlopend", None, plan_years) == plan_years
    assert years_applying("schooljaar", 2031, plan_years) == []


@pytest.mark.parametrize(
    ("timing", "year", "problem"),
    [
        ("schooljaar", 2026, None),
        ("schooljaar", 2029, None),
        ("schooljaar", 2025, StepYearProblem.OUTSIDE),
        ("schooljaar", 2030, StepYearProblem.OUTSIDE),
        ("schooljaar", None, StepYearProblem.MISSING),
        ("vanaf", 2029, None),
        ("vanaf", 2016, None),  # started up to ten years before the plan: carried over
        ("vanaf", 2015, StepYearProblem.TOO_EARLY),
        ("vanaf", 2030, StepYearProblem.AFTER),
        ("vanaf", None, StepYearProblem.MISSING),
        ("jaarlijks", None, None),
        ("jaarlijks", 2026, StepYearProblem.NOT_ALLOWED),
        ("doorlopend", 2027, StepYearProblem.NOT_ALLOWED),
    ],
)
def test_whether_timing_and_year_fit_a_plan_for_2026_to_2029(timing, year, problem):
    assert step_year_problem(timing, year, first=2026, last=Y(2029)) == problem


@pytest.mark.parametrize(
    ("timing", "year"),
    [(t, y) for t in ("schooljaar", "vanaf") for y in range(2010, 2035)],
)
def test_a_step_that_fits_the_plan_is_due_in_one_of_its_years(timing, year):
    fits = step_year_problem(timing, year, first=2026, last=2029) is None
    if fits:
        assert years_applying(timing, year, SchoolYear.span(2026, 2029))


def test_the_form_offers_two_years_before_the_plan_and_the_steps_own_year():
    assert offered_years(first=2026, last=2029) == [2024, 2025, 2026, 2027, 2028, 2029]
    assert offered_years(first=2026, last=2029, current=2018)[0] == 2018
    assert offered_years(first=2026, last=2029, current=2027) == list(range(2024, 2030))
