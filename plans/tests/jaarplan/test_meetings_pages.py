"""The bijeenkomsten pages: who reads and who writes, held against planned on the year view,
the forms with their Dutch messages (plain and in place with htmx), confirmation before
deleting, and a year view whose query count does not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from plans.models import Meeting, MeetingSeries

from .builders import a_meeting, a_series

pytestmark = pytest.mark.django_db

D = datetime.date
EVERYONE = ["bestuurder", "loket", "deskundige", "zorgcoordinator", "toezicht", "inspectie"]
HX = {"HTTP_HX_REQUEST": "true"}


def url(name: str, tenant_code: str = "VOA001", query: str = "", **kwargs) -> str:
    found = reverse(f"jaarplan:{name}", kwargs={"tenant_code": tenant_code, **kwargs})
    return f"{found}?{query}" if query else found


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def year():
    """The current school year's first calendar year: the year view opens on it."""
    today = timezone.localdate()
    return today.year if today.month >= 8 else today.year - 1


@pytest.fixture
def network(world, year):
    """A network series of A planned 4 times this year: one held, one whose date passed."""
    series = a_series(
        world.tenant_a, name="Netwerk zorgcoördinatoren", planned_per_year=4, indicator="netwerk"
    )
    today = timezone.localdate()
    a_meeting(
        series,
        school_year=year,
        planned_on=D(year, 8, 1),
        held_on=D(year, 8, 1),
        theme="Start van het jaar",
        report="Afspraken gemaakt.",
    )
    if today > D(year, 8, 2):
        a_meeting(series, school_year=year, planned_on=D(year, 8, 2))
    a_meeting(series, school_year=year, planned_on=None)
    return series


# --- Reading -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERYONE)
def test_every_role_reads_the_year_view_and_a_series(world, login, network, year, role):
    client = login(world.user(role))
    page = client.get(url("meeting_list")).content.decode()
    assert "<h1>Bijeenkomsten" in page and "Netwerk zorgcoördinatoren" in page
    assert "<strong>1 van 4</strong> gehouden" in page
    assert "Start van het jaar" in page and "Afspraken gemaakt." in page
    assert ("Nieuwe reeks bijeenkomsten" in page) is (role == "bestuurder")
    assert ("Bijeenkomst toevoegen" in page) is (role == "bestuurder")
    detail = client.get(url("series_detail", series_id=network.pk))
    assert detail.status_code == 200
    assert "Gehouden tegen gepland, per schooljaar" in detail.content.decode()


@pytest.mark.parametrize("role", [r for r in EVERYONE if r != "bestuurder"])
@pytest.mark.parametrize(
    "page", ["series_create", "series_edit", "series_delete", "meeting_create", "meeting_edit"]
)
def test_only_the_bestuurder_opens_the_forms(world, login, network, role, page):
    kwargs = {
        "series_create": {},
        "series_edit": {"series_id": network.pk},
        "series_delete": {"series_id": network.pk},
        "meeting_create": {"series_id": network.pk},
        "meeting_edit": {"bijeenkomst_id": _first(network).pk},
    }[page]
    client = login(world.user(role))
    assert client.get(url(page, **kwargs)).status_code == 403
    assert (
        client.post(url(page, **kwargs), {"name": "X", "planned_per_year": "2"}).status_code == 403
    )
    with scopes_disabled():
        assert MeetingSeries.objects.filter(tenant=world.tenant_a).count() == 1


def _first(series) -> Meeting:
    with scopes_disabled():
        return Meeting.objects.filter(series=series).order_by("pk").first()


def test_another_tenants_series_and_meeting_are_not_found(world, login):
    series = a_series(world.tenant_b, name="Netwerk GEHEIM-B")
    meeting = a_meeting(series)
    client = login(world.user("bestuurder"))
    assert client.get(url("series_detail", series_id=series.pk)).status_code == 404
    assert client.get(url("series_edit", series_id=series.pk)).status_code == 404
    assert client.get(url("meeting_edit", bijeenkomst_id=meeting.pk)).status_code == 404
    assert client.post(url("meeting_delete", bijeenkomst_id=meeting.pk)).status_code == 404
    with scopes_disabled():
        assert Meeting.objects.filter(pk=meeting.pk).exists()


