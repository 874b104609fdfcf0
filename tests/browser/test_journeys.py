"""Journeys per role, clicked as a user clicks: the work each role comes to the portal for.

Jobs run in-process (``eager_tasks``) also in CI's Redis pass, so a journey that starts one waits
on the live server's own thread instead of a worker.
"""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from referrals.models import AbsenceRegistration, OppRegistration
from swvportal.accounts.models import Role

pytestmark = pytest.mark.browser

HOME = "/VO0001/"


def test_the_bestuurder_takes_a_new_plan_version_from_edit_to_adopted_pdf(
    demo, as_role, eager_tasks, tmp_path
):
    page, recorder = as_role(Role.BESTUURDER)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Ondersteuningsplan"
    ).click()
    page.locator("main").get_by_role("link", name=re.compile("RefSVO 2026")).first.click()
    page.get_by_role("link", name="Nieuwe versie maken").click()
    page.get_by_role("button", name="Nieuwe versie maken").click()
    expect(page.locator("main")).to_contain_text(re.compile(r"Versie\s*4\.1"))

    # Inline edit of the first chapter: the form swaps in, the saved part swaps back.
    chapter = page.locator("article.chapter").first
    chapter.get_by_role("link", name=re.compile("^Bewerken")).click()
    title = page.locator("form input[name=title]")
    title.fill("Samenvatting voor iedereen")
    page.get_by_role("button", name="Opslaan").click()
    saved = page.locator("article.chapter").first
    expect(saved).to_contain_text("Opgeslagen")
    expect(saved).to_contain_text("Samenvatting voor iedereen")
    # portal.js moves the focus once the swapped part has settled (htmx:afterSettle), a moment
    # after its text is in the page: wait for that, then check where it went.
    page.wait_for_function("document.activeElement !== document.body", timeout=5000)
    assert page.evaluate("document.activeElement.closest('article.chapter') !== null"), (
        "the focus did not go to the saved chapter"
    )

    # Compare with 4.0: the changed chapter is listed.
    page.get_by_role("link", name="Vergelijken met een andere versie").click()
    expect(page.locator("main")).to_contain_text("Samenvatting voor iedereen")
    page.go_back()

    # The OPR's consent for this version, then adoption.
    page.get_by_role("link", name=re.compile("stap toevoegen|Goedkeuring", re.I)).last.click()
    form = page.locator("form:has(select[name=body])")
    form.locator("select[name=body]").select_option("opr")
    form.locator("select[name=kind]").select_option("instemming")
    form.locator("input[name=date]").fill("12-01-2026")
    form.locator("select[name=outcome]").select_option("positief")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="Opslaan").click()
    assert answer.value.status == 200
    # This version's own step (the earlier version's trail stays below it as history).
    row = page.locator("#goedkeuringen tr.plan-item", has_text="12 januari 2026")
    expect(row).to_contain_text("Instemming")
    page.get_by_role("link", name="Vaststellen").click()
    page.get_by_role("button", name=re.compile("Ja, status wijzigen")).click()
    expect(page.locator("main")).to_contain_text("Vastgesteld")

    # The PDF: asked for, made (in-process here), downloaded.
    page.get_by_role("button", name="PDF maken").click()
    result = page.get_by_role("link", name="Resultaat openen")
    expect(result).to_be_visible(timeout=30_000)  # the job's status, polled until it is done
    with page.expect_download() as download:
        result.click()
    saved_pdf = tmp_path / "plan.pdf"
    download.value.save_as(saved_pdf)
    assert saved_pdf.read_bytes().startswith(b"%PDF")
    assert not recorder.take()


def test_herbereken_nu_refreshes_the_dashboard_table_when_the_job_is_done(
    demo, as_role, eager_tasks
):
    page, recorder = as_role(Role.BESTUURDER)
    page.goto(f"{HOME}monitoring/")
    before = page.locator("#dashboard").element_handle()
    button = page.get_by_role("button", name="Herbereken nu")
    with page.expect_response(
        lambda r: (
            r.request.headers.get("hx-request") == "true"
            and r.url.split("?")[0].endswith("/monitoring/")
            and r.request.method == "GET"
        ),
        timeout=30_000,
    ) as refresh:
        button.click()
    assert refresh.value.status == 200
    page.wait_for_function("el => !el.isConnected", arg=before)  # the table was swapped anew
    expect(page.locator("#dashboard")).to_be_visible()
    assert not recorder.take()


def test_the_zorgcoordinator_registers_a_thuiszitter_after_mending_a_bad_date(demo, as_role):
    page, recorder = as_role(Role.ZORGCOORDINATOR)
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Thuiszitters").click()
    page.get_by_role("link", name=re.compile("registratie|Nieuwe", re.I)).first.click()
    page.get_by_label("Leerlingnummer van de school").fill("BR-2026-001")
    page.get_by_label("Geboortejaar").fill("2011")
    page.get_by_label("Soort").select_option("absoluut")
    page.get_by_label("Begindatum").fill("31-02-2026")
    page.get_by_role("button", name="Opslaan").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Begindatum")
    page.get_by_label("Begindatum").fill("02-02-2026")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("BR-2026-001")
    with scopes_disabled():
        saved = AbsenceRegistration.objects.get(pupil__pupil_number="BR-2026-001")
    assert saved.start_date.isoformat() == "2026-02-02"
    assert not recorder.take()


