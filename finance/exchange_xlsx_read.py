"""Reading a begroting from an Excel workbook in the layout of ``exchange_xlsx`` (the seed's
Bijlage 3) into a ``swvportal.begroting/1`` document, with its problems (each naming its row) and
warnings (a total row that is not the sum of the lines above it; never stored).

The file is read through the platform's ``load_dataset`` (checked by content, packed size and
row count before it is parsed). Row 1 comes lower-cased from it (it reads it as a header row);
only the title falls back on it, when the file has no *Gegevens* sheet.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
from django.core.exceptions import ValidationError

from swvportal.core.imports import ImportFileError, load_dataset
from swvportal.core.spreadsheets import unescape_formula

from . import rules, services
from .exchange import (
    FORECAST_LABELS,
    SCHEMA_ID,
    SOURCE_LABELS,
    FileRefused,
    Outcome,
    Problem,
    document_table,
)
from .exchange_xlsx import (
    COSTS,
    FORECAST,
    GROUP_TOTALS,
    HEADERS,
    INFO_SHEET,
    MAX_ROWS,
    NOTE,
    RESERVE_LABEL,
    RESULT,
    SHEET,
    SOURCE,
    SUB_MARK,
    TITLE_LABEL,
)
from .models import LineGroup


@dataclass
class Reading:
    """A workbook read into a document; ``rows`` names each line's row for the problems."""

    outcome: Outcome
    rows: dict[str, int] = field(default_factory=dict)  # "regels[3]" → row in the sheet

    def locate(self, problem: Problem) -> Problem:
        """A document path as the row it came from ("regels[3].titel" → "Rij 7")."""
        match = re.match(r"(regels\[\d+\](?:\.subregels\[\d+\])?)\.?(.*)", problem.where)
        if match is None or match[1] not in self.rows:
            return Problem(f"Tabblad {INFO_SHEET}" if problem.where else "", problem.message)
        where = f"Rij {self.rows[match[1]]}"
        rest = match[2]
        if rest.startswith("bedragen."):
            where += f", {rest.removeprefix('bedragen.')}"
        elif rest:
            where += f", {COLUMN_OF.get(rest, rest)}"
        return Problem(where, problem.message)


COLUMN_OF = {"titel": "omschrijving", "toelichting": NOTE, "prognose": FORECAST, "bron": SOURCE}


def read_workbook(raw: bytes) -> Reading:
    """The document in an .xlsx file in the layout above, with its problems and warnings."""
    try:
        dataset = load_dataset(raw, "xlsx", required=(), sheet=SHEET)
        info = _info_rows(raw)
    except ImportFileError as exc:
        raise FileRefused(str(exc)) from None
    rows = [(1, list(dataset.headers))] + [
        (index + 2, list(values)) for index, values in enumerate(dataset)
    ]
    if len(rows) > MAX_ROWS:
        raise FileRefused(
            f"Het tabblad heeft {len(rows)} rijen; een begroting heeft er hoogstens {MAX_ROWS}."
        )
    return _SheetReader(rows, info).read()


def _info_rows(raw: bytes) -> dict[str, Any]:
    """The *Gegevens* sheet as label → value (lower-case labels), when the file has one."""
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)  # its size is checked
    try:
        names = book.sheetnames
    finally:
        book.close()
    if INFO_SHEET not in names:
        return {}
    dataset = load_dataset(raw, "xlsx", required=(), sheet=INFO_SHEET)
    return {normalized(cell_text(row[0])): row[1] for row in dataset if len(row) > 1}


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unescape_formula(str(value).strip()).strip()


def normalized(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split()).casefold()


