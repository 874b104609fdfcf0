"""Adding, editing and deleting one meeting of a series (the bestuurder).

Without JavaScript each is a page of its own that returns to the year view. With htmx the add
and edit forms open in place in the year view; after saving, the year view's body is swapped
(its counts changed) and the focus goes to the series.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear

from ...models import Meeting, MeetingSeries
from .. import meeting_services as services
from ..access_meetings import get_meeting_for_writing, get_series_for_writing
from ..forms_meetings import MeetingForm
from ..selectors import CHANGE
from .meetings import TEMPLATES, _body_response, _mine, list_url, school_year_from


def describe(meeting: Meeting) -> str:
    """ "Netwerk zorgcoördinatoren, gehouden op 12-10-2026" (for messages and announcements)."""
    if meeting.held_on:
        return f"{meeting.series.name}, gehouden op {meeting.held_on:%d-%m-%Y}"
    if meeting.planned_on:
        return f"{meeting.series.name}, gepland op {meeting.planned_on:%d-%m-%Y}"
    return f"{meeting.series.name}, nog te plannen in {SchoolYear(meeting.school_year)}"


def shown_year(request: HttpRequest, meeting: Meeting | None) -> SchoolYear:
    """The year view the form was opened from (``?schooljaar=``), else the meeting's year."""
    if meeting is not None and not request.GET.get("schooljaar"):
        return SchoolYear(meeting.school_year)
    return school_year_from(request)


def _saved(request: HttpRequest, meeting: Meeting, said: str) -> HttpResponse:
    """The year view again: in place (htmx) or as a page, at the meeting's series."""
    shown = shown_year(request, meeting)
    if meeting.school_year != shown.start:
        said += f" De bijeenkomst staat in schooljaar {SchoolYear(meeting.school_year)}."
    if request.htmx:
        return _body_response(request, shown, focus=f"reeks-{meeting.series_id}", said=said)
    messages.success(request, said)
    return redirect(list_url(request.tenant, meeting.school_year, f"reeks-{meeting.series_id}"))


def _ids(series: MeetingSeries, meeting: Meeting | None = None) -> str:
    """Field ids of their own per form: several may be open in place on the year view."""
    return f"bijeenkomst-{meeting.pk}-%s" if meeting else f"nieuw-{series.pk}-%s"


def _form_page(
    request: HttpRequest,
    form: MeetingForm,
    series: MeetingSeries,
    meeting: Meeting | None = None,
    conflict: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    year = shown_year(request, meeting)
    if not form.errors and not conflict:  # else the error summary takes the focus
        form.fields["planned_on"].widget.attrs["autofocus"] = True
    template = f"{TEMPLATES}meeting_form.html" + ("#form" if request.htmx else "")
    context = {
        "form": form,
        "series": series,
        "meeting": meeting,
        "conflict": conflict,
        "school_year": year,
        "back_url": list_url(request.tenant, year, f"reeks-{series.pk}"),
    }
    return render(request, template, context, status=status)


class MeetingCreateView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = get_series_for_writing(request, series_id)
        year = school_year_from(request)
        form = MeetingForm(
            initial={"school_year": year.start}, around=year.start, auto_id=_ids(series)
        )
        return _form_page(request, form, series)

    def post(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = get_series_for_writing(request, series_id)
        form = MeetingForm(
            request.POST, around=school_year_from(request).start, auto_id=_ids(series)
        )
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    series=series, data=form.data_for_service(), by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                return _saved(request, meeting, f"Toegevoegd: {describe(meeting)}.")
        return _form_page(request, form, series, status=422)


class MeetingEditView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, bijeenkomst_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, bijeenkomst_id)
        form = MeetingForm(
            initial=MeetingForm.initial_for(meeting),
            around=meeting.school_year,
            auto_id=_ids(meeting.series, meeting),
        )
        return _form_page(request, form, meeting.series, meeting)

    def post(self, request: HttpRequest, bijeenkomst_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, bijeenkomst_id)
        form = MeetingForm(
            request.POST, around=meeting.school_year, auto_id=_ids(meeting.series, meeting)
        )
        if form.is_valid():
            try:
                meeting = services.meeting_update(
                    meeting=meeting,
                    data=form.data_for_service(),
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except services.MeetingConflict as exc:
                current = exc.current
                fresh = MeetingForm(
                    initial=MeetingForm.initial_for(current),
                    around=current.school_year,
                    auto_id=_ids(meeting.series, meeting),
                )
                conflict = {"message": exc.messages[0], "mine": _mine(form)}
                return _form_page(
                    request, fresh, meeting.series, current, conflict=conflict, status=409
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                return _saved(request, meeting, f"Opgeslagen: {describe(meeting)}.")
        return _form_page(request, form, meeting.series, meeting, status=422)


class MeetingDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, bijeenkomst_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, bijeenkomst_id)
        context = {
            "meeting": meeting,
            "what": describe(meeting),
            "back_url": list_url(request.tenant, meeting.school_year, f"reeks-{meeting.series_id}"),
        }
        return render(request, f"{TEMPLATES}meeting_delete.html", context)

    def post(self, request: HttpRequest, bijeenkomst_id: int) -> HttpResponse:
        meeting = get_meeting_for_writing(request, bijeenkomst_id)
        what, year, series_id = describe(meeting), meeting.school_year, meeting.series_id
        services.meeting_delete(meeting=meeting, by=request.user)
        messages.success(request, f"Verwijderd: {what}.")
        return redirect(list_url(request.tenant, year, f"reeks-{series_id}"))
