"""Reads of the TLV register: the TLVs in force in a calendar year and what they cost.

``tlv_costs(*, tenant, year)`` is the input of the budget and the vangnet (re-exported from
``referrals.selectors``): per school and category the TLVs that run in ``year``, the days they
run in it, the category amount and the cost pro rata by days, and who carries it by the tenant's
cost rule. It is one grouped query over the decisions (plus the year's amounts and the settings),
whatever the number of schools and TLVs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DateField, Q, QuerySet, Sum, Value
from django.db.models.functions import Greatest, Least

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible
from swvportal.core.calculations import EpochDay
from swvportal.tenancy.models import School, Tenant

from ..models.loket import DecisionOutcome, TlvDecision
from ..services import loket_register as money
from ..services.loket_workflow import loket_settings

REGISTER = "referrals.view_tlv_register"


def in_force_during(first: datetime.date, last: datetime.date) -> Q:
    """A granted TLV, not replaced by a later decision, that runs on some day of first … last."""
    return Q(
        outcome=DecisionOutcome.GRANTED,
        replaced_by__isnull=True,
        start_date__lte=last,
        end_date__gte=first,
    )


def register_list(*, membership: Membership, year: int) -> QuerySet[TlvDecision]:
    """The TLVs in force in calendar ``year`` that this member may see (own schools)."""
    decisions = visible(TlvDecision.objects.all(), membership, REGISTER)
    return decisions.filter(in_force_during(*money.year_bounds(year))).select_related(
        "pupil", "school", "receiving_school", "tenant"
    )


def register_schools(*, membership: Membership) -> QuerySet[School]:
    return visible(School.objects.all(), membership, REGISTER, school_field="pk").order_by("name")


@dataclass(frozen=True)
class TlvCost:
    """One school's TLVs of one kind, cluster and category in a calendar year."""

    school_id: int
    school_name: str
    school_brin: str
    kind: str
    cluster: int | None
    category: str
    tlvs: int  # TLVs that run on at least one day of the year
    days: int  # their days in the year, summed
    amount: Decimal | None  # the category amount of the year (None: not set)
    cost: Decimal | None  # amount × days / days of the year, in cents
    carried_by: str  # "swv" or "school"

    @property
    def label(self) -> str:
        return money.amount_key(self.kind, self.category).label + (
            f" (cluster {self.cluster})" if self.cluster else ""
        )


def _costs(decisions: QuerySet[TlvDecision], *, tenant: Tenant, year: int) -> list[TlvCost]:
    first, last = money.year_bounds(year)
    start = Greatest("start_date", Value(first, output_field=DateField()))
    end = Least("end_date", Value(last, output_field=DateField()))
    groups = (
        decisions.filter(in_force_during(first, last))
        .values_list("school_id", "school__name", "school__brin", "kind", "cluster", "category")
        .annotate(n=Count("*"), days=Sum(EpochDay(end) - EpochDay(start) + 1))
        .order_by()
    )
    amounts = money.amounts_of_year(tenant=tenant, year=year)
    settings = loket_settings(tenant)
    costs = []
    for school_id, name, brin, kind, cluster, category, n, days in groups:
        amount = amounts.get(money.amount_key(kind, category))
        cost = money.pro_rata(amount, days, year) if amount is not None else None
        carrier = money.carried_by(kind, cluster, settings)
        costs.append(
            TlvCost(school_id, name, brin, kind, cluster, category, n, days, amount, cost, carrier)
        )
    return sorted(costs, key=lambda c: (c.school_name, c.kind, c.cluster or 0, c.category))


def tlv_costs(*, tenant: Tenant, year: int) -> list[TlvCost]:
    """Every school's TLV costs of calendar ``year``, per kind, cluster and category."""
    return _costs(TlvDecision.objects.filter(tenant=tenant), tenant=tenant, year=year)


def register_costs(
    *, membership: Membership, year: int, school: School | None = None
) -> list[TlvCost]:
    """``tlv_costs`` for the schools this member may see (or one of them)."""
    decisions = visible(TlvDecision.objects.all(), membership, REGISTER)
    if school is not None:
        decisions = decisions.filter(school=school)
    return _costs(decisions, tenant=membership.tenant, year=year)


@dataclass(frozen=True)
class SchoolTotal:
    school_name: str
    school_brin: str
    tlvs: int
    swv: Decimal
    school: Decimal
    incomplete: bool  # some TLV has no amount for the year


def school_totals(costs: list[TlvCost]) -> list[SchoolTotal]:
    """Per school: TLVs and the cost carried by the SWV and by the school itself."""
    totals: dict[int, list[TlvCost]] = {}
    for cost in costs:
        totals.setdefault(cost.school_id, []).append(cost)
    found = []
    for rows in totals.values():
        carried = {money.SWV: Decimal(0), money.SCHOOL: Decimal(0)}
        for row in rows:
            carried[row.carried_by] += row.cost or Decimal(0)
        found.append(
            SchoolTotal(
                rows[0].school_name,
                rows[0].school_brin,
                sum(r.tlvs for r in rows),
                carried[money.SWV],
                carried[money.SCHOOL],
                any(r.cost is None for r in rows),
            )
        )
    return found
