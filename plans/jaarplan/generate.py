"""A jaarplan for a school year, made from the adopted OSP (``create_jaarplan`` and the button).

* Every step of the plan that applies in the school year (``jaarplan_rules.steps_for_year``)
  becomes a verbeterpunt, with the doel's and step's numbers and texts as they are now.
* Generating again adds only the steps that have no verbeterpunt yet: twice is once.
* Activities of the previous school year's jaarplan that are not *gereed* or *vervallen* are
  offered (``carry_candidates``); only those the user chose are copied (``carry``), each keeping
  a link to its origin, and an activity is carried at most once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet

from pillars.models import Step
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import Tenant

from ..jaarplan_rules import can_carry, steps_for_year
from ..models import (
    ADOPTED_STATUSES,
    Activity,
    ActivityStatus,
    Improvement,
    Jaarplan,
    JaarplanStatus,
    Plan,
)
from ..models.jaarplan import CLOSED_STATUSES


@dataclass
class Generated:
    jaarplan: Jaarplan
    created: bool  # a new jaarplan (False: an existing concept got what was missing)
    improvements: list[Improvement] = field(default_factory=list)
    carried: list[Activity] = field(default_factory=list)


def plan_for_year(*, tenant: Tenant, school_year: SchoolYear | int) -> Plan | None:
    """The newest adopted OSP version whose period holds the school year."""
    start = school_year.start if isinstance(school_year, SchoolYear) else int(school_year)
    plans = Plan.objects.filter(
        tenant=tenant,
        status__in=ADOPTED_STATUSES,
        period_start__lte=start,
        period_start__gt=start - 4,
    )
    return plans.order_by("-period_start", "-version_major", "-version_minor").first()


def current_jaarplan(*, tenant: Tenant, school_year: SchoolYear | int) -> Jaarplan | None:
    """The newest version of the tenant's jaarplan for that school year."""
    start = school_year.start if isinstance(school_year, SchoolYear) else int(school_year)
    return (
        Jaarplan.objects.filter(tenant=tenant, school_year=start)
        .order_by("-version_major", "-version_minor")
        .first()
    )


def applicable_steps(plan: Plan, school_year: SchoolYear | int) -> list[Step]:
    steps = (
        Step.objects.filter(plan=plan)
        .select_related("goal__pillar")
        .order_by("goal__pillar__position", "goal__position", "position")
    )
    return steps_for_year(steps, school_year)


def _improvement_of(step: Step, jaarplan: Jaarplan) -> Improvement:
    goal, pillar = step.goal, step.goal.pillar
    return Improvement(
        tenant=jaarplan.tenant,
        jaarplan=jaarplan,
        pillar_number=pillar.position,
        pillar_title=pillar.title,
        goal_uid=goal.uid,
        goal_number=f"{pillar.position}.{goal.position}",
        goal_title=goal.title,
        step_uid=step.uid,
        step_letter=step.letter,
        step_when=step.when,
        title=step.text,
    )


@transaction.atomic
def jaarplan_generate(
    *,
    tenant: Tenant,
    school_year: SchoolYear | int,
    by=None,
    carry: Iterable[int] = (),
) -> Generated:
    year = school_year if isinstance(school_year, SchoolYear) else SchoolYear(int(school_year))
    plan = plan_for_year(tenant=tenant, school_year=year)
    if plan is None:
        raise ValidationError(
            f"Er is geen vastgesteld ondersteuningsplan voor {year.label}. Een jaarplan wordt "
            "afgeleid van het vastgestelde plan; stel dat eerst vast."
        )
    jaarplan = current_jaarplan(tenant=tenant, school_year=year)
    created = jaarplan is None
    if created:
        jaarplan = Jaarplan.objects.create(tenant=tenant, school_year=year.start, plan=plan)
    elif not jaarplan.is_editable:
        raise ValidationError(
            f"Het jaarplan {year.label} (versie {jaarplan.version}) is "
            f"{jaarplan.get_status_display().lower()}. Maak een nieuwe versie om verbeterpunten "
            "toe te voegen."
        )
    have = set(
        Improvement.objects.filter(jaarplan=jaarplan, step_uid__isnull=False).values_list(
            "step_uid", flat=True
        )
    )
    new = [_improvement_of(s, jaarplan) for s in applicable_steps(plan, year) if s.uid not in have]
    start = _next_position(Improvement.objects.filter(jaarplan=jaarplan))
    for offset, improvement in enumerate(new):
        improvement.position = start + offset
        improvement.updated_by = by
        improvement.save()  # one by one: the audit log records each
    carried = carry_activities(jaarplan=jaarplan, activity_ids=carry, by=by) if carry else []
    return Generated(jaarplan=jaarplan, created=created, improvements=new, carried=carried)


