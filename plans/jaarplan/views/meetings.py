"""The bijeenkomsten: per school year each series with its meetings, held against planned.

Every role that reads the jaarplan reads these pages; the bestuurder keeps them. This module has
the year view, a series' own page and the series' forms; the meetings' forms are
``meeting_edit``. Adding and editing a meeting work in place on the year view (htmx: the form
opens in its series, and after saving the year view's body is swapped, as its counts changed);
every action also works without JavaScript, through the plain pages. Rules live in
``meeting_services``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear

from ...models import MeetingSeries
from .. import meeting_services as services
from ..access_meetings import VIEW, get_series_for_user, get_series_for_writing
from ..calendar_selectors import SeriesState, SeriesYear, meetings_year, series_years
from ..forms_meetings import SeriesForm
from ..selectors import CHANGE
from .panels import panel

TEMPLATES = "plans/jaarplan/meetings/"
FIRST_YEAR, LAST_YEAR = 2000, 2098  # the portal's date range (swvportal.core.forms)


def school_year_from(request: HttpRequest) -> SchoolYear:
    """``?schooljaar=2026-2027`` (or ``2026``); the current school year when absent or wrong."""
    raw = (request.GET.get("schooljaar") or request.POST.get("schooljaar") or "").strip()
    try:
        year = SchoolYear(int(raw)) if raw.isdigit() else SchoolYear.parse(raw)
    except (ValidationError, ValueError):
        return SchoolYear.current()
    return year if FIRST_YEAR <= year.start <= LAST_YEAR else SchoolYear.current()


def list_url(tenant, year: SchoolYear | int, anchor: str = "") -> str:
    label = year.label if isinstance(year, SchoolYear) else SchoolYear(year).label
    url = reverse("jaarplan:meeting_list", kwargs={"tenant_code": tenant.code})
    return f"{url}?schooljaar={label}" + (f"#{anchor}" if anchor else "")


def series_url(series, year: SchoolYear) -> str:
    url = reverse(
        "jaarplan:series_detail",
        kwargs={"tenant_code": series.tenant.code, "series_id": series.pk},
    )
    return f"{url}?schooljaar={year.label}"


@dataclass
class YearTotals:
    planned: int
    held: int
    behind: int  # series behind their plan


def totals_of(rows: list[SeriesYear]) -> YearTotals:
    active = [r for r in rows if r.series.is_active]
    return YearTotals(
        planned=sum(r.planned for r in active),
        held=sum(r.held for r in active),
        behind=sum(1 for r in active if r.state() == SeriesState.BEHIND),
    )


def year_context(request: HttpRequest, year: SchoolYear, *, show_inactive: bool) -> dict:
    """What the year view (and its swapped body) shows, in three queries."""
    tenant = request.tenant
    rows = meetings_year(tenant=tenant, school_year=year, active_only=not show_inactive)
    inactive = MeetingSeries.objects.filter(tenant=tenant, is_active=False).count()
    return {
        "school_year": year,
        "previous": year.previous if year.start > FIRST_YEAR else None,
        "next": year.next if year.start < LAST_YEAR else None,
        "current": SchoolYear.current(),
        "today": timezone.localdate(),
        "rows": rows,
        "totals": totals_of(rows),
        "show_inactive": show_inactive,
        "inactive_count": inactive,
        "can_write": can(request.membership, CHANGE),
        "list_url": list_url(tenant, year),
    }


def _body_response(request: HttpRequest, year: SchoolYear, *, focus: str, said: str):
    """After a change made in place: the whole year view's body, focus on ``focus``."""
    context = year_context(request, year, show_inactive=request.GET.get("inactief") == "1")
    context.update(body_focus=focus, body_announce=said)
    response = render(request, f"{TEMPLATES}meeting_list.html#body", context)
    response["HX-Retarget"] = "#jaaroverzicht"
    response["HX-Reswap"] = "outerHTML"
    return response


class MeetingListView(TenantPageMixin, View):
    capability = VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year = school_year_from(request)
        context = year_context(request, year, show_inactive=request.GET.get("inactief") == "1")
        template = f"{TEMPLATES}meeting_list.html"
        if request.htmx and request.GET.get("deel") == "jaar":  # 'Annuleren' of a form in place
            template += "#body"
            context["body_focus"] = request.GET.get("terug", "")
        return render(request, template, context)


