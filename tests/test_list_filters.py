"""Every list page answers a filter change sent by htmx with its results partial (issue #11,
defect 2: four lists answered 500, ``TemplateDoesNotExist: …#results``).

The lists are found in the URL conf (every view that subclasses ``TenantListView``), so a new
list joins this test by itself; each is asked by every role that may open it, once per filter
field with a value the form itself offers.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import resolve, reverse
from django_scopes import scope

from monitoring.tests.factories import adopted_plan
from referrals.tests.factories import make_absence, make_opp
from swvportal.accounts.permissions import CAPABILITIES
from swvportal.core.views_list import TenantListView
from swvportal.jobs.models import Job
from tests.urlcrawl import all_routes

TENANT = "VOA001"


def _list_routes() -> list[tuple[str, type[TenantListView]]]:
    found = []
    for route in all_routes():
        if route.params != ("tenant_code",):
            continue
        view = getattr(
            resolve(reverse(route.name, kwargs={"tenant_code": TENANT})).func, "view_class", None
        )
        if view is not None and issubclass(view, TenantListView):
            found.append((route.name, view))
    return found


LISTS = [
    (name, role)
    for name, view in _list_routes()
    for role in sorted(CAPABILITIES[view.capability].roles)
]


class _FilterForm(HTMLParser):
    """The fields of ``form.filter-form`` with one value each: the first real option of a
    select, a sample for a text or date field."""

    SAMPLES = {"date": "01-09-2025", "text": "a", "search": "a", "number": "1"}

    def __init__(self):
        super().__init__()
        self.inside = False
        self.select: str | None = None
        self.values: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "filter-form" in (a.get("class") or ""):
            self.inside = True
        elif not self.inside:
            return
        elif tag == "select":
            self.select = a["name"]
        elif tag == "option" and self.select and a.get("value") and self.select not in self.values:
            self.values[self.select] = a["value"]
        elif tag == "input" and a.get("type", "text") in self.SAMPLES:
            self.values[a["name"]] = self.SAMPLES[a.get("type", "text")]

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.inside = False


def _filter_values(html: str) -> dict[str, str]:
    parser = _FilterForm()
    parser.feed(html)
    return parser.values


@pytest.fixture
def records(world):
    """A row in each list, so the partial renders cells and not only its empty text."""
    by = world.user("bestuurder")
    adopted_plan(world.tenant_a, 2026)
    with scope(tenant=world.tenant_a):
        make_absence(world.school_a1, by=by)
        make_opp(world.school_a1, by=by)
        for role in ("bestuurder", "zorgcoordinator"):
            Job.objects.create(tenant=world.tenant_a, kind="x", created_by=world.user(role))


def test_the_list_views_are_found_in_the_url_conf():
    names = {name for name, _ in _list_routes()}
    assert {"referrals:absence_list", "referrals:opp_list", "plans:plan_list"} <= names
    assert "documents:document_list" in names


@pytest.mark.parametrize(("name", "role"), LISTS, ids=[f"{n}-{r}" for n, r in LISTS])
def test_a_filter_change_by_htmx_answers_the_results_partial(world, login, records, name, role):
    client = login(world.user(role))
    url = reverse(name, kwargs={"tenant_code": TENANT})
    page = client.get(url)
    assert page.status_code == 200
    values = _filter_values(page.content.decode())
    assert values, f"{name} shows no filter form"
    for field, value in values.items():
        response = client.get(url, {field: value}, HTTP_HX_REQUEST="true")
        body = response.content.decode()
        assert response.status_code == 200, f"{name} with {field}={value}: {response.status_code}"
        assert "<html" not in body and "<h1" not in body, f"{name} answered the whole page"
        assert "<table" in body and 'class="table-wrap"' in body
