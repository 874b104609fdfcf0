"""The dashboard pages: per pijler, one indicator, the XLSX download and "Herbereken nu".

Toezicht and inspectie read the same pages with small pupil counts suppressed (``display``);
no page here shows pupil-level data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.core.mixins import TenantPageMixin
from swvportal.jobs.services import job_unfinished

from . import display, selectors
from .access import get_indicator_for_user
from .exports import dashboard_rows, dashboard_xlsx
from .forms import PeildatumForm
from .jobs import KIND, compute_start
from .models import Indicator, Source
from .norms import Status
from .services import monitoring_settings


@dataclass
class Choice:
    """The peildatum the page shows: an official one, or the provisional state of today."""

    peildatum: datetime.date
    provisional: bool
    options: list[datetime.date]
    provisional_on: datetime.date | None
    problem: str = ""  # why the date asked for is not the one shown (Dutch, for the page)

    @property
    def query(self) -> str:
        return f"peildatum={self.peildatum:%Y-%m-%d}" + ("&voorlopig=1" if self.provisional else "")


def _choice(request: HttpRequest) -> Choice:
    tenant = request.tenant
    today = timezone.localdate()
    options = selectors.peildata_options(
        tenant=tenant, settings=monitoring_settings(tenant), today=today
    )
    provisional_on = selectors.provisional_date(tenant=tenant)
    if request.GET.get("voorlopig") and provisional_on:
        return Choice(provisional_on, True, options, provisional_on)
    form = PeildatumForm(request.GET, today=today)
    chosen, problem = None, ""
    if form.is_valid():
        chosen = form.cleaned_data["peildatum"]
    else:
        problem = form.errors["peildatum"][0]
    if chosen is None:
        chosen = options[0] if options else today
    return Choice(chosen, False, options, provisional_on, problem)


class _DashboardMixin(TenantPageMixin):
    capability = "monitoring.view_dashboard"

    @property
    def suppress(self) -> bool:
        return not self.can("monitoring.view_small_counts")

    def _pillar(self) -> int | None:
        raw = self.request.GET.get("pijler", "")
        return int(raw) if raw.isdigit() else None


class DashboardView(_DashboardMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        choice, pillar = _choice(request), self._pillar()
        plan = selectors.shown_plan(tenant=self.tenant)
        titles = selectors.pillar_titles(plan=plan)
        sections = selectors.dashboard(
            tenant=self.tenant,
            peildatum=choice.peildatum,
            provisional=choice.provisional,
            pillar=pillar,
            titles=titles,
        )
        goals = selectors.goal_links(plan=plan)
        context = {
            "choice": choice,
            "pillar": pillar,
            "pillars": titles,
            "sections": display.indicator_rows(sections, goals, suppress=self.suppress),
            "can_compute": self.can("monitoring.compute"),
            "compute_options": self._compute_options(),
            # In the swapped part, so the report is of the peildatum on screen.
            "can_create_pdf": self.can("documents.create"),
            "can_catalogue": self.can("monitoring.change_catalogue"),
            "can_enter": self.can("monitoring.enter_swv"),
            "suppress": self.suppress,
            "running": (
                job_unfinished(tenant=self.tenant, kind=KIND)
                if self.can("monitoring.compute")
                else None
            ),
            "school_year": selectors.current_school_year(timezone.localdate()),
        }
        template = "monitoring/dashboard.html"
        if request.htmx and request.htmx.target == "dashboard":
            template += "#dashboard"
        return render(request, template, context)

    def _compute_options(self) -> list[datetime.date]:
        """Exactly the official peildata ``jobs.compute_start`` accepts."""
        if not self.can("monitoring.compute"):
            return []
        return selectors.computable_peildata(
            settings=monitoring_settings(self.tenant),
            plan=selectors.computing_plan(tenant=self.tenant),
            today=timezone.localdate(),
        )


class DashboardExportView(_DashboardMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        choice = _choice(request)
        if choice.problem:  # a file of another date than asked for would mislead: say so
            context = {"problem": choice.problem, "choice": choice}
            return render(request, "monitoring/bad_peildatum.html", context, status=400)
        sections = selectors.dashboard(
            tenant=self.tenant,
            peildatum=choice.peildatum,
            provisional=choice.provisional,
            pillar=self._pillar(),
        )
        goals = selectors.goal_links(plan=selectors.shown_plan(tenant=self.tenant))
        rows = dashboard_rows(sections, goals, suppress=self.suppress)
        content = dashboard_xlsx(rows, f"Dashboard {choice.peildatum:%d-%m-%Y}")
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"dashboard-{self.tenant.code}-{choice.peildatum:%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class IndicatorDetailView(_DashboardMixin, View):
    def get(self, request: HttpRequest, indicator_id: int) -> HttpResponse:
        indicator, _ = get_indicator_for_user(request, indicator_id)
        choice = _choice(request)
        snapshots = selectors.indicator_history(indicator=indicator)
        points = selectors.newest_per_peildatum(snapshots)
        labels = [f"{m.peildatum:%d-%m-%Y}" for m in points]
        values = [display.plot_value(indicator, m, suppress=self.suppress) for m in points]
        current = next((m for m in reversed(points) if m.peildatum <= choice.peildatum), None)
        breakdown = []
        if indicator.source != Source.SWV:
            figures = selectors.school_breakdown(
                indicator=indicator, peildatum=current.peildatum if current else choice.peildatum
            )
            hidden = display.schools_hidden(
                indicator,
                current,
                {f.school.pk: f.measurement for f in figures},
                suppress=self.suppress,
            )
            breakdown = [
                _school_row(indicator, f, hidden.get(f.school.pk, frozenset())) for f in figures
            ]
        superseded = {m.pk for m in snapshots} - {m.pk for m in points}
        plan = selectors.shown_plan(tenant=self.tenant)
        context = {
            "indicator": indicator,
            "pillar_title": selectors.pillar_titles(plan=plan).get(indicator.pillar_number),
            "goal": selectors.goal_links(plan=plan).get(indicator.goal_uid),
            "choice": choice,
            "current": current,
            "current_value": display.value_label(indicator, current, suppress=self.suppress),
            "current_status": display.status_label(indicator, current, suppress=self.suppress),
            "details": display.detail_rows(indicator, current, suppress=self.suppress),
            "chart": display.sparkline(labels, values, width=640, height=200),
            "history": [
                {
                    "measurement": m,
                    "value": display.value_label(indicator, m, suppress=self.suppress),
                    "records": display.records_label(indicator, m, suppress=self.suppress),
                    "status": display.status_label(indicator, m, suppress=self.suppress),
                    "superseded": m.pk in superseded,
                }
                for m in reversed(snapshots)
            ],
            "breakdown": breakdown,
            "explanation": _explanation(indicator),
            "suppress": self.suppress,
            "can_catalogue": self.can("monitoring.change_catalogue"),
        }
        return render(request, "monitoring/indicator_detail.html", context)


def _school_row(indicator: Indicator, figure, hidden: frozenset[str]) -> dict:
    """One school's row; ``hidden``: its cells toezicht may not see (``display.schools_hidden``)."""
    m = figure.measurement
    value_hidden = display.disclosure.VALUE in hidden
    return {
        "school": figure.school,
        "value": display.HIDDEN
        if value_hidden
        else display.value_label(indicator, m, suppress=False),
        "records": (
            display.HIDDEN
            if display.disclosure.RECORDS in hidden
            else display.records_label(indicator, m, suppress=False)
        ),
        "status": display.HIDDEN_STATUS
        if value_hidden
        else (m.status if m else Status.NO_DATA.value),
    }


