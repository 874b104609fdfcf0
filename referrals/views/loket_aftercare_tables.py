"""Tables and filters of the pages after the decision (django-tables2, django-filter)."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

from swvportal.core.tables import BaseTable

from ..models.loket import ExternalReferral, Objection, ObjectionStage, TlvDecision

DATE = "d-m-Y"


def _url(name: str, tenant_code: str, **kwargs) -> str:
    return reverse(f"loket:{name}", kwargs={"tenant_code": tenant_code, **kwargs})


# --- Objections ---------------------------------------------------------------------------------


class ObjectionTable(BaseTable):
    """Rows are ``ObjectionRow``s, already in their order (open first, by due date)."""

    nowrap_columns = ("reference",)
    reference = tables.Column(verbose_name="Besluit", empty_values=(), orderable=False)
    school = tables.Column(verbose_name="School", accessor="objection__decision__school__name")
    received = tables.DateColumn(
        verbose_name="Ontvangen", accessor="objection__received_on", format=DATE
    )
    stage = tables.Column(verbose_name="Fase", empty_values=(), orderable=False)
    due = tables.DateColumn(
        verbose_name="Beslissen uiterlijk", accessor="deadlines__decision_due", format=DATE
    )
    warnings = tables.Column(verbose_name="Let op", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        orderable = False
        empty_text = (
            "Er zijn geen bezwaren die bij deze filters passen. Een bezwaar legt u vast op de "
            "pagina van het besluit."
        )

    def render_reference(self, record):
        objection = record.objection
        decision = objection.decision
        label = decision.request.reference or f"Besluit {decision.pk}"
        url = _url("objection_detail", objection.tenant.code, objection_id=objection.pk)
        return format_html('<a href="{}">{}</a>', url, label)

    def render_stage(self, record):
        objection = record.objection
        text = objection.get_stage_display()
        if objection.outcome:
            text = f"{text}: {objection.get_outcome_display().lower()}"
        return text

    def render_warnings(self, record):
        if not record.deadlines.warnings:
            return "—"
        return format_html("<strong>{}</strong>", " ".join(record.deadlines.warnings))


class ObjectionFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        method="filter_status",
        empty_label="Open en beslist",
        choices=[("open", "Open"), ("beslist", "Beslist")],
    )

    class Meta:
        model = Objection
        fields = ["status"]

    def filter_status(self, queryset, name, value):
        decided = Q(stage=ObjectionStage.DECIDED)
        return queryset.filter(decided) if value == "beslist" else queryset.exclude(decided)


# --- Expiring TLVs ------------------------------------------------------------------------------


class ExpiringTable(BaseTable):
    nowrap_columns = ("pupil", "reference")
    reference = tables.Column(
        verbose_name="Kenmerk", accessor="request__reference", default="—", orderable=False
    )
    pupil = tables.Column(verbose_name="Leerling", accessor="pupil__pupil_number")
    school = tables.Column(verbose_name="School", accessor="school__name")
    kind = tables.Column(verbose_name="Soort", empty_values=(), orderable=False)
    end_date = tables.DateColumn(verbose_name="Loopt af op", format=DATE)
    action = tables.Column(verbose_name="Verlenging", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        model = TlvDecision
        fields = ["reference", "pupil", "school", "kind", "end_date"]
        empty_text = "Er lopen in deze periode geen TLV's af."

    def __init__(self, *args, can_extend, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_extend = can_extend  # decision -> bool: may this member ask for its extension

    def render_kind(self, record):
        text = record.request.kind_label if record.request_id else record.get_kind_display()
        if record.category:
            text = f"{text}, {record.get_category_display().lower()}"
        return text

    def render_action(self, record):
        if record.extension_started:
            return "Verlenging aangevraagd"
        if not self.can_extend(record):
            return "Nog niet aangevraagd"
        url = _url("extension_start", record.tenant.code, decision_id=record.pk)
        return format_html(
            '<a class="button button--secondary" href="{}">Verlenging aanvragen</a>', url
        )


class ExpiringFilter(django_filters.FilterSet):
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=None, empty_label="Alle scholen"
    )

    class Meta:
        model = TlvDecision
        fields = ["school"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["school"].queryset = schools


# --- External referrals -------------------------------------------------------------------------


class ReferralTable(BaseTable):
    nowrap_columns = ("pupil",)
    referred_on = tables.DateColumn(verbose_name="Datum", format=DATE)
    pupil = tables.Column(
        verbose_name="Leerling",
        accessor="pupil__pupil_number",
        order_by=("pupil__pupil_number",),
    )
    school = tables.Column(verbose_name="Verwijzende school", accessor="school__name")
    destination = tables.Column(verbose_name="Naar")

    class Meta(BaseTable.Meta):
        model = ExternalReferral
        fields = ["referred_on", "pupil", "school", "destination"]
        empty_text = (
            "Er zijn nog geen externe verwijzingen. Gaat een leerling naar een school buiten het "
            "samenwerkingsverband? Leg dat hier vast."
        )


class ReferralFilter(ExpiringFilter):
    year = django_filters.NumberFilter(
        label="Jaar", field_name="referred_on", lookup_expr="year", min_value=2000
    )

    class Meta:
        model = ExternalReferral
        fields = ["school", "year"]


# --- Conversations ------------------------------------------------------------------------------


class ConversationTable(BaseTable):
    """Rows are ``ConversationEvent``s, in their order (unplanned first)."""

    nowrap_columns = ("pupil",)
    happened_on = tables.DateColumn(verbose_name="Datum", format=DATE)
    kind = tables.Column(verbose_name="Soort", accessor="kind_label")
    school = tables.Column(verbose_name="Verwijzende school", accessor="school__name")
    pupil = tables.Column(verbose_name="Leerling", accessor="pupil_number")
    what = tables.Column(verbose_name="Verwijzing")
    planned_on = tables.DateColumn(verbose_name="Gesprek gepland", format=DATE, default="nee")
    action = tables.Column(verbose_name="Gesprek", empty_values=(), orderable=False)

    class Meta(BaseTable.Meta):
        orderable = False
        empty_text = (
            "Er staan geen gesprekken open: na elke verwijzing naar cluster 4 of buiten het "
            "samenwerkingsverband is het toekomstgericht gesprek gehouden."
        )

    def render_action(self, record):
        if record.kind == "tlv":
            url = _url("conversation_for_decision", record.tenant_code, decision_id=record.pk)
        else:
            url = _url("conversation_for_referral", record.tenant_code, referral_id=record.pk)
        label = "Vastleggen" if record.planned_on else "Plannen of vastleggen"
        return format_html('<a href="{}">{}</a>', url, label)
