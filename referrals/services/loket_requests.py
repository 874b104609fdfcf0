"""Writes on a TLV request, from concept to ready for a decision (domain.md §5, issue 13: 2, 4).

* A request is about a pseudonymous pupil: the school's pupil number and birth year
  (``pupil_for``); the Loket may start one on a school's behalf.
* VSO needs a cluster and a requested category; LWOO only where the tenant decides on it; PrO
  and LWOO carry test data, VSO none (we keep the minimum).
* The OPP is one of that pupil's OPP records at that school.
* The request changes only while it is a concept or a question of the Loket is open, and two
  people editing it cannot overwrite each other (revisions, as the pupil records).
* Every status change goes through ``REQUEST_WORKFLOW`` (one source of truth with the page);
  a question back to the school pauses the handling clock until the school answers, and the
  answer sends the request back to the Loket.
* The reference ("TLV-2026-0007") is given on first submitting, per calendar year, unique in
  the tenant.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.tenancy.models import School, Tenant

from ..models import (
    DLE_FIELDS,
    DocumentKind,
    LoketSettings,
    OppRegistration,
    RequestStatus,
    SupplementRequest,
    TlvKind,
    TlvRequest,
)
from .loket_workflow import REQUEST_WORKFLOW, loket_settings
from .pupils import PUPIL_FIELDS, _check_date_ranges, pupil_for

S = RequestStatus
EDITABLE = (S.CONCEPT, S.SUPPLEMENT)
TEST_FIELDS = ("iq_total", "iq_test", "iq_tested_on", *DLE_FIELDS)
# The fields a school fills in (the form's, the service's and the extension's one list).
REQUEST_FIELDS = (
    "kind",
    "cluster",
    "requested_category",
    "receiving_school",
    "receiving_school_name",
    "requested_start",
    "integrated_picture",
    "steps_taken",
    "opp",
    "parents_view",
    "parents_consent_on",
    "parents_consent_by",
    *TEST_FIELDS,
)
SUBMIT_TLV = "referrals.submit_tlv_requests"
HANDLE_TLV = "referrals.handle_tlv_requests"


# --- Who may take which step --------------------------------------------------------------------


def move_capability(tlv: TlvRequest, target: str) -> str | None:
    """The capability a step needs: the school's steps (submit, answer, withdraw) or the
    Loket's (start the review, close). None: not a step of the status page (a question back
    and the decision have their own pages)."""
    if target in (S.SUBMITTED, S.WITHDRAWN):
        return SUBMIT_TLV
    if target == S.IN_REVIEW:
        return SUBMIT_TLV if tlv.status == S.SUPPLEMENT else HANDLE_TLV
    if target == S.CLOSED:
        return HANDLE_TLV
    return None


def may_move(membership: Membership, tlv: TlvRequest, target: str) -> bool:
    capability = move_capability(tlv, target)
    # Back from a question: only through the answer (it also ends the pause).
    if target == S.IN_REVIEW and tlv.status == S.SUPPLEMENT:
        return False
    return capability is not None and can(membership, capability, tlv)


MOVE_LABELS = {
    S.SUBMITTED: ("Indienen bij het Loket", "De aanvraag is ingediend bij het Loket."),
    S.IN_REVIEW: ("In behandeling nemen", "De aanvraag is in behandeling genomen."),
    S.WITHDRAWN: ("Aanvraag intrekken", "De aanvraag is ingetrokken."),
    S.CLOSED: ("Afronden", "De aanvraag is afgerond."),
}


# --- Create and change --------------------------------------------------------------------------


def kind_choices(settings: LoketSettings) -> list[tuple[str, str]]:
    """The kinds a school may ask for in this tenant: LWOO only when the Loket decides on it."""
    return [
        (k, label) for k, label in TlvKind.choices if k != TlvKind.LWOO or settings.lwoo_enabled
    ]


def _clean(tlv: TlvRequest, settings: LoketSettings) -> None:
    """The request's own rules, each refusal on the field it is about."""
    errors: dict[str, list[str]] = {}

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if tlv.kind == TlvKind.LWOO and not settings.lwoo_enabled and tlv.extends_id is None:
        refuse("kind", "Dit Loket beslist niet over LWOO. Kies VSO of PrO.")
    if tlv.kind == TlvKind.VSO:
        if not tlv.cluster:
            refuse("cluster", "Kies bij een VSO-aanvraag cluster 3 of 4.")
        if not tlv.requested_category:
            refuse("requested_category", "Kies bij een VSO-aanvraag de gevraagde categorie.")
    else:
        # PrO and LWOO have no cluster or category; VSO has no test data (store the minimum).
        tlv.cluster, tlv.requested_category = None, ""
    if tlv.kind == TlvKind.VSO:
        for name in TEST_FIELDS:
            setattr(tlv, name, TlvRequest._meta.get_field(name).get_default())
    if tlv.receiving_school_id and tlv.receiving_school_name.strip():
        refuse(
            "receiving_school_name",
            "Kies een school van het samenwerkingsverband of vul een school daarbuiten in, "
            "niet allebei.",
        )
    if tlv.receiving_school_id and tlv.receiving_school.tenant_id != tlv.tenant_id:
        refuse("receiving_school", "Kies een school van het samenwerkingsverband.")
    if tlv.opp_id and (tlv.opp.pupil_id != tlv.pupil_id or tlv.opp.school_id != tlv.school_id):
        refuse("opp", "Kies een OPP van deze leerling op deze school.")
    today = timezone.localdate()
    if tlv.parents_consent_on and tlv.parents_consent_on > today:
        refuse("parents_consent_on", "De datum van de toestemming ligt in de toekomst.")
    if tlv.iq_tested_on and tlv.iq_tested_on > today:
        refuse("iq_tested_on", "De testdatum ligt in de toekomst.")
    if errors:
        raise ValidationError(errors)


