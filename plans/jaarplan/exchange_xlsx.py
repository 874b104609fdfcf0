"""The jaarplan as an Excel workbook, in the columns of the seed's jaarplan (``002_…``).

* Sheet "Jaarplan": one row per activity, under its pijler, doel and verbeterpunt: Pijler |
  Doel (nummer) | Ontwikkeldoel | Stap | Verbeterpunt | Beoogd resultaat | Wat | Wie | Wanneer
  gereed | Status | Toelichting, and Evaluatie | Evaluatie toelichting once activities are
  evaluated. A verbeterpunt without activities is one row with the activity's cells empty. The
  import (``exchange_import``) reads exactly this sheet back.
* Sheet "Kwaliteitskalender": the school year's due dates; sheet "Bijeenkomsten": the meetings
  of the year per series, planned against held.

Every text goes through ``text_cell`` (no cell runs as a formula). The same jaarplan gives the
same bytes: the document's created/modified metadata are when the jaarplan last changed, and so
is every zip entry's timestamp (openpyxl would stamp both with the current time).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from swvportal.core.spreadsheets import text_cell

from ..calendar_rules import describe
from ..jaarplan_rules import due_label
from ..models import ActivityStatus, Improvement, Jaarplan, JaarplanStatus
from .calendar_selectors import calendar_year, meetings_year, rule_of
from .selectors import ADDITIONAL_TITLE, jaarplan_tree

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JAARPLAN_SHEET = "Jaarplan"
DATE_FORMAT = "d-m-yyyy"  # 1-8-2027: read the same way in every language of Excel

# (column, width in characters); the import finds the columns by these names.
PIJLER, DOEL, ONTWIKKELDOEL, STAP, VERBETERPUNT = (
    "Pijler",
    "Doel (nummer)",
    "Ontwikkeldoel",
    "Stap",
    "Verbeterpunt",
)
RESULTAAT, WAT, WIE, WANNEER, STATUS, TOELICHTING = (
    "Beoogd resultaat",
    "Wat",
    "Wie",
    "Wanneer gereed",
    "Status",
    "Toelichting",
)
EVALUATIE, EVALUATIE_TOELICHTING = "Evaluatie", "Evaluatie toelichting"
JAARPLAN_COLUMNS: list[tuple[str, int]] = [
    (PIJLER, 22),
    (DOEL, 9),
    (ONTWIKKELDOEL, 32),
    (STAP, 6),
    (VERBETERPUNT, 40),
    (RESULTAAT, 36),
    (WAT, 36),
    (WIE, 24),
    (WANNEER, 15),
    (STATUS, 13),
    (TOELICHTING, 32),
]
EVALUATION_COLUMNS: list[tuple[str, int]] = [(EVALUATIE, 14), (EVALUATIE_TOELICHTING, 32)]
TEXT_COLUMNS = {DOEL, STAP}  # kept as text: Excel would turn doel 1.10 into the number 1.1
CALENDAR_COLUMNS: list[tuple[str, int]] = [
    ("Uiterlijk", 12),
    ("Categorie", 26),
    ("Onderwerp", 40),
    ("Frequentie", 30),
    ("Wie", 28),
    ("Vaststelling door", 28),
    ("Gedaan op", 12),
    ("Afgevinkt", 32),
    ("Opmerking", 36),
]
MEETING_COLUMNS: list[tuple[str, int]] = [
    ("Reeks", 32),
    ("Voor wie", 28),
    ("Gepland (aantal)", 10),
    ("Gehouden (aantal)", 10),
    ("Gepland op", 12),
    ("Gehouden op", 12),
    ("Thema", 36),
    ("Kort verslag", 48),
]
STATUS_LABELS = [label for _value, label in ActivityStatus.choices]


def shows_evaluation(jaarplan: Jaarplan, activities: Iterable[Any]) -> bool:
    return jaarplan.status == JaarplanStatus.EVALUATED or any(a.evaluation for a in activities)


def pillar_label(improvement: Improvement) -> str:
    if improvement.is_additional or improvement.pillar_number is None:
        return ADDITIONAL_TITLE
    return f"{improvement.pillar_number}. {improvement.pillar_title}".strip()


def jaarplan_rows(jaarplan: Jaarplan) -> tuple[list[str], list[list[Any]]]:
    """The "Jaarplan" sheet's header and rows (also what tests compare)."""
    tree = jaarplan_tree(jaarplan)
    evaluated = shows_evaluation(jaarplan, tree.activities)
    columns = JAARPLAN_COLUMNS + (EVALUATION_COLUMNS if evaluated else [])
    rows = []
    for improvement in tree.improvements:
        first = [
            pillar_label(improvement),
            improvement.goal_number,
            improvement.goal_title,
            improvement.step_letter,
            improvement.title,
        ]
        for activity in improvement.rows or [None]:
            rows.append(first + _activity_cells(activity, evaluated))
    return [name for name, _width in columns], rows


