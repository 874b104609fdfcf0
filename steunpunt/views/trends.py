"""Part "trends": the steunpunt's start page (contacts per theme per month, open follow-ups,
the other pages) and the trends (list, detail, new, edit, adding and removing signals).

Who may: ``view_trends`` reads the overview and the trends (the bestuurder, toezicht, a granted
member); toezicht sees aggregates only, counts of 1–4 as "<5", and no contact's reference, date
or text. ``handle_contacts`` (staff) sees the open follow-ups and a trend's signals (both reads
of contacts, logged) and changes trends.
"""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html
from django.views import View

from swvportal.audit.services import log_read
from swvportal.core.forms import errors_into
from swvportal.core.mixins import TenantPageMixin
from swvportal.core.schoolyear import SchoolYear, school_year_label
from swvportal.core.tables import BaseTable
from swvportal.core.views_list import TenantListView

from .. import trends
from ..access import TRENDS
from ..forms_trends import SignalAddForm, TrendForm
from ..models import NO_NAMES, Theme, Trend, TrendStatus
from ..rules import shown
from ..selectors import HANDLE, VIEW_TRENDS, suppress_small_counts


def trend_url(request: HttpRequest, trend: Trend) -> str:
    return trends.page_url(
        "steunpunt:trend_detail", tenant_code=request.tenant.code, trend_id=trend.pk
    )


# --- The overview ------------------------------------------------------------------------------


def _school_year(raw, choices: list[int]) -> int:
    current = SchoolYear.current().start
    if not raw:
        return current
    try:
        year = int(raw)
    except (TypeError, ValueError):
        raise Http404("Dit schooljaar bestaat niet.") from None
    if year not in choices and year != current:
        raise Http404("In dit schooljaar zijn er geen contacten.")
    return year


class OverviewView(TenantPageMixin, View):
    capability = VIEW_TRENDS
    template_name = "steunpunt/trends/overview.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        suppress = suppress_small_counts(self.membership)
        staff = self.can(HANDLE)
        years = trends.school_years_with_contacts(self.tenant)
        year = _school_year(request.GET.get("schooljaar"), years)
        choices = sorted({*years, SchoolYear.current().start, year}, reverse=True)
        context = {
            "table": trends.overview_table(tenant=self.tenant, school_year=year, suppress=suppress),
            "school_year": year,
            "years": [(y, school_year_label(y)) for y in choices],
            "staff": staff,
            "links": trends.page_links(membership=self.membership, tenant=self.tenant),
            "follow_ups": [],
        }
        if staff:
            follow_ups = trends.open_follow_ups(tenant=self.tenant)
            log_read(
                request,
                self.tenant,
                what="steunpunt: open vervolgacties",
                count=len(follow_ups),
            )
            context["follow_ups"] = follow_ups
        return render(request, self.template_name, context)


# --- The trends list ---------------------------------------------------------------------------


class TrendFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=TrendStatus.choices, empty_label="Alle statussen"
    )
    thema = django_filters.ModelChoiceFilter(
        label="Thema",
        field_name="themes",
        queryset=lambda request: Theme.objects.filter(tenant=request.tenant),
        empty_label="Alle thema's",
    )

    class Meta:
        model = Trend
        fields = ["status", "thema"]


class TrendTable(BaseTable):
    title = tables.Column(verbose_name="Trend")
    themes = tables.Column(verbose_name="Thema's", orderable=False, empty_values=())
    status = tables.Column(verbose_name="Status")
    signal_count = tables.Column(verbose_name="Signalen", attrs={"td": {"class": "num"}})
    first_seen = tables.DateColumn(verbose_name="Eerst gezien", format="d-m-Y")
    last_seen = tables.DateColumn(verbose_name="Laatst gezien", format="d-m-Y")

    class Meta(BaseTable.Meta):
        model = Trend
        fields = ["title", "themes", "status", "signal_count", "first_seen", "last_seen"]
        order_by = ("-last_seen",)
        empty_text = "Er is nog geen trend vastgelegd."

    def __init__(self, *args, suppress: bool = False, **kwargs):
        self.suppress = suppress
        super().__init__(*args, **kwargs)
        if suppress:  # sorting on a hidden count would give away which small count is larger
            self.columns["signal_count"].column.orderable = False

    def render_title(self, record: Trend) -> str:
        url = trends.page_url(
            "steunpunt:trend_detail", tenant_code=record.tenant.code, trend_id=record.pk
        )
        return format_html('<a href="{}">{}</a>', url, record.title)

    def render_themes(self, record: Trend) -> str:
        return ", ".join(t.name for t in record.themes.all()) or "—"

    def render_signal_count(self, value: int) -> str:
        return shown(value, suppress=self.suppress)

    # Who does not staff the steunpunt sees the month only: a trend of one signal would give
    # that contact's date.
    def render_first_seen(self, value) -> str:
        return trends.month_label(value) if self.suppress else f"{value:%d-%m-%Y}"

    def render_last_seen(self, value) -> str:
        return trends.month_label(value) if self.suppress else f"{value:%d-%m-%Y}"


