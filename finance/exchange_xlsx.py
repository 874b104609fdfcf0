"""The begroting as an Excel workbook in the seed's layout (Bijlage 3 of the OSP), and back.

Tabblad *Begroting* (what Bijlage 3 shows)::

    Meerjarenbegroting kalenderjaar 2025–2029
                         2025   2026 …  2029   Toelichting   Prognose uit het Loket   Bedragen uit
    Baten
    Lichte ondersteuning 2.719.825 …
    – een subregel        …                    (a sub-line: "– " before its title, indented)
    Totale baten         33.026.007 …
    Verplichte afdrachten
    Afdracht pro (via DUO) …
    Totaal afdrachten    …
    Programma 1 Zorgbudget vo …                (the programma's follow the afdrachten's total)
    Totaal programma's   …
    Totale lasten        …
    Resultaat            …

Amounts are whole euros in number cells with the number format ``#,##0`` (Excel's built-in
thousands format, shown in Dutch as 2.719.825). A line with sub-lines shows their sum and a line
whose amounts come from the vangnet shows them, but neither is read back as amounts. Tabblad
*Gegevens*: the title, the opening reserve and the note (not in Bijlage 3's layout).

Reading (``exchange_xlsx_read.read_workbook``) turns such a sheet into a document of
``swvportal.begroting/1``: the years row (years in consecutive columns from B), the group
headers ("Baten", "Verplichte afdrachten", optionally "Programma's") and the total rows are
recognised by their words, in any case. A total row that is not the sum of the lines above it is
a warning (the totals are never stored); a row that cannot be read is a problem naming the row
("Rij 7, 2026: …"), and then nothing is imported.

The same begroting gives the same bytes, in every tenant: the file holds no tenant, version or
date, the document properties' dates are fixed (``STAMP``) and so is every zip entry's
timestamp (openpyxl would stamp both with the current time).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from swvportal.core.spreadsheets import text_cell

from . import rules
from .exchange import (
    FORECAST_LABELS,
    SCHEMA_ID,
    SOURCE_LABELS,
)
from .models import Begroting, LineGroup
from .selectors import begroting_table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET, INFO_SHEET = "Begroting", "Gegevens"
NUMBER_FORMAT = "#,##0"  # shown as #.##0 (2.719.825) by a Dutch Excel
STAMP = datetime.datetime(2000, 1, 1)  # the file's dates say nothing: the begroting has its years
SUB_MARK = "– "  # before a sub-line's title
NOTE, FORECAST, SOURCE = "Toelichting", "Prognose uit het Loket", "Bedragen uit"
TITLE_LABEL, RESERVE_LABEL = "Titel", "Eigen vermogen op 1 januari van het eerste jaar (€)"
HEADERS = {
    "baten": LineGroup.INCOME,
    "verplichte afdrachten": LineGroup.TRANSFERS,
    "verplichte afdrachten via duo": LineGroup.TRANSFERS,
    "afdrachten": LineGroup.TRANSFERS,
    "programma's": LineGroup.PROGRAMMES,
    "programmas": LineGroup.PROGRAMMES,
}
GROUP_TOTALS = {label.casefold(): group for group, label in rules.GROUP_TOTAL_LABELS.items()}
GROUP_TOTALS |= {"totaal baten": LineGroup.INCOME, "totaal verplichte afdrachten": "afdrachten"}
COSTS, RESULT = "Totale lasten", "Resultaat"
MAX_ROWS = 1000


# --- Writing ---------------------------------------------------------------------------------


def begroting_rows(begroting: Begroting) -> list[list[Any]]:
    """The sheet *Begroting*, row by row (also what the tests compare)."""
    table = begroting_table(begroting)  # as the page shows it, vangnet lines included
    years = table.years
    rows: list[list[Any]] = [
        [f"{begroting.title} kalenderjaar {years[0]}–{years[-1]}"],
        ["", *years, NOTE, FORECAST, SOURCE],
    ]
    for block in table.groups:
        if block.group != LineGroup.PROGRAMMES:  # as in Bijlage 3: no header of its own
            rows.append([block.label])
        for row in block.rows:
            mark = SUB_MARK if row.depth else ""
            rows.append(
                [
                    mark + row.line.title,
                    *(row.amounts[y] for y in years),
                    row.line.note,
                    FORECAST_LABELS.get(row.line.forecast, ""),
                    SOURCE_LABELS.get(row.line.source, ""),
                ]
            )
        rows.append([block.total_label, *(block.total[y] for y in years)])
    rows.append([COSTS, *(table.total_costs[y] for y in years)])
    rows.append([RESULT, *(table.result[y] for y in years)])
    return rows


def begroting_xlsx(begroting: Begroting) -> bytes:
    """The workbook's bytes: the same for the same content, in any tenant."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    rows = begroting_rows(begroting)
    _fill(sheet, rows, year_count=len(begroting.years))
    info = book.create_sheet(INFO_SHEET)
    for row in (
        ["Gegeven", "Waarde"],
        [TITLE_LABEL, begroting.title],
        [RESERVE_LABEL, begroting.opening_reserve],
        [NOTE, begroting.note],
        ["Uitwisselformaat", f"{SCHEMA_ID} (als JSON), of dit bestand"],
    ):
        info.append([text_cell(value) for value in row])
    info["B3"].number_format = NUMBER_FORMAT
    info.column_dimensions["A"].width = 52
    info.column_dimensions["B"].width = 70
    for cell in info[1]:
        cell.font = Font(bold=True)
    book.active = 0
    props = book.properties
    props.title = f"{begroting.title} {begroting.first_year}–{begroting.last_year}"
    props.creator = props.lastModifiedBy = "SWV Portaal"
    props.created = props.modified = STAMP
    buffer = io.BytesIO()
    # Not ``book.save``: that sets "modified" to now. ExcelWriter closes the archive.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return _fixed_zip(buffer.getvalue())


def _fill(sheet: Worksheet, rows: list[list[Any]], *, year_count: int) -> None:
    bold = Font(bold=True)
    for row in rows:
        sheet.append([text_cell(value) for value in row])
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[2]:
        cell.font = bold
        cell.alignment = Alignment(horizontal="right" if cell.column > 1 else "left")
    for (label, *_rest), cells in zip(rows[2:], sheet.iter_rows(min_row=3), strict=True):
        is_line = len(_rest) > year_count  # lines carry note, forecast and source
        for cell in cells[1 : year_count + 1]:
            cell.number_format = NUMBER_FORMAT
        if not is_line:
            for cell in cells[: year_count + 1]:
                cell.font = bold
        elif label.startswith(SUB_MARK):
            cells[0].alignment = Alignment(indent=1)
    sheet.column_dimensions["A"].width = 62
    for index in range(2, year_count + 2):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    for offset, width in enumerate((48, 30, 30), start=year_count + 2):
        sheet.column_dimensions[get_column_letter(offset)].width = width
    sheet.freeze_panes = "B3"
    sheet.print_title_rows = "2:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry stamped ``STAMP`` (zip times start in 1980)."""
    when = datetime.datetime(1980, 1, 1).timetuple()[:6]
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
