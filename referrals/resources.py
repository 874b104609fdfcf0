"""Import and export of thuiszitter registrations and OPPs of one school (CSV or XLSX).

The columns are Dutch and hold the codes as stored. Every imported row is validated by the page's
own form (``AbsenceForm``, with the close fields, and ``OppForm``) and saved by the same services
(``absence_create``/``absence_update``, ``opp_create``/``opp_update``). The dry run applies those
services' rules (``services.records_check``) to the school's records, read once per file, so a file
is checked by exactly the rules a form is, without a query per row. A row matches an existing
record of the school on (leerlingnummer, begindatum) for thuiszitters and (leerlingnummer,
plaatsing) for OPP's: found → update, otherwise → create. Every problem comes back on its row as
``kolom: melding``.

An export uses the same columns, so an exported file imports back unchanged. A cell that a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) gets a
leading apostrophe on export; the import takes exactly one apostrophe off again (the platform's
``swvportal.core.spreadsheets``, shared by every export).

Pupil details (geboortejaar, initialen) belong to the pupil, as in the forms: they are used when
the pupil is new; a known leerlingnummer with another geboortejaar is an error; other initials
for a known pupil are ignored.
"""

from __future__ import annotations

import base64
import datetime
import re
import zlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import tablib
from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

from swvportal.audit.models import AuditEntry
from swvportal.core.imports import (
    FormImporter,
    ImportReport,
    Progress,
    RowRejected,
    load_dataset,
    rebind,
    run_import,
)
from swvportal.core.spreadsheets import CONTROL_CHARACTERS, text_cell, unescape_formula
from swvportal.core.spreadsheets import escape_formula as escape_formula  # read by the tests
from swvportal.tenancy.models import School, normalize_brin

from . import services
from .forms import AbsenceImportForm, OppForm
from .models import (
    AbsenceKind,
    AbsenceRegistration,
    HeardHow,
    OppRegistration,
    Outcome,
    Partner,
    ReasonCategory,
)

ABSENCES = "thuiszitters"
OPPS = "opp"
KINDS = (ABSENCES, OPPS)
SCHOOL_COLUMN = "school"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_YEAR = re.compile(r"[0-9]{1,4}")
_SHOWN_CHARACTERS = 40


@dataclass(frozen=True)
class Column:
    name: str  # in the file
    attribute: str  # on the record (the pupil fields on its pupil)
    kind: str = "text"  # text | year | date | code | codes
    choices: type[models.TextChoices] | None = None
    required: bool = False
    help: str = ""

    @property
    def allowed(self) -> str:
        return ", ".join(self.choices.values) if self.choices else ""

    @property
    def codes(self) -> list[tuple[str, str]]:
        return list(self.choices.choices) if self.choices else []


