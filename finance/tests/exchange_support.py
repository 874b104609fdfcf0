"""Shared by the exchange's tests: the demo begroting in a tenant, a workbook's cells, a file
to upload, and the table of a version as plain values (to compare two tenants' tables)."""

from __future__ import annotations

import io

import openpyxl
from django_scopes import scope

from ..demo import seed_begroting
from ..models import Begroting, BegrotingStatus
from ..selectors import begroting_table


def demo_in(tenant) -> tuple[Begroting, Begroting]:
    """The demo's Bijlage 3 (adopted 1.0) and its concept 2.0, in ``tenant``."""
    with scope(tenant=tenant):
        seed_begroting(tenant)
        versions = Begroting.objects.filter(tenant=tenant)
        return (
            versions.get(status=BegrotingStatus.ADOPTED),
            versions.get(status=BegrotingStatus.CONCEPT),
        )


def table_values(begroting: Begroting) -> dict:
    """Everything a version's table shows, without ids."""
    with scope(tenant=begroting.tenant):
        table = begroting_table(begroting)
    return {
        "years": table.years,
        "rows": [_row(r) for r in table.rows()],
        "totals": (table.total_income, table.total_transfers, table.total_programmes),
        "costs": table.total_costs,
        "result": table.result,
    }


def _row(r) -> tuple:
    line = r.line
    return (line.group, r.depth, line.title, line.note, line.forecast, line.source, r.amounts)


def _row(r) -> tuple:
    line = r.line
    return (line.group, r.depth, line.title, line.note, line.forecast, line.source, r.amounts)


def cells(raw: bytes, sheet: str = "Begroting") -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(raw))
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def workbook(rows: list[list], info: list[list] | None = None) -> bytes:
    """An .xlsx with the sheet *Begroting* (and *Gegevens*, when given) as written by hand."""
    book = openpyxl.Workbook()
    book.active.title = "Begroting"
    for row in rows:
        book.active.append(row)
    if info is not None:
        extra = book.create_sheet("Gegevens")
        for row in [["Gegeven", "Waarde"], *info]:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
