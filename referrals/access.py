"""The one way views get a pupil record, a TLV request or a school (the rule of
``swvportal.core.access``).

A record outside the member's tenant or schools is a 404; changing one needs
``referrals.change_pupil_records`` on it (403 otherwise). A TLV request is seen by the Loket and
the bestuurder (the tenant), the zorgcoördinator (own schools) and a deskundige (only the
requests assigned to them: ``ASSIGNED_TO_DESKUNDIGE``); the parts of a request (documents,
advices, decisions) are reached through their request, so they follow its rule.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest

from swvportal.accounts.models import Membership, Role
from swvportal.accounts.object_rules import SCHOOL_BOUND_ROLES, Where
from swvportal.core.access import ObjectAccess, capability_check
from swvportal.tenancy.models import School

from .models import (
    AbsenceRegistration,
    Advice,
    AgendaItem,
    Deskundige,
    ExternalReferral,
    LoketMeeting,
    Objection,
    OppRegistration,
    TlvDecision,
    TlvRequest,
)
from .selectors import VIEW


def assigned_to(membership: Membership, *, prefix: str = "") -> Q:
    """A deskundige reaches the requests they are assigned to; other roles are not narrowed."""
    if membership.role != Role.DESKUNDIGE:
        return Q()
    return Q(**{f"{prefix}advices__deskundige__membership_id": membership.pk})


ASSIGNED_TO_DESKUNDIGE = Where(assigned_to)
# An advice is written by its own deskundige only (the role's only write on pupil data).
OWN_ADVICE = Where(
    lambda m: Q(deskundige__membership_id=m.pk) if m.role == Role.DESKUNDIGE else Q(pk__in=[])
)

VIEW_TLV = "referrals.view_tlv_requests"
SUBMIT_TLV = "referrals.submit_tlv_requests"
HANDLE_TLV = "referrals.handle_tlv_requests"

CHANGE = "referrals.change_pupil_records"

ABSENCES: ObjectAccess[AbsenceRegistration] = ObjectAccess.of(
    lambda: AbsenceRegistration.objects.select_related("pupil", "school"), VIEW, CHANGE
)
OPPS: ObjectAccess[OppRegistration] = ObjectAccess.of(
    lambda: OppRegistration.objects.select_related("pupil", "school"), VIEW, CHANGE
)
# A school's pupil records are the member's when the school is: the school is its own school.
SCHOOLS: ObjectAccess[School] = ObjectAccess.of(
    lambda: School.objects.all(), VIEW, "referrals.record_conversation", school_field="pk"
)


def get_absence_for_user(request: HttpRequest, pk: int) -> tuple[AbsenceRegistration, bool]:
    return ABSENCES.get_for_user(request, pk)


def get_absence_for_writing(request: HttpRequest, pk: int) -> AbsenceRegistration:
    return ABSENCES.get_for_writing(request, pk)


def get_opp_for_user(request: HttpRequest, pk: int) -> tuple[OppRegistration, bool]:
    return OPPS.get_for_user(request, pk)


def get_opp_for_writing(request: HttpRequest, pk: int) -> OppRegistration:
    return OPPS.get_for_writing(request, pk)


def get_school_for_user(request: HttpRequest, pk: int) -> tuple[School, bool]:
    """The school and whether this member may record a conversation with it."""
    return SCHOOLS.get_for_user(request, pk)


# --- The Loket ----------------------------------------------------------------------------------

TLV_REQUESTS: ObjectAccess[TlvRequest] = ObjectAccess.of(
    lambda: TlvRequest.objects.select_related("pupil", "school", "receiving_school"),
    VIEW_TLV,
    SUBMIT_TLV,
    not_found="Deze aanvraag bestaat niet, of u hebt er geen toegang toe.",
    read_only="U mag deze aanvraag niet wijzigen.",
)
ADVICES: ObjectAccess[Advice] = ObjectAccess.of(
    lambda: Advice.objects.select_related("request", "deskundige__membership__user"),
    "referrals.write_advice",
    "referrals.write_advice",
    not_found="Dit advies bestaat niet, of het is niet aan u toegewezen.",
)


def get_tlv_request_for_user(request: HttpRequest, pk: int) -> tuple[TlvRequest, bool]:
    """The request and whether this member may change it as its school (or the Loket on the
    school's behalf): 404 when they may not see it."""
    return TLV_REQUESTS.get_for_user(request, pk)


def get_tlv_request_for_writing(request: HttpRequest, pk: int) -> TlvRequest:
    return TLV_REQUESTS.get_for_writing(request, pk)


def get_advice_for_user(request: HttpRequest, pk: int) -> tuple[Advice, bool]:
    """A deskundige's own advice (404 for anyone else's)."""
    return ADVICES.get_for_user(request, pk)


# --- After the decision: objections, expiring TLVs, referrals, conversations (aftercare) --------
# A decision is a pupil record of the requesting school: each page reaches it through the
# capability of what it does with it (objections: the Loket; extension: the school or the Loket;
# the conversation: the SWV), each narrowed by that capability's rule.

DECISIONS_FOR_OBJECTIONS: ObjectAccess[TlvDecision] = ObjectAccess.of(
    lambda: TlvDecision.objects.select_related("request", "school"),
    "referrals.record_objections",
    "referrals.record_objections",
    not_found="Dit besluit bestaat niet, of u hebt er geen toegang toe.",
)
DECISIONS_FOR_EXTENSION: ObjectAccess[TlvDecision] = ObjectAccess.of(
    lambda: TlvDecision.objects.select_related("request", "school", "pupil"),
    "referrals.view_tlv_register",
    SUBMIT_TLV,
    not_found="Dit besluit bestaat niet, of u hebt er geen toegang toe.",
    read_only="U mag voor deze TLV geen verlenging aanvragen.",
)
DECISIONS_FOR_CONVERSATIONS: ObjectAccess[TlvDecision] = ObjectAccess.of(
    lambda: TlvDecision.objects.select_related("request", "school", "pupil"),
    "referrals.record_future_conversations",
    "referrals.record_future_conversations",
    not_found="Dit besluit bestaat niet, of u hebt er geen toegang toe.",
)
OBJECTIONS: ObjectAccess[Objection] = ObjectAccess.of(
    lambda: Objection.objects.select_related("decision__request", "decision__school"),
    "referrals.record_objections",
    "referrals.record_objections",
    not_found="Dit bezwaar bestaat niet, of u hebt er geen toegang toe.",
)
REFERRALS_FOR_CONVERSATIONS: ObjectAccess[ExternalReferral] = ObjectAccess.of(
    lambda: ExternalReferral.objects.select_related("school", "pupil"),
    "referrals.record_future_conversations",
    "referrals.record_future_conversations",
    not_found="Deze verwijzing bestaat niet, of u hebt er geen toegang toe.",
)


def get_decision_for_objection(request: HttpRequest, pk: int) -> TlvDecision:
    return DECISIONS_FOR_OBJECTIONS.get_for_writing(request, pk)


def get_decision_for_extension(request: HttpRequest, pk: int) -> TlvDecision:
    """404 outside the member's schools; 403 for who may see it but not ask (the bestuurder)."""
    return DECISIONS_FOR_EXTENSION.get_for_writing(request, pk)


def get_decision_for_conversation(request: HttpRequest, pk: int) -> TlvDecision:
    return DECISIONS_FOR_CONVERSATIONS.get_for_writing(request, pk)


def get_objection_for_user(request: HttpRequest, pk: int) -> tuple[Objection, bool]:
    return OBJECTIONS.get_for_user(request, pk)


def get_objection_for_writing(request: HttpRequest, pk: int) -> Objection:
    return OBJECTIONS.get_for_writing(request, pk)


def get_referral_for_conversation(request: HttpRequest, pk: int) -> ExternalReferral:
    return REFERRALS_FOR_CONVERSATIONS.get_for_writing(request, pk)


# --- Deskundigen (part advice) ------------------------------------------------------------------

MANAGE_DESKUNDIGEN = "referrals.manage_deskundigen"
DESKUNDIGEN: ObjectAccess[Deskundige] = ObjectAccess.of(
    lambda: Deskundige.objects.select_related("membership__user", "tenant"),
    MANAGE_DESKUNDIGEN,
    MANAGE_DESKUNDIGEN,
    not_found="Deze deskundige bestaat niet, of u hebt er geen toegang toe.",
)


def get_deskundige_for_writing(request: HttpRequest, pk: int) -> Deskundige:
    """A deskundige of this tenant, for the Loket that manages them (404 elsewhere)."""
    return DESKUNDIGEN.get_for_writing(request, pk)


# --- Meetings and decisions (part ``decisions``) -------------------------------------------------

MEETINGS: ObjectAccess[LoketMeeting] = ObjectAccess.of(
    lambda: LoketMeeting.objects.all(),
    HANDLE_TLV,
    HANDLE_TLV,
    not_found="Deze vergadering bestaat niet, of u hebt er geen toegang toe.",
)


def _decisions_visible(membership: Membership):
    """A decision follows its request's rule: whoever sees the request sees its decisions."""
    return TlvDecision.objects.select_related(
        "request", "pupil", "school", "receiving_school", "meeting", "replaces"
    ).filter(request__in=TLV_REQUESTS.visible_to(membership))


DECISIONS: ObjectAccess[TlvDecision] = ObjectAccess(
    _decisions_visible,
    # "Changing" a decision is correcting it or recording that its letter went out: the Loket.
    may_write=capability_check(HANDLE_TLV),
    not_found="Dit besluit bestaat niet, of u hebt er geen toegang toe.",
    read_only="Alleen het Loket kan een besluit corrigeren of als verzonden vastleggen.",
)


def _letters_of_own_schools(membership: Membership) -> Q:
    """A decision letter (an ``IssuedDocument`` of kind ``tlv_letter``, its subject the
    decision) reaches a zorgcoördinator for the decisions of their own schools only."""
    if membership.role not in SCHOOL_BOUND_ROLES:
        return Q()
    # The base manager with the tenant said: the rule holds with or without an open scope.
    decisions = TlvDecision._base_manager.filter(
        tenant_id=membership.tenant_id, school_id__in=membership.school_ids
    )
    return Q(subject_id__in=decisions.values_list("pk", flat=True))


LETTERS_OF_OWN_SCHOOLS = Where(_letters_of_own_schools)
VIEW_LETTERS = "referrals.view_decision_letters"


def get_meeting_for_user(request: HttpRequest, pk: int) -> tuple[LoketMeeting, bool]:
    return MEETINGS.get_for_user(request, pk)


def get_meeting_for_writing(request: HttpRequest, pk: int) -> LoketMeeting:
    return MEETINGS.get_for_writing(request, pk)


def get_agenda_item_for_writing(
    request: HttpRequest, meeting_pk: int, pk: int
) -> tuple[LoketMeeting, AgendaItem]:
    """An item of a meeting the member may change (404 for an item of another meeting)."""
    meeting = get_meeting_for_writing(request, meeting_pk)
    item = (
        AgendaItem.objects.select_related("request__pupil").filter(meeting=meeting, pk=pk).first()
    )
    if item is None:
        raise Http404("Dit agendapunt bestaat niet.")
    return meeting, item


def get_decision_for_user(request: HttpRequest, pk: int) -> tuple[TlvDecision, bool]:
    """A decision on a request the member may see (404 otherwise), and whether they are the
    Loket (who corrects it and records that it was sent)."""
    return DECISIONS.get_for_user(request, pk)


def get_decision_for_writing(request: HttpRequest, pk: int) -> TlvDecision:
    return DECISIONS.get_for_writing(request, pk)