def euros_cell(value: Any) -> int:
    """Whole euros of a cell: a number, or a text as people type it ("1.234.567")."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise ValidationError(f"'{value}' is geen bedrag.")
    if isinstance(value, float | Decimal):
        if value != int(value):
            raise ValidationError("Vul hele euro's in, zonder centen: bijvoorbeeld 1.234.567.")
        value = int(value)
    if isinstance(value, int):
        return rules.parse_euros(value)
    return rules.parse_euros(unescape_formula(str(value).strip()))


def _year(value: Any) -> int | None:
    text = cell_text(value)
    return int(text) if re.fullmatch(r"20\d\d", text) else None


def _source_value(text: str, labels: dict[str, str], column: str) -> str:
    key = normalized(text)
    if key in ("", "geen", "ingevoerd"):
        return ""
    for value, label in labels.items():
        if key in (value, normalized(label)):
            return value
    options = "; ".join(f"'{label}'" for label in labels.values())
    raise ValidationError(f"{column}: '{text}' ken ik niet. Kies {options} of laat de cel leeg.")


class _SheetReader:
    def __init__(self, rows: list[tuple[int, list[Any]]], info: dict[str, Any]) -> None:
        self.rows, self.info = rows, info
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.regels: list[dict[str, Any]] = []
        self.where: dict[str, int] = {}
        self.shown: dict[str, dict[int, int]] = {}  # a line's amounts as the file shows them
        self.filled: dict[str, set[int]] = {}  # the years whose cell is not empty
        self.totals: list[tuple[int, str, str, list[Any]]] = []  # (row, label, key, cells)

    def read(self) -> Reading:
        start = self._years_row()
        if start is None:
            raise FileRefused(
                "In dit bestand staat geen rij met de kalenderjaren (bijvoorbeeld 2025, 2026, … "
                "in de kolommen B, C, …). Gebruik de indeling van een export van de begroting."
            )
        years_at, self.years, title_cells = start
        self.columns = self._extra_columns(years_at)
        self._lines(years_at)
        if not self.regels and not self.problems:
            self.problems.append(Problem("", "het bestand heeft geen begrotingsregels"))
        document = {
            "schema": SCHEMA_ID,
            "titel": self._title(title_cells),
            "eerste_jaar": self.years[0],
            "laatste_jaar": self.years[-1],
            "eigen_vermogen_bij_start": self._reserve(),
            "toelichting": cell_text(self.info.get(normalized(NOTE))),
            "regels": self.regels,
        }
        if not self.problems:
            self._check_totals(document)
        outcome = Outcome("xlsx", problems=self.problems, warnings=self.warnings)
        outcome.document = document
        return Reading(outcome, self.where)

    def _years_row(self) -> tuple[int, list[int], list[str]] | None:
        """(index in ``rows``, the years, the texts above it) of the first row with years in
        consecutive columns from B."""
        above: list[str] = []
        for index, (line, cells) in enumerate(self.rows):
            years = []
            for value in cells[1:]:
                year = _year(value)
                if year is None or (years and year != years[-1] + 1):
                    break
                years.append(year)
            if years:
                if len(years) > services.MAX_YEARS:
                    raise FileRefused(
                        f"Rij {line} heeft {len(years)} kalenderjaren; een meerjarenbegroting "
                        f"beslaat ten hoogste {services.MAX_YEARS} jaar."
                    )
                return index, years, above
            above += [cell_text(c) for c in cells if cell_text(c)]
        return None

    def _extra_columns(self, years_at: int) -> dict[str, int]:
        """Where the note, forecast and source are (by their header in the years row)."""
        cells = self.rows[years_at][1]
        found = {}
        for index in range(1 + len(self.years), len(cells)):
            name = normalized(cell_text(cells[index]))
            for key in (NOTE, FORECAST, SOURCE):
                if name == normalized(key):
                    found[key] = index
        return found

    def _title(self, texts: list[str]) -> str:
        if self.info.get(normalized(TITLE_LABEL)):
            return cell_text(self.info[normalized(TITLE_LABEL)])
        for text in texts:  # the title row: "Meerjarenbegroting kalenderjaar 2025–2029"
            title = re.sub(r"\s*kalenderjaar.*$", "", text, flags=re.IGNORECASE).strip()
            if title:
                # Row 1 comes lower-cased (the platform reads it as a header row).
                return title.capitalize() if title.isupper() or title.islower() else title
        return "Meerjarenbegroting"

    def _reserve(self) -> int:
        value = self.info.get(normalized(RESERVE_LABEL))
        try:
            return euros_cell(value)
        except ValidationError as exc:
            self.problems.append(Problem(f"Tabblad {INFO_SHEET}, {RESERVE_LABEL}", exc.messages[0]))
            return 0

    # --- the rows under the years

    def _lines(self, years_at: int) -> None:
        group: str | None = None
        ended = False
        for line, cells in self.rows[years_at + 1 :]:
            cells = cells + [None] * (1 + len(self.years) - len(cells))
            label = cell_text(cells[0])
            key = normalized(label)
            amounts = cells[1 : 1 + len(self.years)]
            if not label and not any(cell_text(c) for c in cells):
                continue
            if ended:
                self._problem(
                    line, "staat onder 'Resultaat'. Haal de rij weg of zet haar in een groep."
                )
            elif key in HEADERS:
                group = HEADERS[key]
            elif key in GROUP_TOTALS or key in (COSTS.casefold(), RESULT.casefold()):
                self.totals.append((line, label, key, amounts))
                group = self._after_total(key)
                ended = key == RESULT.casefold()
            elif not label:
                self._problem(line, "de omschrijving (kolom A) ontbreekt.")
            elif group is None:
                self._problem(
                    line,
                    f"'{label}' staat niet onder 'Baten', 'Verplichte afdrachten' of de "
                    "programma's. Zet de kop van de groep erboven.",
                )
            else:
                self._line(line, cells, label, group, amounts)

    @staticmethod
    def _after_total(key: str) -> str | None:
        """After "Totaal afdrachten" come the programma's (Bijlage 3 has no header for them)."""
        return LineGroup.PROGRAMMES if GROUP_TOTALS.get(key) == LineGroup.TRANSFERS else None

    def _problem(self, line: int, message: str, column: str = "") -> None:
        self.problems.append(Problem(f"Rij {line}" + (f", {column}" if column else ""), message))

    def _line(self, line: int, cells: list[Any], label: str, group: str, amounts) -> None:
        is_sub = bool(re.match(r"^[–—-]\s", label))
        title = re.sub(r"^[–—-]\s+", "", label) if is_sub else label
        entry: dict[str, Any] = {"titel": title}
        for key, name in ((NOTE, "toelichting"), (FORECAST, "prognose"), (SOURCE, "bron")):
            text = cell_text(cells[self.columns[key]]) if key in self.columns else ""
            if key == NOTE:
                entry[name] = text
                continue
            labels = FORECAST_LABELS if key == FORECAST else SOURCE_LABELS
            try:
                entry[name] = _source_value(text, labels, key)
            except ValidationError as exc:
                self._problem(line, exc.messages[0])
                entry[name] = ""
        shown, filled = {}, set()
        for year, value in zip(self.years, amounts, strict=True):
            try:
                shown[year] = euros_cell(value)
            except ValidationError as exc:
                self._problem(line, exc.messages[0], str(year))
            if cell_text(value):
                filled.add(year)
        entry["bedragen"] = {} if entry["bron"] else {str(y): v for y, v in shown.items()}
        if not is_sub:
            path = f"regels[{len(self.regels)}]"
            self.regels.append({"groep": group, **entry, "subregels": []})
        else:
            parent = self.regels[-1] if self.regels else None
            if parent is None or parent["groep"] != group:
                self._problem(
                    line,
                    f"'{title}' is een subregel ('{SUB_MARK.strip()}' ervoor), maar er staat geen "
                    "regel van dezelfde groep boven.",
                )
                return
            path = f"regels[{len(self.regels) - 1}].subregels[{len(parent['subregels'])}]"
            parent["subregels"].append(entry)
        self.where[path] = line
        self.shown[path] = shown
        self.filled[path] = filled

    def _check_totals(self, document: dict[str, Any]) -> None:
        """A warning per total cell that is not what the lines above it add up to; a line with
        sub-lines is checked the same way (its amounts are their sum, never its own)."""
        for i, regel in enumerate(self.regels):
            if regel["subregels"]:
                path = f"regels[{i}]"
                subs = [
                    self.shown[f"{path}.subregels[{j}]"] for j in range(len(regel["subregels"]))
                ]
                sums = {year: sum(sub[year] for sub in subs) for year in self.years}
                printed = {y: v for y, v in self.shown[path].items() if y in self.filled[path]}
                self._compare(
                    self.where[path], regel["titel"], printed, sums, "de subregels eronder"
                )
                regel["bedragen"] = {}
        shown = {line_id: self.shown[path] for line_id, path in enumerate(self._paths(), start=1)}
        table = document_table(document, shown=shown)
        derived = {COSTS.casefold(): table.total_costs, RESULT.casefold(): table.result}
        for line, label, key, cells in self.totals:
            wanted = derived[key] if key in derived else table.group(GROUP_TOTALS[key]).total
            printed = {}
            for year, value in zip(self.years, cells, strict=True):
                if cell_text(value) == "":
                    continue  # a formula without a stored value: nothing to compare
                try:
                    printed[year] = euros_cell(value)
                except ValidationError:
                    self.warnings.append(
                        f"Rij {line} ({label}), {year}: '{cell_text(value)}' is geen bedrag; het "
                        "portaal rekent dit totaal zelf uit."
                    )
            self._compare(line, label, printed, wanted, "de regels")

    def _paths(self) -> list[str]:
        found = []
        for i, regel in enumerate(self.regels):
            found.append(f"regels[{i}]")
            found += [f"regels[{i}].subregels[{j}]" for j in range(len(regel["subregels"]))]
        return found

    def _compare(self, line: int, label: str, printed: dict, wanted: dict, what: str) -> None:
        for year in self.years:
            if year in printed and printed[year] != wanted[year]:
                self.warnings.append(
                    f"Rij {line} ({label}), {year}: in het bestand staat "
                    f"{rules.format_euros(printed[year])}, maar {what} tellen op tot "
                    f"{rules.format_euros(wanted[year])}. Het portaal rekent dit zelf uit en "
                    "bewaart het getal uit het bestand niet."
                )
