"""Issue #10, item 7 (monitoring): every date the dashboard reads is bounded, with a Dutch
message, and "Herbereken nu" accepts only the tenant's peildata within the plan's period."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from monitoring.jobs import compute_start
from monitoring.models import Measurement
from plans.models import Plan
from swvportal.jobs.models import Job
from tests.conftest import eager_tasks  # noqa: F401  (fixture)

TODAY = datetime.date(2026, 12, 1)


def _url(name: str) -> str:
    return reverse(f"monitoring:{name}", kwargs={"tenant_code": "VOA001"})


@pytest.fixture
def today(monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    return TODAY


@pytest.fixture
def plan_a(world):
    """An adopted plan for the school years 2026-2027 … 2029-2030."""
    with scopes_disabled():
        return Plan.objects.create(
            tenant=world.tenant_a,
            title="Ondersteuningsplan",
            period_start=2026,
            status="vastgesteld",
        )


@pytest.mark.parametrize(
    "raw", ["0001-01-01", "1899-12-31", "9999-12-31", "2026-13-01", "gisteren"]
)
@pytest.mark.parametrize("page", ["dashboard", "dashboard_export"])
def test_it_answers_a_bad_or_far_peildatum_in_dutch_without_an_error(world, login, raw, page):
    client = login(world.user("toezicht"))
    response = client.get(_url(page), {"peildatum": raw})
    assert response.status_code in (200, 400)
    body = response.content.decode() if page == "dashboard" or response.status_code == 400 else ""
    if page == "dashboard":
        assert response.status_code == 200
        assert "Deze peildatum kan niet" in body
    else:
        assert response.status_code == 400
        assert "Deze peildatum kan niet" in body and "<html" in body


def test_it_answers_a_far_peildatum_on_the_indicator_page_without_an_error(world, login):
    from monitoring.tests.factories import THUIS, make

    indicator = make(world.tenant_a, "Thuiszitters", **THUIS)
    url = reverse(
        "monitoring:indicator_detail",
        kwargs={"tenant_code": "VOA001", "indicator_id": indicator.pk},
    )
    response = login(world.user("toezicht")).get(url, {"peildatum": "0001-01-01"})
    assert response.status_code == 200
    assert "Deze peildatum kan niet" in response.content.decode()


def test_it_refuses_to_recompute_a_date_that_is_no_peildatum_of_the_plan(
    world, login, today, plan_a
):
    client = login(world.user("bestuurder"))
    for raw in ("1900-01-01", "2024-10-01", "2026-11-15", "0001-01-01"):
        response = client.post(_url("compute"), {"peildatum": raw}, follow=True)
        assert response.status_code == 200
        assert "Kies een peildatum uit de lijst" in response.content.decode()
    with scopes_disabled():
        assert not Job.objects.filter(kind="monitoring.compute").exists()
        assert not Measurement.objects.exists()


def test_the_service_refuses_a_peildatum_outside_the_plans_period(world, today, plan_a):
    with scope(tenant=world.tenant_a):
        for day in (datetime.date(1900, 10, 1), datetime.date(2025, 10, 1)):
            with pytest.raises(ValidationError, match="Kies een peildatum uit de lijst"):
                compute_start(tenant=world.tenant_a, peildatum=day)
        with pytest.raises(ValidationError, match="voorlopig"):
            compute_start(tenant=world.tenant_a, peildatum=datetime.date(2026, 10, 1),
                          provisional=True)  # fmt: skip
        assert compute_start(tenant=world.tenant_a, peildatum=datetime.date(2026, 10, 1))
        assert compute_start(tenant=world.tenant_a, peildatum=TODAY, provisional=True)


def test_it_refuses_every_official_peildatum_without_a_plan(world, today):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="ondersteuningsplan"):
        compute_start(tenant=world.tenant_a, peildatum=datetime.date(2026, 10, 1))


def test_the_form_offers_exactly_the_plans_peildata_up_to_today_and_today(
    world, login, today, plan_a
):
    page = login(world.user("bestuurder")).get(_url("dashboard")).content.decode()
    form = page.split('id="compute-peildatum"')[1].split("</select>")[0]
    values = [part.split('"')[1] for part in form.split("value=")[1:]]
    # 1 Oct and 1 Mar are the defaults; the plan starts in school year 2026-2027.
    assert values == ["vandaag", "2026-10-01"]


def test_herbereken_nu_computes_an_offered_peildatum(
    world,
    login,
    today,
    plan_a,
    django_capture_on_commit_callbacks,
    eager_tasks,  # noqa: F811
):
    client = login(world.user("bestuurder"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url("compute"), {"peildatum": "2026-10-01"})
    with scopes_disabled():
        assert Job.objects.get(kind="monitoring.compute").status == Job.Status.DONE
