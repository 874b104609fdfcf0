"""The lists of the finance app (django-tables2): begroting versions, vangnet claims."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from swvportal.core.tables import BaseTable

from .models import Begroting, VangnetClaim
from .vangnet import euros as cents


class BegrotingTable(BaseTable):
    title = tables.Column(verbose_name="Begroting", order_by=("first_year", "title"))
    version = tables.Column(verbose_name="Versie", order_by=("version_major", "version_minor"))
    status = tables.Column(verbose_name="Status")
    adopted_on = tables.DateColumn(verbose_name="Vastgesteld op", format="d-m-Y")
    updated_at = tables.DateTimeColumn(verbose_name="Gewijzigd op", format="d-m-Y H:i")

    class Meta(BaseTable.Meta):
        model = Begroting
        fields = ["title", "version", "status", "adopted_on", "updated_at"]
        order_by = ("-version",)
        empty_text = "Er is nog geen begroting."

    def render_title(self, record: Begroting) -> str:
        url = reverse(
            "finance:begroting_detail",
            kwargs={"tenant_code": record.tenant.code, "begroting_id": record.pk},
        )
        return format_html(
            '<a href="{}">{} {}–{}</a>', url, record.title, record.first_year, record.last_year
        )


class ClaimTable(BaseTable):
    school = tables.Column(verbose_name="School", order_by=("school__name",))
    school_year = tables.Column(verbose_name="Schooljaar")
    submitted_on = tables.DateColumn(verbose_name="Ontvangen op", format="d-m-Y")
    amount_claimed = tables.Column(verbose_name="Gedeclareerd (€)", attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name="Status")

    class Meta(BaseTable.Meta):
        model = VangnetClaim
        fields = ["school", "school_year", "submitted_on", "amount_claimed", "status"]
        order_by = ("-school_year", "school")
        empty_text = "Er is nog geen vangnetdeclaratie."

    def render_school(self, record: VangnetClaim) -> str:
        url = reverse(
            "finance:claim_detail",
            kwargs={"tenant_code": record.tenant.code, "claim_id": record.pk},
        )
        return format_html('<a href="{}">{}</a>', url, record.school.name)

    def render_school_year(self, value: int) -> str:
        return f"{value}-{value + 1}"

    def render_amount_claimed(self, value) -> str:
        return cents(value)  # as the claim's own page: "65.700,00"

    def render_submitted_on(self, record: VangnetClaim, value) -> str:
        late = (
            format_html(' <span class="badge badge-warning">te laat</span>')
            if record.is_late
            else ""
        )
        return format_html("{}{}", value.strftime("%d-%m-%Y"), late)
