"""The Loket's forecast (issue #15, point 5), end to end from TLV rows: the TLVs in force on the
peildatum (1 oktober of the year before, or today while that is to come) times the year's
category amounts, next to the budgeted figure with the difference."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from finance import reports, services
from finance.models import Forecast, LineGroup
from referrals import selectors as loket
from referrals.models import CategoryAmount
from referrals.tests.loket.builders import a_decision, a_request, settings_for

from .builders import a_begroting, line_titled, record_required_steps

TODAY = datetime.date(2025, 6, 15)  # 1 oktober 2024 has been; 1 oktober 2025 and 2026 not yet


def _tlv(school, category, start, end, *, cluster=4, granted=True, **fields):
    request = a_request(school, cluster=cluster, requested_category=category)
    return a_decision(request, granted=granted, start_date=start, end_date=end, **fields)


@pytest.fixture
def tlvs(world):
    """On 1 oktober 2024: two laag and one hoog of cluster 4, two midden of cluster 3; on 15
    juni 2025 four laag (one from 1 januari 2025, one from 2 oktober 2024) and the two midden,
    the hoog having ended on 1 oktober 2024. Never counted: a refused request, a TLV that ended
    on 30 september 2024, one replaced by a later decision, and tenant B's."""
    a1, a2 = world.school_a1, world.school_a2
    d = datetime.date
    _tlv(a1, "laag", d(2024, 8, 1), d(2025, 7, 31))
    _tlv(a2, "laag", d(2024, 10, 1), d(2026, 7, 31))  # starts on the peildatum: counted
    _tlv(a1, "hoog", d(2023, 8, 1), d(2024, 10, 1))  # ends on the peildatum: counted
    _tlv(a1, "midden", d(2024, 8, 1), d(2025, 7, 31), cluster=3)
    _tlv(a2, "laag", d(2025, 1, 1), d(2025, 12, 31))
    _tlv(a1, "laag", d(2023, 8, 1), d(2024, 9, 30))
    _tlv(a1, "laag", d(2024, 10, 2), d(2025, 7, 31))
    _tlv(a1, "laag", None, None, granted=False)
    old = _tlv(a1, "hoog", d(2024, 8, 1), d(2025, 7, 31))
    newer = _tlv(a1, "midden", d(2024, 8, 1), d(2025, 7, 31), cluster=3, replaces=old)
    _tlv(world.school_b1, "hoog", d(2024, 8, 1), d(2025, 7, 31))
    with scopes_disabled():
        for year, amounts in {
            2025: (10_000, 20_000, 30_000),
            2026: (11_000, 21_000, 31_000),
        }.items():
            for category, amount in zip(("laag", "midden", "hoog"), amounts, strict=True):
                CategoryAmount.objects.create(
                    tenant=world.tenant_a, year=year, kind="vso", category=category, amount=amount
                )
    settings_for(world.tenant_a, charge_cluster_4_to_school=True)
    return newer


def test_the_loket_counts_the_tlvs_in_force_on_a_day_in_one_grouped_query(
    world, tlvs, django_assert_num_queries
):
    with scope(tenant=world.tenant_a), django_assert_num_queries(1):
        found = loket.tlvs_in_force_on(tenant=world.tenant_a, day=datetime.date(2024, 10, 1))
    assert [(t.kind, t.cluster, t.category, t.tlvs) for t in found] == [
        ("vso", 3, "midden", 2),  # one of them replaced a hoog decision, which no longer counts
        ("vso", 4, "hoog", 1),
        ("vso", 4, "laag", 2),
    ]


@pytest.fixture
def begroting(world, tlvs):
    lines = (
        (LineGroup.INCOME, "Zware ondersteuning", (1_000_000, 1_000_000, 1_000_000)),
        (LineGroup.TRANSFERS, "Afdracht ondersteuningsbekostiging vso (via DUO)", (100_000,) * 3),
        (LineGroup.PROGRAMMES, "Cluster 4 bij de scholen", (50_000, 50_000, 50_000)),
    )
    found = a_begroting(world.tenant_a, lines=lines)
    with scopes_disabled():
        for title, kind in (
            ("Afdracht ondersteuningsbekostiging vso (via DUO)", Forecast.VSO_TRANSFER),
            ("Cluster 4 bij de scholen", Forecast.SCHOOL_CHARGED),
        ):
            services.line_update(line=line_titled(found, title), data={"forecast": kind})
    return found


