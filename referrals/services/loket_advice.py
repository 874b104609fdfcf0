"""The deskundigen of the Loket, their assignment to a request, and their advices (domain.md §5).

* ``deskundige_create`` / ``deskundige_update``: a member with the deskundige role gets a
  profile (discipline, registration, the schools they work at) that the independence check reads.
* ``advice_assign``: the Loket picks the first and the second deskundige. The independence check
  (``loket_rules.independence_problems``) runs here, on assignment; declarations and advices may
  still follow, so only the rules about who the deskundigen are apply. Assigning takes a
  submitted request into review. A deskundige whose advice is not yet submitted may be replaced;
  their unsigned draft goes with them.
* ``advice_update`` / ``advice_submit``: the deskundige writes and signs their own advice; a
  signed advice never changes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from swvportal.accounts.models import Membership, Role
from swvportal.core.forms import check_date_range

from ..models.loket import (
    Advice,
    AdviceConclusion,
    Deskundige,
    Discipline,
    RequestStatus,
    TlvKind,
    TlvRequest,
)
from ..selectors import loket_advice as advice_selectors
from . import loket_rules as rules
from . import loket_workflow as workflow

POSITIONS = (1, 2)
# The Loket assigns while it handles the request: after submitting, before the decision.
ASSIGNABLE_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.SUPPLEMENT)
DESKUNDIGE_FIELDS = ("discipline", "discipline_other", "registration", "active")
ADVICE_FIELDS = ("personal", "conclusion", "advised_category", "reasoning", "advised_on")


# --- Deskundigen --------------------------------------------------------------------------------


def _check_deskundige(deskundige: Deskundige, schools) -> None:
    errors: dict[str, list[str]] = {}
    if deskundige.discipline == Discipline.OTHER and not deskundige.discipline_other.strip():
        errors["discipline_other"] = ["Vul in welke andere discipline deze deskundige heeft."]
    if deskundige.discipline != Discipline.OTHER:
        deskundige.discipline_other = ""
    if any(s.tenant_id != deskundige.tenant_id for s in schools):
        errors["schools"] = ["Kies alleen scholen van dit samenwerkingsverband."]
    if errors:
        raise ValidationError(errors)


def _fill(deskundige: Deskundige, data: dict[str, Any]) -> list:
    for name in DESKUNDIGE_FIELDS:
        if name in data:
            setattr(deskundige, name, data[name])
    schools = list(data.get("schools", deskundige.schools.all() if deskundige.pk else []))
    _check_deskundige(deskundige, schools)
    deskundige.full_clean(exclude=["membership", "tenant"])
    return schools


@transaction.atomic
def deskundige_create(*, membership: Membership, data: dict[str, Any], by=None) -> Deskundige:
    """A profile for a member with the deskundige role who has none yet."""
    if membership.role != Role.DESKUNDIGE:
        raise ValidationError(
            "Alleen een lid met de rol Deskundige kan deskundige van het Loket zijn."
        )
    if Deskundige.objects.filter(membership=membership).exists():
        raise ValidationError("Voor dit lid bestaat al een deskundige.")
    deskundige = Deskundige(tenant=membership.tenant, membership=membership)
    schools = _fill(deskundige, data)
    deskundige.save()
    deskundige.schools.set(schools)
    return deskundige


@transaction.atomic
def deskundige_update(*, deskundige: Deskundige, data: dict[str, Any], by=None) -> Deskundige:
    """Change discipline, registration, schools or availability. Advices already given keep
    the person; a new assignment reads the new data."""
    current = Deskundige.objects.select_for_update().get(pk=deskundige.pk)
    schools = _fill(current, data)
    current.save()
    current.schools.set(schools)
    return current


# --- Assignment ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replacement:
    """A deskundige that an assignment would take off the request (their draft goes too)."""

    position: int
    old: Deskundige
    new: Deskundige | None


def _current(tlv: TlvRequest) -> dict[int, Advice]:
    return {a.position: a for a in advice_selectors.advices_of(tlv)}


def replacements(tlv: TlvRequest, chosen: dict[int, Deskundige | None]) -> list[Replacement]:
    """Who ``chosen`` would replace: what the confirmation step names."""
    current = _current(tlv)
    return [
        Replacement(position, current[position].deskundige, chosen.get(position))
        for position in POSITIONS
        if position in current and chosen.get(position) != current[position].deskundige
    ]


def _assignment(position: int, deskundige: Deskundige) -> rules.Assigned:
    return rules.Assigned(
        position=position,
        expert=deskundige,
        school_ids=frozenset(s.pk for s in deskundige.schools.all()),
    )


def assignment_problems(
    tlv: TlvRequest, chosen: dict[int, Deskundige | None], current: dict[int, Advice]
) -> list[str]:
    """Why this choice cannot be assigned: the request's state, who may be chosen, and the
    independence rules that apply on assignment (the declarations and advices follow later)."""
    problems: list[str] = []
    if tlv.status not in ASSIGNABLE_STATUSES:
        label = RequestStatus(tlv.status).label
        problems.append(
            f"Bij een aanvraag met de status '{label}' kunt u geen deskundigen toewijzen."
        )
    for position in POSITIONS:
        new, old = chosen.get(position), current.get(position)
        if old is not None and old.is_submitted and new != old.deskundige:
            problems.append(
                f"Het advies van {old.deskundige.name} is al ingediend; deze deskundige kan niet "
                f"meer worden vervangen."
            )
        is_new = new is not None and (old is None or new != old.deskundige)
        if is_new and (new.tenant_id != tlv.tenant_id or not new.active):
            problems.append(f"{new.name} is niet beschikbaar voor nieuwe aanvragen.")
    assigned = [_assignment(p, d) for p, d in chosen.items() if d is not None]
    problems += rules.independence_problems(
        assigned,
        requesting_school_id=tlv.school_id,
        settings=workflow.settings_of(tlv),
        for_decision=False,
    )
    return problems


@transaction.atomic
def advice_assign(
    *,
    tlv: TlvRequest,
    first: Deskundige | None,
    second: Deskundige | None,
    by=None,
    on: datetime.date | None = None,
) -> list[Advice]:
    """Assign the first and the second deskundige (``None``: nobody in that position yet).

    Refused, with every reason, when the request is not being handled, a signed advice would be
    replaced, or the pair breaks an independence rule. A submitted request goes into review.
    """
    on = on or timezone.localdate()
    tlv = TlvRequest.objects.select_for_update().select_related("tenant").get(pk=tlv.pk)
    chosen = {1: first, 2: second}
    current = _current(tlv)
    problems = assignment_problems(tlv, chosen, current)
    if problems:
        raise ValidationError(problems)
    moved = [p for p in POSITIONS if p not in current or chosen[p] != current[p].deskundige]
    # Off first, then on: two deskundigen may swap places.
    for position in moved:
        if position in current:
            current[position].delete()  # an unsigned draft, of a person no longer in this place
    changed = [
        Advice.objects.create(
            tenant=tlv.tenant,
            request=tlv,
            deskundige=chosen[position],
            position=position,
            assigned_on=on,
            assigned_by=by,
        )
        for position in moved
        if chosen[position] is not None
    ]
    if changed and tlv.status == RequestStatus.SUBMITTED:
        _start_review(tlv, on=on)
    return changed


def _start_review(tlv: TlvRequest, *, on: datetime.date) -> None:
    workflow.REQUEST_WORKFLOW.apply(tlv, RequestStatus.IN_REVIEW, on=on)
    if tlv.review_started_on is None:
        tlv.review_started_on = on
    tlv.revision += 1
    tlv.save(update_fields=["status", "review_started_on", "revision", "updated_at"])


# --- The advice ---------------------------------------------------------------------------------


def _check_open(advice: Advice) -> None:
    if advice.is_submitted:
        raise ValidationError(
            "Dit advies is ingediend en ondertekend; het kan niet meer worden gewijzigd."
        )
    if advice.request.status not in ASSIGNABLE_STATUSES:
        raise ValidationError(
            "Over deze aanvraag is al besloten, of zij is ingetrokken: het advies kan niet meer "
            "worden gewijzigd."
        )


def _locked(advice: Advice, revision: int | None) -> Advice:
    current = Advice.objects.select_for_update().select_related("request").get(pk=advice.pk)
    if revision is not None and current.revision != revision:
        raise ValidationError(
            "Dit advies is intussen gewijzigd (bijvoorbeeld in een ander venster). Uw wijziging "
            "is niet opgeslagen; open het advies opnieuw en voer uw wijziging nog eens in.",
            code="conflict",
        )
    _check_open(current)
    return current


@transaction.atomic
def advice_update(
    *,
    advice: Advice,
    data: dict[str, Any],
    revision: int | None = None,
    by=None,
    on: datetime.date | None = None,
) -> Advice:
    """Save the deskundige's draft. ``declare_no_involvement`` stamps the day they declared it
    (and clears it when withdrawn); the category is kept only for a VSO request."""
    current = _locked(advice, revision)
    for name in ADVICE_FIELDS:
        if name in data:
            empty = None if name == "advised_on" else ""
            setattr(current, name, empty if data[name] is None else data[name])
    if "declare_no_involvement" in data:
        declared = bool(data["declare_no_involvement"])
        if not declared:
            current.no_involvement_declared_on = None
        elif current.no_involvement_declared_on is None:
            current.no_involvement_declared_on = on or timezone.localdate()
    if current.request.kind != TlvKind.VSO:
        current.advised_category = ""
    try:
        check_date_range(current.advised_on)
    except ValidationError as exc:
        raise ValidationError({"advised_on": exc.messages}) from exc
    current.full_clean(exclude=["request", "deskundige", "tenant", "assigned_by"])
    current.revision += 1
    current.save()
    return current


def submit_problems(advice: Advice) -> list[str]:
    """What the advice still needs before the deskundige can sign it."""
    problems = []
    if advice.no_involvement_declared_on is None:
        problems.append("Verklaar dat u niet bij de leerling betrokken bent (geweest).")
    if not advice.personal:
        problems.append(
            "Bevestig dat dit uw eigen advies is, niet een gezamenlijk advies van een commissie."
        )
    if not advice.conclusion:
        problems.append("Kies een conclusie.")
    if (
        advice.request.kind == TlvKind.VSO
        and advice.conclusion == AdviceConclusion.ADMISSIBLE
        and not advice.advised_category
    ):
        problems.append("Kies de categorie die u adviseert.")
    if not advice.reasoning.strip():
        problems.append("Schrijf de onderbouwing van uw advies.")
    if advice.advised_on is None:
        problems.append("Vul de datum van het advies in.")
    elif advice.advised_on > timezone.localdate():
        problems.append("De datum van het advies ligt in de toekomst.")
    return problems


@transaction.atomic
def advice_submit(*, advice: Advice, by=None) -> Advice:
    """Sign the advice (``submitted_at``): from now on it is read-only, and it counts as one of
    the two when the decision's independence check reads it."""
    current = _locked(advice, None)
    problems = submit_problems(current)
    if problems:
        raise ValidationError(problems)
    current.submitted_at = timezone.now()
    current.revision += 1
    current.save(update_fields=["submitted_at", "revision"])
    return current
