"""Reads of the monitoring app. Every function runs a fixed number of queries, whatever the
number of pupil records, schools or peildata behind it (the dashboard's query-count test).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School, Tenant

from .display import IndicatorRow, indicator_row
from .models import Indicator, Measurement, MonitoringSettings, SchoolReport, Source
from .norms import Status

SPARKLINE_POINTS = 6
DASHBOARD_YEARS = 4  # the window of earlier peildata a dashboard reads
PEILDATA_YEARS = 5  # how many years back the peildatum picker offers


@dataclass
class Row:
    """One indicator on the dashboard: its newest figure on the peildatum and the ones before."""

    indicator: Indicator
    measurement: Measurement | None
    history: list[Measurement] = field(default_factory=list)  # oldest first, ≤ SPARKLINE_POINTS

    @property
    def status(self) -> str:
        return self.measurement.status if self.measurement else Status.NO_DATA.value


@dataclass
class PillarSection:
    number: int
    title: str
    rows: list[Row]


def indicator_list(*, tenant: Tenant) -> QuerySet[Indicator]:
    return Indicator.objects.filter(tenant=tenant)


def peildata_options(
    *, tenant: Tenant, settings: MonitoringSettings, today: datetime.date
) -> list[datetime.date]:
    """The tenant's peildata up to today, newest first, plus those someone computed by hand."""
    days = {tuple(d) for d in (settings.peildata_twice or []) + (settings.peildata_yearly or [])}
    dates = {
        datetime.date(year, month, day)
        for year in range(today.year - PEILDATA_YEARS, today.year + 1)
        for month, day in days
    }
    computed = Measurement.objects.filter(
        tenant=tenant, provisional=False, school__isnull=True
    ).values_list("peildatum", flat=True)
    dates |= set(computed.order_by().distinct())  # no default ordering in the DISTINCT
    return sorted((d for d in dates if d <= today), reverse=True)


def computable_peildata(
    *, settings: MonitoringSettings, plan, today: datetime.date
) -> list[datetime.date]:
    """The official peildata "Herbereken nu" accepts, newest first: the tenant's peildata in the
    school years of ``plan`` (the current one), up to today. None without a plan."""
    if plan is None:
        return []
    days = {tuple(d) for d in (settings.peildata_twice or []) + (settings.peildata_yearly or [])}
    dates = {year.date_in(month, day) for year in plan.period for month, day in days}
    return sorted((d for d in dates if d <= today), reverse=True)


def computing_plan(*, tenant: Tenant):
    """The plan whose period bounds what may be computed: the adopted one, else the newest."""
    from plans.selectors import current_plan

    return current_plan(tenant=tenant)


def provisional_date(*, tenant: Tenant) -> datetime.date | None:
    return (
        Measurement.objects.filter(tenant=tenant, provisional=True)
        .values_list("peildatum", flat=True)
        .first()
    )


def dashboard(
    *,
    tenant: Tenant,
    peildatum: datetime.date,
    provisional: bool = False,
    pillar: int | None = None,
    titles: dict[int, str] | None = None,
) -> list[PillarSection]:
    """Per pijler, each indicator's newest tenant figure on or before the peildatum.

    Two queries for the figures (official history, and the provisional state when asked), one
    for the indicators, one for the pillar titles.
    """
    indicators = list(indicator_list(tenant=tenant).filter(is_active=True))
    if pillar is not None:
        indicators = [i for i in indicators if i.pillar_number == pillar]
    history = _official_history(tenant, [i.pk for i in indicators], peildatum)
    current = {}
    if provisional:
        current = {
            m.indicator_id: m
            for m in Measurement.objects.filter(
                tenant=tenant, provisional=True, peildatum=peildatum, school__isnull=True
            ).order_by("computed_at", "pk")
        }
    if titles is None:
        titles = pillar_titles(plan=shown_plan(tenant=tenant))
    sections: dict[int, PillarSection] = {}
    for indicator in indicators:
        points = history.get(indicator.pk, [])
        latest = current.get(indicator.pk) or (points[-1] if points else None)
        if indicator.pk in current:
            points = [*points, current[indicator.pk]]
        section = sections.setdefault(
            indicator.pillar_number,
            PillarSection(
                indicator.pillar_number, titles.get(indicator.pillar_number, ""), rows=[]
            ),
        )
        section.rows.append(Row(indicator, latest, points[-SPARKLINE_POINTS:]))
    return [sections[n] for n in sorted(sections)]


def _official_history(
    tenant: Tenant, indicator_ids: Iterable[int], peildatum: datetime.date
) -> dict[int, list[Measurement]]:
    """Per indicator the newest official tenant snapshot of each peildatum, oldest first."""
    since = datetime.date(peildatum.year - DASHBOARD_YEARS, 1, 1)
    rows = Measurement.objects.filter(
        tenant=tenant,
        provisional=False,
        school__isnull=True,
        indicator_id__in=list(indicator_ids),
        peildatum__gte=since,
        peildatum__lte=peildatum,
    ).order_by("peildatum", "computed_at", "pk")
    newest: dict[tuple[int, datetime.date], Measurement] = {}
    for m in rows:
        newest[(m.indicator_id, m.peildatum)] = m
    history: dict[int, list[Measurement]] = {}
    for (indicator_id, _), m in newest.items():
        history.setdefault(indicator_id, []).append(m)
    return history


