"""The Loket's meetings and decisions (issue 13, items 6 and 7).

* A meeting (``LoketMeeting``) has an agenda of requests (``AgendaItem``): ready requests are
  proposed (``selectors.loket_decisions.ready_requests``), added, ordered, removed before a
  decision, and get a discussion note and an outcome.
* A decision (``tlv_decide``) is refused with the workflow's Dutch reasons
  (``REQUEST_WORKFLOW.problems(tlv, "besluit")``: the request in behandeling, two independent,
  submitted, personal advices). It **never changes**: a correction is a new decision that
  replaces the old one (``tlv_decision_correct``); the only later facts are the day the letter
  was sent (``decision_mark_sent``) and, for a refusal, the retention date that follows from it.
* Retention (``retention_from_date``, on the decision and its request): a grant counts from its
  end date; a refusal from the day it became final, 6 weeks after the letter was sent
  (``loket_rules.OBJECTION_WEEKS``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from swvportal.core.forms import check_date_range
from swvportal.tenancy.models import School, Tenant

from ..models.loket import (
    AgendaItem,
    AgendaOutcome,
    DecisionOutcome,
    LoketMeeting,
    RequestStatus,
    TlvDecision,
    TlvKind,
    TlvRequest,
)
from . import loket_rules as rules
from .loket_workflow import REQUEST_WORKFLOW, settings_of

# Requests that may be put on an agenda: with the Loket, not yet decided.
AGENDA_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.IN_REVIEW, RequestStatus.SUPPLEMENT)

# --- Meetings -----------------------------------------------------------------------------------


def _check_meeting(data: dict[str, Any]) -> None:
    if not data.get("held_on"):
        raise ValidationError({"held_on": "Vul de datum van de vergadering in."})
    check_date_range(data["held_on"])


def _check_members(tenant: Tenant, members) -> list:
    members = list(members or [])
    foreign = [m for m in members if m.tenant_id != tenant.pk]
    if foreign:
        raise ValidationError({"members_present": "Kies alleen leden van dit Loket."})
    return members


@transaction.atomic
def meeting_create(*, tenant: Tenant, data: dict[str, Any], by=None) -> LoketMeeting:
    _check_meeting(data)
    members = _check_members(tenant, data.get("members_present"))
    meeting = LoketMeeting.objects.create(
        tenant=tenant,
        held_on=data["held_on"],
        location=data.get("location") or "",
        notes=data.get("notes") or "",
    )
    meeting.members_present.set(members)
    return meeting


@transaction.atomic
def meeting_update(*, meeting: LoketMeeting, data: dict[str, Any], by=None) -> LoketMeeting:
    _check_meeting(data)
    members = _check_members(meeting.tenant, data.get("members_present"))
    meeting.held_on = data["held_on"]
    meeting.location = data.get("location") or ""
    meeting.notes = data.get("notes") or ""
    meeting.save()
    meeting.members_present.set(members)
    return meeting


def _decided_in(item: AgendaItem) -> bool:
    return TlvDecision.objects.filter(
        meeting_id=item.meeting_id, request_id=item.request_id
    ).exists()


@transaction.atomic
def agenda_add(*, meeting: LoketMeeting, tlv: TlvRequest, by=None) -> AgendaItem:
    """Put a request on the agenda, last. Only a request the Loket still has to decide."""
    if tlv.tenant_id != meeting.tenant_id:
        raise ValidationError("Deze aanvraag hoort niet bij dit samenwerkingsverband.")
    if tlv.status not in AGENDA_STATUSES:
        raise ValidationError(
            f"Alleen een aanvraag die bij het Loket ligt, kan op de agenda; deze aanvraag is "
            f"'{tlv.get_status_display().lower()}'."
        )
    if meeting.items.filter(request=tlv).exists():
        raise ValidationError("Deze aanvraag staat al op de agenda.")
    last = meeting.items.aggregate(last=Max("order"))["last"]
    return AgendaItem.objects.create(
        tenant=meeting.tenant, meeting=meeting, request=tlv, order=(last or 0) + 1
    )


@transaction.atomic
def agenda_remove(*, item: AgendaItem, by=None) -> None:
    """Take a request off the agenda; not once the meeting decided on it."""
    if _decided_in(item):
        raise ValidationError(
            "In deze vergadering is al over deze aanvraag besloten; het agendapunt blijft staan."
        )
    item.delete()


@transaction.atomic
def agenda_move(*, item: AgendaItem, up: bool, by=None) -> None:
    """One place up or down; the agenda is renumbered 1, 2, 3 … on the way."""
    items = list(item.meeting.items.select_for_update().order_by("order", "pk"))
    index = next(i for i, one in enumerate(items) if one.pk == item.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, one in enumerate(items, start=1):
        if one.order != position:
            one.order = position
            one.save(update_fields=["order"])


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, discussion: str, outcome: str, by=None) -> AgendaItem:
    """The discussion note and the outcome. "Besloten" follows from a decision in this meeting
    (``tlv_decide``), so it cannot be chosen without one, nor left once there is one."""
    decided = _decided_in(item)
    if outcome and outcome not in AgendaOutcome.values:
        raise ValidationError({"outcome": "Kies een geldige uitkomst."})
    if outcome == AgendaOutcome.DECIDED and not decided:
        raise ValidationError(
            {"outcome": "Kies 'besloten' door het besluit te nemen (knop 'Besluit nemen')."}
        )
    if decided and outcome != AgendaOutcome.DECIDED:
        raise ValidationError(
            {
                "outcome": "In deze vergadering is over deze aanvraag besloten: de uitkomst blijft "
                "'besloten'."
            }
        )
    item.discussion = discussion.strip()
    item.outcome = outcome
    item.save(update_fields=["discussion", "outcome"])
    return item


# --- The decision -------------------------------------------------------------------------------


def default_end_date(tlv: TlvRequest, start: datetime.date) -> datetime.date:
    """The end date the tenant's duration rule gives for a TLV from ``start``."""
    return rules.tlv_end_date(start, settings_of(tlv))


