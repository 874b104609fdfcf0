"""When a step of an ontwikkeldoel applies, written once.

A step is set *in* one school year (``schooljaar``), *from* a school year on (``vanaf``), every
year (``jaarlijks``) or all the time (``doorlopend``). The step form, the plan's outline (the
service's check), the exchange format and the jaarplan all ask this module; each says the problem
in its own words, but none decides differently.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from swvportal.core.schoolyear import SchoolYear

from .models import TIMINGS_WITH_YEAR, StepTiming

# A 'vanaf' step may have started before the plan (a measure carried over), but not ages ago.
FROM_YEAR_LOOKBACK = 10
# The step form offers this many school years before the plan's first (the usual carry-overs).
FORM_LOOKBACK = 2

YearLike = SchoolYear | int


class StepYearProblem(StrEnum):
    MISSING = "missing"  # 'schooljaar' or 'vanaf' without a school year
    NOT_ALLOWED = "not_allowed"  # 'jaarlijks' or 'doorlopend' with a school year
    OUTSIDE = "outside"  # 'schooljaar' outside the plan period
    AFTER = "after"  # 'vanaf' a year after the plan period
    TOO_EARLY = "too_early"  # 'vanaf' more than FROM_YEAR_LOOKBACK years before the period


def _start(year: YearLike) -> int:
    return year.start if isinstance(year, SchoolYear) else int(year)


def needs_year(timing: str) -> bool:
    return timing in TIMINGS_WITH_YEAR


def applies_in(timing: str, step_year: YearLike | None, school_year: YearLike) -> bool:
    """Whether a step with this timing (and year) is due in ``school_year``."""
    if timing == StepTiming.IN_YEAR:
        return step_year is not None and _start(step_year) == _start(school_year)
    if timing == StepTiming.FROM_YEAR:
        return step_year is not None and _start(step_year) <= _start(school_year)
    return timing in (StepTiming.YEARLY, StepTiming.ONGOING)


def years_applying(
    timing: str, step_year: YearLike | None, years: Iterable[YearLike]
) -> list[SchoolYear]:
    """The school years of ``years`` in which the step is due (the jaarplan's question)."""
    return [SchoolYear(_start(y)) for y in years if applies_in(timing, step_year, y)]


def step_year_problem(
    timing: str, step_year: YearLike | None, *, first: YearLike, last: YearLike
) -> StepYearProblem | None:
    """Why this timing and year do not fit a plan for ``first`` … ``last`` (None: they fit).

    A step must be due in at least one school year of the plan; a 'vanaf' step may start up to
    ``FROM_YEAR_LOOKBACK`` years before it.
    """
    if not needs_year(timing):
        return StepYearProblem.NOT_ALLOWED if step_year is not None else None
    if step_year is None:
        return StepYearProblem.MISSING
    year, first, last = _start(step_year), _start(first), _start(last)
    if timing == StepTiming.IN_YEAR:
        return None if first <= year <= last else StepYearProblem.OUTSIDE
    if year > last:
        return StepYearProblem.AFTER
    if year < first - FROM_YEAR_LOOKBACK:
        return StepYearProblem.TOO_EARLY
    return None


def offered_years(*, first: YearLike, last: YearLike, current: int | None = None) -> list[int]:
    """The school years the step form offers: a little before the plan, up to its last year,
    and the step's own year if it lies outside that (so an existing step can be saved as is)."""
    years = list(range(_start(first) - FORM_LOOKBACK, _start(last) + 1))
    if current is not None and current not in years:
        years = sorted([*years, current])
    return years
