"""The request list's table and filters (django-tables2, django-filter)."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from swvportal.core.tables import BaseTable

from ..models import RequestStatus, TlvKind, TlvRequest
from ..selectors.loket_requests import WITH_THE_LOKET, deadline_of

OPEN = "open"
ALL = "alle"


class TlvRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Zoek op kenmerk of leerlingnummer", method="filter_search")
    status = django_filters.ChoiceFilter(
        label="Status",
        method="filter_status",
        choices=[
            (OPEN, "Bij het Loket (ingediend, in behandeling, aanvulling)"),
            *RequestStatus.choices,
        ],
    )
    kind = django_filters.ChoiceFilter(
        label="Soort", choices=TlvKind.choices, empty_label="Alle soorten"
    )
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=None, empty_label="Alle scholen"
    )
    overdue = django_filters.ChoiceFilter(
        label="Termijn",
        method="filter_overdue",
        empty_label="Alle",
        choices=[("ja", "Over de termijn"), ("nee", "Binnen de termijn")],
    )

    class Meta:
        model = TlvRequest
        fields = ["q", "status", "kind", "school", "overdue"]

    def __init__(self, *args, schools=None, worklist: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools
        # The Loket's worklist opens on what is with the Loket; a school's list on everything.
        self.worklist = worklist
        status = self.filters["status"]
        choices = status.extra["choices"]
        if worklist:
            status.extra.update(
                empty_label="Bij het Loket (standaard)",
                choices=[(ALL, "Alle statussen"), *choices[1:]],
            )
        else:
            status.extra.update(empty_label=None, choices=[(ALL, "Alle statussen"), *choices])

    @property
    def qs(self):
        qs = super().qs
        status = self.form.cleaned_data.get("status") if self.is_bound else ""
        if self.worklist and not status:
            qs = qs.filter(status__in=WITH_THE_LOKET)
        return qs

    def filter_search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(reference__icontains=value) | Q(pupil__pupil_number__icontains=value)
        )

    def filter_status(self, queryset, name, value):
        if value == ALL:
            return queryset
        if value == OPEN:
            return queryset.filter(status__in=WITH_THE_LOKET)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(overdue=value == "ja")


class TlvRequestTable(BaseTable):
    nowrap_columns = ("reference", "pupil")
    reference = tables.Column(verbose_name="Kenmerk", order_by=("reference", "pk"))
    pupil = tables.Column(
        verbose_name="Leerling", accessor="pupil__pupil_number", order_by=("pupil__pupil_number",)
    )
    school = tables.Column(verbose_name="School", accessor="school__name")
    kind = tables.Column(verbose_name="Soort", order_by=("kind", "cluster"))
    status = tables.Column(verbose_name="Status")
    submitted_on = tables.DateColumn(verbose_name="Ingediend", format="d-m-Y", default="—")
    deadline = tables.Column(
        verbose_name="Beslissen uiterlijk",
        empty_values=(),
        order_by=("-overdue", "deadline_day"),
    )

    class Meta(BaseTable.Meta):
        model = TlvRequest
        fields = ["reference", "pupil", "school", "kind", "status", "submitted_on"]
        order_by = ()

    def __init__(self, *args, weeks: int, empty_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        self.empty_text = empty_text

    def render_reference(self, record):
        url = reverse(
            "loket:request_detail", kwargs={"tenant_code": record.tenant.code, "tlv_id": record.pk}
        )
        return format_html('<a href="{}">{}</a>', url, record.reference or f"Concept {record.pk}")

    def render_kind(self, record):
        return ("Verlenging " if record.extends_id else "") + record.kind_label

    def render_status(self, record):
        return record.get_status_display()

    def render_deadline(self, record):
        if record.status not in WITH_THE_LOKET:
            return "—"
        deadline = f"{deadline_of(record, self.weeks):%d-%m-%Y}"
        if record.open_question:
            return format_html("{} <span class='muted'>(klok staat stil)</span>", deadline)
        if record.overdue:
            return format_html(
                "<strong>{}</strong> <span class='badge'>over de termijn</span>", deadline
            )
        return deadline
