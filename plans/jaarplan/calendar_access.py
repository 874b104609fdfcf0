"""The one way views get a kwaliteitskalender item or a ticked date (the 404/403 rule of
``swvportal.core.access``): every role reads the calendar (``plans.view_jaarplan``), only the
bestuurder (``plans.change_jaarplan``) changes it. Another tenant's item is a 404."""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.core.access import ObjectAccess

from ..models import CalendarItem, CalendarOccurrence
from .selectors import CHANGE, VIEW

CALENDAR_ITEMS: ObjectAccess[CalendarItem] = ObjectAccess.of(
    lambda: CalendarItem.objects.all(),
    VIEW,
    CHANGE,
    not_found="Dit onderdeel van de kwaliteitskalender bestaat niet (meer).",
    read_only="Alleen de bestuurder houdt de kwaliteitskalender bij.",
)

OCCURRENCES: ObjectAccess[CalendarOccurrence] = ObjectAccess.of(
    lambda: CalendarOccurrence.objects.select_related("item", "done_by", "document"),
    VIEW,
    CHANGE,
    not_found="Deze afgevinkte datum bestaat niet (meer).",
    read_only="Alleen de bestuurder houdt de kwaliteitskalender bij.",
)


def get_calendar_item_for_writing(request: HttpRequest, calendar_item_id: int) -> CalendarItem:
    return CALENDAR_ITEMS.get_for_writing(request, calendar_item_id)


def get_occurrence_for_writing(request: HttpRequest, occurrence_id: int) -> CalendarOccurrence:
    return OCCURRENCES.get_for_writing(request, occurrence_id)
