"""The Loket's TLVs as the begroting's forecast reads them (finance, issue #15 point 5).

``tlvs_in_force_on(*, tenant, day)``: per kind, cluster and category how many granted TLVs (not
replaced by a later decision) are in force on ``day`` — one grouped query, counts only, no pupil
data. ``loket_forecast(*, tenant, year, in_force)``: those counts times the category amounts of
calendar ``year`` (the Loket's yearly parameters: a whole year per TLV, as DUO counts on its
teldatum), with who carries each cost by the tenant's cost rule.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from swvportal.tenancy.models import Tenant

from ..models.loket import DecisionOutcome, TlvDecision, TlvKind
from ..services import loket_register as money
from ..services.loket_workflow import loket_settings

VSO = TlvKind.VSO.value
CARRIED_BY_SCHOOL = money.SCHOOL
CARRIED_BY_SWV = money.SWV


@dataclass(frozen=True)
class TlvsInForce:
    kind: str
    cluster: int | None
    category: str
    tlvs: int


def tlvs_in_force_on(*, tenant: Tenant, day: datetime.date) -> list[TlvsInForce]:
    """The granted TLVs in force on ``day`` (both ends included), counted per kind, cluster
    and category."""
    rows = (
        TlvDecision.objects.filter(
            Q(tenant=tenant, outcome=DecisionOutcome.GRANTED, replaced_by__isnull=True)
            & Q(start_date__lte=day, end_date__gte=day)
        )
        .values_list("kind", "cluster", "category")
        .annotate(n=Count("*"))
        .order_by()
    )
    found = [TlvsInForce(kind, cluster, category or "", n) for kind, cluster, category, n in rows]
    return sorted(found, key=lambda t: (t.kind, t.cluster or 0, t.category))


@dataclass(frozen=True)
class ForecastGroup:
    kind: str
    cluster: int | None
    category: str
    tlvs: int
    label: str
    amount: Decimal | None  # the category amount of the year (None: not set)
    carried_by: str  # CARRIED_BY_SWV or CARRIED_BY_SCHOOL

    @property
    def cost(self) -> Decimal | None:
        return None if self.amount is None else self.amount * self.tlvs


def loket_forecast(
    *, tenant: Tenant, year: int, in_force: list[TlvsInForce]
) -> list[ForecastGroup]:
    """``in_force`` (from ``tlvs_in_force_on``) priced at ``year``'s category amounts; two
    queries (the amounts, the cost rule)."""
    amounts = money.amounts_of_year(tenant=tenant, year=year)
    settings = loket_settings(tenant)
    found = []
    for group in in_force:
        key = money.amount_key(group.kind, group.category)
        label = key.label + (f", cluster {group.cluster}" if group.cluster else "")
        found.append(
            ForecastGroup(
                group.kind,
                group.cluster,
                group.category,
                group.tlvs,
                label,
                amounts.get(key),
                money.carried_by(group.kind, group.cluster, settings),
            )
        )
    return found