def _fill(tlv: TlvRequest, data: dict[str, Any]) -> None:
    for name, value in data.items():
        if name in REQUEST_FIELDS:
            setattr(tlv, name, "" if value is None and _is_text(name) else value)


def _is_text(name: str) -> bool:
    return TlvRequest._meta.get_field(name).get_internal_type() in ("CharField", "TextField")


def _check(tlv: TlvRequest) -> None:
    _check_date_ranges(tlv)
    _clean(tlv, loket_settings(tlv.tenant))
    tlv.full_clean(exclude=["pupil", "school", "tenant", "extends", "opp", "receiving_school"])


@transaction.atomic
def tlv_request_create(*, school: School, data: dict[str, Any], by=None) -> TlvRequest:
    """A concept request for the school's pupil with this number and birth year (created when
    new). ``data`` holds ``pupil_number``, ``birth_year`` and the request's fields."""
    data = dict(data)
    pupil = pupil_for(school=school, **{k: data.pop(k) for k in PUPIL_FIELDS if k in data})
    tlv = TlvRequest(
        tenant=school.tenant, school=school, pupil=pupil, status=S.CONCEPT, created_by=by
    )
    _fill(tlv, data)
    _check(tlv)
    tlv.save()
    return tlv


def _locked(tlv: TlvRequest) -> TlvRequest:
    return TlvRequest.objects.select_for_update().select_related("tenant").get(pk=tlv.pk)


def _check_revision(current: TlvRequest, revision: int) -> None:
    if current.revision != revision:
        raise ValidationError(
            "Deze aanvraag is intussen door iemand anders gewijzigd. Uw wijziging is niet "
            "opgeslagen; open de aanvraag opnieuw en voer uw wijziging nog eens in.",
            code="conflict",
        )
    if current.anonymised_at:
        raise ValidationError("Deze aanvraag is geanonimiseerd en kan niet meer worden gewijzigd.")


@transaction.atomic
def tlv_request_update(
    *, tlv: TlvRequest, data: dict[str, Any], revision: int, by=None
) -> TlvRequest:
    """Change a concept, or a request while the Loket's question is open; refused when someone
    else changed it since ``revision`` (the pupil stays who it was)."""
    current = _locked(tlv)
    _check_revision(current, revision)
    if current.status not in EDITABLE:
        raise ValidationError(
            f"Een aanvraag met de status '{current.get_status_display()}' kunt u niet meer "
            "wijzigen. Dat kan alleen als concept of als het Loket om een aanvulling vraagt."
        )
    _fill(current, data)
    _check(current)
    current.revision += 1
    current.save()
    return current


def opp_choices(tlv: TlvRequest):
    """The OPP records the request may link: that pupil's, at that school."""
    return OppRegistration.objects.filter(pupil_id=tlv.pupil_id, school_id=tlv.school_id)


# --- The reference ------------------------------------------------------------------------------


