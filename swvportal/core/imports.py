"""File imports through django-import-export: always a dry run first, atomic, Dutch row errors.

Used by every importer (schools now; thuiszitters, OPPs and budgets later)::

    dataset = load_dataset(raw_bytes, "csv", required=["brin", "naam"])
    report = run_import(lambda: SchoolResource(tenant=t), dataset, commit=True)

``run_import`` makes a fresh resource for each pass, runs a dry run and only when that has no
errors at all (and ``commit`` is set) runs the import again for real, in one transaction.
A row's ``line`` is its line in the file: the header is line 1.

The resource is a django-import-export ``Resource`` or a ``FormImporter``: an app's importer
that validates each row with the same form as the app's page and saves it with the same
service (``FormImporter`` says how). Files above ``IMPORT_BACKGROUND_ROWS`` rows are checked
and saved in a background job (``swvportal.core.import_jobs``).

A file is checked before it is parsed, so one upload cannot take a worker's memory: an XLSX (a
zip) by the unpacked size and packing ratio its members declare (zipfile never unpacks more than
a member declares), then read in openpyxl's streaming mode; CSV and XLSX rows are counted while
reading and reading stops at ``MAX_ROWS`` + 1.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import openpyxl
import tablib
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from import_export.resources import Resource
from import_export.results import RowResult

logger = logging.getLogger(__name__)
Progress = Callable[[int, str], None]

MAX_ROWS = 100_000
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # an XLSX's members together; a 5 MB upload unpacks to ~50
MAX_PACKING_RATIO = 200  # real sheets pack 5 to 30 times; a zip bomb about 1000 times
MAX_MEMBERS = 1000
# A row element, with or without a namespace prefix; counted in the raw XML before parsing.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")


class ImportFileError(Exception):
    """The file as a whole cannot be read (encoding, format, headers): nothing was imported."""


@dataclass
class RowError:
    line: int
    messages: list[str]

    def __str__(self) -> str:
        return f"regel {self.line}: {'; '.join(self.messages)}"


@dataclass
class ImportReport:
    rows: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def load_dataset(
    raw: bytes, file_format: str, *, required: Iterable[str], sheet: str | None = None
) -> tablib.Dataset:
    """Read CSV or XLSX bytes into a dataset with lower-case headers, or raise ImportFileError.
    ``sheet``: an XLSX's sheet of that name when it has one (else the active sheet)."""
    try:
        if file_format == "csv":
            dataset = _load_csv(raw)
        elif file_format == "xlsx":
            dataset = _load_xlsx(raw, sheet)
        else:
            raise ImportFileError(f"Onbekend bestandsformaat {file_format!r}: gebruik csv of xlsx.")
    except ImportFileError:
        raise
    except Exception as exc:  # tablib and openpyxl raise many kinds on a damaged file
        raise ImportFileError(f"Het bestand kon niet als {file_format} worden gelezen.") from exc
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ImportFileError(
            "De kopregel mist de kolom(men): "
            + ", ".join(missing)
            + ". Verwacht: "
            + ",".join(required)
            + "."
        )
    if dataset.height == 0:
        raise ImportFileError("Het bestand bevat geen regels onder de kopregel.")
    dataset.headers = headers
    return dataset


def _too_many_rows() -> ImportFileError:
    return ImportFileError(f"Het bestand heeft meer dan {MAX_ROWS} regels; splits het op.")


def _limited(rows: Iterable) -> Iterator:
    """The rows, or ImportFileError as soon as there are more than MAX_ROWS (header included:
    reading stops there, whatever the length of the file)."""
    for number, row in enumerate(rows):
        if number > MAX_ROWS:
            raise _too_many_rows()
        yield row


def _load_csv(raw: bytes) -> tablib.Dataset:
    first_line = raw.split(b"\n", 1)[0]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    # Decoded while read, so a large file is never a second time in memory as text.
    text = io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8-sig", newline="")
    dataset, width = None, 0
    try:
        for row in _limited(csv.reader(text, delimiter=delimiter)):
            if any("\x00" in cell for cell in row):
                raise ImportFileError(
                    "Het bestand bevat binaire gegevens; is het wel een CSV-bestand?"
                )
            if not any(cell.strip() for cell in row):
                continue
            if dataset is None:
                dataset, width = tablib.Dataset(headers=row), len(row)
            elif len(row) != width:
                line = dataset.height + 2  # as the row errors count: blank lines left out
                raise ImportFileError(
                    f"Regel {line} heeft {len(row)} kolommen, de kopregel {width}. Controleer "
                    "scheidingstekens en aanhalingstekens."
                )
            else:
                dataset.append(row)
    except UnicodeDecodeError:
        raise ImportFileError(
            "Het bestand is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8 (door komma's "
            "gescheiden)'."
        ) from None
    if dataset is None:
        raise ImportFileError("Het bestand is leeg.")
    return dataset


