"""The Loket's money: the cost of a TLV in a calendar year (pro rata by days), who carries it,
the amounts per year, and the selector the budget and the vangnet read (``tlv_costs``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope

from referrals.models import Category, CategoryAmount, TlvKind
from referrals.selectors import tlv_costs
from referrals.services import loket_register as money
from referrals.tests.loket.builders import a_decision, a_request, settings_for
from swvportal.tenancy.tests.factories import SchoolFactory

d = datetime.date
VSO_LOW = money.AmountKey(TlvKind.VSO, Category.LOW)


@pytest.mark.parametrize(
    ("start", "end", "year", "days"),
    [
        pytest.param(d(2026, 1, 1), d(2026, 12, 31), 2026, 365, id="the-whole-year"),
        pytest.param(d(2025, 8, 1), d(2026, 7, 31), 2026, 212, id="ends-31-july"),
        pytest.param(d(2026, 8, 1), d(2027, 7, 31), 2026, 153, id="starts-1-august"),
        pytest.param(d(2026, 12, 31), d(2027, 7, 31), 2026, 1, id="starts-on-the-last-day"),
        pytest.param(d(2025, 8, 1), d(2026, 1, 1), 2026, 1, id="ends-on-the-first-day"),
        pytest.param(d(2024, 1, 1), d(2024, 12, 31), 2024, 366, id="a-leap-year"),
        pytest.param(d(2025, 8, 1), d(2025, 12, 31), 2026, 0, id="ended-before-the-year"),
        pytest.param(d(2027, 1, 1), d(2027, 7, 31), 2026, 0, id="starts-after-the-year"),
        pytest.param(d(2024, 8, 1), d(2028, 7, 31), 2026, 365, id="runs-through-the-year"),
    ],
)
def test_the_days_a_tlv_runs_in_a_calendar_year_count_both_ends(start, end, year, days):
    assert money.year_overlap_days(start, end, year) == days


@pytest.mark.parametrize(
    ("amount", "days", "year", "cost"),
    [
        pytest.param("36500.00", 365, 2026, "36500.00", id="whole-year-whole-amount"),
        pytest.param("36500.00", 212, 2026, "21200.00", id="january-to-july"),
        pytest.param("36500.00", 153, 2026, "15300.00", id="august-to-december"),
        pytest.param("36600.00", 1, 2024, "100.00", id="one-day-of-a-leap-year"),
        pytest.param("10000.00", 1, 2026, "27.40", id="rounded-to-cents-half-up"),
        pytest.param("10000.00", 0, 2026, "0.00", id="no-days-no-cost"),
    ],
)
def test_the_cost_is_the_amount_pro_rata_by_days(amount, days, year, cost):
    assert money.pro_rata(Decimal(amount), days, year) == Decimal(cost)


@pytest.mark.parametrize(
    ("kind", "cluster", "rule", "carrier"),
    [
        pytest.param(TlvKind.VSO, 3, (False, True), money.SWV, id="refsvo-cluster-3-swv"),
        pytest.param(TlvKind.VSO, 4, (False, True), money.SCHOOL, id="refsvo-cluster-4-school"),
        pytest.param(TlvKind.VSO, 3, (True, True), money.SCHOOL, id="both-to-school-cluster-3"),
        pytest.param(TlvKind.VSO, 4, (False, False), money.SWV, id="swv-carries-all-cluster-4"),
        pytest.param(TlvKind.VSO, 3, (True, False), money.SCHOOL, id="only-cluster-3-to-school"),
        pytest.param(TlvKind.VSO, 4, (True, False), money.SWV, id="then-cluster-4-swv"),
        pytest.param(TlvKind.PRO, None, (True, True), money.SWV, id="pro-always-swv"),
        pytest.param(TlvKind.LWOO, None, (True, True), money.SWV, id="lwoo-always-swv"),
    ],
)
def test_the_cost_rule_says_who_carries_the_cost(world, kind, cluster, rule, carrier):
    settings = settings_for(
        world.tenant_a, charge_cluster_3_to_school=rule[0], charge_cluster_4_to_school=rule[1]
    )
    assert money.carried_by(kind, cluster, settings) == carrier


def test_amounts_of_a_year_are_saved_changed_and_removed(world):
    tenant = world.tenant_a
    pro = money.AmountKey(TlvKind.PRO)
    with scope(tenant=tenant):
        assert (
            money.category_amounts_save(
                tenant=tenant, year=2026, amounts={VSO_LOW: Decimal("12000"), pro: Decimal("9000")}
            )
            == 2
        )
        money.category_amounts_save(
            tenant=tenant, year=2026, amounts={VSO_LOW: Decimal("12500"), pro: None}
        )
        assert money.amounts_of_year(tenant=tenant, year=2026) == {VSO_LOW: Decimal("12500")}
        assert money.amounts_of_year(tenant=tenant, year=2027) == {}


@pytest.mark.parametrize(
    ("year", "amount", "message"),
    [
        pytest.param(1999, "1", "Kies een kalenderjaar", id="year-too-early"),
        pytest.param(2026, "-1", "Vul een bedrag in", id="negative"),
        pytest.param(2026, "1000000", "Vul een bedrag in", id="a-million"),
    ],
)
def test_impossible_amounts_are_refused_in_dutch(world, year, amount, message):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match=message):
        money.category_amounts_save(
            tenant=world.tenant_a, year=year, amounts={VSO_LOW: Decimal(amount)}
        )


def _amounts(tenant, year=2026, **values):
    for (kind, category), amount in {
        (TlvKind.VSO, Category.LOW): "36500",
        (TlvKind.VSO, Category.MIDDLE): "73000",
        (TlvKind.PRO, ""): "18250",
        **values,
    }.items():
        CategoryAmount.objects.create(
            tenant=tenant, year=year, kind=kind, category=category, amount=Decimal(amount)
        )


def _granted(school, start, end, *, cluster=4, category=Category.LOW, kind=TlvKind.VSO):
    tlv = a_request(school, kind=kind, cluster=cluster, requested_category=category)
    return a_decision(tlv, start_date=start, end_date=end, category=category)


def test_tlv_costs_per_school_and_category_by_hand(world):
    tenant, a1, a2 = world.tenant_a, world.school_a1, world.school_a2
    settings_for(tenant)  # RefSVO: cluster 3 by the SWV, cluster 4 by the school
    with scope(tenant=tenant):
        _amounts(tenant)
    _granted(a1, d(2025, 8, 1), d(2026, 7, 31), cluster=4)  # 212 days of 2026
    _granted(a1, d(2026, 8, 1), d(2027, 7, 31), cluster=4)  # 153 days
    _granted(a1, d(2026, 8, 1), d(2027, 7, 31), cluster=3, category=Category.MIDDLE)  # 153
    _granted(a2, d(2024, 8, 1), d(2028, 7, 31), kind=TlvKind.PRO, cluster=None, category="")
    _granted(a2, d(2024, 8, 1), d(2025, 7, 31))  # ended before 2026: not counted
    refused = a_request(a2)
    a_decision(refused, granted=False)
    old = _granted(a2, d(2026, 1, 1), d(2026, 12, 31))
    replacement = _granted(a2, d(2026, 2, 1), d(2026, 12, 31))  # corrects ``old``: 334 days
    with scope(tenant=tenant):
        type(old).objects.filter(pk=replacement.pk).update(replaces=old)
        costs = tlv_costs(tenant=tenant, year=2026)
    found = {(c.school_brin, c.label): (c.tlvs, c.days, c.cost, c.carried_by) for c in costs}
    assert found == {
        ("11AA00", "VSO laag (categorie 1) (cluster 4)"): (2, 365, Decimal("36500.00"), "school"),
        ("11AA00", "VSO midden (categorie 2) (cluster 3)"): (1, 153, Decimal("30600.00"), "swv"),
        ("11AB00", "PrO"): (1, 365, Decimal("18250.00"), "swv"),
        ("11AB00", "VSO laag (categorie 1) (cluster 4)"): (1, 334, Decimal("33400.00"), "school"),
    }


def test_a_category_without_an_amount_has_no_cost(world):
    _granted(world.school_a1, d(2026, 1, 1), d(2026, 12, 31), category=Category.HIGH)
    with scope(tenant=world.tenant_a):
        _amounts(world.tenant_a)
        (cost,) = tlv_costs(tenant=world.tenant_a, year=2026)
    assert (cost.tlvs, cost.amount, cost.cost) == (1, None, None)


def test_tlv_costs_run_one_grouped_query_whatever_the_schools_and_tlvs(
    world, django_assert_max_num_queries
):
    tenant = world.tenant_a

    def grow(n: int) -> None:
        for _ in range(n):
            school = SchoolFactory(tenant=tenant)
            _granted(school, d(2025, 8, 1), d(2026, 7, 31))
            _granted(school, d(2026, 8, 1), d(2027, 7, 31), cluster=3)

    with scope(tenant=tenant):
        _amounts(tenant)
        settings_for(tenant)
    grow(2)
    with scope(tenant=tenant), django_assert_max_num_queries(3):
        assert len(tlv_costs(tenant=tenant, year=2026)) == 4
    grow(18)
    with scope(tenant=tenant), django_assert_max_num_queries(3):
        assert len(tlv_costs(tenant=tenant, year=2026)) == 40