def test_a_series_behind_its_plan_shows_at_a_glance(world, login, year):
    series = a_series(world.tenant_a, name="Overleg vso-directeuren", planned_per_year=4)
    a_meeting(series, school_year=year - 1, planned_on=D(year, 5, 1))  # last year: missed
    page = login(world.user("toezicht")).get(url("meeting_list", query=f"schooljaar={year - 1}"))
    body = page.content.decode()
    assert "Achter op planning" in body and "1 reeks loopt achter op planning" in body
    assert "<strong>Niet vastgelegd</strong> (datum voorbij)" in body
    assert "<strong>0 van 4</strong> gehouden" in body


def test_the_year_view_moves_between_school_years(world, login, year):
    client = login(world.user("loket"))
    page = client.get(url("meeting_list", query=f"schooljaar={year}-{year + 1}")).content.decode()
    assert f"?schooljaar={year - 1}-{year}" in page and f"?schooljaar={year + 1}-{year + 2}" in page
    other = client.get(url("meeting_list", query="schooljaar=2030")).content.decode()
    assert "<h1>Bijeenkomsten 2030-2031</h1>" in other
    assert "Naar het huidige schooljaar" in other
    wrong = client.get(url("meeting_list", query="schooljaar=2030/31")).content.decode()
    assert f"<h1>Bijeenkomsten {year}-{year + 1}</h1>" in wrong


def test_an_inactive_series_is_kept_but_shown_only_when_asked(world, login, network):
    a_series(world.tenant_a, name="Gestopt overleg", is_active=False)
    client = login(world.user("bestuurder"))
    page = client.get(url("meeting_list")).content.decode()
    assert "Gestopt overleg" not in page and "Ook de 1 inactieve reeks tonen" in page
    shown = client.get(url("meeting_list", query="inactief=1")).content.decode()
    assert "Gestopt overleg" in shown and '<span class="badge">inactief</span>' in shown


def test_an_empty_year_says_what_to_do(world, login):
    page = login(world.user("bestuurder")).get(url("meeting_list")).content.decode()
    assert "Er zijn nog geen reeksen bijeenkomsten" in page
    reader = login(world.user("inspectie")).get(url("meeting_list")).content.decode()
    assert "Er zijn nog geen bijeenkomsten vastgelegd" in reader


# --- Series: new, edit, delete -------------------------------------------------------------------


