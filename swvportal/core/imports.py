"""File imports through django-import-export: always a dry run first, atomic, Dutch row errors.

Used by every importer (schools now; thuiszitters, OPPs and budgets later)::

    dataset = load_dataset(raw_bytes, "csv", required=["brin", "naam"])
    report = run_import(lambda: SchoolResource(tenant=t), dataset, commit=True)

``run_import`` makes a fresh resource for each pass, runs a dry run and only when that has no
errors at all (and ``commit`` is set) runs the import again for real, in one transaction.
A row's ``line`` is its line in the file: the header is line 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from import_export.resources import Resource
from import_export.results import RowResult

MAX_ROWS = 100_000


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


def load_dataset(raw: bytes, file_format: str, *, required: Iterable[str]) -> tablib.Dataset:
    """Read CSV or XLSX bytes into a dataset with lower-case headers, or raise ImportFileError."""
    try:
        if file_format == "csv":
            dataset = _load_csv(raw)
        elif file_format == "xlsx":
            dataset = tablib.Dataset().load(io.BytesIO(raw), format="xlsx")
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
    if dataset.height > MAX_ROWS:
        raise ImportFileError(f"Het bestand heeft meer dan {MAX_ROWS} regels; splits het op.")
    dataset.headers = headers
    return dataset


def _load_csv(raw: bytes) -> tablib.Dataset:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(
            "Het bestand is geen UTF-8-tekst. Sla het in Excel op als 'CSV UTF-8 (door komma's "
            "gescheiden)'."
        ) from None
    if "\x00" in text:
        raise ImportFileError("Het bestand bevat binaire gegevens; is het wel een CSV-bestand?")
    delimiter = (
        ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    )
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise ImportFileError("Het bestand is leeg.")
    width = len(rows[0])
    dataset = tablib.Dataset(headers=rows[0])
    for line, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise ImportFileError(
                f"Regel {line} heeft {len(row)} kolommen, de kopregel {width}. Controleer "
                "scheidingstekens en aanhalingstekens."
            )
        dataset.append(row)
    return dataset


def run_import(
    make_resource: Callable[[], Resource], dataset: tablib.Dataset, *, commit: bool
) -> ImportReport:
    report = _import_pass(make_resource(), dataset, dry_run=True)
    if report.errors or not commit:
        return report
    with transaction.atomic():
        report = _import_pass(make_resource(), dataset, dry_run=False)
        if report.errors:  # the data changed between the passes: save nothing
            transaction.set_rollback(True)
            return report
    report.committed = True
    return report


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
