"""The list of jaarplannen (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from swvportal.core.tables import BaseTable

from ..models import Jaarplan


class JaarplanTable(BaseTable):
    school_year = tables.Column(verbose_name="Schooljaar")
    version = tables.Column(verbose_name="Versie", order_by=("version_major", "version_minor"))
    status = tables.Column(verbose_name="Status")
    adopted_on = tables.DateColumn(verbose_name="Vastgesteld op", format="d-m-Y")
    plan = tables.Column(
        verbose_name="Afgeleid van", order_by=("plan__version_major", "plan__version_minor")
    )

    class Meta(BaseTable.Meta):
        model = Jaarplan
        fields = ["school_year", "version", "status", "adopted_on", "plan"]
        order_by = ("-school_year", "-version")
        empty_text = "Er is nog geen jaarplan."

    def render_school_year(self, record: Jaarplan) -> str:
        url = reverse(
            "jaarplan:jaarplan_detail",
            kwargs={"tenant_code": record.tenant.code, "jaarplan_id": record.pk},
        )
        return format_html('<a href="{}">Jaarplan {}</a>', url, record.year.label)

    def render_plan(self, record: Jaarplan) -> str:
        return f"Ondersteuningsplan, versie {record.plan.version}"
