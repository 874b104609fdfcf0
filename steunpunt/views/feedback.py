"""Part "feedback": the yearly feedback to schools (issue #16, point 4).

* ``feedback_list``: per school year the member's schools and whether their feedback was given,
  with the share of schools that got it; staff record a round per school from here.
* ``feedback_edit``: staff record or change one school's round of one school year.
* ``feedback_detail``: what was shared (date, themes, trends, the stored figures, the note); the
  zorgcoördinator of the school reads it, one of another school gets a 404.

Only aggregates are shown: the figures were stored with counts of 1–4 as "<5". No contact text,
reference or call-back data appears on these pages.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views import View

from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.models import School

from .. import feedback as data
from ..access import FEEDBACK
from ..forms_feedback import FeedbackForm
from ..models import NO_NAMES
from ..selectors import HANDLE, VIEW_FEEDBACK


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404("Dit schooljaar bestaat niet.") from None
    if not data.valid_school_year(year):
        raise Http404("Dit schooljaar bestaat niet of is nog niet begonnen.")
    return year


def detail_url(request: HttpRequest, feedback) -> str:
    return reverse(
        "steunpunt:feedback_detail",
        kwargs={"tenant_code": request.tenant.code, "feedback_id": feedback.pk},
    )


def list_url(request: HttpRequest, school_year: int) -> str:
    url = reverse("steunpunt:feedback_list", kwargs={"tenant_code": request.tenant.code})
    return f"{url}?schooljaar={school_year}"


class FeedbackListView(TenantPageMixin, View):
    capability = VIEW_FEEDBACK
    template_name = "steunpunt/feedback/list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        raw = request.GET.get("schooljaar")
        year = _year(raw) if raw else data.current_school_year()
        overview = data.feedback_overview(membership=self.membership, school_year=year)
        context = {
            "overview": overview,
            "school_year": year,
            "school_year_label": SchoolYear(year).label,
            "years": data.year_choices(year),
            "may_record": self.can(HANDLE),
        }
        return render(request, self.template_name, context)


class FeedbackEditView(TenantPageMixin, View):
    capability = HANDLE
    template_name = "steunpunt/feedback/edit.html"

    def _school(self, school_id: int) -> School:
        school = School.objects.filter(tenant=self.tenant, pk=school_id).first()
        if school is None:
            raise Http404("Deze school bestaat niet.")
        return school

    def get(self, request: HttpRequest, school_year: int, school_id: int) -> HttpResponse:
        year, school = _year(school_year), self._school(school_id)
        existing = data.feedback_of(school=school, school_year=year)
        if existing is not None:
            initial = {
                "given_on": existing.given_on,
                "themes": [t.pk for t in existing.themes.all()],
                "trends": [t.pk for t in existing.trends.all()],
                "note": existing.note,
            }
        else:
            theme_ids, trend_ids = data.preselection(school=school, school_year=year)
            initial = {"given_on": timezone.localdate(), "themes": theme_ids, "trends": trend_ids}
        form = FeedbackForm(tenant=self.tenant, initial=initial)
        return self.page(request, school, year, form, existing)

    def post(self, request: HttpRequest, school_year: int, school_id: int) -> HttpResponse:
        year, school = _year(school_year), self._school(school_id)
        form = FeedbackForm(request.POST, tenant=self.tenant)
        if form.is_valid():
            try:
                feedback, created = data.feedback_save(
                    tenant=self.tenant,
                    school=school,
                    school_year=year,
                    by=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(
                    request,
                    f"De terugkoppeling aan {school.name} over {SchoolYear(year).label} is "
                    + ("vastgelegd." if created else "bijgewerkt."),
                )
                return redirect(detail_url(request, feedback))
        existing = data.feedback_of(school=school, school_year=year)
        return self.page(request, school, year, form, existing, status=400)

    def page(self, request, school, year, form, existing, *, status=200) -> HttpResponse:
        context = {
            "school": school,
            "school_year": year,
            "school_year_label": SchoolYear(year).label,
            "first_day": SchoolYear(year).first_day,
            "form": form,
            "existing": existing,
            "no_names": NO_NAMES,
            "back_url": list_url(request, year),
        }
        return render(request, self.template_name, context, status=status)


class FeedbackDetailView(TenantPageMixin, View):
    capability = VIEW_FEEDBACK
    template_name = "steunpunt/feedback/detail.html"

    def get(self, request: HttpRequest, feedback_id: int) -> HttpResponse:
        feedback, may_change = FEEDBACK.get_for_user(request, feedback_id)
        figures = feedback.figures or {}
        context = {
            "feedback": feedback,
            "school_year_label": SchoolYear(feedback.school_year).label,
            "themes": list(feedback.themes.all()),
            "trends": figures.get("trends", []),
            "figures": figures,
            "may_change": may_change,
            "back_url": list_url(request, feedback.school_year),
        }
        return render(request, self.template_name, context)
