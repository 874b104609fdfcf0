"""The jaarplan's pages ask as many queries for ten times the demo's jaarplan as for the demo's
own (issue 14, acceptance): RefSVO's jaarplan 2026-2027 with its demo activities, then nine more
rounds of verbeterpunten (one more under every doel's step, and the additional items) each with
the demo's activities."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from pillars.models import Pillar
from plans.demo import seed_plan
from plans.jaarplan import demo_activities, services
from plans.jaarplan.generate import jaarplan_generate
from plans.models import Activity, Improvement
from swvportal.accounts.demo import seed_users
from swvportal.accounts.models import User
from swvportal.core.schoolyear import SchoolYear
from swvportal.tenancy.demo import seed_schools, seed_tenant

BESTUURDER = "bestuurder@refsvo.example"
ZORG = "zorg@refsvo.example"
HX_TREE = {"HX-Request": "true", "HX-Target": "jaarplan-tree"}


def _round(jaarplan, users: dict, by) -> None:
    """One more copy of the demo's verbeterpunten and activities, made through the services."""
    steps = Improvement.objects.filter(jaarplan=jaarplan, step_uid__isnull=False)
    for step in list(steps):
        copy = services.improvement_create(
            jaarplan=jaarplan,
            title=f"{step.title} (nog een)",
            by=by,
            goal_uid=step.goal_uid,
            goal_number=step.goal_number,
            goal_title=step.goal_title,
            pillar_number=step.pillar_number,
            pillar_title=step.pillar_title,
        )
        for demo in demo_activities.ACTIVITIES.get((step.goal_number, step.step_letter), []):
            demo_activities._add(copy, demo, users, by)
    for title, demos in demo_activities.ADDITIONAL:
        extra = services.improvement_create(jaarplan=jaarplan, title=title, by=by)
        for demo in demos:
            demo_activities._add(extra, demo, users, by)


@pytest.fixture
def demo_jaarplan(db, monkeypatch):
    """The demo tenant's jaarplan 2026-2027 with its activities, and a way to add as much again."""
    monkeypatch.setattr(SchoolYear, "current", classmethod(lambda cls: cls(2026)))
    tenant = seed_tenant()
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_users(tenant)
        seed_plan(tenant)
        jaarplan = jaarplan_generate(tenant=tenant, school_year=2026).jaarplan
        demo_activities.seed_activities(jaarplan)
    users = {u.email: u for u in User.objects.all()}

    def more(rounds: int) -> None:
        with scope(tenant=tenant):
            for _ in range(rounds):
                _round(jaarplan, users, users[BESTUURDER])

    return tenant, jaarplan, more


def _pages(tenant, jaarplan) -> list[tuple[str, str, dict, dict]]:
    """(what, url, GET data, headers) of every page this part shows."""
    detail = reverse(
        "jaarplan:jaarplan_detail", kwargs={"tenant_code": tenant.code, "jaarplan_id": jaarplan.pk}
    )
    with scope(tenant=tenant):
        pillar = Pillar.objects.filter(plan=jaarplan.plan).order_by("position").first()
    pillar_page = reverse(
        "plans:pillar_read",
        kwargs={"tenant_code": tenant.code, "plan_id": jaarplan.plan_id, "item_id": pillar.pk},
    )
    return [
        ("jaarplan", detail, {}, {}),
        ("jaarplan, gefilterd", detail, {"status": "loopt", "te_laat": "ja"}, {}),
        ("jaarplan, filter met htmx", detail, {"pijler": "1"}, HX_TREE),
        (
            "jaarplannen",
            reverse("jaarplan:jaarplan_list", kwargs={"tenant_code": tenant.code}),
            {},
            {},
        ),
        ("pijler 1 van het plan", pillar_page, {}, {}),
    ]


def _queries(client, url: str, data: dict, headers: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data, headers=headers).status_code == 200
    return len(captured.captured_queries)


def test_the_jaarplan_pages_ask_as_many_queries_for_ten_times_the_demo(
    demo_jaarplan, client, django_assert_max_num_queries
):
    """One test for all pages and both readers (the bestuurder sees the dashboard's indicators
    and every edit button; the zorgcoördinator the row actions of their own activities)."""
    tenant, jaarplan, more = demo_jaarplan
    readers = [User.objects.get(email=email) for email in (BESTUURDER, ZORG)]

    def counts() -> dict[tuple[str, str], int]:
        found = {}
        for user in readers:
            client.force_login(user)
            for what, url, data, headers in _pages(tenant, jaarplan):
                found[what, user.email] = _queries(client, url, data, headers)
        return found

    demo = counts()
    with scope(tenant=tenant):
        activities_before = Activity.objects.filter(jaarplan=jaarplan).count()
    more(9)
    with scope(tenant=tenant):
        assert Activity.objects.filter(jaarplan=jaarplan).count() == 10 * activities_before
    grown = {key: n for key, n in counts().items() if n > demo[key]}
    assert not grown, f"more queries with ten times the demo (page, user: queries): {grown}"
    # The same bound, said the way the brief asks it: for the page itself, as the bestuurder.
    client.force_login(readers[0])
    what, url, data, headers = _pages(tenant, jaarplan)[0]
    with django_assert_max_num_queries(demo[what, BESTUURDER]):
        assert client.get(url, data, headers=headers).status_code == 200


# --- The kwaliteitskalender page ------------------------------------------------------------
# Part "calendar" fills this section: the kwaliteitskalender of the demo tenant (seed 002's
# items, ``demo_calendar.seed_calendar``) and ten times as many items, with their occurrences
# and the portal's own ticks, through ``jaarplan:calendar`` as the bestuurder and a reader.
# Follow the test above: count the queries of the demo's data, add nine rounds, and assert that
# no page asks more (``django_assert_max_num_queries`` with the first count as the bound).
