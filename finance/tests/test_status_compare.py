"""Comparing two versions of the begroting: the figures equal a hand calculation (euros and %,
lines and years only in one version, totals and resultaat), and the page with its two selects,
the "only what differs" option and who may compare what."""

from __future__ import annotations

import html
from decimal import Decimal

import pytest
from django.urls import reverse
from django_scopes import scope

from .. import services
from ..compare import GONE, NEW, compare_tables, signed_percent
from ..models import LineGroup
from ..rules import Difference, LineData, build_table
from .builders import a_begroting, a_concept_after, line_titled

INC, TR, PR = LineGroup.INCOME, LineGroup.TRANSFERS, LineGroup.PROGRAMMES


def table(years, lines, amounts):
    """``lines``: (id, uid, group, title, parent id); ``amounts``: id → amounts per year."""
    data = [
        LineData(id=i, uid=uid, group=g, title=t, parent_id=p, position=i)
        for i, uid, g, t, p in lines
    ]
    flat = {(i, y): a for i, per in amounts.items() for y, a in zip(years, per, strict=True)}
    return build_table(years, data, flat)


# Version 1.0 over 2025–2027 and 2.0 over 2026–2028, by hand:
OLD = table(
    (2025, 2026, 2027),
    [
        (1, "u-baten", INC, "Zware ondersteuning", None),
        (2, "u-overig", INC, "Overige baten", None),
        (3, "u-vso", TR, "Afdracht vso", None),
        (4, "u-p1", PR, "Programma 1", None),
        (5, "u-weg", PR, "Programma 9 (stopt)", None),
        (6, "u-p3", PR, "Programma 3 Loket", None),
    ],
    {
        1: (1_000_000, 1_000_000, 1_000_000),
        2: (200_000, 200_000, 0),
        3: (300_000, 300_000, 300_000),
        4: (700_000, 700_000, 500_000),
        5: (100_000, 100_000, 100_000),
        6: (100_000, 100_000, 100_000),
    },
)
NEW_ = table(
    (2026, 2027, 2028),
    [
        (11, "u-baten", INC, "Zware ondersteuning", None),
        (12, "u-overig", INC, "Overige baten en bijdragen", None),
        (13, "u-vso", TR, "Afdracht vso", None),
        (14, "u-p1", PR, "Programma 1", None),
        (16, "u-p3", PR, "Programma 3 Loket", None),
        (17, "u-nieuw", PR, "Programma 6 Steunpunt", None),
    ],
    {
        11: (1_050_000, 1_000_000, 1_000_000),
        12: (200_000, 150_000, 0),
        13: (300_000, 300_000, 300_000),
        14: (700_000, 500_000, 500_000),
        16: (95_000, 100_000, 100_000),
        17: (50_000, 50_000, 50_000),
    },
)


def rows_of(comparison, group):
    return {row.title: row for row in next(g for g in comparison.groups if g.group == group).rows}


def cell(row, year):
    return next(c for c in row.cells if c.year == year)


def test_the_years_are_the_union_and_a_year_only_in_one_version_is_absent():
    comparison = compare_tables(OLD, NEW_)
    assert comparison.years == [2025, 2026, 2027, 2028]
    loket = rows_of(comparison, PR)["Programma 3 Loket"]
    first, last = cell(loket, 2025), cell(loket, 2028)
    assert (first.old, first.new, first.absent_in, first.euros_text) == (100_000, None, "nieuw", "")
    assert (last.old, last.new, last.absent_in, last.percent_text) == (None, 100_000, "oud", "")
    assert not first.changed and not last.changed


@pytest.mark.parametrize(
    ("group", "title", "year", "old", "new", "euros", "percent"),
    [
        # 1.050.000 − 1.000.000 = +50.000; 50.000 / 1.000.000 = +5,0%
        (INC, "Zware ondersteuning", 2026, 1_000_000, 1_050_000, 50_000, Decimal("5.0")),
        # 0 → 150.000: +150.000, no % of 0
        (INC, "Overige baten en bijdragen", 2027, 0, 150_000, 150_000, None),
        (INC, "Overige baten en bijdragen", 2026, 200_000, 200_000, 0, Decimal("0.0")),
        (PR, "Programma 1", 2027, 500_000, 500_000, 0, Decimal("0.0")),
        # 95.000 − 100.000 = −5.000: −5,0%
        (PR, "Programma 3 Loket", 2026, 100_000, 95_000, -5_000, Decimal("-5.0")),
        # gone: 100.000 → nothing = −100.000, −100,0%
        (PR, "Programma 9 (stopt)", 2026, 100_000, None, -100_000, Decimal("-100.0")),
        # new: nothing → 50.000 = +50.000, no %
        (PR, "Programma 6 Steunpunt", 2027, None, 50_000, 50_000, None),
    ],
)
def test_line_figures_equal_a_hand_calculation(group, title, year, old, new, euros, percent):
    found = cell(rows_of(compare_tables(OLD, NEW_), group)[title], year)
    assert (found.old, found.new) == (old, new)
    assert (found.difference.euros, found.difference.percent) == (euros, percent)