PUPIL_COLUMNS = [
    Column(
        "leerlingnummer",
        "pupil_number",
        required=True,
        help="Het leerlingnummer van de school. Geen naam en geen BSN.",
    ),
    Column(
        "geboortejaar", "birth_year", "year", required=True, help="Vier cijfers, bijvoorbeeld 2011."
    ),
    Column("initialen", "initials", help="Mag leeg blijven."),
]
ABSENCE_COLUMNS = [
    *PUPIL_COLUMNS,
    Column("soort", "kind", "code", AbsenceKind, required=True, help="De soort verzuim."),
    Column(
        "wettelijke_grond",
        "legal_ground",
        help="Alleen bij een vrijstelling, bijvoorbeeld 'Leerplichtwet art. 5 onder a'.",
    ),
    Column("begindatum", "start_date", "date", required=True, help="De eerste dag thuis."),
    Column("einddatum", "end_date", "date", help="Leeg zolang de leerling nog thuiszit."),
    Column("reden", "reason_category", "code", ReasonCategory, help="De belangrijkste reden."),
    Column(
        "partners",
        "partners",
        "codes",
        Partner,
        help="Betrokken partners, gescheiden door een puntkomma (;).",
    ),
    Column("plan", "plan", help="Het plan van aanpak, in gewone tekst."),
    Column("laatste_contact", "last_contact_date", "date", help="Datum van het laatste contact."),
    Column(
        "uitkomst",
        "outcome",
        "code",
        Outcome,
        help="Verplicht als de einddatum is ingevuld: waar gaat de leerling naartoe?",
    ),
]
OPP_COLUMNS = [
    *PUPIL_COLUMNS,
    Column("plaatsing", "placement_date", "date", required=True, help="Datum van plaatsing."),
    Column("vastgesteld_op", "set_on", "date", help="Datum waarop het OPP is vastgesteld."),
    Column(
        "instemming_ouders",
        "parents_consent_on",
        "date",
        help="Datum van instemming van de ouders met het handelingsdeel.",
    ),
    Column("gehoord_op", "heard_on", "date", help="Datum waarop de leerling is gehoord."),
    Column("hoe_gehoord", "heard_how", "code", HeardHow, help="Hoe de leerling is gehoord."),
    Column("mening_leerling", "pupil_view", help="De mening van de leerling, in gewone tekst."),
    Column("ondertekend_op", "signed_on", "date", help="Datum van ondertekening door de leerling."),
    Column("evaluatie_gepland", "evaluation_due", "date", help="Datum van de geplande evaluatie."),
    Column("geevalueerd_op", "evaluated_on", "date", help="Datum van de laatste evaluatie."),
]
PUPIL_ATTRIBUTES = tuple(c.attribute for c in PUPIL_COLUMNS)


# --- Reading cells -------------------------------------------------------------------------


class CellError(Exception):
    """One cell cannot be read; the message is Dutch and starts with the column name."""


def _shown(text: str) -> str:
    if len(text) > _SHOWN_CHARACTERS:
        text = text[: _SHOWN_CHARACTERS - 1] + "…"
    return repr(text)


def _cell_text(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.datetime):
        value = value.date()
    text = unescape_formula(str(value).strip()).strip()
    if CONTROL_CHARACTERS.search(text):  # an XLSX file cannot hold them: refused on import
        raise CellError(
            f"{column.name}: Hier staat een teken dat niet is toegestaan (een stuurteken). Haal "
            "het weg."
        )
    return text


def _cell_year(column: Column, value: Any) -> int | None:
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _cell_text(column, value)
    if not text:
        return None
    if not _YEAR.fullmatch(text):
        raise CellError(
            f"{column.name}: {_shown(text)} is geen jaartal. Schrijf het jaar met vier cijfers, "
            "bijvoorbeeld 2011."
        )
    return int(text)


