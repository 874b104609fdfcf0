"""Reading the deskundigen and their advices, and the one rule for who sees which advice.

``advices_shown`` is that rule (domain.md §5, issue 13 item 1): the request's page, the advice
pages and anything else that shows an advice ask it, so they cannot disagree:

* a draft (not yet submitted) is read by its own deskundige only: until it is signed it is not
  an advice;
* the Loket reads every submitted advice, always;
* a deskundige reads the other deskundige's advice only once their own is submitted, unless the
  tenant's ``advice_visible_before_own`` says otherwise;
* the school (and the bestuurder) read who advised and their conclusion and reasoning only
  after the decision.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from swvportal.accounts.models import Membership, Role
from swvportal.accounts.permissions import can, visible
from swvportal.tenancy.models import Tenant

from ..models.loket import (
    OPEN_STATUSES,
    Advice,
    Deskundige,
    LoketSettings,
    RequestStatus,
    TlvRequest,
)

HANDLE_TLV = "referrals.handle_tlv_requests"
WRITE_ADVICE = "referrals.write_advice"
# After these the school may read the advices the decision rests on.
DECIDED_STATUSES = (RequestStatus.DECIDED, RequestStatus.CLOSED)


def advices_of(tlv: TlvRequest) -> list[Advice]:
    """The request's advices in position order, with what the pages and the check read."""
    return list(
        Advice.objects.filter(request=tlv)
        .select_related("deskundige__membership__user")
        .prefetch_related("deskundige__schools")
        .order_by("position")
    )


# --- Who sees what ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AdviceShown:
    """One advice as far as one member may see it."""

    advice: Advice
    is_own: bool
    show_person: bool  # name and discipline
    show_content: bool  # conclusion, category, reasoning
    show_details: bool  # the declaration, "own advice", the dates: the Loket and its author
    hidden_because: str = ""  # said instead of the content

    @property
    def position_label(self) -> str:
        return self.advice.get_position_display()


def _reader(membership: Membership) -> str:
    if can(membership, HANDLE_TLV):
        return "loket"
    if membership.role == Role.DESKUNDIGE:
        return "deskundige"
    return "school"


def advice_shown(
    advice: Advice,
    *,
    membership: Membership,
    own: Advice | None,
    tlv: TlvRequest,
    settings: LoketSettings,
) -> AdviceShown:
    """The rule of this module for one advice; ``own`` is this member's own advice on the
    request (a deskundige's), if any."""
    is_own = own is not None and own.pk == advice.pk
    reader = _reader(membership)
    if is_own:
        return AdviceShown(advice, True, True, True, True)
    if reader == "loket":
        if advice.is_submitted:
            return AdviceShown(advice, False, True, True, True)
        return AdviceShown(advice, False, True, False, True)  # "not submitted" says the state
    if reader == "deskundige":
        if not advice.is_submitted:
            return AdviceShown(advice, False, True, False, False)
        if own is not None and (own.is_submitted or settings.advice_visible_before_own):
            return AdviceShown(advice, False, True, True, False)
        return AdviceShown(
            advice,
            False,
            True,
            False,
            False,
            "U leest dit advies nadat u uw eigen advies hebt ingediend.",
        )
    if tlv.status in DECIDED_STATUSES and advice.is_submitted:
        return AdviceShown(advice, False, True, True, False)
    return AdviceShown(
        advice, False, False, False, False, "De adviezen ziet u nadat het Loket heeft besloten."
    )


def advices_shown(
    *,
    membership: Membership,
    tlv: TlvRequest,
    advices: list[Advice],
    settings: LoketSettings,
) -> list[AdviceShown]:
    own = next((a for a in advices if a.deskundige.membership_id == membership.pk), None)
    return [
        advice_shown(a, membership=membership, own=own, tlv=tlv, settings=settings) for a in advices
    ]


# --- Lists --------------------------------------------------------------------------------------


def advice_worklist(*, membership: Membership) -> QuerySet[Advice]:
    """ "Mijn adviezen": the member's own advices (the write rule's objects), the ones still to
    write first, then the newest."""
    own = Advice.objects.select_related(
        "request__school", "request__pupil", "request__tenant"
    ).order_by(F("submitted_at").desc(nulls_first=True), "-assigned_on", "-pk")
    return visible(own, membership, WRITE_ADVICE, school_field="request__school")


def deskundige_list(*, tenant: Tenant) -> QuerySet[Deskundige]:
    """The tenant's deskundigen with the number of advices they still have to submit on open
    requests (one grouped query; schools prefetched per page)."""
    return (
        Deskundige.objects.filter(tenant=tenant)
        .select_related("membership__user", "tenant")
        .prefetch_related("schools")
        .annotate(
            open_advices=Count(
                "advices",
                filter=Q(
                    advices__submitted_at__isnull=True,
                    advices__request__status__in=OPEN_STATUSES,
                ),
            )
        )
        .order_by("membership__user__last_name", "membership__user__first_name", "pk")
    )


def deskundige_candidates(*, tenant: Tenant) -> QuerySet[Membership]:
    """Members with the deskundige role who have no profile yet."""
    return (
        Membership.objects.filter(tenant=tenant, role=Role.DESKUNDIGE, deskundige__isnull=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )


def assignable_deskundigen(*, tenant: Tenant, keep: list[Deskundige]) -> QuerySet[Deskundige]:
    """Who the Loket may choose: the active deskundigen, and whoever is assigned already."""
    return (
        Deskundige.objects.filter(tenant=tenant)
        .filter(Q(active=True) | Q(pk__in=[d.pk for d in keep]))
        .select_related("membership__user")
        .prefetch_related("schools")
    )
