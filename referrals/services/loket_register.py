"""The Loket's money and its historic TLVs (domain.md §5 "Money", issue 13 items 12 and 13).

* **Amounts** per calendar year and category (``category_amounts_save``) and the tenant's cost
  rule: who carries a TLV's cost, the SWV or the referring school (``cost_rule_update``,
  ``carried_by``).
* **The cost of a TLV in a calendar year**: the category amount × the part of that year the TLV
  runs, pro rata by days, both ends included (``year_overlap_days``, ``pro_rata``). The
  register page and the selector ``tlv_costs`` (read by the budget and the vangnet) both use it.
* **Historic TLVs** from another system (``historic_tlv_check``, ``historic_tlv_create``): each
  row becomes a pupil, a closed request and an imported decision. The import itself is in
  ``referrals.resources_loket``.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from swvportal.tenancy.models import School, Tenant

from ..models.loket import (
    Category,
    CategoryAmount,
    DecisionOutcome,
    LoketSettings,
    RequestStatus,
    TlvDecision,
    TlvKind,
    TlvRequest,
)
from .loket_workflow import loket_settings
from .pupils import _check_pupil_number, pupil_for

CENT = Decimal("0.01")
SWV = "swv"
SCHOOL = "school"
CARRIERS = {SWV: "Samenwerkingsverband", SCHOOL: "Verwijzende school"}
IMPORTED_REASONING = "Overgenomen uit een ander systeem; de motivering staat in dat systeem."
MAX_AMOUNT = Decimal("1000000")

# --- Amounts per category -----------------------------------------------------------------------


@dataclass(frozen=True)
class AmountKey:
    """What an amount is for: VSO with a category, or PrO / LWOO (no category)."""

    kind: str
    category: str = ""

    @property
    def label(self) -> str:
        if self.kind == TlvKind.VSO:
            return f"VSO {Category(self.category).label.lower()}"
        return "PrO" if self.kind == TlvKind.PRO else "LWOO"

    @property
    def field_name(self) -> str:
        return f"{self.kind}_{self.category}" if self.category else self.kind


AMOUNT_KEYS = (
    AmountKey(TlvKind.VSO, Category.LOW),
    AmountKey(TlvKind.VSO, Category.MIDDLE),
    AmountKey(TlvKind.VSO, Category.HIGH),
    AmountKey(TlvKind.PRO),
    AmountKey(TlvKind.LWOO),
)


def amount_key(kind: str, category: str) -> AmountKey:
    """The key a TLV's cost is looked up by: a category only for VSO."""
    return AmountKey(kind, category if kind == TlvKind.VSO else "")


def _check_year(year: int) -> None:
    if not 2000 <= year <= 2099:
        raise ValidationError("Kies een kalenderjaar tussen 2000 en 2099.")


def amounts_of_year(*, tenant: Tenant, year: int) -> dict[AmountKey, Decimal]:
    rows = CategoryAmount.objects.filter(tenant=tenant, year=year)
    return {amount_key(r.kind, r.category): r.amount for r in rows}


@transaction.atomic
def category_amounts_save(
    *, tenant: Tenant, year: int, amounts: Mapping[AmountKey, Decimal | None]
) -> int:
    """Set the amounts of ``year``: a value saves it, None removes it. Returns how many are
    set afterwards. Each change is in the change log (django-auditlog)."""
    _check_year(year)
    problems = {
        key.field_name: "Vul een bedrag in van 0 tot 1.000.000 euro."
        for key, value in amounts.items()
        if value is not None and not Decimal(0) <= value < MAX_AMOUNT
    }
    if problems:
        raise ValidationError(problems)
    existing = {
        amount_key(r.kind, r.category): r
        for r in CategoryAmount.objects.select_for_update().filter(tenant=tenant, year=year)
    }
    for key, value in amounts.items():
        row = existing.get(key)
        if value is None:
            if row is not None:
                row.delete()
        elif row is None:
            CategoryAmount.objects.create(
                tenant=tenant, year=year, kind=key.kind, category=key.category, amount=value
            )
        elif row.amount != value:
            row.amount = value
            row.save()
    return CategoryAmount.objects.filter(tenant=tenant, year=year).count()


@transaction.atomic
def cost_rule_update(
    *, tenant: Tenant, charge_cluster_3_to_school: bool, charge_cluster_4_to_school: bool
) -> LoketSettings:
    current = loket_settings(tenant)
    current.charge_cluster_3_to_school = charge_cluster_3_to_school
    current.charge_cluster_4_to_school = charge_cluster_4_to_school
    current.save(update_fields=["charge_cluster_3_to_school", "charge_cluster_4_to_school"])
    return current


# --- The cost of a TLV in a calendar year -------------------------------------------------------


def carried_by(kind: str, cluster: int | None, settings: LoketSettings) -> str:
    """Who carries the cost (the tenant's cost rule): a VSO TLV of cluster 3 or 4 goes to the
    referring school when the rule says so for that cluster; everything else (and PrO, LWOO)
    stays with the SWV."""
    if kind == TlvKind.VSO and cluster == 3 and settings.charge_cluster_3_to_school:
        return SCHOOL
    if kind == TlvKind.VSO and cluster == 4 and settings.charge_cluster_4_to_school:
        return SCHOOL
    return SWV


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def year_overlap_days(start: datetime.date, end: datetime.date, year: int) -> int:
    """The days of ``year`` on which a TLV from ``start`` to ``end`` (both included) runs."""
    first, last = year_bounds(year)
    return max((min(end, last) - max(start, first)).days + 1, 0)


