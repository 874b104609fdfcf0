"""Where figures come from besides the calculations: the catalogue, school reports, SWV entries."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.accounts.permissions import visible
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import school_year_label
from swvportal.tenancy.models import School

from . import selectors, services
from .access import CATALOGUE, REPORT, get_indicator_for_writing, get_report_school_for_user
from .forms import IndicatorForm, PeildataForm, SchoolReportForm, SwvEntryForm, initial_value
from .models import Indicator, SchoolAnswer, SwvEntry, Unit
from .services import UNIT_ANSWERS


class CatalogueView(TenantPageMixin, View):
    capability = CATALOGUE

    def get(self, request: HttpRequest) -> HttpResponse:
        goals = selectors.goal_links(plan=selectors.shown_plan(tenant=self.tenant))
        rows = [(i, goals.get(i.goal_uid)) for i in selectors.indicator_list(tenant=self.tenant)]
        return render(request, "monitoring/catalogue.html", {"rows": rows})


class IndicatorCreateView(TenantPageMixin, View):
    capability = CATALOGUE
    template_name = "monitoring/indicator_form.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": IndicatorForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator = services.indicator_save(tenant=self.tenant, data=form.cleaned_data)
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De indicator is toegevoegd.")
                return redirect(
                    "monitoring:indicator_detail",
                    tenant_code=self.tenant.code,
                    indicator_id=indicator.pk,
                )
        return render(request, self.template_name, {"form": form}, status=422)


class IndicatorEditView(TenantPageMixin, View):
    capability = CATALOGUE
    template_name = "monitoring/indicator_form.html"

    def _indicator(self, indicator_id: int) -> Indicator:
        return get_indicator_for_writing(self.request, indicator_id)

    def get(self, request: HttpRequest, indicator_id: int) -> HttpResponse:
        indicator = self._indicator(indicator_id)
        form = IndicatorForm(instance=indicator)
        return render(request, self.template_name, {"form": form, "indicator": indicator})

    def post(self, request: HttpRequest, indicator_id: int) -> HttpResponse:
        indicator = self._indicator(indicator_id)
        form = IndicatorForm(request.POST, instance=Indicator(pk=indicator.pk))
        if form.is_valid():
            try:
                services.indicator_save(
                    tenant=self.tenant, data=form.cleaned_data, indicator=indicator
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    "De indicator is gewijzigd. Eerdere metingen blijven staan; de nieuwe norm "
                    "telt vanaf de volgende berekening.",
                )
                return redirect(
                    "monitoring:indicator_detail",
                    tenant_code=self.tenant.code,
                    indicator_id=indicator.pk,
                )
        context = {"form": form, "indicator": indicator}
        return render(request, self.template_name, context, status=422)


def _school_year(request: HttpRequest) -> int:
    """``?schooljaar=2026`` (the first year); the current school year when absent or invalid."""
    current = selectors.current_school_year(timezone.localdate())
    raw = request.GET.get("schooljaar", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= current else current


class ReportOverviewView(TenantPageMixin, View):
    """Which schools have reported for a school year; missing reports are listed as such."""

    capability = REPORT

    def get(self, request: HttpRequest) -> HttpResponse:
        school_year = _school_year(request)
        current = selectors.current_school_year(timezone.localdate())
        schools = _reportable_schools(request)
        rows = selectors.report_overview(schools=schools, school_year=school_year)
        return render(
            request,
            "monitoring/report_overview.html",
            {
                "rows": rows,
                "school_year": school_year,
                "years": list(range(current, current - 5, -1)),
                "missing": sum(1 for r in rows if r.report is None),
                "can_enter": self.can("monitoring.enter_swv"),
                "has_indicators": selectors.school_indicators(tenant=self.tenant).exists(),
            },
        )


def _reportable_schools(request: HttpRequest):
    return visible(School.objects.all(), request.membership, REPORT, school_field="pk")


class SchoolReportView(TenantPageMixin, View):
    """One form per school per school year with every indicator the school reports on."""

    capability = REPORT
    template_name = "monitoring/school_report.html"

    def _setup(self, school_id: int, school_year: int):
        school, _ = get_report_school_for_user(self.request, school_id)
        indicators = list(selectors.school_indicators(tenant=self.tenant))
        report = selectors.report_overview(
            schools=School.objects.filter(pk=school.pk), school_year=school_year
        )[0].report
        return school, indicators, report

    def _context(self, form, school, school_year, report) -> dict:
        return {"form": form, "school": school, "school_year": school_year, "report": report}

    def get(self, request: HttpRequest, school_id: int) -> HttpResponse:
        school_year = _school_year(request)
        school, indicators, report = self._setup(school_id, school_year)
        initial = {"revision": report.revision if report else None}
        if report:
            kinds = {i.pk: i.answer_kind for i in indicators}
            for answer in SchoolAnswer.objects.filter(report=report):
                kind = kinds.get(answer.indicator_id)
                if kind:
                    initial[f"indicator_{answer.indicator_id}"] = initial_value(kind, answer.value)
                    initial[f"note_{answer.indicator_id}"] = answer.note
        form = SchoolReportForm(indicators=indicators, initial=initial)
        return render(request, self.template_name, self._context(form, school, school_year, report))

    def post(self, request: HttpRequest, school_id: int) -> HttpResponse:
        school_year = _school_year(request)
        school, indicators, report = self._setup(school_id, school_year)
        form = SchoolReportForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                services.school_report_save(
                    tenant=self.tenant,
                    school=school,
                    school_year=school_year,
                    answers=form.answers(),
                    by=request.user,
                    revision=form.cleaned_data["revision"] if report else None,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"De rapportage van {school.name} voor {school_year_label(school_year)} is "
                    "opgeslagen. Het dashboard neemt haar mee bij de volgende berekening.",
                )
                url = f"?schooljaar={school_year}"
                return redirect(f"{_url('monitoring:report_overview', self.tenant.code)}{url}")
        context = self._context(form, school, school_year, report)
        return render(request, self.template_name, context, status=422)


def _url(name: str, code: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant_code": code, **kwargs})


class SwvEntryView(TenantPageMixin, View):
    """The bestuurder's figures for the SWV-level indicators of one school year."""

    capability = "monitoring.enter_swv"
    template_name = "monitoring/swv_entries.html"

    def _context(self, form, school_year: int) -> dict:
        current = selectors.current_school_year(timezone.localdate())
        return {
            "form": form,
            "school_year": school_year,
            "years": list(range(current, current - 5, -1)),
        }

    def get(self, request: HttpRequest) -> HttpResponse:
        school_year = _school_year(request)
        indicators = list(selectors.swv_indicators(tenant=self.tenant))
        initial = {}
        for entry in SwvEntry.objects.filter(
            tenant=self.tenant, school_year=school_year
        ).select_related("indicator"):
            unit = entry.indicator.unit
            value = (
                entry.text if unit == Unit.TEXT else initial_value(UNIT_ANSWERS[unit], entry.value)
            )
            initial[f"indicator_{entry.indicator_id}"] = value
        form = SwvEntryForm(indicators=indicators, initial=initial)
        return render(request, self.template_name, self._context(form, school_year))

    def post(self, request: HttpRequest) -> HttpResponse:
        school_year = _school_year(request)
        indicators = list(selectors.swv_indicators(tenant=self.tenant))
        form = SwvEntryForm(request.POST, indicators=indicators)
        if form.is_valid():
            try:
                count = services.swv_entries_save(
                    tenant=self.tenant,
                    school_year=school_year,
                    entries=form.entries(),
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request, f"{count} cijfers van het samenwerkingsverband opgeslagen."
                )
                url = _url("monitoring:swv_entries", self.tenant.code)
                return redirect(f"{url}?schooljaar={school_year}")
        return render(request, self.template_name, self._context(form, school_year), status=422)


class SettingsView(TenantPageMixin, View):
    """The tenant's peildata (a tenant setting; defaults 1 oktober and 1 maart)."""

    capability = CATALOGUE
    template_name = "monitoring/settings.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        found = services.monitoring_settings(self.tenant)
        form = PeildataForm(initial=PeildataForm.initial_from(found))
        return render(request, self.template_name, {"form": form})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = PeildataForm(request.POST)
        if form.is_valid():
            try:
                services.monitoring_settings_update(
                    tenant=self.tenant,
                    twice=form.cleaned_data["peildata_twice"],
                    yearly=form.cleaned_data["peildata_yearly"],
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De peildata zijn opgeslagen.")
                return redirect(_url("monitoring:settings", self.tenant.code))
        return render(request, self.template_name, {"form": form}, status=422)
