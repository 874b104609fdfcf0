"""Realisation, the managementrapportage and the Loket's forecast (part "reports").

Realisation (``finance.import_realisation`` writes)
    The administratiekantoor's XLSX for one calendar year and period (Q1, Q2, Q3, jaar): a
    sheet (``Realisatie``, or the first one) with the columns **Regel** and **Gerealiseerd**,
    one row per line of the vastgestelde version that covers that year: realised from 1 January
    to the end of the period, in whole euros. Year and period are chosen on the page; a
    downloadable template (``realisation_template``) holds the version's line titles.

    * a line is named by its title (case and spaces do not matter); a sub-line whose title is
      not unique in the version as "Hoofdregel / Subregel";
    * row errors (in Dutch, with the row number): an unknown line, not a whole-euro amount, an
      empty amount, a line twice, a line with sub-lines (its figure is the sum of them);
    * a line of the version that is not in the file gets 0 (the dry run says which);
    * atomic: a file with one bad row saves nothing; re-importing a period replaces that
      period's figures.

The managementrapportage (``management_report``)
    Per line and group: the year's budget, realised to date, the share of the year elapsed, the
    budget to date, the variance in euros and %, the prognosis for the year (linear, or the
    bestuurder's own with a note: ``prognosis_set``) and its difference with the budget; totals
    per group and the resultaat. A fixed number of queries, whatever the number of lines.

The Loket's forecast (``begroting_forecast``)
    For the lines with ``forecast`` set, per year: the TLVs in force on the peildatum times
    that year's category amounts (``referrals.selectors.loket_forecast``).
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.utils import timezone
from openpyxl import Workbook

from referrals import selectors as loket
from swvportal.core.imports import ImportFileError, RowError, load_dataset
from swvportal.core.spreadsheets import text_cell, unescape_formula
from swvportal.tenancy.models import Tenant

from . import rules
from .models import (
    Begroting,
    BegrotingStatus,
    BudgetLine,
    Forecast,
    Period,
    PrognosisOverride,
    Realisation,
)
from .selectors import begroting_lines, begroting_table, current_begroting, page_table

PERIODS = (Period.Q1, Period.Q2, Period.Q3, Period.YEAR)
PERIOD_SHORT = {Period.Q1: "Q1", Period.Q2: "Q2", Period.Q3: "Q3", Period.YEAR: "jaar"}
SHEET = "Realisatie"
COLUMN_LINE = "Regel"
COLUMN_REALISED = "Gerealiseerd"
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000  # a begroting has tens of lines; far more is not a realisation file
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PATH_SEPARATOR = " / "


def period_label(period: str) -> str:
    return PERIOD_SHORT[Period(period)]


def parse_period(text: str) -> str | None:
    return text if text in Period.values else None


# --- Which version a year's realisation belongs to ------------------------------------------


def adopted_versions(*, tenant: Tenant) -> QuerySet[Begroting]:
    return Begroting.objects.filter(tenant=tenant, status=BegrotingStatus.ADOPTED).order_by(
        "-adopted_on", "-version_major", "-version_minor", "-pk"
    )


def begroting_for_year(*, tenant: Tenant, year: int) -> Begroting | None:
    """The vastgestelde version in force when it covers ``year``, else the newest vastgestelde
    one that does."""
    current = current_begroting(tenant=tenant)
    if current is not None and current.first_year <= year <= current.last_year:
        return current
    return adopted_versions(tenant=tenant).filter(first_year__lte=year, last_year__gte=year).first()


def report_begroting(*, tenant: Tenant, year: int, period: str) -> Begroting | None:
    """The version a period's report is about: the one its imported figures belong to, else
    the one that covers the year."""
    found = (
        Realisation.objects.filter(tenant=tenant, year=year, period=period)
        .values_list("line__begroting_id", flat=True)
        .first()
    )
    if found is not None:
        return Begroting.objects.filter(pk=found).first()
    return begroting_for_year(tenant=tenant, year=year)


@dataclass(frozen=True)
class ImportedPeriod:
    year: int
    period: str
    lines: int
    imported_at: datetime.datetime
    begroting_id: int

    @property
    def label(self) -> str:
        return period_label(self.period)


def imported_periods(*, tenant: Tenant) -> dict[int, list[ImportedPeriod]]:
    """Per year (newest first) the periods with realisation, in the year's order. One query."""
    rows = (
        Realisation.objects.filter(tenant=tenant)
        .values_list("year", "period", "line__begroting_id")
        .annotate(n=Count("*"), at=Max("imported_at"))
        .order_by()
    )
    found: dict[int, list[ImportedPeriod]] = {}
    for year, period, begroting_id, n, at in rows:
        found.setdefault(year, []).append(ImportedPeriod(year, period, n, at, begroting_id))
    for periods in found.values():
        periods.sort(key=lambda p: PERIODS.index(p.period))
    return dict(sorted(found.items(), reverse=True))


