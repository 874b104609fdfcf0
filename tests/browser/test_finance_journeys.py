"""The begroting's cycle (issue #15), clicked as its users click:

1. The bestuurder opens the demo's concept 2026–2030, changes a line in place, compares the
   concept with the vastgestelde version 1.0 and sees that change in euros and %, records the
   RvT's approval (the financiële commissie and the OPR have had their say already) and adopts
   the version on the ALV's date. The version is read-only from then on.
2. Toezicht reads the vastgestelde version and is offered nothing to change; the edit page of a
   line answers 403.

Every page a journey lands on passes ``support.page_problems`` (status, one h1, a Dutch title,
axe, no sideways scrolling at 320 px, no console errors).
"""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from finance import services
from finance.models import (
    Begroting,
    BegrotingApproval,
    BegrotingStatus,
    BudgetAmount,
    BudgetLine,
)
from swvportal.accounts.models import Role
from swvportal.core.versioning import ApprovalBody, ApprovalKind, ApprovalOutcome
from tests.browser.test_finance_pages import LOKET, TITLE, _named, _open_concept, _row
from tests.browser.test_jaarplan_journeys import Actor, Gate, _swap

pytestmark = pytest.mark.browser

ADOPTED_ON = datetime.date(2026, 11, 24)


@pytest.fixture
def actor(as_role):
    gate = Gate()
    return lambda role: Actor(*as_role(role), gate)


@pytest.fixture
def concept(demo):
    """The demo's concept 2.0, with the financiële commissie's advice and the OPR's approval
    already in its trail (the RvT's is the journey's)."""
    with scopes_disabled():
        concept = Begroting.objects.get(tenant=demo.tenant, status=BegrotingStatus.CONCEPT)
        for body, kind, day in (
            (ApprovalBody.FINANCE, ApprovalKind.ADVICE, datetime.date(2026, 10, 26)),
            (ApprovalBody.OPR, ApprovalKind.APPROVAL, datetime.date(2026, 11, 16)),
        ):
            services.approval_add(
                begroting=concept,
                data={"body": body, "kind": kind, "date": day, "outcome": ApprovalOutcome.POSITIVE},
            )
    return concept


def test_the_bestuurder_edits_compares_records_the_rvt_and_adopts(demo, concept, actor):
    boss = actor(Role.BESTUURDER)
    page = boss.page
    _open_concept(boss)

    # A line changed in place: Programma 3 Loket 2027 from 95.000 to 101.500.
    _swap(page, lambda: page.get_by_role("link", name=_named("Bedragen wijzigen")).click())
    field = page.locator("tr.budget-row--editing").get_by_label(f"Bedrag 2027 voor {LOKET}")
    field.fill("101.500")
    _swap(page, lambda: field.press("Enter"))
    expect(_row(page, LOKET)).to_contain_text("101.500")
    boss.look()

    # Compared with the vastgestelde version 1.0, which had 77.000 for 2027.
    page.get_by_role("link", name="Vergelijken", exact=True).click()
    expect(page.locator("h1")).to_have_text("Versies van de begroting vergelijken")
    boss.look()
    compared = page.locator("tr", has=page.locator("th", has_text=re.compile(f"^{LOKET}")))
    expect(compared.first).to_contain_text("77.000")
    expect(compared.first).to_contain_text("101.500")
    expect(compared.first).to_contain_text("24.500")  # the difference in euros
    expect(compared.first).to_contain_text("31,8")  # and in % of 77.000
    page.go_back()
    page.wait_for_load_state()

    # The RvT's approval, recorded by the bestuurder.
    page.get_by_role("link", name="Stap vastleggen").click()
    boss.look()
    page.get_by_label("Orgaan").select_option(label="Raad van toezicht (RvT)")
    page.get_by_label("Soort").select_option(label="Goedkeuring")
    page.get_by_label(re.compile("^Datum van het besluit")).fill("23-11-2026")
    page.get_by_label("Uitkomst").select_option(label="Positief (verleend)")
    page.get_by_role("button", name=re.compile("^(Opslaan|Stap vastleggen)")).click()
    boss.look()
    trail = page.locator("#status table")
    expect(trail).to_contain_text("Raad van toezicht (RvT)")
    expect(trail).to_contain_text("23-11-2026")

    # Adopted on the ALV's date: the version is read-only from now on.
    page.get_by_role("link", name="Vaststellen", exact=True).click()
    expect(page.locator("h1")).to_have_text("Begroting vaststellen")
    boss.look()
    page.get_by_label(re.compile("^Datum van de ALV")).fill(ADOPTED_ON.strftime("%d-%m-%Y"))
    page.locator("main").get_by_role("button", name="Vaststellen").click()
    boss.look()
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("Deze versie is vastgesteld")
    expect(page.get_by_role("link", name=_named("Bedragen wijzigen"))).to_have_count(0)
    with scopes_disabled():
        concept.refresh_from_db()
        assert (concept.status, concept.adopted_on) == (BegrotingStatus.ADOPTED, ADOPTED_ON)
        line = BudgetLine.objects.get(begroting=concept, title=LOKET)
        assert BudgetAmount.objects.get(line=line, year=2027).amount == 101_500
        assert BegrotingApproval.objects.filter(begroting=concept, body=ApprovalBody.RVT).exists()
    assert not boss.gate.problems, "\n".join(boss.gate.problems)


def test_toezicht_reads_the_vastgestelde_version_and_cannot_edit(demo, actor):
    reader = actor(Role.TOEZICHT)
    page = reader.page
    reader.menu("Begroting")
    page.locator("main").get_by_role("link", name="Meerjarenbegroting 2025–2029").click()
    reader.look()
    expect(page.locator("h1")).to_have_text("Meerjarenbegroting 2025–2029")
    expect(_row(page, LOKET)).to_contain_text("100.000")
    main = page.locator("main")
    expect(
        main.get_by_role("link", name=re.compile("^(Bedragen wijzigen|Regel |Vaststellen)"))
    ).to_have_count(0)
    expect(main.get_by_role("button")).to_have_count(0)
    with scopes_disabled():
        adopted = Begroting.objects.get(tenant=demo.tenant, status=BegrotingStatus.ADOPTED)
        line = BudgetLine.objects.get(begroting=adopted, title=LOKET)
    edit = reverse(
        "finance:amounts_edit",
        kwargs={"tenant_code": demo.tenant.code, "begroting_id": adopted.pk, "line_id": line.pk},
    )
    response = page.request.get(edit)
    assert response.status == 403
    assert not reader.gate.problems, "\n".join(reader.gate.problems)
