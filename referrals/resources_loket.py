"""Import and export of historic TLVs (issue 13 item 13), CSV or XLSX, for a whole tenant.

Columns: ``leerlingnummer,geboortejaar,school_brin,soort,cluster,categorie,ontvangende_school,
ingediend_op,besluit,besluit_op,ingangsdatum,einddatum``. Each row is checked by the row form
(``HistoricTlvRowForm``: the cells) and the service (``historic_tlv_check``: the rules) and saved
by ``historic_tlv_create``: a pupil (``pupil_for``), a closed request submitted on
``ingediend_op`` and a decision with ``imported=True``. On the platform's ``FormImporter``: a dry
run first; saving only when no row has an error, all in one transaction.

A row is the decision of (school, leerlingnummer, soort, besluit_op). A row that matches a
decision the tenant already has is *unchanged* when everything is the same (so a file can be
read twice, and an export reads back as all unchanged), and an error otherwise: a decision is
never changed.

The export writes the same columns (dates as jjjj-mm-dd, the receiving school as its BRIN when
it is one of the tenant's), every cell through ``text_cell`` so no text runs as a formula; the
import takes that apostrophe off again. So an imported file exports back to the same rows.
"""

from __future__ import annotations

import datetime
from typing import Any

import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from swvportal.core.imports import (
    FormImporter,
    ImportReport,
    RowRejected,
    load_dataset,
    rebind,
    run_import,
)
from swvportal.core.spreadsheets import CONTROL_CHARACTERS, text_cell, unescape_formula
from swvportal.tenancy.models import School, Tenant, normalize_brin

from .forms.loket_register import HistoricTlvRowForm
from .models import Pupil
from .models.loket import TlvDecision
from .services import loket_register as service