def test_the_zorgcoordinator_registers_an_opp(demo, as_role):
    page, recorder = as_role(Role.ZORGCOORDINATOR)
    with scopes_disabled():
        before = OppRegistration.objects.filter(tenant=demo.tenant).count()
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="OPP's").click()
    page.get_by_role("link", name=re.compile("Nieuw", re.I)).first.click()
    page.get_by_label("Leerlingnummer van de school").fill("BR-OPP-7")
    page.get_by_label("Geboortejaar").fill("2012")
    page.get_by_label("Datum plaatsing").fill("01-09-2026")
    page.get_by_label("Leerling gehoord op").fill("20-09-2026")
    page.get_by_label("Hoe gehoord").select_option(index=1)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("BR-OPP-7")
    with scopes_disabled():
        assert OppRegistration.objects.filter(tenant=demo.tenant).count() == before + 1
    assert not recorder.take()


IMPORT_HEADER = (
    "leerlingnummer,geboortejaar,initialen,soort,wettelijke_grond,begindatum,einddatum,reden,"
    "partners,plan,laatste_contact,uitkomst\n"
)
ROW = "{},2011,,absoluut,,{},,,,,,\n"


def test_the_zorgcoordinator_imports_a_csv_after_a_dry_run_shows_the_bad_row(
    demo, as_role, tmp_path
):
    page, recorder = as_role(Role.ZORGCOORDINATOR)
    bad = tmp_path / "thuiszitters-fout.csv"
    first = ROW.format("IMP-1", "01-09-2026")
    bad.write_text(IMPORT_HEADER + first + ROW.format("IMP-2", "99-99-2026"))
    good = tmp_path / "thuiszitters.csv"
    good.write_text(IMPORT_HEADER + first + ROW.format("IMP-2", "02-09-2026"))
    with scopes_disabled():
        before = AbsenceRegistration.objects.filter(tenant=demo.tenant).count()
    page.goto(f"{HOME}leerlingen/importeren/thuiszitters/")
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(bad)
    page.get_by_role("button", name=re.compile("^Controleren")).click()
    expect(page.locator("main")).to_contain_text("er zijn fouten")
    # The bad line by its number in the file (not by pupil), and what to mend.
    expect(page.locator("main")).to_contain_text("begindatum: '99-99-2026' is geen geldige datum")
    with scopes_disabled():
        assert AbsenceRegistration.objects.filter(tenant=demo.tenant).count() == before
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(good)
    page.get_by_role("button", name=re.compile("^Controleren")).click()
    expect(page.locator("main")).to_contain_text("geen fouten gevonden")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h2#resultaat-titel")).to_have_text("Opgeslagen")
    with scopes_disabled():
        assert AbsenceRegistration.objects.filter(tenant=demo.tenant).count() == before + 2
    assert not recorder.take()


def test_toezicht_finds_no_pupil_data_and_small_counts_hidden(demo, as_role, live_server):
    page, _ = as_role(Role.TOEZICHT)
    with scopes_disabled():
        numbers = {
            n
            for model in (AbsenceRegistration, OppRegistration)
            for n in model.objects.filter(tenant=demo.tenant).values_list(
                "pupil__pupil_number", flat=True
            )
        }
    assert numbers
    seen_hidden = False
    nav = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link")
    for href in [HOME, *nav.evaluate_all("as => as.map(a => a.getAttribute('href'))")]:
        page.goto(href)
        text = page.locator("main").inner_text()
        leaked = {n for n in numbers if n in text}
        assert not leaked, f"{href} shows pupil numbers {sorted(leaked)[:3]}"
        seen_hidden |= "niet getoond" in text
    for path in ("leerlingen/thuiszitters/", "leerlingen/opp/", "leerlingen/scholen/"):
        assert page.goto(f"{HOME}{path}").status == 403
    assert seen_hidden, "no page showed a small count as 'niet getoond'"


def test_a_keyboard_user_fills_a_form_and_lands_on_the_error_summary(demo, as_role):
    page, _ = as_role(Role.ZORGCOORDINATOR)
    page.goto(f"{HOME}leerlingen/thuiszitters/nieuw/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Naar de inhoud"
    page.keyboard.press("Enter")  # the skip link: the next Tab lands in the content
    order = []
    for _ in range(40):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.name || document.activeElement.textContent")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"
        )
        assert style, f"no visible focus on {name!r}"
        order.append(name.strip())
        if name.strip() == "Opslaan":
            break
    fields = [n for n in order if n in ("school", "pupil_number", "birth_year", "start_date")]
    assert fields == ["school", "pupil_number", "birth_year", "start_date"], order
    page.keyboard.press("Enter")  # submit the empty form
    page.wait_for_selector(".error-summary")
    page.wait_for_function(  # the summary takes the focus, so it is read out first
        "() => document.activeElement.classList.contains('error-summary')", timeout=3_000
    )
