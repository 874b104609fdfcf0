"""Writes on the bijeenkomsten (domain.md §4): series of recurring meetings and their meetings.

Rules kept here, for the pages, the demo and any import alike:

* A series' name is unique within the samenwerkingsverband (the model's constraint, whose Dutch
  message is shown on the name field).
* A meeting belongs to the school year of its dates: the held date when it was held, else the
  planned date. Both dates fall in that one school year. Only a meeting without any date takes
  its school year as given ("nog te plannen").
* A held date is not in the future, and a short report belongs to a held meeting.
* Two people editing one series or meeting: the second save is refused (``MeetingConflict``),
  as on the plan page.

Deleting a series deletes its meetings (the confirmation page says how many); a series that
should stay in the history is set inactive instead: it keeps its meetings but leaves the year
view and the dashboard's counts.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from swvportal.core.forms import check_date_range
from swvportal.core.schoolyear import SchoolYear, validate_start_year

from ..models import Meeting, MeetingSeries

SERIES_FIELDS = ("name", "group", "planned_per_year", "indicator", "note", "is_active")
MEETING_FIELDS = ("planned_on", "held_on", "theme", "report", "school_year")
MAX_PER_YEAR = 52  # once a week; more is a typing error, not a series of meetings


class MeetingConflict(ValidationError):
    """Someone else saved this series or meeting since it was opened; carries the current one."""

    def __init__(self, current: MeetingSeries | Meeting) -> None:
        self.current = current
        what = "Deze reeks" if isinstance(current, MeetingSeries) else "Deze bijeenkomst"
        super().__init__(
            f"{what} is intussen door iemand anders gewijzigd. Uw wijziging is niet opgeslagen. "
            "Hieronder staan de gegevens zoals ze nu zijn; voer uw wijziging opnieuw in.",
            code="conflict",
        )


def _unique_name_message() -> str:
    constraint = next(
        c for c in MeetingSeries._meta.constraints if c.name == "meeting_series_unique_name"
    )
    return str(constraint.violation_error_message)


def _locked(model, pk: int, revision: int | None):
    current = model.objects.select_for_update().get(pk=pk)
    if revision is not None and current.revision != revision:
        raise MeetingConflict(current)
    return current


# --- Series -------------------------------------------------------------------------------------


def _clean_series(series: MeetingSeries) -> None:
    series.name = (series.name or "").strip()
    series.group = (series.group or "").strip()
    problems: dict[str, str] = {}
    if not series.name:
        problems["name"] = "Geef de reeks een naam, bijvoorbeeld: Netwerk zorgcoördinatoren."
    elif _name_taken(series):
        problems["name"] = _unique_name_message()
    if not 1 <= (series.planned_per_year or 0) <= MAX_PER_YEAR:
        problems["planned_per_year"] = (
            f"Vul in hoe vaak de reeks per schooljaar bijeenkomt: een getal van 1 tot en met "
            f"{MAX_PER_YEAR}."
        )
    if problems:
        raise ValidationError(problems)
    series.full_clean(validate_constraints=False)  # the name's constraint: checked above


def _name_taken(series: MeetingSeries) -> bool:
    """Another series of the tenant has this name, whatever its case. Compared in Python: a
    database's case-insensitive match may fold only ASCII ("Ö" and "ö" would differ)."""
    others = MeetingSeries.objects.filter(tenant_id=series.tenant_id).exclude(pk=series.pk)
    wanted = series.name.casefold()
    return any(name.casefold() == wanted for name in others.values_list("name", flat=True))


def _save_series(series: MeetingSeries) -> MeetingSeries:
    try:
        with transaction.atomic():
            series.save()
    except IntegrityError:  # two people created the same name at the same moment
        raise ValidationError({"name": _unique_name_message()}) from None
    return series


@transaction.atomic
def series_create(*, tenant, data: dict[str, Any], by=None) -> MeetingSeries:
    _known(data, SERIES_FIELDS)
    series = MeetingSeries(tenant=tenant, **data)
    _clean_series(series)
    top = MeetingSeries.objects.filter(tenant=tenant).aggregate(m=Max("position"))["m"]
    series.position = (top or 0) + 1
    return _save_series(series)


@transaction.atomic
def series_update(
    *, series: MeetingSeries, data: dict[str, Any], revision: int | None, by=None
) -> MeetingSeries:
    _known(data, SERIES_FIELDS)
    current = _locked(MeetingSeries, series.pk, revision)
    for name, value in data.items():
        setattr(current, name, value)
    _clean_series(current)
    current.revision += 1
    return _save_series(current)


