"""The journeys of part "reports" of the begroting, clicked as its users click.

1. The bestuurder opens the vastgestelde begroting 1.0 (its reserves and Loket forecast panels),
   goes to the managementrapportage of Q3 2026, gives "Programma 3 Loket" an own prognosis in
   its row (htmx: first without a toelichting, refused in Dutch, then with one), reads Q2 2026
   in again from an Excel file (check first, then "Inlezen") and lands on that report.
2. Toezicht reads the same report and is offered no way to change it.

The version page is typed (the begroting list is another part's); everything else is reached
through the links on the pages. Every page passes ``support.page_problems`` (one h1, a Dutch
title, axe, no sideways scrolling at 320 px, no console errors).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from finance.models import Begroting, BegrotingStatus, PrognosisOverride
from finance.tests.reports_files import xlsx
from swvportal.accounts.models import Role
from tests.browser.support import page_problems

pytestmark = pytest.mark.browser
HTMX = "hx-request"
REFUSAL = re.compile(r"^(HTTP 422: POST |console\.error: Failed to load resource: .* 422 )")


def _look(page, recorder, problems: list[str]) -> None:
    page.wait_for_load_state()
    page.wait_for_function("() => !document.body.classList.contains('htmx-request')")
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    path = "/" + page.url.split("/", 3)[-1]
    problems += [f"{path}: {p}" for p in page_problems(page, recorder, status)]


def _swap(page, action) -> None:
    with page.expect_response(lambda r: r.request.headers.get(HTMX) == "true"):
        action()
    page.wait_for_function("() => !document.body.classList.contains('htmx-request')")


def _version_1(demo) -> Begroting:
    with scopes_disabled():
        return Begroting.objects.get(
            tenant=demo.tenant, status=BegrotingStatus.ADOPTED, version_major=1
        )


def test_the_bestuurder_overrides_a_prognosis_and_reads_realisation_in(
    demo, as_role, live_server, tmp_path
):
    page, recorder = as_role(Role.BESTUURDER)
    problems: list[str] = []
    adopted = _version_1(demo)
    url = reverse(
        "finance:begroting_detail", kwargs={"tenant_code": "VO0001", "begroting_id": adopted.pk}
    )
    page.goto(live_server.url + url)
    expect(page.locator("#reserves")).to_contain_text("Eigen vermogen per jaar")
    expect(page.locator("#prognose-loket")).to_contain_text("Afdracht ondersteuningsbekostiging")
    _look(page, recorder, problems)
    page.get_by_role("link", name="Managementrapportages").click()
    expect(page.locator("h1")).to_have_text("Managementrapportages")
    _look(page, recorder, problems)
    page.locator("main").get_by_role("link", name=re.compile("Ingelezen op")).nth(2).click()
    expect(page.locator("h1")).to_have_text("Managementrapportage Q3 2026")
    _look(page, recorder, problems)

    page.evaluate("window.zelfdePagina = true")
    row = page.locator("tr", has_text="Programma 3 Loket")
    _swap(page, lambda: row.get_by_role("link", name=re.compile("^Aanpassen")).click())
    editing = page.locator("tr.budget-row--editing form")
    editing.get_by_label(re.compile("^Prognose voor het hele jaar")).fill("125.000")
    _swap(page, lambda: editing.get_by_role("button", name="Prognose opslaan").click())
    expect(editing.locator(".error-summary")).to_contain_text("Schrijf in de toelichting")
    problems += [p for p in recorder.take() if not REFUSAL.match(p)]
    _look(page, recorder, problems)
    editing.get_by_label("Toelichting").fill("Twee extra deskundigen tot de zomer.")
    _swap(page, lambda: editing.get_by_role("button", name="Prognose opslaan").click())
    row = page.locator("tr", has_text="Programma 3 Loket")
    expect(row).to_contain_text("125.000")
    expect(row).to_contain_text("Twee extra deskundigen tot de zomer.")
    assert page.evaluate("window.zelfdePagina === true"), "a page load, not a swap"
    _look(page, recorder, problems)
    with scopes_disabled():
        assert PrognosisOverride.objects.filter(line__title="Programma 3 Loket").exists()

    page.get_by_role("link", name="Q2").click()
    page.get_by_role("link", name="Lees de realisatie opnieuw in").click()
    expect(page.locator("h1")).to_have_text("Realisatie inlezen")
    _look(page, recorder, problems)
    upload = tmp_path / "realisatie-q2.xlsx"
    upload.write_bytes(xlsx([("Zware ondersteuning", "9.800.000"), ("Programma 3 Loket", 50_000)]))
    page.get_by_label("Excel-bestand (.xlsx)").set_input_files(str(upload))
    page.get_by_role("button", name=re.compile("^Controleren")).click()
    expect(page.locator("main")).to_contain_text("Controle klaar: geen fouten gevonden")
    expect(page.locator("main")).to_contain_text("Die worden vervangen")
    _look(page, recorder, problems)
    page.get_by_role("button", name="Inlezen").click()
    expect(page.locator(".messages")).to_contain_text("Realisatie Q2 2026 ingelezen")
    expect(page.locator("h1")).to_have_text("Managementrapportage Q2 2026")
    _look(page, recorder, problems)
    assert problems == []


def test_toezicht_reads_the_report_and_cannot_change_it(demo, as_role, live_server):
    page, recorder = as_role(Role.TOEZICHT)
    problems: list[str] = []
    url = reverse("finance:report_list", kwargs={"tenant_code": "VO0001"})
    page.goto(live_server.url + url)
    _look(page, recorder, problems)
    page.locator("main").get_by_role("link", name=re.compile("Ingelezen op")).first.click()
    expect(page.locator("h1")).to_have_text("Managementrapportage Q1 2026")
    expect(page.locator("main")).not_to_contain_text("Aanpassen")
    expect(page.get_by_role("link", name="Realisatie inlezen")).to_have_count(0)
    _look(page, recorder, problems)
    assert problems == []
