"""The one way views get a pupil record or a school (the rule of ``swvportal.core.access``).

A record outside the member's tenant or schools is a 404; changing one needs
``referrals.change_pupil_records`` on it (403 otherwise).
"""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.access import ObjectAccess
from swvportal.tenancy.models import School

from .models import AbsenceRegistration, OppRegistration
from .selectors import VIEW

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