def test_the_percentage_of_a_change_that_is_not_round():
    # 500.000 → 700.000 in a hand calculation: +200.000 / 500.000 = +40,0%;
    # 700.000 → 500.000: −200.000 / 700.000 = −28,571…% → −28,6%.
    assert Difference(500_000, 700_000).percent == Decimal("40.0")
    assert Difference(700_000, 500_000).percent == Decimal("-28.6")
    assert signed_percent(Difference(700_000, 500_000).percent) == "−28,6%"
    assert signed_percent(Decimal("40.0")) == "+40,0%"


def test_lines_only_in_one_version_are_marked_and_stay_in_place():
    comparison = compare_tables(OLD, NEW_)
    programmes = [row.title for row in comparison.groups[2].rows]
    assert programmes == [
        "Programma 1",
        "Programma 9 (stopt)",  # after the line it followed in 1.0
        "Programma 3 Loket",
        "Programma 6 Steunpunt",
    ]
    rows = rows_of(comparison, PR)
    assert rows["Programma 9 (stopt)"].status == GONE
    assert rows["Programma 6 Steunpunt"].status == NEW
    assert rows["Programma 1"].status == ""
    renamed = rows_of(comparison, INC)["Overige baten en bijdragen"]
    assert renamed.old_title == "Overige baten" and renamed.status == ""


def test_totals_totale_lasten_and_resultaat_compare_the_same_way():
    comparison = compare_tables(OLD, NEW_)
    # 2026 by hand. Baten: 1.000.000 + 200.000 = 1.200.000 → 1.050.000 + 200.000 = 1.250.000.
    income = cell(comparison.groups[0].total, 2026)
    assert (income.old, income.new, income.difference.euros) == (1_200_000, 1_250_000, 50_000)
    assert income.difference.percent == Decimal("4.2")  # 50.000 / 1.200.000 = 4,166…%
    # Programma's: 700 + 100 + 100 = 900.000 → 700 + 95 + 50 = 845.000.
    programmes = cell(comparison.groups[2].total, 2026)
    assert (programmes.old, programmes.new) == (900_000, 845_000)
    # Totale lasten: 300.000 + 900.000 = 1.200.000 → 300.000 + 845.000 = 1.145.000.
    costs = cell(comparison.total_costs, 2026)
    assert (costs.old, costs.new, costs.difference.euros) == (1_200_000, 1_145_000, -55_000)
    # Resultaat: 0 → 1.250.000 − 1.145.000 = 105.000; no % of 0.
    result = cell(comparison.result, 2026)
    assert (result.old, result.new, result.difference.euros) == (0, 105_000, 105_000)
    assert result.percent_text == "" and result.euros_text == "+105.000"
    assert cell(comparison.result, 2025).absent_in == "nieuw"
    assert comparison.result.is_total and comparison.total_costs.title == "Totale lasten"


def test_only_what_differs_keeps_the_totals():
    comparison = compare_tables(OLD, NEW_).only_differences()
    assert [row.title for row in comparison.groups[1].rows] == []  # the afdracht is the same
    assert comparison.groups[1].total.title == "Totaal afdrachten"
    assert "Zware ondersteuning" in rows_of(comparison, INC)
    # Programma 1 is the same in 2026 and 2027 (2025 and 2028 are in one version only).
    assert list(rows_of(comparison, PR)) == [
        "Programma 9 (stopt)",
        "Programma 3 Loket",
        "Programma 6 Steunpunt",
    ]


def test_sub_lines_match_by_uid_under_their_parent():
    years = (2026,)
    old = table(
        years,
        [(1, "p", PR, "Programma 1", None), (2, "s1", PR, "Post a", 1), (3, "s2", PR, "Post b", 1)],
        {2: (60,), 3: (40,)},
    )
    new = table(
        years,
        [
            (11, "p", PR, "Programma 1", None),
            (13, "s2", PR, "Post b", 11),
            (14, "s3", PR, "Post c", 11),
        ],
        {13: (50,), 14: (10,)},
    )
    rows = compare_tables(old, new).groups[2].rows
    assert [(r.title, r.depth, r.status) for r in rows] == [
        ("Programma 1", 0, ""),
        ("Post a", 1, GONE),
        ("Post b", 1, ""),
        ("Post c", 1, NEW),
    ]
    assert (cell(rows[0], 2026).old, cell(rows[0], 2026).new) == (100, 60)


