"""The begroting's arithmetic, as pure functions (no database): tested table-driven.

* ``build_table``: the lines of a version with their amounts per year, a parent line the sum of
  its sub-lines, the three groups' totals, totale lasten and resultaat = baten − afdrachten −
  programma's. Nothing derived is ever typed or stored.
* ``reserves``: the eigen vermogen per year from the opening reserve and each year's resultaat,
  with the two checks (the tenant's own ceiling; the Inspectie's signaleringswaarde,
  ``signal_value``: a share of the year's totale baten with a minimum). Above either: a warning.
* ``parse_euros`` / ``format_euros``: whole euros as people type them ("1.234.567", "€ 1.234",
  "-2.500", "1.234,00") and as the pages show them (Dutch thousands separators).
* The managementrapportage: ``share_elapsed`` of a period, ``report_row`` (budget to date,
  variance in euros and %, the linear prognosis, or the bestuurder's own).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError

from .models import PERIOD_MONTHS, LineGroup

GROUPS = (LineGroup.INCOME, LineGroup.TRANSFERS, LineGroup.PROGRAMMES)
GROUP_TOTAL_LABELS = {
    LineGroup.INCOME: "Totale baten",
    LineGroup.TRANSFERS: "Totaal afdrachten",
    LineGroup.PROGRAMMES: "Totaal programma's",
}
MAX_EUROS = 10**12  # a line above a trillion euros is a typing error


# --- Euros as typed and shown ----------------------------------------------------------------

_EUROS = re.compile(r"^(?P<sign>[-−])?(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>00|-|–))?$")


def parse_euros(text: str | int | None) -> int:
    """Whole euros from what people type: "1.234.567", "1234567", "€ 1.234", "-2.500",
    "1.234,00" or "1.234,-" (blank: 0). Cents other than ,00 are refused: the begroting is in
    whole euros. Raises a Dutch ``ValidationError``."""
    if text is None:
        return 0
    if isinstance(text, int):
        value = text
    else:
        cleaned = re.sub(r"[\s\u00a0\u202f]", "", str(text)).removeprefix("€").removeprefix("EUR")
        if cleaned == "":
            return 0
        match = _EUROS.match(cleaned)
        if match is None:
            if re.match(r"^[-−]?[\d.]+,\d+$", cleaned):
                raise ValidationError(
                    "Vul hele euro's in, zonder centen: bijvoorbeeld 1.234.567.", code="cents"
                )
            raise ValidationError(
                f"'{text}' is geen bedrag. Vul hele euro's in, bijvoorbeeld 1.234.567.",
                code="invalid",
            )
        value = int(match["int"].replace(".", ""))
        if match["sign"]:
            value = -value
    if abs(value) >= MAX_EUROS:
        raise ValidationError("Dit bedrag is te groot voor een begrotingsregel.", code="too_big")
    return value


def format_euros(value: int | Decimal | None) -> str:
    """33026007 → "33.026.007"; -2500 → "−2.500"; None → "" (whole euros, half up)."""
    if value is None:
        return ""
    whole = int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    text = f"{abs(whole):,}".replace(",", ".")
    return f"−{text}" if whole < 0 else text


# --- The table of a version ------------------------------------------------------------------


@dataclass(frozen=True)
class LineData:
    """A line as the rules need it (from a ``BudgetLine``)."""

    id: int
    group: str
    title: str
    parent_id: int | None = None
    position: int = 0
    note: str = ""
    uid: object = None
    forecast: str = ""
    source: str = ""


@dataclass
class Row:
    line: LineData
    depth: int  # 0: a line, 1: a sub-line
    amounts: dict[int, int]
    has_children: bool = False

    @property
    def typed(self) -> bool:
        """Its amounts are typed (not the sum of sub-lines, not derived from the vangnet)."""
        return not self.has_children and not self.line.source


@dataclass
class GroupBlock:
    group: str
    label: str
    total_label: str
    rows: list[Row]
    total: dict[int, int]


@dataclass
class Table:
    years: list[int]
    groups: list[GroupBlock]
    total_income: dict[int, int] = field(default_factory=dict)
    total_transfers: dict[int, int] = field(default_factory=dict)
    total_programmes: dict[int, int] = field(default_factory=dict)
    total_costs: dict[int, int] = field(default_factory=dict)  # totale lasten
    result: dict[int, int] = field(default_factory=dict)

    def group(self, group: str) -> GroupBlock:
        return next(block for block in self.groups if block.group == group)

    def rows(self) -> list[Row]:
        return [row for block in self.groups for row in block.rows]


def result_of(income: int, transfers: int, programmes: int) -> int:
    """Resultaat = baten − afdrachten − programma's."""
    return income - transfers - programmes


