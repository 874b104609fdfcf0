"""The begroting's page (issue #15, part "pages"), clicked as its users click.

1. The bestuurder opens the demo's concept 2026–2030 through the Hoofdmenu, changes a line's
   amounts in place (htmx, no page load): a bedrag with cents is refused at its field, the good
   one saved with Enter, the totals follow and the focus stays on the row; Escape puts a row
   back unchanged; a line moves down.
2. Toezicht reads the same concept and is offered nothing to change.

Every page a journey lands on, and every part htmx swaps in, passes ``support.page_problems``
(status, one h1, a Dutch title, axe, no sideways scrolling at 320 px, no console errors).
"""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from finance.models import Begroting, BudgetAmount, BudgetLine, LineGroup
from finance.rules import format_euros
from finance.selectors import begroting_table
from swvportal.accounts.models import Role
from tests.browser.test_jaarplan_journeys import Actor, Gate, _swap

pytestmark = pytest.mark.browser

LOKET = "Programma 3 Loket"
TITLE = "Meerjarenbegroting 2026–2030"


@pytest.fixture
def actor(as_role):
    gate = Gate()
    return lambda role: Actor(*as_role(role), gate)


def _row(page: Page, title: str):
    return page.locator("tr.budget-row", has=page.locator("th", has_text=re.compile(f"^{title}")))


def _named(action: str) -> re.Pattern:
    """An action's accessible name: its word and, visually hidden, the line it acts on."""
    return re.compile(rf"^{action}\s*: {LOKET}$")


def _open_concept(who: Actor) -> None:
    page = who.page
    who.menu("Begroting")
    page.locator("main").get_by_role("link", name=TITLE).click()
    expect(page.locator("h1")).to_have_text(TITLE)
    who.look()


def _concept(demo):
    with scopes_disabled():
        concept = Begroting.objects.get(tenant=demo.tenant, status="concept")
        return concept, BudgetLine.objects.get(begroting=concept, title=LOKET)


def test_the_bestuurder_changes_amounts_in_place_and_the_totals_follow(demo, actor):
    boss = actor(Role.BESTUURDER)
    page = boss.page
    concept, line = _concept(demo)
    _open_concept(boss)
    boss.mark_page()

    _swap(page, lambda: page.get_by_role("link", name=_named("Bedragen wijzigen")).click())
    editing = page.locator("tr.budget-row--editing")
    field = editing.get_by_label(f"Bedrag 2026 voor {LOKET}")
    expect(field).to_be_focused()
    boss.look()
    field.fill("120.000,50")
    _swap(page, lambda: field.press("Enter"))
    expect(editing.locator(".field-error")).to_contain_text("zonder centen")
    boss.refused_in_place()
    boss.look()
    with scopes_disabled():
        assert BudgetAmount.objects.get(line=line, year=2026).amount == 89_500

    field = page.locator("tr.budget-row--editing").get_by_label(f"Bedrag 2026 voor {LOKET}")
    field.fill("120.000")
    _swap(page, lambda: field.press("Enter"))
    row = _row(page, LOKET)
    expect(row).to_contain_text("120.000")
    expect(row).to_contain_text("Opgeslagen")
    expect(row).to_be_focused()
    expect(page.locator("#live-status")).to_contain_text(f"Opgeslagen: de bedragen van {LOKET}.")
    with scopes_disabled():
        assert BudgetAmount.objects.get(line=line, year=2026).amount == 120_000
        table = begroting_table(concept)
    totals = page.locator("tr.budget-total", has_text="Totaal programma's")
    expect(totals).to_contain_text(format_euros(table.group(LineGroup.PROGRAMMES).total[2026]))
    expect(page.locator("tr.budget-result")).to_contain_text(format_euros(table.result[2026]))
    boss.look()

    # Escape puts the row back as it was.
    _swap(page, lambda: _row(page, LOKET).get_by_role("link", name=re.compile("^Bedragen")).click())
    field = page.locator("tr.budget-row--editing").get_by_label(f"Bedrag 2027 voor {LOKET}")
    field.fill("1")
    _swap(page, lambda: field.press("Escape"))
    expect(page.locator("tr.budget-row--editing")).to_have_count(0)
    expect(_row(page, LOKET)).to_be_focused()
    with scopes_disabled():
        assert BudgetAmount.objects.get(line=line, year=2027).amount == 95_000

    # A line one place down among the programma's.
    _row(page, LOKET).locator("summary", has_text="Meer").click()  # the line's other actions
    _swap(page, lambda: page.get_by_role("button", name=_named("Omlaag")).click())
    expect(page.locator("#live-status")).to_contain_text(f"“{LOKET}” staat nu op plaats 4")
    expect(_row(page, LOKET)).to_be_focused()
    boss.look()
    boss.still_same_page()
    assert not boss.gate.problems, "\n".join(boss.gate.problems)


def test_toezicht_reads_the_concept_without_controls(demo, actor):
    reader = actor(Role.TOEZICHT)
    page = reader.page
    _open_concept(reader)
    expect(_row(page, LOKET)).to_contain_text("89.500")
    main = page.locator("main")
    expect(main.get_by_role("link", name=re.compile("^(Bedragen wijzigen|Regel )"))).to_have_count(
        0
    )
    expect(main.get_by_role("button", name=re.compile("^(Omhoog|Omlaag)"))).to_have_count(0)
    assert not reader.gate.problems, "\n".join(reader.gate.problems)
