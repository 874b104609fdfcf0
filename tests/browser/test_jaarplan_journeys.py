"""The jaarplan's journeys (issue #14's acceptance), clicked as its users click.

1. The bestuurder makes the jaarplan 2027-2028 from the demo OSP (taking one open activity of
   2026-2027 along), adds an activity and edits it in place (htmx, no page load), marks it
   *vertraagd* (first without a toelichting: the Dutch message says what is missing), asks the
   RvT's approval in the settings, records it through the status panel, adopts the jaarplan and
   downloads its PDF.
2. A responsible zorgcoördinator updates the status of their own activity in place, is offered
   nothing on another member's row, and that row's progress page (and the edit page of their own)
   answers 403 or 404.

Only the start page (the login) is typed; every other page is reached through the Hoofdmenu and
the links on the pages, except the two addresses a zorgcoördinator should not reach. Every page a
journey lands on, and every part htmx swaps in, passes ``support.page_problems`` (status, one h1,
a Dutch title, axe, no sideways scrolling at 320 px, no console errors or failed requests); the
problems are gathered per journey, so one run names every faulty page.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from plans.models import Activity, ActivityNote, ActivityStatus, Jaarplan, JaarplanStatus
from swvportal.accounts.models import Role
from tests.browser.support import page_problems

pytestmark = pytest.mark.browser

# Open in 2026-2027 (demo_activities.py), taken along to 2027-2028.
CARRIED = "Er ligt een concept voor een gedeelde pedagogische visie"
NEW = "Elke school heeft haar pedagogische visie in de schoolgids staan"
# The demo zorgcoördinator's own activity, and the Loket's beside it (verbeterpunt 1.2a).
OWN = "Alle thuiszitters staan juist en volledig in Kindkans"
OTHERS = "De verzuimprotocollen van alle scholen zijn in beeld"
HTMX = "hx-request"
# The only problems an expected refusal of an htmx form brings: its 422, as the browser logs it.
REFUSAL = re.compile(r"^(HTTP 422: POST |console\.error: Failed to load resource: .* 422 )")


@dataclass
class Gate:
    """The problems of every page the journey's users land on."""

    problems: list[str] = field(default_factory=list)


@dataclass
class Actor:
    """One user's browser page in a journey, and its recorder."""

    page: Page
    recorder: object
    gate: Gate

    def look(self) -> None:
        """The gate checks for the page as it is now (after a swap, the page with the part)."""
        page = self.page
        page.wait_for_load_state()
        page.wait_for_function("() => !document.body.classList.contains('htmx-request')")
        status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
        path = "/" + page.url.split("/", 3)[-1]
        self.gate.problems += [f"{path}: {p}" for p in page_problems(page, self.recorder, status)]

    def menu(self, name: str) -> None:
        nav = self.page.get_by_role("navigation", name="Hoofdmenu")
        nav.get_by_role("link", name=name, exact=True).click()
        self.look()

    def message(self, text: str | re.Pattern) -> None:
        """The visible result of an action: a Django message on the page it lands on."""
        expect(self.page.locator(".messages")).to_contain_text(text)
        self.look()

    def mark_page(self) -> None:
        """From here on, an htmx swap must not load a new page (the mark would be gone)."""
        self.page.evaluate("window.zelfdePagina = true")

    def still_same_page(self) -> None:
        assert self.page.evaluate("window.zelfdePagina === true"), "a page load, not a swap"

    def refused_in_place(self) -> None:
        """After an htmx form the server rightly refused (422): only that answer was noted."""
        unexpected = [p for p in self.recorder.take() if not REFUSAL.match(p)]
        self.gate.problems += [f"{self.page.url}: {p}" for p in unexpected]


@pytest.fixture
def actor(as_role):
    gate = Gate()
    return lambda role: Actor(*as_role(role), gate)


def _swap(page: Page, action) -> None:
    """Do ``action`` (a click) and wait until htmx has put its answer in place."""
    with page.expect_response(lambda r: r.request.headers.get(HTMX) == "true"):
        action()
    page.wait_for_function("() => !document.body.classList.contains('htmx-request')")


