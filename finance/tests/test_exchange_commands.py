"""``export_begroting`` (xlsx and json, which version) and ``import_begroting`` (a dry run by
default saves nothing; --commit makes a new concept; errors name their row or path)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from ..models import Begroting, BegrotingStatus, BudgetLine
from .builders import a_begroting
from .exchange_support import demo_in, table_values

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _count(tenant) -> tuple[int, int]:
    with scopes_disabled():
        return (
            Begroting.objects.filter(tenant=tenant).count(),
            BudgetLine.objects.filter(tenant=tenant).count(),
        )


@pytest.mark.parametrize("file_format", ["xlsx", "json"])
def test_export_then_import_round_trip_through_the_commands(world, tmp_path, file_format):
    adopted, _concept = demo_in(world.tenant_a)
    first, second = tmp_path / f"a.{file_format}", tmp_path / f"b.{file_format}"
    out, _ = _run("export_begroting", "--tenant", "VOA001", "--format", file_format,
                  "--out", str(first))  # fmt: skip
    assert "Geschreven" in out and "versie 1.0" in out  # the vastgestelde version in force
    before = _count(world.tenant_b)
    out, _ = _run("import_begroting", "--tenant", "VOB001", str(first))
    assert "Proefrun zonder fouten" in out and "6 regels bij baten" in out
    assert _count(world.tenant_b) == before  # a dry run saves nothing
    out, _ = _run("import_begroting", "--tenant", "VOB001", str(first), "--commit")
    assert "Ingelezen als nieuw concept" in out
    assert _count(world.tenant_b) == (before[0] + 1, before[1] + 14)
    with scopes_disabled():
        copied = Begroting.objects.get(tenant=world.tenant_b)
    assert copied.status == BegrotingStatus.CONCEPT
    assert table_values(copied) == table_values(adopted)
    _run("export_begroting", "--tenant", "VOB001", "--format", file_format, "--out", str(second))
    assert second.read_bytes() == first.read_bytes()


def test_export_takes_the_version_asked_for(world, tmp_path):
    demo_in(world.tenant_a)
    target = tmp_path / "b.json"
    out, _ = _run("export_begroting", "--tenant", "VOA001", "--version", "2.0", "--format",
                  "json", "--out", str(target))  # fmt: skip
    assert "versie 2.0" in out
    assert json.loads(target.read_text(encoding="utf-8"))["laatste_jaar"] == 2030


def test_without_an_adopted_version_export_takes_the_newest(world, tmp_path):
    a_begroting(world.tenant_a, years=(2030, 2031, 2032))
    target = tmp_path / "b.json"
    _run("export_begroting", "--tenant", "VOA001", "--format", "json", "--out", str(target))
    assert json.loads(target.read_text(encoding="utf-8"))["eerste_jaar"] == 2030


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "NIEMAND", "--format", "json"], "Onbekend samenwerkingsverband"),
        (["--tenant", "VOA001", "--format", "json"], "VOA001 heeft geen begroting"),
        (["--tenant", "VOA001", "--format", "json", "--version", "x"], "Ongeldige versie 'x'"),
    ],
)
def test_export_says_in_dutch_what_is_wrong(world, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        _run("export_begroting", *args, "--out", str(tmp_path / "x.json"))


def test_a_malformed_json_is_refused_with_its_path_and_saves_nothing(world, tmp_path):
    demo_in(world.tenant_a)
    target = tmp_path / "a.json"
    _run("export_begroting", "--tenant", "VOA001", "--format", "json", "--out", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    document["regels"][3]["bedragen"]["2026"] = "veel"
    target.write_text(json.dumps(document), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen: 1 fout"):
        call_command("import_begroting", "--tenant", "VOB001", str(target), "--commit",
                     stdout=out, stderr=err)  # fmt: skip
    assert "Fout: regels[3].bedragen.2026: 'veel' is geen bedrag in hele euro's" in err.getvalue()
    assert _count(world.tenant_b) == (0, 0)


def test_a_bad_excel_row_is_named_and_saves_nothing(world, tmp_path):
    import openpyxl

    demo_in(world.tenant_a)
    target = tmp_path / "a.xlsx"
    _run("export_begroting", "--tenant", "VOA001", "--format", "xlsx", "--out", str(target))
    book = openpyxl.load_workbook(target)
    book["Begroting"]["C5"] = "ongeveer negen miljoen"
    book.save(target)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen"):
        call_command("import_begroting", "--tenant", "VOB001", str(target), "--commit",
                     stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert "Fout: Rij 5, 2026: 'ongeveer negen miljoen' is geen bedrag" in err.getvalue()
    assert _count(world.tenant_b) == (0, 0)


def test_import_refuses_a_file_that_is_no_begroting(world, tmp_path):
    target = tmp_path / "a.xlsx"
    target.write_bytes(b"gewone tekst")
    with pytest.raises(CommandError, match="geen Excel-werkmap"):
        _run("import_begroting", "--tenant", "VOB001", str(target))
    with pytest.raises(CommandError, match="kan niet worden gelezen"):
        _run("import_begroting", "--tenant", "VOB001", str(tmp_path / "weg.json"))
