"""import_schools: dry run first, atomic, each bad row named with its reason in Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from swvportal.core.imports import ImportFileError, load_dataset, run_import
from swvportal.tenancy.models import School
from swvportal.tenancy.resources import SCHOOL_COLUMNS, SchoolResource

HEADER = "brin,naam,soort,gemeente,bestuur\n"
GOOD = HEADER + "14PS03,Het Baken,vo,Gouda,Stichting Baken\n15AB,De Ark,vso-cluster3,Ede,\n"


def _csv(tmp_path: Path, text: str, name="scholen.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(path: Path, *extra: str, tenant="VOA001") -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_schools", str(path), "--tenant", tenant, *extra, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _school_count(tenant) -> int:
    with scope(tenant=tenant):
        return School.objects.count()


def test_a_dry_run_saves_nothing(world, tmp_path):
    out, _ = _run(_csv(tmp_path, GOOD))
    assert "Proefrun zonder fouten (2 nieuw" in out
    assert _school_count(world.tenant_a) == 2  # only the fixture's two


def test_commit_saves_and_a_second_commit_updates_nothing(world, tmp_path):
    path = _csv(tmp_path, GOOD)
    out, _ = _run(path, "--commit")
    assert "2 nieuw" in out
    with scope(tenant=world.tenant_a):
        school = School.objects.get(brin="14PS03")
    assert (school.name, school.kind, school.municipality) == ("Het Baken", "vo", "Gouda")
    out, _ = _run(path, "--commit")
    assert "0 nieuw, 0 bijgewerkt, 2 ongewijzigd" in out


def test_an_existing_brin_is_updated_within_the_tenant_only(world, tmp_path):
    # 22BB00 is tenant B's school: for tenant A it is simply a new school.
    out, _ = _run(
        _csv(tmp_path, HEADER + "11AA00,Alfa College Nieuw,vo,Gouda,\n22BB00,Nieuw,vo,,\n"),
        "--commit",
    )
    assert "1 nieuw, 1 bijgewerkt" in out
    with scopes_disabled():
        assert School.objects.get(tenant=world.tenant_b, brin="22BB00").name.startswith("GEHEIM")
        assert School.objects.get(tenant=world.tenant_a, brin="11AA00").name == "Alfa College Nieuw"


BAD = (
    HEADER
    + "14PS03,Goede School,vo,Gouda,\n"  # line 2: fine
    + "16CD01,Onbekende Soort,havo,,\n"  # line 3: unknown kind
    + "14PS03,Dubbel,vo,,\n"  # line 4: duplicate BRIN
    + "1X2Y,Rare Brin,vo,,\n"  # line 5: malformed BRIN
    + "17EF,,pro,,\n"  # line 6: empty name
)


def test_bad_rows_are_named_with_their_reasons_and_nothing_is_saved(world, tmp_path):
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen: 4 van de 5 regels"):
        call_command(
            "import_schools",
            str(_csv(tmp_path, BAD)),
            "--tenant",
            "VOA001",
            "--commit",
            stdout=StringIO(),
            stderr=err,
        )
    lines = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [f"Fout op regel {n}" for n in (3, 4, 5, 6)]
    assert _school_count(world.tenant_a) == 2


def test_each_bad_row_has_its_own_dutch_reason(world):
    with scope(tenant=world.tenant_a):
        dataset = load_dataset(BAD.encode(), "csv", required=SCHOOL_COLUMNS)
        report = run_import(lambda: SchoolResource(tenant=world.tenant_a), dataset, commit=True)
    reasons = {e.line: " ".join(e.messages) for e in report.errors}
    assert set(reasons) == {3, 4, 5, 6}
    assert "onbekende soort 'havo'" in reasons[3]
    assert "BRIN 14PS03 staat ook al op regel 2" in reasons[4]
    assert "BRIN '1X2Y' is ongeldig" in reasons[5]
    assert "naam ontbreekt" in reasons[6]
    assert not report.committed


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "leeg"),
        (b"brin,naam\n14PS,X\n", "mist de kolom(men): soort, gemeente, bestuur"),
        (HEADER.encode(), "geen regels onder de kopregel"),
        ("brin,naam,soort,gemeente,bestuur\n14PS,Café,vo,,\n".encode("latin-1"), "geen UTF-8"),
        (HEADER.encode() + b"14PS,X,vo\n", "Regel 2 heeft 3 kolommen"),
    ],
)
def test_an_unreadable_file_is_refused_as_a_whole(world, tmp_path, content, message):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Niets ingelezen") as exc:
        _run(path, "--commit")
    assert message in str(exc.value)
    assert _school_count(world.tenant_a) == 2


def test_semicolons_from_dutch_excel_are_understood(world, tmp_path):
    out, _ = _run(_csv(tmp_path, GOOD.replace(",", ";")), "--commit")
    assert "2 nieuw" in out


def test_an_unknown_tenant_is_refused(world, tmp_path):
    with pytest.raises(CommandError, match="Onbekend samenwerkingsverband"):
        _run(_csv(tmp_path, GOOD), tenant="VO4040")


CELL = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
ROW = st.lists(CELL, min_size=0, max_size=7)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=st.lists(ROW, max_size=8), header=st.booleans(), raw=st.binary(max_size=200))
def test_fuzzed_input_never_raises_an_unhandled_error_and_saves_nothing_on_errors(
    world, rows, header, raw
):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(SCHOOL_COLUMNS)
    writer.writerows(rows)
    for content in (buffer.getvalue().encode(), raw):
        with scope(tenant=world.tenant_a):
            before = sorted(School.objects.values_list("brin", "name"))
            try:
                dataset = load_dataset(content, "csv", required=SCHOOL_COLUMNS)
            except ImportFileError as exc:
                assert str(exc)
                continue
            report = run_import(lambda: SchoolResource(tenant=world.tenant_a), dataset, commit=True)
            after = sorted(School.objects.values_list("brin", "name"))
            if report.errors:
                assert after == before and not report.committed
                assert all(e.messages and e.line >= 2 for e in report.errors)
            # Remove what a clean commit saved, so every example starts alike.
            School.objects.exclude(brin__in=["11AA00", "11AB00"]).delete()
