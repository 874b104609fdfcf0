"""The decision letter (besluitbrief) of a TLV decision as a PDF (issue 13, item 7).

Registered as the document type ``tlv_letter`` (autodiscovered by ``swvportal.documents``):

* archived **once per decision** (``Archive.ONCE_PER_SUBJECT``, the decision its subject; a
  decision never changes, so it is final at once): the first download renders and stores it,
  every later one returns the same bytes;
* ``sensitive``: every download logs a read;
* read with ``referrals.view_decision_letters`` (the Loket and the bestuurder; a
  zorgcoördinator the letters of their own schools), made by the Loket.

The letter holds the pupil's reference (pupil number and birth year), never a name. A school may
type the name at download (``letter_source(decision, pupil_name=…)``): that one rendering
carries it, and it is never stored, archived or logged.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import override

from swvportal.core.pdf import PdfMeta, PdfSource, long_date
from swvportal.documents.registry import Archive, DocumentType, Facts, Option, register
from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from .models.loket import Advice, Category, DecisionOutcome, TlvDecision
from .services import loket_rules
from .services.loket_workflow import loket_settings

TLV_LETTER = "tlv_letter"
TEMPLATE = "loket/decisions/letter.html"


def letter_reference(decision: TlvDecision) -> str:
    return decision.request.reference or f"TLV-{decision.request_id}"


def letter_source(decision: TlvDecision, *, pupil_name: str = "") -> PdfSource:
    """The letter of ``decision``; reads the data now, ``render()`` needs no database."""
    tenant = decision.tenant
    with tenant_scope(tenant), override("nl"):
        decision = TlvDecision.objects.select_related(
            "request", "pupil", "school", "receiving_school", "replaces"
        ).get(pk=decision.pk)
        advices = list(
            Advice.objects.filter(request_id=decision.request_id, submitted_at__isnull=False)
            .select_related("deskundige__membership__user")
            .order_by("position")
        )
        rules = loket_settings(tenant)
    reference = letter_reference(decision)
    title = f"Besluit op de aanvraag {reference}"
    created = timezone.make_aware(datetime.datetime.combine(decision.decided_on, datetime.time()))
    context: dict[str, Any] = {
        "tenant": tenant,
        "decision": decision,
        "reference": reference,
        "granted": decision.outcome == DecisionOutcome.GRANTED,
        "kind_label": _kind_label(decision.kind),
        "requested_label": _kind_label(decision.request.kind, decision.request.cluster),
        "category_label": dict(Category.choices).get(decision.category, ""),
        "receiving_school": _receiving_school(decision),
        "advices": advices,
        "decided_on_long": long_date(decision.decided_on),
        "start_long": long_date(decision.start_date) if decision.start_date else "",
        "end_long": long_date(decision.end_date) if decision.end_date else "",
        "replaces_long": long_date(decision.replaces.decided_on) if decision.replaces else "",
        "objection_weeks": loket_rules.OBJECTION_WEEKS,
        "objection_committee": rules.objection_committee,
        "objection_address": rules.objection_address,
        "signatory": rules.letter_signatory or f"Het Loket van {tenant.name}",
        "pupil_name": pupil_name.strip(),
    }
    meta = PdfMeta(
        title=title,
        author=tenant.name,
        created=created,
        subject=f"Besluitbrief over een toelaatbaarheidsverklaring, {tenant.name} ({tenant.code})",
    )
    return PdfSource(
        template_name=TEMPLATE,
        context=context,
        meta=meta,
        filename=f"{tenant.code}-besluit-{reference}-{decision.decided_on:%Y-%m-%d}.pdf",
    )


KIND_WORDS = {
    "vso": "voortgezet speciaal onderwijs (VSO)",
    "pro": "praktijkonderwijs (PrO)",
    "lwoo": "leerwegondersteunend onderwijs (LWOO)",
}


def _kind_label(kind: str, cluster: int | None = None) -> str:
    """ "voortgezet speciaal onderwijs (VSO), cluster 4": the letter's words for a kind."""
    words = KIND_WORDS.get(kind, kind)
    return f"{words}, cluster {cluster}" if cluster else words


def _receiving_school(decision: TlvDecision) -> str:
    if decision.receiving_school_id:
        school = decision.receiving_school
        return f"{school.name} ({school.brin})" if school.brin else school.name
    return decision.receiving_school_name


# --- The document type -------------------------------------------------------------------------


def _clean(*, tenant: Tenant, decision: TlvDecision | None = None) -> None:
    if decision is None:
        raise ValidationError("Kies het besluit waarvan u de brief wilt.")
    if decision.tenant_id != tenant.pk:
        raise ValidationError("Dit besluit hoort niet bij dit samenwerkingsverband.")


def _build(*, tenant: Tenant, decision: TlvDecision) -> PdfSource:
    return letter_source(decision)


def _facts(*, decision: TlvDecision) -> Facts:
    # A decision never changes (a correction is a new decision): its letter is final at once.
    return Facts(
        title=f"Besluitbrief {letter_reference(decision)} ({decision.decided_on:%d-%m-%Y})",
        subject=decision,
        final=True,
    )


def _to_json(*, decision: TlvDecision) -> dict:
    return {"decision_id": decision.pk}


def _from_json(data: dict) -> dict:
    decision = TlvDecision.objects.filter(pk=data.get("decision_id")).first()  # scoped
    if decision is None:
        raise LookupError("Dit besluit bestaat niet meer.")
    return {"decision": decision}


def _job_fact(data: dict) -> str:
    decision = TlvDecision.objects.filter(pk=data.get("decision_id")).first()
    return f"Besluitbrief van {long_date(decision.decided_on)}" if decision else "Besluitbrief"


def _from_options(tenant: Tenant, options: dict) -> dict:
    raw = options.get("decision_id")
    if not raw or not str(raw).isdigit():
        raise CommandError("Geef het nummer van het besluit: --besluit 12.")
    decision = TlvDecision.objects.filter(tenant=tenant, pk=int(raw)).first()
    if decision is None:
        raise CommandError(f"Besluit {raw} bestaat niet bij {tenant.code}.")
    return {"decision": decision}


TLV_LETTER_TYPE = register(
    DocumentType(
        key=TLV_LETTER,
        label="Besluitbrief TLV",
        build=_build,
        clean=_clean,
        facts=_facts,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact,
        create_capability="referrals.handle_tlv_requests",
        read_capability="referrals.view_decision_letters",
        draft_capability="referrals.view_decision_letters",
        archive=Archive.ONCE_PER_SUBJECT,
        sensitive=True,
        options=(Option("--besluit", "decision_id", "tlv_letter: het nummer van het besluit."),),
        from_options=_from_options,
    )
)
