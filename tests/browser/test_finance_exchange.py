"""The begroting's exchange, clicked as its users click (issue #15, point 8).

1. The bestuurder opens the vastgestelde Bijlage 3 through the Hoofdmenu, downloads it as Excel
   and as JSON from the panel *Exporteren en inlezen*, reads the Excel file in (the dry run
   shows the new concept's table; "Inlezen" makes it and lands on its page with a message), and
   sees a malformed JSON refused with the path of the bad field, nothing made.
2. Toezicht downloads from the same panel, is offered no import, and the import page answers 403.

Every page the journeys land on passes ``support.page_problems`` (status, one h1, a Dutch title,
axe, no sideways scrolling at 320 px, no console errors).
"""

from __future__ import annotations

import json
import re

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect

from finance.models import Begroting
from swvportal.accounts.models import Role
from tests.browser.support import page_problems

pytestmark = pytest.mark.browser
ADOPTED = "Meerjarenbegroting 2025–2029"


def _look(page: Page, recorder, problems: list[str]) -> None:
    page.wait_for_load_state()
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    path = "/" + page.url.split("/", 3)[-1]
    problems += [f"{path}: {p}" for p in page_problems(page, recorder, status)]


def _open_adopted(page: Page, recorder, problems: list[str]) -> None:
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Begroting", exact=True
    ).click()
    _look(page, recorder, problems)
    page.locator("main").get_by_role("link", name=ADOPTED).first.click()
    expect(page.locator("h1")).to_have_text(ADOPTED)
    _look(page, recorder, problems)


def _download(page: Page, name: str, target) -> bytes:
    with page.expect_download() as download:
        page.get_by_role("link", name=name).click()
    download.value.save_as(target)
    return target.read_bytes()


def test_the_bestuurder_exports_and_reads_a_begroting_in(demo, as_role, tmp_path):
    page, recorder = as_role(Role.BESTUURDER)
    problems: list[str] = []
    _open_adopted(page, recorder, problems)
    panel = page.locator("section", has=page.get_by_role("heading", name="Exporteren en inlezen"))
    expect(panel).to_be_visible()
    raw = _download(page, "Exporteren (JSON)", tmp_path / "begroting.json")
    assert json.loads(raw)["schema"] == "swvportal.begroting/1"
    xlsx = tmp_path / "begroting.xlsx"
    assert _download(page, "Exporteren (Excel)", xlsx).startswith(b"PK")
    with scopes_disabled():
        before = Begroting.objects.filter(tenant=demo.tenant).count()

    panel.get_by_role("link", name=re.compile("^Een begroting inlezen")).click()
    expect(page.locator("h1")).to_have_text("Begroting inlezen")
    _look(page, recorder, problems)
    page.get_by_label("Bestand (.xlsx of .json)").set_input_files(str(xlsx))
    page.get_by_role("button", name=re.compile("^Controleren")).click()
    expect(page.locator("main")).to_contain_text("Controle klaar: geen fouten gevonden")
    expect(page.locator("#begroting-tabel")).to_contain_text("33.026.007")
    _look(page, recorder, problems)
    page.get_by_role("button", name="Inlezen").click()
    expect(page.locator(".messages")).to_contain_text("is ingelezen als nieuwe conceptbegroting")
    expect(page.locator("h1")).to_have_text(ADOPTED)
    _look(page, recorder, problems)
    with scopes_disabled():
        assert Begroting.objects.filter(tenant=demo.tenant).count() == before + 1

    document = json.loads(raw)
    document["regels"][3]["bedragen"]["2026"] = "veel"
    bad = tmp_path / "fout.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    page.goto(reverse("finance:begroting_import", kwargs={"tenant_code": demo.tenant.code}))
    page.get_by_label("Bestand (.xlsx of .json)").set_input_files(str(bad))
    page.get_by_role("button", name=re.compile("^Controleren")).click()
    expect(page.locator("main")).to_contain_text("Controle klaar: er zijn fouten")
    expect(page.locator("main")).to_contain_text("regels[3].bedragen.2026")
    expect(page.locator("main")).to_contain_text("'veel' is geen bedrag in hele euro's")
    expect(page.get_by_role("button", name="Inlezen")).to_have_count(0)
    _look(page, recorder, problems)
    with scopes_disabled():
        assert Begroting.objects.filter(tenant=demo.tenant).count() == before + 1
    assert problems == []


def test_toezicht_downloads_but_reads_nothing_in(demo, as_role, tmp_path):
    page, recorder = as_role(Role.TOEZICHT)
    problems: list[str] = []
    _open_adopted(page, recorder, problems)
    assert _download(page, "Exporteren (Excel)", tmp_path / "b.xlsx").startswith(b"PK")
    expect(page.get_by_role("link", name=re.compile("^Een begroting inlezen"))).to_have_count(0)
    url = reverse("finance:begroting_import", kwargs={"tenant_code": demo.tenant.code})
    assert page.goto(url).status == 403
    assert problems == []
