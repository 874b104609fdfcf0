"""The begroting's pure arithmetic (``finance.rules``): euros as typed and shown, the table with
sub-lines and derived totals, comparing two amounts. Table-driven."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ..models import LineGroup
from ..rules import Difference, LineData, build_table, format_euros, parse_euros, result_of

INC, TRA, PRO = LineGroup.INCOME, LineGroup.TRANSFERS, LineGroup.PROGRAMMES


@pytest.mark.parametrize(
    ("typed", "euros"),
    [
        ("1.234.567", 1_234_567),
        ("1234567", 1_234_567),
        ("€ 1.234", 1_234),
        ("€1.234", 1_234),
        ("-2.500", -2_500),
        ("−2.500", -2_500),  # the minus sign the pages show
        ("1.234,00", 1_234),
        ("1.234,-", 1_234),
        (" 33 026 007 ", 33_026_007),
        ("0", 0),
        ("", 0),
        (None, 0),
        (250_000, 250_000),
    ],
)
def test_parse_euros_reads_what_people_type(typed, euros):
    assert parse_euros(typed) == euros


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1.234,56", "zonder centen"),
        ("12,5", "zonder centen"),
        ("12.34", "geen bedrag"),  # a dot that is no thousands separator
        ("1.2345", "geen bedrag"),
        ("abc", "geen bedrag"),
        ("1e6", "geen bedrag"),
        ("1.000.000.000.000", "te groot"),
    ],
)
def test_parse_euros_refuses_in_dutch(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_euros(typed)
    assert message in refused.value.messages[0]


@pytest.mark.parametrize(
    ("euros", "shown"),
    [
        (33_026_007, "33.026.007"),
        (0, "0"),
        (999, "999"),
        (-2_500, "−2.500"),
        (Decimal("1234.50"), "1.235"),  # half up to whole euros
        (None, ""),
    ],
)
def test_format_euros(euros, shown):
    assert format_euros(euros) == shown


def test_the_table_derives_totals_and_a_parent_is_the_sum_of_its_sub_lines():
    years = [2025, 2026]
    lines = [
        LineData(1, INC, "Zware ondersteuning", position=1),
        LineData(2, INC, "Lwoo", position=2),
        LineData(3, TRA, "Afdracht pro", position=1),
        LineData(4, PRO, "Programma 3 Loket", position=1),
        LineData(5, PRO, "Loketmedewerkers", parent_id=4, position=1),
        LineData(6, PRO, "Deskundigen", parent_id=4, position=2),
        LineData(7, PRO, "Programma 5 Bestuur", position=2),
    ]
    amounts = {
        (1, 2025): 1_000, (1, 2026): 1_100,
        (2, 2025): 500, (2, 2026): 400,
        (3, 2025): 300, (3, 2026): 300,
        (4, 2025): 9_999,  # a parent's own amount is ignored: it is the sum of its sub-lines
        (5, 2025): 600, (5, 2026): 700,
        (6, 2025): 100, (6, 2026): 0,
        (7, 2025): 400, (7, 2026): 450,
    }  # fmt: skip
    table = build_table(years, lines, amounts)
    programmes = table.group(PRO)
    assert [(r.line.title, r.depth, r.amounts) for r in programmes.rows] == [
        ("Programma 3 Loket", 0, {2025: 700, 2026: 700}),
        ("Loketmedewerkers", 1, {2025: 600, 2026: 700}),
        ("Deskundigen", 1, {2025: 100, 2026: 0}),
        ("Programma 5 Bestuur", 0, {2025: 400, 2026: 450}),
    ]
    assert programmes.rows[0].has_children and not programmes.rows[0].typed
    assert table.total_income == {2025: 1_500, 2026: 1_500}
    assert table.total_transfers == {2025: 300, 2026: 300}
    assert table.total_programmes == {2025: 1_100, 2026: 1_150}
    assert table.total_costs == {2025: 1_400, 2026: 1_450}
    assert table.result == {2025: 100, 2026: 50}
    assert result_of(1_500, 300, 1_150) == 50


def test_an_empty_table_has_zero_totals():
    table = build_table([2025], [], {})
    assert [block.rows for block in table.groups] == [[], [], []]
    assert table.result == {2025: 0}


@pytest.mark.parametrize(
    ("old", "new", "euros", "percent"),
    [
        (100_000, 110_000, 10_000, Decimal("10.0")),
        (77_000, 95_000, 18_000, Decimal("23.4")),
        (100_000, 90_000, -10_000, Decimal("-10.0")),
        (-50_000, -40_000, 10_000, Decimal("20.0")),  # of the old amount's size
        (0, 5_000, 5_000, None),  # no percentage of nothing
        (None, 5_000, 5_000, None),  # a line only in the new version
        (5_000, None, -5_000, Decimal("-100.0")),  # a line only in the old version
    ],
)
def test_difference_in_euros_and_percent(old, new, euros, percent):
    difference = Difference(old, new)
    assert (difference.euros, difference.percent) == (euros, percent)
