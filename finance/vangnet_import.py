"""Importing DUO's figures for the vangnet from an XLSX (or CSV): a dry run first, atomic, Dutch
row errors (``swvportal.core.imports``). Each row is one figure of one school in the chosen
school year, validated by the page's own form and the same rules (``vangnet_data``); its source
is DUO. A row for a cell that already has a figure replaces it.

Columns: ``brin``, ``cijfer`` (tlv, residentieel, nieuw_tlv, nieuw_residentieel, uitstroom),
``peildatum`` (1 september, 1 februari, 1 juni; empty for a flow), ``categorie`` (laag, midden,
hoog; empty for an sbo-school), ``aantal``, ``toelichting`` (optional).
"""

from __future__ import annotations

from typing import Any

from swvportal.core.imports import FormImporter, RowRejected
from swvportal.tenancy.models import Tenant

from . import vangnet_data as data
from .forms_vangnet import FigureForm
from .models import FigureSource, Peildatum, VangnetFigure

COLUMNS = ["brin", "cijfer", "peildatum", "categorie", "aantal"]
PEILDATA = {
    **{p.value: p.value for p in Peildatum},
    **{p.label: p.value for p in Peildatum},
    "september": Peildatum.SEPTEMBER,
    "februari": Peildatum.FEBRUARY,
    "juni": Peildatum.JUNE,
}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class DuoFigureImporter(FormImporter):
    labels = {
        "kind": "cijfer",
        "peildatum": "peildatum",
        "category": "categorie",
        "value": "aantal",
        "note": "toelichting",
        "source": "bron",
    }

    def __init__(self, *, tenant: Tenant, school_year: int, by=None) -> None:
        self.tenant, self.school_year, self.by = tenant, school_year, by

    def prepare(self, dataset, *, dry_run: bool) -> None:
        self.schools = {s.brin.upper(): s for s in data.special_schools_of(tenant=self.tenant)}
        self.existing = {
            (f.school_id, f.kind, f.peildatum, f.category): f
            for f in VangnetFigure.objects.filter(tenant=self.tenant, school_year=self.school_year)
        }

    def read_row(self, row: dict[str, Any], line: int) -> dict[str, Any]:
        brin = _text(row.get("brin")).upper()
        school = self.schools.get(brin)
        if school is None:
            raise RowRejected(
                f"brin: {brin or '(leeg)'} is geen school voor speciaal onderwijs of sbo van dit "
                "samenwerkingsverband."
            )
        raw_day = _text(row.get("peildatum")).lower()
        peildatum = PEILDATA.get(raw_day, raw_day)
        return {
            "school": school,
            "kind": _text(row.get("cijfer")).lower(),
            "peildatum": peildatum,
            "category": _text(row.get("categorie")).lower(),
            "value": _text(row.get("aantal")),
            "source": FigureSource.DUO,
            "note": _text(row.get("toelichting")),
        }

    def find(self, row: dict[str, Any]) -> VangnetFigure | None:
        key = (row["school"].pk, row["kind"], row["peildatum"], row["category"])
        return self.existing.get(key)

    def make_form(self, row: dict[str, Any], record) -> FigureForm:
        sbo = data.is_sbo(row["school"])
        return FigureForm({k: v for k, v in row.items() if k != "school"}, sbo=sbo, prefix=None)

    def unchanged(self, record: VangnetFigure, cleaned: dict[str, Any]) -> bool:
        return (record.value, record.source, record.note) == (
            cleaned["value"],
            cleaned["source"],
            cleaned["note"].strip(),
        )

    def check(self, row, cleaned, record) -> None:
        fields = {k: v for k, v in cleaned.items() if k != "note"}
        data.figure_check(school=row["school"], school_year=self.school_year, **fields)

    def save(self, row, cleaned, record) -> None:
        data.figure_save(school=row["school"], school_year=self.school_year, by=self.by, **cleaned)
