"""The Loket's journeys (issue #13's acceptance), clicked as its users click.

1. Granted: the school's zorgcoördinator writes and submits a VSO request with its OPP in the
   dossier; the Loket assigns two deskundigen; each declares no involvement and signs an advice;
   the Loket decides it from a meeting's page and downloads the decision letter; the school
   sees the decision.
2. Refused with an objection: the Loket refuses a ready request on the coming meeting's agenda
   (the demo's work in hand), registers the parents' objection and sees its deadlines.

Only the start page (the login) is typed; every other page is reached through the Hoofdmenu and
the links on the pages. Every page a journey lands on passes ``support.page_problems`` (status,
one h1, a Dutch title, axe, no sideways scrolling at 320 px, no console errors or failed
requests); the problems are gathered per journey, so one run names every faulty page.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from django_scopes import scopes_disabled
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from referrals.models import (
    AdviceConclusion,
    DecisionOutcome,
    DocumentKind,
    Objection,
    RequestStatus,
    TlvDecision,
    TlvRequest,
)
from swvportal.accounts.models import Role, User
from tests.browser.support import log_in, new_page, page_problems

pytestmark = pytest.mark.browser

PUPIL = "LK-2026-017"
SECOND_DESKUNDIGE = "deskundige2@refsvo.example"

# A one-page PDF that PDF readers (and the dossier's content check) accept.
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _today() -> str:
    return timezone.localdate().strftime("%d-%m-%Y")


def _long(day: datetime.date) -> str:
    """A date as the pages write it in full: 19 januari 2027."""
    with translation.override("nl"):
        return date_format(day, "j F Y")


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
        """The gate checks for the page just loaded (after an action, the page it landed on)."""
        page = self.page
        page.wait_for_load_state()
        status = page.evaluate("performance.getEntriesByType('navigation')[0].responseStatus")
        path = "/" + page.url.split("/", 3)[-1]
        self.gate.problems += [f"{path}: {p}" for p in page_problems(page, self.recorder, status)]

    def menu(self, name: str) -> None:
        self.page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=name).click()
        self.look()

    @property
    def main(self):
        return self.page.locator("main")

    def message(self, text: str | re.Pattern) -> None:
        """The visible result of an action: a Django message on the page it lands on."""
        expect(self.page.locator(".messages")).to_contain_text(text)
        self.look()


def _choose(select, text: str) -> None:
    """Pick the option of ``select`` whose text contains ``text``, as a user reads the list."""
    select.select_option(select.locator("option", has_text=text).first.get_attribute("value"))


@pytest.fixture
def actor(demo, as_role, live_server, new_context):
    """``actor(role or e-mail) -> Actor``, logged in through the login form; the second
    deskundige has no role of their own in ``DEMO_EMAILS``, so by e-mail."""
    gate = Gate()

    def _as(who: str) -> Actor:
        if "@" not in who:
            return Actor(*as_role(who), gate)
        page, recorder = new_page(new_context())
        log_in(page, live_server.url, User.objects.get(email=who))
        recorder.take()
        return Actor(page, recorder, gate)

    return _as


def _open_request(user: Actor, pupil: str) -> None:
    """From the Loket's list (the worklist, or a school's own list) to the pupil's request, found
    with the list's search field as a user finds it."""
    user.menu("Loket")
    page = user.page
    search = page.get_by_label("Zoek op kenmerk of leerlingnummer")
    with page.expect_response(lambda r: r.request.headers.get("hx-request") == "true"):
        search.fill(pupil)
        search.press("Tab")  # leaving the field filters (htmx swaps the results in)
    page.wait_for_function("() => !document.body.classList.contains('htmx-request')")
    page.locator("#resultaten tbody tr", has_text=pupil).get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text(pupil)
    user.look()


def _write_and_sign_advice(user: Actor, pupil: str, reasoning: str) -> None:
    user.menu("Mijn adviezen")
    page = user.page
    page.locator("tbody tr", has_text=pupil).get_by_role("link").first.click()
    user.look()
    page.get_by_label(re.compile("niet bij deze leerling betrokken")).check()
    page.get_by_label("Conclusie").select_option(AdviceConclusion.ADMISSIBLE)
    page.get_by_label("Geadviseerde categorie").select_option("midden")
    page.get_by_label("Onderbouwing").fill(reasoning)
    page.get_by_label("Datum van het advies").fill(_today())
    page.get_by_label(re.compile("mijn eigen advies")).check()
    page.get_by_role("button", name=re.compile("Opslaan en indienen")).click()
    user.look()  # the confirmation step: signing cannot be undone
    page.get_by_role("button", name="Ja, indienen en ondertekenen").click()
    user.message(re.compile("ingediend", re.I))


def _coming_meeting(user: Actor) -> None:
    """From the Loket's worklist to the coming meeting's page."""
    user.main.get_by_role("link", name="Vergaderingen").click()
    user.look()
    user.page.locator("tbody tr", has_text="komend").get_by_role("link").first.click()
    expect(user.page.locator("h1")).to_contain_text("Vergadering van")
    user.look()


