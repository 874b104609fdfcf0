"""Filters of the steunpunt's lists (django-filter): part "contacts" has the contacts filter."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.utils import timezone

from swvportal.core.forms import DATE_FORMATS

from .models import Asker, Channel, Contact
from .selectors import schools, themes

YES_NO = (("ja", "Ja"), ("nee", "Nee"))
STATUS = (("open", "Open"), ("afgesloten", "Afgesloten"))
WEEK = datetime.timedelta(days=7)
FOLLOW_UP = (
    ("open", "Vervolg nodig (open contacten)"),
    ("te-laat", "Vervolg te laat"),
    ("week", "Vervolg binnen 7 dagen"),
)


def _date(label: str, lookup: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        field_name="received_on",
        lookup_expr=lookup,
        label=f"{label} (dd-mm-jjjj)",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d-%m-%Y"),
    )


class ContactFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Open of afgesloten", choices=STATUS, empty_label="Alle", method="filter_status"
    )
    theme = django_filters.ModelChoiceFilter(
        label="Thema", field_name="themes", queryset=None, empty_label="Alle thema's"
    )
    channel = django_filters.ChoiceFilter(
        label="Kanaal", choices=Channel.choices, empty_label="Alle kanalen"
    )
    asker = django_filters.ChoiceFilter(label="Wie", choices=Asker.choices, empty_label="Iedereen")
    school = django_filters.ModelChoiceFilter(
        label="School", queryset=None, empty_label="Alle scholen"
    )
    signal = django_filters.ChoiceFilter(
        label="Signaal", choices=YES_NO, empty_label="Alle", method="filter_signal"
    )
    follow_up = django_filters.ChoiceFilter(
        label="Vervolg", choices=FOLLOW_UP, empty_label="Alle", method="filter_follow_up"
    )
    date_from = _date("Vanaf", "gte")
    date_to = _date("Tot en met", "lte")

    class Meta:
        model = Contact
        fields = ["status", "theme", "channel", "asker", "school", "signal", "follow_up"]

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["theme"].queryset = themes(tenant=tenant)  # old themes too
        self.filters["school"].queryset = schools(tenant=tenant)

    def filter_status(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == "open")

    def filter_signal(self, queryset, name, value):
        return queryset.filter(is_signal=value == "ja")

    def filter_follow_up(self, queryset, name, value):
        today = timezone.localdate()
        due = queryset.filter(follow_up_needed=True, closed_on__isnull=True)
        if value == "te-laat":
            return due.filter(follow_up_by__lt=today)
        if value == "week":
            return due.filter(follow_up_by__gte=today, follow_up_by__lte=today + WEEK)
        return due
