"""Two versions of the begroting side by side (issue #15, point 2).

``compare_tables(old, new)`` is pure: it takes the two versions' tables (``rules.build_table``)
and matches their lines by ``uid`` (a copied line keeps it), group by group. Per line and year
it gives the old amount, the new amount and their ``rules.Difference`` (euros and %):

* a line only in the new version is "nieuw", a line only in the old one "vervallen" (it stays
  near the place it had, so the table reads like the old one);
* a year only in one version is *absent* in the other: its cell shows the one amount and no
  difference (the year was not budgeted, which is not the same as a budget of 0);
* the group totals, totale lasten and the resultaat are compared the same way.

``begroting_comparison(old, new)`` reads the two tables: a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .rules import GROUPS, Difference, Row, Table, format_euros

NEW, GONE = "nieuw", "vervallen"


@dataclass(frozen=True)
class Cell:
    year: int
    difference: Difference
    absent_in: str = ""  # "oud" or "nieuw": the year is not in that version

    @property
    def old(self) -> int | None:
        return self.difference.old

    @property
    def new(self) -> int | None:
        return self.difference.new

    @property
    def changed(self) -> bool:
        return not self.absent_in and self.difference.euros != 0

    @property
    def euros_text(self) -> str:
        """The difference in whole euros with its sign ("+12.500", "−2.500", "0"); blank when
        the year is absent in one version."""
        return "" if self.absent_in else signed_euros(self.difference.euros)

    @property
    def percent_text(self) -> str:
        """The difference in % of the old amount ("+5,3%"); blank without an old amount."""
        if self.absent_in:
            return ""
        return signed_percent(self.difference.percent)


def signed_euros(value: int) -> str:
    return f"+{format_euros(value)}" if value > 0 else format_euros(value)


def signed_percent(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{abs(value):.1f}".replace(".", ",")
    return f"+{text}%" if value > 0 else f"−{text}%" if value < 0 else f"{text}%"


@dataclass(frozen=True)
class CompareRow:
    title: str
    depth: int
    cells: list[Cell]
    status: str = ""  # "", NEW or GONE
    old_title: str = ""  # the old title when the line was renamed
    is_total: bool = False

    @property
    def differs(self) -> bool:
        return bool(self.status or self.old_title or any(c.changed for c in self.cells))


@dataclass(frozen=True)
class CompareGroup:
    group: str
    label: str
    rows: list[CompareRow]
    total: CompareRow


@dataclass(frozen=True)
class Comparison:
    years: list[int]
    old_years: list[int]
    new_years: list[int]
    groups: list[CompareGroup]
    total_costs: CompareRow
    result: CompareRow

    @property
    def differs(self) -> bool:
        return any(row.differs for group in self.groups for row in group.rows)

    @property
    def columns(self) -> int:
        """The table's columns: the line, and per year old, new, euros and %."""
        return 1 + 4 * len(self.years)

    def only_differences(self) -> Comparison:
        """The same comparison with only the lines that differ (totals stay)."""
        groups = [
            CompareGroup(g.group, g.label, [r for r in g.rows if r.differs], g.total)
            for g in self.groups
        ]
        return Comparison(
            self.years, self.old_years, self.new_years, groups, self.total_costs, self.result
        )


def _cells(
    years: list[int],
    old_years: set[int],
    new_years: set[int],
    old: dict[int, int] | None,
    new: dict[int, int] | None,
) -> list[Cell]:
    """``old``/``new`` None: the line is not in that version (its amounts count as absent)."""
    cells = []
    for year in years:
        before = old.get(year, 0) if old is not None and year in old_years else None
        after = new.get(year, 0) if new is not None and year in new_years else None
        absent = "oud" if year not in old_years else "nieuw" if year not in new_years else ""
        cells.append(Cell(year, Difference(before, after), absent))
    return cells


def _merged(
    old_rows: list[Row], new_rows: list[Row], new_uids: set, old_by_uid: dict
) -> list[tuple]:
    """(old row or None, new row or None) of one group, in the new version's order; a line
    that is gone follows the line it followed in the old version. ``new_uids`` and
    ``old_by_uid`` cover the whole version: a line that moved to another group is matched
    there, not marked gone here."""
    here = {row.line.uid for row in new_rows}
    after: dict[object, list[Row]] = {}
    anchor = None
    for row in old_rows:
        if row.line.uid in here:
            anchor = row.line.uid
        elif row.line.uid not in new_uids:
            after.setdefault(anchor, []).append(row)
    pairs: list[tuple] = [(row, None) for row in after.get(None, [])]
    for row in new_rows:
        pairs.append((old_by_uid.get(row.line.uid), row))
        pairs.extend((gone, None) for gone in after.get(row.line.uid, []))
    return pairs


def _line_row(ctx: tuple, old: Row | None, new: Row | None) -> CompareRow:
    years, old_years, new_years = ctx
    cells = _cells(
        years, old_years, new_years, old.amounts if old else None, new.amounts if new else None
    )
    shown = new or old
    renamed = old.line.title if old and new and old.line.title != new.line.title else ""
    status = "" if old and new else NEW if new else GONE
    return CompareRow(shown.line.title, shown.depth, cells, status, renamed)


def _total_row(ctx: tuple, title: str, old: dict[int, int], new: dict[int, int]) -> CompareRow:
    years, old_years, new_years = ctx
    return CompareRow(title, 0, _cells(years, old_years, new_years, old, new), is_total=True)


def compare_tables(old: Table, new: Table) -> Comparison:
    """The comparison of version ``old`` with version ``new`` (see the module)."""
    old_years, new_years = set(old.years), set(new.years)
    years = sorted(old_years | new_years)
    ctx = (years, old_years, new_years)
    new_uids = {row.line.uid for row in new.rows()}
    old_by_uid = {row.line.uid: row for row in old.rows()}
    groups = []
    for group in GROUPS:
        before, after = old.group(group), new.group(group)
        pairs = _merged(before.rows, after.rows, new_uids, old_by_uid)
        rows = [_line_row(ctx, o, n) for o, n in pairs]
        total = _total_row(ctx, after.total_label, before.total, after.total)
        groups.append(CompareGroup(group, after.label, rows, total))
    return Comparison(
        years,
        sorted(old_years),
        sorted(new_years),
        groups,
        _total_row(ctx, "Totale lasten", old.total_costs, new.total_costs),
        _total_row(ctx, "Resultaat", old.result, new.result),
    )


def begroting_comparison(old, new) -> Comparison:
    """The comparison of two ``Begroting`` versions: their two tables, a fixed number of
    queries whatever the number of lines."""
    from .selectors import begroting_table

    return compare_tables(begroting_table(old), begroting_table(new))
