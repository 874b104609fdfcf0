"""The kwaliteitskalender and the bijeenkomsten of a jaarplan's school year as its PDF prints
them (``plans.jaarplan.pdf``), from ``calendar_selectors`` (a fixed number of queries).

Both show the year as it stood at the end of a day (``as_of``): a due date ticked off later
is still open, a meeting held later not yet held. That keeps the PDF of a version as adopted
the same whenever it is made.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from swvportal.core.pdf import long_date

from ..models import Jaarplan
from .calendar_selectors import CategoryYear, SeriesYear, calendar_by_category, meetings_year


@dataclass(frozen=True)
class DueLine:
    day: str  # "1 juli 2027"
    done_on: str  # "20 juni 2027", "" while open
    overdue: bool = False


@dataclass(frozen=True)
class CalendarLine:
    title: str
    note: str
    rule: str  # "Jaarlijks vóór 1 juli"
    owner: str
    adopted_by: str
    dues: list[DueLine]


@dataclass(frozen=True)
class CalendarGroup:
    label: str
    lines: list[CalendarLine]


@dataclass(frozen=True)
class MeetingLine:
    planned_on: str
    held_on: str
    theme: str


@dataclass(frozen=True)
class SeriesPart:
    name: str
    group: str
    planned: int
    held: int
    meetings: list[MeetingLine]


def calendar_groups(
    jaarplan: Jaarplan, *, as_of: datetime.date | None, marks_overdue: bool = False
) -> list[CalendarGroup]:
    """The year's kwaliteitskalender per category: what was done by the end of ``as_of`` (all
    that is done when None), and with ``marks_overdue`` what is late on that day."""
    sections: list[CategoryYear] = calendar_by_category(
        tenant=jaarplan.tenant, school_year=jaarplan.school_year
    )
    groups = []
    for section in sections:
        lines = []
        for item, rule, dues in section.items:
            if not item.is_active:
                continue
            lines.append(
                CalendarLine(
                    title=item.title,
                    note=item.note,
                    rule=rule,
                    owner=item.owner,
                    adopted_by=item.adopted_by,
                    dues=[_due_line(d, as_of, marks_overdue) for d in dues],
                )
            )
        if lines:
            groups.append(CalendarGroup(section.label, lines))
    return groups


def _due_line(due, as_of: datetime.date | None, marks_overdue: bool) -> DueLine:
    done_on = due.done_on if due.is_done else None
    if done_on is not None and as_of is not None and done_on > as_of:
        done_on = None  # ticked off after the day this edition shows
    return DueLine(
        day=long_date(due.due_date),
        done_on=long_date(done_on) if done_on else "",
        overdue=bool(marks_overdue and as_of and done_on is None and due.due_date < as_of),
    )


def series_parts(jaarplan: Jaarplan, *, as_of: datetime.date | None) -> list[SeriesPart]:
    """Per series of bijeenkomsten the year's meetings; held means held by the end of
    ``as_of``."""
    found: list[SeriesYear] = meetings_year(
        tenant=jaarplan.tenant, school_year=jaarplan.school_year
    )
    parts = []
    for one in found:
        lines = []
        for meeting in one.meetings:
            held = meeting.held_on
            if held is not None and as_of is not None and held > as_of:
                held = None
            lines.append(
                MeetingLine(
                    planned_on=long_date(meeting.planned_on) if meeting.planned_on else "",
                    held_on=long_date(held) if held else "",
                    theme=meeting.theme,
                )
            )
        held_count = sum(1 for line in lines if line.held_on)
        parts.append(SeriesPart(one.series.name, one.series.group, one.planned, held_count, lines))
    return parts
