"""The downloads (whoever may read the version: the inspectie only vastgestelde ones), the panel on
the version page, and the import page (the bestuurder): upload → dry run → "Inlezen" → the new
concept's page with a message. A constant number of queries, whatever the number of lines."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from .. import services
from ..exchange import MAX_FILE_BYTES
from ..models import Begroting, BegrotingStatus, LineGroup
from .builders import a_begroting, a_concept_after
from .exchange_support import table_values

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_URL = reverse("finance:begroting_import", kwargs={"tenant_code": "VOA001"})


def _url(name: str, begroting) -> str:
    kwargs = {"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk}
    return reverse(f"finance:{name}", kwargs=kwargs)


def _payload(response) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert found, "no Inlezen form on the page"
    return found[1]


def _versions(tenant) -> int:
    with scopes_disabled():
        return Begroting.objects.filter(tenant=tenant).count()


@pytest.fixture
def versions(world):
    adopted = a_begroting(world.tenant_a, adopted=True)
    return adopted, a_concept_after(adopted)


# --- Downloads and the panel --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "on_adopted", "on_concept"),
    [("bestuurder", 200, 200), ("toezicht", 200, 200), ("inspectie", 200, 404),
     ("zorgcoordinator", 403, 403), ("loket", 403, 403), ("deskundige", 403, 403),
     ("outsider", 403, 403)],
)  # fmt: skip
def test_who_may_download(world, login, versions, persona, on_adopted, on_concept):
    adopted, concept = versions
    client = login(world.user(persona))
    for begroting, status in ((adopted, on_adopted), (concept, on_concept)):
        for name in ("begroting_export_xlsx", "begroting_export_json"):
            response = client.get(_url(name, begroting))
            assert response.status_code == status, (name, begroting.status)
            if status == 200:
                assert response["Content-Disposition"].startswith("attachment; filename=")
                assert "no-store" in response["Cache-Control"]


def test_the_downloads_are_the_exchange_formats(world, login, versions):
    adopted, _concept = versions
    client = login(world.user("toezicht"))
    document = json.loads(client.get(_url("begroting_export_json", adopted)).content)
    assert document["schema"] == "swvportal.begroting/1" and len(document["regels"]) == 6
    response = client.get(_url("begroting_export_xlsx", adopted))
    assert response["Content-Type"] == XLSX
    assert f"begroting-VOA001-2025-2027-v{adopted.version}.xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Begroting"]
    assert sheet["A1"].value == "Meerjarenbegroting kalenderjaar 2025–2027"


@pytest.mark.parametrize(
    ("persona", "import_link"),
    [("bestuurder", True), ("toezicht", False), ("inspectie", False)],
)
def test_the_panel_on_the_version_page(world, login, versions, persona, import_link):
    adopted, _concept = versions
    page = login(world.user(persona)).get(_url("begroting_detail", adopted)).content.decode()
    assert "Exporteren en inlezen" in page
    assert _url("begroting_export_xlsx", adopted) in page and "Exporteren (Excel)" in page
    assert _url("begroting_export_json", adopted) in page and "Exporteren (JSON)" in page
    assert (IMPORT_URL in page) is import_link


def _with_lines(begroting, count: int) -> None:
    with scope(tenant=begroting.tenant):
        for n in range(count):
            line = services.line_create(
                begroting=begroting, group=LineGroup.PROGRAMMES, title=f"Programma {n}",
                amounts={2025: n, 2026: n, 2027: n},
            )  # fmt: skip
            services.line_create(
                begroting=begroting, group=LineGroup.PROGRAMMES, title=f"Post {n}", parent=line,
                amounts={2025: 1, 2026: 1, 2027: 1},
            )  # fmt: skip


@pytest.mark.parametrize("name", ["begroting_export_xlsx", "begroting_export_json"])
def test_a_download_asks_the_same_number_of_queries_for_ten_times_the_lines(
    world, login, django_assert_max_num_queries, name
):
    small, large = a_begroting(world.tenant_a), a_begroting(world.tenant_a)
    _with_lines(small, 3)
    _with_lines(large, 30)
    client = login(world.user("bestuurder"))
    with CaptureQueriesContext(connection) as first:
        assert client.get(_url(name, small)).status_code == 200
    with django_assert_max_num_queries(len(first)):
        assert client.get(_url(name, large)).status_code == 200


# --- The import page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bestuurder", 200), ("toezicht", 403), ("inspectie", 403), ("zorgcoordinator", 403),
     ("loket", 403), ("outsider", 403)],
)  # fmt: skip
def test_only_the_bestuurder_reads_a_begroting_in(world, login, persona, status):
    client = login(world.user(persona))
    assert client.get(IMPORT_URL).status_code == status
    upload = SimpleUploadedFile("b.json", b"{}", content_type="application/json")
    assert client.post(IMPORT_URL, {"file": upload}).status_code in (
        (422, 200) if status == 200 else (403,)
    )
    assert _versions(world.tenant_a) == 0


@pytest.mark.parametrize("kind", ["xlsx", "json"])
def test_upload_dry_run_then_inlezen_makes_a_new_concept(world, login, versions, kind):
    adopted, _concept = versions
    client = login(world.user("bestuurder"))
    raw = client.get(_url(f"begroting_export_{kind}", adopted)).content
    before = _versions(world.tenant_a)
    upload = SimpleUploadedFile(f"begroting.{kind}", raw, content_type="application/octet-stream")
    checked = client.post(IMPORT_URL, {"file": upload})
    page = checked.content.decode()
    assert checked.status_code == 200 and "Controle klaar: geen fouten gevonden" in page
    assert "Zo ziet de nieuwe conceptbegroting eruit" in page and "1.200.000" in page
    assert "no-store" in checked["Cache-Control"]
    assert _versions(world.tenant_a) == before  # the dry run saves nothing
    done = client.post(IMPORT_URL, {"payload": _payload(checked)}, follow=True)
    assert _versions(world.tenant_a) == before + 1
    with scopes_disabled():
        made = Begroting.objects.filter(tenant=world.tenant_a).order_by("-pk").first()
    assert made.status == BegrotingStatus.CONCEPT and made.lineage != adopted.lineage
    assert done.redirect_chain[-1][0] == _url("begroting_detail", made)
    assert "is ingelezen als nieuwe conceptbegroting" in done.content.decode()
    assert table_values(made) == table_values(adopted)


def test_a_file_with_errors_shows_them_and_offers_no_inlezen(world, login):
    document = {
        "schema": "swvportal.begroting/1", "titel": "B", "eerste_jaar": 2026,
        "laatste_jaar": 2027,
        "regels": [{"groep": "baten", "titel": "x", "bedragen": {"2029": 1}}],
    }  # fmt: skip
    upload = SimpleUploadedFile("b.json", json.dumps(document).encode(), "application/json")
    response = login(world.user("bestuurder")).post(IMPORT_URL, {"file": upload})
    page = response.content.decode()
    assert "Controle klaar: er zijn fouten" in page and "regels[0].bedragen.2029" in page
    assert "valt buiten de begroting (2026 t/m 2027)" in page
    assert 'name="payload"' not in page
    assert _versions(world.tenant_a) == 0


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("b.xlsx", b"", "Het bestand is leeg"),
        ("b.xlsx", b"naam,bedrag\n", "geen Excel-werkmap (.xlsx) en geen JSON"),
        ("b.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "oude indeling (.xls)"),
        ("b.xlsx", b"PK\x03\x04kapot", "kon niet als xlsx worden gelezen"),
        ("b.xlsx", b"{" + b" " * MAX_FILE_BYTES, "hoogstens 5 MB"),
    ],
    ids=["empty", "csv", "xls", "broken", "too large"],
)
def test_a_file_that_cannot_be_read_is_refused_in_dutch(world, login, name, content, words):
    upload = SimpleUploadedFile(name, content, content_type=XLSX)
    response = login(world.user("bestuurder")).post(IMPORT_URL, {"file": upload})
    assert response.status_code == 422
    assert words in response.content.decode()
    assert _versions(world.tenant_a) == 0


def test_without_a_file_the_form_asks_for_one(world, login):
    response = login(world.user("bestuurder")).post(IMPORT_URL, {})
    assert response.status_code == 422 and "Kies een bestand." in response.content.decode()


def test_a_forged_or_foreign_payload_reads_nothing_in(world, login, versions):
    adopted, _concept = versions
    client = login(world.user("bestuurder"))
    raw = client.get(_url("begroting_export_json", adopted)).content
    checked = client.post(IMPORT_URL, {"file": SimpleUploadedFile("b.json", raw)})
    payload = _payload(checked)
    before = _versions(world.tenant_a)
    forged = client.post(IMPORT_URL, {"payload": payload[:-3] + "xyz"})
    assert forged.status_code == 400 and "niet (meer) geldig" in forged.content.decode()
    outsider = login(world.user("outsider"))
    foreign = outsider.post(
        reverse("finance:begroting_import", kwargs={"tenant_code": "VOB001"}), {"payload": payload}
    )
    assert foreign.status_code == 400
    assert _versions(world.tenant_a) == before and _versions(world.tenant_b) == 0
