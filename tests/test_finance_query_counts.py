"""The begroting's pages ask as many queries for a begroting ten times the demo's as for the
demo's own (issue 15): the version page as the bestuurder on a concept (with every control) and
as toezicht on a vastgestelde version, for the 14 lines of Bijlage 3 and for ten rounds of them
with sub-lines under the programma's. Other parts add their pages' tests below, in their own
sections."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scopes_disabled

from finance import services
from finance.demo import BIJLAGE_3, YEARS
from finance.models import BudgetLine, LineGroup, LineSource
from finance.tests.builders import record_required_steps

# --- Part "pages": the version page ---------------------------------------------------------


def _begroting(tenant, *, rounds: int, adopted: bool, by):
    """Bijlage 3's 14 lines ``rounds`` times (the later rounds with two sub-lines under each
    programma) and one vangnet line, so every query path of the table is there."""
    with scopes_disabled():
        begroting = services.begroting_create(
            tenant=tenant, first_year=YEARS[0], last_year=YEARS[-1], opening_reserve=512_000
        )
        for round_ in range(rounds):
            for group, title, forecast, amounts in BIJLAGE_3:
                line = services.line_create(
                    begroting=begroting,
                    group=group,
                    title=f"{title} ({round_ + 1})",
                    forecast=forecast,
                    amounts=dict(zip(YEARS, amounts, strict=True)),
                    by=by,
                )
                if round_ and group == LineGroup.PROGRAMMES:
                    for post in ("personeel", "materieel"):
                        services.line_create(
                            begroting=begroting,
                            group=group,
                            parent=line,
                            title=f"{title}: {post}",
                            by=by,
                        )
        services.line_create(
            begroting=begroting,
            group=LineGroup.PROGRAMMES,
            title="Vangnet",
            source=LineSource.VANGNET,
            by=by,
        )
        if adopted:
            record_required_steps(begroting, by)
            begroting = services.begroting_adopt(begroting=begroting, by=by)
        return begroting


def _queries(client, begroting) -> int:
    url = reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk},
    )
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(("role", "adopted"), [("bestuurder", False), ("toezicht", True)])
def test_the_version_page_asks_as_many_queries_for_ten_times_the_lines(
    world, login, django_assert_max_num_queries, role, adopted
):
    by = world.user("bestuurder")
    small = _begroting(world.tenant_a, rounds=1, adopted=adopted, by=by)
    large = _begroting(world.tenant_a, rounds=10, adopted=adopted, by=by)
    with scopes_disabled():
        assert BudgetLine.objects.filter(begroting=small).count() == 15
        assert BudgetLine.objects.filter(begroting=large).count() == 10 * 14 + 9 * 5 * 2 + 1
    client = login(world.user(role))
    bound = _queries(client, small)
    with django_assert_max_num_queries(bound):
        body = client.get(
            reverse(
                "finance:begroting_detail",
                kwargs={"tenant_code": large.tenant.code, "begroting_id": large.pk},
            )
        ).content.decode()
    assert ("Bedragen wijzigen" in body) is not adopted  # the controls were part of the count
