"""The steunpunt's start page: contacts per theme per month equal a hand count (two themes on
one contact count under both, none under "Geen thema"), toezicht sees "<5" and no hidden cell
can be computed back from a total, staff see the numbers and the open follow-ups (logged)."""

from __future__ import annotations

import datetime
import itertools
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.audit.models import AuditEntry

from .. import rules
from ..trends import NO_THEME, overview_table, protect_table
from .builders import a_consulent, a_contact, a_theme

B, T = Role.BESTUURDER, Role.TOEZICHT
YEAR = 2024  # 2024-2025: a school year wholly in the past


def _url(world, **query):
    url = reverse("steunpunt:overview", kwargs={"tenant_code": world.tenant_a.code})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def themes(world):
    return a_theme(world.tenant_a, "Vervoer", 1), a_theme(world.tenant_a, "Thuiszitten", 2)


@pytest.fixture
def contacts(world, themes):
    """By hand: September 2024: 6 × Vervoer, 2 × both, 1 without a theme;
    October 2024: 7 × Thuiszitten; March 2025: 10 × Vervoer. And one contact of the school year
    before (July 2024) and one of tenant B, which must not count."""
    vervoer, thuis = themes
    sep, oct_ = datetime.date(2024, 9, 10), datetime.date(2024, 10, 3)
    mar = datetime.date(2025, 3, 1)
    for _ in range(6):
        a_contact(world.tenant_a, received_on=sep, themes=[vervoer])
    for _ in range(2):
        a_contact(world.tenant_a, received_on=sep, themes=[vervoer, thuis])
    a_contact(world.tenant_a, received_on=sep)
    for _ in range(7):
        a_contact(world.tenant_a, received_on=oct_, themes=[thuis])
    for _ in range(10):
        a_contact(world.tenant_a, received_on=mar, themes=[vervoer])
    a_contact(world.tenant_a, received_on=datetime.date(2024, 7, 31), themes=[vervoer])
    a_contact(world.tenant_b, received_on=sep)


def _grid(table):
    return {row.label: [c.count for c in row.cells] for row in table.rows}


def test_the_counts_equal_a_hand_count(world, contacts):
    with scopes_disabled():
        table = overview_table(tenant=world.tenant_a, school_year=YEAR, suppress=False)
    months = [m.isoformat() for m in table.months]
    assert months[0] == "2024-08-01" and months[-1] == "2025-07-01"
    grid = _grid(table)
    sep, oct_ = months.index("2024-09-01"), months.index("2024-10-01")
    mar = months.index("2025-03-01")
    expect = {name: [0] * 12 for name in ("Vervoer", "Thuiszitten", NO_THEME)}
    expect["Vervoer"][sep] = 8
    expect["Vervoer"][mar] = 10
    expect["Thuiszitten"][sep] = 2
    expect["Thuiszitten"][oct_] = 7
    expect[NO_THEME][sep] = 1
    assert grid == expect
    assert [r.total.count for r in table.rows] == [18, 9, 1]
    assert table.totals.cells[sep].count == 11 and table.totals.total.count == 28
    assert table.contacts == "26"  # two contacts have two themes: counted once here
    assert not table.any_hidden


def test_staff_see_the_numbers_and_the_chart(world, contacts, login):
    page = login(world.user(B)).get(_url(world, schooljaar=YEAR))
    assert page.status_code == 200
    text = page.content.decode()
    assert 'role="img"' in text and "<title" in text and "Geen thema" in text
    assert "&lt;5" not in text
    assert '<td class="num">8</td>' in text and '<td class="num">1</td>' in text
    # Each drawn segment says its value; the September column of Vervoer is 8.
    assert "Vervoer, september 2024: 8" in text


def test_toezicht_sees_small_counts_as_less_than_five_and_nothing_gives_them_back(
    world, contacts, login
):
    page = login(world.user(T)).get(_url(world, schooljaar=YEAR))
    assert page.status_code == 200
    text = page.content.decode()
    assert "&lt;5" in text
    # The small cells (Thuiszitten 2 and "Geen thema" 1 in September) are not drawn.
    assert "Thuiszitten, september 2024" not in text and "Geen thema, september" not in text
    assert "Vervoer, oktober" not in text
    assert "Aantallen van 1 tot 4" in text
    # The table's numbers: no 1–4 anywhere in a cell.
    cells = re.findall(r'<td class="num">(?:<strong>)?([^<]*)', text)
    assert cells and not [c for c in cells if c in {"1", "2", "3", "4"}]
    # Nor in the chart's labels and titles.
    titles = re.findall(r"<title>([^<]*)</title>", text)
    assert not [t for t in titles if re.search(r": [1-4]$", t)]


