"""Tenant isolation, crawled: every URL pattern, as every role of tenant A, aimed at tenant B.

A new view joins automatically. If it takes a URL parameter this crawl does not know, the test
fails and asks for B's value of that parameter in ``b_values`` below.
"""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from django_scopes import scopes_disabled

from conftest import MARKER_B
from swvportal.jobs.models import Job
from swvportal.tenancy.models import School
from tests.urlcrawl import all_routes

PERSONAS = ["bestuurder", "loket", "zorgcoordinator", "toezicht", "inspectie"]


def b_values(world) -> dict[str, object]:
    """Tenant B's value for every URL parameter name used anywhere in the project."""
    with scopes_disabled():
        job_b = Job.objects.create(
            tenant=world.tenant_b, kind="test", created_by=world.user("outsider")
        )
    return {
        "tenant_code": world.tenant_b.code,
        "school_id": world.school_b1.pk,
        "job_id": job_b.pk,
        # Third-party routes (admin, allauth): not tenant data, but crawled all the same.
        "object_id": world.school_b1.pk,
        "id": world.user("outsider").pk,  # the admin's password-change page of a user
        "app_label": "tenancy",
        "content_type_id": 1,
        "key": "x",
        "uidb36": "x",
        "token": "x-x",
        "url": "x",
    }


def _url(route, values: dict) -> str | None:
    try:
        return reverse(route.name, kwargs={p: values[p] for p in route.params})
    except NoReverseMatch:
        return None  # e.g. admin patterns for another app_label: covered by their own entry


def _snapshot_b(world) -> list:
    with scopes_disabled():
        return list(School.objects.filter(tenant=world.tenant_b).values_list("pk", "name", "brin"))


@pytest.fixture
def crawl(world):
    values = b_values(world)
    routes = all_routes()
    unknown = {p for r in routes for p in r.params} - set(values)
    assert not unknown, f"Add tenant B's value for URL parameter(s) {unknown} to b_values()."
    # Tenant A's code with tenant B's object ids: the scoped lookups must not find them.
    mixed = {**values, "tenant_code": world.tenant_a.code}
    return routes, values, mixed


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_role_of_a_reaches_b_through_any_url(world, login, crawl, persona):
    routes, b_urls_values, mixed_values = crawl
    before = _snapshot_b(world)
    user = world.user(persona)
    client = login(user)
    checked = 0
    for route in routes:
        for values, variant in ((b_urls_values, "B"), (mixed_values, "A-code+B-ids")):
            url = _url(route, values)
            if url is None:
                continue
            for method in ("get", "post"):
                client.force_login(user)  # the crawl also posts to the logout URL
                response = getattr(client, method)(url)
                checked += 1
                body = response.content.decode(errors="replace")
                assert MARKER_B not in body, f"{persona} {method} {url} showed tenant B's data"
                if route.is_tenant_route and variant == "B":
                    assert response.status_code == 403, (persona, method, url, response.status_code)
                if route.is_tenant_route and variant != "B" and len(route.params) > 1:
                    assert response.status_code in (403, 404, 405), (persona, method, url)
    assert _snapshot_b(world) == before, "a request of tenant A changed tenant B's data"
    assert checked > 50


def test_anonymous_requests_to_tenant_pages_go_to_login(world, client, crawl):
    routes, values, mixed = crawl
    for route in [r for r in routes if r.is_tenant_route]:
        for vals in (values, mixed):
            response = client.get(_url(route, vals))
            assert response.status_code == 302, route.name
            assert response["Location"].startswith(reverse("account_login")), route.name


def test_the_outsider_sees_only_its_own_tenant(world, login):
    client = login(world.user("outsider"))
    response = client.get(reverse("tenancy:school_list", kwargs={"tenant_code": "VOB001"}))
    assert response.status_code == 200
    assert MARKER_B in response.content.decode()
    assert "Alfa College" not in response.content.decode()