def _check_zip(raw: bytes) -> None:
    """Refuse an XLSX that would unpack to far more than its size: the sizes are in the zip's
    directory, and zipfile (which openpyxl reads through) never unpacks more than declared."""
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        _check_sizes(members)
        # openpyxl parses a sheet without <dimension> whole before giving its first row.
        for member in members:
            if member.filename.endswith(".xml") and _row_tags(archive, member) > MAX_ROWS + 1:
                raise _too_many_rows()


def _check_sizes(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise ImportFileError("Het Excel-bestand bestaat uit te veel delen om in te lezen.")
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            f"Het Excel-bestand is uitgepakt groter dan {MAX_UNPACKED_BYTES // 2**20} MB. "
            "Splits het op in kleinere bestanden."
        )
    if any(m.file_size > MAX_PACKING_RATIO * max(m.compress_size, 1024) for m in members):
        raise ImportFileError(
            "Het Excel-bestand is vreemd ingepakt. Sla het opnieuw op in Excel, of gebruik een "
            "CSV-bestand."
        )


def _row_tags(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> int:
    """How many row elements a member has, read in chunks; a tag may span two chunks, so each
    chunk is searched up to its last "<" and the rest goes with the next one."""
    count, carry = 0, b""
    with archive.open(member) as stream:
        while chunk := stream.read(1 << 20):
            data = carry + chunk
            cut = data.rfind(b"<")
            cut = len(data) if cut < 0 else cut
            count += len(_ROW_TAG.findall(data, 0, cut))
            carry = data[cut : cut + 256]  # enough for any tag name
    return count + len(_ROW_TAG.findall(carry))


def _load_xlsx(raw: bytes, sheet: str | None = None) -> tablib.Dataset:
    """The active sheet (or the one named ``sheet``), read in streaming mode, as tablib would
    (short rows padded)."""
    _check_zip(raw)
    workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    try:
        chosen = workbook[sheet] if sheet in workbook.sheetnames else workbook.active
        rows = _limited(chosen.iter_rows(values_only=True))
        dataset = tablib.Dataset(headers=list(next(rows, ())))
        for row in rows:
            values = list(row)
            dataset.append(values + [""] * (dataset.width - len(values)))
    finally:
        workbook.close()
    return dataset


class RowRejected(ValidationError):
    """A row that cannot be read; its messages are shown as they are."""


class FormImporter:
    """One kind of record read from a file, row by row, as the page would take it.

    Per row: ``read_row`` turns the cells into form data (or raises ``RowRejected``); ``find``
    names the record the row changes (None: a new one); ``make_form`` is the page's own form,
    bound to that data; when it is valid and the row changes something, ``check`` (dry run)
    or ``save`` (commit) hands the form's ``cleaned_data`` to the app's service (which may keep new
    records back until ``finish`` saves them at once). A
    ``ValidationError`` from form or service becomes the row's messages, named by ``labels``
    (form field → column). ``prepare`` reads once per file what every row needs, so a dry run
    costs no query per row.
    """

    labels: dict[str, str] = {}

    def prepare(self, dataset: tablib.Dataset, *, dry_run: bool) -> None:
        """Read what every row needs, once per pass."""

    def read_row(self, row: dict[str, Any], line: int) -> dict[str, Any]:
        raise NotImplementedError

    def find(self, data: dict[str, Any]) -> models.Model | None:
        return None

    def make_form(self, data: dict[str, Any], record: models.Model | None) -> forms.BaseForm:
        raise NotImplementedError

    def unchanged(self, record: models.Model, cleaned: dict[str, Any]) -> bool:
        return False

    def check(self, data: dict[str, Any], cleaned: dict[str, Any], record) -> None:
        """The service's rules for this row, without saving (the dry run)."""
        raise NotImplementedError

    def save(self, data: dict[str, Any], cleaned: dict[str, Any], record) -> None:
        raise NotImplementedError

    def finish(self) -> None:
        """After the last row of a commit without errors, in its transaction: save what ``save``
        kept back to save at once (``bulk_create``), if anything."""

    def messages(self, exc: ValidationError) -> list[str]:
        if not hasattr(exc, "error_dict"):
            return list(exc.messages)
        found = []
        for name, field_messages in exc.message_dict.items():
            label = self.labels.get(name)
            found += [f"{label}: {m}" if label else m for m in field_messages]
        return found


def rebind(form: forms.BaseForm, data: dict[str, Any], instance=None) -> forms.BaseForm:
    """``form`` bound to another row's ``data``, as if made anew with it.

    Making a form deep-copies its fields, most of what a row costs; validating only reads them.
    So an importer makes the page's form once per file and binds it again per row: validation
    starts from nothing (``errors`` runs ``full_clean`` again) and a model form gets a fresh
    ``instance``.
    """
    form.data = data
    form.is_bound = True
    form._errors = None
    form.cleaned_data = {}
    if instance is not None:
        form.instance = instance
    return form


def run_import(
    make_resource: Callable[[], Resource | FormImporter],
    dataset: tablib.Dataset,
    *,
    commit: bool,
    progress: Progress | None = None,
) -> ImportReport:
    """Dry run; then, with ``commit`` and no errors at all, the import for real, all or nothing.

    ``progress`` hears how far the dry run is (0–100, or 0–50 before a commit); the commit runs
    in one transaction, so what it would report could not be seen before it ends anyway.
    """
    share = 50 if commit else 100
    report = _pass(make_resource(), dataset, dry_run=True, progress=progress, share=share)
    if report.errors or not commit:
        return report
    if progress:
        progress(share, "Geen fouten gevonden. Nu wordt alles opgeslagen …")
    with transaction.atomic():
        report = _pass(make_resource(), dataset, dry_run=False, progress=None, share=0)
        if report.errors:  # the data changed between the passes: save nothing
            transaction.set_rollback(True)
            return report
    report.committed = True
    return report


def _pass(
    resource: Resource | FormImporter,
    dataset: tablib.Dataset,
    *,
    dry_run: bool,
    progress: Progress | None,
    share: int,
) -> ImportReport:
    if isinstance(resource, FormImporter):
        return _form_pass(resource, dataset, dry_run=dry_run, progress=progress, share=share)
    return _import_pass(resource, dataset, dry_run=dry_run)


PROGRESS_EVERY = 500  # rows between two progress reports


def _form_pass(
    importer: FormImporter,
    dataset: tablib.Dataset,
    *,
    dry_run: bool,
    progress: Progress | None,
    share: int,
) -> ImportReport:
    """One pass over the rows. A dry run saves nothing (the importer only checks), so it needs
    no transaction, and its progress reports are seen while it runs."""
    report = ImportReport(rows=dataset.height)
    importer.prepare(dataset, dry_run=dry_run)
    headers = dataset.headers
    for index, values in enumerate(dataset):
        line = index + 2
        try:
            outcome = _form_row(importer, dict(zip(headers, values, strict=True)), line, dry_run)
        except ValidationError as exc:
            report.errors.append(RowError(line, importer.messages(exc)))
            continue
        except Exception:
            logger.exception("Import row %s failed", line)
            report.errors.append(
                RowError(line, ["onverwachte fout bij het verwerken van deze regel"])
            )
            continue
        setattr(report, outcome, getattr(report, outcome) + 1)
        if progress and index and index % PROGRESS_EVERY == 0:
            progress(
                share * index // report.rows, f"Regel {line} van {report.rows + 1} gecontroleerd."
            )
    if not dry_run and not report.errors:
        _finish(importer, report)
    return report


def _finish(importer: FormImporter, report: ImportReport) -> None:
    try:
        importer.finish()
    except IntegrityError:  # a row written meanwhile by someone else: the rules are rechecked
        logger.exception("Import could not be saved")
        report.errors.append(RowError(1, [SAVE_FAILED]))


SAVE_FAILED = (
    "Het bestand kon niet worden opgeslagen, omdat de gegevens van de school tijdens het opslaan "
    "zijn gewijzigd. Er is niets opgeslagen. Lees het bestand opnieuw in."
)


def _form_row(importer: FormImporter, row: dict[str, Any], line: int, dry_run: bool) -> str:
    """``new``, ``updated`` or ``unchanged``; or the row's ValidationError."""
    data = importer.read_row(row, line)
    record = importer.find(data)
    form = importer.make_form(data, record)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    if record is not None and importer.unchanged(record, form.cleaned_data):
        return "unchanged"
    if dry_run:
        importer.check(data, form.cleaned_data, record)
    else:
        importer.save(data, form.cleaned_data, record)
    return "new" if record is None else "updated"


def _import_pass(resource: Resource, dataset: tablib.Dataset, *, dry_run: bool) -> ImportReport:
    result = resource.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    report = ImportReport(rows=result.total_rows)
    report.new = result.totals[RowResult.IMPORT_TYPE_NEW]
    report.updated = result.totals[RowResult.IMPORT_TYPE_UPDATE]
    report.unchanged = result.totals[RowResult.IMPORT_TYPE_SKIP]
    for invalid in result.invalid_rows:
        report.errors.append(
            RowError(invalid.number + 1, [m for ms in invalid.error_dict.values() for m in ms])
        )
    for number, errors in result.row_errors():
        report.errors.append(
            RowError(number + 1, ["onverwachte fout bij het verwerken van deze regel"])
        )
        del errors  # details are in the log; the user gets a plain message
    for error in result.base_errors:
        report.errors.append(RowError(0, [f"het bestand kon niet worden verwerkt ({error.error})"]))
    report.errors.sort(key=lambda e: e.line)
    return report
