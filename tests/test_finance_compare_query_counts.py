"""The begroting's comparison and its status panel ask as many queries for 140 lines as for 14
(issue 15, acceptance: budget pages run a constant number of queries for the demo's data and
ten times as many lines).

Three versions of tenant A, each made through the services: an adopted 1.0 with ``n`` lines
(a tenth of them with two sub-lines) over 2025–2029; 1.1, adopted, with one amount changed,
one line gone and one line new, so every kind of row of the comparison is there; and 1.2, a
concept with one more change. The inspectie compares 1.1 with 1.0.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from finance import services
from finance.models import Begroting, BudgetLine, LineGroup
from finance.tests.builders import a_concept_after, record_required_steps

GROUPS = (LineGroup.INCOME, LineGroup.TRANSFERS, LineGroup.PROGRAMMES)
YEARS = (2025, 2026, 2027, 2028, 2029)
B, T, INS = "bestuurder", "toezicht", "inspectie"


def _versions(tenant, n: int, by):
    """1.0 with ``n`` lines (and sub-lines under every tenth) and 1.1, adopted; 1.2 a concept."""
    with scope(tenant=tenant):
        begroting = services.begroting_create(tenant=tenant, first_year=2025, last_year=2029)
        income = n * 1000
        for i in range(n):
            group = GROUPS[0] if i < n // 2 else GROUPS[1 + i % 2]
            amounts = dict.fromkeys(YEARS, income if i == 0 else 1000)
            line = services.line_create(
                begroting=begroting, group=group, title=f"Regel {i}", amounts=amounts, by=by
            )
            if i % 10 == 5:
                for sub in ("a", "b"):
                    services.line_create(
                        begroting=begroting,
                        group=group,
                        parent=line,
                        title=f"Post {i}{sub}",
                        amounts=dict.fromkeys(YEARS, 500),
                        by=by,
                    )
        record_required_steps(begroting, by)
        adopted = services.begroting_adopt(begroting=begroting, by=by)
    concept = a_concept_after(adopted, by=by)
    with scope(tenant=tenant):
        lines = BudgetLine.objects.filter(begroting=concept, parent=None).order_by("pk")
        services.amounts_set(line=lines[1], amounts={2026: 4321}, by=by)
        services.line_delete(line=lines[2], by=by)
        services.line_create(
            begroting=concept, group=GROUPS[2], title="Nieuw", amounts={2027: 99}, by=by
        )
        record_required_steps(concept, by)
        second = services.begroting_adopt(begroting=concept, by=by)
    concept = a_concept_after(second, by=by)
    with scope(tenant=tenant):
        line = BudgetLine.objects.filter(begroting=concept, parent=None).order_by("pk")[3]
        services.amounts_set(line=line, amounts={2028: 1234}, by=by)
    return adopted, second, concept


def _pages(tenant, adopted, second, concept) -> list[tuple[str, str, dict, dict, set]]:
    """(what, url, GET data, headers, roles) of the pages whose queries are counted."""

    def url(name: str, begroting) -> str:
        return reverse(name, kwargs={"tenant_code": tenant.code, "begroting_id": begroting.pk})

    both = {"oud": adopted.pk, "nieuw": concept.pk}
    return [
        ("vergelijken", url("finance:begroting_compare", concept), {}, {}, {B, T}),
        (
            "alleen verschillen",
            url("finance:begroting_compare", concept),
            {**both, "verschillen": "1"},
            {},
            {B, T},
        ),
        (
            "vergelijken (htmx)",
            url("finance:begroting_compare", concept),
            both,
            {"HX-Request": "true"},
            {B, T},
        ),
        ("vergelijken (inspectie)", url("finance:begroting_compare", second), {}, {}, {INS}),
        ("versie met statuspaneel", url("finance:begroting_detail", concept), {}, {}, {B, T}),
        ("vaststellen", url("finance:begroting_adopt", concept), {}, {}, {B}),
    ]


def _count(client, url: str, data: dict, headers: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data, headers=headers).status_code == 200
    return len(captured.captured_queries)


def _counts(world, client, n: int) -> dict[tuple[str, str], int]:
    with scope(tenant=world.tenant_a):
        services.settings_save(tenant=world.tenant_a, data={"reserve_ceiling": 600_000})
    versions = _versions(world.tenant_a, n, world.user(B))
    found = {}
    for what, url, data, headers, roles in _pages(world.tenant_a, *versions):
        for role in sorted(roles):
            client.force_login(world.user(role))
            found[what, role] = _count(client, url, data, headers)
    with scopes_disabled():  # the next round starts from an empty tenant
        Begroting.objects.filter(tenant=world.tenant_a).delete()
    return found


@pytest.mark.django_db
def test_the_comparison_asks_as_many_queries_for_140_lines_as_for_14(
    world, client, django_assert_max_num_queries
):
    demo = _counts(world, client, 14)
    ten_times = _counts(world, client, 140)
    grown = {key: (demo[key], n) for key, n in ten_times.items() if n > demo[key]}
    assert not grown, f"more queries with ten times the lines (page, role: 14 → 140): {grown}"
    # The same bound for the comparison itself, as the bestuurder: 1.0 against 1.2.
    adopted, _second, concept = _versions(world.tenant_a, 140, world.user(B))
    client.force_login(world.user(B))
    url = reverse(
        "finance:begroting_compare",
        kwargs={"tenant_code": world.tenant_a.code, "begroting_id": concept.pk},
    )
    with django_assert_max_num_queries(demo["alleen verschillen", B]):
        response = client.get(url, {"oud": adopted.pk, "nieuw": concept.pk})
    assert response.status_code == 200
    rows = [r for g in response.context["comparison"].groups for r in g.rows]
    assert len([r for r in rows if r.depth == 0]) == 141  # 140, one gone, one new
    assert {r.status for r in rows} == {"", "nieuw", "vervallen"}
