"""Computed dashboard indicators: the registry of calculations and what they share.

The registry: every indicator with the source *berekend* names a calculation, a small function
that the app owning the data registers (from its ``portal.py``, by importing the module that
holds it) with ``@calculation(name, label, unit, explanation)``. ``CALCULATIONS`` maps the name to
a :class:`Calculation` (with the Dutch label and the "Hoe berekend" text for the indicator page);
:func:`compute` runs one by name. A calculation returns a :class:`Result`: the tenant's
:class:`Figure` and one per school that has records. The dashboard (``monitoring``) reads the
registry and never imports the app behind a calculation (``referrals.calculations`` today).

Rules every calculation keeps:

* One grouped query (GROUP BY tenant and school, sometimes a few more columns). Python loops over
  the groups the query returns, never over schools or rows.
* A calculation takes a list of tenant ids and returns a :class:`Result` for each, so the nightly
  run over every tenant costs one query per calculation, not one per tenant
  (:func:`compute_for`). The query filters on ``tenant_id IN (…)`` itself; :func:`compute`, for
  one tenant, also runs inside the caller's tenant scope (django-scopes), so a missing scope
  raises instead of mixing tenants. Only a platform-wide run disables the scopes.
* Date bounds are computed in Python and compared with plain columns (no date arithmetic in SQL),
  and rows are counted with ``COUNT(*)``, so the indexes that start with ``tenant`` serve the query.
* The period is the 12 months up to and including the peildatum P: ``P - 365 < date <= P``
  (:func:`period_start`, :func:`in_period`).
* A percentage is 100 × teller / noemer, one decimal, rounded half up. The tenant's figure is the
  sum of the schools' tellers over the sum of their noemers (not the mean of their percentages),
  and ``None`` when the noemer is 0: nothing to measure. A count is a whole number, and 0 is a
  measurement too (no thuiszitters is the goal), so a count is never ``None``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import models
from django.db.models import Count, Func, Q, QuerySet, Value

from swvportal.tenancy.models import Tenant

PERIOD_DAYS = 365
PERCENT = "%"
COUNT = "aantal"
ONE_DECIMAL = Decimal("0.1")


@dataclass(frozen=True)
class Figure:
    value: Decimal | None  # None when there is nothing to measure (no records in the population)
    records: int  # number of records (registrations/OPPs) behind the figure = population size
    details: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable, Dutch keys
    text: str = ""  # for an SWV entry of kind *inzicht* (``services.swv_figure``)


@dataclass(frozen=True)
class Result:
    tenant: Figure
    per_school: dict[int, Figure]  # school_id -> that school's figure; only schools with records


CalculationFunc = Callable[..., dict[int, Result]]  # (tenant_ids, on, **options)


@dataclass(frozen=True)
class Calculation:
    name: str  # registry key, e.g. "thuiszitters"
    label: str  # Dutch, e.g. "Thuiszitters op de peildatum"
    unit: str  # "%" or "aantal"
    explanation: str  # Dutch, for the indicator page ("Hoe berekend")
    func: CalculationFunc
    # Counted from pupil records (the default): small counts are hidden from toezicht. False for
    # a count of meetings or documents, which says nothing about a pupil.
    about_pupils: bool = True
    # How the dashboard writes this count when it is hidden because it is 1 to 4 itself (the
    # steunpunt's "<5"); empty: the dashboard's own word for a hidden figure.
    small_label: str = ""


CALCULATIONS: dict[str, Calculation] = {}


def calculation(
    name: str,
    label: str,
    unit: str,
    explanation: str,
    *,
    about_pupils: bool = True,
    small_label: str = "",
) -> Callable[[CalculationFunc], CalculationFunc]:
    """Register the decorated function under ``name``; it stays callable as it is."""

    def register(func: CalculationFunc) -> CalculationFunc:
        if name in CALCULATIONS:  # a copied decorator would silently replace a calculation
            raise ValueError(f"Berekening {name!r} is al geregistreerd.")
        CALCULATIONS[name] = Calculation(
            name, label, unit, explanation, func, about_pupils, small_label
        )
        return func

    return register


def compute(name: str, *, tenant: Tenant, on: datetime.date, **options: Any) -> Result:
    """Run the calculation ``name`` for ``tenant`` on peildatum ``on`` (inside its scope)."""
    return compute_for(name, tenant_ids=[tenant.pk], on=on, **options)[tenant.pk]


def compute_for(
    name: str, *, tenant_ids: Sequence[int], on: datetime.date, **options: Any
) -> dict[int, Result]:
    """Run ``name`` for several tenants in one query: a :class:`Result` per tenant id."""
    try:
        found = CALCULATIONS[name]
    except KeyError:
        raise ValueError(f"Onbekende berekening: {name!r}.") from None
    return found.func(list(tenant_ids), on, **options)


# --- Periods and figures -----------------------------------------------------------------------


def period_start(on: datetime.date) -> datetime.date:
    """The day before the period: the period is ``period_start(on) < date <= on``."""
    return on - datetime.timedelta(days=PERIOD_DAYS)


def in_period(field_name: str, on: datetime.date) -> Q:
    """``field_name`` falls in the 12 months up to and including ``on`` (NULL never does)."""
    return Q(**{f"{field_name}__gt": period_start(on), f"{field_name}__lte": on})


def round_one(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def percentage(numerator: int, denominator: int) -> Decimal | None:
    """100 × numerator / denominator, one decimal, half up; None when there is no denominator."""
    if not denominator:
        return None
    return round_one(Decimal(100 * numerator) / Decimal(denominator))


def count_where(condition: Q) -> Count:
    """``COUNT(1) FILTER (WHERE condition)``: rows, counted without reading a column.

    Django refuses ``Count("*", filter=...)``; counting the constant 1 is the same thing, and on a
    database without FILTER Django writes ``COUNT(CASE WHEN condition THEN 1 END)``, also right.
    """
    return Count(Value(1), filter=condition)


def percentage_figure(teller: int, noemer: int) -> Figure:
    """A percentage with its teller and noemer in the details (the dashboard's shape)."""
    return Figure(percentage(teller, noemer), noemer, {"teller": teller, "noemer": noemer})


def percentage_by_school(
    population: QuerySet, numerator: Q, tenant_ids: Sequence[int]
) -> dict[int, Result]:
    """One query: per tenant and school the population size and how many meet ``numerator``."""
    rows = (
        population.filter(tenant_id__in=tenant_ids)
        .values_list("tenant_id", "school_id")
        .annotate(noemer=Count("*"), teller=count_where(numerator))
        .order_by()  # the models' default ordering has no place in a GROUP BY
    )
    schools: dict[int, dict[int, Figure]] = {t: {} for t in tenant_ids}
    for tenant_id, school_id, noemer, teller in rows:
        schools[tenant_id][school_id] = percentage_figure(teller, noemer)
    results = {}
    for tenant_id, per_school in schools.items():
        teller = sum(f.details["teller"] for f in per_school.values())
        noemer = sum(f.records for f in per_school.values())
        results[tenant_id] = Result(percentage_figure(teller, noemer), per_school)
    return results


# --- Day numbers ------------------------------------------------------------------------------


class EpochDay(Func):
    """A date as a day number, so a sum of durations stays in the database.

    ``SUM(P - start_date)`` is ``n × P - SUM(start_date)`` in day numbers: the filter still
    compares plain columns (the index serves it) and only the aggregate reads the number.
    Django has no portable form, so each database gets its own; any day-0 will do.
    """

    output_field = models.IntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="CAST(julianday(%(expressions)s) AS INTEGER)"
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(%(expressions)s - DATE '1970-01-01')")


def epoch_day(day: datetime.date) -> int:
    """``EpochDay`` of a Python date, on the database in use (they count from different days)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        # julianday() of a date is its midnight, N.5; the cast drops the half: ordinal + 1721424.
        return day.toordinal() + 1721424
    return (day - datetime.date(1970, 1, 1)).days
