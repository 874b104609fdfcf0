"""The Loket's figures for the vangnet (the seed OSP's Bijlage 2; read by ``finance``).

``vangnet_tlv_counts(*, tenant, school_year)``: per receiving special-education school (VSO
cluster 3 or 4, SO, SBO) and category, for the school year that starts on 1 september of
``school_year``, the granted TLVs (not replaced by a later decision)

* in force on 1 september Y, on 1 februari Y+1 and on 1 juni Y+1 (``in_force_during`` of the
  register, on one day);
* new: starting from 2 februari Y+1 up to and including 1 juni Y+1;
* outflow: ending from 1 februari Y+1 up to and including 31 mei Y+1, i.e. in force on some
  day from 1 februari on and no longer on 1 juni.

So on the Loket's own data ``juni = februari + nieuw − uitstroom`` holds per category. One
grouped query with conditional counts; counts only, no pupil.

``vangnet_amounts(*, tenant, year)``: the category amounts (VSO laag, midden, hoog) of the
calendar year, keyed by category.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from swvportal.tenancy.models import SchoolKind, Tenant

from ..models.loket import TlvDecision, TlvKind
from ..services import loket_register as money
from .loket_register import in_force_during

SPECIAL_SCHOOL_KINDS = (
    SchoolKind.VSO_CLUSTER3,
    SchoolKind.VSO_CLUSTER4,
    SchoolKind.SO,
    SchoolKind.SBO,
)


@dataclass(frozen=True)
class VangnetPeildata:
    september: datetime.date
    february: datetime.date
    june: datetime.date

    @classmethod
    def of(cls, school_year: int) -> VangnetPeildata:
        return cls(
            datetime.date(school_year, 9, 1),
            datetime.date(school_year + 1, 2, 1),
            datetime.date(school_year + 1, 6, 1),
        )


@dataclass(frozen=True)
class VangnetTlvCount:
    """One receiving school's TLVs of one category (blank: none) in one school year."""

    school_id: int
    category: str
    september: int
    february: int
    june: int
    new: int
    outflow: int


def _on(day: datetime.date) -> Q:
    return in_force_during(day, day)


def vangnet_tlv_counts(*, tenant: Tenant, school_year: int) -> list[VangnetTlvCount]:
    """Every special-education school's counts of ``school_year`` (see the module), one query."""
    days = VangnetPeildata.of(school_year)
    window_end = days.june - datetime.timedelta(days=1)  # 31 mei
    new = Q(start_date__gt=days.february, start_date__lte=days.june)
    outflow = Q(end_date__gte=days.february, end_date__lte=window_end)
    rows = (
        TlvDecision.objects.filter(
            in_force_during(days.september, days.june),
            tenant=tenant,
            receiving_school__kind__in=SPECIAL_SCHOOL_KINDS,
        )
        .values_list("receiving_school_id", "category")
        .annotate(
            sep=Count("pk", filter=_on(days.september)),
            feb=Count("pk", filter=_on(days.february)),
            jun=Count("pk", filter=_on(days.june)),
            new=Count("pk", filter=new),
            out=Count("pk", filter=outflow),
        )
        .order_by("receiving_school_id", "category")
    )
    return [VangnetTlvCount(*row) for row in rows]


def vangnet_amounts(*, tenant: Tenant, year: int) -> dict[str, Decimal]:
    """The VSO category amounts of calendar ``year`` (the Loket's yearly parameters)."""
    amounts = money.amounts_of_year(tenant=tenant, year=year)
    return {
        key.category: amount
        for key, amount in amounts.items()
        if key.kind == TlvKind.VSO and key.category
    }