def _row(page: Page, text: str):
    return page.locator("tr.jp-activity", has_text=text)


def _generate(boss: Actor) -> None:
    """Jaarplan maken for 2027-2028, with one activity of 2026-2027 taken along."""
    page = boss.page
    boss.menu("Jaarplan")
    page.locator("main").get_by_role("link", name="Jaarplan maken").click()
    expect(page.locator("h1")).to_have_text("Jaarplan maken")
    boss.look()
    _swap(page, lambda: page.get_by_label("Schooljaar").select_option("2027-2028"))
    preparation = page.locator("#preparation")
    expect(preparation).to_contain_text("Er komt een nieuw jaarplan 2027-2028")
    boss.look()
    carry = preparation.get_by_role("checkbox", name=re.compile(re.escape(CARRIED)))
    carry.check()
    page.get_by_role("button", name="Jaarplan 2027-2028 maken").click()
    boss.message(re.compile(r"Het jaarplan 2027-2028 is gemaakt: \d+ verbeterpunten .* en 1 "))
    expect(page.locator("h1")).to_have_text("Jaarplan 2027-2028")
    expect(_row(page, CARRIED)).to_contain_text("Overgenomen uit 2026-2027")


def _add_and_edit_inline(boss: Actor) -> None:
    """An activity added beside the one taken along, then its 'Wat' edited in its row."""
    page = boss.page
    boss.mark_page()
    point = page.locator("article.jp-improvement", has=_row(page, CARRIED))
    _swap(page, lambda: point.get_by_role("link", name=re.compile(r"^\+ Activiteit")).click())
    form = point.locator("form.jp-activity-form")
    form.get_by_label("Beoogd resultaat").fill(NEW)
    form.get_by_label("Wat", exact=True).fill("Tekst voor de schoolgids aanleveren")
    form.get_by_label("Wie", exact=True).fill("Werkgroep pedagogisch klimaat")
    form.get_by_label(re.compile("^Wanneer gereed: op een datum")).fill("15-03-2028")
    boss.look()
    _swap(page, lambda: form.get_by_role("button", name="Opslaan").click())
    row = _row(page, NEW)
    expect(row).to_contain_text("15 maart 2028")
    expect(page.locator("#live-status")).to_contain_text("Activiteit toegevoegd")
    boss.look()

    _swap(page, lambda: row.get_by_role("link", name=re.compile("^Bewerken")).click())
    editing = page.locator("tr.jp-activity--editing form")
    expect(editing.get_by_label("Beoogd resultaat")).to_have_value(NEW)
    boss.look()
    editing.get_by_label("Wat", exact=True).fill("Tekst voor de schoolgids en de website")
    _swap(page, lambda: editing.get_by_role("button", name="Opslaan").click())
    row = _row(page, NEW)
    expect(row).to_contain_text("Tekst voor de schoolgids en de website")
    expect(row).to_contain_text("Opgeslagen")
    boss.look()
    boss.still_same_page()


def _mark_delayed(boss: Actor) -> None:
    """Vertraagd through the row's Voortgang: refused without a toelichting, saved with one."""
    page = boss.page
    row = _row(page, NEW)
    _swap(page, lambda: row.get_by_role("link", name=re.compile("^Voortgang")).click())
    detail = page.locator(".activity-detail")
    detail.get_by_label("Status").select_option(ActivityStatus.DELAYED)
    _swap(page, lambda: detail.get_by_role("button", name="Voortgang opslaan").click())
    expect(detail.locator(".error-summary")).to_contain_text(
        "Licht toe waarom de activiteit vertraagd is en wat de nieuwe verwachting is."
    )
    boss.refused_in_place()
    boss.look()
    detail.get_by_label("Toelichting").fill(
        "De schoolgidsen van 2027-2028 zijn al gedrukt; de tekst komt in die van 2028-2029."
    )
    _swap(page, lambda: detail.get_by_role("button", name="Voortgang opslaan").click())
    expect(detail).to_contain_text("is vertraagd.")
    boss.look()
    _swap(page, lambda: detail.get_by_role("link", name="Sluiten").click())
    expect(_row(page, NEW)).to_contain_text("Vertraagd")
    expect(_row(page, NEW)).to_contain_text("schoolgidsen van 2027-2028 zijn al gedrukt")
    boss.look()
    boss.still_same_page()


