"""The dashboard calculations over the Loket's data (domain.md §5, §8; Bijlage 4 rows 8–9).

Registered into the platform's registry (``swvportal.core.calculations``) by importing this
module from ``referrals.portal``, like ``referrals.calculations``; each is one grouped query for
any number of tenants (GROUP BY tenant and school, sometimes one column more), and Python loops
over the groups only. The school of a figure is the requesting (referring) school.

* ``verwijzingen_cluster_4``: granted cluster-4 TLVs decided in the 12 months up to P;
* ``verwijzingen_extern``: external referrals in those 12 months;
* ``tlvs_geldig``: TLVs in force on P (the indicator's peildatum, 1 October), per category;
* ``binnen_behandeltermijn``: requests decided in the 12 months within the tenant's term;
* ``behandelduur_mediaan``: the median handling time of those requests, in days;
* ``bezwaren``: objections received in the 12 months.

A decision that a later one replaced (a correction) is not counted: the correction is.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from swvportal.core.calculations import (
    COUNT,
    PERCENT,
    EpochDay,
    Figure,
    Result,
    calculation,
    in_period,
    percentage,
)

from .models.loket import (
    Category,
    DecisionOutcome,
    ExternalReferral,
    LoketSettings,
    Objection,
    SupplementRequest,
    TlvDecision,
    TlvKind,
    TlvRequest,
)

LATEST = Q(replaced_by__isnull=True)
GRANTED = Q(outcome=DecisionOutcome.GRANTED) & LATEST
DEFAULT_HANDLING_WEEKS = LoketSettings._meta.get_field("handling_weeks").default


def _counts(groups, tenant_ids: Sequence[int]) -> dict[int, Result]:
    """(tenant_id, school_id, n) groups as count figures per tenant and school."""
    schools: dict[int, dict[int, int]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, n in groups:
        schools[tenant_id][school_id] = schools[tenant_id].get(school_id, 0) + n
    return {
        t: Result(
            Figure(Decimal(sum(per.values())), sum(per.values())),
            {s: Figure(Decimal(n), n) for s, n in per.items()},
        )
        for t, per in schools.items()
    }


# --- Bijlage 4: the referrals -------------------------------------------------------------------


@calculation(
    "verwijzingen_cluster_4",
    "Verwijzingen naar cluster 4",
    COUNT,
    "Het aantal toegekende TLV's voor vso cluster 4 waarover het Loket in de 12 maanden tot en "
    "met de peildatum besloot, geteld bij de verwijzende school. Elke toegekende TLV voor "
    "cluster 4 telt, ook een verlenging; een gecorrigeerd besluit telt één keer.",
)
def referrals_cluster_4(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Population and value: decisions granted, not replaced, kind vso and cluster 4, with
    ``decided_on`` in the period. Grouped by tenant and (referring) school."""
    groups = (
        TlvDecision.objects.filter(
            GRANTED,
            in_period("decided_on", on),
            tenant_id__in=tenant_ids,
            kind=TlvKind.VSO,
            cluster=4,
        )
        .values_list("tenant_id", "school_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return _counts(groups, tenant_ids)


@calculation(
    "verwijzingen_extern",
    "Externe verwijzingen",
    COUNT,
    "Het aantal leerlingen dat in de 12 maanden tot en met de peildatum is verwezen naar een "
    "school buiten het samenwerkingsverband, geteld bij de verwijzende school.",
)
def referrals_external(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Population and value: external referrals with ``referred_on`` in the period."""
    groups = (
        ExternalReferral.objects.filter(in_period("referred_on", on), tenant_id__in=tenant_ids)
        .values_list("tenant_id", "school_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return _counts(groups, tenant_ids)


# --- TLVs in force ------------------------------------------------------------------------------

CATEGORY_KEYS = (*Category.values, TlvKind.PRO.value, TlvKind.LWOO.value)


def _category_key(kind: str, category: str) -> str:
    return category if kind == TlvKind.VSO else kind


def _category_figure(per: Counter[str]) -> Figure:
    total = per.total()
    return Figure(Decimal(total), total, {"per_categorie": {k: per[k] for k in CATEGORY_KEYS}})


@calculation(
    "tlvs_geldig",
    "TLV's die gelden op de peildatum",
    COUNT,
    "Het aantal toegekende TLV's dat op de peildatum geldt (ingangsdatum op of voor de "
    "peildatum, einddatum op of na de peildatum), per categorie: vso laag, midden en hoog, "
    "PrO en LWOO. Een gecorrigeerd besluit telt één keer.",
)
def tlvs_in_force(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Population and value: decisions granted, not replaced, ``start_date <= P <= end_date``.
    Details: ``per_categorie`` (laag, midden, hoog for vso; pro; lwoo), 0 included."""
    groups = (
        TlvDecision.objects.filter(
            GRANTED, start_date__lte=on, end_date__gte=on, tenant_id__in=tenant_ids
        )
        .values_list("tenant_id", "school_id", "kind", "category")
        .annotate(n=Count("*"))
        .order_by()
    )
    totals: dict[int, Counter[str]] = {t: Counter() for t in tenant_ids}
    schools: dict[int, dict[int, Counter[str]]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, kind, category, n in groups:
        key = _category_key(kind, category)
        totals[tenant_id][key] += n
        schools[tenant_id].setdefault(school_id, Counter())[key] += n
    return {
        t: Result(
            _category_figure(totals[t]), {s: _category_figure(c) for s, c in schools[t].items()}
        )
        for t in tenant_ids
    }


# --- The handling time --------------------------------------------------------------------------


def _handling_groups(tenant_ids: Sequence[int], on: datetime.date):
    """(tenant_id, school_id, handling days, n): requests decided in the period, grouped by
    their handling time as ``loket_rules.handling_days`` counts it: from submitting to the
    decision, without the days a question to the school was open (up to the decision)."""
    decided = OuterRef("decided_on")
    paused = (
        SupplementRequest.objects.filter(request=OuterRef("pk"), asked_on__lte=decided)
        .values("request")
        .annotate(
            days=Sum(
                Greatest(
                    EpochDay(Least(Coalesce("answered_on", decided), decided))
                    - EpochDay("asked_on"),
                    Value(0),
                )
            )
        )
        .values("days")
    )
    handling = (
        EpochDay("decided_on")
        - EpochDay("submitted_on")
        - Coalesce(Subquery(paused, output_field=IntegerField()), Value(0))
    )
    return (
        TlvRequest.objects.filter(
            in_period("decided_on", on), submitted_on__isnull=False, tenant_id__in=tenant_ids
        )
        .annotate(handling=Greatest(handling, Value(0)))
        .values_list("tenant_id", "school_id", "handling")
        .annotate(n=Count("*"))
        .order_by()
    )


def _handling_weeks(tenant_ids: Sequence[int]) -> dict[int, int]:
    configured = dict(
        LoketSettings.objects.filter(tenant_id__in=tenant_ids).values_list(
            "tenant_id", "handling_weeks"
        )
    )
    return {t: configured.get(t, DEFAULT_HANDLING_WEEKS) for t in tenant_ids}


def _histograms(tenant_ids: Sequence[int], on: datetime.date):
    totals: dict[int, Counter[int]] = {t: Counter() for t in tenant_ids}
    schools: dict[int, dict[int, Counter[int]]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, days, n in _handling_groups(tenant_ids, on):
        totals[tenant_id][days] += n
        schools[tenant_id].setdefault(school_id, Counter())[days] += n
    return totals, schools


def _within_figure(days: Counter[int], term_days: int) -> Figure:
    noemer = days.total()
    teller = sum(n for d, n in days.items() if d <= term_days)
    return Figure(percentage(teller, noemer), noemer, {"teller": teller, "noemer": noemer})


@calculation(
    "binnen_behandeltermijn",
    "Aanvragen binnen de behandeltermijn besloten",
    PERCENT,
    "Van de TLV-aanvragen waarover het Loket in de 12 maanden tot en met de peildatum besloot: "
    "het deel dat binnen de behandeltermijn van het samenwerkingsverband besloten is (standaard "
    "6 weken na indienen; de dagen dat een vraag om aanvulling openstond, tellen niet mee).",
)
def decided_within_term(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Population: requests with ``decided_on`` in the period and a ``submitted_on``. Teller:
    handling days (``_handling_groups``) at most the tenant's ``handling_weeks`` × 7, which is
    ``loket_rules.is_overdue`` false on the day of the decision."""
    weeks = _handling_weeks(tenant_ids)
    totals, schools = _histograms(tenant_ids, on)
    return {
        t: Result(
            _within_figure(totals[t], weeks[t] * 7),
            {s: _within_figure(c, weeks[t] * 7) for s, c in schools[t].items()},
        )
        for t in tenant_ids
    }


def median(days: Counter[int]) -> Decimal | None:
    """The median of a histogram (value → how often), the mean of the middle two when even."""
    total = days.total()
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]
    found, seen = [], 0
    for value in sorted(days):
        while len(found) < 2 and middle[len(found)] < seen + days[value]:
            found.append(value)
        seen += days[value]
    return Decimal(sum(found)) / 2


def _median_figure(days: Counter[int]) -> Figure:
    value = median(days)
    return Figure(value.quantize(Decimal("0.1")) if value is not None else None, days.total())


@calculation(
    "behandelduur_mediaan",
    "Mediane behandelduur van TLV-aanvragen (dagen)",
    COUNT,
    "De mediaan van het aantal dagen van indienen tot besluit, over de TLV-aanvragen waarover "
    "het Loket in de 12 maanden tot en met de peildatum besloot. De dagen dat een vraag om "
    "aanvulling openstond, tellen niet mee.",
)
def median_handling_days(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Population: as ``binnen_behandeltermijn``. Value: the median of the handling days (the
    mean of the middle two for an even number); None without requests."""
    totals, schools = _histograms(tenant_ids, on)
    return {
        t: Result(_median_figure(totals[t]), {s: _median_figure(c) for s, c in schools[t].items()})
        for t in tenant_ids
    }


# --- Objections ---------------------------------------------------------------------------------


@calculation(
    "bezwaren",
    "Bezwaren tegen besluiten van het Loket",
    COUNT,
    "Het aantal bezwaren tegen besluiten van het Loket dat in de 12 maanden tot en met de "
    "peildatum is ontvangen, geteld bij de aanvragende school.",
)
def objections(tenant_ids: Sequence[int], on: datetime.date) -> dict[int, Result]:
    """Population and value: objections with ``received_on`` in the period."""
    groups = (
        Objection.objects.filter(in_period("received_on", on), tenant_id__in=tenant_ids)
        .values_list("tenant_id", "decision__school_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    return _counts(groups, tenant_ids)