def _granted_fields(tlv: TlvRequest, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    kind = data.get("kind") or tlv.kind
    cluster = data.get("cluster") or None
    category = data.get("category") or ""
    if kind == TlvKind.VSO:
        if cluster not in (3, 4):
            errors["cluster"] = "Kies bij een VSO-TLV cluster 3 of 4."
        if not category:
            errors["category"] = "Kies de bekostigingscategorie (laag, midden of hoog)."
    else:
        cluster, category = None, ""
    start = data.get("start_date")
    end = data.get("end_date")
    if not start:
        errors["start_date"] = "Vul de ingangsdatum in."
    else:
        check_date_range(start)
        end = end or default_end_date(tlv, start)
        check_date_range(end)
        if end < rules.one_year_from(start):
            errors["end_date"] = (
                f"Een TLV geldt ten minste een jaar: vanaf {start:%d-%m-%Y} tot ten minste "
                f"{rules.one_year_from(start):%d-%m-%Y}."
            )
    school: School | None = data.get("receiving_school")
    name = (data.get("receiving_school_name") or "").strip()
    if school is not None and school.tenant_id != tlv.tenant_id:
        errors["receiving_school"] = "Kies een school van dit samenwerkingsverband."
    if school is None and not name:
        errors["receiving_school"] = (
            "Kies de ontvangende school, of vul de naam in van een school buiten het "
            "samenwerkingsverband."
        )
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "cluster": cluster,
        "category": category,
        "start_date": start,
        "end_date": end,
        "receiving_school": school,
        "receiving_school_name": "" if school is not None else name,
    }


