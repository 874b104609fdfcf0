"""Test data for the Loket: a request, a deskundige, an advice, a decision, in a few words.

Every builder writes straight to the models (no rules run), inside the tenant's scope, so a test
of a rule builds exactly the situation it needs. ``world`` is the suite's shared fixture
(``conftest.py``): tenant A with schools A1 and A2 and one member per role, tenant B apart.
"""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from django.utils import timezone
from django_scopes import scopes_disabled

from referrals.models import (
    Advice,
    AdviceConclusion,
    Category,
    DecisionOutcome,
    Deskundige,
    Discipline,
    LoketSettings,
    Pupil,
    RequestStatus,
    TlvDecision,
    TlvKind,
    TlvRequest,
)
from swvportal.accounts.models import Role
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory

_numbers = itertools.count(1)
D0 = datetime.date(2026, 9, 1)


def a_pupil(school, *, number: str | None = None, birth_year: int = 2012) -> Pupil:
    with scopes_disabled():
        return Pupil.objects.create(
            tenant=school.tenant,
            school=school,
            pupil_number=number or f"L-{next(_numbers)}",
            birth_year=birth_year,
        )


def settings_for(tenant, **changes: Any) -> LoketSettings:
    """The tenant's Loket settings (created with the defaults), with ``changes`` saved."""
    with scopes_disabled():
        found, _ = LoketSettings.objects.get_or_create(tenant=tenant)
        for name, value in changes.items():
            setattr(found, name, value)
        if changes:
            found.save()
        return found


def a_request(
    school, *, pupil: Pupil | None = None, complete: bool = True, **fields: Any
) -> TlvRequest:
    """A VSO cluster-4 request (by default a complete one, status ``ingediend``)."""
    values: dict[str, Any] = {
        "kind": TlvKind.VSO,
        "cluster": 4,
        "requested_category": Category.LOW,
        "status": RequestStatus.SUBMITTED,
        "submitted_on": D0,
    }
    if complete:
        values.update(
            receiving_school_name="Vso De Brug",
            requested_start=D0 + datetime.timedelta(days=60),
            integrated_picture="Beeld van de leerling en wat hij nodig heeft.",
            steps_taken="Extra begeleiding en een aangepast rooster.",
            parents_view="De ouders steunen de aanvraag.",
            parents_consent_on=D0,
            parents_consent_by="Moeder",
        )
    values.update(fields)
    with scopes_disabled():
        pupil = pupil or a_pupil(school)
        return TlvRequest.objects.create(tenant=school.tenant, school=school, pupil=pupil, **values)


def a_deskundige(
    tenant,
    *,
    discipline: str = Discipline.ORTHOPEDAGOOG,
    schools=(),
    membership=None,
    name: str | None = None,
) -> Deskundige:
    """A deskundige of ``tenant``; a new member with the role unless ``membership`` is given."""
    with scopes_disabled():
        if membership is None:
            n = next(_numbers)
            first, last = name.split(" ", 1) if name else ("Deskundige", str(n))
            membership = MembershipFactory(
                tenant=tenant,
                role=Role.DESKUNDIGE,
                user=UserFactory(
                    email=f"deskundige{n}@test.example", first_name=first, last_name=last
                ),
            )
        expert = Deskundige.objects.create(
            tenant=tenant, membership=membership, discipline=discipline
        )
        expert.schools.set(schools)
        return expert


def an_advice(
    tlv: TlvRequest,
    deskundige: Deskundige,
    *,
    position: int = 1,
    submitted: bool = False,
    conclusion: str = AdviceConclusion.ADMISSIBLE,
    **fields: Any,
) -> Advice:
    values: dict[str, Any] = {"assigned_on": D0}
    if submitted:
        values.update(
            no_involvement_declared_on=D0,
            personal=True,
            conclusion=conclusion,
            advised_category=Category.LOW,
            reasoning="De leerling heeft een intensief aanbod nodig.",
            advised_on=D0 + datetime.timedelta(days=7),
            submitted_at=timezone.now(),
        )
    values.update(fields)
    with scopes_disabled():
        return Advice.objects.create(
            tenant=tlv.tenant, request=tlv, deskundige=deskundige, position=position, **values
        )


def a_decision(tlv: TlvRequest, *, granted: bool = True, **fields: Any) -> TlvDecision:
    """A decision on ``tlv`` (granted for a year from its requested start, by default)."""
    start = tlv.requested_start or D0
    values: dict[str, Any] = {
        "outcome": DecisionOutcome.GRANTED if granted else DecisionOutcome.REFUSED,
        "kind": tlv.kind,
        "cluster": tlv.cluster,
        "category": tlv.requested_category if granted else "",
        "start_date": start if granted else None,
        "end_date": datetime.date(start.year + 1, 7, 31) if granted else None,
        "reasoning": "Beide deskundigen achten de leerling toelaatbaar.",
        "decided_on": D0 + datetime.timedelta(days=30),
        "sent_on": D0 + datetime.timedelta(days=31),
    }
    values.update(fields)
    with scopes_disabled():
        decision = TlvDecision.objects.create(
            tenant=tlv.tenant, school=tlv.school, pupil=tlv.pupil, request=tlv, **values
        )
        TlvRequest.objects.filter(pk=tlv.pk).update(
            status=RequestStatus.DECIDED, decided_on=decision.decided_on
        )
        tlv.refresh_from_db()
        return decision


def deskundige_of(world):
    """The world's own ``deskundige`` member as a Deskundige (orthopedagoog, no schools)."""
    with scopes_disabled():
        membership = world.members[Role.DESKUNDIGE]
        found = Deskundige.objects.filter(membership=membership).first()
    return found or a_deskundige(world.tenant_a, membership=membership)
