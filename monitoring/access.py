"""The one way views get an indicator or a reporting school (``swvportal.core.access``).

An indicator belongs to its tenant only; a school reports through the members who may fill in
its report (a zorgcoördinator only their own schools): any other is a 404.
"""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.access import ObjectAccess
from swvportal.tenancy.models import School

from .models import Indicator

CATALOGUE = "monitoring.change_catalogue"
REPORT = "monitoring.report_school"

INDICATORS: ObjectAccess[Indicator] = ObjectAccess.of(
    lambda: Indicator.objects.all(), "monitoring.view_dashboard", CATALOGUE
)
REPORT_SCHOOLS: ObjectAccess[School] = ObjectAccess.of(
    lambda: School.objects.all(), REPORT, REPORT, school_field="pk"
)


def get_indicator_for_user(request: HttpRequest, pk: int) -> tuple[Indicator, bool]:
    """The indicator and whether this member may change it in the catalogue."""
    return INDICATORS.get_for_user(request, pk)


def get_indicator_for_writing(request: HttpRequest, pk: int) -> Indicator:
    return INDICATORS.get_for_writing(request, pk)


def get_report_school_for_user(request: HttpRequest, pk: int) -> tuple[School, bool]:
    """The school whose report this member may see, and whether they may fill it in."""
    return REPORT_SCHOOLS.get_for_user(request, pk)
