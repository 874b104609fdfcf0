"""Every list of the Loket asks the same number of queries for the demo's data as for ten times
as much: the demo's five school years of TLVs, its meetings, objections and referrals, seeded
once and then nine times more."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from referrals import demo_loket
from referrals.models import LoketMeeting, TlvRequest
from swvportal.accounts.demo import seed_users
from swvportal.accounts.models import User
from swvportal.tenancy.demo import seed_schools, seed_tenant

# (page, demo user): each list as the role that works with it.
LISTS = [
    ("loket:request_list", "loket@refsvo.example"),
    ("loket:request_list", "zorg@refsvo.example"),
    ("loket:request_list", "deskundige@refsvo.example"),
    ("loket:request_list", "bestuurder@refsvo.example"),
    ("loket:advice_list", "deskundige@refsvo.example"),
    ("loket:deskundige_list", "loket@refsvo.example"),
    ("loket:meeting_list", "loket@refsvo.example"),
    ("loket:meeting_detail", "loket@refsvo.example"),
    ("loket:objection_list", "loket@refsvo.example"),
    ("loket:expiring_list", "loket@refsvo.example"),
    ("loket:expiring_list", "zorg@refsvo.example"),
    ("loket:referral_list", "loket@refsvo.example"),
    ("loket:conversation_list", "loket@refsvo.example"),
    ("loket:register", "loket@refsvo.example"),
    ("loket:register", "zorg@refsvo.example"),
    ("loket:amount_list", "loket@refsvo.example"),
]


@pytest.fixture
def demo_loket_data(db):
    """The demo tenant with its schools, users and the Loket's demo data, and a way to add the
    same history again (each round a full copy: requests, advices, decisions, meetings …)."""
    tenant = seed_tenant()
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_users(tenant)
        context = demo_loket._context(tenant)
        demo_loket._seed(context)

    def more(rounds: int) -> None:
        with scope(tenant=tenant):
            for _ in range(rounds):
                demo_loket._seed(context)

    return tenant, more


def _url(tenant, page: str) -> str:
    kwargs = {"tenant_code": tenant.code}
    if page == "loket:meeting_detail":
        with scope(tenant=tenant):  # the latest meeting: its agenda grows with every round
            kwargs["meeting_id"] = LoketMeeting.objects.order_by("-held_on", "-pk").first().pk
    return reverse(page, kwargs=kwargs)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_every_loket_list_asks_as_many_queries_for_ten_times_the_demo(demo_loket_data, client):
    """One test for all lists: seeding ten rounds of the demo's history takes its time."""
    tenant, more = demo_loket_data
    users = {email: User.objects.get(email=email) for _, email in LISTS}

    def counts() -> dict[tuple[str, str], int]:
        found = {}
        for page, email in LISTS:
            client.force_login(users[email])
            found[page, email] = _queries(client, _url(tenant, page))
        return found

    demo = counts()
    with scope(tenant=tenant):
        requests_before = TlvRequest.objects.count()
    more(9)
    with scope(tenant=tenant):
        assert TlvRequest.objects.count() == 10 * requests_before
    grown = {key: n for key, n in counts().items() if n > demo[key]}
    assert not grown, f"more queries with ten times the demo (page, user: queries): {grown}"