def _next_reference(tenant: Tenant, year: int) -> str:
    """The tenant's next reference of ``year``. The tenant's settings row is locked first, so
    two submissions at once wait for each other instead of taking the same number."""
    LoketSettings.objects.select_for_update().filter(tenant=tenant).first()
    prefix = f"TLV-{year}-"
    taken = TlvRequest.objects.filter(tenant=tenant, reference__startswith=prefix).values_list(
        "reference", flat=True
    )
    numbers = [int(r.removeprefix(prefix)) for r in taken if r.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


# --- The status ---------------------------------------------------------------------------------


@transaction.atomic
def tlv_request_move(
    *, tlv: TlvRequest, target: str, by=None, on: datetime.date | None = None
) -> TlvRequest:
    """Move the request to ``target`` through ``REQUEST_WORKFLOW`` (refused with its Dutch
    reasons). Submitting gives the reference; the first review stamps ``review_started_on``;
    withdrawing starts the retention term."""
    on = on or timezone.localdate()
    loket_settings(tlv.tenant)  # exists before it is locked for the reference
    current = _locked(tlv)
    if target == S.SUPPLEMENT:
        raise ValidationError("Vraag een aanvulling aan de school met een vraag erbij.")
    REQUEST_WORKFLOW.apply(current, target, on=on)
    if target == S.SUBMITTED and not current.reference:
        current.reference = _next_reference(current.tenant, on.year)
    if target == S.IN_REVIEW and current.review_started_on is None:
        current.review_started_on = on
    if target == S.WITHDRAWN:
        current.retention_from_date = on
    current.revision += 1
    current.save()
    return current


@transaction.atomic
def supplement_ask(*, tlv: TlvRequest, question: str, by=None) -> SupplementRequest:
    """A question back to the school: the request goes to 'aanvulling gevraagd' and the
    handling clock stands still until the school answers."""
    question = (question or "").strip()
    if not question:
        raise ValidationError({"question": "Schrijf op wat de school moet aanvullen."})
    current = _locked(tlv)
    today = timezone.localdate()
    REQUEST_WORKFLOW.apply(current, S.SUPPLEMENT, on=today)
    current.revision += 1
    current.save()
    return SupplementRequest.objects.create(
        tenant=current.tenant, request=current, asked_on=today, question=question, asked_by=by
    )


def open_supplement(tlv: TlvRequest) -> SupplementRequest | None:
    return tlv.supplements.filter(answered_on__isnull=True).first()


@transaction.atomic
def supplement_answer(*, supplement: SupplementRequest, answer: str, by=None) -> TlvRequest:
    """The school's answer, which sends the request back to the Loket (in behandeling): the
    pause ends. Refused while the dossier is not complete, with what it still lacks."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": "Schrijf uw antwoord op de vraag van het Loket."})
    current = _locked(supplement.request)
    found = SupplementRequest.objects.select_for_update().get(pk=supplement.pk)
    if found.answered_on is not None or current.status != S.SUPPLEMENT:
        raise ValidationError("Deze vraag is al beantwoord.")
    today = timezone.localdate()
    found.answered_on, found.answer = today, answer
    found.save()
    REQUEST_WORKFLOW.apply(current, S.IN_REVIEW, on=today)
    if current.review_started_on is None:
        current.review_started_on = today
    current.revision += 1
    current.save()
    return current


# --- Extension (verlenging) ---------------------------------------------------------------------


# --- Settings -----------------------------------------------------------------------------------

REQUIRABLE_DOCUMENTS = [k for k in DocumentKind.values if k != DocumentKind.SUPPLEMENT]


@transaction.atomic
def loket_settings_update(*, tenant: Tenant, data: dict[str, Any], by=None) -> LoketSettings:
    """The tenant's Loket settings; the ranges must make sense (minimum up to maximum) and each
    deskundige has at least one discipline to choose from."""
    current = LoketSettings.objects.select_for_update().filter(tenant=tenant).first()
    current = current or loket_settings(tenant)
    for name, value in data.items():
        setattr(current, name, value)
    errors: dict[str, str] = {}
    if current.pro_iq_min > current.pro_iq_max:
        errors["pro_iq_max"] = "Het hoogste IQ voor PrO ligt onder het laagste."
    if current.lwoo_dle_min > current.lwoo_dle_max:
        errors["lwoo_dle_max"] = "De hoogste DLE voor LWOO ligt onder de laagste."
    if not 1 <= current.criteria_min_domains <= len(DLE_FIELDS):
        errors["criteria_min_domains"] = f"Kies 1 tot {len(DLE_FIELDS)} domeinen."
    for name in ("first_disciplines", "second_disciplines"):
        if not current.__dict__[name]:
            errors[name] = "Kies ten minste één discipline."
    unknown = {
        kind
        for kinds in (current.required_documents or {}).values()
        for kind in kinds
        if kind not in REQUIRABLE_DOCUMENTS
    }
    if unknown:
        errors["required_documents"] = f"Onbekende soorten stukken: {', '.join(sorted(unknown))}."
    if errors:
        raise ValidationError(errors)
    current.full_clean(exclude=["tenant"])
    current.save()
    return current
