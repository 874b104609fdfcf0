"""The kwaliteitskalender's pages and its iCalendar feed ask the same number of queries for the
demo's kwaliteitskalender (seed 002 §3, with its ticked dates) as for ten times as much."""

from __future__ import annotations

import copy

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from plans.jaarplan.calendar_services import feed_create
from plans.jaarplan.demo_calendar import seed_calendar
from plans.models import CalendarItem, CalendarOccurrence
from plans.tests.jaarplan.calendar_support import on_demo_day  # noqa: F401
from swvportal.accounts.demo import seed_users
from swvportal.accounts.models import User
from swvportal.tenancy.demo import seed_schools, seed_tenant

pytestmark = pytest.mark.usefixtures("on_demo_day")

PAGES = [
    ("calendar", "", "bestuurder@refsvo.example"),
    ("calendar", "?weergave=datum", "bestuurder@refsvo.example"),
    ("calendar", "", "opr@refsvo.example"),
    ("calendar", "?schooljaar=2025-2026", "inspectie@refsvo.example"),
    ("feed_manage", "", "zorg@refsvo.example"),
]


@pytest.fixture
def demo_calendar(db):
    tenant = seed_tenant()
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_users(tenant)
        seed_calendar(tenant)

    def more(rounds: int) -> None:
        """Each round a copy of every item, with its ticked dates."""
        with scope(tenant=tenant):
            demo = list(CalendarItem.objects.filter(tenant=tenant).prefetch_related("occurrences"))
            for round_ in range(rounds):
                for item in demo:
                    twin = copy.copy(item)
                    twin.pk, twin.title = None, f"{item.title} ({round_ + 2})"
                    twin.save()
                    for done in item.occurrences.all():
                        CalendarOccurrence.objects.create(
                            tenant=tenant,
                            item=twin,
                            due_date=done.due_date,
                            done_on=done.done_on,
                            done_by=done.done_by,
                        )

    return tenant, more


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured.captured_queries)


def test_the_kwaliteitskalender_asks_as_many_queries_for_ten_times_the_demo(demo_calendar, client):
    tenant, more = demo_calendar
    users = {email: User.objects.get(email=email) for _, _, email in PAGES}
    with scope(tenant=tenant):
        token = feed_create(tenant=tenant, user=users["bestuurder@refsvo.example"])[1]
    feed = reverse("agenda:feed", kwargs={"feed_token": token})

    def counts() -> dict[tuple[str, str, str], int]:
        found = {}
        for name, query, email in PAGES:
            client.force_login(users[email])
            page = reverse(f"jaarplan:{name}", kwargs={"tenant_code": tenant.code}) + query
            found[name, query, email] = _queries(client, page)
        client.logout()
        found["feed", "", ""] = _queries(client, feed)
        return found

    demo = counts()
    with scope(tenant=tenant):
        items = CalendarItem.objects.count()
    more(9)
    with scope(tenant=tenant):
        assert CalendarItem.objects.count() == 10 * items
    grown = {key: n for key, n in counts().items() if n > demo[key]}
    assert not grown, f"more queries with ten times the demo (page: queries): {grown}"
