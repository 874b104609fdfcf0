"""Import and export of thuiszitters and OPP's: the services' rules per row, Dutch row errors,
all or nothing, round trips, per-school access, one access-log entry per export, no formulas."""

from __future__ import annotations

import csv
import datetime
import io
import time
from pathlib import Path
from unittest import mock

import openpyxl
import pytest
import tablib
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from referrals import resources, views_import
from referrals.models import AbsenceRegistration, OppRegistration, Pupil
from referrals.tests.factories import close_absence, days_ago, make_absence, make_opp
from swvportal.audit.models import AuditEntry
from swvportal.core.imports import ImportFileError

ABSENCE_COLUMNS = resources.column_names("thuiszitters")
OPP_COLUMNS = resources.column_names("opp")
MODELS = {"thuiszitters": AbsenceRegistration, "opp": OppRegistration}
URLS = {
    "thuiszitters": ("referrals:import_absences", "referrals:export_absences"),
    "opp": ("referrals:import_opps", "referrals:export_opps"),
}


def _url(name: str, tenant: str = "VOA001") -> str:
    return reverse(name, kwargs={"tenant_code": tenant})


def _count(tenant, model=AbsenceRegistration, **filters) -> int:
    with scope(tenant=tenant):
        return model.objects.filter(**filters).count()


def _csv_bytes(rows: list[dict], columns=ABSENCE_COLUMNS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _absence_row(n: int) -> dict:
    """A valid row; every third pupil still at home, the others back at school."""
    start = days_ago(60 + n % 200)
    closed = n % 3 != 0
    return {
        "leerlingnummer": f"L{n:05d}",
        "geboortejaar": str(timezone.localdate().year - 13 - n % 5),
        "initialen": "A.B." if n % 2 else "",
        "soort": ["absoluut", "relatief", "geoorloofd"][n % 3],
        "wettelijke_grond": "",
        # every other row in the Dutch date format
        "begindatum": start.isoformat() if n % 2 else start.strftime("%d-%m-%Y"),
        "einddatum": days_ago(10).isoformat() if closed else "",
        "reden": "psychisch",
        "partners": "leerplicht;ggd" if n % 4 else "",
        "plan": "Terugkeer in fasen, met de mentor.",
        "laatste_contact": days_ago(12).isoformat(),
        "uitkomst": "eigen_school" if closed else "",
    }


BAD_LINES = {
    101: "soort: Onbekende waarde 'ziek'. Kies uit: absoluut, relatief, vrijstelling, geoorloofd.",
    502: "einddatum: De einddatum ligt voor de begindatum.",
    903: "uitkomst: Een afgesloten registratie heeft een uitkomst",
}


def _thousand_rows(*, bad: bool) -> list[dict]:
    rows = [_absence_row(n) for n in range(1000)]
    if bad:  # line N in the file is rows[N - 2]: the header is line 1
        rows[99]["soort"] = "ziek"
        rows[500]["einddatum"] = days_ago(500).isoformat()
        rows[500]["uitkomst"] = "mbo"
        rows[901]["einddatum"] = days_ago(5).isoformat()
        rows[901]["uitkomst"] = ""
    return rows


def _import(kind: str, file: Path, *extra: str, school="11AA00", tenant="VOA001"):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_registrations",
            kind,
            str(file),
            "--tenant",
            tenant,
            "--school",
            school,
            *extra,
            stdout=out,
            stderr=err,
        )
    except CommandError as exc:
        return out.getvalue(), err.getvalue(), str(exc)
    return out.getvalue(), err.getvalue(), None


def _export(kind: str, out: Path, *extra: str, tenant="VOA001") -> str:
    stdout = io.StringIO()
    call_command(
        "export_registrations", kind, "--tenant", tenant, *extra, "--out", str(out), stdout=stdout
    )
    return stdout.getvalue()


def _upload(client, kind: str, school, content: bytes, name: str):
    return client.post(
        _url(URLS[kind][0]),
        {"school": school.pk, "file": SimpleUploadedFile(name, content)},
    )


def _payload(world, member: str, kind: str, school, content: bytes) -> str:
    """A correctly signed "Opslaan" payload, as the preview would make it."""
    return signing.dumps(
        {
            "tenant": world.tenant_a.pk,
            "member": world.members[member].pk,
            "kind": kind,
            "school": school.pk,
            "format": "csv",
            "name": "x.csv",
            "data": resources.pack_bytes(content),
        },
        salt=views_import.SIGNING_SALT,
        compress=True,
    )