def pro_rata(amount: Decimal, days: int, year: int) -> Decimal:
    """``amount`` (a year's) for ``days`` days of ``year``, in cents, half up."""
    return (amount * days / days_in_year(year)).quantize(CENT, rounding=ROUND_HALF_UP)


def tlv_year_cost(
    decision: TlvDecision, year: int, amounts: Mapping[AmountKey, Decimal]
) -> Decimal | None:
    """What ``decision`` costs in ``year``; None when the year has no amount for it."""
    amount = amounts.get(amount_key(decision.kind, decision.category))
    if amount is None or decision.start_date is None:
        return None
    return pro_rata(amount, year_overlap_days(decision.start_date, decision.end_date, year), year)


# --- Historic TLVs ------------------------------------------------------------------------------


# What ``historic_tlv_check`` and ``historic_tlv_create`` read of ``data``.
HISTORIC_FIELDS = (
    "kind",
    "cluster",
    "category",
    "submitted_on",
    "outcome",
    "decided_on",
    "start_date",
    "end_date",
)


def historic_pupil_check(
    *, pupil_number: str, birth_year: int, known_birth_year: int | None
) -> None:
    """``pupil_for``'s rules without a query: the number, the birth year's range, and a known
    pupil's birth year (``known_birth_year``, read once for the whole file)."""
    _check_pupil_number(pupil_number, birth_year)
    if known_birth_year is not None and known_birth_year != birth_year:
        raise ValidationError(
            {
                "birth_year": (
                    f"Leerlingnummer {pupil_number} is bij deze school bekend met geboortejaar "
                    f"{known_birth_year}. Controleer het nummer of het geboortejaar."
                )
            }
        )


def historic_tlv_check(data: Mapping[str, Any]) -> None:
    """The rules for one historic TLV (a row of a file), as field errors in Dutch.

    ``data``: kind, cluster, category, submitted_on, outcome, decided_on, start_date, end_date.
    """
    errors: dict[str, str] = {}
    kind, outcome = data["kind"], data["outcome"]
    if kind == TlvKind.VSO and data["cluster"] is None:
        errors["cluster"] = "Vul bij soort vso het cluster in: 3 of 4."
    if kind != TlvKind.VSO and data["cluster"] is not None:
        errors["cluster"] = "Alleen een vso-TLV heeft een cluster; laat het leeg."
    if kind != TlvKind.VSO and data["category"]:
        errors["category"] = "Alleen een vso-TLV heeft een categorie; laat het leeg."
    if kind == TlvKind.VSO and outcome == DecisionOutcome.GRANTED and not data["category"]:
        errors["category"] = "Vul bij een toegekende vso-TLV de categorie in: laag, midden of hoog."
    if data["decided_on"] < data["submitted_on"]:
        errors["decided_on"] = "Het besluit ligt voor de datum van indienen."
    start, end = data["start_date"], data["end_date"]
    if outcome == DecisionOutcome.GRANTED:
        if start is None:
            errors["start_date"] = "Vul bij een toegekende TLV de ingangsdatum in."
        if end is None:
            errors["end_date"] = "Vul bij een toegekende TLV de einddatum in."
        elif start is not None and end <= start:
            errors["end_date"] = "De einddatum ligt niet na de ingangsdatum."
    elif start is not None or end is not None:
        errors["start_date"] = "Een afgewezen aanvraag heeft geen ingangs- en einddatum."
    if errors:
        raise ValidationError(errors)


def historic_tlv_create(
    *,
    school: School,
    pupil_number: str,
    birth_year: int,
    receiving_school: School | None,
    receiving_school_name: str,
    data: Mapping[str, Any],
    by=None,
) -> TlvDecision:
    """One historic TLV: the pupil (found or made), a closed request submitted on
    ``submitted_on`` and its decision with ``imported=True``. The caller runs it in a
    transaction (the import: all rows or none)."""
    historic_tlv_check(data)
    pupil = pupil_for(school=school, pupil_number=pupil_number, birth_year=birth_year)
    granted = data["outcome"] == DecisionOutcome.GRANTED
    # The retention term runs from the TLV's end, or from a refusal (final long ago).
    retention_from = data["end_date"] if granted else data["decided_on"]
    common = {
        "tenant": school.tenant,
        "school": school,
        "pupil": pupil,
        "kind": data["kind"],
        "cluster": data["cluster"],
        "receiving_school": receiving_school,
        "receiving_school_name": receiving_school_name,
        "retention_from_date": retention_from,
    }
    request = TlvRequest.objects.create(
        **common,
        requested_category=data["category"],
        status=RequestStatus.CLOSED,
        submitted_on=data["submitted_on"],
        decided_on=data["decided_on"],
        closed_on=data["decided_on"],
        created_by=by,
    )
    return TlvDecision.objects.create(
        **common,
        request=request,
        outcome=data["outcome"],
        category=data["category"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        reasoning=IMPORTED_REASONING,
        decided_on=data["decided_on"],
        imported=True,
        decided_by=by,
    )