def _require_rvt_and_adopt(boss: Actor) -> None:
    """The RvT's approval asked in the settings, recorded in the panel, then vaststellen."""
    page = boss.page
    status = page.locator("#status")
    status.get_by_role("link", name="Instellingen van het jaarplan").click()
    boss.look()
    page.get_by_label("Raad van toezicht (RvT)").check()
    page.get_by_role("button", name="Opslaan").click()
    boss.message("De instellingen van het jaarplan zijn opgeslagen.")
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link").first.click()
    boss.look()
    page.locator("main").get_by_role("link", name="Jaarplan 2027-2028").click()
    boss.look()
    expect(status).to_contain_text("Nog nodig: Raad van toezicht (RvT)")
    expect(status).to_contain_text("Kan nog niet")
    expect(status.get_by_role("link", name="Jaarplan vaststellen")).to_have_count(0)

    status.get_by_role("link", name="Stap in het goedkeuringstraject toevoegen").click()
    boss.look()
    page.get_by_label(re.compile("^Orgaan")).select_option("rvt")
    page.get_by_label("Soort").select_option("goedkeuring")
    page.get_by_label(re.compile("^Datum")).fill("20-06-2027")
    page.get_by_label("Uitkomst").select_option("positief")
    page.get_by_role("button", name="Toevoegen").click()
    boss.message("Toegevoegd aan het goedkeuringstraject")
    expect(status).to_contain_text("Gedaan: Raad van toezicht (RvT)")

    status.get_by_role("link", name="Jaarplan vaststellen").click()
    boss.look()
    page.get_by_role("button", name="Ja, jaarplan vaststellen").click()
    boss.message(re.compile("vastgesteld", re.I))
    expect(status.locator(".status")).to_have_text("Vastgesteld")
    # Vastgesteld: no more content edits, progress still open.
    expect(_row(page, NEW).get_by_role("link", name=re.compile("^Bewerken"))).to_have_count(0)
    expect(_row(page, NEW).get_by_role("link", name=re.compile("^Voortgang"))).to_have_count(1)


def _download_pdf(boss: Actor, tmp_path) -> bytes:
    """The PDF panel's "PDF maken" (the job runs in-process), then the result downloaded."""
    page = boss.page
    page.get_by_role("button", name="PDF maken", exact=True).click()
    result = page.get_by_role("link", name="Resultaat openen")
    expect(result).to_be_visible(timeout=60_000)  # the job's status, polled until it is done
    boss.look()
    with page.expect_download() as download:
        result.click()
    saved = tmp_path / "jaarplan.pdf"
    download.value.save_as(saved)
    return saved.read_bytes()


def test_the_bestuurder_makes_works_out_adopts_and_downloads_the_next_jaarplan(
    demo, actor, eager_tasks, tmp_path
):
    boss = actor(Role.BESTUURDER)
    _generate(boss)
    with scopes_disabled():
        jaarplan = Jaarplan.objects.get(tenant=demo.tenant, school_year=2027)
        carried = Activity.objects.select_related("carried_from__jaarplan").get(jaarplan=jaarplan)
    assert carried.result == CARRIED and carried.carried_from.jaarplan.school_year == 2026

    _add_and_edit_inline(boss)
    _mark_delayed(boss)
    with scopes_disabled():
        added = Activity.objects.get(jaarplan=jaarplan, result=NEW)
        notes = list(
            ActivityNote.objects.filter(activity=added).values_list("status_to", flat=True)
        )
    assert added.what == "Tekst voor de schoolgids en de website"
    assert added.status == ActivityStatus.DELAYED and "al gedrukt" in added.explanation
    assert ActivityStatus.DELAYED in notes

    _require_rvt_and_adopt(boss)
    with scopes_disabled():
        jaarplan.refresh_from_db()
    assert jaarplan.status == JaarplanStatus.ADOPTED and jaarplan.adopted_on is not None

    data = _download_pdf(boss, tmp_path)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    title = "Jaarplan 2027-2028"
    assert title in (reader.metadata.title or "") and title in first, (reader.metadata, first)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert NEW in text and CARRIED in text
    assert not boss.gate.problems, "\n".join(boss.gate.problems)