def _access_entries():
    with scopes_disabled():
        return AuditEntry.objects.filter(action=LogEntry.Action.ACCESS)


# --- 1,000 rows ----------------------------------------------------------------------------


def test_a_thousand_rows_three_bad_ones_named_nothing_saved_then_all_saved(world, login, tmp_path):
    started = time.monotonic()
    bad_file = tmp_path / "thuiszitters.csv"
    bad_file.write_bytes(_csv_bytes(_thousand_rows(bad=True)))

    # The command: a dry run that names exactly the three lines.
    _, err, failure = _import("thuiszitters", bad_file)
    assert failure == "Niets ingelezen: 3 van de 1000 regels hebben fouten."
    lines = [line for line in err.splitlines() if line.startswith("Fout op regel")]
    assert [int(line.split()[3].rstrip(":")) for line in lines] == sorted(BAD_LINES)
    for line, message in zip(sorted(BAD_LINES), lines, strict=True):
        assert BAD_LINES[line] in message
    assert _count(world.tenant_a) == 0
    assert _count(world.tenant_a, Pupil) == 0

    # The web page: the same three lines with their reasons, no way to save.
    client = login(world.user("zorgcoordinator"))
    response = _upload(client, "thuiszitters", world.school_a1, bad_file.read_bytes(), "t.csv")
    assert response.status_code == 200
    report = response.context["report"]
    assert [e.line for e in report.errors] == sorted(BAD_LINES)
    for error in report.errors:
        assert any(BAD_LINES[error.line] in m for m in error.messages)
    html = response.content.decode()
    assert "Regels met fouten" in html and "Opslaan</button>" not in html
    assert "<td>502</td>" in html and "De einddatum ligt voor de begindatum." in html
    assert response.context["payload"] == ""
    assert _count(world.tenant_a) == 0

    # Fixed: the preview offers "Opslaan"; saving needs no new upload and saves 1,000.
    good = _csv_bytes(_thousand_rows(bad=False))
    response = _upload(client, "thuiszitters", world.school_a1, good, "t.csv")
    report = response.context["report"]
    assert (report.ok, report.new, report.updated, report.unchanged) == (True, 1000, 0, 0)
    assert _count(world.tenant_a) == 0  # still a dry run
    saving = time.monotonic()
    response = client.post(
        _url("referrals:import_absences"), {"payload": response.context["payload"]}
    )
    saved = time.monotonic() - saving
    assert response.status_code == 200
    assert response.context["report"].committed
    assert _count(world.tenant_a) == 1000
    assert _count(world.tenant_a, school=world.school_a1) == 1000
    assert _count(world.tenant_a, end_date__isnull=True) == 334
    assert "Alle regels zijn opgeslagen: 1000 nieuw" in response.content.decode()
    print(
        f"1,000 rows: all steps {time.monotonic() - started:.1f} s; saving (dry run and "
        f"commit) {saved:.1f} s"
    )


# --- Row rules -----------------------------------------------------------------------------


def test_rows_follow_the_services_rules_in_dutch(world, tmp_path):
    year = timezone.localdate().year
    rows = [
        _absence_row(1),
        {**_absence_row(2), "soort": "vrijstelling"},  # no legal ground
        {**_absence_row(3), "begindatum": "31-02-2024"},  # no such date
        {**_absence_row(4), "geboortejaar": "twaalf"},
        {**_absence_row(5), "partners": "leerplicht;oma"},
        {
            **_absence_row(6),
            "begindatum": (timezone.localdate() + datetime.timedelta(3)).isoformat(),
        },
        {**_absence_row(1), "plan": "dubbel"},  # the same pupil and start date as line 2
        {**_absence_row(7), "geboortejaar": str(year - 40)},
        {**_absence_row(8), "initialen": "A.B.C.D.E.F.G."},  # longer than 10
        {**_absence_row(9), "plan": "bel\x07"},
    ]
    file = tmp_path / "t.csv"
    file.write_bytes(_csv_bytes(rows))
    _, err, failure = _import("thuiszitters", file)
    assert failure == "Niets ingelezen: 9 van de 10 regels hebben fouten."
    expected = [
        "Fout op regel 3: wettelijke_grond: Vul de wettelijke grond van de vrijstelling in",
        "Fout op regel 4: begindatum: '31-02-2024' is geen geldige datum.",
        "Fout op regel 5: geboortejaar: 'twaalf' is geen jaartal.",
        "Fout op regel 6: partners: Onbekende waarde(n) 'oma'. Kies uit: leerplicht, jeugdhulp",
        "Fout op regel 7: begindatum: De begindatum ligt in de toekomst.",
        "Fout op regel 8: Deze leerling staat met dezelfde begindatum ook al op regel 2.",
        f"Fout op regel 9: geboortejaar: Vul een geboortejaar tussen {year - 25} en",
        "Fout op regel 10: initialen: ",
        "Fout op regel 11: plan: Hier staat een teken dat niet is toegestaan",
    ]
    lines = err.splitlines()
    assert len(lines) == len(expected)
    for line, start in zip(lines, expected, strict=True):
        assert line.startswith(start), line


