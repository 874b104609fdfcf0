import django_tables2 as tables

from swvportal.core.tables import BaseTable

from .models import Plan


class PlanTable(BaseTable):
    title = tables.LinkColumn(
        "plans:plan_detail", verbose_name="Plan", args=[tables.A("tenant__code"), tables.A("pk")]
    )
    version = tables.Column(verbose_name="Versie", order_by=("version_major", "version_minor"))
    period = tables.Column(
        verbose_name="Periode", accessor="period_label", order_by=("period_start",)
    )
    status = tables.Column(verbose_name="Status")
    adopted_on = tables.DateColumn(verbose_name="Vastgesteld op", format="d-m-Y")

    class Meta(BaseTable.Meta):
        model = Plan
        fields = ["title", "version", "period", "status", "adopted_on"]
        empty_text = "Er is nog geen ondersteuningsplan."
