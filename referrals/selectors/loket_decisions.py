"""Reading the Loket's meetings and decisions: every list in a fixed number of queries.

"Ready" has one meaning, the workflow's: ``REQUEST_WORKFLOW.problems(tlv, "besluit")`` is empty
(the request is in behandeling and has two independent, submitted, personal advices). The lists
here prefetch what that check reads (``loket_workflow.advices_for_check``) and give every
request the tenant's settings once (``loket_workflow.with_settings``), so the check costs no
query per request.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Prefetch, QuerySet, When
from django.utils import timezone

from swvportal.accounts.models import Membership, Role
from swvportal.tenancy.models import Tenant

from ..models.loket import (
    Advice,
    AgendaItem,
    LoketMeeting,
    RequestStatus,
    TlvDecision,
    TlvRequest,
)
from ..services.loket_workflow import REQUEST_WORKFLOW, advices_for_check, with_settings

# Who can sit in a meeting of the Loket: its members and its deskundigen.
MEETING_ROLES = (Role.LOKET, Role.DESKUNDIGE)


def meeting_list(*, tenant: Tenant, today: datetime.date | None = None) -> QuerySet[LoketMeeting]:
    """Upcoming meetings first (soonest first), then past ones (newest first), with the size of
    their agenda."""
    today = today or timezone.localdate()
    return (
        LoketMeeting.objects.filter(tenant=tenant)
        .select_related("tenant")
        .annotate(
            item_count=Count("items", distinct=True),
            decision_count=Count("decisions", distinct=True),
            is_past=Case(When(held_on__lt=today, then=1), default=0),
            upcoming_on=Case(When(held_on__gte=today, then=F("held_on"))),
        )
        .order_by("is_past", "upcoming_on", "-held_on", "-pk")
    )


def meeting_members(*, tenant: Tenant) -> QuerySet[Membership]:
    """The members who may be present: the Loket and its deskundigen, by name."""
    return (
        Membership.objects.filter(tenant=tenant, role__in=MEETING_ROLES)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def _requests_for_check() -> QuerySet[TlvRequest]:
    return TlvRequest.objects.select_related("pupil", "school").prefetch_related(
        advices_for_check()
    )


def is_ready(tlv: TlvRequest) -> bool:
    return not REQUEST_WORKFLOW.problems(tlv, RequestStatus.DECIDED)


@dataclass
class AgendaLine:
    """One agenda item as the meeting page shows it."""

    item: AgendaItem
    problems: list[str]
    decisions: list[TlvDecision] = field(default_factory=list)

    @property
    def decided(self) -> bool:
        return bool(self.decisions)

    @property
    def can_decide(self) -> bool:
        return not self.decided and not self.problems


@dataclass
class MeetingPage:
    meeting: LoketMeeting
    lines: list[AgendaLine]
    proposed: list[TlvRequest]
    members: list[Membership]


def meeting_page(*, meeting: LoketMeeting) -> MeetingPage:
    """The agenda (each item with what still blocks a decision, and the decisions taken in this
    meeting), the ready requests not yet on it, and who was there."""
    requests = Prefetch("request", queryset=_requests_for_check())
    items = list(meeting.items.prefetch_related(requests).order_by("order", "pk"))
    tlvs = with_settings([item.request for item in items], meeting.tenant)
    in_meeting: dict[int, list[TlvDecision]] = {}
    for decision in TlvDecision.objects.filter(meeting=meeting).order_by("pk"):
        in_meeting.setdefault(decision.request_id, []).append(decision)
    lines = []
    for item, tlv in zip(items, tlvs, strict=True):
        decided_here = in_meeting.get(tlv.pk, [])
        if decided_here:
            problems = []
        elif tlv.status in (RequestStatus.DECIDED, RequestStatus.CLOSED):
            problems = ["Over deze aanvraag is al besloten, buiten deze vergadering."]
        else:
            problems = _problems(tlv)
        lines.append(AgendaLine(item, problems, decided_here))
    on_agenda = {item.request_id for item in items}
    proposed = [t for t in ready_requests(tenant=meeting.tenant) if t.pk not in on_agenda]
    members = list(meeting.members_present.select_related("user").order_by("user__last_name"))
    return MeetingPage(meeting, lines, proposed, members)


def _problems(tlv: TlvRequest) -> list[str]:
    return REQUEST_WORKFLOW.problems(tlv, RequestStatus.DECIDED)


def ready_requests(*, tenant: Tenant) -> list[TlvRequest]:
    """The requests the Loket can decide on now, oldest submission first."""
    candidates = list(
        _requests_for_check()
        .filter(tenant=tenant, status=RequestStatus.IN_REVIEW)
        .order_by("submitted_on", "pk")
    )
    return [t for t in with_settings(candidates, tenant) if is_ready(t)]


def request_advices(*, tlv: TlvRequest) -> list[Advice]:
    """Both advices, for the decide form: who, discipline, conclusion and reasoning."""
    return list(tlv.advices.select_related("deskundige__membership__user").order_by("position"))


def decisions_of(*, tlv: TlvRequest) -> list[TlvDecision]:
    """A request's decisions, newest first, each knowing whether it was replaced."""
    decisions = list(
        TlvDecision.objects.filter(request=tlv)
        .select_related("receiving_school", "meeting", "replaces")
        .order_by("-created_at", "-pk")
    )
    replaced = {d.replaces_id for d in decisions if d.replaces_id}
    for decision in decisions:
        decision.is_replaced = decision.pk in replaced
    return decisions


def replacement_of(*, decision: TlvDecision) -> TlvDecision | None:
    return TlvDecision.objects.filter(replaces=decision).first()
