"""Part "export": the page with the two Excel files for the jaarverslag, and the downloads.

Only steunpunt staff (``steunpunt.handle_contacts``: the bestuurder, or a member given it in
person) get here; any other role gets a 403. The page explains what each file holds and
offers a school year (the last complete one unless chosen); the downloads are GET requests
with ``?schooljaar=2025`` and are logged as a read of the tenant's contacts (``log_read``,
with the number of rows). An unknown school year shows the page again with the error.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from swvportal.audit.services import log_read
from swvportal.core.downloads import attachment
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear

from .. import export
from ..selectors import HANDLE

UNKNOWN_YEAR = "Kies een schooljaar uit de lijst."


class PeriodForm(forms.Form):
    schooljaar = forms.TypedChoiceField(
        label="Schooljaar",
        coerce=int,
        help_text="Een schooljaar loopt van 1 augustus tot en met 31 juli.",
        error_messages={"required": UNKNOWN_YEAR, "invalid_choice": UNKNOWN_YEAR},
    )

    def __init__(self, *args, years: list[SchoolYear], **kwargs):
        super().__init__(*args, **kwargs)
        current = SchoolYear.current()
        self.fields["schooljaar"].choices = [
            (y.start, f"{y.label} (loopt nog)" if y == current else y.label) for y in years
        ]

    @property
    def year(self) -> SchoolYear:
        return SchoolYear(self.cleaned_data["schooljaar"])


class _ExportMixin(TenantPageMixin):
    capability = HANDLE
    template_name = "steunpunt/export/export.html"

    def period_form(self, request: HttpRequest) -> PeriodForm:
        years = export.school_years(self.membership)
        data = request.GET if "schooljaar" in request.GET else None
        initial = {"schooljaar": export.default_school_year().start}
        return PeriodForm(data, years=years, initial=initial)

    def page(self, form: PeriodForm, *, status: int = 200) -> HttpResponse:
        code = self.tenant.code
        context = {
            "form": form,
            "overview_url": reverse("steunpunt:overview", kwargs={"tenant_code": code}),
            "contacts_url": reverse("steunpunt:export_contacts", kwargs={"tenant_code": code}),
            "trends_url": reverse("steunpunt:export_trends", kwargs={"tenant_code": code}),
            "contact_columns": export.CONTACT_COLUMNS,
            "trend_columns": export.TREND_COLUMNS,
        }
        return render(self.request, self.template_name, context, status=status)


class ExportView(_ExportMixin, View):
    """The page: what the files hold, the school year, two download buttons."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form(request)
        if form.is_bound and not form.is_valid():
            return self.page(form, status=400)
        return self.page(form)


class _DownloadView(_ExportMixin, View):
    what = ""

    def build(self, year: SchoolYear) -> export.ExportFile:
        raise NotImplementedError

    def get(self, request: HttpRequest) -> HttpResponse:
        form = self.period_form(request)
        if not form.is_bound:  # no year asked: the default, as the page offers it
            form = PeriodForm(
                {"schooljaar": export.default_school_year().start},
                years=export.school_years(self.membership),
            )
        if not form.is_valid():
            return self.page(form, status=400)
        made = self.build(form.year)
        log_read(
            request, self.tenant, what=self.what, count=made.count, school_year=form.year.label
        )
        return attachment(made.content, export.XLSX_CONTENT_TYPE, made.filename)


class ContactsDownloadView(_DownloadView):
    """``contacten.xlsx``: one row per contact of the year, and the totals; no free text."""

    what = "export contacten"

    def build(self, year: SchoolYear) -> export.ExportFile:
        return export.contacts_xlsx(tenant=self.tenant, year=year, membership=self.membership)


class TrendsDownloadView(_DownloadView):
    """``trends.xlsx``: the trends that ran in the year, with their signals counted."""

    what = "export trends"

    def build(self, year: SchoolYear) -> export.ExportFile:
        return export.trends_xlsx(tenant=self.tenant, year=year, membership=self.membership)
