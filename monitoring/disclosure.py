"""Which figures toezicht and inspectie may not see (issue #10, item 4): the one rule, pure.

A figure derived from pupil records is hidden, for a role without
``monitoring.view_small_counts``, when a count behind it is between 1 and 4: a count itself, the
teller of a percentage, or what the teller leaves (noemer − teller). 0 is shown: the issue asks
for 1 to 4. A hidden figure hides its status too (``HIDDEN_STATUS``): "behaald" on a norm of
≥ 95% with a hidden percentage would tell that everybody signed.

Hiding one number is not enough when the numbers around it give it back, so a figure is a set of
*cells* (whole numbers a page shows or lets be worked out) with *relations* between them
(``total = sum of parts``):

* thuiszitters: ``value = absoluut + relatief``; ``records = value + vrijstellingen + geoorloofd
  + relatief korter dan 4 weken``; the average duration goes with ``value``;
* a percentage: ``noemer = teller + rest``; the percentage itself shows teller and rest at once
  (percentage × records gives the teller), so those three are *linked*: hidden together;
* uitkomsten: ``value = sum of the outcomes``, and ``records`` is the same number as ``value``;
* per school: the tenant's cell is the sum of the schools' cells (``breakdown``).

:func:`protect` starts from the small cells and adds *complementary* cells until no relation has
exactly one hidden cell (which would be its total minus the others), and the hidden cells of a
relation with a shown total add up to 5 or more (two hidden cells that add up to 2 are both 1).
It prefers the smallest other part, then the total; the headline figure (the tenant's value) last.

Trends are series of separate snapshots, each of its own 12 months or peildatum: no point is
the sum or difference of others, so each point is judged on its own (``protect`` per snapshot);
a hidden point is left out of the chart, and its status (a trend's too) is hidden with it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SMALL_MIN, SMALL_MAX = 1, 4
HIDDEN = "niet getoond"
HIDDEN_STATUS = "niet getoond (kleine aantallen)"

VALUE, RECORDS = "value", "records"
TELLER, REST, NOEMER = "teller", "rest", "noemer"
AVERAGE = "gemiddelde_duur_dagen"
PARTS_OF_RECORDS = ("vrijstellingen", "geoorloofd", "relatief_korter_dan_4_weken")
# Details that split the value into parts (value = their sum, records = value): thuiszitters'
# outcomes, the Loket's TLVs per category.
PARTS_OF_VALUE = ("per_uitkomst", "per_categorie")


def is_small(count: int | None) -> bool:
    return count is not None and SMALL_MIN <= count <= SMALL_MAX


@dataclass(frozen=True)
class Relation:
    total: str
    parts: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return (self.total, *self.parts)


@dataclass(frozen=True)
class Cells:
    """A figure's cells: ``values`` (None for a cell that is no count: a percentage, an
    average), the relations between them and the groups that are shown together."""

    values: Mapping[str, int | None]
    relations: tuple[Relation, ...] = ()
    linked: tuple[frozenset[str], ...] = ()
    headline: frozenset[str] = field(default_factory=frozenset)  # hidden last, if at all

    def small(self) -> set[str]:
        return {name for name, count in self.values.items() if is_small(count)}


def protect(
    cells: Cells, *, hidden: Iterable[str] = (), fixed: Collection[str] = ()
) -> frozenset[str]:
    """The cells to hide: the small ones, ``hidden``, what is linked to them, and complements.

    ``fixed`` cells are never added (the tenant's cells when its schools are judged: the
    tenant's own figure was judged on its own, and every page shows it the same way).
    """
    found = _with_links(cells, {*cells.small(), *hidden})
    changed = True
    while changed:
        changed = False
        for relation in cells.relations:
            if _exposed(cells, relation, found):
                pick = _complement(cells, relation, found, fixed)
                if pick is not None:
                    found = _with_links(cells, found | {pick})
                    changed = True
    return frozenset(found)


def _with_links(cells: Cells, hidden: set[str]) -> set[str]:
    hidden = set(hidden)
    for group in cells.linked:
        if group & hidden:
            hidden |= group
    return hidden


def _exposed(cells: Cells, relation: Relation, hidden: set[str]) -> bool:
    """Would this relation give a hidden cell back, or the small sum of its hidden cells?"""
    inside = [name for name in relation.cells if name in hidden]
    if not inside:
        return False
    if len(inside) == 1:  # the total minus the others, or the parts added up
        return True
    if relation.total in hidden:
        return False
    return is_small(sum(cells.values[name] or 0 for name in inside))


def _complement(
    cells: Cells, relation: Relation, hidden: set[str], fixed: Collection[str]
) -> str | None:
    """The cell that costs least to hide: a small non-zero part, then the total, then a zero;
    the headline figure last."""
    candidates = [n for n in relation.cells if n not in hidden and n not in fixed]
    if not candidates:
        return None

    def cost(name: str) -> tuple[bool, bool, int, int]:
        count = cells.values[name] or 0
        return (name in cells.headline, count == 0, count, relation.cells.index(name))

    return min(candidates, key=cost)


# --- The cells of a figure -----------------------------------------------------------------------


def percentage_teller(value: Decimal | None, records: int) -> int | None:
    """The teller a percentage and its noemer give away (one decimal is exact below 1000)."""
    if value is None:
        return None
    return int((Decimal(value) * records / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def figure_cells(
    *,
    percent: bool,
    value: Decimal | None,
    records: int,
    details: Mapping[str, Any] | None,
    breakdown: bool = False,
) -> Cells:
    """The cells of one figure. ``breakdown``: as a school's row shows it (value and records
    only, no details)."""
    details = details or {}
    teller, noemer = details.get(TELLER), details.get(NOEMER)
    if percent or (isinstance(teller, int) and isinstance(noemer, int)):
        return _percentage_cells(value, records, teller, noemer)
    count = None if value is None else int(value)
    parts = next((k for k in PARTS_OF_VALUE if isinstance(details.get(k), dict)), None)
    if breakdown:
        values = {VALUE: count, RECORDS: records}
        linked = (frozenset(values),) if parts else ()
        return Cells(values, linked=linked)
    if isinstance(details.get("per_soort"), dict):
        return _thuiszitter_cells(count, records, details)
    if parts:
        outcomes = {f"{parts}.{k}": v for k, v in details[parts].items()}
        values = {VALUE: count, RECORDS: records, **outcomes}
        return Cells(
            values,
            (Relation(VALUE, tuple(outcomes)),),
            (frozenset({VALUE, RECORDS}),),
            frozenset({VALUE}),
        )
    return Cells({VALUE: count, RECORDS: records}, headline=frozenset({VALUE}))


def _percentage_cells(value: Decimal | None, records: int, teller: Any, noemer: Any) -> Cells:
    if not isinstance(noemer, int):
        noemer = records
    if not isinstance(teller, int):
        teller = percentage_teller(value, noemer)
    values = {
        VALUE: None,
        RECORDS: noemer,
        TELLER: teller,
        REST: None if teller is None else noemer - teller,
        NOEMER: noemer,
    }
    return Cells(
        values,
        (Relation(NOEMER, (TELLER, REST)),),
        (frozenset({VALUE, TELLER, REST}), frozenset({RECORDS, NOEMER})),
    )


def _thuiszitter_cells(count: int | None, records: int, details: Mapping[str, Any]) -> Cells:
    kinds = {f"per_soort.{k}": v for k, v in details["per_soort"].items()}
    apart = {k: details[k] for k in PARTS_OF_RECORDS if isinstance(details.get(k), int)}
    values = {VALUE: count, RECORDS: records, AVERAGE: None, **kinds, **apart}
    return Cells(
        values,
        (Relation(VALUE, tuple(kinds)), Relation(RECORDS, (VALUE, *apart))),
        (frozenset({VALUE, AVERAGE}),),  # an average over a hidden number of pupils
        frozenset({VALUE}),
    )


def breakdown_hidden(
    tenant: Cells, tenant_hidden: Collection[str], schools: Mapping[Any, Cells]
) -> dict[Any, frozenset[str]]:
    """Per school the cells its row may not show, the tenant's figure as judged on its own.

    Each cell the schools show adds up to the tenant's cell of that name, so a school hidden
    alone would be the tenant's figure minus the others: the next smallest school goes too, and
    when the tenant's cell is hidden, not every school's may be shown.
    """
    values: dict[str, int | None] = {f"T:{n}": v for n, v in tenant.values.items()}
    relations = []
    linked = []
    for key, cells in schools.items():
        values |= {f"{key}:{n}": v for n, v in cells.values.items()}
        relations += [Relation(f"{key}:{r.total}", _names(key, r.parts)) for r in cells.relations]
        linked += [frozenset(_names(key, group)) for group in cells.linked]
    for name, count in tenant.values.items():
        parts = tuple(f"{k}:{name}" for k, c in schools.items() if name in c.values)
        if count is not None and parts:
            relations.append(Relation(f"T:{name}", parts))
    combined = Cells(values, tuple(relations), tuple(linked))
    fixed = {f"T:{n}" for n in tenant.values}
    found = protect(combined, hidden={f"T:{n}" for n in tenant_hidden}, fixed=fixed)
    return {
        key: frozenset(n.split(":", 1)[1] for n in found if n.startswith(f"{key}:"))
        for key in schools
    }


def _names(key: Any, names: Iterable[str]) -> tuple[str, ...]:
    return tuple(f"{key}:{n}" for n in names)