def _decision_fields(tlv: TlvRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The decision's own fields from the form's data, checked; a Dutch error per field."""
    outcome = data.get("outcome")
    if outcome not in DecisionOutcome.values:
        raise ValidationError({"outcome": "Kies: toegekend of afgewezen."})
    reasoning = (data.get("reasoning") or "").strip()
    if not reasoning:
        raise ValidationError(
            {
                "reasoning": "Schrijf de motivering: waarom het Loket zo besluit, met de "
                "belangrijkste punten uit beide adviezen."
            }
        )
    decided_on = data.get("decided_on") or timezone.localdate()
    check_date_range(decided_on)
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "Een besluit kan niet in de toekomst zijn genomen."})
    fields: dict[str, Any] = {
        "outcome": outcome,
        "reasoning": reasoning,
        "decided_on": decided_on,
        "kind": tlv.kind,
        "cluster": None,
        "category": "",
        "start_date": None,
        "end_date": None,
        "receiving_school": None,
        "receiving_school_name": "",
    }
    if outcome == DecisionOutcome.GRANTED:
        fields.update(_granted_fields(tlv, data))
    return fields


def _retention_from(decision: TlvDecision) -> datetime.date | None:
    """A grant: its end date; a refusal: the day it became final (sent + 6 weeks), once sent."""
    if decision.is_granted:
        return decision.end_date
    if decision.sent_on:
        return decision.sent_on + rules.OBJECTION_WEEKS * rules.WEEK
    return None


def _create_decision(tlv: TlvRequest, fields: dict[str, Any], *, by, meeting, replaces=None):
    decision = TlvDecision(
        tenant=tlv.tenant,
        school=tlv.school,
        pupil=tlv.pupil,
        request=tlv,
        meeting=meeting,
        replaces=replaces,
        decided_by=by,
        **fields,
    )
    decision.retention_from_date = _retention_from(decision)
    decision.full_clean(exclude=["pupil", "school", "request", "tenant", "meeting", "replaces"])
    decision.save()
    return decision


def _locked(tlv: TlvRequest) -> TlvRequest:
    """The request as it is now, locked: two decisions at once cannot both pass the check."""
    return TlvRequest.objects.select_for_update().select_related("pupil", "school").get(pk=tlv.pk)


@transaction.atomic
def tlv_decide(
    *, tlv: TlvRequest, data: dict[str, Any], by=None, meeting: LoketMeeting | None = None
) -> TlvDecision:
    """Decide on ``tlv``: refused with the workflow's reasons (the independence check and the
    two advices run again here), else the decision is made and the request is 'besluit'.

    With ``meeting`` the request gets (or keeps) its agenda item there, outcome 'besloten'."""
    tlv = _locked(tlv)
    problems = REQUEST_WORKFLOW.problems(tlv, RequestStatus.DECIDED)
    if problems:
        raise ValidationError(problems)
    if meeting is not None and meeting.tenant_id != tlv.tenant_id:
        raise ValidationError("Deze vergadering hoort niet bij dit samenwerkingsverband.")
    fields = _decision_fields(tlv, data)
    decision = _create_decision(tlv, fields, by=by, meeting=meeting)
    REQUEST_WORKFLOW.apply(tlv, RequestStatus.DECIDED, on=decision.decided_on)
    tlv.retention_from_date = decision.retention_from_date
    tlv.save(update_fields=["status", "decided_on", "retention_from_date", "updated_at"])
    if meeting is not None:
        item, _ = AgendaItem.objects.get_or_create(
            tenant=tlv.tenant,
            meeting=meeting,
            request=tlv,
            defaults={"order": (meeting.items.aggregate(last=Max("order"))["last"] or 0) + 1},
        )
        item.outcome = AgendaOutcome.DECIDED
        item.save(update_fields=["outcome"])
    return decision


@transaction.atomic
def tlv_decision_correct(*, decision: TlvDecision, data: dict[str, Any], by=None) -> TlvDecision:
    """A correction: a new decision that replaces ``decision``; both are kept. The old one is
    never changed. Only the newest decision of a request can be corrected."""
    old = TlvDecision.objects.select_for_update().select_related("request").get(pk=decision.pk)
    if TlvDecision.objects.filter(replaces=old).exists():
        raise ValidationError(
            "Dit besluit is al vervangen door een correctie; corrigeer zo nodig het nieuwe besluit."
        )
    tlv = old.request
    fields = _decision_fields(tlv, data)
    if fields["decided_on"] < old.decided_on:
        raise ValidationError(
            {
                "decided_on": f"De correctie ligt niet voor het besluit dat zij vervangt "
                f"({old.decided_on:%d-%m-%Y})."
            }
        )
    new = _create_decision(tlv, fields, by=by, meeting=old.meeting, replaces=old)
    TlvRequest.objects.filter(pk=tlv.pk).update(
        decided_on=new.decided_on, retention_from_date=new.retention_from_date
    )
    return new


@transaction.atomic
def decision_mark_sent(*, decision: TlvDecision, sent_on: datetime.date, by=None) -> TlvDecision:
    """The letter went out on ``sent_on``: the objection period runs from the next day. For a
    refusal the retention date follows (final 6 weeks later)."""
    decision = TlvDecision.objects.select_for_update().get(pk=decision.pk)
    if decision.sent_on:
        raise ValidationError(
            f"Deze besluitbrief is al als verzonden vastgelegd op {decision.sent_on:%d-%m-%Y}."
        )
    if not sent_on:
        raise ValidationError({"sent_on": "Vul de datum van verzending in."})
    check_date_range(sent_on)
    if sent_on < decision.decided_on:
        raise ValidationError(
            {
                "sent_on": f"De brief kan niet zijn verzonden voor het besluit "
                f"({decision.decided_on:%d-%m-%Y})."
            }
        )
    if sent_on > timezone.localdate():
        raise ValidationError({"sent_on": "Een datum van verzending ligt niet in de toekomst."})
    decision.sent_on = sent_on
    decision.retention_from_date = _retention_from(decision)
    decision.save(update_fields=["sent_on", "retention_from_date"])
    if not TlvDecision.objects.filter(replaces=decision).exists():
        TlvRequest.objects.filter(pk=decision.request_id).update(
            retention_from_date=decision.retention_from_date
        )
    return decision
