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
from django.utils.formats import date_format

from swvportal.tenancy.models import Tenant

from .models import ApprovalStep, Plan, PlanItem, PlanStatus
from .outline import KINDS, ItemKind, kind_of, siblings


class EditConflict(ValidationError):
    """Someone else saved the item since this person opened it. Carries the current version."""

    def __init__(self, current: PlanItem | Plan) -> None:
        self.current = current
        who = getattr(current, "updated_by", None) or "iemand anders"
        when = date_format(timezone.localtime(current.updated_at), "j F Y \\o\\m H:i")
        super().__init__(
            f"Dit onderdeel is intussen gewijzigd door {who} ({when}). Uw wijziging is niet "
            "opgeslagen. Hieronder staat de nieuwe tekst; voer uw wijziging opnieuw in.",
            code="conflict",
        )


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


TRANSITIONS: dict[str, tuple[str, ...]] = {
    PlanStatus.CONCEPT: (PlanStatus.CONSULTATION, PlanStatus.ADOPTED),
    PlanStatus.CONSULTATION: (PlanStatus.CONCEPT, PlanStatus.ADOPTED),
    PlanStatus.ADOPTED: (PlanStatus.SENT,),
    PlanStatus.SENT: (),
}


def opr_consent(plan: Plan) -> ApprovalStep | None:
    """The OPR's instemming with *this* version. A step carried over from an earlier version
    (same ``uid``: copied before each version had its own trail) was consent to that version."""
    earlier = ApprovalStep.objects.filter(plan__lineage=plan.lineage).exclude(plan=plan)
    inherited = set(earlier.values_list("uid", flat=True))
    steps = ApprovalStep.objects.filter(plan=plan).exclude(uid__in=inherited)
    return next((s for s in steps if s.is_opr_consent), None)


def plan_status_problems(plan: Plan, status: str) -> list[str]:
    """Why ``plan`` cannot move to ``status`` now (empty: it can). Used by the page, too."""
    if status not in PlanStatus.values:
        return ["Kies een geldige status: concept, ter consultatie, vastgesteld of verzonden."]
    if status not in TRANSITIONS.get(plan.status, ()):
        return [
            f"Van '{plan.get_status_display()}' kan het plan niet naar "
            f"'{PlanStatus(status).label}'."
        ]
    if status == PlanStatus.ADOPTED and opr_consent(plan) is None:
        return [
            "Het plan kan pas worden vastgesteld als de instemming van de "
            "ondersteuningsplanraad (OPR) in het goedkeuringstraject staat. De wet "
            "vereist die instemming."
        ]
    return []


@transaction.atomic
def plan_set_status(*, plan: Plan, status: str, by=None, on: datetime.date | None = None) -> Plan:
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    problems = plan_status_problems(plan, status)
    if problems:
        raise ValidationError(problems)
    plan.status = status
    today = on or timezone.localdate()
    if status == PlanStatus.ADOPTED:
        plan.adopted_on = today
    elif status == PlanStatus.SENT:
        plan.sent_on = today
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
    latest = Plan.objects.filter(lineage=plan.lineage).aggregate(major=Max("version_major"))[
        "major"
    ]
    if major:
        version = (latest + 1, 0)
    else:
        minor = Plan.objects.filter(
            lineage=plan.lineage, version_major=plan.version_major
        ).aggregate(m=Max("version_minor"))["m"]
        version = (plan.version_major, minor + 1)
    copy = Plan.objects.create(
        tenant=plan.tenant,
        lineage=plan.lineage,
        based_on=plan,
        title=plan.title,
        motto=plan.motto,
        period_start=plan.period_start,
        version_major=version[0],
        version_minor=version[1],
        status=PlanStatus.CONCEPT,
    )
    for kind in KINDS.values():
        # The approval trail is not copied: the OPR consents to each version anew, and the
        # earlier trail stays with the earlier version as its history.
        if kind.parent_field is None and kind.model is not ApprovalStep:
            _copy_items(kind.model.objects.filter(plan=plan), copy)
    pillars = {p.uid: p for p in Pillar.objects.filter(plan=copy)}
    goals = _copy_items(
        Goal.objects.filter(plan=plan).select_related("pillar"),
        copy,
        parent=lambda g: {"pillar": pillars[g.pillar.uid]},
    )
    _copy_items(
        Step.objects.filter(plan=plan).select_related("goal"),
        copy,
        parent=lambda s: {"goal": goals[s.goal.uid]},
    )
    return copy


def _copy_items(queryset, plan: Plan, parent=None) -> dict:
    """Copies keep who changed the part last and when: copying is not a change of the text."""
    copies = {}
    for item in queryset:
        original_uid, changed_at = item.uid, item.updated_at
        extra = parent(item) if parent else {}
        item.pk = None
        item.id = None
        item._state.adding = True
        item.plan = plan
        item.revision = 1
        for field, value in extra.items():
            setattr(item, field, value)
        item.save()  # one by one: the audit log records each copy
        item.updated_at = changed_at
        copies[original_uid] = item
    if copies:  # bulk_update skips auto_now, so the original moment stays
        queryset.model.objects.bulk_update(copies.values(), ["updated_at"], batch_size=500)
    return copies


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
    return plan.is_adopted and getattr(item, "is_opr_consent", False)


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
