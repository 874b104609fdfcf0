"""The kwaliteitskalender's pages: the calendar of one school year (per category, or every due
date in order), the bestuurder's form for an item, and marking a due date done or undoing that.
The member's own calendar address (iCalendar) is ``views.feed``.

Thin views: objects come through ``calendar_access``, rules from ``calendar_services``, reads
from ``calendar_selectors``. Every role reads (``plans.view_jaarplan``); the bestuurder writes.
"""

from __future__ import annotations

import datetime
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views import View

from swvportal.accounts.permissions import can
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear
from swvportal.documents import registry as document_registry
from swvportal.documents.selectors import document_list

from ...calendar_rules import CYCLE, due_dates, school_year_of_due
from ..calendar_access import get_calendar_item_for_writing, get_occurrence_for_writing
from ..calendar_selectors import calendar_by_category, calendar_year, rule_of
from ..calendar_services import (
    calendar_item_create,
    calendar_item_delete,
    calendar_item_update,
    document_choices,
    occurrence_done,
    occurrence_undo,
    preview,
)
from ..forms_calendar import CalendarItemForm, OccurrenceDoneForm
from ..selectors import CHANGE, VIEW
from .panels import panel

TEMPLATES = "plans/jaarplan/calendar/"
BY_DATE = "datum"


def calendar_url(tenant, year: SchoolYear | None = None, *, by_date: bool = False) -> str:
    url = reverse("jaarplan:calendar", kwargs={"tenant_code": tenant.code})
    query = []
    if year is not None:
        query.append(f"schooljaar={year.label}")
    if by_date:
        query.append(f"weergave={BY_DATE}")
    return f"{url}?{'&'.join(query)}" if query else url


def _year_of(request: HttpRequest) -> tuple[SchoolYear, str]:
    """The school year asked for (``?schooljaar=2026-2027``), else the current one."""
    text = request.GET.get("schooljaar", "").strip()
    if not text:
        return SchoolYear.current(), ""
    try:
        year = SchoolYear.parse(text)
        if not 2000 <= year.start <= 2098:
            raise ValidationError("Kies een schooljaar tussen 2000-2001 en 2098-2099.")
    except ValidationError as exc:
        return SchoolYear.current(), f"{exc.messages[0]} U ziet nu het huidige schooljaar."
    return year, ""


def _may_read_document(membership, document) -> bool:
    """The document list's rule (``documents.selectors``) for one document, without a query."""
    kind = document_registry.get(document.kind)
    if kind is None or kind.sensitive:
        return False
    if can(membership, kind.draft_capability):
        return True
    return document.archived and can(membership, kind.read_capability)


def _with_links(request: HttpRequest, dues) -> None:
    """Give each due date the address of its document, where this member may open it, and
    whether it is a deadline ('vóór 1 juli 2027') rather than a day of its own."""
    for due in dues:
        due.is_deadline = due.item.frequency in CYCLE
        document = due.document
        due.document_url = ""
        if document is not None and _may_read_document(request.membership, document):
            due.document_url = reverse(
                "documents:document_download",
                kwargs={"tenant_code": request.tenant.code, "document_id": document.pk},
            )


def _counts(dues, today: datetime.date) -> dict[str, int]:
    return {
        "total": len(dues),
        "done": sum(1 for d in dues if d.is_done),
        "overdue": sum(1 for d in dues if d.is_overdue(today)),
    }


class CalendarView(TenantPageMixin, View):
    """The kwaliteitskalender of one school year, per category or by date."""

    capability = VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        year, year_error = _year_of(request)
        by_date = request.GET.get("weergave") == BY_DATE
        sections = calendar_by_category(tenant=self.tenant, school_year=year)
        dues = sorted(
            (due for section in sections for _item, _rule, item_dues in section.items
             for due in item_dues),
            key=lambda d: (d.due_date, d.item.category, d.item.position, d.item.pk),
        )  # fmt: skip
        _with_links(request, dues)
        today = timezone.localdate()
        months = [
            (date_format(first, "F Y"), list(group))
            for first, group in groupby(dues, key=lambda d: d.due_date.replace(day=1))
        ]
        return render(
            request,
            TEMPLATES + "page.html",
            {
                "year": year,
                "year_error": year_error,
                "is_current_year": year == SchoolYear.from_date(today),
                "previous_url": calendar_url(self.tenant, year.previous, by_date=by_date),
                "next_url": calendar_url(self.tenant, year.next, by_date=by_date),
                "by_category_url": calendar_url(self.tenant, year),
                "by_date_url": calendar_url(self.tenant, year, by_date=True),
                "by_date": by_date,
                "sections": sections,
                "months": months,
                "counts": _counts(dues, today),
                "today": today,
                "can_change": self.can(CHANGE),
                "can_use_feed": self.can("plans.use_calendar_feed"),
            },
        )


