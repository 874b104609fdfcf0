"""The dashboard's meeting counts (Bijlage 4, pijler 2), computed from held bijeenkomsten.

Registered into the platform's registry (``swvportal.core.calculations``) by importing this
module from ``plans.portal``. Each is one grouped query for any number of tenants; the period is
the 12 months up to and including the peildatum. No pupil is counted, so small numbers are shown
to toezicht as they are (``about_pupils=False``). Figures are the tenant's only (no school).

* ``bijeenkomsten_per_netwerk``: per active network series ("telt mee voor: netwerkgroep") the
  held meetings; the figure is the lowest of them, so the norm "minimaal 2 per jaar" is met when
  every network met at least twice. The details name each network with its count.
* ``structurele_overleggen``: the held meetings of the series marked "overleg met Berséba".
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count

from swvportal.core.calculations import COUNT, Figure, Result, calculation, in_period

from ..models import MeetingSeries, SeriesIndicator


def _held_per_series(tenant_ids: Sequence[int], on: datetime.date, indicator: str):
    """(tenant_id, series name, held count) for the active series that count for ``indicator``,
    series without a held meeting included (they count 0)."""
    return (
        MeetingSeries.objects.filter(tenant_id__in=tenant_ids, indicator=indicator, is_active=True)
        .values_list("tenant_id", "name")
        .annotate(held=Count("meetings", filter=in_period("meetings__held_on", on)))
        .order_by("tenant_id", "name")
    )


@calculation(
    "bijeenkomsten_per_netwerk",
    "Bijeenkomsten per netwerk",
    COUNT,
    "Per netwerkgroep (een reeks bijeenkomsten die meetelt als netwerkgroep) het aantal "
    "gehouden bijeenkomsten in de 12 maanden tot en met de peildatum. Het cijfer is het laagste "
    "aantal van alle netwerken: de norm is gehaald als elk netwerk vaak genoeg bijeenkwam.",
    about_pupils=False,
)
def bijeenkomsten_per_netwerk(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """The lowest count of held meetings over the tenant's network series (None: no network)."""
    networks: dict[int, dict[str, int]] = {t: {} for t in tenant_ids}
    for tenant_id, name, held in _held_per_series(tenant_ids, on, SeriesIndicator.NETWORK):
        networks[tenant_id][name] = held
    results = {}
    for tenant_id, counts in networks.items():
        value = Decimal(min(counts.values())) if counts else None
        records = sum(counts.values())
        results[tenant_id] = Result(
            Figure(value, records, {"per_netwerk": counts, "netwerken": len(counts)}), {}
        )
    return results


@calculation(
    "structurele_overleggen",
    "Structurele overleggen met Berséba",
    COUNT,
    "Het aantal gehouden bijeenkomsten in de 12 maanden tot en met de peildatum van de reeksen "
    "die meetellen als structureel overleg met Berséba.",
    about_pupils=False,
)
def structurele_overleggen(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """The held meetings of the tenant's series with Berséba, together."""
    totals: dict[int, int] = dict.fromkeys(tenant_ids, 0)
    for tenant_id, _name, held in _held_per_series(tenant_ids, on, SeriesIndicator.BERSEBA):
        totals[tenant_id] += held
    return {t: Result(Figure(Decimal(n), n, {}), {}) for t, n in totals.items()}


__all__ = ["bijeenkomsten_per_netwerk", "structurele_overleggen"]