def shown_plan(*, tenant: Tenant):
    """The plan whose pijlers and doelen the dashboard names: the adopted one only, because
    toezicht and inspectie read the dashboard and never see a concept."""
    from plans.selectors import current_plan

    return current_plan(tenant=tenant, adopted_only=True)


def pillar_titles(*, plan) -> dict[int, str]:
    """Pillar titles by number (position) of ``plan`` (none without a plan)."""
    from plans.selectors import plan_pillars

    if plan is None:
        return {}
    return dict(plan_pillars(plan=plan).values_list("position", "title"))


def indicator_history(*, indicator: Indicator) -> list[Measurement]:
    """Every official tenant snapshot, oldest first; earlier figures of a peildatum included."""
    return list(
        Measurement.objects.filter(
            tenant=indicator.tenant_id, indicator=indicator, school__isnull=True, provisional=False
        ).order_by("peildatum", "computed_at", "pk")
    )


def newest_per_peildatum(snapshots: list[Measurement]) -> list[Measurement]:
    newest: dict[datetime.date, Measurement] = {}
    for m in snapshots:
        newest[m.peildatum] = m
    return list(newest.values())


@dataclass
class SchoolFigure:
    school: School
    measurement: Measurement | None


def school_breakdown(*, indicator: Indicator, peildatum: datetime.date) -> list[SchoolFigure]:
    """Each school's newest official figure on the peildatum; schools without one too."""
    newest = {
        m.school_id: m
        for m in Measurement.objects.filter(
            tenant=indicator.tenant_id,
            indicator=indicator,
            peildatum=peildatum,
            provisional=False,
            school__isnull=False,
        ).order_by("computed_at", "pk")
    }
    schools = School.objects.filter(tenant=indicator.tenant_id).order_by("name")
    return [SchoolFigure(s, newest.get(s.pk)) for s in schools]


@dataclass
class ReportStatus:
    school: School
    report: SchoolReport | None


def report_overview(*, schools: QuerySet[School], school_year: int) -> list[ReportStatus]:
    """Which of these schools reported for the school year, and which did not (yet)."""
    reports = {
        r.school_id: r
        for r in SchoolReport.objects.filter(
            school__in=schools, school_year=school_year
        ).select_related("submitted_by")
    }
    return [ReportStatus(s, reports.get(s.pk)) for s in schools.order_by("name")]


def school_indicators(*, tenant: Tenant) -> QuerySet[Indicator]:
    return Indicator.objects.filter(tenant=tenant, source=Source.SCHOOL, is_active=True)


def swv_indicators(*, tenant: Tenant) -> QuerySet[Indicator]:
    return Indicator.objects.filter(tenant=tenant, source=Source.SWV, is_active=True)


def goal_indicators(*, tenant: Tenant, goal_uids: Iterable[Any]) -> dict[Any, list[Row]]:
    """For the plan's pages: each ontwikkeldoel's indicators with their newest status."""
    indicators = list(
        indicator_list(tenant=tenant).filter(is_active=True, goal_uid__in=list(goal_uids))
    )
    latest: dict[int, Measurement] = {}
    since = datetime.date(timezone.localdate().year - DASHBOARD_YEARS, 1, 1)
    for m in Measurement.objects.filter(
        tenant=tenant,
        indicator__in=indicators,
        school__isnull=True,
        provisional=False,
        peildatum__gte=since,
    ).order_by("peildatum", "computed_at", "pk"):
        latest[m.indicator_id] = m
    found: dict[Any, list[Row]] = {}
    for indicator in indicators:
        found.setdefault(indicator.goal_uid, []).append(Row(indicator, latest.get(indicator.pk)))
    return found


def current_school_year(today: datetime.date) -> int:
    """The school year ``today`` falls in, by its first calendar year (as stored)."""
    return SchoolYear.from_date(today).start


@dataclass(frozen=True)
class GoalLink:
    number: str  # "1.2"
    title: str
    plan_id: int
    pillar_id: int
    goal_id: int


def goal_links(*, plan) -> dict[Any, GoalLink]:
    """``plan``'s ontwikkeldoelen by uid, so an indicator can link back to its doel."""
    from plans.selectors import plan_goals

    if plan is None:
        return {}
    goals = plan_goals(plan=plan)
    return {
        g.uid: GoalLink(f"{g.pillar.position}.{g.position}", g.title, plan.pk, g.pillar_id, g.pk)
        for g in goals
    }


def goal_indicator_labels(
    *, tenant: Tenant, goal_uids: Iterable[Any], suppress: bool
) -> dict[Any, list[IndicatorRow]]:
    """``goal_indicators`` ready to print, as the dashboard prints them (``indicator``,
    ``value``, ``status``, ``measured_on``), small counts suppressed when asked."""
    return {
        uid: [indicator_row(row, None, suppress=suppress) for row in rows]
        for uid, rows in goal_indicators(tenant=tenant, goal_uids=goal_uids).items()
    }


def latest_peildatum(*, tenant: Tenant) -> datetime.date | None:
    """The newest official peildatum with tenant figures (for reports that default to it)."""
    return (
        Measurement.objects.filter(tenant=tenant, provisional=False, school__isnull=True)
        .order_by("-peildatum")
        .values_list("peildatum", flat=True)
        .first()
    )
