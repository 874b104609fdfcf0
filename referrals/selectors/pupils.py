"""Reads on pupil-level records, always narrowed to what the member may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible
from swvportal.audit.models import AuditEntry
from swvportal.tenancy.models import School

from ..models import AbsenceRegistration, OppRegistration, SchoolConversation
from ..services import registration_settings

VIEW = "referrals.view_pupil_records"


def absence_list(*, membership: Membership) -> QuerySet[AbsenceRegistration]:
    return visible(AbsenceRegistration.objects.all(), membership, VIEW).select_related(
        "pupil", "school"
    )


def opp_list(*, membership: Membership) -> QuerySet[OppRegistration]:
    return visible(OppRegistration.objects.all(), membership, VIEW).select_related(
        "pupil", "school"
    )


def visible_schools(*, membership: Membership) -> QuerySet[School]:
    """The schools whose pupil records this member may see (all, or their own)."""
    return visible(School.objects.all(), membership, VIEW, school_field="pk").order_by("name")


def conversations(*, membership: Membership) -> QuerySet[SchoolConversation]:
    return visible(SchoolConversation.objects.all(), membership, VIEW).select_related("school")


@dataclass
class SchoolOverview:
    school: School
    open_count: int = 0
    thuiszitters: int = 0
    total_days: int = 0
    complete: int = 0
    registrations: int = 0
    last_conversation: datetime.date | None = None

    @property
    def average_days(self) -> int | None:
        return round(self.total_days / self.open_count) if self.open_count else None

    @property
    def completeness(self) -> int | None:
        return round(100 * self.complete / self.registrations) if self.registrations else None


def school_overview(
    *, membership: Membership, on: datetime.date | None = None
) -> list[SchoolOverview]:
    """Per school: open registrations, thuiszitters among them, their average duration and how
    complete the school's registrations are. Three queries, whatever the number of rows."""
    on = on or timezone.localdate()
    required = registration_settings(membership.tenant).required_fields
    rows = {s.pk: SchoolOverview(s) for s in visible_schools(membership=membership)}
    fields = [
        "school_id",
        "kind",
        "start_date",
        "end_date",
        "outcome",
        "legal_ground",
        "anonymised_at",
        *required,
    ]
    for values in absence_list(membership=membership).values(*dict.fromkeys(fields)):
        row = rows.get(values["school_id"])
        if row is None:
            continue
        registration = AbsenceRegistration(**values)
        row.registrations += 1
        row.complete += not registration.missing_fields(required)
        open_on_day = registration.start_date <= on and (
            registration.end_date is None or registration.end_date > on
        )
        if open_on_day:
            row.open_count += 1
            row.total_days += (on - registration.start_date).days
            row.thuiszitters += registration.counts_as_thuiszitter(on)
    for conversation in conversations(membership=membership).order_by("held_on"):
        if conversation.school_id in rows:
            rows[conversation.school_id].last_conversation = conversation.held_on
    return list(rows.values())


def access_log_of(record) -> QuerySet[AuditEntry]:
    """Every read and change of one pupil record, newest first."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AuditEntry.objects.filter(
            tenant_id=record.tenant_id,
            content_type=ContentType.objects.get_for_model(record),
            object_pk=str(record.pk),
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