def test_a_known_pupil_number_with_another_birth_year_is_refused(world, tmp_path):
    with scope(tenant=world.tenant_a):
        registration = make_absence(world.school_a1, pupil_number="P-1", birth_year=2012)
    row = {
        **_absence_row(1),
        "leerlingnummer": "P-1",
        "geboortejaar": "2011",
        "begindatum": registration.start_date.isoformat(),
        "einddatum": "",
        "uitkomst": "",
    }
    file = tmp_path / "t.csv"
    file.write_bytes(_csv_bytes([row]))
    _, err, failure = _import("thuiszitters", file, "--commit")
    assert failure
    assert "geboortejaar: Leerlingnummer P-1 is bij deze school bekend met geboortejaar 2012" in err
    # In another school the same number is another pupil: no error, and nothing of A1 shown.
    row["geboortejaar"] = "2011"
    _, err, failure = _import("thuiszitters", file, school="11AB00")
    assert failure is None, err


def test_an_open_registration_of_a_pupil_blocks_a_second_open_one(world, tmp_path):
    with scope(tenant=world.tenant_a):
        make_absence(world.school_a1, pupil_number="P-2", birth_year=2012, start_date=days_ago(90))
    row = {
        **_absence_row(1),
        "leerlingnummer": "P-2",
        "geboortejaar": "2012",
        "begindatum": days_ago(20).isoformat(),
        "einddatum": "",
        "uitkomst": "",
    }
    file = tmp_path / "t.csv"
    file.write_bytes(_csv_bytes([row]))
    _, err, failure = _import("thuiszitters", file, "--commit")
    assert failure == "Niets ingelezen: 1 van de 1 regels hebben fouten."
    assert "einddatum: Deze leerling heeft al een open registratie" in err
    assert _count(world.tenant_a) == 1


def test_an_existing_registration_is_updated_through_the_service(world, tmp_path):
    with scope(tenant=world.tenant_a):
        registration = make_absence(world.school_a1, pupil_number="P-3", birth_year=2012)
    out_file = tmp_path / "a1.csv"
    _export("thuiszitters", out_file, "--school", "11AA00")
    dataset = resources.read_file("thuiszitters", out_file.read_bytes(), "csv")
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    row.update(einddatum=days_ago(1).strftime("%d-%m-%Y"), uitkomst="vso")
    file = tmp_path / "t.csv"
    file.write_bytes(_csv_bytes([row]))
    out, _, failure = _import("thuiszitters", file, "--commit")
    assert failure is None
    assert "0 nieuw, 1 bijgewerkt, 0 ongewijzigd" in out
    with scope(tenant=world.tenant_a):
        registration.refresh_from_db()
    assert (registration.end_date, registration.outcome) == (days_ago(1), "vso")
    assert registration.revision == 2  # the service's revision counter


def test_a_school_column_naming_another_school_is_an_error(world, tmp_path):
    rows = [{"school": "11AA00", **_absence_row(1)}, {"school": "11AB00", **_absence_row(2)}]
    file = tmp_path / "t.csv"
    file.write_bytes(_csv_bytes(rows, ["school", *ABSENCE_COLUMNS]))
    _, err, failure = _import("thuiszitters", file)
    assert failure == "Niets ingelezen: 1 van de 2 regels hebben fouten."
    assert err.startswith("Fout op regel 3: school: Deze regel hoort bij school '11AB00'")


