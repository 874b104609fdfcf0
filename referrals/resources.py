"""Import and export of thuiszitter registrations and OPPs of one school (CSV or XLSX).

The columns are Dutch and hold the codes as stored. Every imported row goes through the same
services as the forms (``absence_create``/``absence_update``, ``opp_create``/``opp_update``),
also in the dry run (inside a transaction that is rolled back), so a file is checked by exactly
the rules a form is. A row matches an existing record of the school on (leerlingnummer,
begindatum) for thuiszitters and (leerlingnummer, plaatsing) for OPP's: found → update, otherwise
→ create. Every problem comes back on its row as ``kolom: melding``.

An export uses the same columns, so an exported file imports back unchanged. A cell that a
spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) gets a
leading apostrophe on export; the import takes exactly one apostrophe off again.

Pupil details (geboortejaar, initialen) belong to the pupil, as in the forms: they are used when
the pupil is new; a known leerlingnummer with another geboortejaar is an error; other initials
for a known pupil are ignored.
"""

from __future__ import annotations

import base64
import datetime
import re
import zlib
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ClassVar

import tablib
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from import_export import fields, resources

from swvportal.audit.models import AuditEntry
from swvportal.core.imports import ImportReport, load_dataset, run_import
from swvportal.tenancy.models import School, normalize_brin

from . import services
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

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
# Also match leading apostrophes, so that escaping (add one) and unescaping (take one off) are
# each other's inverse for every text.
_FORMULA_START = re.compile(r"'*[=+\-@\t\r]")
# Characters an XLSX file cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): refused on import.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_DUTCH_DATE = re.compile(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})")
_YEAR = re.compile(r"[0-9]{1,4}")
_SHOWN_CHARACTERS = 40


def escape_formula(value: Any) -> Any:
    """``'=1+1`` for ``=1+1``: a spreadsheet shows it as text instead of running it."""
    if isinstance(value, str) and _FORMULA_START.match(value):
        return "'" + value
    return value


