"""The contacts list: its columns without free text, its filters, sorting and pages, the empty
state, one read in the log per page shown, and a query count that does not grow with the data."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.audit.models import AuditEntry

from ..models import Action, Channel, Contact
from .builders import a_contact, a_theme, a_trend

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def staff(world, login):
    return login(world.user("bestuurder"))


def _list(world) -> str:
    return reverse("steunpunt:contact_list", kwargs={"tenant_code": world.tenant_a.code})


def _refs(client, url, **params) -> list[str]:
    text = client.get(url, params).content.decode()
    with scopes_disabled():
        return [c.reference for c in Contact.objects.all() if f">{c.reference}</a>" in text]


def test_the_empty_list_says_so_and_offers_a_new_contact(world, staff):
    page = staff.get(_list(world)).content.decode()
    assert "Er zijn nog geen contacten" in page
    assert ">Nieuw contact</a>" in page
    filtered = staff.get(_list(world), {"channel": Channel.EMAIL}).content.decode()
    assert "Geen contacten gevonden met deze filters" in filtered


def test_the_list_shows_what_a_contact_is_about_and_no_free_text(world, staff):
    theme = a_theme(world.tenant_a, "Vervoer")
    contact = a_contact(
        world.tenant_a,
        received_on=TODAY - 10 * DAY,
        school=world.school_a1,
        themes=[theme],
        summary="GEHEIME-SAMENVATTING",
        message="GEHEIME-VRAAG",
        follow_up_needed=True,
        follow_up_by=TODAY - DAY,
        callback={"name": "GEHEIME-NAAM", "phone": "0612345678"},
    )
    a_trend(world.tenant_a, title="Taxi te laat", signals=[contact])
    page = staff.get(_list(world)).content.decode()
    assert contact.reference in page and "Alfa College" in page and "Vervoer" in page
    assert "Ja, trend: Taxi te laat" in page and "te laat</span>" in page and "Open" in page
    for secret in ("GEHEIME-SAMENVATTING", "GEHEIME-VRAAG", "GEHEIME-NAAM", "0612345678"):
        assert secret not in page


def test_each_page_shown_is_one_read_in_the_log_with_its_count(world, staff):
    for _ in range(3):
        a_contact(world.tenant_a)
    staff.get(_list(world), {"channel": Channel.PHONE})
    with scopes_disabled():
        reads = AuditEntry.objects.filter(
            action=LogEntry.Action.ACCESS, additional_data__what="lijst contacten steunpunt"
        )
        assert reads.count() == 1
        entry = reads.get()
    assert entry.additional_data["count"] == 3
    assert entry.additional_data["filters"] == {"channel": Channel.PHONE}
    assert entry.actor == world.user("bestuurder")


def test_the_filters_narrow_the_list(world, staff):
    theme = a_theme(world.tenant_a, "Thuiszitten")
    url = _list(world)
    old = a_contact(world.tenant_a, received_on=TODAY - 40 * DAY, channel=Channel.EMAIL)
    themed = a_contact(world.tenant_a, received_on=TODAY - 5 * DAY, themes=[theme])
    school = a_contact(world.tenant_a, school=world.school_a2, asker="school")
    late = a_contact(
        world.tenant_a,
        received_on=TODAY - 20 * DAY,
        follow_up_needed=True,
        follow_up_by=TODAY - 2 * DAY,
    )
    soon = a_contact(
        world.tenant_a, received_on=TODAY - DAY, follow_up_needed=True, follow_up_by=TODAY + DAY
    )
    signal = a_contact(world.tenant_a, is_signal=True, actions=[Action.INFORMED])
    with scopes_disabled():
        Contact.objects.filter(pk=old.pk).update(closed_on=TODAY - 30 * DAY)
    assert _refs(staff, url, status="afgesloten") == [old.reference]
    assert old.reference not in _refs(staff, url, status="open")
    assert _refs(staff, url, theme=theme.pk) == [themed.reference]
    assert _refs(staff, url, channel=Channel.EMAIL) == [old.reference]
    assert _refs(staff, url, asker="school") == [school.reference]
    assert _refs(staff, url, school=world.school_a2.pk) == [school.reference]
    assert _refs(staff, url, signal="ja") == [signal.reference]
    assert signal.reference not in _refs(staff, url, signal="nee")
    assert _refs(staff, url, follow_up="te-laat") == [late.reference]
    assert _refs(staff, url, follow_up="week") == [soon.reference]
    assert set(_refs(staff, url, follow_up="open")) == {late.reference, soon.reference}
    window = {
        "date_from": (TODAY - 25 * DAY).strftime("%d-%m-%Y"),
        "date_to": (TODAY - 3 * DAY).strftime("%d-%m-%Y"),
    }
    assert set(_refs(staff, url, **window)) == {late.reference, themed.reference}


def test_a_school_or_theme_of_tenant_b_is_no_filter_choice(world, staff):
    a_theme(world.tenant_b, "GEHEIM-B thema")
    page = staff.get(_list(world)).content.decode()
    assert "GEHEIM-B" not in page
    answer = staff.get(_list(world), {"school": world.school_b1.pk})
    assert answer.status_code == 200 and "GEHEIM-B" not in answer.content.decode()


def test_the_list_sorts_and_pages(world, staff):
    made = [a_contact(world.tenant_a, received_on=TODAY - i * DAY) for i in range(27)]
    first = staff.get(_list(world)).content.decode()
    assert made[0].reference in first and made[26].reference not in first
    assert "Pagina 1 van 2" in first
    second = staff.get(_list(world), {"page": 2}).content.decode()
    assert made[26].reference in second
    oldest_first = staff.get(_list(world), {"sort": "received_on"}).content.decode()
    assert made[26].reference in oldest_first and made[0].reference not in oldest_first


def _many(world, n: int):
    themes = [a_theme(world.tenant_a, f"Thema {i}", order=i) for i in range(3)]
    trend = a_trend(world.tenant_a)
    for i in range(n):
        a_contact(
            world.tenant_a,
            school=world.school_a1 if i % 2 else world.school_a2,
            themes=themes[: 1 + i % 3],
            is_signal=bool(i % 2),
            trend=trend if i % 2 else None,
            follow_up_needed=True,
            follow_up_by=TODAY + DAY,
        )


def test_the_list_asks_as_many_queries_for_30_contacts_as_for_3(
    world, staff, django_assert_max_num_queries
):
    _many(world, 3)
    staff.get(_list(world))  # the session and the like settle first
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert staff.get(_list(world)).status_code == 200
    _many(world, 27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = staff.get(_list(world))
    assert page.status_code == 200 and "30 resultaten" in page.content.decode()


def test_the_detail_page_asks_as_many_queries_for_six_themes_as_for_one(
    world, staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    themes = [a_theme(world.tenant_a, f"Thema {i}", order=i) for i in range(6)]
    for i in range(4):
        a_trend(world.tenant_a, title=f"Trend {i}")
    one = a_contact(world.tenant_a, themes=themes[:1], callback={"name": "A", "phone": "1"})
    six = a_contact(world.tenant_a, themes=themes, callback={"name": "B", "phone": "2"})

    def url(contact):
        return reverse(
            "steunpunt:contact_detail",
            kwargs={"tenant_code": world.tenant_a.code, "contact_id": contact.pk},
        )

    staff.get(url(one))
    with CaptureQueriesContext(connection) as few:
        assert staff.get(url(one)).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert staff.get(url(six)).status_code == 200
