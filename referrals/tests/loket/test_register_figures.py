"""The Loket's computed figures: Bijlage 4's two referral rows and the new indicators, each one
grouped query for any number of tenants, checked against a hand count."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django_scopes import scope, scopes_disabled

from monitoring import display
from monitoring.models import Indicator, Measurement
from monitoring.services import catalogue_load
from referrals.calculations_loket import median
from referrals.models import (
    Category,
    ExternalReferral,
    Objection,
    SupplementRequest,
    TlvDecision,
    TlvKind,
)
from referrals.tests.loket.builders import a_decision, a_pupil, a_request, settings_for
from swvportal.core.calculations import compute_for

d = datetime.date
P = d(2026, 10, 1)  # the peildatum; the period is 02-10-2025 … 01-10-2026
FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _granted(school, decided_on, *, cluster=4, kind=TlvKind.VSO, category=Category.LOW, **kw):
    tlv = a_request(school, kind=kind, cluster=cluster, requested_category=category)
    return a_decision(
        tlv,
        decided_on=decided_on,
        category=category,
        start_date=kw.pop("start", decided_on),
        end_date=kw.pop("end", d(decided_on.year + 1, 7, 31)),
        **kw,
    )


def _referral(school, on):
    with scopes_disabled():
        return ExternalReferral.objects.create(
            tenant=school.tenant,
            school=school,
            pupil=a_pupil(school),
            referred_on=on,
            destination="Een school elders",
        )


@pytest.fixture
def referrals(world):
    """Tenant A: cluster-4 referrals 2 at A1 and 1 at A2 in the period; tenant B: 1."""
    a1, a2, b1 = world.school_a1, world.school_a2, world.school_b1
    _granted(a1, d(2025, 10, 2))  # the first day of the period
    _granted(a1, d(2026, 10, 1))  # its last day
    _granted(a1, d(2025, 10, 1))  # the day before: not counted
    _granted(a1, d(2026, 3, 1), cluster=3)  # cluster 3: not counted
    a_decision(a_request(a2), granted=False, decided_on=d(2026, 3, 1))  # refused: not counted
    old = _granted(a2, d(2026, 2, 1))
    new = _granted(a2, d(2026, 2, 15))  # corrects ``old``: the referral counts once
    with scopes_disabled():
        TlvDecision.objects.filter(pk=new.pk).update(replaces=old)
    _granted(b1, d(2026, 5, 1))
    for school, on in [(a1, d(2026, 1, 5)), (a2, d(2025, 12, 1)), (a2, d(2025, 9, 1)), (b1, P)]:
        _referral(school, on)
    return world


def _by_tenant(name, world):
    with scopes_disabled():
        results = compute_for(name, tenant_ids=[world.tenant_a.pk, world.tenant_b.pk], on=P)
    a, b = results[world.tenant_a.pk], results[world.tenant_b.pk]
    return a, b


def test_cluster_4_referrals_by_hand(referrals):
    world = referrals
    a, b = _by_tenant("verwijzingen_cluster_4", world)
    assert a.tenant.value == 3 and b.tenant.value == 1
    assert {s: f.value for s, f in a.per_school.items()} == {
        world.school_a1.pk: 2,
        world.school_a2.pk: 1,
    }


def test_external_referrals_by_hand(referrals):
    world = referrals
    a, b = _by_tenant("verwijzingen_extern", world)
    assert (a.tenant.value, b.tenant.value) == (2, 1)
    assert {s: f.value for s, f in a.per_school.items()} == {
        world.school_a1.pk: 1,
        world.school_a2.pk: 1,
    }


@pytest.mark.parametrize(
    "name",
    [
        "verwijzingen_cluster_4",
        "verwijzingen_extern",
        "tlvs_geldig",
        "binnen_behandeltermijn",
        "behandelduur_mediaan",
        "bezwaren",
    ],
)
def test_each_calculation_is_one_grouped_query_for_all_tenants(
    referrals, name, django_assert_max_num_queries
):
    world = referrals
    # The handling term is a tenant setting: one small query more reads it for all tenants.
    extra = 1 if name == "binnen_behandeltermijn" else 0
    with scopes_disabled(), django_assert_max_num_queries(1 + extra):
        compute_for(name, tenant_ids=[world.tenant_a.pk, world.tenant_b.pk], on=P)


def test_after_compute_indicators_the_two_referral_rows_of_bijlage_4_equal_a_hand_count(
    referrals,
):
    world = referrals
    with scope(tenant=world.tenant_a):
        for name in ("refsvo_bijlage4.json", "refsvo_loket_indicators.json"):
            document = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
            catalogue_load(tenant=world.tenant_a, document=document)
    call_command("compute_indicators", tenant=world.tenant_a.code, peildatum=P.isoformat())
    with scope(tenant=world.tenant_a):
        rows = {
            m.indicator.calculation: m.value
            for m in Measurement.objects.filter(school__isnull=True).select_related("indicator")
        }
        sources = dict(
            Indicator.objects.filter(text__startswith="Aantal verwijzingen").values_list(
                "text", "source"
            )
        )
    assert rows["verwijzingen_cluster_4"] == Decimal(3)
    assert rows["verwijzingen_extern"] == Decimal(2)
    assert set(sources.values()) == {"berekend"}  # no longer SWV entries


def test_tlvs_in_force_on_the_peildatum_per_category(world):
    a1 = world.school_a1
    _granted(a1, d(2025, 6, 1), start=d(2025, 8, 1), end=d(2026, 10, 1))  # ends on P: counts
    _granted(a1, d(2025, 6, 1), start=d(2025, 8, 1), end=d(2026, 9, 30))  # ended the day before
    _granted(a1, d(2026, 6, 1), start=P, end=d(2027, 7, 31), category=Category.HIGH)
    _granted(a1, d(2026, 6, 1), start=d(2026, 10, 2), end=d(2027, 7, 31))  # starts after P
    _granted(a1, d(2026, 6, 1), kind=TlvKind.PRO, cluster=None, category="")
    (a, _) = _by_tenant("tlvs_geldig", world)
    assert a.tenant.value == 3
    assert a.tenant.details["per_categorie"] == {
        "laag": 1,
        "midden": 0,
        "hoog": 1,
        "pro": 1,
        "lwoo": 0,
    }


def _handled(school, submitted, decided, pauses=()):
    tlv = a_request(school, submitted_on=submitted)
    a_decision(tlv, decided_on=decided)
    with scopes_disabled():
        for asked, answered in pauses:
            SupplementRequest.objects.create(
                tenant=school.tenant,
                request=tlv,
                asked_on=asked,
                answered_on=answered,
                question="Graag het OPP.",
            )
    return tlv


def test_handling_within_the_term_and_the_median_by_hand(world):
    a1, a2 = world.school_a1, world.school_a2
    settings_for(world.tenant_a, handling_weeks=6)  # 42 days
    _handled(a1, d(2026, 1, 1), d(2026, 2, 12))  # 42 days: within
    _handled(a1, d(2026, 1, 1), d(2026, 2, 13))  # 43 days: late
    _handled(a1, d(2026, 1, 1), d(2026, 2, 22), [(d(2026, 1, 10), d(2026, 1, 20))])  # 52-10=42
    _handled(a2, d(2026, 1, 1), d(2026, 1, 11))  # 10 days
    _handled(a2, d(2025, 1, 1), d(2025, 2, 1))  # decided before the period: not counted
    (within, _) = _by_tenant("binnen_behandeltermijn", world)
    assert (within.tenant.details, within.tenant.value) == (
        {"teller": 3, "noemer": 4},
        Decimal("75.0"),
    )
    (middle, _) = _by_tenant("behandelduur_mediaan", world)
    assert (middle.tenant.value, middle.tenant.records) == (Decimal("42.0"), 4)
    assert middle.per_school[a1.pk].value == Decimal("42.0")


@pytest.mark.parametrize(
    ("histogram", "expected"),
    [
        pytest.param({}, None, id="nothing"),
        pytest.param({7: 1}, Decimal(7), id="one"),
        pytest.param({7: 1, 9: 1}, Decimal(8), id="two-the-mean"),
        pytest.param({7: 2, 30: 1}, Decimal(7), id="odd"),
        pytest.param({1: 1, 2: 1, 3: 1, 50: 1}, Decimal("2.5"), id="even"),
    ],
)
def test_the_median_of_a_histogram(histogram, expected):
    from collections import Counter

    assert median(Counter(histogram)) == expected


def test_objections_per_year_by_hand(world):
    decision = _granted(world.school_a1, d(2026, 1, 1))
    with scopes_disabled():
        for received in (d(2026, 2, 1), d(2026, 3, 1), d(2025, 9, 1)):
            Objection.objects.create(tenant=world.tenant_a, decision=decision, received_on=received)
    (a, _) = _by_tenant("bezwaren", world)
    assert a.tenant.value == 2
    assert {s: f.value for s, f in a.per_school.items()} == {world.school_a1.pk: 2}


def test_small_counts_of_the_loket_are_hidden_from_toezicht(world):
    indicator = Indicator(source="berekend", calculation="tlvs_geldig", unit="aantal")
    measurement = Measurement(
        value=Decimal(12),
        records=12,
        details={"per_categorie": {"laag": 9, "midden": 0, "hoog": 2, "pro": 1, "lwoo": 0}},
    )
    hidden = display.hidden_cells(indicator, measurement, suppress=True)
    # 2 and 1 are small; hiding them alone would leave them as 12 - 9: the 9 goes too.
    assert {"per_categorie.hoog", "per_categorie.pro", "per_categorie.laag"} <= hidden
    assert display.hidden_cells(indicator, measurement, suppress=False) == frozenset()