def _explanation(indicator: Indicator) -> str:
    from swvportal.core.calculations import CALCULATIONS

    if indicator.source == Source.COMPUTED and indicator.calculation in CALCULATIONS:
        return CALCULATIONS[indicator.calculation].explanation
    if indicator.source == Source.SCHOOL:
        return (
            "Elke school vult dit jaarlijks in via de schoolrapportage. "
            + indicator.get_answer_kind_display()
            + "."
        )
    return "Het samenwerkingsverband voert dit cijfer zelf in, per schooljaar."


class ComputeView(TenantPageMixin, View):
    """Start the computation in the background and show its progress without blocking."""

    capability = "monitoring.compute"
    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        provisional = request.POST.get("peildatum") == "vandaag"
        try:
            on = (
                timezone.localdate()
                if provisional
                else datetime.date.fromisoformat(request.POST.get("peildatum", ""))
            )
            job = compute_start(
                tenant=self.tenant, peildatum=on, provisional=provisional, by=request.user
            )
        except ValueError:
            messages.error(request, "Kies een geldige peildatum.")
            return redirect("monitoring:dashboard", tenant_code=self.tenant.code)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("monitoring:dashboard", tenant_code=self.tenant.code)
        if request.htmx:
            return render(
                request, "jobs/_started.html", {"job": job, "heading": "Herberekening gestart."}
            )
        return redirect(
            reverse("jobs:job_detail", kwargs={"tenant_code": self.tenant.code, "job_id": job.pk})
        )
