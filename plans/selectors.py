"""Reads on ondersteuningsplannen. A whole plan is read in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from pillars.models import Goal, Pillar, Step
from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can, visible
from swvportal.audit.models import AuditEntry

from .models import (
    ADOPTED_STATUSES,
    Abbreviation,
    ApprovalStep,
    Chapter,
    Plan,
    StrategicTask,
)
from .outline import mark_ends


def current_plan(*, tenant, adopted_only: bool = False) -> Plan | None:
    """The newest adopted version (latest period, highest version, as ``Plan.Meta`` orders);
    lacking one, unless ``adopted_only``, the newest version of any status."""
    plans = Plan.objects.filter(tenant=tenant)
    adopted = plans.filter(status__in=ADOPTED_STATUSES).first()
    return adopted or (None if adopted_only else plans.first())


def plan_pillars(*, plan: Plan) -> QuerySet[Pillar]:
    """The plan's pijlers: how another app (monitoring) reads them, as ``pillars`` is plans'
    own model layer and has no public face of its own."""
    return Pillar.objects.filter(plan=plan)


def plan_goals(*, plan: Plan) -> QuerySet[Goal]:
    """The plan's ontwikkeldoelen with their pijler, for apps that link to a doel (monitoring)."""
    return Goal.objects.filter(plan=plan).select_related("pillar")


def plan_list(*, membership: Membership) -> QuerySet[Plan]:
    """The versions this member may read: all, or only adopted ones (toezicht, inspectie)."""
    plans = visible(Plan.objects.all(), membership, "plans.view_plan")
    if not can(membership, "plans.view_draft"):
        plans = plans.filter(status__in=ADOPTED_STATUSES)
    return plans


@dataclass
class PlanTree:
    plan: Plan
    chapters: list[Chapter] = field(default_factory=list)
    tasks: list[StrategicTask] = field(default_factory=list)
    abbreviations: list[Abbreviation] = field(default_factory=list)
    approvals: list[ApprovalStep] = field(default_factory=list)
    pillars: list[Pillar] = field(default_factory=list)

    @property
    def abbreviations_alphabetical(self) -> list[Abbreviation]:
        return sorted(self.abbreviations, key=lambda a: (a.abbreviation.casefold(), a.pk))

    @property
    def goals(self) -> list[Goal]:
        return [goal for pillar in self.pillars for goal in pillar.goals.all()]

    @property
    def steps(self) -> list[Step]:
        return [step for goal in self.goals for step in goal.steps.all()]

    def chapter_numbers(self) -> dict[int, int]:
        numbers, n = {}, 0
        for chapter in self.chapters:
            if chapter.numbered:
                n += 1
                numbers[chapter.pk] = n
        return numbers


def plan_tree(plan: Plan) -> PlanTree:
    """Everything in one plan version: seven queries, whatever the plan's size."""
    steps = Step.objects.order_by("position", "pk")
    goals = Goal.objects.order_by("position", "pk").prefetch_related(Prefetch("steps", steps))
    pillars = (
        Pillar.objects.filter(plan=plan)
        .order_by("position", "pk")
        .prefetch_related(Prefetch("goals", goals))
    )
    tree = PlanTree(
        plan=plan,
        chapters=list(Chapter.objects.filter(plan=plan).select_related("updated_by")),
        tasks=list(StrategicTask.objects.filter(plan=plan)),
        abbreviations=list(Abbreviation.objects.filter(plan=plan)),
        approvals=list(ApprovalStep.objects.filter(plan=plan)),
        pillars=list(pillars),
    )
    for number, chapter in ((tree.chapter_numbers().get(c.pk), c) for c in tree.chapters):
        chapter.number = number
    _mark_ends(tree)
    return tree


def _mark_ends(tree: PlanTree) -> None:
    """Each part knows whether it is the first or last of its siblings (prefetched lists hold
    the very objects the page renders, so the flags reach the template)."""
    for siblings in (tree.tasks, tree.chapters, tree.pillars):
        mark_ends(siblings)
    for pillar in tree.pillars:
        goals = list(pillar.goals.all())
        mark_ends(goals)
        for goal in goals:
            mark_ends(list(goal.steps.all()))


def approval_trail(plan: Plan | None) -> list[ApprovalStep]:
    """One version's approval trail, in date order; empty without a version."""
    return list(ApprovalStep.trail(plan))


def plan_versions(plan: Plan, *, membership: Membership) -> QuerySet[Plan]:
    """The other versions of the same plan that this member may read."""
    return plan_list(membership=membership).filter(lineage=plan.lineage)


def plan_history(plan: Plan) -> QuerySet[AuditEntry]:
    """Who changed what in this plan version, newest first (from the audit log)."""
    return (
        AuditEntry.objects.filter(tenant_id=plan.tenant_id, additional_data__plan_id=plan.pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