# --- Items (the bestuurder) -------------------------------------------------------------------


class _ItemFormView(TenantPageMixin, View):
    capability = CHANGE
    template_name = TEMPLATES + "item_form.html"

    def _page(self, request, form, item=None, *, status=200) -> HttpResponse:
        this_year = SchoolYear.current()
        context = {
            "form": form,
            "item": item,
            "preview": self._preview(form, item, [this_year, this_year.next]),
            "back_url": calendar_url(self.tenant),
        }
        if request.htmx and self._is_preview(request):
            return render(request, self.template_name + "#preview", context)
        return render(request, self.template_name, context, status=status)

    @staticmethod
    def _preview(form: CalendarItemForm, item, years: list[SchoolYear]) -> dict:
        """The due dates of this and next school year: of the stored item on opening the form,
        of what was typed once the rule reads without errors."""
        if not form.is_bound:
            return {"years": [(y, due_dates(rule_of(item), y)) for y in years]} if item else {}
        problems = [e for name in form.fieldsets[1][1] for e in form.errors.get(name, [])]
        if problems or "frequency" not in form.cleaned_data:
            return {"problems": problems or ["Kies eerst hoe vaak het terugkomt."]}
        return {"years": preview(form.item_data(), years)}

    def _is_preview(self, request) -> bool:
        return bool(request.POST.get("voorbeeld"))


class CalendarItemCreateView(_ItemFormView):
    def get(self, request: HttpRequest) -> HttpResponse:
        initial = {"category": request.GET.get("categorie", ""), "is_active": True}
        return self._page(request, CalendarItemForm(initial=initial))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = CalendarItemForm(request.POST)
        if form.is_valid() and not self._is_preview(request):
            try:
                item = calendar_item_create(
                    tenant=self.tenant, data=form.item_data(), by=request.user
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"“{item.title}” staat in de kwaliteitskalender.")
                return redirect(calendar_url(self.tenant) + f"#onderdeel-{item.pk}")
        status = 200 if self._is_preview(request) else 422
        return self._page(request, form, status=status)


class CalendarItemEditView(_ItemFormView):
    def get(self, request: HttpRequest, calendar_item_id: int) -> HttpResponse:
        item = get_calendar_item_for_writing(request, calendar_item_id)
        return self._page(request, CalendarItemForm.for_item(item), item)

    def post(self, request: HttpRequest, calendar_item_id: int) -> HttpResponse:
        item = get_calendar_item_for_writing(request, calendar_item_id)
        form = CalendarItemForm(request.POST)
        if form.is_valid() and not self._is_preview(request):
            try:
                item = calendar_item_update(
                    item=item,
                    data=form.item_data(),
                    revision=form.cleaned_data.get("revision"),
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"De wijzigingen in “{item.title}” zijn opgeslagen.")
                return redirect(calendar_url(self.tenant) + f"#onderdeel-{item.pk}")
        status = 200 if self._is_preview(request) else 422
        return self._page(request, form, item, status=status)


class CalendarItemDeleteView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, calendar_item_id: int) -> HttpResponse:
        item = get_calendar_item_for_writing(request, calendar_item_id)
        return render(
            request,
            TEMPLATES + "item_delete.html",
            {
                "item": item,
                "ticked": item.occurrences.count(),
                "back_url": calendar_url(self.tenant),
            },
        )

    def post(self, request: HttpRequest, calendar_item_id: int) -> HttpResponse:
        item = get_calendar_item_for_writing(request, calendar_item_id)
        title = item.title
        ticked = calendar_item_delete(item=item, by=request.user)
        extra = f" met {ticked} afgevinkte {'datum' if ticked == 1 else 'data'}" if ticked else ""
        messages.success(request, f"“{title}” is uit de kwaliteitskalender verwijderd{extra}.")
        return redirect(calendar_url(self.tenant))


# --- Marking a due date done (the bestuurder) ---------------------------------------------------


