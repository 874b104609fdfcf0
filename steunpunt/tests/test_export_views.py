"""Part "export": the export page and its downloads: only for steunpunt staff (the bestuurder
and a member given the capability in person), the last complete school year by default, a
Dutch error for an unknown year, each download logged, and a fixed number of queries."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.audit.models import AuditEntry

from .. import export
from .builders import a_consulent, a_contact, a_theme, a_trend

DAY = datetime.timedelta(days=1)


def _url(world, name: str) -> str:
    return reverse(f"steunpunt:{name}", kwargs={"tenant_code": world.tenant_a.code})


@pytest.fixture
def year():
    return export.default_school_year()


def _reads(what: str) -> list[AuditEntry]:
    with scopes_disabled():
        return list(AuditEntry.objects.filter(additional_data__what=what))


def test_the_page_explains_the_files_and_offers_the_last_complete_year(world, login, year):
    page = login(world.user(Role.BESTUURDER)).get(_url(world, "export"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Export voor het jaarverslag" in text and "geen vrije tekst" in text
    assert f'<option value="{year.start}" selected>{year.label}</option>' in text
    assert f'formaction="{_url(world, "export_contacts")}"' in text
    assert f'formaction="{_url(world, "export_trends")}"' in text
    assert '<label for="id_schooljaar">Schooljaar' in text
    assert f"{year.next.label} (loopt nog)</option>" in text


@pytest.mark.parametrize(
    "role", [Role.LOKET, Role.DESKUNDIGE, Role.ZORGCOORDINATOR, Role.TOEZICHT, Role.INSPECTIE]
)
@pytest.mark.parametrize("name", ["export", "export_contacts", "export_trends"])
def test_any_role_but_staff_gets_a_403(world, login, role, name):
    assert login(world.user(role)).get(_url(world, name)).status_code == 403


def test_the_outsider_of_another_tenant_gets_nothing(world, login):
    response = login(world.user("outsider")).get(_url(world, "export_contacts"))
    assert response.status_code in (403, 404)


def test_a_consulent_given_the_capability_downloads_the_contacts(world, login, year):
    consulent = a_consulent(world)
    a_contact(world.tenant_a, received_on=year.first_day)
    response = login(consulent.user).get(_url(world, "export_contacts"))
    assert response.status_code == 200
    assert response["Content-Type"] == export.XLSX_CONTENT_TYPE


def test_the_contacts_download_is_an_xlsx_of_the_year_and_is_logged(world, login, year):
    for n in range(3):
        a_contact(world.tenant_a, received_on=year.first_day + n * DAY)
    a_contact(world.tenant_a, received_on=year.first_day - DAY)
    client = login(world.user(Role.BESTUURDER))
    response = client.get(_url(world, "export_contacts"), {"schooljaar": year.start})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="steunpunt-contacten-{year.label}.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Contacten"]
    assert sheet.max_row == 1 + 3
    (entry,) = _reads("export contacten")
    assert entry.additional_data["count"] == 3
    assert entry.additional_data["school_year"] == year.label
    assert entry.actor == world.user(Role.BESTUURDER)


def test_without_a_year_the_download_takes_the_last_complete_one(world, login, year):
    a_contact(world.tenant_a, received_on=year.last_day)
    a_contact(world.tenant_a, received_on=year.last_day + DAY)  # the current school year
    response = login(world.user(Role.BESTUURDER)).get(_url(world, "export_contacts"))
    assert response.status_code == 200
    assert year.label in response["Content-Disposition"]
    assert openpyxl.load_workbook(io.BytesIO(response.content))["Contacten"].max_row == 2


def test_the_trends_download_is_logged_with_its_count(world, login, year):
    a_trend(world.tenant_a, title="Wachttijd jeugdhulp", signalled_on=year.first_day)
    response = login(world.user(Role.BESTUURDER)).get(
        _url(world, "export_trends"), {"schooljaar": year.start}
    )
    assert response.status_code == 200
    assert f"steunpunt-trends-{year.label}.xlsx" in response["Content-Disposition"]
    (entry,) = _reads("export trends")
    assert entry.additional_data["count"] == 1


@pytest.mark.parametrize("value", ["1990", "abc", "", "2999"])
def test_an_unknown_year_shows_the_page_with_a_dutch_error(world, login, value):
    client = login(world.user(Role.BESTUURDER))
    for name in ("export", "export_contacts"):
        response = client.get(_url(world, name), {"schooljaar": value})
        assert response.status_code == 400
        text = response.content.decode()
        assert "Kies een schooljaar uit de lijst." in text and "error-summary" in text
    assert _reads("export contacten") == []


def _contacts(world, year, count: int) -> None:
    themes = [a_theme(world.tenant_a, name, i) for i, name in enumerate(("Vervoer", "OPP"), 1)]
    for n in range(count):
        contact = a_contact(
            world.tenant_a,
            received_on=year.first_day + (n % 300) * DAY,
            school=(world.school_a1, world.school_a2, None)[n % 3],
            themes=themes[: n % 3],
        )
        if n % 2:
            a_trend(
                world.tenant_a, title=f"Trend {n}", signals=[contact], signalled_on=year.first_day
            )


@pytest.mark.parametrize("name", ["export_contacts", "export_trends"])
def test_a_download_asks_as_many_queries_for_30_contacts_as_for_3(
    world, login, year, name, django_assert_max_num_queries
):
    client = login(world.user(Role.BESTUURDER))
    url = _url(world, name)
    _contacts(world, year, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, {"schooljaar": year.start}).status_code == 200
    _contacts(world, year, 27)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url, {"schooljaar": year.start}).status_code == 200
