"""Historic TLVs: ``import_tlvs`` → ``export_tlvs`` gives the same rows (CSV and XLSX), a file
with bad rows saves nothing and names each row, formulas are neutralised, the browser preview."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referrals import resources_loket
from referrals.models import Pupil, TlvDecision, TlvRequest

HEADER = ",".join(resources_loket.COLUMNS)
# In the export's order (school, leerlingnummer, besluit_op) and format, so it reads back as is.
ROWS = [
    "H-1,2012,11AA00,vso,4,laag,Vso De Brug,2021-09-01,toegekend,2021-10-01,2021-11-01,2023-07-31",
    "H-1,2012,11AA00,vso,4,midden,11AB00,2023-05-01,toegekend,2023-06-01,2023-08-01,2025-07-31",
    "H-2,2011,11AA00,pro,,,,2022-02-01,afgewezen,2022-03-01,,",
    "'=HYPERLINK(1),2013,11AB00,lwoo,,,,2024-01-10,toegekend,2024-02-01,2024-08-01,2026-07-31",
]


def _csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _export(world, tmp_path, file_format: str, **options) -> list[list[str]]:
    out = tmp_path / f"export.{file_format}"
    call_command("export_tlvs", tenant=world.tenant_a.code, out=out, format=file_format, **options)
    if file_format == "csv":
        return list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(out).active
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]


def _counts(tenant) -> tuple[int, int, int]:
    with scopes_disabled():
        return (
            Pupil.objects.filter(tenant=tenant).count(),
            TlvRequest.objects.filter(tenant=tenant).count(),
            TlvDecision.objects.filter(tenant=tenant, imported=True).count(),
        )


def test_an_imported_csv_exports_back_to_the_same_rows(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(*ROWS))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    assert _counts(world.tenant_a) == (3, 4, 4)
    exported = _export(world, tmp_path, "csv")
    assert exported == [HEADER.split(","), *[row.split(",") for row in ROWS]]


def test_an_imported_xlsx_exports_back_to_the_same_rows(world, tmp_path):
    path = tmp_path / "tlvs.xlsx"
    book = openpyxl.Workbook()
    for line in [HEADER, *ROWS]:
        book.active.append(line.split(","))
    book.save(path)
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    rows = _export(world, tmp_path, "xlsx")
    assert rows == [HEADER.split(","), *[row.split(",") for row in ROWS]]


def test_each_row_becomes_a_pupil_a_closed_request_and_an_imported_decision(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(ROWS[1]))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    with scopes_disabled():
        decision = TlvDecision.objects.select_related("request", "pupil").get()
    request = decision.request
    assert (request.status, str(request.submitted_on), request.kind, request.cluster) == (
        "afgerond",
        "2023-05-01",
        "vso",
        4,
    )
    assert decision.imported and decision.receiving_school == world.school_a2
    assert (decision.category, str(decision.retention_from_date)) == ("midden", "2025-07-31")
    assert (decision.pupil.pupil_number, decision.pupil.birth_year) == ("H-1", 2012)


def test_reading_the_export_again_saves_nothing_new(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(*ROWS))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    out = io.StringIO()
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True, stdout=out)
    assert "0 nieuw" in out.getvalue() and "4 ongewijzigd" in out.getvalue()
    assert _counts(world.tenant_a) == (3, 4, 4)


def test_without_commit_it_is_a_dry_run(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(*ROWS))
    out = io.StringIO()
    call_command("import_tlvs", path, tenant=world.tenant_a.code, stdout=out)
    assert "Proefrun zonder fouten (4 nieuw" in out.getvalue()
    assert _counts(world.tenant_a) == (0, 0, 0)


BAD = [
    pytest.param(
        "H-9,2012,99ZZ00,vso,4,laag,,2021-09-01,toegekend,2021-10-01,2021-11-01,2023-07-31",
        "school_brin: Onbekende school '99ZZ00'",
        id="unknown-school",
    ),
    pytest.param(
        "H-9,2012,11AA00,havo,,,,2021-09-01,toegekend,2021-10-01,2021-11-01,2023-07-31",
        "soort: Onbekende waarde 'havo'",
        id="unknown-kind",
    ),
    pytest.param(
        "H-9,2012,11AA00,vso,,laag,,2021-09-01,toegekend,2021-10-01,2021-11-01,2023-07-31",
        "cluster: Vul bij soort vso het cluster in",
        id="vso-without-cluster",
    ),
    pytest.param(
        "H-9,2012,11AA00,pro,,hoog,,2021-09-01,toegekend,2021-10-01,2021-11-01,2023-07-31",
        "categorie: Alleen een vso-TLV heeft een categorie",
        id="pro-with-category",
    ),
    pytest.param(
        "H-9,2012,11AA00,vso,4,laag,,31-02-2021,toegekend,2021-10-01,2021-11-01,2023-07-31",
        "ingediend_op:",
        id="no-such-date",
    ),
    pytest.param(
        "H-9,2012,11AA00,vso,4,laag,,2021-09-01,toegekend,2021-10-01,2023-07-31,2021-11-01",
        "einddatum: De einddatum ligt niet na de ingangsdatum",
        id="end-before-start",
    ),
    pytest.param(
        "H-9,2012,11AA00,vso,4,,,2021-09-01,afgewezen,2021-10-01,2021-11-01,",
        "ingangsdatum: Een afgewezen aanvraag heeft geen ingangs- en einddatum",
        id="refused-with-a-period",
    ),
    pytest.param(
        "H-9,2012,11AA00,vso,4,laag,,2021-09-01,toegekend,2021-08-01,2021-11-01,2023-07-31",
        "besluit_op: Het besluit ligt voor de datum van indienen",
        id="decided-before-submitted",
    ),
    pytest.param(
        "H-9,2012,11AA00,vso,4,laag,,2021-09-01,misschien,2021-10-01,2021-11-01,2023-07-31",
        "besluit: Onbekende waarde 'misschien'",
        id="unknown-outcome",
    ),
]


@pytest.mark.parametrize(("row", "message"), BAD)
def test_a_bad_row_is_named_with_its_line_and_nothing_is_saved(world, tmp_path, row, message):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(ROWS[0], row))
    err = io.StringIO()
    with pytest.raises(CommandError, match="Niets ingelezen: 1 van de 2 regels"):
        call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True, stderr=err)
    assert f"regel 3: {message}" in err.getvalue()
    assert _counts(world.tenant_a) == (0, 0, 0)


def test_every_bad_row_of_a_file_is_named_and_nothing_is_saved(world, tmp_path):
    rows = [ROWS[0], *[p.values[0] for p in BAD], ROWS[0]]
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(*rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True, stderr=err)
    named = [line.split(":")[0] for line in err.getvalue().splitlines()]
    expected = [f"Fout op regel {n}" for n in range(3, 3 + len(BAD))]
    assert named == [*expected, f"Fout op regel {len(rows) + 1}"]  # the repeated first row too
    assert "ook al op regel 2" in err.getvalue().splitlines()[-1]
    assert _counts(world.tenant_a) == (0, 0, 0)


def test_a_known_pupil_with_another_birth_year_is_refused(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(ROWS[0]))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    path.write_bytes(_csv(ROWS[1].replace("H-1,2012", "H-1,2010")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True, stderr=err)
    assert "bekend met geboortejaar 2012" in err.getvalue()


def test_the_export_neutralises_formulas(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(ROWS[3].replace(",,,2024", ",,=cmd|' /C calc'!A0,2024")))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    with scopes_disabled():
        decision = TlvDecision.objects.select_related("pupil").get()
    assert decision.pupil.pupil_number == "=HYPERLINK(1)"
    assert decision.receiving_school_name == "=cmd|' /C calc'!A0"
    (_, row) = _export(world, tmp_path, "csv")
    assert row[0] == "'=HYPERLINK(1)" and row[6] == "'=cmd|' /C calc'!A0"
    (_, cells) = _export(world, tmp_path, "xlsx")
    assert cells[0] == "'=HYPERLINK(1)"


def test_the_export_of_one_school_has_only_its_rows(world, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(*ROWS))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    rows = _export(world, tmp_path, "csv", school="11AB00")
    assert [r[2] for r in rows[1:]] == ["11AB00"]


def test_the_browser_import_checks_first_and_saves_on_confirmation(world, login):
    client = login(world.user("loket"))
    url = reverse("loket:tlv_import", kwargs={"tenant_code": world.tenant_a.code})
    upload = SimpleUploadedFile("tlvs.csv", _csv(*ROWS), content_type="text/csv")
    preview = client.post(url, {"file": upload})
    assert preview.status_code == 200
    assert "Controle klaar: geen fouten gevonden" in preview.content.decode()
    assert _counts(world.tenant_a) == (0, 0, 0)
    saved = client.post(url, {"payload": preview.context["payload"]}, follow=True)
    assert "Het bestand is opgeslagen: 4 nieuwe TLV&#x27;s" in saved.content.decode()
    assert _counts(world.tenant_a) == (3, 4, 4)


def test_the_browser_import_shows_each_bad_row_and_offers_no_saving(world, login):
    client = login(world.user("bestuurder"))
    url = reverse("loket:tlv_import", kwargs={"tenant_code": world.tenant_a.code})
    upload = SimpleUploadedFile("tlvs.csv", _csv(ROWS[0], BAD[0].values[0]))
    page = client.post(url, {"file": upload})
    body = page.content.decode()
    assert "Controle klaar: er zijn fouten" in body and "Onbekende school" in body
    assert not page.context["payload"]


def test_a_tampered_payload_saves_nothing(world, login):
    client = login(world.user("loket"))
    url = reverse("loket:tlv_import", kwargs={"tenant_code": world.tenant_a.code})
    response = client.post(url, {"payload": "niet-ondertekend"})
    assert response.status_code == 400
    assert _counts(world.tenant_a) == (0, 0, 0)


def test_the_browser_export_downloads_the_same_columns_and_logs_a_read(world, login, tmp_path):
    path = tmp_path / "tlvs.csv"
    path.write_bytes(_csv(*ROWS))
    call_command("import_tlvs", path, tenant=world.tenant_a.code, commit=True)
    client = login(world.user("loket"))
    url = reverse("loket:tlv_export", kwargs={"tenant_code": world.tenant_a.code})
    response = client.get(url, {"formaat": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [HEADER.split(","), *[row.split(",") for row in ROWS]]
    with scope(tenant=world.tenant_a):
        from swvportal.audit.models import AuditEntry

        assert AuditEntry.objects.filter(additional_data__what="export TLV's").count() == 1


CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(cells=st.lists(CELL, min_size=12, max_size=12))
def test_any_row_is_reported_never_crashes_and_saves_nothing_when_bad(world, cells):
    dataset = tablib.Dataset(headers=list(resources_loket.COLUMNS))
    dataset.append(cells)
    with scope(tenant=world.tenant_a):
        report = resources_loket.import_dataset(tenant=world.tenant_a, dataset=dataset, commit=True)
    if not report.committed:
        assert report.errors and all(e.messages for e in report.errors)
        assert _counts(world.tenant_a) == (0, 0, 0)
    assert "onverwachte fout" not in str(report.errors)


def test_the_loket_catalogue_names_only_registered_calculations():
    from pathlib import Path

    from django.conf import settings as django_settings

    from swvportal.core.calculations import CALCULATIONS

    path = Path(django_settings.BASE_DIR) / "fixtures" / "refsvo_loket_indicators.json"
    rows = json.loads(path.read_text(encoding="utf-8"))["indicatoren"]
    assert {r["berekening"] for r in rows} <= set(CALCULATIONS)
    assert len(rows) == 4