def test_the_forecast_prices_the_tlvs_on_the_teldatum_at_the_years_amounts(world, begroting):
    with scope(tenant=world.tenant_a):
        vso, school = reports.begroting_forecast(begroting=begroting, today=TODAY)
    y2025, y2026, y2027 = vso.years
    # 2025: TLVs on 1 oktober 2024: 2 laag, 1 hoog (cluster 4), 2 midden (cluster 3) at 2025's
    # amounts: 2 × 10.000 + 30.000 + 2 × 20.000 = 90.000; budget 100.000: −10.000.
    assert (y2025.peildatum, y2025.on_teldatum) == (datetime.date(2024, 10, 1), True)
    assert (y2025.tlvs, y2025.forecast, y2025.difference) == (5, 90_000, -10_000)
    # 2026: 1 oktober 2025 is still to come, so today's TLVs (4 laag, 2 midden of cluster 3)
    # at 2026's amounts: 4 × 11.000 + 2 × 21.000 = 86.000; budget 100.000: −14.000.
    assert (y2026.peildatum, y2026.on_teldatum) == (TODAY, False)
    assert (y2026.tlvs, y2026.forecast, y2026.difference) == (6, 86_000, -14_000)
    # 2027 has no amounts yet: the forecast borrows 2026's (the newest known) and says so.
    assert (y2027.forecast, y2027.amounts_year, y2027.missing_amounts) == (86_000, 2026, ())
    assert vso.notes[0].startswith("Vanaf 2026 is de teldatum")
    assert vso.notes[1] == (
        "Voor 2027 zijn er nog geen bedragen per categorie: de prognose rekent met de bedragen "
        "van 2026."
    )
    # Charged to the schools (cluster 4 by the tenant's cost rule): 2025: 2 × 10.000 + 30.000.
    assert (school.years[0].tlvs, school.years[0].forecast) == (3, 50_000)
    assert school.years[0].difference == 0


def test_the_panel_shows_forecast_and_difference_to_bestuurder_and_toezicht(
    world, login, begroting
):
    url = reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": "VOA001", "begroting_id": begroting.pk},
    )
    today = timezone.localdate()
    for role in ("bestuurder", "toezicht"):
        page = login(world.user(role)).get(url).content.decode()
        assert "Prognose uit het Loket" in page and "Cluster 4 bij de scholen" in page
        assert "1 oktober 2024" in page  # the teldatum of 2025
        # 2025: 90.000 against 100.000 budgeted.
        assert '<td class="num">90.000</td>' in page and "−10.000" in page
        ahead = today < datetime.date(2026, 10, 1)
        assert ("het portaal telt de TLV&#x27;s van vandaag" in page) is ahead
    with scopes_disabled():  # adopted, the inspectie reads the version but not the forecast
        record_required_steps(begroting)
        services.begroting_adopt(begroting=begroting)
    page = login(world.user("inspectie")).get(url).content.decode()
    assert "Cluster 4 bij de scholen" in page and "Prognose uit het Loket" not in page


def test_the_notes_name_borrowed_amounts_and_missing_ones_once():
    from finance.reports import ForecastLine, ForecastYear

    def year(y, missing=(), borrowed=None):
        return ForecastYear(y, 100, 90, datetime.date(y - 1, 10, 1), True, 3, missing, borrowed)

    line = ForecastLine(
        1,
        "Afdracht vso",
        "vso_afdracht",
        [
            year(2025, missing=("VSO hoog (categorie 3), cluster 3",)),
            year(2026, missing=("VSO laag (categorie 1), cluster 4",)),
            year(2027, borrowed=2026),
            year(2028, borrowed=2026),
        ],
    )
    assert line.notes == [
        "Voor 2027 en 2028 zijn er nog geen bedragen per categorie: de prognose rekent met de "
        "bedragen van 2026.",
        "2025 en 2026 zijn onvolledig: er is geen bedrag voor VSO hoog (categorie 3), cluster 3; "
        "VSO laag (categorie 1), cluster 4. Die TLV's tellen niet mee. Vul de bedragen in bij het "
        "Loket (Bedragen per categorie).",
    ]