def test_opp_rows_follow_the_opp_rules(world, tmp_path):
    today = timezone.localdate()
    good = {
        "leerlingnummer": "O-1",
        "geboortejaar": str(today.year - 14),
        "initialen": "",
        "plaatsing": days_ago(60).isoformat(),
        "vastgesteld_op": days_ago(40).strftime("%d-%m-%Y"),
        "instemming_ouders": days_ago(38).isoformat(),
        "gehoord_op": days_ago(45).isoformat(),
        "hoe_gehoord": "gesprek",
        "mening_leerling": "Wil graag meer praktijkvakken.",
        "ondertekend_op": days_ago(38).isoformat(),
        "evaluatie_gepland": (today + datetime.timedelta(days=300)).isoformat(),
        "geevalueerd_op": "",
    }
    rows = [
        good,
        {**good, "leerlingnummer": "O-2", "hoe_gehoord": "telefoon"},
        {**good, "leerlingnummer": "O-3", "gehoord_op": "", "hoe_gehoord": ""},
        {**good, "leerlingnummer": "O-4", "vastgesteld_op": ""},
    ]
    file = tmp_path / "opp.csv"
    file.write_bytes(_csv_bytes(rows, OPP_COLUMNS))
    _, err, failure = _import("opp", file, "--commit")
    assert failure == "Niets ingelezen: 3 van de 4 regels hebben fouten."
    assert err.splitlines() == [
        "Fout op regel 3: hoe_gehoord: Onbekende waarde 'telefoon'. Kies uit: gesprek, "
        "schriftelijk, anders.",
        "Fout op regel 4: gehoord_op: Vul in wanneer de leerling is gehoord.",
        "Fout op regel 5: ondertekend_op: Een OPP wordt ondertekend nadat het is vastgesteld: "
        "vul eerst de datum van vaststellen in.",
    ]
    assert _count(world.tenant_a, OppRegistration) == 0
    file.write_bytes(_csv_bytes([good], OPP_COLUMNS))
    out, _, failure = _import("opp", file, "--commit")
    assert "Opgeslagen voor 11AA00: 1 nieuw" in out
    assert _count(world.tenant_a, OppRegistration) == 1