# --- The realisation file ---------------------------------------------------------------------


def check_file(raw: bytes) -> None:
    """Refuse what is no Excel workbook by its content (whatever its name), or is too large."""
    if not raw:
        raise ImportFileError("Het bestand is leeg. Kies het Excel-bestand met de realisatie.")
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Het bestand is {len(raw) / 2**20:.1f} MB groot. Een realisatiebestand mag "
            f"hoogstens {MAX_FILE_BYTES // 2**20} MB zijn."
        )
    if raw.startswith(OLE_MAGIC):
        raise ImportFileError(
            "Dit is een Excel-bestand in de oude indeling (.xls). Sla het in Excel op als "
            "'Excel-werkmap (.xlsx)' en kies het opnieuw."
        )
    if not raw.startswith(ZIP_MAGIC):
        raise ImportFileError(
            "De inhoud van dit bestand is geen Excel-werkmap (.xlsx), wat de naam ook zegt."
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())  # the directory only: nothing is unpacked
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError):
        raise ImportFileError("Dit bestand is beschadigd en kan niet worden gelezen.") from None
    if "xl/workbook.xml" not in names:
        raise ImportFileError("Dit is een ZIP-bestand, maar geen Excel-werkmap (.xlsx).")
    if "xl/vbaProject.bin" in names:
        raise ImportFileError(
            "Dit Excel-bestand bevat macro's. Sla het op als gewone Excel-werkmap (.xlsx)."
        )


def read_realisation_file(raw: bytes) -> tablib.Dataset:
    """The sheet "Realisatie" (or the active one) with the columns Regel and Gerealiseerd."""
    check_file(raw)
    dataset = load_dataset(
        raw, "xlsx", required=(COLUMN_LINE.lower(), COLUMN_REALISED.lower()), sheet=SHEET
    )
    if dataset.height > MAX_ROWS:
        raise ImportFileError(
            f"Het bestand heeft {dataset.height} regels; een realisatie heeft er hoogstens "
            f"{MAX_ROWS}. Kies het juiste tabblad."
        )
    return dataset


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def line_names(lines: Iterable[BudgetLine]) -> dict[int, str]:
    """Each line's name in a file: its title, or "Hoofdregel / Subregel" when a sub-line's
    title is not unique in the version."""
    lines = list(lines)
    by_id = {line.pk: line for line in lines}
    counts: dict[str, int] = {}
    for line in lines:
        counts[_key(line.title)] = counts.get(_key(line.title), 0) + 1
    names = {}
    for line in lines:
        if line.parent_id is not None and counts[_key(line.title)] > 1:
            names[line.pk] = by_id[line.parent_id].title + PATH_SEPARATOR + line.title
        else:
            names[line.pk] = line.title
    return names