def _activity_cells(activity, evaluated: bool) -> list[Any]:
    if activity is None:
        return [""] * (6 + (2 if evaluated else 0))
    cells = [
        activity.result,
        activity.what,
        activity.who,
        _due_cell(activity.due_date, activity.due_is_month),
        activity.get_status_display(),
        activity.explanation,
    ]
    if evaluated:
        cells += [activity.get_evaluation_display(), activity.evaluation_text]
    return cells


def _due_cell(day: datetime.date | None, is_month: bool) -> Any:
    """A date as a date cell; a month as its words ("juni 2027"), which the import reads."""
    if day is None:
        return ""
    return due_label(day, True) if is_month else day


def calendar_rows(jaarplan: Jaarplan) -> list[list[Any]]:
    rows = []
    for due in calendar_year(tenant=jaarplan.tenant, school_year=jaarplan.school_year):
        item = due.item
        if due.done is not None:
            ticked = str(due.done.done_by) if due.done.done_by_id else "Afgevinkt"
        else:
            ticked = f"Door het portaal: {due.auto.what}" if due.auto else ""
        document = due.document
        rows.append(
            [
                due.due_date,
                item.get_category_display(),
                item.title,
                describe(rule_of(item)),
                item.owner,
                item.adopted_by,
                due.done_on or "",
                ticked + (f" ({document.title})" if document else ""),
                " ".join(t for t in (item.note, due.done.note if due.done else "") if t),
            ]
        )
    return rows


def meeting_rows(jaarplan: Jaarplan) -> list[list[Any]]:
    rows = []
    for year in meetings_year(tenant=jaarplan.tenant, school_year=jaarplan.school_year):
        series = [year.series.name, year.series.group, year.planned, year.held]
        for meeting in year.meetings or [None]:
            if meeting is None:
                rows.append([*series, "", "", "", ""])
            else:
                rows.append(
                    [
                        *series,
                        meeting.planned_on or "",
                        meeting.held_on or "",
                        meeting.theme,
                        meeting.report,
                    ]
                )
    return rows


# --- Writing ------------------------------------------------------------------------------------


def jaarplan_xlsx(jaarplan: Jaarplan) -> bytes:
    """The workbook's bytes: the same for the same jaarplan."""
    book = Workbook()
    header, rows = jaarplan_rows(jaarplan)
    widths = dict(JAARPLAN_COLUMNS + EVALUATION_COLUMNS)
    sheet = book.active
    sheet.title = JAARPLAN_SHEET
    _fill(sheet, [(name, widths[name]) for name in header], rows)
    _status_choices(sheet, header, len(rows))
    _fill(book.create_sheet("Kwaliteitskalender"), CALENDAR_COLUMNS, calendar_rows(jaarplan))
    _fill(book.create_sheet("Bijeenkomsten"), MEETING_COLUMNS, meeting_rows(jaarplan))
    book.active = 0
    stamp = _stamp(jaarplan)
    props = book.properties
    props.title = f"Jaarplan {jaarplan.year.label} (versie {jaarplan.version})"
    props.subject = jaarplan.tenant.name
    props.creator = props.lastModifiedBy = "SWV Portaal"
    props.created = props.modified = stamp
    buffer = io.BytesIO()
    # Not ``book.save``: that sets "modified" to now. ExcelWriter closes the archive.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _fixed_zip(buffer.getvalue(), stamp)


def _fill(sheet: Worksheet, columns: Sequence[tuple[str, int]], rows: list[list[Any]]) -> None:
    """Header bold and frozen, with a filter; cells wrapped and top-aligned, dates as dates."""
    sheet.append([name for name, _width in columns])
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    for index, (name, width) in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        for (cell,) in sheet.iter_rows(min_col=index, max_col=index):
            cell.alignment = wrap
            if cell.row == 1:
                cell.font = bold
            elif isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
            elif name in TEXT_COLUMNS:
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _status_choices(sheet: Worksheet, header: list[str], count: int) -> None:
    """A drop-down of the five statuses in the Status column (rows to come included)."""
    letter = get_column_letter(header.index(STATUS) + 1)
    choices = DataValidation(
        type="list",
        formula1='"' + ",".join(STATUS_LABELS) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Onbekende status",
        error="Kies een status: " + ", ".join(STATUS_LABELS) + ".",
    )
    choices.add(f"{letter}2:{letter}{max(count + 1, 2) + 500}")
    sheet.add_data_validation(choices)


def _stamp(jaarplan: Jaarplan) -> datetime.datetime:
    """When the jaarplan last changed, to the second, in UTC without a zone (openpyxl's form)."""
    moment = jaarplan.updated_at or jaarplan.created_at
    if moment is None:
        return datetime.datetime(2000, 1, 1)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.UTC).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _fixed_zip(data: bytes, stamp: datetime.datetime) -> bytes:
    """The same zip with every entry stamped ``stamp`` (zip times start in 1980)."""
    when = max(stamp, datetime.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = entry.external_attr
            target.writestr(info, source.read(entry.filename))
    return out.getvalue()


def export_filename(jaarplan: Jaarplan, extension: str) -> str:
    return f"jaarplan-{jaarplan.tenant.code}-{jaarplan.year.label}-v{jaarplan.version}.{extension}"
