"""The kwaliteitskalender as iCalendar: a member's secret address, shown once, revocable, and
the .ics it opens (parsed with the ``icalendar`` library, as a calendar program reads it)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_scopes import scope, scopes_disabled
from icalendar import Calendar

from conftest import MARKER_B
from plans.jaarplan.calendar_selectors import calendar_year
from plans.jaarplan.calendar_services import feed_create
from plans.models import CalendarFeed, CalendarOccurrence
from plans.tests.jaarplan.builders import a_calendar_item, a_jaarplan, adopt, an_activity
from plans.tests.jaarplan.calendar_support import on_demo_day  # noqa: F401
from swvportal.accounts.models import Membership
from swvportal.accounts.tests.factories import MembershipFactory
from swvportal.core.schoolyear import SchoolYear

pytestmark = pytest.mark.usefixtures("on_demo_day")

D = datetime.date
MANAGE = reverse("jaarplan:feed_manage", kwargs={"tenant_code": "VOA001"})
REVOKE = reverse("jaarplan:feed_revoke", kwargs={"tenant_code": "VOA001"})


def feed_url(token: str) -> str:
    return reverse("agenda:feed", kwargs={"feed_token": token})


def a_feed(tenant, user) -> str:
    with scope(tenant=tenant):
        return feed_create(tenant=tenant, user=user)[1]


def fetch(token: str) -> Calendar:
    response = Client().get(feed_url(token))  # a calendar program: no session
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def kalender(world):
    """Tenant A's kwaliteitskalender with a rule of every kind, one date ticked; and B's."""
    items = [
        a_calendar_item(
            world.tenant_a, title="Jaarverslag", owner="Directeur", adopted_by="Bestuur"
        ),
        a_calendar_item(
            world.tenant_a,
            title="Managementrapportage",
            frequency="meermaals",
            dates=[[11, 1], [3, 1], [7, 1]],
        ),
        a_calendar_item(
            world.tenant_a,
            title="Ondersteuningsplan",
            frequency="vierjaarlijks",
            due_month=5,
            due_day=1,
            anchor_year=2025,
        ),
        a_calendar_item(
            world.tenant_a,
            title="Ontwikkelagenda",
            frequency="tweejaarlijks",
            due_month=None,
            due_day=None,
            anchor_year=2027,
        ),
        a_calendar_item(
            world.tenant_a,
            title="Handboek",
            frequency="planning",
            dates=["2026-11-01", "2028-03-01"],
        ),
        a_calendar_item(world.tenant_a, title="Oud onderdeel", is_active=False),
    ]
    with scopes_disabled():
        CalendarOccurrence.objects.create(
            tenant=world.tenant_a, item=items[1], due_date=D(2026, 11, 1), done_on=D(2026, 10, 30)
        )
    a_calendar_item(world.tenant_b, title=f"Kalender {MARKER_B}")
    return items


def test_a_member_makes_an_address_that_is_shown_once_and_stored_as_a_hash(world, login):
    client = login(world.user("toezicht"))
    assert "U heeft nog geen agenda-adres." in client.get(MANAGE).content.decode()
    response = client.post(MANAGE)
    body = response.content.decode()
    [address] = re.findall(r'value="(http[^"]+\.ics)"', body)
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 43 and "Kopieer het adres nu." in body
    with scopes_disabled():
        feed = CalendarFeed.objects.get()
    assert feed.token_hash == CalendarFeed.hash_token(token) and token not in feed.token_hash
    later = client.get(MANAGE).content.decode()
    assert token not in later and "U heeft een agenda-adres sinds" in later


def test_the_ics_holds_every_due_date_of_this_and_next_school_year(world, kalender):
    calendar = fetch(a_feed(world.tenant_a, world.user("bestuurder")))
    found = sorted((str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events(calendar))
    expected = []
    with scope(tenant=world.tenant_a):
        for year in (SchoolYear.current(), SchoolYear.current().next):
            for due in calendar_year(tenant=world.tenant_a, school_year=year):
                title = f"{due.item.title} (gedaan)" if due.is_done else due.item.title
                expected.append((title, due.due_date))
    assert found == sorted(expected)
    assert ("Managementrapportage (gedaan)", D(2026, 11, 1)) in found
    assert ("Ontwikkelagenda", D(2028, 8, 1)) in found  # vóór 1 augustus, in 2027-2028
    assert not any(title.startswith("Oud onderdeel") for title, _ in found)
    assert str(calendar["X-WR-CALNAME"]) == "Kwaliteitskalender Samenwerkingsverband Alfa"


def test_each_event_is_all_day_with_a_stable_uid_and_says_who(world, kalender):
    token = a_feed(world.tenant_a, world.user("bestuurder"))
    first, second = ({str(e["UID"]): e for e in events(fetch(token))} for _ in range(2))
    assert set(first) == set(second) and len(first) == len(events(fetch(token)))
    [jaarverslag] = [
        e
        for e in first.values()
        if str(e["SUMMARY"]) == "Jaarverslag" and e.decoded("DTSTART") == D(2027, 7, 1)
    ]
    assert jaarverslag.decoded("DTEND") == D(2027, 7, 2)
    description = str(jaarverslag["DESCRIPTION"])
    assert "Wie: Directeur" in description and "Vaststelling door: Bestuur" in description
    assert "Wanneer: Jaarlijks vóór 1 juli" in description
    assert str(jaarverslag["URL"]).endswith(
        "/VOA001/jaarplannen/kwaliteitskalender/?schooljaar=2026-2027"
    )


def test_a_fetch_notes_when_the_address_was_last_used(world, kalender):
    token = a_feed(world.tenant_a, world.user("bestuurder"))
    fetch(token)
    with scopes_disabled():
        assert CalendarFeed.objects.get().last_used_at is not None


def test_a_revoked_address_answers_404(world, login, kalender):
    token = a_feed(world.tenant_a, world.user("loket"))
    fetch(token)
    client = login(world.user("loket"))
    assert "Agenda-adres intrekken?" in client.get(REVOKE).content.decode()
    response = client.post(REVOKE, follow=True)
    assert "Uw agenda-adres is ingetrokken." in response.content.decode()
    assert Client().get(feed_url(token)).status_code == 404
    assert "U heeft nog geen agenda-adres." in client.get(MANAGE).content.decode()


def test_a_new_address_revokes_the_old_one(world, login, kalender):
    old = a_feed(world.tenant_a, world.user("zorgcoordinator"))
    login(world.user("zorgcoordinator")).post(MANAGE)
    assert Client().get(feed_url(old)).status_code == 404
    with scopes_disabled():
        feeds = CalendarFeed.objects.filter(user=world.user("zorgcoordinator"))
        assert feeds.count() == 2 and feeds.filter(revoked_at__isnull=True).count() == 1


@pytest.mark.parametrize("token", ["onbekend", "x" * 43, "x" * 500])
def test_an_unknown_token_answers_404_with_no_detail(world, token):
    response = Client().get(feed_url(token))
    assert response.status_code == 404
    assert b"BEGIN:VCALENDAR" not in response.content


def test_an_address_stops_when_its_member_leaves_the_tenant(world, kalender):
    token = a_feed(world.tenant_a, world.user("inspectie"))
    fetch(token)
    with scopes_disabled():
        Membership.objects.filter(pk=world.members["inspectie"].pk).delete()
    assert Client().get(feed_url(token)).status_code == 404


def test_an_address_stops_when_its_account_is_switched_off(world, kalender):
    token = a_feed(world.tenant_a, world.user("toezicht"))
    user = world.user("toezicht")
    user.is_active = False
    user.save()
    assert Client().get(feed_url(token)).status_code == 404


def test_someone_logged_in_as_another_person_gets_nothing(world, login, kalender):
    token = a_feed(world.tenant_a, world.user("toezicht"))
    assert login(world.user("bestuurder")).get(feed_url(token)).status_code == 404
    assert login(world.user("toezicht")).get(feed_url(token)).status_code == 200


def test_another_tenants_data_is_never_in_a_feed(world, kalender):
    """A person in both tenants: the address made in A shows A's calendar and activities only."""
    user = world.user("toezicht")
    with scopes_disabled():
        MembershipFactory(tenant=world.tenant_b, role="bestuurder", user=user)
    jaarplan_b = a_jaarplan(world.tenant_b)
    an_activity(
        jaarplan_b, result=MARKER_B, what=MARKER_B, responsible=user, due_date=D(2027, 3, 1)
    )
    response = Client().get(feed_url(a_feed(world.tenant_a, user)))
    assert response.status_code == 200
    assert MARKER_B.encode() not in response.content
    b_feed = Client().get(feed_url(a_feed(world.tenant_b, user))).content.decode()
    assert f"Kalender {MARKER_B}" in b_feed and "Jaarverslag" not in b_feed


