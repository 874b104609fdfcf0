"""Reads of the kwaliteitskalender and the bijeenkomsten for one school year, as the pages, the
PDF, the export and the iCalendar feed all read them (each in a fixed number of queries).

``calendar_year``: every due date of the year (``plans.calendar_rules.due_dates``), each with
what marked it done: a person (a ``CalendarOccurrence``) or the portal itself, for an item linked
to something it knows (``CalendarItem.link``). A linked event counts for a due date when it
happened in the same school year: the OSP sent to the Inspectie (``Plan.sent_on``), a monitoring
report issued (an ``IssuedDocument`` of kind ``monitoring``), the jaarplan of that year adopted.

``meetings_year``: per active series the meetings of the year, planned against held, and where
the series stands (``SeriesYear.state``: afgerond, achter, op schema); ``series_years``: one
series over all its school years.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from finance import selectors as finance_selectors
from swvportal.core.schoolyear import SchoolYear
from swvportal.documents.models import IssuedDocument

from ..calendar_rules import Rule, describe, due_dates
from ..models import (
    CalendarItem,
    CalendarLink,
    CalendarOccurrence,
    Jaarplan,
    Meeting,
    MeetingSeries,
    Plan,
)

MONITORING_KIND = "monitoring"  # the monitoring report's key in documents.registry


def rule_of(item: CalendarItem) -> Rule:
    return Rule(item.frequency, item.due_month, item.due_day, item.anchor_year, item.dates)


@dataclass
class AutoDone:
    on: datetime.date
    what: str  # "Ondersteuningsplan 4.0 verzonden aan de inspectie"
    document: IssuedDocument | None = None


@dataclass
class Due:
    item: CalendarItem
    due_date: datetime.date
    done: CalendarOccurrence | None = None
    auto: AutoDone | None = None

    @property
    def is_done(self) -> bool:
        return self.done is not None or self.auto is not None

    @property
    def done_on(self) -> datetime.date | None:
        if self.done is not None:
            return self.done.done_on
        return self.auto.on if self.auto else None

    @property
    def document(self) -> IssuedDocument | None:
        if self.done is not None and self.done.document_id:
            return self.done.document
        return self.auto.document if self.auto else None

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return not self.is_done and self.due_date < (today or timezone.localdate())


def _auto_done(tenant, year: SchoolYear) -> dict[str, AutoDone]:
    """What the portal knows happened in ``year``, per link kind (four queries)."""
    found: dict[str, AutoDone] = {}
    sent = (
        Plan.objects.filter(tenant=tenant, sent_on__gte=year.first_day, sent_on__lte=year.last_day)
        .order_by("sent_on")
        .first()
    )
    if sent is not None:
        found[CalendarLink.OSP_SENT] = AutoDone(
            sent.sent_on, f"{sent.title} (versie {sent.version}) verzonden aan de inspectie"
        )
    report = (
        IssuedDocument.objects.filter(
            tenant=tenant,
            kind=MONITORING_KIND,
            created_at__date__gte=year.first_day,
            created_at__date__lte=year.last_day,
        )
        .order_by("created_at")
        .first()
    )
    if report is not None:
        found[CalendarLink.MONITORING_REPORT] = AutoDone(
            timezone.localtime(report.created_at).date(), report.title, report
        )
    budget = finance_selectors.begroting_adopted_between(
        tenant=tenant, first=year.first_day, last=year.last_day
    )
    if budget is not None:
        found[CalendarLink.BEGROTING_ADOPTED] = AutoDone(budget.adopted_on, f"{budget} vastgesteld")
    adopted = (
        Jaarplan.objects.filter(tenant=tenant, school_year=year.start, adopted_on__isnull=False)
        .order_by("adopted_on")
        .first()
    )
    if adopted is not None:
        found[CalendarLink.JAARPLAN_ADOPTED] = AutoDone(
            adopted.adopted_on, f"{adopted} vastgesteld"
        )
    return found


def calendar_year(
    *, tenant, school_year: SchoolYear | int, items: list[CalendarItem] | None = None
) -> list[Due]:
    """Every due date of the active items in ``school_year``, by date then category."""
    year = school_year if isinstance(school_year, SchoolYear) else SchoolYear(int(school_year))
    if items is None:
        items = list(CalendarItem.objects.filter(tenant=tenant, is_active=True))
    dues = [Due(item, day) for item in items for day in due_dates(rule_of(item), year)]
    if not dues:
        return []
    days = [d.due_date for d in dues]
    marked = {
        (o.item_id, o.due_date): o
        for o in CalendarOccurrence.objects.filter(
            item__in=items, due_date__gte=min(days), due_date__lte=max(days)
        ).select_related("done_by", "document")
    }
    auto = _auto_done(tenant, year) if any(i.link for i in items) else {}
    for due in dues:
        due.done = marked.get((due.item.pk, due.due_date))
        if due.item.link:
            due.auto = auto.get(due.item.link)
    return sorted(dues, key=lambda d: (d.due_date, d.item.category, d.item.position, d.item.pk))


@dataclass
class CategoryYear:
    category: str
    label: str
    items: list[tuple[CalendarItem, str, list[Due]]] = field(default_factory=list)  # rule text


def calendar_by_category(*, tenant, school_year: SchoolYear | int) -> list[CategoryYear]:
    """The kwaliteitskalender as the seed prints it: per category each item (active or not)
    with its rule in words and its due dates of the year."""
    from ..models import CalendarCategory

    items = list(CalendarItem.objects.filter(tenant=tenant).order_by("category", "position", "pk"))
    dues = calendar_year(
        tenant=tenant, school_year=school_year, items=[i for i in items if i.is_active]
    )
    per_item: dict[int, list[Due]] = {}
    for due in dues:
        per_item.setdefault(due.item.pk, []).append(due)
    sections = {c: CategoryYear(c, CalendarCategory(c).label) for c in CalendarCategory.values}
    for item in items:
        sections[item.category].items.append(
            (item, describe(rule_of(item)), per_item.get(item.pk, []))
        )
    return [s for s in sections.values() if s.items]


class SeriesState:
    """Where a series stands in a school year, in words (the colour of a badge is extra)."""

    DONE = "afgerond"  # held as often as planned
    BEHIND = "achter"  # a planned date passed without the meeting, or the year ended short
    ON_TRACK = "op schema"
    AHEAD = "gepland"  # the school year has not begun


@dataclass
class SeriesYear:
    series: MeetingSeries
    meetings: list[Meeting]
    school_year: SchoolYear | None = None  # None: read without a year (older callers)

    @property
    def planned(self) -> int:
        """The planned count: the series' number per year, or more if more were planned."""
        return max(self.series.planned_per_year, len(self.meetings))

    @property
    def held(self) -> int:
        return sum(1 for m in self.meetings if m.is_held)

    @property
    def percent_held(self) -> int:
        """Held as a whole percentage of planned, for the progress bar (never above 100)."""
        return min(100, round(100 * self.held / self.planned)) if self.planned else 0

    @property
    def to_schedule(self) -> int:
        """How many of the year's meetings have no row yet (no date, not even 'nog te plannen')."""
        return max(0, self.series.planned_per_year - len(self.meetings))

    def missed(self, today: datetime.date | None = None) -> list[Meeting]:
        """Meetings whose planned date passed without a held date."""
        today = today or timezone.localdate()
        return [m for m in self.meetings if not m.is_held and m.planned_on and m.planned_on < today]

    def state(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.held >= self.planned:
            return SeriesState.DONE
        year = self.school_year
        if year is not None and today < year.first_day:
            return SeriesState.AHEAD
        if self.missed(today) or (year is not None and today > year.last_day):
            return SeriesState.BEHIND
        return SeriesState.ON_TRACK

    def is_behind(self, today: datetime.date | None = None) -> bool:
        return self.state(today) == SeriesState.BEHIND


def _as_year(school_year: SchoolYear | int) -> SchoolYear:
    return school_year if isinstance(school_year, SchoolYear) else SchoolYear(int(school_year))


def meetings_year(
    *, tenant, school_year: SchoolYear | int, active_only: bool = True
) -> list[SeriesYear]:
    """Per series its meetings in ``school_year`` (two queries)."""
    year = _as_year(school_year)
    series = MeetingSeries.objects.filter(tenant=tenant)
    if active_only:
        series = series.filter(is_active=True)
    series = list(series)
    meetings: dict[int, list[Meeting]] = {s.pk: [] for s in series}
    for meeting in Meeting.objects.filter(series__in=series, school_year=year.start).order_by(
        "planned_on", "held_on", "pk"
    ):
        meetings[meeting.series_id].append(meeting)
    return [SeriesYear(s, meetings[s.pk], year) for s in series]


def series_years(*, series: MeetingSeries, around: SchoolYear | int) -> list[SeriesYear]:
    """Every school year of one series that has meetings, and ``around`` (the year the reader
    came from) even without any, newest first (one query)."""
    per_year: dict[int, list[Meeting]] = {_as_year(around).start: []}
    for meeting in Meeting.objects.filter(series=series).order_by(
        "school_year", "planned_on", "held_on", "pk"
    ):
        per_year.setdefault(meeting.school_year, []).append(meeting)
    return [
        SeriesYear(series, per_year[start], SchoolYear(start))
        for start in sorted(per_year, reverse=True)
    ]


__all__ = [
    "SeriesState",
    "calendar_by_category",
    "calendar_year",
    "meetings_year",
    "series_years",
]
