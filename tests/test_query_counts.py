"""A page's query count does not grow with the data."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from swvportal.accounts.tests.factories import MembershipFactory
from swvportal.jobs.models import Job
from swvportal.tenancy.tests.factories import SchoolFactory

PAGES = [
    "tenancy:school_list",
    "accounts:member_list",
    "audit:entry_list",
    "jobs:job_list",
    "core:tenant_home",
]


def _grow(world, n: int) -> None:
    with scopes_disabled():
        schools = SchoolFactory.create_batch(n, tenant=world.tenant_a)
        for i in range(n):
            MembershipFactory(
                tenant=world.tenant_a, role="zorgcoordinator", schools=schools[i : i + 2]
            )
            Job.objects.create(tenant=world.tenant_a, kind="x", created_by=world.user("bestuurder"))


def _count(client, django_assert_max_num_queries, url, limit=100) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", PAGES)
def test_page_queries_do_not_grow_with_rows(world, login, page, django_assert_max_num_queries):
    client = login(world.user("bestuurder"))
    url = reverse(page, kwargs={"tenant_code": "VOA001"})
    _grow(world, 3)
    small = _count(client, django_assert_max_num_queries, url)
    _grow(world, 40)  # more than a page of 25
    with django_assert_max_num_queries(small):
        assert client.get(url).status_code == 200
