"""The downloads (whoever may read the jaarplan) and the import page (the bestuurder, on a concept
only): upload → dry run → "Inlezen" → the jaarplan page with a message."""

from __future__ import annotations

import io
import json
import re

import openpyxl
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from plans.jaarplan.exchange import schema_problems
from plans.jaarplan.exchange_cells import MAX_FILE_BYTES
from plans.jaarplan.views import exchange as views
from plans.jaarplan.views.panels import panels_for
from plans.models import Activity

from .builders import a_jaarplan, adopt, an_activity
from .exchange_support import a_full_jaarplan, row, workbook

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name: str, jaarplan) -> str:
    return reverse(f"jaarplan:{name}", kwargs={"tenant_code": "VOA001", "jaarplan_id": jaarplan.pk})


def _activities(jaarplan) -> int:
    with scopes_disabled():
        return Activity.objects.filter(jaarplan=jaarplan).count()


def _upload(content: bytes, name: str = "jaarplan.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def _payload(response) -> str:
    found = re.search(r'name="payload" value="([^"]+)"', response.content.decode())
    assert found, "no Inlezen form on the page"
    return found[1]


# --- Downloads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bestuurder", 200), ("zorgcoordinator", 200), ("loket", 200), ("toezicht", 404),
     ("inspectie", 404), ("outsider", 403)],
)  # fmt: skip
def test_who_may_download_a_concept(world, login, persona, status):
    jaarplan = a_full_jaarplan(world.tenant_a)
    client = login(world.user(persona))
    for name in ("jaarplan_export", "jaarplan_export_json"):
        assert client.get(_url(name, jaarplan)).status_code == status, name


def test_toezicht_downloads_an_adopted_jaarplan(world, login):
    jaarplan = adopt(a_full_jaarplan(world.tenant_a))
    client = login(world.user("toezicht"))
    response = client.get(_url("jaarplan_export", jaarplan))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        'attachment; filename="jaarplan-VOA001-2026-2027-v1.0.xlsx"'
    )
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "Jaarplan"
    response = client.get(_url("jaarplan_export_json", jaarplan))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    document = json.loads(response.content)
    assert schema_problems(document) == [] and document["status"] == "vastgesteld"


# --- The import page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bestuurder", 200), ("loket", 403), ("zorgcoordinator", 403), ("toezicht", 403),
     ("outsider", 403)],
)  # fmt: skip
def test_only_the_bestuurder_opens_the_import_page(world, login, persona, status):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    response = login(world.user(persona)).get(_url("jaarplan_import", jaarplan))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert body.count("<h1") == 1 and "Activiteiten inlezen uit Excel" in body
        assert 'type="file"' in body and "Wanneer gereed" in body


def test_another_tenants_jaarplan_is_not_found(world, login):
    theirs = a_jaarplan(world.tenant_b, 2026)
    client = login(world.user("bestuurder"))
    for name in ("jaarplan_import", "jaarplan_export", "jaarplan_export_json"):
        assert client.get(_url(name, theirs)).status_code == 404


