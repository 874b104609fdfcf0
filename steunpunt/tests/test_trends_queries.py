"""The overview, the trends list and a trend ask as many queries for 30 contacts or trends as for
3: the counts are grouped queries, never one per theme, month or row."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import Contact
from .builders import a_contact, a_theme, a_trend

B, T = Role.BESTUURDER, Role.TOEZICHT


def _fill(world, n: int, *, start: int = 0):
    """``n`` contacts over the months of this school year, each with two of ten themes, a
    follow-up and as a signal, and ``n`` trends with a theme; the last trend gets every signal
    that has a trend (so a trend's page grows with the data too)."""
    today = timezone.localdate()
    first = datetime.date(today.year if today.month >= 8 else today.year - 1, 8, 1)
    themes = [a_theme(world.tenant_a, f"Thema {i}", i) for i in range(10)]
    trend = None
    for i in range(start, start + n):
        contact = a_contact(
            world.tenant_a,
            received_on=max(today - datetime.timedelta(days=29 * (i % 11)), first),
            themes=[themes[i % 10], themes[(i + 3) % 10]],
            school=world.school_a1 if i % 2 else None,
            follow_up_needed=True,
            follow_up_by=today - datetime.timedelta(days=i % 5),
            is_signal=True,
        )
        trend = a_trend(world.tenant_a, title=f"Trend {i}", signals=[contact] if i % 2 else [])
        a_contact(world.tenant_a, is_signal=True, themes=[themes[i % 10]])  # "Signaal toevoegen"
        with scopes_disabled():
            trend.themes.set([themes[i % 10], themes[(i + 1) % 10]])
    with scopes_disabled():
        Contact.objects.filter(tenant=world.tenant_a, trend__isnull=False).update(trend=trend)
    return trend


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", [B, T])
@pytest.mark.parametrize("page", ["overview", "trend_list", "trend_detail"])
def test_a_page_asks_as_many_queries_for_ten_times_the_data(
    world, login, django_assert_max_num_queries, role, page
):
    client = login(world.user(role))

    def url(trend):
        kwargs = {"tenant_code": world.tenant_a.code}
        if page == "trend_detail":
            kwargs["trend_id"] = trend.pk
        return reverse(f"steunpunt:{page}", kwargs=kwargs)

    bound = _count(client, url(_fill(world, 3)))
    large = _fill(world, 27, start=3)
    with scopes_disabled():
        assert Contact.objects.filter(tenant=world.tenant_a).count() == 60
        if page == "trend_detail":
            assert large.signals.count() == 15
    with django_assert_max_num_queries(bound):
        assert client.get(url(large)).status_code == 200