@transaction.atomic
def series_delete(*, series: MeetingSeries, by=None) -> int:
    """Delete the series with its meetings; returns how many meetings went with it."""
    count = Meeting.objects.filter(series_id=series.pk).count()
    MeetingSeries.objects.filter(pk=series.pk).delete()
    return count


# --- Meetings -----------------------------------------------------------------------------------


def _label(day: datetime.date) -> str:
    return f"{day:%d-%m-%Y}"


def meeting_school_year(
    *,
    planned_on: datetime.date | None,
    held_on: datetime.date | None,
    school_year: int | None,
    today: datetime.date | None = None,
) -> int:
    """The school year a meeting belongs to, or the Dutch reasons why these dates cannot be."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    for name, day in (("planned_on", planned_on), ("held_on", held_on)):
        try:
            check_date_range(day)
        except ValidationError as exc:
            problems[name] = exc.messages[0]
    if problems:
        raise ValidationError(problems)
    if held_on is not None and held_on > today:
        problems["held_on"] = (
            f"De datum waarop de bijeenkomst is gehouden, ligt in de toekomst ({_label(held_on)}). "
            "Vul de datum in bij 'gepland op', en na afloop bij 'gehouden op'."
        )
    if held_on is not None and planned_on is not None and not problems:
        held_year, planned_year = SchoolYear.from_date(held_on), SchoolYear.from_date(planned_on)
        if held_year != planned_year:
            problems["planned_on"] = (
                f"De geplande datum valt in schooljaar {planned_year}, de datum van de "
                f"bijeenkomst zelf in {held_year}. Een bijeenkomst hoort bij één schooljaar: "
                "pas de geplande datum aan, of leg een nieuwe bijeenkomst vast."
            )
    if problems:
        raise ValidationError(problems)
    day = held_on or planned_on
    if day is not None:
        return SchoolYear.from_date(day).start
    if not school_year:
        raise ValidationError(
            {"school_year": "Vul een datum in, of kies het schooljaar van deze bijeenkomst."}
        )
    try:
        validate_start_year(school_year)
    except ValidationError as exc:
        raise ValidationError({"school_year": exc.messages}) from None
    return int(school_year)


def _clean_meeting(meeting: Meeting, school_year: int | None, today: datetime.date | None) -> None:
    meeting.theme = (meeting.theme or "").strip()
    meeting.report = (meeting.report or "").strip()
    meeting.school_year = meeting_school_year(
        planned_on=meeting.planned_on,
        held_on=meeting.held_on,
        school_year=school_year,
        today=today,
    )
    if meeting.report and meeting.held_on is None:
        raise ValidationError(
            {
                "report": "Een verslag hoort bij een gehouden bijeenkomst. Vul ook de datum in "
                "waarop zij is gehouden, of laat het verslag nog leeg."
            }
        )
    meeting.full_clean()


@transaction.atomic
def meeting_create(
    *,
    series: MeetingSeries,
    data: dict[str, Any],
    by=None,
    today: datetime.date | None = None,
) -> Meeting:
    _known(data, MEETING_FIELDS)
    values = dict(data)
    school_year = values.pop("school_year", None)
    meeting = Meeting(tenant_id=series.tenant_id, series=series, **values)
    _clean_meeting(meeting, school_year, today)
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(
    *,
    meeting: Meeting,
    data: dict[str, Any],
    revision: int | None,
    by=None,
    today: datetime.date | None = None,
) -> Meeting:
    _known(data, MEETING_FIELDS)
    values = dict(data)
    current = _locked(Meeting, meeting.pk, revision)
    school_year = values.pop("school_year", None) or current.school_year
    for name, value in values.items():
        setattr(current, name, value)
    _clean_meeting(current, school_year, today)
    current.revision += 1
    current.save()
    return current


@transaction.atomic
def meeting_delete(*, meeting: Meeting, by=None) -> None:
    Meeting.objects.filter(pk=meeting.pk).delete()


def _known(data: dict[str, Any], fields: tuple[str, ...]) -> None:
    unknown = set(data) - set(fields)
    if unknown:
        raise ValidationError(f"Onbekende velden: {', '.join(sorted(unknown))}.")


__all__ = [
    "MeetingConflict",
    "meeting_create",
    "meeting_delete",
    "meeting_school_year",
    "meeting_update",
    "series_create",
    "series_delete",
    "series_update",
]
