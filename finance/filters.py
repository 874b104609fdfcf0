"""Filters of the finance app's lists (django-filter)."""

from __future__ import annotations

import django_filters

from .models import Begroting, BegrotingStatus, ClaimStatus, VangnetClaim


class BegrotingListFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=BegrotingStatus.choices, empty_label="Alle statussen"
    )

    class Meta:
        model = Begroting
        fields = ["status"]


class ClaimListFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=ClaimStatus.choices, empty_label="Alle statussen"
    )

    class Meta:
        model = VangnetClaim
        fields = ["status"]
