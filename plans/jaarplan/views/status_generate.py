"""Making a jaarplan (the button of ``manage.py create_jaarplan``): the bestuurder picks a school
year of the adopted OSP, sees what generating will do and which activities of last year are
still open, ticks those to take along, and generates.

The school year is chosen in a GET form above the page's POST form; with htmx a change of year
only refreshes the part below it (``#preparation``), without JavaScript the "Kiezen" button
loads the page for that year.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear

from ...models import Improvement, Jaarplan, Plan
from ..forms_status import GenerateForm
from ..generate import (
    Generated,
    applicable_steps,
    carry_candidates,
    current_jaarplan,
    jaarplan_generate,
    plan_for_year,
)
from ..selectors import CHANGE, generate_years
from .status import TEMPLATES, jaarplan_page_url, nav

# From May the next school year is the one being planned.
PLANNING_MONTH = 5


@dataclass
class Preview:
    """What generating for one school year will do."""

    year: SchoolYear
    plan: Plan | None
    existing: Jaarplan | None
    steps: int  # verbeterpunten the plan gives this year
    new: int  # of which the jaarplan does not have one yet
    previous: Jaarplan | None  # last year's jaarplan, where the candidates come from

    @property
    def blocked(self) -> bool:
        return self.plan is None or (self.existing is not None and not self.existing.is_editable)


def default_year(years: list[int], today) -> int | None:
    """The current school year, or from May the coming one; else the nearest on offer."""
    if not years:
        return None
    wanted = SchoolYear.from_date(today).start
    if PLANNING_MONTH <= today.month < 8:
        wanted += 1
    return min(years, key=lambda y: (abs(y - wanted), y))


def preview(tenant, year: SchoolYear) -> Preview:
    plan = plan_for_year(tenant=tenant, school_year=year)
    existing = current_jaarplan(tenant=tenant, school_year=year)
    steps = applicable_steps(plan, year) if plan is not None else []
    have = set()
    if existing is not None:
        have = set(
            Improvement.objects.filter(jaarplan=existing, step_uid__isnull=False).values_list(
                "step_uid", flat=True
            )
        )
    return Preview(
        year=year,
        plan=plan,
        existing=existing,
        steps=len(steps),
        new=sum(1 for s in steps if s.uid not in have),
        previous=current_jaarplan(tenant=tenant, school_year=year.previous),
    )


def done_message(result: Generated, year: SchoolYear) -> str:
    points, carried = len(result.improvements), len(result.carried)
    said = (
        f"Het jaarplan {year} is gemaakt"
        if result.created
        else f"Het jaarplan {year} is bijgewerkt"
    )
    said += f": {points} verbeterpunt{'en' if points != 1 else ''} uit het ondersteuningsplan"
    if carried:
        noun = "activiteit" if carried == 1 else "activiteiten"
        said += f" en {carried} {noun} overgenomen uit {year.previous}"
    said += " toegevoegd."
    if not result.created and not points and not carried:
        said = f"Het jaarplan {year} had alle verbeterpunten al; er is niets toegevoegd."
    return said


class JaarplanGenerateView(TenantPageMixin, View):
    capability = CHANGE
    template_name = TEMPLATES + "generate.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        years = generate_years(tenant=self.tenant)
        year = self._year(request.GET.get("schooljaar"), years)
        context = self._context(years, year, select_all=request.GET.get("alles") == "1")
        template = self.template_name + ("#preparation" if request.htmx else "")
        return render(request, template, context)

    def post(self, request: HttpRequest) -> HttpResponse:
        years = generate_years(tenant=self.tenant)
        try:  # a year on offer, or else one the service will refuse in its own words
            year = SchoolYear.parse(request.POST.get("schooljaar", ""))
        except ValidationError:
            year = None
        if year is None:
            context = self._context(years, self._year(None, years))
            context["year_error"] = "Kies een schooljaar uit de lijst."
            return render(request, self.template_name, context, status=422)
        candidates = carry_candidates(tenant=self.tenant, school_year=year)
        form = GenerateForm(request.POST, years=[year.label], candidates=candidates)
        if form.is_valid():
            chosen = [activity.pk for activity in form.cleaned_data["carry"]]
            try:
                result = jaarplan_generate(
                    tenant=self.tenant, school_year=year, by=request.user, carry=chosen
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, done_message(result, year))
                return redirect(jaarplan_page_url(result.jaarplan))
        context = self._context(years, year, form=form)
        return render(request, self.template_name, context, status=422)

    def _year(self, text: str | None, years: list[int]):
        """The school year asked for, if it is on offer; else the default."""
        try:
            asked = SchoolYear.parse(text) if text else None
        except ValidationError:
            asked = None
        if asked is not None and asked.start in years:
            return asked
        start = default_year(years, timezone.localdate())
        return SchoolYear(start) if start is not None else None

    def _context(self, years, year, form=None, select_all: bool = False) -> dict:
        context = {
            "years": [SchoolYear(y) for y in years],
            "year": year,
            **nav(None, self.tenant),
        }
        if year is None:
            return context
        candidates = list(carry_candidates(tenant=self.tenant, school_year=year))
        if form is None:
            form = GenerateForm(
                initial={
                    "schooljaar": year.label,
                    "carry": [a.pk for a in candidates] if select_all else [],
                },
                years=[year.label],
                candidates=carry_candidates(tenant=self.tenant, school_year=year),
            )
        return {
            **context,
            "preview": preview(self.tenant, year),
            "candidates": candidates,
            "form": form,
            "select_all": select_all,
        }