def _due_choices(item, asked: datetime.date | None) -> list[tuple[str, str]]:
    """The item's open due dates from last school year to next, and the one asked for."""
    this_year = SchoolYear.current()
    days = {d for y in (this_year.previous, this_year, this_year.next) for d in due_dates(
        rule_of(item), y)}  # fmt: skip
    done = set(item.occurrences.filter(due_date__in=days).values_list("due_date", flat=True))
    days = sorted(days - done | ({asked} if asked else set()))
    return [("", "Kies een datum"), *((d.isoformat(), date_format(d, "j F Y")) for d in days)]


def _asked_date(request: HttpRequest) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(request.GET.get("datum", ""))
    except ValueError:
        return None


class OccurrenceDoneView(TenantPageMixin, View):
    capability = CHANGE
    template_name = TEMPLATES + "occurrence_done.html"

    def _form(self, request, item, data=None, asked=None) -> OccurrenceDoneForm:
        documents = document_choices(document_list(membership=request.membership))
        initial = {"done_on": timezone.localdate(), "due_date": asked}
        return OccurrenceDoneForm(
            data,
            initial=initial,
            due_choices=_due_choices(item, asked),
            documents=documents,
        )

    def _page(self, request, item, form, *, status=200) -> HttpResponse:
        asked = form["due_date"].value()
        if isinstance(asked, str):
            try:
                asked = datetime.date.fromisoformat(asked)
            except ValueError:
                asked = None
        year = school_year_of_due(rule_of(item), asked) if asked else None
        context = {"item": item, "form": form, "back_url": calendar_url(self.tenant, year)}
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, calendar_item_id: int) -> HttpResponse:
        item = get_calendar_item_for_writing(request, calendar_item_id)
        asked = _asked_date(request)
        return self._page(request, item, self._form(request, item, asked=asked))

    def post(self, request: HttpRequest, calendar_item_id: int) -> HttpResponse:
        item = get_calendar_item_for_writing(request, calendar_item_id)
        form = self._form(request, item, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                done = occurrence_done(
                    item=item,
                    due_date=data["due_date"],
                    done_on=data["done_on"],
                    note=data["note"],
                    document=data["document"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"“{item.title}” van {date_format(done.due_date, 'j F Y')} is afgevinkt.",
                )
                year = school_year_of_due(rule_of(item), done.due_date)
                return redirect(calendar_url(self.tenant, year) + f"#onderdeel-{item.pk}")
        return self._page(request, item, form, status=422)


class OccurrenceUndoView(TenantPageMixin, View):
    capability = CHANGE

    def get(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = get_occurrence_for_writing(request, occurrence_id)
        return render(
            request,
            TEMPLATES + "occurrence_undo.html",
            {"occurrence": occurrence, "back_url": self._back(occurrence)},
        )

    def post(self, request: HttpRequest, occurrence_id: int) -> HttpResponse:
        occurrence = get_occurrence_for_writing(request, occurrence_id)
        back = self._back(occurrence)
        title, due = occurrence.item.title, occurrence.due_date
        occurrence_undo(occurrence=occurrence, by=request.user)
        messages.success(
            request,
            f"Het afvinken van “{title}” ({date_format(due, 'j F Y')}) is ongedaan gemaakt.",
        )
        return redirect(back)

    def _back(self, occurrence) -> str:
        year = school_year_of_due(rule_of(occurrence.item), occurrence.due_date)
        year = year or SchoolYear.from_date(occurrence.due_date)
        return calendar_url(self.tenant, year) + f"#onderdeel-{occurrence.item_id}"


# --- On the jaarplan's page -------------------------------------------------------------------

PANEL_SHOWS = 3  # the next open due dates the jaarplan's page lists


@panel(order=60, template=TEMPLATES + "_panel.html")
def kwaliteitskalender(http_request: HttpRequest, jaarplan, can_write: bool) -> dict | None:
    """The kwaliteitskalender of the jaarplan's school year: how far, and what comes next."""
    dues = calendar_year(tenant=jaarplan.tenant, school_year=jaarplan.year)
    today = timezone.localdate()
    return {
        "calendar_year": jaarplan.year,
        "calendar_counts": _counts(dues, today),
        "calendar_next": [d for d in dues if not d.is_done][:PANEL_SHOWS],
        "calendar_url": calendar_url(jaarplan.tenant, jaarplan.year),
        "today": today,
    }
