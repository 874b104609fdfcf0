"""``export_jaarplan`` (xlsx and json) and ``import_jaarplan`` (dry run, commit, errors)."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from plans.jaarplan.exchange import schema_problems
from plans.models import Activity

from .builders import a_jaarplan, adopt, an_activity, an_adopted_plan
from .exchange_support import a_full_jaarplan, activity_rows, row, workbook

pytestmark = pytest.mark.django_db


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_writes_excel_and_json_files(world, tmp_path):
    jaarplan = a_full_jaarplan(world.tenant_a)
    xlsx, data = tmp_path / "jaarplan.xlsx", tmp_path / "jaarplan.json"
    out, _ = _run("export_jaarplan", "--tenant", "VOA001", "--schooljaar", "2026-2027",
                  "--format", "xlsx", "--out", str(xlsx))  # fmt: skip
    assert "Geschreven" in out and str(jaarplan) in out
    sheet = openpyxl.load_workbook(xlsx)["Jaarplan"]
    assert sheet.max_row == 10
    _run("export_jaarplan", "--tenant", "voa001", "--schooljaar", "2026-2027",
         "--format", "json", "--out", str(data))  # fmt: skip
    document = json.loads(data.read_text(encoding="utf-8"))
    assert schema_problems(document) == [] and document["samenwerkingsverband"] == "VOA001"


def test_export_json_goes_to_standard_output_without_out(world):
    a_full_jaarplan(world.tenant_a)
    out, _ = _run("export_jaarplan", "--tenant", "VOA001", "--schooljaar", "2026-2027")
    assert json.loads(out)["schema"] == "swvportal.jaarplan/1"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "NIEMAND", "--schooljaar", "2026-2027"], "Onbekend samenwerkingsverband"),
        (["--tenant", "VOA001", "--schooljaar", "2026/27"], "--schooljaar '2026/27'"),
        (["--tenant", "VOA001", "--schooljaar", "2026-2028"], "--schooljaar '2026-2028'"),
        (["--tenant", "VOA001", "--schooljaar", "2030-2031"], "geen jaarplan voor 2030-2031"),
        (["--tenant", "VOA001", "--schooljaar", "2026-2027", "--format", "xlsx"], "geef --out op"),
    ],
)
def test_export_says_in_dutch_what_is_wrong(world, args, message):
    a_jaarplan(world.tenant_a, 2026)
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        _run("export_jaarplan", *args)


def test_import_dry_run_then_commit_into_another_tenant(world, tmp_path):
    source = a_full_jaarplan(world.tenant_a)
    an_adopted_plan(world.tenant_b)
    target = a_jaarplan(world.tenant_b, 2026)
    file = tmp_path / "jaarplan.xlsx"
    _run("export_jaarplan", "--tenant", "VOA001", "--schooljaar", "2026-2027",
         "--format", "xlsx", "--out", str(file))  # fmt: skip

    out, _ = _run("import_jaarplan", str(file), "--tenant", "VOB001", "--schooljaar", "2026-2027")
    assert "Proefrun zonder fouten (6 nieuw, 0 bijgewerkt, 0 ongewijzigd)" in out
    assert "Rij 2: nieuw: 1.1 a: Stap in 2026-2027. — Er is een plan van aanpak." in out
    assert "Rij 7: geen activiteit: 1.1 e: Jaarlijkse stap." in out
    assert "Nieuw aanvullend verbeterpunt: Ouderpagina op de website" in out
    with scopes_disabled():
        assert not Activity.objects.filter(jaarplan=target).exists()

    out, _ = _run("import_jaarplan", str(file), "--tenant", "VOB001", "--schooljaar", "2026-2027",
                  "--commit")  # fmt: skip
    assert "Ingelezen in Jaarplan 2026-2027 (versie 1.0): 6 nieuw" in out
    assert activity_rows(target) == activity_rows(source)


def test_import_with_bad_rows_names_each_row_and_saves_nothing(world, tmp_path):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    file = tmp_path / "fout.xlsx"
    file.write_bytes(workbook([row(), row(result=""), row(status="Vervallen")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen: 2 van de 3 rijen hebben fouten"):
        call_command("import_jaarplan", str(file), "--tenant", "VOA001", "--schooljaar",
                     "2026-2027", "--commit", stdout=io.StringIO(), stderr=err)  # fmt: skip
    assert err.getvalue().splitlines() == [
        "Rij 3: Beoogd resultaat: Vul het beoogde resultaat in.",
        "Rij 4: Toelichting: Licht toe waarom de activiteit vervalt.",
    ]
    with scopes_disabled():
        assert not Activity.objects.filter(jaarplan=jaarplan).exists()


@pytest.mark.parametrize(
    ("content", "year", "message"),
    [
        (b"brin;naam\n", "2026-2027", "geen Excel-werkmap"),
        (None, "2026-2027", "kan niet worden gelezen"),
        ("ok", "2027-2028", "geen jaarplan voor 2027-2028. Maak het eerst met create_jaarplan"),
        ("ok", "2026", "--schooljaar '2026'"),
    ],
)
def test_import_says_in_dutch_what_is_wrong_with_the_file_or_year(
    world, tmp_path, content, year, message
):
    a_jaarplan(world.tenant_a, 2026)
    file = tmp_path / "jaarplan.xlsx"
    if content is not None:
        file.write_bytes(workbook([row()]) if content == "ok" else content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        _run("import_jaarplan", str(file), "--tenant", "VOA001", "--schooljaar", year)


def test_import_into_an_adopted_jaarplan_is_refused(world, tmp_path):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    adopt(jaarplan)
    file = tmp_path / "jaarplan.xlsx"
    file.write_bytes(workbook([row()]))
    with pytest.raises(CommandError, match=r"vastgesteld\. Activiteiten inlezen kan alleen"):
        _run("import_jaarplan", str(file), "--tenant", "VOA001", "--schooljaar", "2026-2027")