def test_a_responsible_zorgcoordinator_updates_their_own_activity_and_no_other(
    demo, actor, live_server
):
    zorg = actor(Role.ZORGCOORDINATOR)
    page = zorg.page
    zorg.menu("Jaarplan")
    page.locator("main").get_by_role("link", name="Jaarplan 2026-2027").click()
    expect(page.locator("h1")).to_have_text("Jaarplan 2026-2027")
    zorg.look()

    # Their own row offers Voortgang and nothing to edit; the Loket's row beside it, nothing.
    own, others = _row(page, OWN), _row(page, OTHERS)
    expect(own.get_by_role("link", name=re.compile("^Voortgang"))).to_have_count(1)
    expect(own.get_by_role("link", name=re.compile("^(Bewerken|Verwijderen)"))).to_have_count(0)
    expect(others.get_by_role("link")).to_have_count(0)
    expect(others.get_by_role("button")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile(r"^\+ Activiteit"))).to_have_count(0)

    zorg.mark_page()
    _swap(page, lambda: own.get_by_role("link", name=re.compile("^Voortgang")).click())
    detail = page.locator(".activity-detail")
    detail.get_by_label("Status").select_option(ActivityStatus.DONE)
    detail.get_by_label("Wat is er gebeurd?").fill("Alle vier scholen zijn gecontroleerd.")
    zorg.look()
    _swap(page, lambda: detail.get_by_role("button", name="Voortgang opslaan").click())
    expect(detail).to_contain_text("is gereed.")
    expect(detail).to_contain_text("Alle vier scholen zijn gecontroleerd.")  # the history
    zorg.look()
    _swap(page, lambda: detail.get_by_role("link", name="Sluiten").click())
    expect(_row(page, OWN)).to_contain_text("Gereed")
    zorg.look()
    zorg.still_same_page()

    # "Mijn activiteiten" (through the panel) shows it too.
    page.get_by_role("link", name="Naar mijn activiteiten").click()
    expect(page.locator("li.card", has_text=OWN)).to_contain_text("Gereed")
    zorg.look()

    with scopes_disabled():
        mine = Activity.objects.get(tenant=demo.tenant, result=OWN)
        theirs = Activity.objects.get(tenant=demo.tenant, result=OTHERS)
        last = ActivityNote.objects.filter(activity=mine).order_by("-written_at", "-pk").first()
    assert mine.status == ActivityStatus.DONE
    assert last.written_by == demo.users[Role.ZORGCOORDINATOR]
    code = demo.tenant.code
    closed = {
        "another's progress": reverse(
            "jaarplan:activity_progress", kwargs={"tenant_code": code, "activity_id": theirs.pk}
        ),
        "editing their own": reverse(
            "jaarplan:activity_edit",
            kwargs={"tenant_code": code, "jaarplan_id": mine.jaarplan_id, "activity_id": mine.pk},
        ),
    }
    for what, path in closed.items():
        answer = page.goto(live_server.url + path)
        assert answer.status in (403, 404), f"{what}: HTTP {answer.status} at {path}"
    zorg.recorder.take()  # those refusals were asked for
    with scopes_disabled():
        theirs_after = Activity.objects.get(pk=theirs.pk)
    assert (theirs_after.status, theirs_after.revision) == (theirs.status, theirs.revision)
    assert not zorg.gate.problems, "\n".join(zorg.gate.problems)