class TrendListView(TenantListView):
    capability = VIEW_TRENDS
    table_class = TrendTable
    filterset_class = TrendFilter
    template_name = "steunpunt/trends/trend_list.html"
    page_title = "Trends"
    intro = (
        "Een trend is wat meerdere signalen van ouders en jongeren gemeen hebben, en wat het "
        "samenwerkingsverband ermee doet."
    )

    def get_queryset(self):
        return trends.trends_with_counts(membership=self.membership).select_related("tenant")

    def get_table_kwargs(self):
        return {"suppress": suppress_small_counts(self.membership)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(may_handle=self.can(HANDLE), **kwargs)


# --- One trend ---------------------------------------------------------------------------------


class TrendDetailView(TenantPageMixin, View):
    capability = VIEW_TRENDS
    template_name = "steunpunt/trends/trend_detail.html"

    def get(self, request: HttpRequest, trend_id: int) -> HttpResponse:
        trend, may_write = TRENDS.get_for_user(request, trend_id)
        return self.page(request, trend, may_write)

    def page(self, request, trend, may_write, *, add_form=None, status=200):
        suppress = suppress_small_counts(self.membership)
        staff = self.can(HANDLE)
        context = {
            "trend": trend,
            "themes": list(trend.themes.all()),
            "counts": trends.trend_counts(trend=trend, suppress=suppress),
            "may_write": may_write,
            "staff": staff,
            "signals": [],
        }
        if staff:
            signals = [
                {
                    "contact": c,
                    "url": trends.page_url(
                        "steunpunt:contact_detail",
                        tenant_code=self.tenant.code,
                        contact_id=c.pk,
                    ),
                }
                for c in trends.trend_signals(trend=trend)
            ]
            log_read(request, trend, what="steunpunt: signalen van een trend", count=len(signals))
            context["signals"] = signals
        if may_write:
            context["add_form"] = add_form or SignalAddForm(
                candidates=trends.signal_candidates(tenant=self.tenant)
            )
        return render(request, self.template_name, context, status=status)


def _form_page(request, form, *, trend=None, status=200):
    return render(
        request,
        "steunpunt/trends/trend_form.html",
        {"form": form, "trend": trend, "no_names": NO_NAMES},
        status=status,
    )


class TrendCreateView(TenantPageMixin, View):
    capability = HANDLE

    def get(self, request: HttpRequest) -> HttpResponse:
        return _form_page(request, TrendForm(tenant=self.tenant))

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TrendForm(request.POST, tenant=self.tenant)
        if form.is_valid():
            try:
                trend = trends.trend_create(
                    tenant=self.tenant,
                    data=form.data_for_service(),
                    themes=form.cleaned_data["themes"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"De trend '{trend.title}' is vastgelegd.")
                return redirect(trend_url(request, trend))
        return _form_page(request, form, status=422)


class TrendEditView(TenantPageMixin, View):
    capability = HANDLE

    def get(self, request: HttpRequest, trend_id: int) -> HttpResponse:
        trend = TRENDS.get_for_writing(request, trend_id)
        return _form_page(request, TrendForm(tenant=self.tenant, trend=trend), trend=trend)

    def post(self, request: HttpRequest, trend_id: int) -> HttpResponse:
        trend = TRENDS.get_for_writing(request, trend_id)
        form = TrendForm(request.POST, tenant=self.tenant, trend=trend)
        if form.is_valid():
            try:
                saved = trends.trend_update(
                    trend=trend,
                    data=form.data_for_service(),
                    themes=form.cleaned_data["themes"],
                    revision=form.cleaned_data["revision"],
                    by=request.user,
                )
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, "De trend is opgeslagen.")
                return redirect(trend_url(request, saved))
        return _form_page(request, form, trend=trend, status=422)


class TrendSignalAddView(TrendDetailView):
    capability = HANDLE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, trend_id: int) -> HttpResponse:
        trend = TRENDS.get_for_writing(request, trend_id)
        form = SignalAddForm(request.POST, candidates=trends.signal_candidates(tenant=self.tenant))
        if form.is_valid():
            try:
                contact = trends.trend_signal_add(trend=trend, contact=form.cleaned_data["contact"])
            except ValidationError as exc:
                errors_into(form, exc)
            else:
                messages.success(request, f"Signaal {contact.reference} hoort nu bij deze trend.")
                return redirect(trend_url(request, trend))
        return self.page(request, trend, True, add_form=form, status=422)


class TrendSignalRemoveView(TenantPageMixin, View):
    capability = HANDLE
    http_method_names = ["post"]

    def post(self, request: HttpRequest, trend_id: int, contact_id: int) -> HttpResponse:
        trend = TRENDS.get_for_writing(request, trend_id)
        contact = trend.signals.filter(pk=contact_id).first()
        if contact is None:
            raise Http404("Dit signaal hoort niet bij deze trend.")
        try:
            trends.trend_signal_remove(trend=trend, contact=contact)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                f"Signaal {contact.reference} is uit deze trend gehaald. Het blijft een signaal.",
            )
        return redirect(trend_url(request, trend))
