"""Reads on jaarplannen. A whole jaarplan is read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can, visible

from ..models import Activity, Improvement, Jaarplan, JaarplanStatus

VIEW = "plans.view_jaarplan"
VIEW_DRAFT = "plans.view_jaarplan_draft"
CHANGE = "plans.change_jaarplan"
OWN_ACTIVITIES = "plans.update_own_activities"

READABLE_BY_ALL = (JaarplanStatus.ADOPTED, JaarplanStatus.EVALUATED)


def jaarplan_list(*, membership: Membership) -> QuerySet[Jaarplan]:
    """The versions this member may read: all, or only vastgestelde (toezicht, inspectie)."""
    jaarplannen = visible(Jaarplan.objects.all(), membership, VIEW)
    if not can(membership, VIEW_DRAFT):
        jaarplannen = jaarplannen.filter(status__in=READABLE_BY_ALL)
    return jaarplannen


def activity_list(*, membership: Membership) -> QuerySet[Activity]:
    """The activities of the jaarplannen this member may read."""
    return Activity.objects.filter(jaarplan__in=jaarplan_list(membership=membership))


def own_activities(*, membership: Membership) -> QuerySet[Activity]:
    """The activities this member is responsible for, in jaarplannen they may read."""
    return activity_list(membership=membership).filter(responsible_id=membership.user_id)


# --- The whole jaarplan, as the page, the PDF and the export read it ---------------------------


@dataclass
class GoalSection:
    """One ontwikkeldoel of the jaarplan (or the 'Aanvullend' items: ``goal_uid`` None)."""

    goal_uid: Any
    number: str  # "1.3"; "" for the additional items
    title: str
    improvements: list[Improvement] = field(default_factory=list)


@dataclass
class PillarSection:
    number: int | None  # None: 'Aanvullend (beleidsmatig)'
    title: str
    goals: list[GoalSection] = field(default_factory=list)


@dataclass
class JaarplanTree:
    jaarplan: Jaarplan
    pillars: list[PillarSection]
    improvements: list[Improvement]  # every verbeterpunt, in order, each with ``.rows``
    activities: list[Activity]  # every activity, in order

    @property
    def is_empty(self) -> bool:
        return not self.improvements


ADDITIONAL_TITLE = "Aanvullend (beleidsmatig)"


def _goal_sort(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


def jaarplan_tree(
    jaarplan: Jaarplan, *, activities: QuerySet[Activity] | None = None
) -> JaarplanTree:
    """The jaarplan by pijler and doel: each verbeterpunt with its activities in ``.rows``, in
    three queries whatever its size. ``activities`` narrows the rows (a filter on the page);
    verbeterpunten without a row stay, so the page can say "no activity matches"."""
    improvements = list(Improvement.objects.filter(jaarplan=jaarplan).order_by("position", "pk"))
    rows = activities if activities is not None else Activity.objects.filter(jaarplan=jaarplan)
    ordered = list(
        rows.filter(jaarplan=jaarplan)
        .select_related("responsible", "carried_from__jaarplan")
        .order_by("improvement_id", "position", "pk")
    )
    by_improvement: dict[int, list[Activity]] = {}
    for activity in ordered:
        by_improvement.setdefault(activity.improvement_id, []).append(activity)
    pillars: dict[Any, PillarSection] = {}
    goals: dict[tuple, GoalSection] = {}
    for improvement in sorted(
        improvements,
        key=lambda i: (
            i.pillar_number is None,
            i.pillar_number or 0,
            _goal_sort(i.goal_number),
            i.position,
        ),
    ):
        improvement.rows = by_improvement.get(improvement.pk, [])
        pillar = pillars.setdefault(
            improvement.pillar_number,
            PillarSection(
                improvement.pillar_number,
                improvement.pillar_title if improvement.pillar_number else ADDITIONAL_TITLE,
            ),
        )
        key = (improvement.pillar_number, improvement.goal_uid)
        if key not in goals:
            goals[key] = GoalSection(
                improvement.goal_uid, improvement.goal_number, improvement.goal_title
            )
            pillar.goals.append(goals[key])
        goals[key].improvements.append(improvement)
    in_order = [i for p in pillars.values() for g in p.goals for i in g.improvements]
    return JaarplanTree(
        jaarplan=jaarplan,
        pillars=list(pillars.values()),
        improvements=in_order,
        activities=[a for i in in_order for a in i.rows],
    )


def goal_activities(*, tenant, goal_uids, school_year: int) -> dict[Any, list[Activity]]:
    """This school year's activities per doel (its newest jaarplan version), for a doel's page:
    one query."""
    from .generate import current_jaarplan

    jaarplan = current_jaarplan(tenant=tenant, school_year=school_year)
    if jaarplan is None:
        return {}
    found: dict[Any, list[Activity]] = {}
    for activity in (
        Activity.objects.filter(jaarplan=jaarplan, improvement__goal_uid__in=list(goal_uids))
        .select_related("improvement", "responsible")
        .order_by("improvement__position", "position", "pk")
    ):
        found.setdefault(activity.improvement.goal_uid, []).append(activity)
    return found


# --- Part "status": the live version of each school year, and a member's own activities --------


def live_versions(jaarplannen) -> list[Jaarplan]:
    """Of these versions, the newest of each school year, unless that one is geëvalueerd: the
    version whose activities are still worked on. Pure: the caller has read (and narrowed)
    the versions, in one query."""
    newest: dict[int, Jaarplan] = {}
    for jaarplan in jaarplannen:
        known = newest.get(jaarplan.school_year)
        if known is None or (jaarplan.version_major, jaarplan.version_minor) > (
            known.version_major,
            known.version_minor,
        ):
            newest[jaarplan.school_year] = jaarplan
    return [j for j in newest.values() if j.status != JaarplanStatus.EVALUATED]


def my_activities(*, membership: Membership, today) -> QuerySet[Activity]:
    """The member's own activities in the live version of each school year they may read
    (``live_versions``), overdue first, then by date (without a date last). Two queries."""
    from django.db.models import BooleanField, Case, F, Q, Value, When

    from ..models.jaarplan import CLOSED_STATUSES

    live = live_versions(jaarplan_list(membership=membership).only(*_VERSION_FIELDS))
    overdue = Q(due_date__lt=today) & ~Q(status__in=CLOSED_STATUSES)
    return (
        Activity.objects.filter(
            jaarplan__in=[j.pk for j in live], responsible_id=membership.user_id
        )
        .select_related("jaarplan", "improvement")
        .annotate(
            overdue=Case(
                When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .order_by("-overdue", F("due_date").asc(nulls_last=True), "jaarplan__school_year", "pk")
    )


_VERSION_FIELDS = ("id", "tenant_id", "school_year", "version_major", "version_minor", "status")


def generate_years(*, tenant) -> list[int]:
    """The school years a jaarplan can be made for: those of the tenant's adopted OSP versions."""
    from ..models import ADOPTED_STATUSES, PERIOD_YEARS, Plan

    starts = Plan.objects.filter(tenant=tenant, status__in=ADOPTED_STATUSES).values_list(
        "period_start", flat=True
    )
    return sorted({start + offset for start in starts for offset in range(PERIOD_YEARS)})
