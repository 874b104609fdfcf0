"""The one way views get a series of meetings or a meeting (the 404/403 rule of
``swvportal.core.access``): another tenant's is a 404; every role that reads the jaarplan reads
them, and only the bestuurder (``plans.change_jaarplan``) changes them (else a 403)."""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.access import ObjectAccess

from ..models import Meeting, MeetingSeries
from .selectors import CHANGE

VIEW = "plans.view_jaarplan"

SERIES: ObjectAccess[MeetingSeries] = ObjectAccess.of(
    lambda: MeetingSeries.objects.all(),
    VIEW,
    CHANGE,
    not_found="Deze reeks bijeenkomsten bestaat niet (meer).",
    read_only="Alleen de bestuurder houdt de bijeenkomsten bij.",
)

MEETINGS: ObjectAccess[Meeting] = ObjectAccess.of(
    lambda: Meeting.objects.select_related("series"),
    VIEW,
    CHANGE,
    not_found="Deze bijeenkomst bestaat niet (meer).",
    read_only="Alleen de bestuurder houdt de bijeenkomsten bij.",
)


def get_series_for_user(request: HttpRequest, series_id: int) -> tuple[MeetingSeries, bool]:
    return SERIES.get_for_user(request, series_id)


def get_series_for_writing(request: HttpRequest, series_id: int) -> MeetingSeries:
    return SERIES.get_for_writing(request, series_id)


def get_meeting_for_writing(request: HttpRequest, bijeenkomst_id: int) -> Meeting:
    return MEETINGS.get_for_writing(request, bijeenkomst_id)
