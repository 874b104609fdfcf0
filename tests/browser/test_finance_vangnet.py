"""The vangnet's journeys (issue #15, Bijlage 2), clicked as its users click.

1. The bestuurder opens the Vangnet from the Hoofdmenu, finds the demo's geverifieerde claim of
   Het Anker vso, approves it (first for more than was claimed: the Dutch message says why),
   sees it in the overview, then on the school's page overrules the Loket's count on 1 september
   with DUO's figure and sees the cell say "DUO".
2. The demo zorgcoördinator (Lindenhof College, a VO school) sees no special-education school
   in the overview, and Het Anker's claim and page answer 404.

Every page a journey lands on passes ``support.page_problems`` (status, one h1, a Dutch title,
axe, no sideways scrolling at 320 px, no console errors or failed requests).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from finance.models import ClaimStatus, VangnetClaim, VangnetFigure
from swvportal.accounts.models import Role
from tests.browser.support import page_problems

pytestmark = pytest.mark.browser
ANKER = "Het Anker vso"


def _look(page, recorder, problems: list[str]) -> None:
    page.wait_for_load_state()
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    path = "/" + page.url.split("/", 3)[-1]
    problems += [f"{path}: {p}" for p in page_problems(page, recorder, status)]


def test_the_bestuurder_approves_the_demo_claim_and_overrules_a_figure(demo, as_role):
    page, recorder = as_role(Role.BESTUURDER)
    problems: list[str] = []
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Vangnet", exact=True
    ).click()
    expect(page.locator("h1")).to_have_text("Vangnet")
    _look(page, recorder, problems)
    row = page.locator("table.vangnet-overview tr", has_text=ANKER)
    expect(row).to_contain_text("Geverifieerd")
    row.get_by_role("link", name="Geverifieerd").click()
    expect(page.locator("h1")).to_contain_text(f"Vangnetdeclaratie {ANKER}")
    _look(page, recorder, problems)

    with scopes_disabled():
        claim = VangnetClaim.objects.get(tenant=demo.tenant)
    form = page.locator("form", has=page.get_by_role("button", name="Goedkeuren"))
    form.get_by_label(re.compile("^Goedgekeurd bedrag")).fill(f"{claim.amount_claimed + 1:.0f}")
    form.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".error-summary")).to_contain_text("hoger dan het gedeclareerde bedrag")
    recorder.take()  # the refusal's 400, as the browser logs it
    form = page.locator("form", has=page.get_by_role("button", name="Goedkeuren"))
    form.get_by_label(re.compile("^Goedgekeurd bedrag")).fill(f"{claim.amount_claimed:.0f}")
    form.get_by_role("button", name="Goedkeuren").click()
    expect(page.locator(".messages")).to_contain_text("De declaratie is goedgekeurd")
    _look(page, recorder, problems)
    with scopes_disabled():
        claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.amount_approved == claim.amount_claimed

    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link", name=ANKER).click()
    expect(page.locator("h1")).to_contain_text(f"Vangnet {ANKER}")
    _look(page, recorder, problems)
    form = page.locator("form", has=page.get_by_role("button", name="Cijfer opslaan"))
    form.get_by_label("Welk cijfer").select_option("tlv")
    form.get_by_label("Peildatum").select_option("sep")
    form.get_by_label("Categorie").select_option("midden")
    form.get_by_label("Aantal leerlingen").fill("4")
    form.get_by_label("Bron").select_option("duo")
    form.get_by_label("Toelichting").fill("Telling DUO 1 oktober")
    form.get_by_role("button", name="Cijfer opslaan").click()
    expect(page.locator(".messages")).to_contain_text("Het cijfer is opgeslagen")
    cell = page.locator("table.vangnet-figures tr", has_text="op 1 september").nth(0)
    expect(cell).to_contain_text("DUO")
    _look(page, recorder, problems)
    with scopes_disabled():
        assert VangnetFigure.objects.filter(tenant=demo.tenant, source="duo", value=4).exists()
    assert not problems, "\n".join(problems)


def test_the_demo_zorgcoordinator_reaches_no_other_schools_vangnet(demo, as_role, live_server):
    page, recorder = as_role(Role.ZORGCOORDINATOR)
    problems: list[str] = []
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Vangnet", exact=True
    ).click()
    _look(page, recorder, problems)
    expect(page.locator("main")).not_to_contain_text(ANKER)
    expect(page.locator("main")).to_contain_text("geen scholen voor speciaal onderwijs")
    with scopes_disabled():
        claim = VangnetClaim.objects.get(tenant=demo.tenant)
    code = demo.tenant.code
    for url in (
        reverse("finance:claim_detail", kwargs={"tenant_code": code, "claim_id": claim.pk}),
        reverse(
            "finance:vangnet_school",
            kwargs={
                "tenant_code": code,
                "school_id": claim.school_id,
                "school_year": claim.school_year,
            },
        ),
    ):
        assert page.goto(live_server.url + url).status == 404
    assert not problems, "\n".join(problems)