def _decide(user: Actor, pupil: str, outcome: str, reasoning: str) -> None:
    """On the meeting's page: the pupil's agenda item decided, then its decision opened."""
    page = user.page
    page.get_by_role("link", name=re.compile(f"Besluit nemen.*{pupil}")).click()
    user.look()
    page.get_by_role("radio", name=outcome.capitalize()).check()
    page.get_by_label("Motivering").fill(reasoning)
    page.get_by_label("Datum van het besluit").fill(_today())
    page.get_by_label(re.compile("^Ik heb het besluit gecontroleerd")).check()
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator("h1")).to_contain_text("Vergadering van")  # back to the meeting
    user.message(f"Het besluit is vastgelegd: {outcome}")
    item = page.locator("li.panel", has_text=f"Leerling {pupil}")
    expect(item).to_contain_text("Uitkomst: Besloten")
    item.get_by_role("link", name=re.compile(f"^{outcome} op")).click()
    expect(page.locator("h1")).to_contain_text("Besluit")
    user.look()


def test_a_vso_request_goes_from_the_school_to_a_granted_decision_letter(demo, actor, tmp_path):
    # The school: a new VSO request, its OPP in the dossier, submitted after the confirmation.
    school = actor(Role.ZORGCOORDINATOR)
    page = school.page
    school.menu("Loket")
    page.get_by_role("link", name="Nieuwe aanvraag").click()
    school.look()
    page.get_by_label("Leerlingnummer van de school").fill(PUPIL)
    page.get_by_label("Geboortejaar (jjjj)").fill("2012")
    page.get_by_label("Soort aanvraag").select_option("vso")
    page.get_by_label("Cluster (alleen bij VSO)").select_option("4")
    page.get_by_label("Gevraagde categorie (alleen bij VSO)").select_option("midden")
    page.get_by_label("Gewenste ingangsdatum").fill("01-08-2027")
    _choose(page.get_by_label(re.compile("^Beoogde school binnen")), "Het Anker")
    page.get_by_label("Integratief beeld").fill(
        "De leerling raakt in grote groepen overprikkeld en heeft een kleine, voorspelbare "
        "leeromgeving met intensieve begeleiding nodig."
    )
    page.get_by_label("Wat de school al heeft gedaan").fill(
        "Een arrangement met de ambulant begeleider, een coach en een aangepast rooster."
    )
    page.get_by_label("Zienswijze van de ouders").fill(
        "De ouders steunen de aanvraag: zij zien dat het op deze school niet meer gaat."
    )
    page.get_by_label("Toestemming van de ouders op").fill(_today())
    page.get_by_label("Toestemming gegeven door").fill("moeder")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("h1")).to_contain_text(PUPIL)
    school.look()

    # Only the OPP is missing: the school uploads it, and the checklist is complete.
    dossier = page.locator("#dossier")
    expect(dossier).to_contain_text("OPP (gekoppeld of als stuk) (ontbreekt)")
    expect(dossier).to_contain_text("ontbreekt nog 1 van de")
    opp = tmp_path / "opp.pdf"
    opp.write_bytes(SMALL_PDF)
    _choose(dossier.get_by_label("Wat voor stuk is dit?"), "OPP")
    dossier.get_by_label("Bestand").set_input_files(opp)
    dossier.get_by_role("button", name="Stuk toevoegen").click()
    school.message(re.compile("toegevoegd", re.I))
    expect(page.locator("#dossier")).to_contain_text("Het dossier is volledig")
    expect(page.locator("#dossier")).to_contain_text("opp.pdf")

    page.get_by_role("link", name=re.compile("^Indienen")).click()
    school.look()  # the confirmation step
    page.get_by_role("button", name=re.compile("^Ja, indienen")).click()
    expect(page.locator("#status-title")).to_contain_text("ingediend")
    school.look()
    with scopes_disabled():
        tlv = TlvRequest.objects.get(tenant=demo.tenant, pupil__pupil_number=PUPIL)
        assert tlv.status == RequestStatus.SUBMITTED and tlv.reference
        assert list(tlv.documents.values_list("kind", flat=True)) == [DocumentKind.OPP]

    # The Loket: the request on the worklist, two deskundigen assigned.
    loket = actor(Role.LOKET)
    _open_request(loket, PUPIL)
    loket.page.get_by_role("link", name="Deskundigen toewijzen").click()
    loket.look()
    _choose(loket.page.get_by_label("Eerste deskundige"), "Dirk Deskundige")
    _choose(loket.page.get_by_label("Tweede deskundige"), "Demi Deskundige")
    loket.page.get_by_role("button", name="Toewijzen").click()
    loket.message("De deskundigen zijn toegewezen.")
    with scopes_disabled():
        assigned = dict(tlv.advices.values_list("position", "deskundige__membership__user__email"))
    assert assigned == {1: "deskundige@refsvo.example", 2: SECOND_DESKUNDIGE}

    # Each deskundige: no involvement declared, the advice written and signed.
    _write_and_sign_advice(
        actor(Role.DESKUNDIGE),
        PUPIL,
        "De ondersteuningsbehoefte overstijgt wat de school met extra ondersteuning kan bieden.",
    )
    _write_and_sign_advice(
        actor(SECOND_DESKUNDIGE),
        PUPIL,
        "Een kleine groep met vaste begeleiders is nodig om tot leren te komen.",
    )

    # The Loket: the request onto the coming meeting's agenda (it is proposed there, ready),
    # and decided from the meeting's page.
    loket.menu("Loket")
    _coming_meeting(loket)
    proposed = loket.page.locator("table").filter(has_text=PUPIL)
    proposed.get_by_role("button", name=re.compile(f"Op de agenda.*{PUPIL}")).click()
    loket.message(re.compile("agenda", re.I))
    _decide(
        loket,
        PUPIL,
        DecisionOutcome.GRANTED,
        "Beide deskundigen achten de leerling toelaatbaar in categorie midden: de "
        "ondersteuningsbehoefte overstijgt wat de school kan bieden. Het Loket volgt hun advies.",
    )
    with scopes_disabled():
        decision = TlvDecision.objects.get(request=tlv)
    assert decision.outcome == DecisionOutcome.GRANTED
    assert (decision.cluster, decision.category) == (4, "midden")
    assert decision.meeting.held_on > timezone.localdate()  # decided in the coming meeting

    # The decision letter: a PDF with the decision and both deskundigen.
    with loket.page.expect_download() as download:
        loket.page.get_by_role("link", name=re.compile("Besluitbrief downloaden")).click()
    letter = tmp_path / "besluit.pdf"
    download.value.save_as(letter)
    data = letter.read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    text = re.sub(r"\s+", " ", text)
    assert "toegekend" in text.lower() and "midden" in text.lower()
    for name, discipline in (("Dirk Deskundige", "rthopedagoog"), ("Demi Deskundige", "sycholoog")):
        assert name in text and discipline in text, f"{name} ({discipline}) not in the letter"
    assert PUPIL in text

    # The school sees the decision on the request's page.
    _open_request(school, PUPIL)
    expect(page.locator("#status-title")).to_contain_text("besluit")
    expect(school.main).to_contain_text(re.compile("toegekend", re.I))
    assert not school.gate.problems, "\n".join(school.gate.problems)