def test_the_members_own_activities_with_a_date_are_in_the_feed_once(world, kalender):
    zorg = world.user("zorgcoordinator")
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, what="Netwerk plannen", responsible=zorg, due_date=D(2027, 3, 31))
    an_activity(jaarplan, what="Van een ander", responsible=world.user("loket"))
    an_activity(jaarplan, what="Zonder datum", responsible=zorg, due_date=None)
    jaarplan = adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        from plans.jaarplan.services import jaarplan_new_version

        jaarplan_new_version(jaarplan=jaarplan)  # a copy of every activity, in version 1.1
    own = [
        e
        for e in events(fetch(a_feed(world.tenant_a, zorg)))
        if "Jaarplan" in e.get("CATEGORIES").cats
    ]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in own] == [
        ("Jaarplan: Netwerk plannen", D(2027, 3, 31))
    ]


def test_toezicht_sees_its_activities_only_in_an_adopted_jaarplan(world, kalender):
    toezicht = world.user("toezicht")
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, what="Verslag OPR", responsible=toezicht, due_date=D(2027, 6, 1))

    def own() -> list:
        calendar = fetch(a_feed(world.tenant_a, toezicht))
        return [e for e in events(calendar) if "Jaarplan" in e.get("CATEGORIES").cats]

    assert own() == []  # a concept: toezicht reads only adopted jaarplannen
    adopt(jaarplan)
    assert len(own()) == 1


def test_the_manage_page_is_for_members_only(world, login, client):
    assert client.get(MANAGE).status_code == 302  # to the login page
    assert login(world.user("outsider")).get(MANAGE).status_code == 403