def build_table(
    years: Sequence[int],
    lines: Iterable[LineData],
    amounts: Mapping[tuple[int, int], int],
) -> Table:
    """The version's table. ``amounts`` maps (line id, year) to whole euros; a line with
    sub-lines shows their sum, whatever amounts it has itself. Lines are ordered by group, then
    position; a sub-line follows its parent."""
    years = list(years)
    lines = sorted(lines, key=lambda line: (line.position, line.id))
    children: dict[int, list[LineData]] = {}
    for line in lines:
        if line.parent_id is not None:
            children.setdefault(line.parent_id, []).append(line)

    def own(line: LineData) -> dict[int, int]:
        return {year: amounts.get((line.id, year), 0) for year in years}

    groups = []
    for group in GROUPS:
        rows: list[Row] = []
        for line in (x for x in lines if x.group == group and x.parent_id is None):
            subs = children.get(line.id, [])
            sub_rows = [Row(sub, 1, own(sub)) for sub in subs]
            if sub_rows:
                total = {year: sum(r.amounts[year] for r in sub_rows) for year in years}
                rows.append(Row(line, 0, total, has_children=True))
            else:
                rows.append(Row(line, 0, own(line)))
            rows.extend(sub_rows)
        total = {year: sum(r.amounts[year] for r in rows if r.depth == 0) for year in years}
        groups.append(
            GroupBlock(group, LineGroup(group).label, GROUP_TOTAL_LABELS[group], rows, total)
        )
    table = Table(years, groups)
    table.total_income = groups[0].total
    table.total_transfers = groups[1].total
    table.total_programmes = groups[2].total
    table.total_costs = {y: table.total_transfers[y] + table.total_programmes[y] for y in years}
    table.result = {
        y: result_of(table.total_income[y], table.total_transfers[y], table.total_programmes[y])
        for y in years
    }
    return table


# --- Reserves ------------------------------------------------------------------------------


def signal_value(total_income: int, *, rate: Decimal, minimum: int) -> int:
    """The Inspectie's signaleringswaarde for a possibly excessive reserve: ``rate`` of the
    year's totale baten (whole euros, half up), at least ``minimum``."""
    share = (Decimal(total_income) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return max(int(share), minimum)


@dataclass(frozen=True)
class ReserveYear:
    year: int
    opening: int
    result: int
    closing: int
    ceiling: int | None
    signal: int

    @property
    def over_ceiling(self) -> bool:
        """Above the tenant's own ceiling ("ten hoogste € 600.000": exactly it is allowed)."""
        return self.ceiling is not None and self.closing > self.ceiling

    @property
    def over_signal(self) -> bool:
        """Above the signaleringswaarde: the Inspectie will ask for an explanation."""
        return self.closing > self.signal

    @property
    def warnings(self) -> list[str]:
        found = []
        if self.over_ceiling:
            found.append(
                f"Het eigen vermogen eind {self.year} (€ {format_euros(self.closing)}) ligt "
                f"boven de eigen bovengrens van € {format_euros(self.ceiling)}."
            )
        if self.over_signal:
            found.append(
                f"Het eigen vermogen eind {self.year} (€ {format_euros(self.closing)}) ligt "
                f"boven de signaleringswaarde van de Inspectie (€ {format_euros(self.signal)}). "
                "De Inspectie zal om een toelichting vragen."
            )
        return found


def reserves(
    *,
    opening: int,
    table: Table,
    ceiling: int | None,
    rate: Decimal,
    minimum: int,
) -> list[ReserveYear]:
    """Per year: the reserve at the start, the resultaat, the reserve at the end and the checks
    on the end figure."""
    found = []
    current = opening
    for year in table.years:
        closing = current + table.result[year]
        signal = signal_value(table.total_income[year], rate=rate, minimum=minimum)
        found.append(ReserveYear(year, current, table.result[year], closing, ceiling, signal))
        current = closing
    return found


# --- Comparing two versions ------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    old: int | None  # None: the line or year is not in that version
    new: int | None

    @property
    def euros(self) -> int:
        return (self.new or 0) - (self.old or 0)

    @property
    def percent(self) -> Decimal | None:
        """The change as a percentage of the old amount (None when the old one is 0 or absent)."""
        if not self.old:
            return None
        return (Decimal(self.euros) * 100 / Decimal(abs(self.old))).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


# --- The managementrapportage ----------------------------------------------------------------


def share_elapsed(period: str) -> Fraction:
    """The share of the calendar year a period's report covers: Q1 3/12, Q2 6/12, Q3 9/12."""
    return Fraction(PERIOD_MONTHS[period], 12)


def _whole(value: Fraction) -> int:
    """A fraction of euros as whole euros, half up (away from zero)."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class ReportRow:
    budget: int  # the year's budget
    realised: int | None  # realised to date (None: no figure imported)
    share: Fraction
    override: int | None = None  # the bestuurder's own prognosis for the year
    override_note: str = ""

    @property
    def budget_to_date(self) -> int:
        """The budget pro rata to the share of the year elapsed."""
        return _whole(self.budget * self.share)

    @property
    def variance(self) -> int | None:
        """Realised minus budget to date (positive: more than planned)."""
        return None if self.realised is None else self.realised - self.budget_to_date

    @property
    def variance_percent(self) -> Decimal | None:
        if self.variance is None or self.budget_to_date == 0:
            return None
        return (Decimal(self.variance) * 100 / Decimal(abs(self.budget_to_date))).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def linear_prognosis(self) -> int | None:
        """The year's figure if the rest of the year goes as it went: realised / share."""
        return None if self.realised is None else _whole(self.realised / self.share)

    @property
    def prognosis(self) -> int | None:
        return self.override if self.override is not None else self.linear_prognosis

    @property
    def prognosis_difference(self) -> int | None:
        """Prognosis minus the year's budget."""
        return None if self.prognosis is None else self.prognosis - self.budget