def unescape_formula(text: str) -> str:
    if text.startswith("'") and _FORMULA_START.match(text, 1):
        return text[1:]
    return text


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
    if _CONTROL_CHARACTERS.search(text):
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
    if isinstance(value, str):
        return escape_formula(_CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", value))
    return value


# --- The resources -------------------------------------------------------------------------


class _RegistrationResource(resources.ModelResource):
    """One school's registrations; subclasses name the columns, the key and the services."""

    columns: ClassVar[list[Column]]
    key_attribute: ClassVar[str]  # with the pupil number: what identifies a row in a school

    class Meta:
        fields = ()  # the columns are made per instance from ``columns``
        skip_diff = True  # we compare ourselves (``_changed``): no deep copies per row
        report_skipped = True
        clean_model_instances = False  # the services clean

    def __init__(self, *, school: School | None, school_column: bool = False, by=None) -> None:
        super().__init__()
        self.school = school
        self.school_column = school_column
        self.by = by
        self.labels = {c.attribute: c.name for c in self.columns}
        self.fields = OrderedDict(
            (c.name, fields.Field(attribute=None, column_name=c.name)) for c in self.columns
        )
        self._existing: dict[tuple, list[models.Model]] = {}
        self._seen: dict[tuple, int] = {}
        self._data: dict[str, Any] = {}
        self._changed = False

    # Subclasses: the services.
    def create(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update(self, record: models.Model, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        return self._meta.model.objects.filter(school=self.school)

    # --- Import ----------------------------------------------------------------------------

    def before_import(self, dataset, **kwargs) -> None:
        self._existing = defaultdict(list)
        for record in self.get_queryset().select_related("pupil").order_by("pk"):
            key = (record.pupil.pupil_number, getattr(record, self.key_attribute))
            self._existing[key].append(record)
        self._seen = {}

    def before_import_row(self, row, row_number=None, **kwargs) -> None:
        self._data = {}
        data: dict[str, Any] = {}
        errors: list[str] = []
        for column in self.columns:
            try:
                data[column.attribute] = _READERS[column.kind](column, row.get(column.name))
            except CellError as exc:
                errors.append(str(exc))
        errors += self._school_column_errors(row)
        if not errors and data["pupil_number"]:
            errors += self._key_errors(data, (row_number or 0) + 1)
        if errors:
            raise ValidationError(errors)
        self._data = data

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

    def get_instance(self, instance_loader, row):
        found = self._existing.get((self._data["pupil_number"], self._data[self.key_attribute]))
        return found[0] if found else None

    def init_instance(self, row=None):
        return self._meta.model(tenant=self.school.tenant, school=self.school)

    def import_instance(self, instance, row, **kwargs) -> None:
        record_data = self._record_data()
        if instance.pk is None:
            self._changed = True
        else:
            # The same check as a form for a known pupil: the birth year must match.
            with self._row_messages():
                services.pupil_for(
                    school=self.school,
                    **{k: self._data[k] for k in PUPIL_ATTRIBUTES},
                )
            self._changed = any(
                not _same(value, getattr(instance, name)) for name, value in record_data.items()
            )
        for name, value in record_data.items():
            setattr(instance, name, value)

    def skip_row(self, instance, original, row, import_validation_errors=None) -> bool:
        return not import_validation_errors and instance.pk is not None and not self._changed

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        if import_validation_errors:
            raise ValidationError(import_validation_errors)

    def save_instance(self, instance, is_create, row, **kwargs) -> None:
        with self._row_messages():
            if is_create:
                saved = self.create(dict(self._data))
            else:
                saved = self.update(instance, self._record_data())
        instance.pk = saved.pk

    def save_m2m(self, instance, row, **kwargs) -> None:
        pass

    def _record_data(self) -> dict[str, Any]:
        return {k: v for k, v in self._data.items() if k not in PUPIL_ATTRIBUTES}

    @contextmanager
    def _row_messages(self) -> Iterator[None]:
        """A service's ValidationError as ``kolom: melding`` lines, with Dutch column names."""
        try:
            yield
        except ValidationError as exc:
            raise ValidationError(row_messages(exc, self.labels)) from None

    # --- Export ----------------------------------------------------------------------------

    def get_export_headers(self, selected_fields=None) -> list[str]:
        names = [c.name for c in self.columns]
        return [SCHOOL_COLUMN, *names] if self.school_column else names

    def export_resource(self, instance, selected_fields=None, **kwargs) -> list[Any]:
        values = [
            _export_cell(
                getattr(
                    instance.pupil if c.attribute in PUPIL_ATTRIBUTES else instance, c.attribute
                )
            )
            for c in self.columns
        ]
        if self.school_column:
            values.insert(0, _export_cell(instance.school.brin))
        return values


def row_messages(exc: ValidationError, labels: dict[str, str]) -> list[str]:
    if not hasattr(exc, "error_dict"):
        return list(exc.messages)
    messages = []
    for field, field_messages in exc.message_dict.items():
        label = labels.get(field)
        messages += [f"{label}: {m}" if label else m for m in field_messages]
    return messages


class AbsenceResource(_RegistrationResource):
    columns = ABSENCE_COLUMNS
    key_attribute = "start_date"

    class Meta:
        model = AbsenceRegistration

    def create(self, data):
        return services.absence_create(school=self.school, data=data, by=self.by)

    def update(self, record, data):
        return services.absence_update(
            registration=record, data=data, revision=record.revision, by=self.by
        )


class OppResource(_RegistrationResource):
    columns = OPP_COLUMNS
    key_attribute = "placement_date"

    class Meta:
        model = OppRegistration

    def create(self, data):
        return services.opp_create(school=self.school, data=data, by=self.by)

    def update(self, record, data):
        return services.opp_update(opp=record, data=data, revision=record.revision, by=self.by)


RESOURCES: dict[str, type[_RegistrationResource]] = {
    ABSENCES: AbsenceResource,
    OPPS: OppResource,
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
    kind: str, *, school: School, dataset: tablib.Dataset, commit: bool, by=None
) -> ImportReport:
    """Dry run, then (with ``commit`` and no errors at all) the real import: all or nothing."""
    resource_class = RESOURCES[kind]
    return run_import(lambda: resource_class(school=school, by=by), dataset, commit=commit)


def registrations(kind: str, queryset: QuerySet | None = None, **filters: Any) -> QuerySet:
    """What an export contains: records not yet anonymised, in a stable order."""
    resource_class = RESOURCES[kind]
    if queryset is None:
        queryset = resource_class._meta.model.objects.all()
    return (
        queryset.filter(anonymised_at__isnull=True, **filters)
        .select_related("pupil", "school")
        .order_by("school__brin", "pupil__pupil_number", resource_class.key_attribute, "pk")
    )


def export_dataset(kind: str, queryset: QuerySet, *, school_column: bool) -> tablib.Dataset:
    """``queryset`` (from ``registrations``) in the import's columns, plus ``school`` if asked."""
    dataset = RESOURCES[kind](school=None, school_column=school_column).export(queryset)
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