def _amount(value: Any) -> int:
    """Whole euros from a cell: a number, or text as people type it ("1.234.567")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValidationError(
            f"{COLUMN_REALISED}: vul het gerealiseerde bedrag in (0 als er niets is)."
        )
    if isinstance(value, bool):
        raise ValidationError(f"{COLUMN_REALISED}: '{value}' is geen bedrag.")
    if isinstance(value, int):
        return rules.parse_euros(value)
    if isinstance(value, float | Decimal):
        if not Decimal(str(value)).is_finite():
            raise ValidationError(f"{COLUMN_REALISED}: '{value}' is geen bedrag.")
        if Decimal(str(value)) != Decimal(str(value)).to_integral_value():
            raise ValidationError(
                f"{COLUMN_REALISED}: {value} is geen heel bedrag. Vul hele euro's in, zonder "
                "centen."
            )
        return rules.parse_euros(int(value))
    try:
        return rules.parse_euros(str(value))
    except ValidationError as exc:
        raise ValidationError(f"{COLUMN_REALISED}: {exc.messages[0]}") from None


@dataclass
class PlannedRealisation:
    row: int  # the row in the file (the header is row 1); 0: not in the file
    line: BudgetLine
    name: str
    amount: int
    previous: int | None = None


@dataclass
class RealisationOutcome:
    begroting: Begroting
    year: int
    period: str
    rows: list[PlannedRealisation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    replaced: int = 0  # figures of this year and period there already were
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def missing(self) -> list[PlannedRealisation]:
        return [r for r in self.rows if r.row == 0]

    @property
    def period_label(self) -> str:
        return period_label(self.period)


def _check_target(begroting: Begroting, year: int, period: str) -> None:
    if not begroting.is_adopted:
        raise ValidationError(
            "Realisatie hoort bij een vastgestelde begroting. Deze versie is nog een concept."
        )
    if not begroting.first_year <= year <= begroting.last_year:
        raise ValidationError(
            f"Versie {begroting.version} loopt van {begroting.first_year} tot en met "
            f"{begroting.last_year}; {year} valt daarbuiten."
        )
    if period not in Period.values:
        raise ValidationError("Kies de periode: Q1, Q2, Q3 of het hele jaar.")


def realisation_check(
    *, begroting: Begroting, year: int, period: str, dataset: tablib.Dataset
) -> RealisationOutcome:
    """The dry run: what every row would save, and each bad row's errors. Two queries."""
    _check_target(begroting, year, period)
    lines = begroting_lines(begroting)
    names = line_names(lines)
    parents = {line.parent_id for line in lines if line.parent_id is not None}
    name_count = Counter(_key(name) for name in names.values())
    title_count = Counter(_key(line.title) for line in lines)
    by_name = {_key(names[line.pk]): line for line in lines}
    for line in lines:  # a sub-line's own title, where it names one line only
        if title_count[_key(line.title)] == 1:
            by_name.setdefault(_key(line.title), line)
    ambiguous = {key for key, n in name_count.items() if n > 1}
    ambiguous |= {key for key, n in title_count.items() if n > 1 and key not in by_name}
    previous = dict(
        Realisation.objects.filter(line__begroting=begroting, year=year, period=period).values_list(
            "line_id", "amount"
        )
    )
    outcome = RealisationOutcome(begroting, year, period)
    outcome.replaced = Realisation.objects.filter(
        tenant=begroting.tenant, year=year, period=period
    ).count()
    seen: dict[int, int] = {}
    headers = dataset.headers
    for index, values in enumerate(dataset):
        number = index + 2
        cells = dict(zip(headers, values, strict=True))
        title = unescape_formula(str(cells.get(COLUMN_LINE.lower()) or "").strip())
        raw_amount = cells.get(COLUMN_REALISED.lower())
        if not title and (raw_amount is None or not str(raw_amount).strip()):
            continue  # a blank row
        problems = []
        line = by_name.get(_key(title)) if title else None
        if not title:
            problems.append(f"{COLUMN_LINE}: vul de omschrijving van de begrotingsregel in.")
        elif _key(title) in ambiguous:
            line = None
            problems.append(
                f"{COLUMN_LINE}: '{title}' staat meer dan eens in de begroting. Schrijf de "
                f"hoofdregel ervoor, zo: 'Hoofdregel{PATH_SEPARATOR}{title}'."
            )
        elif line is None:
            problems.append(
                f"{COLUMN_LINE}: '{title}' is geen regel van versie {begroting.version} van de "
                "begroting. Gebruik de omschrijving zoals in de begroting (zie het sjabloon)."
            )
        elif line.pk in parents:
            problems.append(
                f"{COLUMN_LINE}: '{title}' heeft subregels; zijn bedrag is hun som. Vul de "
                "subregels in."
            )
        elif line.pk in seen:
            problems.append(
                f"{COLUMN_LINE}: '{title}' staat al in rij {seen[line.pk]}. Elke regel mag één "
                "keer in het bestand staan."
            )
        try:
            amount = _amount(raw_amount)
        except ValidationError as exc:
            problems += exc.messages
            amount = 0
        if problems:
            outcome.errors.append(RowError(number, problems))
            continue
        seen[line.pk] = number
        outcome.rows.append(
            PlannedRealisation(number, line, names[line.pk], amount, previous.get(line.pk))
        )
    for line in lines:
        if line.pk not in parents and line.pk not in seen:
            missing = PlannedRealisation(0, line, names[line.pk], 0, previous.get(line.pk))
            outcome.rows.append(missing)
    return outcome


