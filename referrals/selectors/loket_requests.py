"""Reads on TLV requests: the Loket's worklist, a school's requests, a deskundige's assigned
ones, each narrowed to what the member may see and each a constant number of queries.

The handling deadline with its pauses (``loket_rules.handling_deadline``) is computed in the
query: the paused days are one subquery per row in SQL, not a query per row in Python, so the
list can be filtered on "overdue" and ordered overdue first, then by deadline, and paginated.
"""

from __future__ import annotations

import datetime

from django.db import NotSupportedError
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from swvportal.accounts.models import Membership, Role
from swvportal.accounts.permissions import can, visible

from ..models import OPEN_STATUSES, RequestStatus, SupplementRequest, TlvRequest
from ..services.loket_workflow import loket_settings

VIEW_TLV = "referrals.view_tlv_requests"
HANDLE_TLV = "referrals.handle_tlv_requests"
S = RequestStatus
# With the Loket: the handling clock runs (or stands still for a question).
WITH_THE_LOKET = tuple(s for s in OPEN_STATUSES if s != S.CONCEPT)


class DayNumber(Func):
    """A date as a whole number of days, so two dates subtract to days on every backend."""

    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="((%(expressions)s)::date - DATE '2000-01-01')"
        )

    def as_sql(self, compiler, connection, template=None, **extra):
        if template is None:
            raise NotSupportedError("DayNumber: alleen SQLite en PostgreSQL.")
        return super().as_sql(compiler, connection, template=template, **extra)


def _paused_days(today: datetime.date) -> Subquery:
    """Per request: the days its dossier was with the school (an open question: until today)."""
    until = Coalesce("answered_on", Value(today))
    days = (
        SupplementRequest.objects.filter(request=OuterRef("pk"))
        .values("request")
        .annotate(days=Sum(DayNumber(until) - DayNumber("asked_on")))
        .values("days")
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), 0)


def with_deadline(qs: QuerySet[TlvRequest], *, weeks: int, today: datetime.date) -> QuerySet:
    """``paused_days``, ``deadline_day`` (the deadline as a day number) and ``overdue`` on each
    request: past its deadline and still with the Loket. Concepts have no deadline."""
    qs = qs.annotate(paused_days=_paused_days(today))
    qs = qs.annotate(
        deadline_day=Case(
            When(submitted_on__isnull=True, then=None),
            default=DayNumber("submitted_on") + weeks * 7 + F("paused_days"),
            output_field=IntegerField(),
        )
    )
    # Decided: past the deadline means decided after it; otherwise it is today that counts.
    until = Case(
        When(decided_on__isnull=False, then=DayNumber("decided_on")),
        default=DayNumber(Value(today)),
        output_field=IntegerField(),
    )
    return qs.annotate(
        overdue=Case(
            When(
                Q(deadline_day__lt=until)
                & (Q(status__in=WITH_THE_LOKET) | Q(decided_on__isnull=False)),
                then=Value(True),
            ),
            default=Value(False),
        ),
        open_question=Exists(
            SupplementRequest.objects.filter(request=OuterRef("pk"), answered_on__isnull=True)
        ),
    )


def deadline_of(tlv: TlvRequest, weeks: int) -> datetime.date | None:
    """The date of an annotated request's deadline (``with_deadline``), without a query."""
    if tlv.submitted_on is None:
        return None
    return tlv.submitted_on + datetime.timedelta(days=weeks * 7 + tlv.paused_days)


def _base(membership: Membership) -> QuerySet[TlvRequest]:
    return visible(TlvRequest.objects.all(), membership, VIEW_TLV).select_related(
        "tenant", "school", "pupil"
    )


def _ordered(qs: QuerySet, membership: Membership, today: datetime.date | None) -> QuerySet:
    weeks = loket_settings(membership.tenant).handling_weeks
    qs = with_deadline(qs, weeks=weeks, today=today or timezone.localdate())
    return qs.order_by(F("overdue").desc(), F("deadline_day").asc(nulls_last=True), "-pk")


def loket_worklist(
    *, membership: Membership, today: datetime.date | None = None
) -> QuerySet[TlvRequest]:
    """The Loket's (and the bestuurder's) requests: every one but the schools' concepts (a
    concept the member started on a school's behalf is theirs to see)."""
    qs = _base(membership).exclude(Q(status=S.CONCEPT) & ~Q(created_by=membership.user_id))
    return _ordered(qs, membership, today)


def school_request_list(
    *, membership: Membership, today: datetime.date | None = None
) -> QuerySet[TlvRequest]:
    """A zorgcoördinator's requests: their own schools', every status, concepts too."""
    return _ordered(_base(membership), membership, today)


def deskundige_request_list(
    *, membership: Membership, today: datetime.date | None = None
) -> QuerySet[TlvRequest]:
    """The requests assigned to this deskundige (the access rule narrows it), every status."""
    return _ordered(_base(membership), membership, today)


def request_list_for(
    *, membership: Membership, today: datetime.date | None = None
) -> QuerySet[TlvRequest]:
    """The one list of the request page, by role."""
    if membership.role == Role.DESKUNDIGE:
        return deskundige_request_list(membership=membership, today=today)
    if membership.role == Role.ZORGCOORDINATOR:
        return school_request_list(membership=membership, today=today)
    return loket_worklist(membership=membership, today=today)


def is_worklist(membership: Membership) -> bool:
    """Whether the member's list is the Loket's worklist (open requests first by default)."""
    return membership.role not in (Role.DESKUNDIGE, Role.ZORGCOORDINATOR) and can(
        membership, VIEW_TLV
    )


def request_with_deadline(tlv: TlvRequest, *, today: datetime.date | None = None) -> TlvRequest:
    """One request with the same annotations as the lists (the detail page reads the same)."""
    weeks = loket_settings(tlv.tenant).handling_weeks
    qs = with_deadline(
        TlvRequest.objects.filter(pk=tlv.pk), weeks=weeks, today=today or timezone.localdate()
    )
    found = qs.values("paused_days", "deadline_day", "overdue").get()
    for name, value in found.items():
        setattr(tlv, name, value)
    return tlv
