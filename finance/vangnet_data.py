"""The vangnet's reads and the writes of its figures (Bijlage 2): the figures per school from the
Loket's TLVs and the SWV's own figures (DUO or entered), and the computation. The claim's steps
are in ``vangnet_claims``, the DUO import in ``vangnet_import``.

Where a figure comes from, per cell (``Cell.source``):

* ``loket``: the Loket's granted TLVs with this school as receiving school
  (``referrals.selectors.vangnet_tlv_counts``);
* ``duo`` / ``invoer``: a ``VangnetFigure`` that overrules the Loket's count (a TLV count on a
  peildatum, new TLVs, the outflow) or, for residential pupils not in a JJI/GJI, is the only
  source (the Loket does not know them; without a figure they count as 0).

The amounts are those of the calendar year of the inflow (2 februari – 1 juni Y+1: year Y+1),
the Loket's yearly category amounts. **An SBO school** has no categories: its pupils are added
up in one line and it uses the amount of the category *laag* of that year (the regulation names
one amount for SBO; the SWV's lowest category amount is the one we take, and the page says so).

Every page reads a fixed number of queries, whatever the number of schools: the schools, the
Loket's counts (one grouped query), the figures, the amounts and the claims.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from referrals.selectors import (
    SPECIAL_SCHOOL_KINDS,
    VangnetPeildata,
    vangnet_amounts,
    vangnet_tlv_counts,
)
from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import visible
from swvportal.tenancy.models import School, SchoolKind, Tenant

from . import vangnet
from .models import (
    FigureKind,
    FigureSource,
    Peildatum,
    VangnetClaim,
    VangnetFigure,
)
from .selectors import VIEW_VANGNET

CATEGORIES = ("laag", "midden", "hoog")
CATEGORY_LABELS = {"laag": "Laag", "midden": "Midden", "hoog": "Hoog", vangnet.SBO: "Totaal"}
SBO_AMOUNT_CATEGORY = "laag"
LOKET = "loket"
SOURCE_LABELS = {LOKET: "Loket", FigureSource.DUO: "DUO", FigureSource.ENTERED: "invoer", "": ""}
PEILDATA = (Peildatum.SEPTEMBER, Peildatum.FEBRUARY, Peildatum.JUNE)
COUNT_KINDS = (FigureKind.TLV_COUNT, FigureKind.RESIDENTIAL)
FLOW_KINDS = (FigureKind.NEW_TLVS, FigureKind.NEW_RESIDENTIAL, FigureKind.OUTFLOW)
# What the Loket counts itself (the residential pupils it does not know).
LOKET_FIELDS = {
    (FigureKind.TLV_COUNT, Peildatum.SEPTEMBER): "september",
    (FigureKind.TLV_COUNT, Peildatum.FEBRUARY): "february",
    (FigureKind.TLV_COUNT, Peildatum.JUNE): "june",
    (FigureKind.NEW_TLVS, ""): "new",
    (FigureKind.OUTFLOW, ""): "outflow",
}


def school_year_label(year: int) -> str:
    return f"{year}-{year + 1}"


def current_school_year(today: datetime.date | None = None) -> int:
    """The school year whose 1 juni passed most recently: its claims come in by 1 oktober.
    On 1 december 2026 that is 2025-2026; on 1 juni 2026 too; on 31 mei 2026 2024-2025."""
    today = today or timezone.localdate()
    return today.year - 1 if (today.month, today.day) >= (6, 1) else today.year - 2


def is_special(school: School) -> bool:
    return school.kind in SPECIAL_SCHOOL_KINDS


def is_sbo(school: School) -> bool:
    return school.kind == SchoolKind.SBO


# --- Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    value: int
    source: str  # loket, duo, invoer; "" when nobody entered it (residential pupils: 0)
    note: str = ""

    @property
    def source_label(self) -> str:
        return SOURCE_LABELS.get(self.source, self.source) or "niet ingevoerd"


@dataclass(frozen=True)
class FigureRow:
    kind: str
    peildatum: str
    label: str
    cells: tuple[tuple[str, Cell], ...]  # per category

    @property
    def total(self) -> int:
        return sum(cell.value for _, cell in self.cells)


@dataclass
class SchoolFigures:
    school: School
    school_year: int
    categories: tuple[str, ...]
    rows: list[FigureRow]
    counts: vangnet.Counts
    flows: list[vangnet.Flow]
    amounts: dict[str, Decimal]
    outcome: vangnet.Outcome
    claim: VangnetClaim | None = None
    peildata: VangnetPeildata = field(default=None)  # type: ignore[assignment]

    @property
    def sbo(self) -> bool:
        return is_sbo(self.school)

    @property
    def label(self) -> str:
        return school_year_label(self.school_year)

    @property
    def amount_year(self) -> int:
        return self.school_year + 1

    @property
    def steps(self) -> list[tuple[vangnet.Flow, vangnet.ClaimLine]]:
        """Step 2 per category: its flows and its line of the computation."""
        return list(zip(self.flows, self.outcome.lines, strict=True))

    def row(self, kind: str, peildatum: str = "") -> FigureRow:
        return next(r for r in self.rows if r.kind == kind and r.peildatum == peildatum)


def special_schools(*, membership: Membership) -> QuerySet[School]:
    """The special-education schools this member may see the vangnet of (own schools)."""
    schools = School.objects.filter(kind__in=SPECIAL_SCHOOL_KINDS)
    return visible(schools, membership, VIEW_VANGNET, school_field="pk").order_by("name")


def special_schools_of(*, tenant: Tenant) -> QuerySet[School]:
    return School.objects.filter(tenant=tenant, kind__in=SPECIAL_SCHOOL_KINDS).order_by("name")


def vangnet_schools(*, membership: Membership) -> QuerySet[School]:
    """Every school this member may see the vangnet page of (a zorgcoördinator: their own)."""
    return visible(School.objects.all(), membership, VIEW_VANGNET, school_field="pk")


def claim_list(*, membership: Membership) -> QuerySet[VangnetClaim]:
    return visible(VangnetClaim.objects.all(), membership, VIEW_VANGNET).select_related(
        "tenant", "school"
    )


def _amounts_for(school: School, year_amounts: dict[str, Decimal]) -> dict[str, Decimal]:
    if is_sbo(school):
        found = year_amounts.get(SBO_AMOUNT_CATEGORY)
        return {vangnet.SBO: found} if found is not None else {}
    return dict(year_amounts)


def figures_of(
    *, tenant: Tenant, schools: Iterable[School], school_year: int
) -> dict[int, SchoolFigures]:
    """Per school its figures, their sources and the computation: five queries for any number
    of schools (counts, figures, amounts, claims; the schools are given)."""
    schools = list(schools)
    ids = [s.pk for s in schools]
    loket: dict[tuple[int, str], object] = {
        (row.school_id, row.category): row
        for row in vangnet_tlv_counts(tenant=tenant, school_year=school_year)
        if row.school_id in ids
    }
    own: dict[tuple[int, str, str, str], VangnetFigure] = {
        (f.school_id, f.kind, f.peildatum, f.category): f
        for f in VangnetFigure.objects.filter(
            tenant=tenant, school_year=school_year, school_id__in=ids
        )
    }
    year_amounts = vangnet_amounts(tenant=tenant, year=school_year + 1)
    claims = {
        c.school_id: c
        for c in VangnetClaim.objects.filter(
            tenant=tenant, school_year=school_year, school_id__in=ids
        )
    }
    found = {}
    for school in schools:
        found[school.pk] = _school_figures(
            school, school_year, loket, own, _amounts_for(school, year_amounts)
        )
        found[school.pk].claim = claims.get(school.pk)
    return found


def school_figures(*, school: School, school_year: int) -> SchoolFigures:
    return figures_of(tenant=school.tenant, schools=[school], school_year=school_year)[school.pk]


def _loket_value(loket: dict, school: School, categories: tuple[str, ...], cat: str, name: str):
    if cat == vangnet.SBO and is_sbo(school):  # an SBO school: every category in one
        return sum(
            getattr(row, name) for (school_id, _), row in loket.items() if school_id == school.pk
        )
    row = loket.get((school.pk, cat))
    return getattr(row, name) if row is not None else 0


def _cell(school, categories, loket, own, kind, peildatum, cat) -> Cell:
    figure = own.get((school.pk, kind, peildatum, cat))
    if figure is not None:
        return Cell(figure.value, figure.source, figure.note)
    name = LOKET_FIELDS.get((kind, peildatum))
    if name is None:
        return Cell(0, "")
    return Cell(_loket_value(loket, school, categories, cat, name), LOKET)


def _school_figures(school, school_year, loket, own, amounts) -> SchoolFigures:
    categories = (vangnet.SBO,) if is_sbo(school) else CATEGORIES
    rows = []
    for kind in COUNT_KINDS:
        for peildatum in PEILDATA:
            rows.append(_row(school, categories, loket, own, kind, peildatum))
    for kind in FLOW_KINDS:
        rows.append(_row(school, categories, loket, own, kind, ""))
    by_key = {(r.kind, r.peildatum): r for r in rows}

    def on(peildatum: str) -> int:
        return sum(by_key[(kind, peildatum)].total for kind in COUNT_KINDS)

    counts = vangnet.Counts(on(Peildatum.SEPTEMBER), on(Peildatum.FEBRUARY), on(Peildatum.JUNE))
    flows = [
        vangnet.Flow(
            cat,
            dict(by_key[(FigureKind.NEW_TLVS, "")].cells)[cat].value,
            dict(by_key[(FigureKind.NEW_RESIDENTIAL, "")].cells)[cat].value,
            dict(by_key[(FigureKind.OUTFLOW, "")].cells)[cat].value,
        )
        for cat in categories
    ]
    outcome = vangnet.compute(counts, flows, amounts)
    return SchoolFigures(
        school,
        school_year,
        categories,
        rows,
        counts,
        flows,
        amounts,
        outcome,
        peildata=VangnetPeildata.of(school_year),
    )


def _row(school, categories, loket, own, kind, peildatum) -> FigureRow:
    label = FigureKind(kind).label
    if peildatum:
        label = f"{label.split(' op de peildatum')[0]} op {Peildatum(peildatum).label}"
    cells = tuple(
        (cat, _cell(school, categories, loket, own, kind, peildatum, cat)) for cat in categories
    )
    return FigureRow(kind, peildatum, label, cells)


def figures_json(figures: SchoolFigures) -> dict:
    """What a claim stores of the computation it was registered or verified on."""
    outcome = figures.outcome
    return {
        "school_year": figures.school_year,
        "counts": {
            "september": outcome.counts.september,
            "february": outcome.counts.february,
            "june": outcome.counts.june,
        },
        "cells": {
            f"{row.kind}:{row.peildatum}:{cat}": [cell.value, cell.source]
            for row in figures.rows
            for cat, cell in row.cells
        },
        "lines": [
            {
                "category": line.category,
                "net_inflow": line.net_inflow,
                "amount": None if line.amount is None else str(line.amount),
                "total": str(line.total),
            }
            for line in outcome.lines
        ],
        "condition_met": outcome.condition_met,
        "total": str(outcome.total),
        "missing_amounts": list(outcome.missing_amounts),
    }


# --- Writing: the figures ----------------------------------------------------------------------


def check_school_year(school_year: int) -> None:
    if not 2000 <= school_year <= 2098:
        raise ValidationError("Kies een schooljaar tussen 2000-2001 en 2098-2099.")


def figure_check(
    *,
    school: School,
    school_year: int,
    kind: str,
    peildatum: str,
    category: str,
    value: int,
    source: str,
) -> None:
    """The rules of a figure, without saving (the import's dry run uses them too)."""
    check_school_year(school_year)
    if kind in COUNT_KINDS and not peildatum:
        raise ValidationError({"peildatum": "Kies de peildatum van dit aantal."})
    if kind in FLOW_KINDS and peildatum:
        raise ValidationError(
            {"peildatum": "Instroom en uitstroom gelden voor 2 februari – 1 juni: geen peildatum."}
        )
    allowed = (vangnet.SBO,) if is_sbo(school) else CATEGORIES
    if category not in allowed:
        raise ValidationError(
            {
                "category": "Een sbo-school heeft geen categorieën: laat de categorie leeg."
                if is_sbo(school)
                else "Kies de categorie: laag, midden of hoog."
            }
        )
    if source not in FigureSource.values:
        raise ValidationError({"source": "Kies de bron: DUO of eigen invoer."})
    if value < 0:
        raise ValidationError({"value": "Vul een aantal van 0 of meer in."})


@transaction.atomic
def figure_save(
    *,
    school: School,
    school_year: int,
    kind: str,
    peildatum: str,
    category: str,
    value: int,
    source: str,
    note: str,
    by,
) -> VangnetFigure:
    """Overrule a figure of the Loket (or enter residential pupils): one per cell, replaced."""
    figure_check(
        school=school,
        school_year=school_year,
        kind=kind,
        peildatum=peildatum,
        category=category,
        value=value,
        source=source,
    )
    figure, _ = VangnetFigure.objects.update_or_create(
        tenant=school.tenant,
        school=school,
        school_year=school_year,
        kind=kind,
        peildatum=peildatum,
        category=category,
        defaults={"value": value, "source": source, "note": note.strip(), "updated_by": by},
    )
    return figure


@transaction.atomic
def figure_delete(*, figure: VangnetFigure) -> None:
    """Back to the Loket's own count (or no residential pupils)."""
    figure.delete()
