"""The pages of part "reports" ask as many queries for 140 budget lines as for the demo's 14
(issue #15, acceptance): the managementrapportage (with realisation and an own prognosis), the
list of periods, the prognosis form and the version page with its reserves, realisation and
forecast panels."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from finance import reports, services
from finance.demo import BIJLAGE_3, YEARS
from finance.models import Period
from finance.tests.builders import a_begroting, record_required_steps
from finance.tests.reports_files import dataset
from referrals.tests.loket.builders import a_decision, a_request


def _world(world, rounds: int):
    """An adopted begroting 2025–2029 with the demo's 14 lines ``rounds`` times, Q3 2026's
    realisation for every line, one own prognosis, and a few TLVs for the forecast."""
    lines = [
        (group, title if n == 0 else f"{title} ({n})", amounts)
        for n in range(rounds)
        for group, title, _forecast, amounts in BIJLAGE_3
    ]
    begroting = a_begroting(world.tenant_a, years=YEARS, lines=lines)
    with scopes_disabled():
        first = services.BudgetLine.objects.filter(begroting=begroting).order_by("pk")
        for line in first.filter(title__startswith="Afdracht ondersteuningsbekostiging vso"):
            services.line_update(line=line, data={"forecast": "vso_afdracht"})
        record_required_steps(begroting)
        begroting = services.begroting_adopt(begroting=begroting)
    rows = [(title, amounts[1] * 3 // 4) for _group, title, amounts in lines]
    with scope(tenant=world.tenant_a):
        reports.realisation_import(
            begroting=begroting, year=2026, period=Period.Q3, dataset=dataset(rows), commit=True
        )
        line = first.first()
        reports.prognosis_set(line=line, year=2026, period=Period.Q3, amount=1, note="Eigen.")
    for _n in range(rounds):
        a_decision(
            a_request(world.school_a1),
            start_date=datetime.date(2024, 8, 1),
            end_date=datetime.date(2027, 7, 31),
        )
    return begroting, line


def _pages(begroting, line) -> list[tuple[str, dict]]:
    code = begroting.tenant.code
    report = {"tenant_code": code, "report_year": 2026, "period": "q3"}
    return [
        (reverse("finance:report", kwargs=report), {}),
        (reverse("finance:report_list", kwargs={"tenant_code": code}), {}),
        (reverse("finance:prognosis", kwargs={**report, "report_line_id": line.pk}), {}),
        (
            reverse("finance:prognosis", kwargs={**report, "report_line_id": line.pk}),
            {"HX-Request": "true"},
        ),
        (
            reverse(
                "finance:begroting_detail",
                kwargs={"tenant_code": code, "begroting_id": begroting.pk},
            ),
            {},
        ),
    ]


def _counts(client, begroting, line) -> list[int]:
    counts = []
    for url, headers in _pages(begroting, line):
        client.get(url, headers=headers)  # settings made on first use are not the page's cost
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        counts.append(len(captured))
    return counts


@pytest.mark.django_db
def test_the_report_pages_ask_as_many_queries_for_140_lines_as_for_14(world, login):
    client = login(world.user("bestuurder"))
    small = _counts(client, *_world(world, 1))
    with scopes_disabled():
        services.Begroting.objects.filter(tenant=world.tenant_a).delete()
    large = _counts(client, *_world(world, 10))
    assert large == small


def test_the_report_runs_a_bounded_number_of_queries(world, login, django_assert_max_num_queries):
    _world(world, 10)
    client = login(world.user("bestuurder"))
    url = reverse(
        "finance:report", kwargs={"tenant_code": "VOA001", "report_year": 2026, "period": "q3"}
    )
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
