"""The jaarplan as a PDF (issue 14, Build 7; plans.jaarplan.pdf), read back with pypdf.

One jaarplan with something in every part (``pdf_data.fill``) is rendered three times for the
whole module (a render takes seconds): its concept twice, and after the year its evaluation.
The version as adopted and its progress are compared as HTML. The fixture works in a
transaction it rolls back, so the reused test database stays empty.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from plans.jaarplan import services
from plans.jaarplan.pdf import evaluation_edition, jaarplan_document
from plans.models import Activity, ActivityNote
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory
from swvportal.core.pdf import TocEntry
from swvportal.tenancy.tests.factories import TenantFactory

from .builders import a_jaarplan
from .pdf_data import ADOPTED_ON, EVALUATED_ON, EXPLANATIONS, Filled, fill

pytestmark = pytest.mark.django_db

EVALUATIONS = ["behaald", "deels", "niet"]
SENTENCE = "Uitkomst van activiteit {n}: besproken in het overleg."


@dataclass
class Rendered:
    filled: Filled
    tenant_name: str
    filename: str
    entries: list[TocEntry]
    concept_html: str
    concept: bytes
    again: bytes
    adopted_html: str  # the version as adopted, after progress made later
    progress_html: str
    evaluation_html: str
    evaluation: bytes
    started: str  # the result of the activity set to "loopt" after the day of adoption


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker) -> Rendered:
    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():
            tenant = TenantFactory(code="VOJ001", name="Samenwerkingsverband Jota")
            boss = MembershipFactory(
                tenant=tenant,
                role="bestuurder",
                user=UserFactory(email="anna@jota.example", first_name="Anna", last_name="Visser"),
            ).user
        jaarplan = a_jaarplan(tenant, 2026)
        filled = fill(jaarplan, responsible=boss, by=boss)
        concept = jaarplan_document(jaarplan)
        found = {
            "filled": filled,
            "tenant_name": tenant.name,
            "filename": concept.filename,
            "entries": concept.context["entries"],
            "concept_html": concept.html(),
            "concept": concept.render(),
            "again": jaarplan_document(jaarplan).render(),
        }
        with scope(tenant=tenant):
            ActivityNote.objects.update(written_at=_moment(ADOPTED_ON - datetime.timedelta(30)))
            adopted = services.jaarplan_set_status(
                jaarplan=jaarplan, status="vastgesteld", by=boss, on=ADOPTED_ON
            )
            waiting = Activity.objects.filter(jaarplan=adopted, status="niet_gestart").first()
            services.activity_progress(activity=waiting, status="loopt", note="Gestart.", by=boss)
            ActivityNote.objects.filter(text="Gestart.").update(
                written_at=_moment(ADOPTED_ON + datetime.timedelta(days=14))
            )
        found["started"] = waiting.result
        found["adopted_html"] = jaarplan_document(adopted).html()
        today = datetime.date(2027, 2, 1)
        found["progress_html"] = jaarplan_document(
            adopted, evaluation_edition(adopted, today=today)
        ).html()
        with scope(tenant=tenant):
            for n, activity in enumerate(Activity.objects.filter(jaarplan=adopted)):
                services.activity_evaluate(
                    activity=activity,
                    evaluation=EVALUATIONS[n % 3],
                    text=SENTENCE.format(n=n),
                    by=boss,
                )
            evaluated = services.jaarplan_set_status(
                jaarplan=adopted, status="geevalueerd", by=boss, on=EVALUATED_ON
            )
        source = jaarplan_document(evaluated, evaluation_edition(evaluated))
        found["evaluation_html"] = source.html()
        found["evaluation"] = source.render()
        transaction.set_rollback(True)
    return Rendered(**found)


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _norm(text: str) -> str:
    """One space for any run of whitespace, and none after a hyphen at a line end (the columns
    that hyphenate hold no text the tests look up)."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


def _loose(text: str) -> str:
    return re.sub(r"[\s\-\u2010]", "", text)  # U+2010: the hyphen WeasyPrint inserts


@pytest.fixture(scope="module")
def reader(rendered) -> PdfReader:
    return PdfReader(io.BytesIO(rendered.concept))


@pytest.fixture(scope="module")
def pages(reader) -> list[str]:
    return [_norm(page.extract_text()) for page in reader.pages]