def test_excel_files_with_typed_cells_and_dutch_csv_with_semicolons_are_read(world, tmp_path):
    start = days_ago(40)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([c.upper() if c == "soort" else c for c in ABSENCE_COLUMNS])  # any case
    last_contact = datetime.datetime.combine(days_ago(2), datetime.time())
    row = [12345, 2012.0, None, "Relatief", None, start, None, "gedrag", "ggd; opdc", "Plan"]
    sheet.append([*row, last_contact, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = tmp_path / "excel.xlsx"
    file.write_bytes(buffer.getvalue())
    out, err, failure = _import("thuiszitters", file, "--commit")
    assert failure is None, err
    with scope(tenant=world.tenant_a):
        registration = AbsenceRegistration.objects.select_related("pupil").get()
    assert (registration.pupil.pupil_number, registration.pupil.birth_year) == ("12345", 2012)
    assert (registration.kind, registration.start_date) == ("relatief", start)
    assert registration.partners == ["ggd", "opdc"]
    assert registration.last_contact_date == days_ago(2)

    # Excel's Dutch CSV: semicolons between the cells, partners in quotes.
    text = ";".join(ABSENCE_COLUMNS) + "\n"
    text += f'12345;2012;;relatief;;{start:%d-%m-%Y};;gedrag;"ggd;opdc";Plan;{days_ago(2)};\n'
    file = tmp_path / "excel.csv"
    file.write_bytes(text.encode("utf-8-sig"))
    out, err, failure = _import("thuiszitters", file, "--commit")
    assert failure is None, err
    assert "0 nieuw, 0 bijgewerkt, 1 ongewijzigd" in out


def test_file_level_problems_are_dutch_command_errors(world, tmp_path):
    file = tmp_path / "t.csv"
    file.write_bytes(b"leerlingnummer,geboortejaar\nL1,2012\n")
    *_, failure = _import("thuiszitters", file)
    assert failure.startswith("Niets ingelezen. De kopregel mist de kolom(men): initialen, soort")
    *_, failure = _import("thuiszitters", file, school="99ZZ00")
    assert failure == "Onbekende school '99ZZ00' bij VOA001."
    *_, failure = _import("thuiszitters", file, school="22BB00")  # tenant B's school
    assert failure == "Onbekende school '22BB00' bij VOA001."


# --- Round trips ---------------------------------------------------------------------------


def _fill_school_a1(world) -> None:
    with scope(tenant=world.tenant_a):
        make_absence(world.school_a1, pupil_number="R-1", plan="Regel een\r\nRegel twee")
        make_absence(
            world.school_a1,
            pupil_number="R-2",
            kind="vrijstelling",
            plan='=HYPERLINK("https://example.com","klik")',
            partners=[],
            initials="-X",
        )
        closed = make_absence(
            world.school_a1, pupil_number="R-3", start_date=days_ago(300), plan="+31 6 bellen"
        )
        close_absence(closed, end_date=days_ago(200), outcome="mbo")
        make_absence(world.school_a1, pupil_number="R-3", start_date=days_ago(100))
        make_absence(world.school_a2, pupil_number="ANDERE-SCHOOL")
        make_opp(world.school_a1, pupil_number="R-1", pupil_view="@iedereen: graag\nmeer sport")
        make_opp(world.school_a1, pupil_number="R-4", heard_on=None, heard_how="", pupil_view="")
        make_opp(world.school_a2, pupil_number="ANDERE-SCHOOL")


def _rows(path: Path) -> list[tuple]:
    file_format = resources.file_format_for(path.name)
    return list(resources.read_file(kind_of(path), path.read_bytes(), file_format))


def kind_of(path: Path) -> str:
    return "opp" if path.name.startswith("opp") else "thuiszitters"


@pytest.mark.parametrize("kind", ["thuiszitters", "opp"])
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_imports_into_another_school_and_exports_the_same(
    world, tmp_path, kind, file_format
):
    _fill_school_a1(world)
    first, second = tmp_path / f"{kind}-a1.{file_format}", tmp_path / f"{kind}-a2.{file_format}"
    out = _export(kind, first, "--school", "11AA00")
    expected = 4 if kind == "thuiszitters" else 2
    assert out.startswith(f"{expected} registraties")
    assert "ANDERE-SCHOOL" not in first.read_bytes().decode("latin-1")

    # Into the same school: nothing changes.
    stdout, err, failure = _import(kind, first, "--commit")
    assert failure is None, err
    assert f"0 nieuw, 0 bijgewerkt, {expected} ongewijzigd" in stdout

    # Into another school (one registration of its own already there): all new.
    stdout, err, failure = _import(kind, first, "--commit", school="11AB00")
    assert failure is None, err
    assert f"{expected} nieuw, 0 bijgewerkt, 0 ongewijzigd" in stdout
    _export(kind, second, "--school", "11AB00")
    assert [r for r in _rows(second) if r[0] != "ANDERE-SCHOOL"] == _rows(first)


def test_an_export_of_all_schools_has_a_school_column(world, tmp_path):
    _fill_school_a1(world)
    file = tmp_path / "thuiszitters-alle.csv"
    _export("thuiszitters", file)
    dataset = resources.read_file("thuiszitters", file.read_bytes(), "csv")
    assert dataset.headers == ["school", *ABSENCE_COLUMNS]
    assert sorted({r[0] for r in dataset}) == ["11AA00", "11AB00"]
    # Reading it into A1 names the other school's row, and saves nothing.
    _, err, failure = _import("thuiszitters", file, "--commit")
    assert failure == "Niets ingelezen: 1 van de 5 regels hebben fouten."
    assert "school: Deze regel hoort bij school '11AB00', niet bij 11AA00" in err


def test_the_command_export_writes_one_access_log_entry(world, tmp_path):
    _fill_school_a1(world)
    before = _access_entries().count()
    _export("thuiszitters", tmp_path / "t.xlsx", "--school", "11AA00")
    _export("opp", tmp_path / "opp.csv")
    entries = list(_access_entries().order_by("pk"))[before:]
    assert len(entries) == 2
    school_entry, tenant_entry = entries
    assert school_entry.actor is None
    assert school_entry.additional_data == {
        "what": "export thuiszitters (opdrachtregel)",
        "count": 4,
    }
    assert (school_entry.object_pk, school_entry.tenant_id) == (
        str(world.school_a1.pk),
        world.tenant_a.pk,
    )
    assert tenant_entry.additional_data == {"what": "export opp (opdrachtregel)", "count": 3}
    assert tenant_entry.content_type == ContentType.objects.get_for_model(world.tenant_a)


# --- Web pages: who may do what ------------------------------------------------------------


def test_the_import_page_explains_the_columns_and_preselects_the_only_school(world, login):
    client = login(world.user("zorgcoordinator"))
    response = client.get(_url("referrals:import_absences"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Controleren (er wordt nog niets opgeslagen)" in html
    assert f'<option value="{world.school_a1.pk}" selected>' in html
    assert str(world.school_a2.name) not in html
    assert "<code>wettelijke_grond</code>" in html and "<code>buiten_swv</code>" in html
    assert f"{_url('referrals:export_absences')}?leeg=1" in html
    response = client.get(_url("referrals:import_opps"))
    assert "<code>hoe_gehoord</code>" in response.content.decode()


def test_an_empty_template_downloads_without_an_access_log_entry(world, login):
    client = login(world.user("zorgcoordinator"))
    before = _access_entries().count()
    response = client.get(_url("referrals:export_opps") + "?leeg=1")
    assert response.status_code == 200
    assert 'filename="opp-sjabloon.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == OPP_COLUMNS
    assert sheet.max_row == 1
    assert _access_entries().count() == before


@pytest.mark.parametrize("kind", ["thuiszitters", "opp"])
def test_a_zorgcoordinator_cannot_reach_another_school_or_tenant(world, login, kind):
    _fill_school_a1(world)
    import_name, export_name = URLS[kind]
    model = MODELS[kind]
    in_a2 = _count(world.tenant_a, model, school=world.school_a2)
    client = login(world.user("zorgcoordinator"))
    before = _access_entries().count()
    content = _csv_bytes([], ABSENCE_COLUMNS if kind == "thuiszitters" else OPP_COLUMNS)
    for school in (world.school_a2, world.school_b1):
        assert _upload(client, kind, school, content, "x.csv").status_code == 404
        response = client.get(_url(export_name) + f"?school={school.pk}")
        assert response.status_code == 404
    for odd in ("abc", "²", "99999999999999999999", "-1"):
        assert client.get(_url(export_name) + f"?school={odd}").status_code == 404
    # Tenant B: no membership there at all.
    assert client.get(_url(import_name, "VOB001")).status_code == 403
    assert client.get(_url(export_name, "VOB001")).status_code == 403
    response = client.post(
        _url(import_name, "VOB001"),
        {"school": world.school_b1.pk, "file": SimpleUploadedFile("x.csv", content)},
    )
    assert response.status_code == 403
    # A payload signed for this member but naming school A2 is refused on saving as well.
    payload = _payload(world, "zorgcoordinator", kind, world.school_a2, content)
    assert client.post(_url(import_name), {"payload": payload}).status_code == 404
    assert _count(world.tenant_a, model, school=world.school_a2) == in_a2
    assert _access_entries().count() == before  # nothing exported, nothing logged

    # The export of "all schools" is all of *their* schools: A1 only.
    response = client.get(_url(export_name))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert rows and {row[0] for row in rows} == {"11AA00"}
    assert "ANDERE-SCHOOL" not in {row[1] for row in rows}


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_toezicht_and_inspectie_get_403_everywhere(world, login, role):
    client = login(world.user(role))
    for name in (*URLS["thuiszitters"], *URLS["opp"]):
        assert client.get(_url(name)).status_code == 403, name
        assert client.get(_url(name) + "?leeg=1").status_code == 403, name
    for name in (URLS["thuiszitters"][0], URLS["opp"][0]):
        response = client.post(
            _url(name), {"school": world.school_a1.pk, "file": SimpleUploadedFile("x.csv", b"")}
        )
        assert response.status_code == 403


def test_a_bad_file_is_a_dutch_form_error(world, login):
    client = login(world.user("bestuurder"))
    response = _upload(client, "thuiszitters", world.school_a1, b"x", "leerlingen.xls")
    assert response.status_code == 422
    assert "Kies een CSV-bestand (.csv) of een Excel-bestand (.xlsx)" in response.content.decode()
    big = b"a" * (views_import.MAX_UPLOAD_BYTES + 1)
    response = _upload(client, "thuiszitters", world.school_a1, big, "groot.csv")
    assert "Het bestand is groter dan 5 MB" in response.content.decode()
    response = _upload(client, "thuiszitters", world.school_a1, b"PK\x03\x04kapot", "x.xlsx")
    assert "Het bestand kon niet als xlsx worden gelezen." in response.content.decode()
    response = client.post(_url("referrals:import_absences"), {"school": ""})
    assert response.status_code == 422


def test_tampered_or_old_payloads_are_refused(world, login):
    client = login(world.user("bestuurder"))
    content = _csv_bytes([_absence_row(1)])
    response = _upload(client, "thuiszitters", world.school_a2, content, "t.csv")
    payload = response.context["payload"]
    assert payload

    tampered = payload[:-3] + ("AAA" if payload[-3:] != "AAA" else "BBB")
    response = client.post(_url("referrals:import_absences"), {"payload": tampered})
    assert response.status_code == 400
    assert "De gegevens om op te slaan zijn niet geldig" in response.content.decode()

    # Another page (OPP's) or another member cannot use it either.
    assert client.post(_url("referrals:import_opps"), {"payload": payload}).status_code == 400
    other = login(world.user("outsider"))
    assert other.post(_url("referrals:import_absences"), {"payload": payload}).status_code == 403

    client = login(world.user("bestuurder"))
    with mock.patch("django.core.signing.time.time", return_value=time.time() - 3601):
        old = _payload(world, "bestuurder", "thuiszitters", world.school_a2, content)
    response = client.post(_url("referrals:import_absences"), {"payload": old})
    assert response.status_code == 400
    assert "meer dan een uur oud" in response.content.decode()
    assert _count(world.tenant_a) == 0

    response = client.post(_url("referrals:import_absences"), {"payload": payload})
    assert response.status_code == 200 and response.context["report"].committed
    assert _count(world.tenant_a, school=world.school_a2) == 1


def test_a_file_too_big_to_carry_in_a_form_is_not_offered_for_saving(world, login):
    client = login(world.user("bestuurder"))
    content = _csv_bytes([_absence_row(n) for n in range(20)])
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=64 * 1024 + 100):
        response = _upload(client, "thuiszitters", world.school_a1, content, "t.csv")
    assert response.context["report"].ok and response.context["payload"] == ""
    html = response.content.decode()
    assert "Het bestand is te groot om na de controle hier op te slaan" in html
    assert "Opslaan</button>" not in html


# --- Web export ----------------------------------------------------------------------------


def test_each_web_export_writes_exactly_one_access_log_entry(world, login):
    _fill_school_a1(world)
    client = login(world.user("bestuurder"))
    before = _access_entries().count()
    response = client.get(_url("referrals:export_absences") + f"?school={world.school_a1.pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == resources.XLSX_CONTENT_TYPE
    today = timezone.localdate().isoformat()
    assert f'filename="thuiszitters-11AA00-{today}.xlsx"' in response["Content-Disposition"]
    entries = list(_access_entries().order_by("pk"))[before:]
    assert len(entries) == 1
    assert entries[0].object_pk == str(world.school_a1.pk)
    assert entries[0].actor == world.user("bestuurder")
    assert entries[0].additional_data["what"] == "export thuiszitters"
    assert entries[0].additional_data["count"] == 4

    response = client.get(_url("referrals:export_opps"))
    assert f'filename="opp-VOA001-alle-scholen-{today}.xlsx"' in response["Content-Disposition"]
    entries = list(_access_entries().order_by("pk"))[before:]
    assert len(entries) == 2
    assert entries[1].content_type == ContentType.objects.get_for_model(world.tenant_a)
    assert entries[1].additional_data["count"] == 3
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["school", *OPP_COLUMNS]


def test_formulas_are_neutralised_in_the_xlsx_export_and_import_back_unchanged(
    world, login, tmp_path
):
    _fill_school_a1(world)
    client = login(world.user("zorgcoordinator"))
    response = client.get(_url("referrals:export_absences") + f"?school={world.school_a1.pk}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    headers = [c.value for c in sheet[1]]
    cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    plans = [row[headers.index("plan")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("https://example.com","klik")' in plans
    assert "'+31 6 bellen" in plans
    initials = {row[headers.index("initialen")] for row in sheet.iter_rows(values_only=True)}
    assert "'-X" in initials
    # Read back: the apostrophe comes off again, so nothing changes.
    file = tmp_path / "thuiszitters.xlsx"
    file.write_bytes(response.content)
    out, err, failure = _import("thuiszitters", file, "--commit")
    assert failure is None, err
    assert "0 nieuw, 0 bijgewerkt, 4 ongewijzigd" in out
    with scope(tenant=world.tenant_a):
        assert AbsenceRegistration.objects.filter(plan__startswith="=HYPERLINK").count() == 1


def test_formula_escaping_is_reversible():
    for text in ["=1+1", "'=1+1", "''@x", "-5", "\tx", "gewoon", "'quote", "", "a=b"]:
        escaped = resources.escape_formula(text)
        assert not (escaped[:1] in "=+-@\t\r" and escaped)
        assert resources.unescape_formula(escaped) == text


# --- Fuzzing -------------------------------------------------------------------------------

_TODAY = datetime.date.today()
_dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=_TODAY + datetime.timedelta(30))
_date_cells = st.one_of(
    _dates.map(datetime.date.isoformat),
    _dates.map(lambda d: d.strftime("%d-%m-%Y")),
    _dates,
    st.datetimes(min_value=datetime.datetime(1990, 1, 1)),
    st.from_regex(r"[0-9]{1,2}-[0-9]{1,2}-[0-9]{2,5}", fullmatch=True),
)
_anything = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    _date_cells,
)


def _cells(*good: str) -> st.SearchStrategy:
    return st.one_of(st.sampled_from(good), _anything)


_FUZZ_COLUMNS = {
    "thuiszitters": {
        "leerlingnummer": _cells("F-1", "F-2", "F-3"),
        "geboortejaar": _cells(str(_TODAY.year - 14), str(_TODAY.year - 12)),
        "initialen": _cells("", "A.B."),
        "soort": _cells("absoluut", "relatief", "vrijstelling", "geoorloofd"),
        "wettelijke_grond": _cells("", "Leerplichtwet art. 5 onder a"),
        "begindatum": st.one_of(_date_cells, _anything),
        "einddatum": st.one_of(st.just(""), _date_cells, _anything),
        "reden": _cells("", "psychisch", "anders"),
        "partners": _cells("", "leerplicht;ggd", "opdc"),
        "plan": _cells("", "Plan", "=1+1"),
        "laatste_contact": st.one_of(st.just(""), _date_cells),
        "uitkomst": _cells("", "mbo", "geen"),
    },
    "opp": {
        "leerlingnummer": _cells("F-1", "F-2", "F-3"),
        "geboortejaar": _cells(str(_TODAY.year - 14), str(_TODAY.year - 12)),
        "initialen": _cells("", "A.B."),
        "plaatsing": st.one_of(_date_cells, _anything),
        "vastgesteld_op": st.one_of(st.just(""), _date_cells),
        "instemming_ouders": st.one_of(st.just(""), _date_cells),
        "gehoord_op": st.one_of(st.just(""), _date_cells),
        "hoe_gehoord": _cells("", "gesprek", "schriftelijk"),
        "mening_leerling": _cells("", "Graag", "@x"),
        "ondertekend_op": st.one_of(st.just(""), _date_cells, _anything),
        "evaluatie_gepland": st.one_of(st.just(""), _date_cells),
        "geevalueerd_op": st.one_of(st.just(""), _date_cells, _anything),
    },
}


def _snapshot(world, model) -> tuple:
    with scope(tenant=world.tenant_a):
        return (
            sorted(model.objects.values_list("pk", "revision")),
            sorted(Pupil.objects.values_list("pk", flat=True)),
        )


@pytest.mark.parametrize("kind", ["thuiszitters", "opp"])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), as_csv=st.booleans())
def test_fuzzed_rows_never_crash_and_never_save_part_of_a_file(world, kind, data, as_csv):
    columns = _FUZZ_COLUMNS[kind]
    rows = data.draw(st.lists(st.fixed_dictionaries(columns), min_size=1, max_size=4))
    dataset = tablib.Dataset(headers=list(columns))
    for row in rows:
        dataset.append([row[c] for c in columns])
    model = MODELS[kind]
    before = _snapshot(world, model)
    with scope(tenant=world.tenant_a):
        if as_csv:
            raw = dataset.export("csv").encode("utf-8")
            try:
                dataset = resources.read_file(kind, raw, "csv")
            except ImportFileError:
                return
        report = resources.import_dataset(
            kind, school=world.school_a1, dataset=dataset, commit=True
        )
    after = _snapshot(world, model)
    event("opgeslagen" if report.committed else "niets opgeslagen")
    assert report.rows == dataset.height
    if report.committed:
        assert not report.errors
        assert report.new + report.updated + report.unchanged == len(rows)
        assert len(after[0]) == len(before[0]) + report.new
    else:
        assert report.errors
        assert after == before
    for error in report.errors:
        assert error.messages and "onverwachte fout" not in " ".join(error.messages), error
