"""Part "export": ``export_steunpunt`` writes the same files as the page, for one tenant and one
school year, and logs the export."""

from __future__ import annotations

import datetime
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from swvportal.audit.models import AuditEntry

from .. import export
from .builders import a_contact, a_trend

DAY = datetime.timedelta(days=1)


def _call(*args) -> str:
    out = StringIO()
    call_command("export_steunpunt", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_contacts_of_the_year_and_logs_it(world, tmp_path):
    year = export.default_school_year()
    a_contact(world.tenant_a, received_on=year.first_day, summary="GEHEIME-SAMENVATTING")
    a_contact(world.tenant_a, received_on=year.first_day - DAY)
    a_contact(world.tenant_b, received_on=year.first_day)
    path = tmp_path / "contacten.xlsx"
    printed = _call("--tenant", "VOA001", "--soort", "contacten", "--out", str(path))
    assert f"1 regels (contacten, {year.label})" in printed
    book = openpyxl.load_workbook(path)
    rows = list(book["Contacten"].iter_rows(values_only=True))
    assert rows[0] == export.CONTACT_COLUMNS and len(rows) == 2
    assert "GEHEIME-SAMENVATTING" not in repr(rows)
    with scopes_disabled():
        (entry,) = AuditEntry.objects.filter(
            additional_data__what="export contacten (opdrachtregel)"
        )
    assert entry.additional_data["count"] == 1 and entry.actor is None


def test_the_command_writes_the_trends_of_a_chosen_year(world, tmp_path):
    a_trend(world.tenant_a, title="Vervoer naar het vso", signalled_on=datetime.date(2024, 9, 1))
    path = tmp_path / "trends.xlsx"
    _call(
        "--tenant", "VOA001", "--soort", "trends", "--schooljaar", "2024-2025", "--out", str(path)
    )
    rows = list(openpyxl.load_workbook(path)["Trends"].iter_rows(values_only=True))
    assert [r[0] for r in rows[1:]] == ["Vervoer naar het vso"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "XX9999", "--soort", "trends"], "Onbekend samenwerkingsverband"),
        (["--tenant", "VOA001", "--soort", "trends", "--schooljaar", "2025"], "2026-2027"),
    ],
)
def test_the_command_refuses_in_dutch(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        _call(*args, "--out", str(tmp_path / "x.xlsx"))
