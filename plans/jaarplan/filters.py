"""Filters of the jaarplan's pages (django-filter): the list of jaarplannen, and the activities
on one jaarplan's page (status, pijler, verantwoordelijke, alleen te laat)."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..models import Activity, ActivityStatus, Improvement, Jaarplan, JaarplanStatus
from ..models.jaarplan import CLOSED_STATUSES

ADDITIONAL = "aanvullend"  # the pijler filter's value for items that belong to no doel
LATE = "ja"
NOBODY = "niemand"


class JaarplanListFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=JaarplanStatus.choices, empty_label="Alle statussen"
    )

    class Meta:
        model = Jaarplan
        fields = ["status"]


class ActivityFilter(django_filters.FilterSet):
    """The activities shown on a jaarplan's page. ``pillars`` and ``people`` are the choices this
    jaarplan offers: (number or ``ADDITIONAL``, label) and (user id, name)."""

    status = django_filters.ChoiceFilter(
        label="Status", choices=ActivityStatus.choices, empty_label="Alle statussen"
    )
    pijler = django_filters.ChoiceFilter(
        label="Pijler", method="filter_pillar", choices=[], empty_label="Alle pijlers"
    )
    verantwoordelijke = django_filters.ChoiceFilter(
        label="Verantwoordelijke",
        method="filter_responsible",
        choices=[],
        empty_label="Iedereen",
    )
    te_laat = django_filters.ChoiceFilter(
        label="Wanneer gereed",
        method="filter_late",
        choices=[(LATE, "Alleen te laat")],
        empty_label="Alle data",
    )

    class Meta:
        model = Activity
        fields = ["status", "pijler", "verantwoordelijke", "te_laat"]

    def __init__(
        self,
        *args,
        pillars: list[tuple[str, str]] = (),
        people: list[tuple[str, str]] = (),
        today: datetime.date | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.filters["pijler"].extra["choices"] = list(pillars)
        self.filters["verantwoordelijke"].extra["choices"] = [
            *people,
            (NOBODY, "Zonder verantwoordelijke"),
        ]
        self.today = today or timezone.localdate()

    @property
    def is_active(self) -> bool:
        """Does the page show fewer activities than the jaarplan has (a valid filter is set)?"""
        return self.is_bound and self.is_valid() and any(self.form.cleaned_data.values())

    def filter_pillar(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ADDITIONAL:
            return queryset.filter(improvement__pillar_number__isnull=True)
        return queryset.filter(improvement__pillar_number=int(value))

    def filter_responsible(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == NOBODY:
            return queryset.filter(responsible__isnull=True)
        return queryset.filter(responsible_id=int(value))

    def filter_late(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """The rule of ``Activity.is_overdue`` as a filter: the date passed, not gereed or
        vervallen."""
        overdue = Q(due_date__lt=self.today) & ~Q(status__in=CLOSED_STATUSES)
        return queryset.filter(overdue)


def filter_choices(jaarplan: Jaarplan) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The pijlers of this jaarplan's verbeterpunten and the members responsible for one of its
    activities, as the filter offers them (two queries)."""
    pillars, additional = [], False
    seen = (
        Improvement.objects.filter(jaarplan=jaarplan)
        .values_list("pillar_number", "pillar_title")
        .order_by("pillar_number")
        .distinct()
    )
    for number, title in seen:
        if number is None:
            additional = True
        elif str(number) not in dict(pillars):
            pillars.append((str(number), f"Pijler {number}: {title}"))
    if additional:
        pillars.append((ADDITIONAL, "Aanvullend (beleidsmatig)"))
    people = {}
    for pk, first, last, email in (
        Activity.objects.filter(jaarplan=jaarplan, responsible__isnull=False)
        .values_list(
            "responsible_id",
            "responsible__first_name",
            "responsible__last_name",
            "responsible__email",
        )
        .distinct()
    ):
        people[str(pk)] = f"{first} {last}".strip() or email
    return pillars, sorted(people.items(), key=lambda item: item[1].casefold())
