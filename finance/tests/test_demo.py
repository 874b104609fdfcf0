"""The demo begroting reproduces Bijlage 3 of the seed OSP, line by line and total by total."""

from __future__ import annotations

import pytest
from django_scopes import scope

from swvportal.tenancy.models import Tenant

from ..demo import BIJLAGE_3, SEED_DEVIATIONS, SEED_TOTALS, YEARS, seed_begroting
from ..models import Begroting, BegrotingStatus
from ..selectors import begroting_reserves, begroting_table


@pytest.fixture
def demo_begroting(db):
    tenant = Tenant.objects.create(code="VO0001", name="RefSVO", is_demo=True)
    with scope(tenant=tenant):
        seed_begroting(tenant)
        adopted = Begroting.objects.get(tenant=tenant, status=BegrotingStatus.ADOPTED)
        yield adopted, begroting_table(adopted)


@pytest.mark.parametrize(("group", "title", "forecast", "amounts"), BIJLAGE_3, ids=lambda v: v)
def test_every_line_of_the_seed(demo_begroting, group, title, forecast, amounts):
    _adopted, table = demo_begroting
    row = next(r for r in table.group(group).rows if r.line.title == title)
    assert tuple(row.amounts[year] for year in YEARS) == amounts


def test_the_derived_totals_equal_the_seeds(demo_begroting):
    """Each total is the sum of the seed's lines; it equals the seed's printed total except
    where the seed's own sums do not add up (``SEED_DEVIATIONS``: €1 of rounding, and 2026's
    misprinted Totale baten and Totale lasten), each checked here to be exactly that."""
    _adopted, table = demo_begroting
    derived = {
        "Totale baten": table.total_income,
        "Totaal afdrachten": table.total_transfers,
        "Totaal programma's": table.total_programmes,
        "Totale lasten": table.total_costs,
        "Resultaat": table.result,
    }
    for label, seed in SEED_TOTALS.items():
        for year, printed in zip(YEARS, seed, strict=True):
            expected = SEED_DEVIATIONS.get(label, {}).get(year, (printed, printed))
            assert (printed, derived[label][year]) == expected, (label, year)
    assert table.total_income[2025] == 33_026_007


def test_the_adopted_version_and_the_concept(demo_begroting):
    adopted, table = demo_begroting
    with scope(tenant=adopted.tenant):
        assert adopted.version == "1.0" and adopted.adopted_on.month == 11
        assert len(table.rows()) == len(BIJLAGE_3)
        concept = Begroting.objects.get(tenant=adopted.tenant, status=BegrotingStatus.CONCEPT)
        assert (concept.version, concept.first_year, concept.last_year) == ("2.0", 2026, 2030)
        reserves = begroting_reserves(adopted, table)
        # the resultaat is 0, or €1 of rounding in 2026 and 2029 (SEED_DEVIATIONS)
        assert [r.closing for r in reserves] == [512_000, 512_001, 512_001, 512_001, 512_002]
        assert not any(r.warnings for r in reserves)  # under € 600.000 and the 3,5%


def test_seeding_twice_adds_nothing(demo_begroting):
    adopted, _table = demo_begroting
    with scope(tenant=adopted.tenant):
        first = Begroting.objects.count()
        assert seed_begroting(adopted.tenant) == seed_begroting(adopted.tenant)
        assert Begroting.objects.count() == first