@transaction.atomic
def realisation_import(
    *,
    begroting: Begroting,
    year: int,
    period: str,
    dataset: tablib.Dataset,
    commit: bool,
    by=None,
    source_name: str = "",
) -> RealisationOutcome:
    """The dry run, and with ``commit`` and not one bad row: the period's figures replaced by
    the file's, all in one transaction (a file with one bad row saves nothing)."""
    outcome = realisation_check(begroting=begroting, year=year, period=period, dataset=dataset)
    if not commit or not outcome.ok:
        return outcome
    tenant = begroting.tenant
    # One by one (not in bulk): the change log records each figure that goes and comes.
    for old in Realisation.objects.filter(tenant=tenant, year=year, period=period):
        old.delete()
    user = by if getattr(by, "is_authenticated", False) else None
    for row in outcome.rows:
        Realisation.objects.create(
            tenant=tenant,
            line=row.line,
            year=year,
            period=period,
            amount=row.amount,
            imported_by=user,
            source_name=source_name[:200],
        )
    outcome.committed = True
    return outcome


def realisation_template(begroting: Begroting) -> bytes:
    """An XLSX to fill in: the sheet "Realisatie" with every line that takes a figure."""
    lines = begroting_lines(begroting)
    names = line_names(lines)
    parents = {line.parent_id for line in lines if line.parent_id is not None}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([COLUMN_LINE, COLUMN_REALISED])
    for line in sorted(lines, key=_file_order(lines)):
        if line.pk not in parents:
            sheet.append([text_cell(names[line.pk]), None])
    sheet.column_dimensions["A"].width = 70
    sheet.column_dimensions["B"].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _file_order(lines: list[BudgetLine]):
    group_index = {group: i for i, group in enumerate(rules.GROUPS)}
    by_id = {line.pk: line for line in lines}

    def order(line: BudgetLine) -> tuple:
        top = by_id.get(line.parent_id, line)
        sub = (line.position, line.pk) if line.parent_id else (0, 0)
        return (group_index.get(line.group, 9), top.position, top.pk, sub)

    return order


# --- The managementrapportage -----------------------------------------------------------------


@dataclass
class ReportLine:
    row: rules.Row
    figures: rules.ReportRow
    override: PrognosisOverride | None = None

    @property
    def may_override(self) -> bool:
        return not self.row.has_children


@dataclass
class ReportGroup:
    group: str
    label: str
    total_label: str
    lines: list[ReportLine]
    total: rules.ReportRow


@dataclass
class Report:
    begroting: Begroting
    year: int
    period: str
    share: Fraction
    groups: list[ReportGroup]
    result: rules.ReportRow
    imported_at: datetime.datetime | None
    source_name: str

    @property
    def has_realisation(self) -> bool:
        return self.imported_at is not None

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    @property
    def period_name(self) -> str:
        return str(Period(self.period).label)

    @property
    def share_percent(self) -> Decimal:
        exact = Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)
        return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def group(self, group: str) -> ReportGroup:
        return next(g for g in self.groups if g.group == group)


def _sum_or_none(values: Iterable[int | None]) -> int | None:
    values = list(values)
    if all(v is None for v in values):
        return None
    return sum(v or 0 for v in values)


def _total(rows: list[rules.ReportRow], share: Fraction) -> rules.ReportRow:
    """A total: the sums of its rows (the prognosis too, so the columns add up)."""
    return rules.ReportRow(
        budget=sum(r.budget for r in rows),
        realised=_sum_or_none(r.realised for r in rows),
        share=share,
        override=_sum_or_none(r.prognosis for r in rows),
    )


