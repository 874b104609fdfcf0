"""The vangnet's pure functions (Bijlage 2), table-driven with the arithmetic written out."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from finance.models import VangnetClaim
from finance.vangnet import SBO, Counts, Flow, compute, growth_condition

AMOUNTS = {"laag": Decimal("12000.00"), "midden": Decimal("17500.00"), "hoog": Decimal("26000.50")}


@pytest.mark.parametrize(
    ("counts", "met"),
    [
        # autumn growth 100 → 104 = 4, spring 104 → 110 = 6: 6 > 4, met
        (Counts(100, 104, 110), True),
        # autumn 100 → 106 = 6, spring 106 → 110 = 4: 4 > 6 is false
        (Counts(100, 106, 110), False),
        # equal growth: 100 → 105 = 5 and 105 → 110 = 5: not *more*, not met
        (Counts(100, 105, 110), False),
        # shrinking in autumn (100 → 95 = −5), spring 95 → 95 = 0: 0 > −5, met
        (Counts(100, 95, 95), True),
        # both shrink: autumn −2 (50 → 48), spring −3 (48 → 45): −3 > −2 false
        (Counts(50, 48, 45), False),
    ],
)
def test_the_growth_condition(counts, met):
    assert growth_condition(counts) is met


@pytest.mark.parametrize(
    ("name", "counts", "flows", "amounts", "sbo", "lines", "total", "claimable", "missing"),
    [
        (
            # condition met (spring 8 > autumn 2): per category net inflow × amount
            # laag: 3 new + 1 residential − 1 out = 3 × 12.000,00 = 36.000,00
            # midden: 2 new − 0 = 2 × 17.500,00 = 35.000,00
            # hoog: 1 new − 2 out = −1 × 26.000,50 = −26.000,50
            # total 36.000 + 35.000 − 26.000,50 = 44.999,50
            "met, three categories",
            Counts(40, 42, 50),
            [Flow("laag", 3, 1, 1), Flow("midden", 2, 0, 0), Flow("hoog", 1, 0, 2)],
            AMOUNTS,
            False,
            [("laag", 3, "36000.00"), ("midden", 2, "35000.00"), ("hoog", -1, "-26000.50")],
            "44999.50",
            True,
            (),
        ),
        (
            # condition not met (spring 1, autumn 2): the lines are shown, the total is 0
            "not met",
            Counts(40, 42, 43),
            [Flow("laag", 3, 0, 0)],
            AMOUNTS,
            False,
            [("laag", 3, "36000.00")],
            "0",
            False,
            (),
        ),
        (
            # met (spring 1 > autumn 0), but laag 1 − 2 = −1 × 12.000 = −12.000: negative
            "negative total, no claim",
            Counts(40, 40, 41),
            [Flow("laag", 1, 0, 2)],
            AMOUNTS,
            False,
            [("laag", -1, "-12000.00")],
            "-12000.00",
            False,
            (),
        ),
        (
            # met, net inflow 2 − 2 = 0 in every category: total 0, no claim
            "zero total, no claim",
            Counts(10, 10, 12),
            [Flow("laag", 2, 0, 2)],
            AMOUNTS,
            False,
            [("laag", 0, "0")],
            "0",
            False,
            (),
        ),
        (
            # SBO: no categories, the flows are summed: (2 + 1) new + 1 residential − 1 out = 3
            # 3 × 9.000,00 = 27.000,00 (autumn 60 → 61 = 1, spring 61 → 65 = 4: met)
            "sbo without categories",
            Counts(60, 61, 65),
            [Flow("laag", 2, 1, 1), Flow("midden", 1, 0, 0)],
            {SBO: Decimal("9000.00")},
            True,
            [(SBO, 3, "27000.00")],
            "27000.00",
            True,
            (),
        ),
        (
            # hoog has inflow 2 but no amount: counted as 0 and named; laag 1 × 12.000
            "missing amount",
            Counts(20, 20, 23),
            [Flow("laag", 1, 0, 0), Flow("hoog", 2, 0, 0)],
            {"laag": Decimal("12000.00")},
            False,
            [("laag", 1, "12000.00"), ("hoog", 2, "0")],
            "12000.00",
            True,
            ("hoog",),
        ),
    ],
)
def test_worked_examples(name, counts, flows, amounts, sbo, lines, total, claimable, missing):
    outcome = compute(counts, flows, amounts, sbo=sbo)
    assert [(x.category, x.net_inflow, x.total) for x in outcome.lines] == [
        (c, n, Decimal(t)) for c, n, t in lines
    ], name
    assert outcome.total == Decimal(total)
    assert outcome.claimable is claimable
    assert outcome.missing_amounts == missing


def test_the_explanation_says_why():
    assert "niet meer dan" in compute(Counts(1, 3, 4), [], AMOUNTS).explanation
    assert (
        "Geen declaratie" in compute(Counts(1, 1, 2), [Flow("laag", 0, 0, 1)], AMOUNTS).explanation
    )
    assert "Meer dan gemiddelde" in compute(Counts(1, 1, 2), [Flow("laag", 1)], AMOUNTS).explanation


@pytest.mark.parametrize(
    ("school_year", "submitted_on", "late"),
    [
        # school year 2025-2026: 1 juni 2026, deadline 1 oktober 2026
        (2025, datetime.date(2026, 9, 30), False),
        (2025, datetime.date(2026, 10, 1), False),  # on the day: in time
        (2025, datetime.date(2026, 10, 2), True),
        (2024, datetime.date(2026, 1, 15), True),  # 2024-2025: deadline 1 oktober 2025
    ],
)
def test_a_late_claim(school_year, submitted_on, late):
    claim = VangnetClaim(school_year=school_year, submitted_on=submitted_on)
    assert claim.deadline == datetime.date(school_year + 1, 10, 1)
    assert claim.is_late is late
    assert claim.payment_year == school_year + 2