# --- The page --------------------------------------------------------------------------------


def url(name: str, **kwargs) -> str:
    return reverse(f"finance:{name}", kwargs={"tenant_code": "VOA001", **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def two_versions(world):
    """A's adopted 1.0 (2025–2027) and its concept 2.0 with one change and one new line."""
    adopted = a_begroting(world.tenant_a, adopted=True)
    concept = a_concept_after(adopted)
    with scope(tenant=world.tenant_a):
        services.amounts_set(
            line=line_titled(concept, "Programma 3 Loket"), amounts={2026: 250_000}
        )
        services.line_create(
            begroting=concept, group=PR, title="Programma 6 Steunpunt", amounts={2027: 40_000}
        )
    return adopted, concept


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["bestuurder", "toezicht"])
def test_the_page_compares_a_concept_with_the_version_it_is_based_on(
    world, login, two_versions, role
):
    adopted, concept = two_versions
    response = login(world.user(role)).get(url("begroting_compare", begroting_id=concept.pk))
    assert response.status_code == 200
    assert (response.context["old"], response.context["new"]) == (adopted, concept)
    page = text(response)
    assert "Van versie 1.0 (2025–2027, vastgesteld) naar versie 1.1" in page
    assert "+50.000" in page and "+25,0%" in page  # Loket 2026: 200.000 → 250.000
    assert "Programma 6 Steunpunt" in page and ">nieuw<" in page


@pytest.mark.django_db
def test_only_the_lines_that_differ(world, login, two_versions):
    adopted, concept = two_versions
    client = login(world.user("bestuurder"))
    response = client.get(
        url("begroting_compare", begroting_id=concept.pk),
        {"oud": adopted.pk, "nieuw": concept.pk, "verschillen": "1"},
    )
    titles = [r.title for g in response.context["comparison"].groups for r in g.rows]
    assert titles == ["Programma 3 Loket", "Programma 6 Steunpunt"]
    assert "Zware ondersteuning" not in text(response) and "Totale baten" in text(response)


@pytest.mark.django_db
def test_htmx_swaps_only_the_comparison(world, login, two_versions):
    adopted, concept = two_versions
    response = login(world.user("toezicht")).get(
        url("begroting_compare", begroting_id=adopted.pk),
        {"oud": adopted.pk, "nieuw": concept.pk},
        headers={"HX-Request": "true"},
    )
    body = text(response)
    assert "<h1" not in body and "Van versie 1.0" in body and "<table" in body


@pytest.mark.django_db
def test_the_same_version_twice_is_said_not_compared(world, login, two_versions):
    adopted, _concept = two_versions
    response = login(world.user("bestuurder")).get(
        url("begroting_compare", begroting_id=adopted.pk), {"oud": adopted.pk, "nieuw": adopted.pk}
    )
    assert "twee keer dezelfde versie" in text(response) and "comparison" not in response.context


@pytest.mark.django_db
def test_the_inspectie_compares_only_vastgestelde_versions(world, login, two_versions):
    adopted, concept = two_versions
    client = login(world.user("inspectie"))
    alone = client.get(url("begroting_compare", begroting_id=adopted.pk))
    assert alone.status_code == 200 and "geen andere versie" in text(alone)
    assert "Versie 1.1" not in text(alone)
    assert (
        client.get(
            url("begroting_compare", begroting_id=adopted.pk), {"nieuw": concept.pk}
        ).status_code
        == 404
    )
    # Once 2.0 is adopted too, the inspectie compares the two.
    with scope(tenant=world.tenant_a):
        from .builders import ADOPTED_ON, record_required_steps

        record_required_steps(concept)
        services.begroting_adopt(begroting=concept, on=ADOPTED_ON)
    both = client.get(url("begroting_compare", begroting_id=concept.pk))
    assert both.status_code == 200 and (both.context["old"], both.context["new"]) == (
        adopted,
        concept,
    )


@pytest.mark.django_db
def test_another_tenants_version_is_a_404(world, login, two_versions):
    _adopted, concept = two_versions
    other = a_begroting(world.tenant_b, adopted=True)
    response = login(world.user("bestuurder")).get(
        url("begroting_compare", begroting_id=concept.pk), {"oud": other.pk}
    )
    assert response.status_code == 404