def _cell_date(column: Column, value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _cell_text(column, value)
    if not text:
        if column.required:
            raise CellError(f"{column.name}: Vul de {column.name} in (jjjj-mm-dd of dd-mm-jjjj).")
        return None
    try:
        if match := _ISO_DATE.fullmatch(text):
            year, month, day = match.groups()
        elif match := _DUTCH_DATE.fullmatch(text):
            day, month, year = match.groups()
        else:
            raise ValueError(text)
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(
            f"{column.name}: {_shown(text)} is geen geldige datum. Schrijf de datum als "
            "jjjj-mm-dd of dd-mm-jjjj, bijvoorbeeld 2025-03-31 of 31-03-2025."
        ) from None


def _cell_code(column: Column, value: Any) -> str:
    text = _cell_text(column, value).lower()
    if not text:
        if column.required:
            raise CellError(f"{column.name}: Vul de {column.name} in. Kies uit: {column.allowed}.")
        return ""
    if text not in column.choices.values:
        raise CellError(
            f"{column.name}: Onbekende waarde {_shown(text)}. Kies uit: {column.allowed}."
        )
    return text


def _cell_codes(column: Column, value: Any) -> list[str]:
    text = _cell_text(column, value).lower()
    codes = list(dict.fromkeys(c.strip() for c in re.split(r"[;,]", text) if c.strip()))
    unknown = [c for c in codes if c not in column.choices.values]
    if unknown:
        raise CellError(
            f"{column.name}: Onbekende waarde(n) {', '.join(_shown(c) for c in unknown)}. Kies "
            f"uit: {column.allowed} (meer dan één: gescheiden door een puntkomma)."
        )
    return codes


_READERS: dict[str, Callable[[Column, Any], Any]] = {
    "text": _cell_text,
    "year": _cell_year,
    "date": _cell_date,
    "code": _cell_code,
    "codes": _cell_codes,
}


def _same(a: Any, b: Any) -> bool:
    """Equal as a form would store them: text compared without outer spaces and line-end style."""
    if isinstance(a, str) and isinstance(b, str):
        return _plain(a) == _plain(b)
    return a == b


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _export_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(value)
    return text_cell(value)


# --- The resources -------------------------------------------------------------------------


class _RegistrationImporter(FormImporter):
    """One school's registrations from a file: the page's form per row, then the services.

    Subclasses name the columns, the key (with the pupil number: what identifies a row in a
    school), the model, the form and the services. A dry run checks each row with the
    services' rules against the school's records read once (``services.records_check``); a
    commit calls the services themselves.
    """

    columns: ClassVar[list[Column]]
    key_attribute: ClassVar[str]
    model: ClassVar[type[models.Model]]
    form_class: ClassVar[type[forms.ModelForm]]

    def __init__(self, *, school: School | None, by=None) -> None:
        self.school = school
        self.by = by
        self.labels = {c.attribute: c.name for c in self.columns}
        self.records: services.PupilRecords | None = None
        self._existing: dict[tuple, list[models.Model]] = {}
        self._seen: dict[tuple, int] = {}
        self._schools = School.objects.none()
        self._new_form: forms.ModelForm | None = None
        self._edit_form: forms.ModelForm | None = None

    # Subclasses: the services.
    def create(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update(self, record: models.Model, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def prepare(self, dataset, *, dry_run: bool) -> None:
        self.records = services.pupil_records(school=self.school, model=self.model)
        self._existing = defaultdict(list)
        for number, records in self.records.by_pupil.items():
            for record in records:
                self._existing[(number, getattr(record, self.key_attribute))].append(record)
        self._seen = {}
        # Read now, so that making the form per row asks the database nothing.
        self._schools = School.objects.filter(pk=self.school.pk)
        list(self._schools)

    def read_row(self, row: dict[str, Any], line: int) -> dict[str, Any]:
        data: dict[str, Any] = {}
        errors: list[str] = []
        for column in self.columns:
            try:
                data[column.attribute] = _READERS[column.kind](column, row.get(column.name))
            except CellError as exc:
                errors.append(str(exc))
        errors += self._school_column_errors(row)
        if not errors and data["pupil_number"]:
            errors += self._key_errors(data, line)
        if errors:
            raise RowRejected(errors)
        return data

    def _school_column_errors(self, row) -> list[str]:
        try:
            brin = normalize_brin(_cell_text(Column(SCHOOL_COLUMN, ""), row.get(SCHOOL_COLUMN)))
        except CellError as exc:
            return [str(exc)]
        if brin and brin != self.school.brin:
            return [
                f"{SCHOOL_COLUMN}: Deze regel hoort bij school {_shown(brin)}, niet bij "
                f"{self.school.brin}. Lees het bestand per school in, of laat de kolom "
                f"{SCHOOL_COLUMN} weg."
            ]
        return []

    def _key_errors(self, data: dict[str, Any], line: int) -> list[str]:
        key = (data["pupil_number"], data[self.key_attribute])
        what = self.labels[self.key_attribute]
        if key in self._seen:
            return [
                f"Deze leerling staat met dezelfde {what} ook al op regel {self._seen[key]}. "
                "Haal een van beide regels weg."
            ]
        self._seen[key] = line
        if len(self._existing.get(key, ())) > 1:
            return [
                f"Deze school heeft meer dan één registratie van deze leerling met deze {what}. "
                "Pas die in het portaal aan; het bestand kan niet kiezen welke bedoeld is."
            ]
        return []

    def find(self, data: dict[str, Any]) -> models.Model | None:
        found = self._existing.get((data["pupil_number"], data[self.key_attribute]))
        return found[0] if found else None

    def make_form(self, data: dict[str, Any], record: models.Model | None) -> forms.BaseForm:
        """The page's form: the new-record form, or for a known record the edit form (whose
        pupil fields are gone: they belong to the pupil, checked in ``check``/``save``)."""
        if record is None:
            if self._new_form is None:
                self._new_form = self.form_class({}, schools=self._schools)
                del self._new_form.fields["school"]  # the file's: chosen and checked on upload
            return rebind(self._new_form, data, self.model())
        if self._edit_form is None:
            self._edit_form = self.form_class({}, instance=self.model(), editing=True)
        return rebind(self._edit_form, data, self.model(pk=record.pk))

    def unchanged(self, record: models.Model, cleaned: dict[str, Any]) -> bool:
        return not any(
            not _same(value, getattr(record, name)) for name, value in _record_data(cleaned).items()
        )

    def check(self, data: dict[str, Any], cleaned: dict[str, Any], record) -> None:
        if record is not None:
            # As a form for a known pupil: the birth year must match; initials are ignored.
            services.pupil_check(records=self.records, **_pupil_data(data))
            services.records_check(records=self.records, data=_record_data(cleaned), record=record)
        else:
            services.records_check(
                records=self.records, data={**_pupil_data(data), **_record_data(cleaned)}
            )

    def save(self, data: dict[str, Any], cleaned: dict[str, Any], record) -> None:
        """A new record waits in ``self.records`` for ``finish``; a known one is saved now, by
        its service, after the check against ``self.records``: the database does not yet hold
        the file's new records, the batch does."""
        if record is not None:
            self.check(data, cleaned, record)
            services.pupil_for(school=self.school, **_pupil_data(data))
            self.update(record, _record_data(cleaned))
        else:
            self.create({**_pupil_data(data), **_record_data(cleaned)})

    def finish(self) -> None:
        services.records_flush(batch=self.records)


def _pupil_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in PUPIL_ATTRIBUTES}


def _record_data(cleaned: dict[str, Any]) -> dict[str, Any]:
    """What the services take of a form's cleaned data: not the pupil, not the revision."""
    return {k: v for k, v in cleaned.items() if k not in PUPIL_ATTRIBUTES and k != "revision"}


def row_messages(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    messages = []
    for field, field_messages in exc.message_dict.items():
        label = labels.get(field)
        messages += [f"{label}: {m}" if label else m for m in field_messages]
    return messages


class AbsenceImporter(_RegistrationImporter):
    columns = ABSENCE_COLUMNS
    key_attribute = "start_date"
    model = AbsenceRegistration
    form_class = AbsenceImportForm

    def create(self, data):
        return services.absence_create(
            school=self.school, data=data, by=self.by, batch=self.records
        )

    def update(self, record, data):
        return services.absence_update(
            registration=record, data=data, revision=record.revision, by=self.by
        )


class OppImporter(_RegistrationImporter):
    columns = OPP_COLUMNS
    key_attribute = "placement_date"
    model = OppRegistration
    form_class = OppForm

    def create(self, data):
        return services.opp_create(school=self.school, data=data, by=self.by, batch=self.records)

    def update(self, record, data):
        return services.opp_update(opp=record, data=data, revision=record.revision, by=self.by)


RESOURCES: dict[str, type[_RegistrationImporter]] = {
    ABSENCES: AbsenceImporter,
    OPPS: OppImporter,
}
LABELS = {ABSENCES: "thuiszitters", OPPS: "OPP's"}


# --- What views and commands call ----------------------------------------------------------


def column_names(kind: str) -> list[str]:
    return [c.name for c in RESOURCES[kind].columns]


def file_format_for(name: str) -> str | None:
    """``csv`` or ``xlsx`` from a file name, or None for anything else."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    return suffix if suffix in ("csv", "xlsx") else None


def read_file(kind: str, raw: bytes, file_format: str) -> tablib.Dataset:
    """The file as a dataset, or ``ImportFileError`` (format, encoding, missing columns)."""
    return load_dataset(raw, file_format, required=column_names(kind))


def import_dataset(
    kind: str,
    *,
    school: School,
    dataset: tablib.Dataset,
    commit: bool,
    by=None,
    progress: Progress | None = None,
) -> ImportReport:
    """Dry run, then (with ``commit`` and no errors at all) the real import: all or nothing."""
    importer_class = RESOURCES[kind]
    return run_import(
        lambda: importer_class(school=school, by=by), dataset, commit=commit, progress=progress
    )


def registrations(kind: str, queryset: QuerySet | None = None, **filters: Any) -> QuerySet:
    """What an export contains: records not yet anonymised, in a stable order."""
    resource_class = RESOURCES[kind]
    if queryset is None:
        queryset = resource_class.model.objects.all()
    return (
        queryset.filter(anonymised_at__isnull=True, **filters)
        .select_related("pupil", "school")
        .order_by("school__brin", "pupil__pupil_number", resource_class.key_attribute, "pk")
    )


def export_dataset(kind: str, queryset: QuerySet, *, school_column: bool) -> tablib.Dataset:
    """``queryset`` (from ``registrations``) in the import's columns, plus ``school`` if asked."""
    columns = RESOURCES[kind].columns
    headers = [c.name for c in columns]
    dataset = tablib.Dataset(headers=[SCHOOL_COLUMN, *headers] if school_column else headers)
    for record in queryset:
        values = [
            _export_cell(
                getattr(record.pupil if c.attribute in PUPIL_ATTRIBUTES else record, c.attribute)
            )
            for c in columns
        ]
        dataset.append([_export_cell(record.school.brin), *values] if school_column else values)
    dataset.title = kind
    return dataset


def empty_dataset(kind: str) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=column_names(kind))
    dataset.title = kind
    return dataset


def dataset_bytes(dataset: tablib.Dataset, file_format: str) -> bytes:
    if file_format == "xlsx":
        return dataset.export("xlsx")
    return dataset.export("csv").encode("utf-8-sig")  # the BOM: Excel then reads UTF-8


def log_command_export(anchor: models.Model, kind: str, count: int) -> AuditEntry:
    """``log_read`` for a management command: no request, no actor."""
    return AuditEntry.objects.log_create(
        anchor,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes=None,
        actor=None,
        remote_addr=None,
        additional_data={"what": f"export {kind} (opdrachtregel)", "count": count},
    )


def pack_bytes(raw: bytes) -> str:
    return base64.b64encode(zlib.compress(raw)).decode("ascii")


def unpack_bytes(packed: str) -> bytes:
    return zlib.decompress(base64.b64decode(packed))


# --- Big files: registered with the platform's background import ----------------------------


def import_kind(kind: str) -> str:
    return f"referrals.{kind}"


def register_imports() -> None:
    """Thuiszitters and OPP files above ``IMPORT_BACKGROUND_ROWS`` rows run as a job."""
    from django.urls import reverse

    from swvportal.core.import_jobs import register_import

    url_names = {ABSENCES: "referrals:import_absences", OPPS: "referrals:import_opps"}
    for kind, importer_class in RESOURCES.items():

        def make(upload, importer_class=importer_class):
            school = School.objects.get(pk=upload.params["school"], tenant=upload.tenant)
            return importer_class(school=school, by=upload.created_by)

        def page_url(upload, name=url_names[kind]):
            url = reverse(name, kwargs={"tenant_code": upload.tenant.code})
            return f"{url}?bestand={upload.pk}"

        register_import(
            import_kind(kind),
            f"{LABELS[kind].capitalize()} inlezen",
            "referrals.change_pupil_records",
            required=column_names(kind),
            make_importer=make,
            page_url=page_url,
        )
