"""The file and its cells for the jaarplan's import (``exchange_import``): which files are
refused before a row is read (by content, not by name; by size; without the export's columns),
and how one row's cells read: *Wanneer gereed* as a date or a month, *Status* by its Dutch label,
the activity's cells through ``ActivityRowForm`` with the rules of ``jaarplan_rules``.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

import tablib
from django import forms
from django.core.exceptions import ValidationError
from openpyxl.utils.datetime import from_excel

from swvportal.core.imports import ImportFileError, load_dataset
from swvportal.core.spreadsheets import unescape_formula

from ..jaarplan_rules import month_end, status_problems
from ..models import ActivityStatus
from .exchange_xlsx import (
    DOEL,
    JAARPLAN_SHEET,
    RESULTAAT,
    STAP,
    STATUS,
    TOELICHTING,
    VERBETERPUNT,
    WANNEER,
    WAT,
    WIE,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000  # a jaarplan has tens of activities; far more is not a jaarplan
REQUIRED = [DOEL, STAP, VERBETERPUNT, RESULTAAT, WAT, WIE, WANNEER, STATUS, TOELICHTING]
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 (.xls)
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januari", "jan"),
            ("februari", "feb"),
            ("maart", "mrt", "mar", "maa"),
            ("april", "apr"),
            ("mei",),
            ("juni", "jun"),
            ("juli", "jul"),
            ("augustus", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
SERIALS = (36526, 73051)  # Excel's day numbers of 1 January 2000 and 2100: a date, not a year
DUE_HINT = "Schrijf een datum of een maand, bijvoorbeeld 1-8-2027, 1 augustus 2027 of juni 2027."


# --- The file ----------------------------------------------------------------------------------


def check_file(raw: bytes) -> None:
    """Refuse what is no Excel workbook by its content, whatever its name, or is too large."""
    if not raw:
        raise ImportFileError("Het bestand is leeg. Kies een Excel-bestand met het jaarplan.")
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Het bestand is {len(raw) / 2**20:.1f} MB groot. Een jaarplan mag hoogstens "
            f"{MAX_FILE_BYTES // 2**20} MB zijn."
        )
    if raw.startswith(OLE_MAGIC):
        raise ImportFileError(
            "Dit is een Excel-bestand in de oude indeling (.xls). Sla het in Excel op als "
            "'Excel-werkmap (.xlsx)' en kies het opnieuw."
        )
    if not raw.startswith(ZIP_MAGIC):
        raise ImportFileError(
            "De inhoud van dit bestand is geen Excel-werkmap (.xlsx), wat de naam ook zegt. "
            "Kies een export van het jaarplan of een ander .xlsx-bestand in dezelfde kolommen."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())  # the zip's directory only: nothing is unpacked
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise ImportFileError("Dit bestand is beschadigd en kan niet worden gelezen.") from None
    if "xl/workbook.xml" not in names:
        raise ImportFileError(
            "Dit is een ZIP-bestand, maar geen Excel-werkmap (.xlsx). Kies een export van het "
            "jaarplan of een ander .xlsx-bestand in dezelfde kolommen."
        )
    if "xl/vbaProject.bin" in names:
        raise ImportFileError(
            "Dit Excel-bestand bevat macro's (programmacode). Sla het op als gewone "
            "Excel-werkmap (.xlsx) en kies het opnieuw."
        )


def read_workbook(raw: bytes) -> tablib.Dataset:
    """The sheet "Jaarplan" (or the active sheet) as a dataset, or ``ImportFileError``."""
    check_file(raw)
    dataset = load_dataset(raw, "xlsx", required=(), sheet=JAARPLAN_SHEET)
    missing = [name for name in REQUIRED if name.lower() not in dataset.headers]
    if missing:
        raise ImportFileError(
            f"Het tabblad '{JAARPLAN_SHEET}' mist de kolom(men) {_listed(missing)}. De eerste "
            f"regel moet de kolomnamen van een export van het jaarplan hebben: "
            f"{', '.join(REQUIRED)}."
        )
    if dataset.height > MAX_ROWS:
        raise ImportFileError(
            f"Het bestand heeft {dataset.height} regels onder de kopregel; een jaarplan heeft er "
            f"hoogstens {MAX_ROWS}. Kies het juiste tabblad of splits het bestand op."
        )
    return dataset


def _listed(names: list[str]) -> str:
    quoted = [f"'{n}'" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " en " + quoted[-1]


# --- One cell -----------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell as text, as the export wrote it (one apostrophe before a formula off)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return unescape_formula(str(value).strip()).strip()


def normalized(text: str) -> str:
    return " ".join(text.split()).casefold()


def parse_due(value: Any) -> tuple[datetime.date | None, bool]:
    """(date, whole month?) of a *Wanneer gereed* cell; a Dutch ValidationError if it is none."""
    if value is None or value == "":
        return None, False
    if isinstance(value, datetime.datetime):
        return value.date(), False
    if isinstance(value, datetime.date):
        return value, False
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and SERIALS[0] <= value < SERIALS[1]:  # a date cell as Excel's serial number
        return from_excel(value).date(), False
    text = " ".join(str(value).lower().replace(".", " ").split())
    shown = str(value).strip()
    day_month_year = _match_date(text)
    if day_month_year is not None:
        day, month, year = day_month_year
        try:
            return datetime.date(year, month, day), False
        except ValueError:
            raise ValidationError(f"De datum {shown!r} bestaat niet. {DUE_HINT}") from None
    month_year = _match_month(text)
    if month_year is not None:
        month, year = month_year
        return month_end(year, month), True
    raise ValidationError(f"{shown!r} is geen datum of maand. {DUE_HINT}")


def _match_date(text: str) -> tuple[int, int, int] | None:
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
        return int(m[3]), int(m[2]), int(m[1])
    if m := re.fullmatch(r"(\d{1,2})[-/ ](\d{1,2})[-/ ](\d{4})", text):
        return int(m[1]), int(m[2]), int(m[3])
    if (m := re.fullmatch(r"(\d{1,2}) ([a-z]+) (\d{4})", text)) and m[2] in MONTHS:
        return int(m[1]), MONTHS[m[2]], int(m[3])
    return None


def _match_month(text: str) -> tuple[int, int] | None:
    if (m := re.fullmatch(r"([a-z]+) (\d{4})", text)) and m[1] in MONTHS:
        return MONTHS[m[1]], int(m[2])
    if (m := re.fullmatch(r"(\d{1,2})[-/](\d{4})", text)) and 1 <= int(m[1]) <= 12:
        return int(m[1]), int(m[2])
    return None


STATUS_WORDS = {
    **{label.casefold(): value for value, label in ActivityStatus.choices},
    **{value: value for value in ActivityStatus.values},
    "niet_gestart": ActivityStatus.NOT_STARTED,
}


def parse_status(value: Any) -> str:
    text = normalized(cell_text(value))
    if not text:
        return ActivityStatus.NOT_STARTED
    if text in STATUS_WORDS:
        return STATUS_WORDS[text]
    choose = status_problems("", "")["status"]  # the page's words: "Kies een status: …"
    raise ValidationError(f"{cell_text(value)!r} is geen status. {choose}")


class DueField(forms.Field):
    def to_python(self, value: Any) -> tuple[datetime.date | None, bool]:
        return parse_due(value)


class StatusField(forms.Field):
    def to_python(self, value: Any) -> str:
        return parse_status(value)


class ActivityRowForm(forms.Form):
    """One row's activity: the cells as the page's activity form takes them."""

    result = forms.CharField(error_messages={"required": "Vul het beoogde resultaat in."})
    what = forms.CharField(required=False)
    who = forms.CharField(required=False, max_length=300)
    due = DueField(required=False)
    status = StatusField(required=False)
    explanation = forms.CharField(required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        for message in self.data.get("problems", []):
            self.add_error(None, message)
        if "status" in cleaned:
            for name, message in status_problems(
                cleaned["status"], cleaned.get("explanation", "")
            ).items():
                self.add_error(name, message)
        return cleaned


class NoActivityForm(forms.Form):
    """A row without activity cells: nothing to check but its verbeterpunt."""

    def clean(self) -> dict[str, Any]:
        for message in self.data.get("problems", []):
            self.add_error(None, message)
        return super().clean()
