"""The tables and filters of the deskundigen's pages: the Loket's list of deskundigen and a
deskundige's own worklist ("Mijn adviezen")."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils import timezone

from swvportal.core.tables import BaseTable

from ..models.loket import Advice, Deskundige, Discipline


class DeskundigeTable(BaseTable):
    name = tables.LinkColumn(
        "loket:deskundige_edit",
        verbose_name="Naam",
        args=[tables.A("tenant__code"), tables.A("pk")],
        accessor="membership__user__last_name",
        text=lambda record: record.name,
        empty_values=(),
        order_by=("membership__user__last_name", "membership__user__first_name"),
    )
    discipline = tables.Column(verbose_name="Discipline")
    schools = tables.Column(verbose_name="Werkt op", empty_values=(), orderable=False)
    active = tables.BooleanColumn(
        verbose_name="Beschikbaar", yesno="ja,nee", attrs={"td": {"class": "nowrap"}}
    )
    open_advices = tables.Column(
        verbose_name="Open adviezen", attrs={"td": {"class": "number"}, "th": {"class": "number"}}
    )

    class Meta(BaseTable.Meta):
        model = Deskundige
        fields = ["name", "discipline", "schools", "active", "open_advices"]
        empty_text = "Er zijn geen deskundigen die bij deze filters passen."

    def render_discipline(self, record: Deskundige) -> str:
        return record.discipline_label

    def render_schools(self, record: Deskundige) -> str:
        return ", ".join(s.name for s in record.schools.all()) or "—"


class DeskundigeFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(label="Naam of e-mailadres", method="filter_name")
    discipline = django_filters.ChoiceFilter(
        label="Discipline", choices=Discipline.choices, empty_label="Alle disciplines"
    )
    active = django_filters.ChoiceFilter(
        label="Beschikbaar",
        method="filter_active",
        empty_label="Alle",
        choices=[("ja", "Beschikbaar"), ("nee", "Niet beschikbaar")],
    )

    class Meta:
        model = Deskundige
        fields = ["name", "discipline", "active"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(
            Q(membership__user__first_name__icontains=value)
            | Q(membership__user__last_name__icontains=value)
            | Q(membership__user__email__icontains=value)
        )

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=value == "ja")


def advice_state(advice: Advice) -> str:
    """How far this advice is, in the deskundige's words."""
    if advice.is_submitted:
        submitted = timezone.localtime(advice.submitted_at)
        return f"Ingediend op {submitted:%d-%m-%Y}"
    if advice.conclusion or advice.reasoning or advice.no_involvement_declared_on:
        return "Concept, nog niet ingediend"
    return "Nog te schrijven"


class AdviceTable(BaseTable):
    nowrap_columns = ("reference", "pupil")
    reference = tables.LinkColumn(
        "loket:advice_edit",
        verbose_name="Aanvraag",
        args=[tables.A("request__tenant__code"), tables.A("pk")],
        accessor="request__reference",
        text=lambda record: record.request.reference or f"Aanvraag {record.request_id}",
        empty_values=(),
        order_by=("request__reference", "request__pk"),
    )
    pupil = tables.Column(verbose_name="Leerling", accessor="request__pupil__pupil_number")
    school = tables.Column(verbose_name="Aanvragende school", accessor="request__school__name")
    kind = tables.Column(verbose_name="Soort", accessor="request__kind")
    position = tables.Column(verbose_name="Uw plaats")
    assigned_on = tables.DateColumn(verbose_name="Toegewezen op", format="d-m-Y")
    state = tables.Column(
        verbose_name="Uw advies", empty_values=(), order_by=("submitted_at", "assigned_on")
    )

    class Meta(BaseTable.Meta):
        model = Advice
        fields = ["reference", "pupil", "school", "kind", "position", "assigned_on", "state"]
        empty_text = "Er zijn geen adviezen die bij deze filters passen."

    def render_kind(self, record: Advice) -> str:
        return record.request.kind_label

    def render_position(self, record: Advice) -> str:
        return record.get_position_display()

    def render_state(self, record: Advice) -> str:
        return advice_state(record)


class AdviceFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Uw advies",
        method="filter_state",
        empty_label="Alle",
        choices=[("open", "Nog in te dienen"), ("ingediend", "Ingediend")],
    )
    pupil = django_filters.CharFilter(
        label="Leerlingnummer", field_name="request__pupil__pupil_number", lookup_expr="icontains"
    )

    class Meta:
        model = Advice
        fields = ["state", "pupil"]

    def filter_state(self, queryset, name, value):
        return queryset.filter(submitted_at__isnull=value == "open")
