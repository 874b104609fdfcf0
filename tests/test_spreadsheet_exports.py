"""Every spreadsheet the portal hands out escapes a formula-looking cell (OWASP "CSV injection"):
the dashboard's XLSX (page and command) and the registrations' XLSX and CSV (page and command)
all write their cells through ``swvportal.core.spreadsheets.text_cell``."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope

from monitoring import services as monitoring_services
from referrals.tests.factories import make_absence

FORMULA = '=HYPERLINK("https://example.com","klik")'
ESCAPED = "'" + FORMULA


def _cells_xlsx(content: bytes) -> list:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]  # no formula in the file
    return [c.value for c in cells]


def _cells_csv(content: bytes) -> list:
    return [cell for row in csv.reader(io.StringIO(content.decode("utf-8-sig"))) for cell in row]


def _read(path: Path) -> list:
    content = path.read_bytes()
    return _cells_csv(content) if path.suffix == ".csv" else _cells_xlsx(content)


@pytest.fixture
def formulas(world):
    """An indicator and a thuiszitter's plan in tenant A that read as formulas."""
    with scope(tenant=world.tenant_a):
        monitoring_services.indicator_save(
            tenant=world.tenant_a,
            data={
                "pillar_number": 1,
                "text": FORMULA,
                "norm_text": "+31 dalend",
                "norm_kind": "trend",
                "norm_direction": "dalend",
                "frequency": "2x per jaar",
                "source": "berekend",
                "calculation": "thuiszitters",
                "unit": "aantal",
            },
        )
        make_absence(world.school_a1, pupil_number="F-1", plan=FORMULA)


def test_the_dashboard_xlsx_download_escapes_formulas(world, login, formulas):
    client = login(world.user("bestuurder"))
    url = reverse("monitoring:dashboard_export", kwargs={"tenant_code": "VOA001"})
    response = client.get(url, {"peildatum": "2026-10-01"})
    assert response.status_code == 200
    cells = _cells_xlsx(response.content)
    assert ESCAPED in cells and "'+31 dalend" in cells
    assert FORMULA not in cells


def test_the_dashboard_export_command_escapes_formulas(world, formulas, tmp_path):
    out = tmp_path / "dashboard.xlsx"
    call_command("export_dashboard", "--tenant", "VOA001", "--peildatum", "2026-10-01",
                 "--format", "xlsx", "--out", str(out))  # fmt: skip
    cells = _read(out)
    assert ESCAPED in cells and FORMULA not in cells


def test_the_registrations_download_escapes_formulas(world, login, formulas):
    client = login(world.user("zorgcoordinator"))
    url = reverse("referrals:export_absences", kwargs={"tenant_code": "VOA001"})
    response = client.get(url, {"school": world.school_a1.pk})
    assert response.status_code == 200
    cells = _cells_xlsx(response.content)
    assert ESCAPED in cells and FORMULA not in cells


@pytest.mark.parametrize("name", ["thuiszitters.csv", "thuiszitters.xlsx"])
def test_the_registrations_export_command_escapes_formulas(world, formulas, tmp_path, name):
    out = tmp_path / name
    call_command("export_registrations", "thuiszitters", "--tenant", "VOA001",
                 "--out", str(out))  # fmt: skip
    cells = _read(out)
    assert ESCAPED in cells and FORMULA not in cells
