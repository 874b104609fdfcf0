"""Writes on ondersteuningsplannen. Every rule of domain.md §3 that concerns writing lives here.

* Status: concept ⇄ ter consultatie → vastgesteld → verzonden aan inspectie. Vaststellen needs
  the OPR's instemming (a positive ``instemming`` by the ``opr`` in the approval trail).
* An adopted version is read-only; ``plan_new_version`` copies it (4.0 → 4.1) to change it.
* Two people editing one item: the second save is refused with ``EditConflict`` (revisions).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from swvportal.core.versioning import EditConflict, copy_parts
from swvportal.tenancy.models import Tenant

from .models import ApprovalStep, Plan, PlanItem, PlanStatus
from .outline import KINDS, ItemKind, kind_of, siblings
from .workflow import PLAN_WORKFLOW, TRANSITIONS

__all__ = ["TRANSITIONS"]  # read by the plan page, kept here for callers of the services


def _ensure_editable(plan: Plan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            f"Versie {plan.version} is vastgesteld en kan niet meer worden gewijzigd. "
            "Maak een nieuwe versie om wijzigingen aan te brengen."
        )


# --- Plans ---------------------------------------------------------------------------------


@transaction.atomic
def plan_create(*, tenant: Tenant, title: str, period_start: int, motto: str = "", by=None) -> Plan:
    plan = Plan(tenant=tenant, title=title, period_start=period_start, motto=motto)
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, data: dict[str, Any], revision: int, by=None) -> Plan:
    _ensure_editable(plan)
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.revision != revision:
        raise ValidationError(
            "Het plan is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen; "
            "laad de pagina opnieuw en voer uw wijziging opnieuw in.",
            code="conflict",
        )
    for field, value in data.items():
        setattr(current, field, value)
    current.revision += 1
    current.full_clean()
    current.save()
    return current


def opr_consent(plan: Plan) -> ApprovalStep | None:
    """The OPR's instemming with *this* version (a step of an earlier version never counts:
    ``swvportal.core.versioning.ApprovalStepBase.own_trail``)."""
    return ApprovalStep.consent_for(plan)


def plan_status_problems(plan: Plan, status: str) -> list[str]:
    """Why ``plan`` cannot move to ``status`` now (empty: it can). Used by the page, too."""
    return PLAN_WORKFLOW.problems(plan, status)


@transaction.atomic
def plan_set_status(*, plan: Plan, status: str, by=None, on: datetime.date | None = None) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    PLAN_WORKFLOW.apply(plan, status, on=on or timezone.localdate())
    plan.revision += 1
    plan.save()
    return plan


@transaction.atomic
def plan_new_version(*, plan: Plan, by=None, major: bool = False) -> Plan:
    """A concept copy of ``plan`` with every part (same ``uid``s, so versions compare)."""
    from pillars.models import Goal, Pillar, Step

    if not plan.is_adopted:
        raise ValidationError(
            "Alleen van een vastgestelde versie maakt u een nieuwe versie. "
            "Deze versie kunt u nog gewoon bewerken."
        )
    copy = plan.next_version(major=major, status=PlanStatus.CONCEPT)
    for kind in KINDS.values():
        # The approval trail is not copied: the OPR consents to each version anew, and the
        # earlier trail stays with the earlier version as its history.
        if kind.parent_field is None and kind.model is not ApprovalStep:
            copy_parts(kind.model.objects.filter(plan=plan), to=copy, link="plan")
    pillars = {p.uid: p for p in Pillar.objects.filter(plan=copy)}
    goals = copy_parts(
        Goal.objects.filter(plan=plan).select_related("pillar"),
        to=copy,
        link="plan",
        parent=lambda g: {"pillar": pillars[g.pillar.uid]},
    )
    copy_parts(
        Step.objects.filter(plan=plan).select_related("goal"),
        to=copy,
        link="plan",
        parent=lambda s: {"goal": goals[s.goal.uid]},
    )
    return copy


# --- Parts of a plan -------------------------------------------------------------------------


def _ensure_item_editable(kind: ItemKind, plan: Plan) -> None:
    if kind.slug == "goedkeuring":
        if plan.status == PlanStatus.SENT:
            raise ValidationError("Het goedkeuringstraject van een verzonden plan ligt vast.")
        return
    _ensure_editable(plan)


def _validate(kind: ItemKind, item: PlanItem, plan: Plan) -> None:
    item.full_clean()
    if kind.validate:
        kind.validate(item, plan)


@transaction.atomic
def item_create(
    *, plan: Plan, kind: str, data: dict[str, Any], parent: PlanItem | None = None, by=None
) -> PlanItem:
    spec = KINDS[kind]
    _ensure_item_editable(spec, plan)
    item = spec.model(tenant=plan.tenant, plan=plan, updated_by=by, **data)
    if spec.parent_field:
        if parent is None or parent.plan_id != plan.pk:
            raise ValidationError(f"Een {spec.label} hoort bij een onderdeel van dit plan.")
        setattr(item, spec.parent_field, parent)
    _validate(spec, item, plan)
    item.position = (siblings(item).aggregate(m=Max("position"))["m"] or 0) + 1
    item.save()
    return item


@transaction.atomic
def item_update(*, item: PlanItem, data: dict[str, Any], revision: int, by=None) -> PlanItem:
    spec = kind_of(item)
    plan = Plan.objects.get(pk=item.plan_id)
    _ensure_item_editable(spec, plan)
    current = (
        spec.model.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=item.pk)
    )
    if current.revision != revision:
        raise EditConflict(current)
    if is_adoption_ground(current, plan):
        raise ValidationError(_OPR_CONSENT_LOCKED)
    for field, value in data.items():
        setattr(current, field, value)
    _validate(spec, current, plan)
    current.revision += 1
    current.updated_by = by
    current.save()
    return current


_OPR_CONSENT_LOCKED = (
    "De instemming van de OPR is de grond voor de vaststelling van dit plan en "
    "kan niet meer worden gewijzigd of verwijderd."
)


def is_adoption_ground(item: PlanItem, plan: Plan) -> bool:
    """The OPR consent an adopted plan rests on: fixed for good. Pages offer no action on it."""
    return isinstance(item, ApprovalStep) and item.is_ground_of(plan)


@transaction.atomic
def item_delete(*, item: PlanItem, by=None) -> None:
    spec = kind_of(item)
    plan = Plan.objects.get(pk=item.plan_id)
    _ensure_item_editable(spec, plan)
    if is_adoption_ground(item, plan):
        raise ValidationError(_OPR_CONSENT_LOCKED)
    rest = siblings(item).exclude(pk=item.pk)
    item.delete()
    _renumber(list(rest.order_by("position", "pk")))


@transaction.atomic
def item_move(*, item: PlanItem, direction: str, by=None) -> None:
    """Swap with the previous ('omhoog') or next ('omlaag') sibling; numbering follows."""
    spec = kind_of(item)
    if not spec.movable:
        raise ValidationError(f"De volgorde van de {spec.label}en volgt vanzelf.")
    _ensure_item_editable(spec, Plan.objects.get(pk=item.plan_id))
    ordered = list(siblings(item).select_for_update().order_by("position", "pk"))
    index = next(i for i, s in enumerate(ordered) if s.pk == item.pk)
    other = index - 1 if direction == "omhoog" else index + 1
    if not 0 <= other < len(ordered):
        return  # already first or last: nothing to do
    ordered[index], ordered[other] = ordered[other], ordered[index]
    _renumber(ordered)


def _renumber(items: list[PlanItem]) -> None:
    for position, sibling in enumerate(items, start=1):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