def test_the_bestuurder_creates_a_series_and_the_form_explains_the_dashboard(world, login):
    client = login(world.user("bestuurder"))
    form = client.get(url("series_create")).content.decode()
    assert "Aantal bijeenkomsten per netwerk" in form and "Aantal structurele overleggen" in form
    assert "Het dashboard toont het laagste aantal van alle netwerkgroepen" in form
    response = client.post(
        url("series_create"),
        {
            "name": "Structureel overleg met Berséba",
            "planned_per_year": "2",
            "indicator": "berseba",
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        series = MeetingSeries.objects.get(tenant=world.tenant_a)
    assert (series.indicator, series.planned_per_year, series.is_active) == ("berseba", 2, True)
    assert response["Location"].endswith(f"#reeks-{series.pk}")
    assert said(response) == [
        "De reeks 'Structureel overleg met Berséba' is aangemaakt. Leg nu de bijeenkomsten vast."
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "netwerk ZORGCOÖRDINATOREN", "planned_per_year": "2"}, "Er is al een reeks"),
        ({"name": "", "planned_per_year": "2"}, "Geef de reeks een naam."),
        ({"name": "Overleg", "planned_per_year": "0"}, "Vul minstens 1 in."),
        ({"name": "Overleg", "planned_per_year": "vier"}, "Vul een heel getal in"),
    ],
)
def test_a_series_form_refuses_with_a_dutch_message(world, login, network, data, message):
    response = login(world.user("bestuurder")).post(url("series_create"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    with scopes_disabled():
        assert MeetingSeries.objects.filter(tenant=world.tenant_a).count() == 1


def test_editing_a_series_can_set_it_inactive_and_a_stale_form_shows_the_conflict(
    world, login, network
):
    client = login(world.user("bestuurder"))
    data = {
        "name": "Netwerk zorgcoördinatoren",
        "group": "zorgcoördinatoren VO",
        "planned_per_year": "2",
        "indicator": "netwerk",
        "revision": str(network.revision),
    }
    saved = client.post(url("series_edit", series_id=network.pk), data)
    assert saved.status_code == 302
    network.refresh_from_db()
    assert (network.group, network.is_active, network.revision) == (
        "zorgcoördinatoren VO",
        False,
        2,
    )
    stale = client.post(url("series_edit", series_id=network.pk), {**data, "group": "Anders"})
    assert stale.status_code == 409
    assert "intussen door iemand anders gewijzigd" in stale.content.decode()


def test_deleting_a_series_asks_first_and_says_how_many_meetings_go_with_it(world, login, network):
    client = login(world.user("bestuurder"))
    confirm = client.get(url("series_delete", series_id=network.pk)).content.decode()
    count = _count(network)
    assert f"<strong>{count} bijeenkomsten</strong>, waarvan 1 gehouden" in confirm
    assert "Zet de reeks dan op inactief" in confirm
    response = client.post(url("series_delete", series_id=network.pk))
    assert response.status_code == 302
    assert said(response) == [
        f"De reeks 'Netwerk zorgcoördinatoren' is verwijderd, met {count} bijeenkomsten."
    ]
    with scopes_disabled():
        assert not Meeting.objects.filter(tenant=world.tenant_a).exists()


def _count(series) -> int:
    with scopes_disabled():
        return Meeting.objects.filter(series=series).count()


# --- Meetings: new, edit, delete ----------------------------------------------------------------


def test_adding_a_meeting_without_javascript_returns_to_its_school_year(world, login, network):
    client = login(world.user("bestuurder"))
    form = client.get(url("meeting_create", series_id=network.pk, query="schooljaar=2026-2027"))
    assert '<option value="2026" selected>2026-2027</option>' in form.content.decode()
    response = client.post(
        url("meeting_create", series_id=network.pk, query="schooljaar=2026-2027"),
        {"planned_on": "11-03-2027", "theme": "Hoorrecht", "school_year": "2026"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?schooljaar=2026-2027#reeks-{network.pk}")
    assert said(response)[0].startswith("Toegevoegd: Netwerk zorgcoördinatoren, gepland op 11-03")


def test_a_meeting_in_another_year_than_the_view_says_so(world, login, network):
    client = login(world.user("bestuurder"))
    response = client.post(
        url("meeting_create", series_id=network.pk, query="schooljaar=2026-2027"),
        {"planned_on": "02-09-2027", "school_year": "2026"},
    )
    assert response["Location"].endswith(f"?schooljaar=2027-2028#reeks-{network.pk}")
    assert "De bijeenkomst staat in schooljaar 2027-2028." in said(response)[0]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "school_year", "Vul een datum in, of kies het schooljaar van deze bijeenkomst."),
        ({"held_on": "01-01-2090"}, "held_on", "ligt in de toekomst"),
        ({"planned_on": "31-02-2027"}, "planned_on", "Voer een geldige datum in"),
        ({"planned_on": "20-07-2026", "held_on": "20-08-2026"}, "planned_on", "één schooljaar"),
        ({"planned_on": "01-03-2027", "report": "Verslag"}, "report", "gehouden bijeenkomst"),
    ],
)
def test_a_meeting_form_refuses_with_a_dutch_message_on_the_field(
    world, login, network, data, field, message
):
    before = _count(network)
    response = login(world.user("bestuurder")).post(
        url("meeting_create", series_id=network.pk), data
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Er ging iets mis" in page and message in page
    assert f'href="#nieuw-{network.pk}-{field}"' in page  # the summary links to the field
    assert _count(network) == before


def test_adding_a_meeting_in_place_swaps_the_year_view_with_the_new_counts(
    world, login, network, year
):
    client = login(world.user("bestuurder"))
    form = client.get(url("meeting_create", series_id=network.pk), **HX)
    assert form.status_code == 200 and "<h1>" not in form.content.decode()
    assert f'id="nieuw-{network.pk}"' in form.content.decode()
    today = timezone.localdate()
    response = client.post(
        url("meeting_create", series_id=network.pk, query=f"schooljaar={year}"),
        {"held_on": today.strftime("%d-%m-%Y"), "theme": "Extra"},
        **HX,
    )
    assert response.status_code == 200
    assert (response["HX-Retarget"], response["HX-Reswap"]) == ("#jaaroverzicht", "outerHTML")
    body = response.content.decode()
    assert f'data-focus="reeks-{network.pk}"' in body and 'data-announce="Toegevoegd:' in body
    assert "<strong>2 van 4</strong> gehouden" in body and "<h1>" not in body


def test_a_refused_form_in_place_comes_back_in_place(world, login, network):
    response = login(world.user("bestuurder")).post(
        url("meeting_create", series_id=network.pk), {"held_on": "01-01-2090"}, **HX
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert body.lstrip().startswith(
        f'<div class="plan-item--editing meeting-form add-item" id="nieuw-{network.pk}">'
    )
    assert "ligt in de toekomst" in body


def test_recording_that_a_meeting_was_held_in_place(world, login, network, year):
    meeting = _first_open(network)
    client = login(world.user("bestuurder"))
    form = client.get(url("meeting_edit", bijeenkomst_id=meeting.pk), **HX).content.decode()
    assert form.lstrip().startswith(
        f'<li class="plan-item--editing meeting-form" id="bijeenkomst-{meeting.pk}">'
    )
    held = timezone.localdate().strftime("%d-%m-%Y")
    response = client.post(
        url("meeting_edit", bijeenkomst_id=meeting.pk, query=f"schooljaar={year}"),
        {"held_on": held, "theme": "Gehouden", "report": "Kort.", "revision": meeting.revision},
        **HX,
    )
    assert response.status_code == 200 and response["HX-Retarget"] == "#jaaroverzicht"
    assert f'data-announce="Opgeslagen: Netwerk zorgcoördinatoren, gehouden op {held}.' in (
        response.content.decode()
    )
    meeting.refresh_from_db()
    assert (meeting.held_on.strftime("%d-%m-%Y"), meeting.report) == (held, "Kort.")


def _first_open(series) -> Meeting:
    with scopes_disabled():
        return Meeting.objects.filter(series=series, held_on__isnull=True).order_by("pk").first()


def test_a_stale_edit_of_a_meeting_shows_the_current_version_and_what_was_typed(
    world, login, network
):
    meeting = _first_open(network)
    client = login(world.user("bestuurder"))
    response = client.post(
        url("meeting_edit", bijeenkomst_id=meeting.pk),
        {"theme": "Mijn thema", "school_year": str(meeting.school_year), "revision": "0"},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "intussen door iemand anders gewijzigd" in page and "Mijn thema" in page


def test_deleting_a_meeting_asks_first(world, login, network):
    meeting = _first(network)
    client = login(world.user("bestuurder"))
    confirm = client.get(url("meeting_delete", bijeenkomst_id=meeting.pk)).content.decode()
    assert (
        "<h1>Bijeenkomst verwijderen?</h1>" in confirm
        and "Het verslag gaat dan ook verloren" in confirm
    )
    assert "telt dan niet meer mee op het dashboard" in confirm
    response = client.post(url("meeting_delete", bijeenkomst_id=meeting.pk))
    assert response.status_code == 302 and response["Location"].endswith(f"#reeks-{network.pk}")
    assert said(response)[0].startswith("Verwijderd: Netwerk zorgcoördinatoren, gehouden op")
    with scopes_disabled():
        assert not Meeting.objects.filter(pk=meeting.pk).exists()


# --- The number of queries ----------------------------------------------------------------------


def _data(tenant, year: int, series: int, per_series: int, start: int = 0) -> None:
    for s in range(start, start + series):
        found = a_series(
            tenant, name=f"Reeks {s}", planned_per_year=per_series, indicator="netwerk"
        )
        for m in range(per_series):
            day = D(year, 9, 1) + datetime.timedelta(days=7 * m)
            a_meeting(found, school_year=year, planned_on=day, held_on=day if m % 2 else None)
    a_series(tenant, name=f"Inactief {start}", is_active=False)


@pytest.mark.parametrize("role", ["bestuurder", "toezicht"])
def test_the_year_view_asks_as_many_queries_for_ten_times_the_data(
    world, login, year, role, django_assert_max_num_queries
):
    client = login(world.user(role))
    _data(world.tenant_a, year, series=2, per_series=3)
    client.get(url("meeting_list"))  # the session and the like, once
    with CaptureQueriesContext(connection) as small:
        assert client.get(url("meeting_list", query="inactief=1")).status_code == 200
    _data(world.tenant_a, year, series=18, per_series=30, start=2)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("meeting_list", query="inactief=1"))
    assert page.content.decode().count('class="series"') == 22  # 20 active, 2 inactive shown


def test_a_series_page_asks_as_many_queries_for_ten_times_the_meetings(
    world, login, year, django_assert_max_num_queries
):
    client = login(world.user("inspectie"))
    series = a_series(world.tenant_a, planned_per_year=2)
    a_meeting(series, school_year=year, planned_on=D(year, 10, 1))
    client.get(url("series_detail", series_id=series.pk))
    with CaptureQueriesContext(connection) as small:
        client.get(url("series_detail", series_id=series.pk))
    for offset in range(1, 11):
        a_meeting(series, school_year=year - offset, planned_on=D(year - offset, 10, 1))
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(url("series_detail", series_id=series.pk))
    assert page.content.decode().count('<section id="jaar-') == 11


def test_cancelling_a_form_in_place_brings_back_the_year_view_at_the_series(world, login, network):
    client = login(world.user("bestuurder"))
    response = client.get(url("meeting_list", query=f"deel=jaar&terug=reeks-{network.pk}"), **HX)
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="jaaroverzicht" data-focus="reeks-{network.pk}">')
    assert "<h1>" not in body and f'id="reeks-{network.pk}"' in body


# --- On the jaarplan's page ---------------------------------------------------------------------


def test_the_jaarplan_page_gets_a_panel_with_the_years_bijeenkomsten(world, rf):
    from django_scopes import scope

    from plans.jaarplan.views import meetings  # noqa: F401  (registers the panel)
    from plans.jaarplan.views.panels import panels_for

    from .builders import a_jaarplan

    series = a_series(world.tenant_a, name="Netwerk hoogbegaafdheid", planned_per_year=2)
    a_meeting(series, planned_on=D(2026, 11, 12), held_on=D(2026, 11, 12))
    a_meeting(series, school_year=2027, planned_on=D(2027, 11, 12), held_on=D(2027, 11, 12))
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    request = rf.get("/")
    request.user, request.tenant = world.user("toezicht"), world.tenant_a
    request.membership = world.members["toezicht"]
    with scope(tenant=world.tenant_a):
        panel = next(p for p in panels_for(request, jaarplan, False) if p["name"] == "meetings")
    assert "Bijeenkomsten 2026-2027" in panel["html"]
    assert "Netwerk hoogbegaafdheid: 1 van 2 gehouden" in panel["html"]
    assert '?schooljaar=2026-2027"' in panel["html"]