def management_report(*, begroting: Begroting, year: int, period: str) -> Report:
    """The report of ``period`` of ``year`` on ``begroting``: four queries (lines, amounts,
    figures, overrides), whatever the number of lines."""
    table = begroting_table(begroting)
    share = rules.share_elapsed(period)
    figures = list(
        Realisation.objects.filter(line__begroting=begroting, year=year, period=period).values_list(
            "line_id", "amount", "imported_at", "source_name"
        )
    )
    realised = {line_id: amount for line_id, amount, _at, _name in figures}
    latest = max(figures, key=lambda f: f[2], default=None)
    overrides = {
        o.line_id: o
        for o in PrognosisOverride.objects.filter(
            line__begroting=begroting, year=year, period=period
        ).select_related("updated_by")
    }
    groups = []
    for block in table.groups:
        lines: list[ReportLine] = []
        children: dict[int, list[ReportLine]] = {}
        for row in block.rows:
            budget = row.amounts.get(year, 0)
            if row.has_children:
                lines.append(ReportLine(row, rules.ReportRow(budget, None, share)))
                continue
            override = overrides.get(row.line.id)
            figure = rules.ReportRow(
                budget,
                realised.get(row.line.id, 0 if figures else None),
                share,
                override=override.amount if override else None,
                override_note=override.note if override else "",
            )
            line = ReportLine(row, figure, override)
            lines.append(line)
            if row.line.parent_id is not None:
                children.setdefault(row.line.parent_id, []).append(line)
        for line in lines:  # a line with sub-lines: the sums of its sub-lines
            if line.row.has_children:
                subs = [c.figures for c in children.get(line.row.line.id, [])]
                line.figures = _total(subs, share)
        tops = [line.figures for line in lines if line.row.depth == 0]
        groups.append(
            ReportGroup(block.group, block.label, block.total_label, lines, _total(tops, share))
        )
    income, transfers, programmes = (g.total for g in groups)

    def combined(name: str) -> int | None:
        values = [getattr(t, name) for t in (income, transfers, programmes)]
        if all(v is None for v in values):
            return None
        return rules.result_of(*(v or 0 for v in values))

    result = rules.ReportRow(
        budget=rules.result_of(income.budget, transfers.budget, programmes.budget),
        realised=combined("realised"),
        share=share,
        override=combined("prognosis"),
    )
    return Report(
        begroting,
        year,
        period,
        share,
        groups,
        result,
        latest[2] if latest else None,
        latest[3] if latest else "",
    )


def _check_override_line(line: BudgetLine, year: int, period: str) -> None:
    _check_target(line.begroting, year, period)
    if line.children.exists():
        raise ValidationError(
            "Deze regel heeft subregels: zijn prognose is de som van die van de subregels."
        )


@transaction.atomic
def prognosis_set(
    *, line: BudgetLine, year: int, period: str, amount: int, note: str, by=None
) -> PrognosisOverride:
    """The bestuurder's own prognosis for the year of ``line`` in the report of ``period``,
    instead of the linear one; a note is required."""
    _check_override_line(line, year, period)
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": "Schrijf in de toelichting waarom u een eigen prognose geeft."}
        )
    if abs(amount) >= rules.MAX_EUROS:
        raise ValidationError({"amount": "Dit bedrag is te groot voor een begrotingsregel."})
    user = by if getattr(by, "is_authenticated", False) else None
    found = (
        PrognosisOverride.objects.select_for_update()
        .filter(line=line, year=year, period=period)
        .first()
    )
    if found is None:
        found = PrognosisOverride(tenant=line.tenant, line=line, year=year, period=period)
    found.amount, found.note, found.updated_by = amount, note, user
    found.full_clean()
    found.save()
    return found


@transaction.atomic
def prognosis_remove(*, line: BudgetLine, year: int, period: str, by=None) -> bool:
    """Back to the linear prognosis. True when there was an own prognosis to remove."""
    found = PrognosisOverride.objects.filter(line=line, year=year, period=period).first()
    if found is None:
        return False
    found.delete()
    return True


# --- The Loket's forecast ---------------------------------------------------------------------


def forecast_peildatum(year: int, today: datetime.date | None = None) -> tuple[datetime.date, bool]:
    """DUO's teldatum for budget ``year``: 1 oktober of the year before; today (and False)
    when that date is still to come."""
    today = today or timezone.localdate()
    teldatum = datetime.date(year - 1, 10, 1)
    return (teldatum, True) if teldatum <= today else (today, False)