# column in the file → field of the row form (and of ``service.historic_tlv_check``'s data)
COLUMNS = {
    "leerlingnummer": "pupil_number",
    "geboortejaar": "birth_year",
    "school_brin": "school_brin",
    "soort": "kind",
    "cluster": "cluster",
    "categorie": "category",
    "ontvangende_school": "receiving_school",
    "ingediend_op": "submitted_on",
    "besluit": "outcome",
    "besluit_op": "decided_on",
    "ingangsdatum": "start_date",
    "einddatum": "end_date",
}
COLUMN_HELP = {
    "leerlingnummer": "Het leerlingnummer van de school. Geen naam en geen BSN.",
    "geboortejaar": "Vier cijfers, bijvoorbeeld 2011.",
    "school_brin": "De BRIN (met vestiging) van de aanvragende school van uw samenwerkingsverband.",
    "soort": "vso, pro of lwoo.",
    "cluster": "3 of 4 bij vso; leeg bij pro en lwoo.",
    "categorie": "laag, midden of hoog bij een toegekende vso-TLV; anders leeg.",
    "ontvangende_school": "De BRIN van een school van uw samenwerkingsverband, of de naam van "
    "een school daarbuiten. Mag leeg blijven.",
    "ingediend_op": "De datum waarop de school de aanvraag indiende.",
    "besluit": "toegekend of afgewezen.",
    "besluit_op": "De datum van het besluit.",
    "ingangsdatum": "Bij toegekend: de eerste dag van de TLV. Bij afgewezen: leeg.",
    "einddatum": "Bij toegekend: de laatste dag van de TLV. Bij afgewezen: leeg.",
}
LABELS = {field: column for column, field in COLUMNS.items()}
CODE_FIELDS = ("kind", "category", "outcome")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def _text(value: Any) -> str:
    """A cell as text, the way the export wrote it (one apostrophe before a formula off)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unescape_formula(str(value).strip()).strip()


class HistoricTlvImporter(FormImporter):
    """The rows of one file for ``tenant``; ``prepare`` reads the tenant's schools, pupils and
    decisions once, so the dry run asks the database nothing per row."""

    labels = LABELS

    def __init__(self, *, tenant: Tenant, by=None) -> None:
        self.tenant = tenant
        self.by = by
        self.form = HistoricTlvRowForm()
        self.schools: dict[str, School] = {}
        self.birth_years: dict[tuple[int, str], int] = {}
        self.decisions: dict[tuple, TlvDecision] = {}
        self.seen: dict[tuple, int] = {}

    def prepare(self, dataset: tablib.Dataset, *, dry_run: bool) -> None:
        self.schools = {s.brin: s for s in School.objects.filter(tenant=self.tenant)}
        self.birth_years = {
            (school_id, number): year
            for school_id, number, year in Pupil.objects.filter(tenant=self.tenant).values_list(
                "school_id", "pupil_number", "birth_year"
            )
        }
        self.decisions = {
            _key(d.school_id, d.pupil.pupil_number, d.kind, d.decided_on): d
            for d in decision_rows(tenant=self.tenant)
        }
        self.seen = {}

    def read_row(self, row: dict[str, Any], line: int) -> dict[str, Any]:
        data = {field: _text(row.get(column)) for column, field in COLUMNS.items()}
        for field in CODE_FIELDS:
            data[field] = data[field].lower()
        errors = [
            f"{LABELS[field]}: Hier staat een teken dat niet is toegestaan (een stuurteken)."
            for field, value in data.items()
            if CONTROL_CHARACTERS.search(value)
        ]
        school = self.schools.get(normalize_brin(data["school_brin"]))
        if school is None:
            errors.append(
                f"school_brin: Onbekende school {data['school_brin']!r}: vul de BRIN in van een "
                f"school van {self.tenant.name}."
                if data["school_brin"]
                else "school_brin: Vul de BRIN van de aanvragende school in."
            )
        if errors:
            raise RowRejected(errors)
        data["school"] = school
        data["line"] = line
        return data

    def find(self, data: dict[str, Any]) -> TlvDecision | None:
        """The decision the tenant already has for this row's key, if the row's cells read
        (the key needs the form's dates); ``make_form`` then hands on the bound form."""
        form = rebind(self.form, data)
        if not form.is_valid():
            return None
        cleaned = form.cleaned_data
        key = _key(
            data["school"].pk,
            cleaned["pupil_number"].strip(),
            cleaned["kind"],
            cleaned["decided_on"],
        )
        return self.decisions.get(key)

    def make_form(self, data: dict[str, Any], record) -> forms.BaseForm:
        return self.form  # bound to ``data`` by ``find``, validated once

    def unchanged(self, record: TlvDecision, cleaned: dict[str, Any]) -> bool:
        return export_row(record) == self._as_exported(self.form.data, cleaned)

    def _rows(self, data: dict[str, Any], cleaned: dict[str, Any]) -> tuple[dict, TlvDecision]:
        """The service's data and the decision this row already is (or None); or the row's
        errors."""
        school = data["school"]
        number = cleaned["pupil_number"].strip()
        values = {k: cleaned[k] for k in service.HISTORIC_FIELDS}
        service.historic_tlv_check(values)
        known_year = self.birth_years.get((school.pk, number))
        service.historic_pupil_check(
            pupil_number=number, birth_year=cleaned["birth_year"], known_birth_year=known_year
        )
        key = _key(school.pk, number, values["kind"], values["decided_on"])
        if key in self.seen and self.seen[key] != data["line"]:
            raise ValidationError(
                f"Dit besluit (zelfde school, leerling, soort en besluitdatum) staat ook al op "
                f"regel {self.seen[key]}. Haal een van beide regels weg."
            )
        self.seen[key] = data["line"]
        known = self.decisions.get(key)
        if known is not None and export_row(known) != self._as_exported(data, cleaned):
            raise ValidationError(
                "Deze leerling heeft al een besluit van deze soort op deze datum, met andere "
                "gegevens. Een besluit verandert nooit; een correctie is een nieuw besluit in "
                "het portaal."
            )
        return values, known

    def _as_exported(self, data: dict[str, Any], cleaned: dict[str, Any]) -> list:
        receiving, name = self._receiving(data["receiving_school"])
        return _row_cells(
            pupil_number=cleaned["pupil_number"].strip(),
            birth_year=cleaned["birth_year"],
            school=data["school"],
            receiving=receiving.brin if receiving else name,
            **{k: cleaned[k] for k in service.HISTORIC_FIELDS},
        )

    def _receiving(self, value: str) -> tuple[School | None, str]:
        found = self.schools.get(normalize_brin(value)) if value else None
        return (found, "") if found else (None, value)

    def check(self, data: dict[str, Any], cleaned: dict[str, Any], record) -> None:
        self._rows(data, cleaned)

    def save(self, data: dict[str, Any], cleaned: dict[str, Any], record) -> None:
        values, known = self._rows(data, cleaned)
        if known is not None:
            return  # the same decision: nothing to save
        receiving, name = self._receiving(data["receiving_school"])
        decision = service.historic_tlv_create(
            school=data["school"],
            pupil_number=cleaned["pupil_number"].strip(),
            birth_year=cleaned["birth_year"],
            receiving_school=receiving,
            receiving_school_name=name,
            data=values,
            by=self.by,
        )
        self.birth_years[(data["school"].pk, decision.pupil.pupil_number)] = cleaned["birth_year"]


def _key(school_id: int, number: str, kind: str, decided_on: datetime.date) -> tuple:
    return (school_id, number, kind, decided_on)


# --- What views and commands call ---------------------------------------------------------------


def read_file(raw: bytes, file_format: str) -> tablib.Dataset:
    """The file as a dataset, or ``ImportFileError`` (format, encoding, missing columns)."""
    return load_dataset(raw, file_format, required=list(COLUMNS))


def import_dataset(
    *, tenant: Tenant, dataset: tablib.Dataset, commit: bool, by=None
) -> ImportReport:
    """Dry run, then (with ``commit`` and no errors at all) the real import: all or nothing.
    A row that is already there counts as *ongewijzigd*."""
    report = run_import(lambda: HistoricTlvImporter(tenant=tenant, by=by), dataset, commit=commit)
    return report


def decision_rows(*, tenant: Tenant, school: School | None = None) -> QuerySet[TlvDecision]:
    """What an export holds: the tenant's decisions in force as decisions (a replaced one is
    left out: its correction is there), not anonymised, in a stable order."""
    decisions = TlvDecision.objects.filter(
        tenant=tenant, replaced_by__isnull=True, anonymised_at__isnull=True
    )
    if school is not None:
        decisions = decisions.filter(school=school)
    return decisions.select_related("pupil", "school", "receiving_school", "request").order_by(
        "school__brin", "pupil__pupil_number", "decided_on", "pk"
    )


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _row_cells(
    *,
    pupil_number: str,
    birth_year: int,
    school: School,
    kind: str,
    cluster: int | None,
    category: str,
    receiving: str,
    submitted_on: datetime.date | None,
    outcome: str,
    decided_on: datetime.date,
    start_date: datetime.date | None,
    end_date: datetime.date | None,
) -> list:
    return [
        text_cell(pupil_number),
        birth_year,
        text_cell(school.brin),
        kind,
        cluster if cluster is not None else "",
        category,
        text_cell(receiving),
        _date(submitted_on),
        outcome,
        _date(decided_on),
        _date(start_date),
        _date(end_date),
    ]


def export_row(decision: TlvDecision) -> list:
    receiving = decision.receiving_school
    return _row_cells(
        pupil_number=decision.pupil.pupil_number,
        birth_year=decision.pupil.birth_year,
        school=decision.school,
        kind=decision.kind,
        cluster=decision.cluster,
        category=decision.category,
        receiving=receiving.brin if receiving else decision.receiving_school_name,
        submitted_on=decision.request.submitted_on,
        outcome=decision.outcome,
        decided_on=decision.decided_on,
        start_date=decision.start_date,
        end_date=decision.end_date,
    )


def export_dataset(decisions: QuerySet[TlvDecision]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for decision in decisions:
        dataset.append(export_row(decision))
    dataset.title = "tlvs"
    return dataset


def dataset_bytes(dataset: tablib.Dataset, file_format: str) -> bytes:
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return dataset.export("csv").encode("utf-8-sig")  # the BOM: Excel then reads UTF-8


def file_format_for(name: str) -> str | None:
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return suffix if suffix in ("csv", "xlsx") else None
