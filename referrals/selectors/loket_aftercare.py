"""Reads after the decision: objections, expiring TLVs, external referrals and the conversations
still to hold. Each list is a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible
from swvportal.tenancy.models import School

from ..models.loket import (
    Cluster,
    DecisionOutcome,
    ExternalReferral,
    FutureConversation,
    Objection,
    ObjectionStage,
    RequestStatus,
    TlvDecision,
    TlvRequest,
)
from ..services import loket_aftercare as aftercare
from ..services import loket_rules as rules
from ..services.loket_workflow import loket_settings

RECORD_OBJECTIONS = "referrals.record_objections"
VIEW_REGISTER = "referrals.view_tlv_register"
RECORD_REFERRALS = "referrals.record_referrals"
RECORD_CONVERSATIONS = "referrals.record_future_conversations"

# --- Objections ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObjectionRow:
    objection: Objection
    deadlines: rules.ObjectionDeadlines
    sent_on_unknown: bool  # the period counts from the decision's date (sent_on empty)
    today: datetime.date

    @property
    def is_open(self) -> bool:
        return self.objection.stage != ObjectionStage.DECIDED

    @property
    def urgency(self) -> str:
        """For the page's colour: "verlopen" (overdue), "dichtbij" (due within two weeks) or
        "" (the same boundaries as ``loket_rules.objection_deadlines``' warnings)."""
        if not self.is_open:
            return ""
        due = self.deadlines.decision_due
        if self.today > due:
            return "verlopen"
        return "dichtbij" if due - self.today <= rules.SOON else ""


def objection_row(objection: Objection, *, today: datetime.date | None = None) -> ObjectionRow:
    today = today or timezone.localdate()
    _, unknown = aftercare.decision_sent_on(objection.decision)
    deadlines = aftercare.objection_deadlines(objection, today=today)
    return ObjectionRow(objection, deadlines, unknown, today)


def objection_rows(
    objections: QuerySet[Objection], *, today: datetime.date | None = None
) -> list[ObjectionRow]:
    """Open ones first, by the day the decision on them is due; then the decided ones, newest
    first. The due date is a rule in Python (``loket_rules``), so the order is made here."""
    today = today or timezone.localdate()
    rows = [objection_row(o, today=today) for o in objections]
    open_rows = sorted(
        (r for r in rows if r.is_open), key=lambda r: (r.deadlines.decision_due, r.objection.pk)
    )
    decided = sorted(
        (r for r in rows if not r.is_open),
        key=lambda r: (r.objection.decided_on, r.objection.pk),
        reverse=True,
    )
    return open_rows + decided


def objection_list(*, membership: Membership) -> QuerySet[Objection]:
    return visible(Objection.objects.all(), membership, RECORD_OBJECTIONS).select_related(
        "decision__request", "decision__school", "decision__pupil"
    )


def objections_of_request(*, tlv: TlvRequest) -> QuerySet[Objection]:
    return Objection.objects.filter(decision__request=tlv).select_related("decision__request")


# --- Expiring TLVs ------------------------------------------------------------------------------


def expiring_list(
    *, membership: Membership, today: datetime.date | None = None
) -> QuerySet[TlvDecision]:
    """Granted TLVs, not replaced, that end within the tenant's notice period: the Loket's all,
    a zorgcoördinator's own schools. ``extension`` is the verlenging already asked (or None)."""
    today = today or timezone.localdate()
    months = loket_settings(membership.tenant).expiry_notice_months
    started = TlvRequest.objects.filter(extends=OuterRef("pk")).exclude(
        status=RequestStatus.WITHDRAWN
    )
    return (
        visible(TlvDecision.objects.all(), membership, VIEW_REGISTER)
        .filter(
            outcome=DecisionOutcome.GRANTED,
            replaced_by__isnull=True,
            end_date__gte=today,
            end_date__lte=aftercare.expiry_window_end(today, months),
        )
        .annotate(extension_started=Exists(started))
        .select_related("tenant", "school", "pupil", "request", "receiving_school")
        .order_by("end_date", "pk")
    )


def visible_register_schools(*, membership: Membership) -> QuerySet[School]:
    """The schools whose TLVs this member sees in the register (all, or their own)."""
    return visible(School.objects.all(), membership, VIEW_REGISTER, school_field="pk").order_by(
        "name"
    )


# --- External referrals -------------------------------------------------------------------------


def referral_schools(*, membership: Membership) -> QuerySet[School]:
    """The schools this member may register a referral for (all, or their own)."""
    return visible(School.objects.all(), membership, RECORD_REFERRALS, school_field="pk").order_by(
        "name"
    )


def referral_list(*, membership: Membership) -> QuerySet[ExternalReferral]:
    return (
        visible(ExternalReferral.objects.all(), membership, RECORD_REFERRALS)
        .select_related("tenant", "school", "pupil")
        .order_by("-referred_on", "-pk")
    )


# --- The toekomstgericht gesprek ----------------------------------------------------------------


@dataclass(frozen=True)
class ConversationEvent:
    """A referral after which the SWV talks with the referring school, with the conversation
    planned so far (None: not yet)."""

    kind: str  # "tlv" or "extern"
    pk: int
    tenant_code: str
    school: School
    pupil_number: str
    happened_on: datetime.date
    what: str
    conversation: FutureConversation | None

    @property
    def planned_on(self) -> datetime.date | None:
        return self.conversation.planned_on if self.conversation else None

    @property
    def kind_label(self) -> str:
        return "TLV cluster 4" if self.kind == "tlv" else "Verwijzing extern"


NOT_HELD = Q(future_conversation__isnull=True) | Q(future_conversation__held_on__isnull=True)


def conversation_of(obj) -> FutureConversation | None:
    try:
        return obj.future_conversation
    except FutureConversation.DoesNotExist:
        return None


def conversation_events(*, membership: Membership) -> list[ConversationEvent]:
    """Every granted cluster-4 TLV (not replaced, no extension, not imported) and every external
    referral whose conversation has not been held: two queries. Unplanned ones first, then by
    the planned date, then oldest event first."""
    decisions = (
        visible(TlvDecision.objects.all(), membership, RECORD_CONVERSATIONS)
        .filter(
            NOT_HELD,
            outcome=DecisionOutcome.GRANTED,
            cluster=Cluster.FOUR,
            replaced_by__isnull=True,
            imported=False,
            request__extends__isnull=True,
        )
        .select_related("tenant", "school", "pupil", "request", "future_conversation")
    )
    referrals = (
        visible(ExternalReferral.objects.all(), membership, RECORD_CONVERSATIONS)
        .filter(NOT_HELD)
        .select_related("tenant", "school", "pupil", "future_conversation")
    )
    events = [
        ConversationEvent(
            "tlv",
            d.pk,
            d.tenant.code,
            d.school,
            d.pupil.pupil_number,
            d.decided_on,
            f"TLV {d.request.reference}".strip(),
            conversation_of(d),
        )
        for d in decisions
    ] + [
        ConversationEvent(
            "extern",
            r.pk,
            r.tenant.code,
            r.school,
            r.pupil.pupil_number,
            r.referred_on,
            f"Naar {r.destination}",
            conversation_of(r),
        )
        for r in referrals
    ]
    far = datetime.date.max
    events.sort(key=lambda e: (e.planned_on is not None, e.planned_on or far, e.happened_on))
    return events
