"""The ouder- en jeugdsteunpunt's journey (issue #16), clicked as its users click.

1. A parent, not logged in, fills in the public form about Lindenhof College (keyboard only for
   the choices) and lands on the thanks page.
2. The demo's ouder- en jeugdconsulent (the Loket member, granted the steunpunt in person) opens
   the Steunpunt from the Hoofdmenu, the contacts, the parent's new contact (its text shown as
   text), tags it as a signal in the trend "Communicatie over het OPP", and records this school
   year's feedback to Lindenhof College with that trend.
3. The zorgcoördinator of Lindenhof College opens "Terugkoppeling steunpunt" from the menu and
   reads the feedback, with the trend, and no trace of the parent's words.

Every page the journey lands on passes ``support.page_problems`` (status, one h1, a Dutch title,
axe, no sideways scrolling at 320 px, no console errors or failed requests).
"""

from __future__ import annotations

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from steunpunt.models import Contact, Feedback
from swvportal.accounts.models import Role
from swvportal.core.schoolyear import SchoolYear
from tests.browser.support import new_page, page_problems

pytestmark = pytest.mark.browser
SCHOOL = "Lindenhof College"
TREND = "Communicatie over het OPP"
WORDS = "Het OPP van mijn zoon is niet met ons besproken. <b>Wat kan ik doen?</b>"


def _look(page, recorder, problems: list[str]) -> None:
    page.wait_for_load_state()
    status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
    path = "/" + page.url.split("/", 3)[-1]
    problems += [f"{path}: {p}" for p in page_problems(page, recorder, status)]


def test_a_parents_question_becomes_a_signal_in_a_trend_and_feedback_the_school_reads(
    demo, as_role, live_server, new_context
):
    with scopes_disabled():
        # This school year's round for Lindenhof College is still to be recorded.
        Feedback.objects.filter(
            tenant=demo.tenant, school__name=SCHOOL, school_year=SchoolYear.current().start
        ).delete()
        before = Contact.objects.filter(tenant=demo.tenant).count()
    problems: list[str] = []

    # 1. The parent, without an account.
    page, recorder = new_page(new_context())
    page.goto(f"{live_server.url}/{demo.tenant.code}/steunpunt/vraag/")
    _look(page, recorder, problems)
    page.get_by_label("Ik ben ouder of verzorger").focus()
    page.keyboard.press("Space")
    page.get_by_label("Over welke school gaat het?").select_option(label=f"{SCHOOL} (Gouda)")
    page.get_by_label("Waar gaat uw vraag over?").select_option(label="OPP")
    page.get_by_label("Uw vraag of ervaring").fill(WORDS)
    page.get_by_role("button", name="Verstuur").click()
    expect(page.locator("h1")).to_contain_text("verzonden")
    _look(page, recorder, problems)
    with scopes_disabled():
        contact = Contact.objects.filter(tenant=demo.tenant).latest("pk")
        assert Contact.objects.filter(tenant=demo.tenant).count() == before + 1
    assert contact.from_form and contact.channel == "formulier" and contact.message == WORDS

    # 2. The consulent: a Loket member granted the steunpunt.
    page, recorder = as_role(Role.LOKET)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Steunpunt", exact=True
    ).click()
    _look(page, recorder, problems)
    page.get_by_role("main").get_by_role("link", name=re.compile("^Contacten")).first.click()
    _look(page, recorder, problems)
    page.get_by_role("link", name=contact.reference).click()
    expect(page.locator("h1")).to_contain_text(contact.reference)
    expect(page.locator("main")).to_contain_text(WORDS)  # as text: the <b> is not markup
    _look(page, recorder, problems)
    page.get_by_label("Dit contact is een signaal").check()
    page.get_by_label("Trend", exact=True).select_option(label=TREND)
    page.get_by_role("button", name="Signaal opslaan").click()
    expect(page.locator("#signaal")).to_contain_text(f"in de trend {TREND}")
    _look(page, recorder, problems)

    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Steunpunt", exact=True
    ).click()
    page.get_by_role("main").get_by_role("link", name=re.compile("^Terugkoppeling")).first.click()
    _look(page, recorder, problems)
    page.get_by_role("link", name=f"Terugkoppeling vastleggen voor {SCHOOL}").click()
    _look(page, recorder, problems)
    trend_box = page.get_by_role("checkbox", name=TREND)
    expect(trend_box).to_be_checked()  # preselected: the school's signal is in it
    page.get_by_label("Wat is gedeeld").fill("De trend rond het OPP besproken met de school.")
    page.get_by_role("button", name=re.compile("Opslaan|Vastleggen")).click()
    expect(page.locator(".message, [role=status]").first).to_be_visible()
    _look(page, recorder, problems)

    # 3. The zorgcoördinator of Lindenhof College reads it.
    page, recorder = as_role(Role.ZORGCOORDINATOR)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Terugkoppeling steunpunt", exact=True
    ).click()
    _look(page, recorder, problems)
    page.get_by_role("link", name=re.compile("^Gegeven op")).first.click()
    expect(page.locator("main")).to_contain_text(TREND)
    expect(page.locator("main")).to_contain_text(SCHOOL)
    expect(page.locator("main")).not_to_contain_text("niet met ons besproken")
    assert contact.reference not in page.locator("main").inner_text()
    _look(page, recorder, problems)
    assert not problems, "\n".join(problems)
