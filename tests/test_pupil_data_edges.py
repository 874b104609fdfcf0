"""The edges of pupil data (issue #10, items 7 and 9): NUL bytes, date bounds, Cache-Control.

The Cache-Control check crawls every URL pattern (``tests.urlcrawl``) with tenant B's values
from the isolation crawl, as B's own bestuurder, so a new view is covered by itself.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals import resources, services
from referrals.models import OppRegistration
from swvportal.audit.models import AuditEntry
from swvportal.core.forms import date_field
from tests.test_isolation import _urls, b_values
from tests.urlcrawl import all_routes

ROOT = Path(__file__).resolve().parent.parent
RANGE_MESSAGE = "Vul een datum in tussen 01-01-2000 en 31-12-2099."


def _url(name, world, **kwargs):
    return reverse(f"referrals:{name}", kwargs={"tenant_code": world.tenant_a.code, **kwargs})


def _reads() -> int:
    with scopes_disabled():
        return AuditEntry.objects.filter(action=LogEntry.Action.ACCESS).count()


# --- NUL bytes are refused at the edge -------------------------------------------------------


@pytest.mark.parametrize("page", ["absence_list", "opp_list"])
@pytest.mark.parametrize("query", ["?q=%00", "?pupil=12%003", "?kind=%00absoluut", "?%00=1"])
def test_it_refuses_a_nul_byte_in_a_query_parameter_with_a_dutch_400(world, login, page, query):
    client = login(world.user("bestuurder"))
    before = _reads()
    response = client.get(_url(page, world) + query)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'lang="nl"' in body and "Ongeldige aanvraag" in body
    assert _reads() == before  # nothing reached the audit log (PostgreSQL cannot store NUL)


def test_it_refuses_a_nul_byte_in_a_posted_field(world, login):
    response = login(world.user("zorgcoordinator")).post(
        _url("absence_create", world),
        {
            "school": world.school_a1.pk,
            "pupil_number": "X-1",
            "birth_year": 2011,
            "kind": "absoluut",
            "start_date": "01-09-2025",
            "plan": "eerst\x00dan",
        },
    )
    assert response.status_code == 400


def test_it_refuses_a_nul_byte_in_the_path(world, login):
    response = login(world.user("bestuurder")).get("/VOA001/leerlingen/thuiszitters/%00/")
    assert response.status_code == 400


def test_it_refuses_a_nul_byte_before_login(client, db):
    assert client.get(reverse("account_login") + "?next=%00").status_code == 400


# --- Dates are bounded -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["01-01-0001", "31-12-1999", "01-01-2100", "31-12-9999"])
def test_it_refuses_a_date_outside_2000_to_2099_in_every_date_field(text):
    field = date_field("Datum", required=True)
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(text)
    assert refused.value.messages == [RANGE_MESSAGE]


@pytest.mark.parametrize("text", ["01-01-2000", "31-12-2099", "2025-03-31"])
def test_it_accepts_a_date_inside_the_range(text):
    assert isinstance(date_field("Datum").clean(text), datetime.date)


def test_it_refuses_an_opp_placed_on_0001_01_01_with_a_dutch_message(world, login):
    response = login(world.user("zorgcoordinator")).post(
        _url("opp_create", world),
        {
            "school": world.school_a1.pk,
            "pupil_number": "X-1",
            "birth_year": 2012,
            "placement_date": "01-01-0001",
            "set_on": "02-01-0001",
        },
    )
    assert response.status_code == 422
    assert RANGE_MESSAGE in response.content.decode()
    with scope(tenant=world.tenant_a):
        assert not OppRegistration.objects.exists()


def test_the_opp_service_refuses_a_date_outside_the_range(world):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        services.opp_create(
            school=world.school_a1,
            data={
                "pupil_number": "X-1",
                "birth_year": 2012,
                "placement_date": datetime.date(1, 1, 1),
                "set_on": datetime.date(1, 1, 2),
            },
        )
    assert refused.value.message_dict["placement_date"] == [RANGE_MESSAGE]


def test_the_absence_and_conversation_services_refuse_a_date_outside_the_range(world):
    with scope(tenant=world.tenant_a):
        with pytest.raises(ValidationError) as refused:
            services.absence_create(
                school=world.school_a1,
                data={
                    "pupil_number": "X-1",
                    "birth_year": 2011,
                    "kind": "absoluut",
                    "start_date": datetime.date(1, 1, 1),
                },
            )
        assert refused.value.message_dict["start_date"] == [RANGE_MESSAGE]
        with pytest.raises(ValidationError) as refused:
            services.conversation_create(
                school=world.school_a1, held_on=datetime.date(1, 1, 1), participants="X"
            )
        assert refused.value.message_dict["held_on"] == [RANGE_MESSAGE]


def test_an_imported_opp_row_with_year_1_gets_the_dutch_range_message(world):
    dataset = resources.empty_dataset(resources.OPPS)
    row = dict.fromkeys(dataset.headers, "")
    row.update(
        leerlingnummer="X-1", geboortejaar=2012, plaatsing="0001-01-01", vastgesteld_op="0001-01-02"
    )
    dataset.append([row[h] for h in dataset.headers])
    with scope(tenant=world.tenant_a):
        report = resources.import_dataset(
            resources.OPPS, school=world.school_a1, dataset=dataset, commit=True
        )
        assert not OppRegistration.objects.exists()
    assert report.errors[0].messages == [
        f"plaatsing: {RANGE_MESSAGE}",
        f"vastgesteld_op: {RANGE_MESSAGE}",
    ]


# --- Cache-Control: no-store, private ---------------------------------------------------------


def _no_store(response) -> bool:
    policy = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= policy


def test_every_page_of_a_member_says_no_store_private(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    values = b_values(world)
    pdf = tmp_path / "documenten" / world.tenant_b.code / "GEHEIM-B.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.7 test")
    user = world.user("outsider")  # B's bestuurder, on B's own pages: the real responses
    client = login(user)
    seen: dict[int, int] = {}
    for route in all_routes():
        for url in _urls(route, values):
            client.force_login(user)  # the crawl also reaches the logout URL
            response = client.get(url)
            seen[response.status_code] = seen.get(response.status_code, 0) + 1
            assert _no_store(response), (url, response.status_code, response.get("Cache-Control"))
    assert seen.get(200, 0) > 30, seen
    download = reverse(
        "documents:document_download",
        kwargs={"tenant_code": world.tenant_b.code, "document_id": values["document_id"]},
    )
    response = client.get(download)
    assert response.status_code == 200 and response.streaming and _no_store(response)


def test_pupil_data_downloads_and_failed_forms_say_no_store_private(world, login):
    client = login(world.user("bestuurder"))
    export = client.get(_url("export_absences", world))
    assert export.status_code == 200 and _no_store(export)
    refused = client.post(_url("absence_create", world), {"school": world.school_a1.pk})
    assert refused.status_code == 422 and _no_store(refused)


def test_anonymous_responses_say_no_store_private_too(client, world):
    assert _no_store(client.get(reverse("account_login")))
    redirect = client.get(_url("absence_list", world))
    assert redirect.status_code == 302 and _no_store(redirect)
    assert _no_store(client.get("/bestaat-niet/"))


# --- Web workers are recycled --------------------------------------------------------------


@pytest.mark.parametrize("path", ["Dockerfile", "docker-compose.yml"])
def test_gunicorn_recycles_workers_after_a_number_of_requests_with_jitter(path):
    text = (ROOT / path).read_text()
    command = next(line for line in text.splitlines() if "gunicorn swvportal.wsgi" in line)
    following = text[text.index(command) :].split("\n\n", 1)[0]
    assert "--max-requests" in following and "GUNICORN_MAX_REQUESTS:-1000" in following
    assert "--max-requests-jitter" in following and "GUNICORN_MAX_REQUESTS_JITTER:-100" in following
