"""The kwaliteitskalender's frequency rules, as pure functions: which due dates an item has in a
school year. The page, the PDF, the export and the iCalendar feed all ask ``due_dates``.

* *jaarlijks vóór 1 juli*: every school year, the 1 July that falls in it (2026-2027: 1 July 2027).
* *een keer per twee / vier jaar vóór 1 mei*: only in the school years ``anchor + 2k`` (``+ 4k``);
  the anchor is a school year in which it falls (for the OSP: the year before a plan's first
  school year, when it must reach the Inspectie).
* *een aantal keer per jaar*: on fixed days (``[[11, 1], [3, 1], [7, 1]]``) in every school year.
* *volgens planning*: the dates entered, those that fall in the school year.

A date that does not exist in a year (29 February) moves to the last day of that month.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from swvportal.core.schoolyear import SchoolYear

YEARLY, BIENNIAL, FOUR_YEARLY, TIMES_A_YEAR, PLANNED = (
    "jaarlijks",
    "tweejaarlijks",
    "vierjaarlijks",
    "meermaals",
    "planning",
)
CYCLE = {YEARLY: 1, BIENNIAL: 2, FOUR_YEARLY: 4}
# Without a day: the end of the school year (vóór 1 augustus).
DEFAULT_MONTH, DEFAULT_DAY = 8, 1


@dataclass(frozen=True)
class Rule:
    """What ``due_dates`` needs of an item (a ``CalendarItem`` has these attributes)."""

    frequency: str
    due_month: int | None = None
    due_day: int | None = None
    anchor_year: int | None = None
    dates: Sequence = ()


def _date_in(year: SchoolYear, month: int, day: int) -> datetime.date:
    calendar_year = year.start if month >= 8 else year.start + 1
    day = min(day, calendar.monthrange(calendar_year, month)[1])
    return datetime.date(calendar_year, month, day)


def _deadline(year: SchoolYear, month: int | None, day: int | None) -> datetime.date:
    """'vóór 1 augustus' of a school year ends it; its 1 August is the next year's first day."""
    month, day = month or DEFAULT_MONTH, day or DEFAULT_DAY
    if (month, day) == (8, 1):
        return year.last_day + datetime.timedelta(days=1)
    return _date_in(year, month, day)


def falls_in(rule: Rule, school_year: SchoolYear | int) -> bool:
    """Whether a two- or four-yearly item falls in this school year (every other rule: yes)."""
    year = school_year.start if isinstance(school_year, SchoolYear) else int(school_year)
    cycle = CYCLE.get(rule.frequency)
    if cycle is None or cycle == 1:
        return True
    if rule.anchor_year is None:
        return False
    return (year - rule.anchor_year) % cycle == 0


def due_dates(rule: Rule, school_year: SchoolYear | int) -> list[datetime.date]:
    """Every due date of the item in ``school_year``, in order."""
    year = school_year if isinstance(school_year, SchoolYear) else SchoolYear(int(school_year))
    if rule.frequency in CYCLE:
        if not falls_in(rule, year):
            return []
        return [_deadline(year, rule.due_month, rule.due_day)]
    if rule.frequency == TIMES_A_YEAR:
        return sorted({_date_in(year, int(m), int(d)) for m, d in rule.dates})
    if rule.frequency == PLANNED:
        days = {datetime.date.fromisoformat(str(d)) for d in rule.dates}
        return sorted(d for d in days if year.first_day <= d <= year.last_day)
    return []


def school_year_of_due(rule: Rule, day: datetime.date) -> SchoolYear | None:
    """The school year whose due date ``day`` is, or None when the rule has no such date.

    Usually the school year ``day`` falls in; a 'vóór 1 augustus' date (1 August 2027) closes
    the year before it (2026-2027), so that year is tried too.
    """
    year = SchoolYear.from_date(day)
    for candidate in (year, year.previous):
        if day in due_dates(rule, candidate):
            return candidate
    return None


def is_due_date(rule: Rule, day: datetime.date) -> bool:
    """Whether ``day`` is one of the rule's due dates (in whatever school year)."""
    return school_year_of_due(rule, day) is not None


def describe(rule: Rule) -> str:
    """The rule in the kwaliteitskalender's words: 'Jaarlijks vóór 1 juli'."""
    from django.utils.formats import date_format

    def day_label(month: int | None, day: int | None) -> str:
        month, day = month or DEFAULT_MONTH, day or DEFAULT_DAY
        return date_format(datetime.date(2001, month, day), "j F")

    if rule.frequency == YEARLY:
        return f"Jaarlijks vóór {day_label(rule.due_month, rule.due_day)}"
    if rule.frequency == BIENNIAL:
        return f"Een keer per twee jaar vóór {day_label(rule.due_month, rule.due_day)}"
    if rule.frequency == FOUR_YEARLY:
        return f"Een keer per vier jaar vóór {day_label(rule.due_month, rule.due_day)}"
    if rule.frequency == TIMES_A_YEAR:
        words = {1: "Een", 2: "Twee", 3: "Drie", 4: "Vier", 5: "Vijf", 6: "Zes"}
        count = len(rule.dates)
        days = ", ".join(day_label(int(m), int(d)) for m, d in sorted(rule.dates, key=_in_year))
        return f"{words.get(count, str(count))} keer per jaar ({days})"
    return "Volgens planning"


def _in_year(month_day) -> tuple[int, int]:
    """Sort key of a [month, day] within a school year (August first)."""
    month, day = int(month_day[0]), int(month_day[1])
    return ((month - 8) % 12, day)