def test_no_hidden_cell_can_be_computed_from_a_total(world, contacts):
    with scopes_disabled():
        table = overview_table(tenant=world.tenant_a, school_year=YEAR, suppress=True)
    lines = [[*r.cells, r.total] for r in table.rows]
    lines += [[*(r.cells[j] for r in table.rows), table.totals.cells[j]] for j in range(12)]
    lines.append([*(r.total for r in table.rows), table.totals.total])
    lines.append([*table.totals.cells, table.totals.total])
    for line in lines:
        assert sum(1 for cell in line if cell.hidden) != 1
    for cell in itertools.chain.from_iterable(lines):
        assert cell.hidden == (cell.label == rules.SMALL_LABEL)
        assert not cell.hidden or cell.count > 0
    assert table.any_hidden


@pytest.mark.parametrize(
    "grid",
    [
        [[2, 10, 0], [0, 10, 10]],
        [[3]],
        [[1, 0], [0, 9]],
        [[5, 6, 7], [1, 8, 9], [0, 0, 2]],
        [[0, 0], [0, 0]],
        [[8, 2, 1, 9]],  # two small ones adding up to 3 beside a shown total
        [[8, 0], [2, 9], [1, 0]],
    ],
)
def test_protect_table_leaves_no_line_with_one_hidden_entry(grid):
    cells, rows, cols, grand = protect_table(grid, suppress=True)
    n, m = len(grid), len(grid[0])
    row_sums = [sum(r) for r in grid]
    col_sums = [sum(grid[i][j] for i in range(n)) for j in range(m)]
    # Each line: (value, hidden) per part, then its total.
    lines = [
        [(grid[i][j], (i, j) in cells) for j in range(m)] + [(row_sums[i], i in rows)]
        for i in range(n)
    ]
    lines += [
        [(grid[i][j], (i, j) in cells) for i in range(n)] + [(col_sums[j], j in cols)]
        for j in range(m)
    ]
    lines += [[(row_sums[i], i in rows) for i in range(n)] + [(sum(row_sums), grand)]]
    lines += [[(col_sums[j], j in cols) for j in range(m)] + [(sum(row_sums), grand)]]
    for line in lines:
        assert sum(hidden for _, hidden in line) != 1, line
        *parts, (_, total_hidden) = line
        hidden_sum = sum(v for v, hidden in parts if hidden)
        # A shown total minus the shown parts gives back no small sum either.
        assert total_hidden or not 1 <= hidden_sum <= 4, line
    assert {(i, j) for i in range(n) for j in range(m) if 1 <= grid[i][j] <= 4} <= cells
    assert protect_table(grid, suppress=False) == (set(), set(), set(), False)


def test_the_school_years_with_contacts_are_offered(world, contacts, login):
    text = login(world.user(B)).get(_url(world)).content.decode()
    assert 'value="2024"' in text and 'value="2023"' in text  # July 2024 is 2023-2024
    assert login(world.user(B)).get(_url(world, schooljaar="2010")).status_code == 404
    assert login(world.user(B)).get(_url(world, schooljaar="abc")).status_code == 404


def test_an_empty_year_says_so(world, login):
    text = login(world.user(T)).get(_url(world)).content.decode()
    assert "nog geen contacten" in text


def test_staff_see_the_open_follow_ups_overdue_marked_and_the_read_is_logged(world, login):
    today = datetime.date.today()
    late = a_contact(
        world.tenant_a, follow_up_needed=True, follow_up_by=today - datetime.timedelta(days=3)
    )
    soon = a_contact(
        world.tenant_a, follow_up_needed=True, follow_up_by=today + datetime.timedelta(days=3)
    )
    done = a_contact(world.tenant_a, follow_up_needed=True, closed_on=today)
    a_contact(world.tenant_a)  # no follow-up
    text = login(world.user(B)).get(_url(world)).content.decode()
    assert "Open vervolgacties" in text
    assert text.index(late.reference) < text.index(soon.reference)
    assert done.reference not in text
    assert text.count("te laat") == 1
    with scopes_disabled():
        entry = AuditEntry.objects.filter(additional_data__what="steunpunt: open vervolgacties")
        assert entry.count() == 1 and entry.get().additional_data["count"] == 2


def test_toezicht_sees_no_follow_ups_no_references_and_only_its_links(world, login):
    contact = a_contact(world.tenant_a, follow_up_needed=True)
    text = login(world.user(T)).get(_url(world)).content.decode()
    assert "Open vervolgacties" not in text and contact.reference not in text
    assert "Trends" in text and "Exporteren" not in text and "Instellingen" not in text


def test_a_granted_loket_member_sees_the_staff_page(world, login):
    consulent = a_consulent(world)
    a_contact(world.tenant_a, follow_up_needed=True)
    page = login(consulent.user).get(_url(world))
    assert page.status_code == 200
    assert "Open vervolgacties" in page.content.decode()