@dataclass(frozen=True)
class ForecastYear:
    year: int
    budget: int
    forecast: int
    peildatum: datetime.date
    on_teldatum: bool  # False: today's TLVs, the teldatum is still to come
    tlvs: int
    missing_amounts: tuple[str, ...]  # categories without an amount (in ``amounts_year``)
    amounts_year: int | None = None  # whose amounts it used, when not its own (not yet known)

    @property
    def difference(self) -> int:
        """The forecast minus the budget (positive: more than budgeted)."""
        return self.forecast - self.budget


@dataclass(frozen=True)
class ForecastLine:
    line_id: int
    title: str
    kind: str
    years: list[ForecastYear]

    @property
    def kind_label(self) -> str:
        return Forecast(self.kind).label

    @property
    def notes(self) -> list[str]:
        """What the reader must know about the figures, in words."""
        found = []
        ahead = [y for y in self.years if not y.on_teldatum]
        if ahead:
            found.append(
                f"Vanaf {ahead[0].year} is de teldatum (1 oktober van het jaar ervoor) nog niet "
                "geweest: het portaal telt de TLV's van vandaag."
            )
        borrowed: dict[int, list[int]] = {}
        for year in self.years:
            if year.amounts_year is not None:
                borrowed.setdefault(year.amounts_year, []).append(year.year)
        for source, years in borrowed.items():
            found.append(
                f"Voor {_years_text(years)} zijn er nog geen bedragen per categorie: de prognose "
                f"rekent met de bedragen van {source}."
            )
        incomplete = [y for y in self.years if y.missing_amounts]
        if incomplete:
            labels = sorted({label for y in incomplete for label in y.missing_amounts})
            found.append(
                f"{_years_text([y.year for y in incomplete]).capitalize()} "
                f"{'is' if len(incomplete) == 1 else 'zijn'} onvolledig: er is geen bedrag voor "
                f"{'; '.join(labels)}. Die TLV's tellen niet mee. Vul de bedragen in bij het "
                "Loket (Bedragen per categorie)."
            )
        return found


def _years_text(years: list[int]) -> str:
    """[2028] → "2028"; [2028, 2029, 2030] → "2028, 2029 en 2030"."""
    names = [str(y) for y in years]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"


def _counts(group: loket.ForecastGroup, kind: str) -> bool:
    if kind == Forecast.VSO_TRANSFER:
        return group.kind == loket.VSO
    return group.carried_by == loket.CARRIED_BY_SCHOOL


def begroting_forecast(
    *, begroting: Begroting, today: datetime.date | None = None
) -> list[ForecastLine]:
    """Per line with a forecast and per year of the version: budget, forecast, difference.
    Per distinct peildatum one grouped query, per year one for its amounts, whatever the number
    of TLVs."""
    lines = [r for r in page_table(begroting).rows() if r.line.forecast and not r.has_children]
    if not lines:
        return []
    per_year = {}
    counted: dict[datetime.date, list] = {}
    known = None  # the newest year so far with amounts: a later year without any borrows them
    for year in begroting.years:
        day, on_teldatum = forecast_peildatum(year, today)
        if day not in counted:
            counted[day] = loket.tlvs_in_force_on(tenant=begroting.tenant, day=day)
        groups = loket.loket_forecast(tenant=begroting.tenant, year=year, in_force=counted[day])
        borrowed = None
        if groups and all(g.cost is None for g in groups) and known is not None:
            borrowed = known
            groups = loket.loket_forecast(
                tenant=begroting.tenant, year=known, in_force=counted[day]
            )
        elif any(g.cost is not None for g in groups):
            known = year
        per_year[year] = (day, on_teldatum, groups, borrowed)
    found = []
    for row in lines:
        years = []
        for year in begroting.years:
            day, on_teldatum, groups, borrowed = per_year[year]
            chosen = [g for g in groups if _counts(g, row.line.forecast)]
            cost = sum((g.cost for g in chosen if g.cost is not None), Decimal(0))
            years.append(
                ForecastYear(
                    year,
                    row.amounts.get(year, 0),
                    int(cost.quantize(Decimal(1), rounding=ROUND_HALF_UP)),
                    day,
                    on_teldatum,
                    sum(g.tlvs for g in chosen),
                    tuple(sorted({g.label for g in chosen if g.cost is None})),
                    borrowed,
                )
            )
        found.append(ForecastLine(row.line.id, row.line.title, row.line.forecast, years))
    return found