class SeriesDetailView(TenantPageMixin, View):
    """One series over all its school years, held against planned per year."""

    capability = VIEW

    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series, can_write = get_series_for_user(request, series_id)
        year = school_year_from(request)
        context = {
            "series": series,
            "years": series_years(series=series, around=year),
            "school_year": year,
            "today": timezone.localdate(),
            "can_write": can_write,
            "back_url": list_url(self.tenant, year, f"reeks-{series.pk}"),
        }
        return render(request, f"{TEMPLATES}series_detail.html", context)


# --- Series: new, edit, delete --------------------------------------------------------------


class _SeriesFormView(TenantPageMixin, View):
    capability = CHANGE
    template_name = f"{TEMPLATES}series_form.html"

    def _page(self, form, series=None, conflict=None, status=200) -> HttpResponse:
        year = school_year_from(self.request)
        context = {
            "form": form,
            "series": series,
            "conflict": conflict,
            "school_year": year,
            "back_url": series_url(series, year) if series else list_url(self.tenant, year),
        }
        return render(self.request, self.template_name, context, status=status)


class SeriesCreateView(_SeriesFormView):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(SeriesForm(creating=True))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SeriesForm(request.POST, creating=True)
        if form.is_valid():
            try:
                series = services.series_create(
                    tenant=self.tenant, data=form.data_for_service(), by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"De reeks '{series.name}' is aangemaakt. Leg nu de bijeenkomsten vast.",
                )
                year = school_year_from(request)
                return redirect(list_url(self.tenant, year, f"reeks-{series.pk}"))
        return self._page(form, status=422)


class SeriesEditView(_SeriesFormView):
    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = get_series_for_writing(request, series_id)
        form = SeriesForm(instance=series, initial={"revision": series.revision})
        return self._page(form, series)

    def post(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = get_series_for_writing(request, series_id)
        form = SeriesForm(request.POST, instance=type(series)(pk=series.pk))
        if form.is_valid():
            try:
                services.series_update(
                    series=series,
                    data=form.data_for_service(),
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except services.MeetingConflict as exc:
                fresh = SeriesForm(instance=exc.current, initial={"revision": exc.current.revision})
                conflict = {"message": exc.messages[0], "mine": _mine(form)}
                return self._page(fresh, series, conflict=conflict, status=409)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"De reeks '{form.cleaned_data['name']}' is opgeslagen.")
                return redirect(series_url(series, school_year_from(request)))
        return self._page(form, series, status=422)


class SeriesDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = get_series_for_writing(request, series_id)
        counts = series.meetings.aggregate(
            total=Count("pk"), held=Count("pk", filter=Q(held_on__isnull=False))
        )
        context = {
            "series": series,
            "counts": counts,
            "school_year": school_year_from(request),
            "back_url": series_url(series, school_year_from(request)),
        }
        return render(request, f"{TEMPLATES}series_delete.html", context)

    def post(self, request: HttpRequest, series_id: int) -> HttpResponse:
        series = get_series_for_writing(request, series_id)
        name = series.name
        count = services.series_delete(series=series, by=request.user)
        meetings = f"{count} bijeenkomst{'en' if count != 1 else ''}"
        messages.success(request, f"De reeks '{name}' is verwijderd, met {meetings}.")
        return redirect(list_url(self.tenant, school_year_from(request)))


def _mine(form) -> list[tuple[str, str]]:
    """What this person typed, to show beside the current version after a conflict."""
    shown = []
    for name, value in form.cleaned_data.items():
        if name == "revision":
            continue
        if hasattr(value, "strftime"):
            value = f"{value:%d-%m-%Y}"
        elif isinstance(value, bool):
            value = "ja" if value else "nee"
        shown.append((form.fields[name].label, "" if value is None else str(value)))
    return shown


# --- On the jaarplan's page -------------------------------------------------------------------


@panel(order=60, template=f"{TEMPLATES}_panel.html")
def meetings(http_request: HttpRequest, jaarplan, can_write: bool) -> dict | None:
    """The bijeenkomsten of the jaarplan's school year, held against planned (two queries)."""
    rows = meetings_year(tenant=jaarplan.tenant, school_year=jaarplan.school_year)
    return {
        "meeting_rows": rows,
        "meeting_totals": totals_of(rows),
        "meeting_year": SchoolYear(jaarplan.school_year),
        "meetings_url": list_url(jaarplan.tenant, jaarplan.school_year),
    }


__all__ = [
    "MeetingListView",
    "SeriesCreateView",
    "SeriesDeleteView",
    "SeriesDetailView",
    "SeriesEditView",
]