def _next_position(queryset: QuerySet) -> int:
    return (queryset.aggregate(m=Max("position"))["m"] or 0) + 1


def carry_candidates(*, tenant: Tenant, school_year: SchoolYear | int) -> QuerySet[Activity]:
    """Activities of the previous school year's jaarplan (its newest version) that are not
    gereed or vervallen, and not yet carried into this year's jaarplan."""
    year = school_year if isinstance(school_year, SchoolYear) else SchoolYear(int(school_year))
    previous = current_jaarplan(tenant=tenant, school_year=year.previous)
    if previous is None:
        return Activity.objects.none()
    activities = Activity.objects.filter(jaarplan=previous).exclude(status__in=CLOSED_STATUSES)
    this_year = current_jaarplan(tenant=tenant, school_year=year)
    if this_year is not None:
        activities = activities.exclude(carried_to__jaarplan=this_year)
    return activities.select_related("improvement", "responsible").order_by(
        "improvement__pillar_number",
        "improvement__goal_number",
        "improvement__position",
        "position",
    )


def _target_improvement(origin: Improvement, jaarplan: Jaarplan, by) -> Improvement:
    """The verbeterpunt of this jaarplan an activity carries into: the same step's, the same
    additional item's, or a copy of the origin's (a step that no longer applies this year)."""
    same = Improvement.objects.filter(jaarplan=jaarplan)
    if origin.step_uid is not None:
        found = same.filter(step_uid=origin.step_uid).first()
    else:
        found = same.filter(goal_uid=origin.goal_uid, step_uid=None, title=origin.title).first()
    if found is not None:
        return found
    copy = Improvement.objects.get(pk=origin.pk)
    copy.pk = copy.id = None
    copy._state.adding = True
    copy.jaarplan = jaarplan
    copy.revision = 1
    copy.updated_by = by
    copy.position = _next_position(same)
    copy.save()
    return copy


@transaction.atomic
def carry_activities(*, jaarplan: Jaarplan, activity_ids: Iterable[int], by=None) -> list[Activity]:
    """Copy the chosen activities of last year into ``jaarplan`` (each once)."""
    if jaarplan.status != JaarplanStatus.CONCEPT:
        raise ValidationError("Activiteiten overnemen kan alleen in een concept-jaarplan.")
    wanted = {int(i) for i in activity_ids}
    offered = {a.pk: a for a in carry_candidates(tenant=jaarplan.tenant, school_year=jaarplan.year)}
    unknown = wanted - set(offered)
    if unknown:
        raise ValidationError(
            "Een of meer gekozen activiteiten kunnen niet worden overgenomen: ze zijn gereed, "
            "vervallen, al overgenomen of horen niet bij het jaarplan van vorig jaar."
        )
    carried = []
    for pk in sorted(wanted):
        origin = offered[pk]
        assert can_carry(origin.status)
        target = _target_improvement(origin.improvement, jaarplan, by)
        due = origin.due_date if origin.due_date and origin.due_date in jaarplan.year else None
        carried.append(
            Activity.objects.create(
                tenant=jaarplan.tenant,
                jaarplan=jaarplan,
                improvement=target,
                position=_next_position(Activity.objects.filter(improvement=target)),
                result=origin.result,
                what=origin.what,
                who=origin.who,
                responsible=origin.responsible,
                due_date=due,
                due_is_month=origin.due_is_month if due else False,
                status=(
                    ActivityStatus.RUNNING
                    if origin.status in (ActivityStatus.RUNNING, ActivityStatus.DELAYED)
                    else ActivityStatus.NOT_STARTED
                ),
                carried_from=origin,
                updated_by=by,
            )
        )
    return carried