@pytest.fixture(scope="module")
def outline(reader) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page number counted from 1), in document order."""
    found = []

    def walk(items, depth):
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item) + 1
                found.append((depth, _norm(item.title), page))

    walk(reader.outline, 0)
    return found


def _page_of(outline, title: str, depth: int = 0) -> int:
    return next(page for d, t, page in outline if d == depth and t == _norm(title))


def _between(pages, outline, first: str, last: str) -> str:
    start, end = _page_of(outline, first), _page_of(outline, last)
    return " ".join(pages[start - 1 : end - 1])


# --- A tagged PDF/A like the others --------------------------------------------------------------


def test_the_pdf_is_tagged_and_identifies_as_pdf_a_3a(reader):
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(="|>)A', xmp)


def test_every_font_is_embedded(reader):
    fonts = _fonts(reader)
    assert fonts
    for font in fonts:
        parts = font["/DescendantFonts"] if font.get("/Subtype") == "/Type0" else [font]
        for part in parts:
            descriptor = part.get_object()["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), part


def test_metadata_title_author_language_and_filename(rendered, reader):
    assert reader.metadata.title == "Jaarplan 2026-2027"
    assert reader.metadata.author == rendered.tenant_name
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert rendered.filename == "VOJ001-jaarplan-2026-2027-1.0.pdf"


def test_the_same_jaarplan_gives_the_same_bytes(rendered):
    assert rendered.concept == rendered.again


def _fonts(reader: PdfReader) -> list[DictionaryObject]:
    """Every font dictionary reachable from the document catalog."""
    fonts, seen, todo = [], set(), [reader.trailer["/Root"]]
    while todo:
        node = todo.pop()
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if node.get("/Type") == "/Font":
                fonts.append(node)
            todo.extend(dict.values(node))
        elif isinstance(node, ArrayObject):
            todo.extend(list.__iter__(node))
    return fonts


# --- What it says --------------------------------------------------------------------------------


def test_the_cover_names_the_swv_year_version_status_and_the_plan(pages):
    cover = pages[0]  # the facts' labels come out first, then the values
    assert "Code Schooljaar Versie Status Datum Afgeleid van" in cover
    for text in ("Samenwerkingsverband Jota", "Jaarplan 2026-2027", "VOJ001 2026-2027 1.0 Concept"):
        assert text in cover, text
    assert "Ondersteuningsplan Alfa 2026–2030 (versie 1.0)" in cover


def test_it_contains_every_verbeterpunt_and_every_activity_in_order(rendered, pages, outline):
    text = _between(pages, outline, "Inleiding", "Kwaliteitskalender 2026-2027")
    filled = rendered.filled
    assert len(filled.improvements) == 5 and len(filled.results) == 10
    at = 0
    for title in filled.improvements:
        assert _norm(title) in text, title
    for result, what in zip(filled.results, filled.whats, strict=True):
        at = text.index(_norm(result), at)  # ValueError when missing or out of order
        assert _norm(what) in text, what
    # The status column hyphenates: its toelichting is compared without spaces and hyphens.
    for explanation in EXPLANATIONS.values():
        assert _loose(explanation) in _loose(text)
    for status in ("Gereed", "Loopt", "Niet gestart", "Vertraagd", "Vervallen"):
        assert status in text
    assert "Verantwoordelijk: Anna Visser" in text
    assert "Aanvullend (beleidsmatig)" in text and _norm(filled.additional) in text


def test_a_step_shows_its_letter_and_when(pages, outline):
    text = _between(pages, outline, "Pijler 1: Leren binnen scholen", "Aanvullend (beleidsmatig)")
    for heading in (
        "Stap 1.1a (2026-2027)",
        "Stap 1.1d (vanaf 2025-2026)",
        "Stap 1.1e (jaarlijks)",
    ):
        assert heading in text, heading


def test_the_kwaliteitskalender_lists_each_item_with_its_rule_and_due_dates(pages, outline):
    text = _between(pages, outline, "Kwaliteitskalender 2026-2027", "Bijeenkomsten 2026-2027")
    for label in ("Documenten: plannen", "Documenten: verantwoording", "Evaluatie en onderzoeken"):
        assert label in text
    assert "Jaarverslag Jaarlijks vóór 1 juli" in text
    assert "1 juli 2027: gedaan op 20 juni 2027" in text
    assert "Ondersteuningsplan Een keer per vier jaar vóór 1 mei" in text
    assert "Niet in dit schooljaar" in text
    assert "Drie keer per jaar (1 november, 1 maart, 1 juli)" in text
    assert "1 november 2026: gedaan op 28 oktober 2026" in text
    assert "1 maart 2027: open" in text and "10 februari 2027: open" in text


def test_the_bijeenkomsten_show_planned_against_held_per_series(pages, outline):
    text = _between(pages, outline, "Bijeenkomsten 2026-2027", "Colofon")
    assert "Netwerk zorgcoördinatoren — 2 2" in text  # voor wie, planned, held
    assert "Overleg VSO-directeuren — 4 0" in text
    assert "24 september 2026 24 september 2026 Het nieuwe groeidocument" in text
    assert "nog geen bijeenkomsten gepland" in text


def test_the_colophon_has_the_approval_trail_of_the_version(pages, outline):
    text = " ".join(pages[_page_of(outline, "Colofon") - 1 :])
    assert "Raad van toezicht (RvT) Goedkeuring 20 september 2026 Positief (verleend)" in text


def test_the_contents_page_numbers_are_the_pages_of_the_headings(rendered, pages, outline):
    toc_first = _page_of(outline, "Inhoud")
    contents = " ".join(pages[toc_first - 1 : _page_of(outline, "Inleiding") - 1])
    at = 0
    for entry in rendered.entries:
        match = re.compile(re.escape(_norm(entry.title)) + r"[ .]*?(\d+)").search(contents, at)
        assert match, entry
        at = match.end()
        page = _page_of(outline, entry.title, depth=entry.level - 1)
        assert int(match[1]) == page, entry
        assert _norm(entry.title) in pages[page - 1], entry


def test_headings_run_in_order_and_every_contents_entry_is_one(rendered):
    html = rendered.concept_html
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)
    for entry in rendered.entries:
        assert html.count(f'id="{entry.anchor}"') == 1, entry


# --- Editions: as adopted, the progress, the evaluation ------------------------------------------


def _row(html: str, result: str) -> str:
    return re.search(rf"<tr>\s*<td>{re.escape(result)}.*?</tr>", html, re.S)[0]


def test_the_version_as_adopted_shows_the_statuses_of_the_day_of_adoption(rendered):
    assert "Niet gestart" in _row(rendered.adopted_html, rendered.started)
    assert "Loopt" in _row(rendered.progress_html, rendered.started)
    assert "vastgesteld op 1 oktober 2026" in rendered.adopted_html
    # Done on 20 June 2027, after the day of adoption: still open in the version as adopted.
    assert '1 juli 2027: <span class="jp-open">open</span>' in rendered.adopted_html
    assert "jp-activities__evaluation" not in rendered.adopted_html


def test_the_progress_marks_what_is_late_on_its_day(rendered):
    assert "Stand op</dt><dd>1 februari 2027" in rendered.progress_html
    assert "te laat" in rendered.progress_html
    assert "te laat" not in rendered.adopted_html and "te laat" not in rendered.concept_html


def test_after_the_evaluation_the_pdf_has_an_evaluation_column_and_a_summary(rendered):
    text = _norm(
        " ".join(p.extract_text() for p in PdfReader(io.BytesIO(rendered.evaluation)).pages)
    )
    assert "Evaluatie jaarplan 2026-2027" in text and "Evaluatie in het kort" in text
    for n in range(len(rendered.filled.results)):
        assert SENTENCE.format(n=n) in text, n
    for label in ("Behaald", "Deels behaald", "Niet behaald"):
        assert label in text
    # 10 activities evaluated behaald, deels, niet in turn: 4 / 3 / 3; 8 of them in pijler 1.
    assert "Totaal 4 3 3 10" in text
    row = re.search(r"Pijler 1: Leren binnen scholen (\d+) (\d+) (\d+) 8", text)
    assert row and sum(int(n) for n in row.groups()) == 8
    assert "jp-activities__evaluation" in rendered.evaluation_html
    assert "jp-activities__evaluation" not in rendered.concept_html