def test_a_request_refused_in_a_meeting_gets_an_objection_with_its_deadlines(demo, actor):
    with scopes_disabled():  # the demo's work in hand: ready requests on the coming agenda
        ready = (
            TlvRequest.objects.filter(
                tenant=demo.tenant, agenda_items__meeting__held_on__gt=timezone.localdate()
            )
            .select_related("pupil")
            .order_by("agenda_items__order")
            .first()
        )
    pupil = ready.pupil.pupil_number

    loket = actor(Role.LOKET)
    page = loket.page
    loket.menu("Loket")
    _coming_meeting(loket)
    _decide(
        loket,
        pupil,
        DecisionOutcome.REFUSED,
        "Beide deskundigen zien nog mogelijkheden binnen de school met extra ondersteuning; "
        "die zijn niet benut. Het Loket geeft daarom (nog) geen TLV af.",
    )

    # The letter goes out; the parents object within the term, with the LBT advising.
    page.get_by_role("link", name="Brief als verzonden vastleggen").click()
    loket.look()
    page.get_by_label("Verzonden op").fill(_today())
    page.get_by_role("button", name="Vastleggen").click()
    loket.message(re.compile("verzonden", re.I))
    page.get_by_role("navigation", name="Kruimelpad").get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text(pupil)
    loket.look()
    page.get_by_role("link", name=re.compile("^Bezwaar vastleggen tegen het besluit")).click()
    loket.look()
    page.get_by_label("Ontvangen op").fill(_today())
    page.get_by_role("radio", name=re.compile("^Een bezwaarcommissie")).check()
    page.get_by_role("button", name="Bezwaar vastleggen").click()
    loket.message("Het bezwaar is vastgelegd.")

    # Its deadlines: the objection period (6 weeks after sending), then 12 weeks with the LBT.
    period_ends = timezone.localdate() + datetime.timedelta(weeks=6)
    due = period_ends + datetime.timedelta(weeks=12)
    deadlines = page.locator(".deadline")
    expect(deadlines).to_contain_text(f"Beslissen uiterlijk op {_long(due)}")
    expect(deadlines).to_contain_text(f"Bezwaartermijn: tot en met {_long(period_ends)}")
    expect(deadlines).to_contain_text("12 weken met een bezwaarcommissie")
    with scopes_disabled():
        objection = Objection.objects.select_related("decision").get(decision__request=ready)
    assert objection.with_committee and objection.decision.outcome == DecisionOutcome.REFUSED
    assert objection.received_on == timezone.localdate()
    assert not loket.gate.problems, "\n".join(loket.gate.problems)
