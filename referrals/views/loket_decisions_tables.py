"""The meeting list's table and filters (django-tables2, django-filter)."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django.utils import timezone

from swvportal.core.tables import BaseTable

from ..models.loket import LoketMeeting


class MeetingTable(BaseTable):
    held_on = tables.LinkColumn(
        "loket:meeting_detail",
        verbose_name="Datum",
        args=[tables.A("tenant__code"), tables.A("pk")],
        order_by=("held_on", "pk"),
    )
    when = tables.Column(verbose_name="Wanneer", empty_values=(), orderable=False)
    location = tables.Column(verbose_name="Plaats", default="—")
    item_count = tables.Column(verbose_name="Op de agenda")
    decision_count = tables.Column(verbose_name="Besluiten")

    class Meta(BaseTable.Meta):
        model = LoketMeeting
        fields = ["held_on", "when", "location", "item_count", "decision_count"]
        empty_text = (
            "Er zijn nog geen vergaderingen die bij deze filters passen. Plan er een met "
            "'Nieuwe vergadering'."
        )

    def render_held_on(self, value):
        return f"{value:%d-%m-%Y}"

    def render_when(self, record):
        return "geweest" if record.is_past else "komend"


class MeetingFilter(django_filters.FilterSet):
    when = django_filters.ChoiceFilter(
        label="Wanneer",
        method="filter_when",
        empty_label="Komend en geweest",
        choices=[("komend", "Komend"), ("geweest", "Geweest")],
    )

    class Meta:
        model = LoketMeeting
        fields = ["when"]

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "komend":
            return queryset.filter(held_on__gte=today)
        return queryset.filter(held_on__lt=today)