def test_upload_dry_run_then_inlezen_saves_and_goes_to_the_jaarplan(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    client = login(world.user("bestuurder"))
    raw = workbook([row(result="Een eerste resultaat", due="juni 2027", status="Loopt"),
                    row(goal="", letter="", text="Eigen punt", result="Tweede")])  # fmt: skip

    checked = client.post(_url("jaarplan_import", jaarplan), {"file": _upload(raw)})

    assert checked.status_code == 200
    body = checked.content.decode()
    assert "Controle klaar: geen fouten gevonden" in body
    assert "Een eerste resultaat" in body and "juni 2027" in body and "Eigen punt" in body
    assert "no-store" in checked["Cache-Control"]
    assert _activities(jaarplan) == 0  # the dry run saved nothing

    saved = client.post(_url("jaarplan_import", jaarplan), {"payload": _payload(checked)})

    assert saved.status_code == 302
    assert saved["Location"] == (views.jaarplan_url(jaarplan) or _url("jaarplan_import", jaarplan))
    assert _activities(jaarplan) == 2
    page = client.get(_url("jaarplan_import", jaarplan))
    assert "Het bestand jaarplan.xlsx is ingelezen: 2 nieuwe activiteiten, 0 bijgewerkt, " \
        "0 ongewijzigd, 1 nieuw aanvullend verbeterpunt." in page.content.decode()  # fmt: skip


def test_a_file_with_bad_rows_shows_each_row_and_offers_no_inlezen(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    client = login(world.user("bestuurder"))
    raw = workbook([row(), row(result=""), row(status="Vertraagd")])
    response = client.post(_url("jaarplan_import", jaarplan), {"file": _upload(raw)})
    body = response.content.decode()
    assert response.status_code == 200 and "Controle klaar: er zijn fouten" in body
    assert "<td>3</td>" in body and "Vul het beoogde resultaat in." in body
    assert "<td>4</td>" in body and "Licht toe waarom de activiteit vertraagd is" in body
    assert 'name="payload"' not in body
    assert _activities(jaarplan) == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"Doel (nummer);Stap\n1.1;a\n", "geen Excel-werkmap (.xlsx), wat de naam ook zegt"),
        (b"PK\x03\x04" + b"\0" * (MAX_FILE_BYTES + 1), "Een jaarplan mag hoogstens 5 MB zijn."),
        (
            workbook([["x"]], header=["Doel (nummer)", "Stap"]),
            "mist de kolom(men) &#x27;Verbeterpunt&#x27;",
        ),
    ],
)
def test_a_renamed_too_large_or_wrong_file_is_refused_on_the_form(world, login, content, message):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    client = login(world.user("bestuurder"))
    response = client.post(_url("jaarplan_import", jaarplan), {"file": _upload(content)})
    assert response.status_code == 422
    assert message in response.content.decode()


def test_an_adopted_jaarplan_shows_why_and_refuses_the_upload(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan)
    jaarplan = adopt(jaarplan)
    client = login(world.user("bestuurder"))
    page = client.get(_url("jaarplan_import", jaarplan))
    body = page.content.decode()
    assert page.status_code == 200 and "alleen in een" in body and 'type="file"' not in body
    refused = client.post(_url("jaarplan_import", jaarplan), {"file": _upload(workbook([row()]))})
    assert refused.status_code == 409 and _activities(jaarplan) == 1


def test_a_tampered_or_foreign_payload_saves_nothing(world, login):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    other = a_jaarplan(world.tenant_a, 2027)
    client = login(world.user("bestuurder"))
    raw = workbook([row(letter="e")])  # a step of both years
    checked = client.post(_url("jaarplan_import", other), {"file": _upload(raw)})
    payload = _payload(checked)  # signed for the jaarplan of 2027-2028
    for value in (payload, payload[:-2] + "xx"):
        response = client.post(_url("jaarplan_import", jaarplan), {"payload": value})
        assert response.status_code == 400
        assert "niet (meer) geldig" in response.content.decode()
    data = signing.loads(payload, salt=views.SIGNING_SALT)
    assert data["jaarplan"] == other.pk
    assert _activities(jaarplan) == 0 and _activities(other) == 0


# --- The panel on the jaarplan page -----------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "adopted", "may_import"),
    [("bestuurder", False, True), ("bestuurder", True, False), ("zorgcoordinator", False, False)],
)
def test_the_panel_offers_downloads_and_for_the_bestuurder_on_a_concept_the_import(
    world, persona, adopted, may_import
):
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    if adopted:
        an_activity(jaarplan)
        jaarplan = adopt(jaarplan)
    http_request = RequestFactory().get("/")
    http_request.membership = world.members[persona]
    with scope(tenant=world.tenant_a):
        shown = panels_for(http_request, jaarplan, persona == "bestuurder")
    [panel] = [p for p in shown if p["name"] == "exchange"]
    assert panel["template"] == "plans/jaarplan/exchange/_panel.html"
    assert _url("jaarplan_export", jaarplan) in panel["html"]
    assert _url("jaarplan_export_json", jaarplan) in panel["html"]
    assert (_url("jaarplan_import", jaarplan) in panel["html"]) is may_import
