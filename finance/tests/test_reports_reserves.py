"""The reserve checks at their boundaries (issue #15, acceptance), table-driven, and the panel
on the version page: who sees it and what it says."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from finance import rules, services
from finance.models import LineGroup

from .builders import a_begroting

RATE = Decimal("0.035")
MINIMUM = 250_000


def _table(income: int, result: int) -> rules.Table:
    """One year (2026) with ``income`` as baten and programma's so that the resultaat is
    ``result``."""
    lines = [
        rules.LineData(id=1, group=LineGroup.INCOME, title="Baten"),
        rules.LineData(id=2, group=LineGroup.PROGRAMMES, title="Programma"),
    ]
    return rules.build_table([2026], lines, {(1, 2026): income, (2, 2026): income - result})


# (opening, resultaat, totale baten, ceiling) → (closing, signaleringswaarde, over ceiling,
# over signal). 3,5% of 20.000.000 is 700.000; of 10.000.000 it is 350.000; of 5.000.000 it is
# 175.000, below the minimum of 250.000; of 7.142.843 it is 249.999,505 → 250.000 (half up);
# of 10.000.014 it is 350.000,49 → 350.000, and of 10.000.015 it is 350.000,525 → 350.001.
CASES = [
    ("at the ceiling", 500_000, 100_000, 20_000_000, 600_000, (600_000, 700_000, False, False)),
    ("€1 above ceiling", 500_000, 100_001, 20_000_000, 600_000, (600_001, 700_000, True, False)),
    ("no ceiling set", 900_000, 0, 40_000_000, None, (900_000, 1_400_000, False, False)),
    ("exactly 3,5% of baten", 300_000, 50_000, 10_000_000, None, (350_000, 350_000, False, False)),
    ("€1 above 3,5% of baten", 300_000, 50_001, 10_000_000, None, (350_001, 350_000, False, True)),
    ("minimum, 3,5% lower", 250_000, 0, 5_000_000, None, (250_000, 250_000, False, False)),
    ("€1 above the minimum", 250_000, 1, 5_000_000, None, (250_001, 250_000, False, True)),
    ("half up to minimum", 0, 250_000, 7_142_843, None, (250_000, 250_000, False, False)),
    ("3,5% rounds down below half", 0, 350_000, 10_000_014, None, (350_000, 350_000, False, False)),
    ("3,5% rounds half up", 0, 350_001, 10_000_015, None, (350_001, 350_001, False, False)),
    ("above both", 600_000, 400_000, 10_000_000, 600_000, (1_000_000, 350_000, True, True)),
]  # fmt: skip


@pytest.mark.parametrize(
    ("opening", "result", "income", "ceiling", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_reserve_checks_at_their_boundaries(opening, result, income, ceiling, expected):
    (year,) = rules.reserves(
        opening=opening, table=_table(income, result), ceiling=ceiling, rate=RATE, minimum=MINIMUM
    )
    assert (year.closing, year.signal, year.over_ceiling, year.over_signal) == expected
    said = " ".join(year.warnings)
    assert ("De Inspectie zal om een toelichting vragen" in said) is expected[3]
    assert ("eigen bovengrens" in said) is expected[2]


def test_the_reserve_of_one_year_opens_the_next():
    lines = [
        rules.LineData(id=1, group=LineGroup.INCOME, title="Baten"),
        rules.LineData(id=2, group=LineGroup.PROGRAMMES, title="Programma"),
    ]
    amounts = {(1, 2025): 1_000, (2, 2025): 900, (1, 2026): 1_000, (2, 2026): 1_050}
    table = rules.build_table([2025, 2026], lines, amounts)
    years = rules.reserves(opening=400, table=table, ceiling=None, rate=RATE, minimum=0)
    assert [(y.opening, y.result, y.closing) for y in years] == [(400, 100, 500), (500, -50, 450)]


def _detail(client, begroting) -> str:
    url = reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": begroting.tenant.code, "begroting_id": begroting.pk},
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def over_signal(world):
    """An adopted begroting of A whose reserve ends 2025 above the signaleringswaarde: opening
    400.000 and a resultaat of 100.000 on baten of 1.300.000 (3,5% is 45.500: the minimum
    250.000 counts); the own ceiling is 450.000."""
    with scopes_disabled():
        services.settings_save(tenant=world.tenant_a, data={"reserve_ceiling": 450_000})
    lines = (
        (LineGroup.INCOME, "Zware ondersteuning", (1_100_000, 1_000_000, 1_000_000)),
        (LineGroup.INCOME, "Overige baten", (200_000, 200_000, 200_000)),
        (LineGroup.PROGRAMMES, "Programma 1 Zorgbudget vo", (1_200_000, 1_300_000, 1_200_000)),
    )
    return a_begroting(world.tenant_a, lines=lines, adopted=True)


@pytest.mark.parametrize("role", ["bestuurder", "toezicht", "inspectie"])
def test_the_reserves_panel_warns_in_words_above_the_signaleringswaarde(
    world, login, over_signal, role
):
    page = _detail(login(world.user(role)), over_signal)
    assert 'id="reserves-titel"' in page
    assert "De Inspectie zal om een toelichting vragen" in page
    assert "Het eigen vermogen eind 2025 (€ 500.000) ligt boven de eigen bovengrens" in page
    # The check column says it in words too, not by colour alone.
    assert "Boven de signaleringswaarde: de Inspectie zal om een toelichting vragen" in page


def test_the_inspectie_sees_no_reserve_checks_of_a_concept(world, login):
    concept = a_begroting(world.tenant_a)
    page = _detail(login(world.user("bestuurder")), concept)
    assert 'id="reserves-titel"' in page
    url = reverse(
        "finance:begroting_detail",
        kwargs={"tenant_code": world.tenant_a.code, "begroting_id": concept.pk},
    )
    assert login(world.user("inspectie")).get(url).status_code == 404


def test_within_the_limits_the_panel_says_so(world, login):
    adopted = a_begroting(world.tenant_a, adopted=True, opening_reserve=100_000)
    page = _detail(login(world.user("toezicht")), adopted)
    assert "blijft elk jaar binnen de eigen bovengrens en onder de signaleringswaarde" in page
    assert "De Inspectie zal om een toelichting vragen" not in page
    assert "Binnen de grenzen" in page
