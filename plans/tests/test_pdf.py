"""The OSP as a PDF (issue #6, plans.pdf.osp_document), read back with pypdf.

The demo plan (RefSVO 4.0 with its dashboard) is seeded and rendered once for the whole module:
rendering takes seconds. The fixture works in a transaction it rolls back, so the reused test
database stays empty; the tests read the rendered bytes and plain values, not the database.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from django_scopes import scope
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from monitoring.demo import seed_monitoring
from monitoring.selectors import indicator_list
from plans.demo import seed_plan
from plans.pdf import TocEntry, osp_document
from plans.selectors import plan_tree
from referrals.demo import seed_registrations
from swvportal.tenancy.demo import seed_schools, seed_tenant

# pytest-django sets up the test database only for the databases its marked tests use.
pytestmark = pytest.mark.django_db


@dataclass
class Goal:
    title: str
    steps: list[str]  # each step's "wanneer": "2026-2027", "vanaf 2027-2028", "jaarlijks"
    school_years: list[str]  # the school years among them


@dataclass
class Demo:
    plan_title: str
    tenant_name: str
    filename: str
    chapters: list[str]
    pillars: list[str]
    goals: list[Goal]
    indicators: list[tuple[str, str]]  # (kernindicator, norm)
    entries: list[TocEntry]
    html: str
    html_without_status: str
    pdf: bytes
    again: bytes  # the same plan rendered a second time


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Demo:
    with django_db_blocker.unblock(), transaction.atomic():
        tenant = seed_tenant()
        with scope(tenant=tenant):
            seed_schools(tenant)
            plan = seed_plan(tenant)
            seed_registrations(tenant)
            seed_monitoring(tenant)
            tree = plan_tree(plan)
            indicators = [
                (i.text, i.norm_text)
                for i in indicator_list(tenant=tenant).filter(is_active=True, in_plan=True)
            ]
        source = osp_document(plan)
        found = Demo(
            plan_title=plan.title,
            tenant_name=tenant.name,
            filename=source.filename,
            chapters=[c.title for c in tree.chapters],
            pillars=[p.title for p in tree.pillars],
            goals=[
                Goal(
                    g.title,
                    [s.when for s in g.steps.all()],
                    [s.when.removeprefix("vanaf ") for s in g.steps.all() if s.school_year],
                )
                for g in tree.goals
            ],
            indicators=indicators,
            entries=source.context["entries"],
            html=source.html(),
            html_without_status=osp_document(plan, with_status=False).html(),
            pdf=source.render(),
            again=osp_document(plan).render(),
        )
        transaction.set_rollback(True)
    return found


def _norm(text: str) -> str:
    """One space for any run of whitespace, and none after a hyphen at a line end: the text as
    read from the page compares with the text in the database (hyphenation is off in the CSS,
    so words only break at their own hyphens)."""
    return re.sub(r"-\s+", "-", re.sub(r"\s+", " ", text)).strip()


@pytest.fixture(scope="module")
def reader(demo) -> PdfReader:
    return PdfReader(io.BytesIO(demo.pdf))


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
                found.append(
                    (depth, _norm(item.title), reader.get_destination_page_number(item) + 1)
                )

    walk(reader.outline, 0)
    return found


def _page_of(outline, title: str, depth: int = 0) -> int:
    return next(page for d, t, page in outline if d == depth and t == _norm(title))


def test_the_text_has_every_chapter_pijler_doel_and_step(demo, pages):
    text = " ".join(pages)
    assert demo.chapters and demo.pillars and demo.goals
    for title in demo.chapters + demo.pillars + [g.title for g in demo.goals]:
        assert _norm(title) in text, title
    assert {"2026-2027", "2027-2028", "2028-2029", "2029-2030"} <= {
        year for g in demo.goals for year in g.school_years
    }


def test_bijlage_1_lists_each_doel_with_the_school_year_of_every_step_in_order(
    demo, pages, outline
):
    first = _page_of(outline, "Bijlage 1: Ontwikkeldoelen en stappen per schooljaar")
    last = _page_of(outline, "Bijlage 4: Dashboard met kernindicatoren en normen") - 1
    text = " ".join(pages[first - 1 : last])
    at = 0
    for goal in demo.goals:
        at = text.index(_norm(goal.title), at)
        for when in goal.steps:
            at = text.index(_norm(when), at)  # raises ValueError when missing or out of order
    assert sum(len(g.school_years) for g in demo.goals) > 30


def test_bijlage_4_lists_every_kernindicator_with_its_norm(demo, pages, outline):
    first = _page_of(outline, "Bijlage 4: Dashboard met kernindicatoren en normen")
    last = _page_of(outline, "Lijst van afkortingen") - 1
    text = " ".join(pages[first - 1 : last])
    assert len(demo.indicators) == 43
    for indicator, norm in demo.indicators:
        assert _norm(indicator) in text and _norm(norm) in text, indicator
    # The Loket's own indicators are on the dashboard only: no norm of the plan.
    assert "Mediane behandelduur" not in text
    assert "Stand" in text and "behaald" in text
    assert "Stand</th>" not in demo.html_without_status
    assert "metric-status" not in demo.html_without_status


def test_the_contents_page_numbers_are_the_pages_of_the_headings(demo, pages, outline):
    """Each contents line's number, the bookmark of its heading and the page that shows the
    heading agree."""
    toc_first = _page_of(outline, "Inhoud")
    first_heading = _page_of(outline, demo.entries[0].title)
    contents = " ".join(pages[toc_first - 1 : first_heading - 1])
    assert len(demo.entries) == len(demo.chapters) + 1 + len(demo.pillars) + len(demo.goals) + 4
    at = 0
    for entry in demo.entries:
        match = re.compile(re.escape(_norm(entry.title)) + r"[ .]*?(\d+)").search(contents, at)
        assert match, entry
        at = match.end()
        listed = int(match[1])
        page = _page_of(outline, entry.title, depth=entry.level - 1)
        assert listed == page, entry
        assert _norm(entry.title) in pages[page - 1], entry


def test_every_contents_entry_is_a_heading_with_its_anchor(demo):
    for entry in demo.entries:
        assert demo.html.count(f'id="{entry.anchor}"') == 1, entry
        tag = "h1" if entry.level == 1 else "h2"
        assert re.search(rf'<{tag} id="{re.escape(entry.anchor)}">', demo.html), entry


def test_headings_run_in_order_without_skipping_a_level(demo):
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", demo.html)]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)


def test_metadata_title_author_language_and_filename(demo, reader):
    assert reader.metadata.title == demo.plan_title
    assert reader.metadata.author == demo.tenant_name == "RefSVO"
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert demo.filename == "VO0001-ondersteuningsplan-4.0.pdf"


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
            part = part.get_object()
            descriptor = part["/FontDescriptor"]
            assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), part["/BaseFont"]


def test_the_same_plan_gives_the_same_bytes(demo):
    assert demo.pdf == demo.again


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


def test_a_concept_plan_is_dated_by_its_newest_change_and_shows_small_counts_suppressed(world):
    """Outside any tenant scope (a background job), a plan without adoption date, one
    kernindicator whose figure rests on three pupils and one without figures."""
    from monitoring.models import Measurement, Source, Unit
    from monitoring.norms import NormKind
    from monitoring.tests.factories import make
    from plans.tests.factories import make_plan

    tenant = world.tenant_a
    plan = make_plan(tenant)
    with scope(tenant=tenant):
        goal = plan_tree(plan).goals[0]
    small = make(
        tenant,
        "Aantal thuiszitters",
        source=Source.COMPUTED,
        calculation="thuiszitters",
        unit=Unit.COUNT,
        norm_kind=NormKind.TREND,
        norm_direction="dalend",
        norm_text="Dalende trend",
        goal_uid=goal.uid,
    )
    make(tenant, "Tevredenheid ouders", pillar_number=2, unit=Unit.SCORE, norm_kind=NormKind.SCORE)
    peildatum = datetime.date(2026, 10, 1)
    with scope(tenant=tenant):
        Measurement.objects.create(
            tenant=tenant,
            indicator=small,
            peildatum=peildatum,
            value=Decimal(3),
            records=3,
            status="behaald",
            computed_at=timezone.now(),
        )
        plan.refresh_from_db()

    source = osp_document(plan, peildatum=peildatum)
    html = source.html()

    assert plan.updated_at <= source.meta.created <= timezone.now()  # its newest change
    facts = dict(source.context["facts"])
    assert facts["Status"] == "Concept" and "Vastgesteld op" not in facts and "Datum" in facts
    row = re.search(r"<th scope=\"row\">Aantal thuiszitters</th>.*?</tr>", html, re.S)[0]
    assert ">1.1<" in row and "niet getoond" in row and ">3<" not in row
    assert "behaald" not in row  # the status of a hidden figure is hidden too
    ouders = re.search(r"<th scope=\"row\">Tevredenheid ouders</th>.*?</tr>", html, re.S)[0]
    assert ">pijler<" in ouders and "geen gegevens" in ouders
    assert "Deze pijler heeft geen ontwikkeldoelen." in html
    assert "Er staat nog niets in het goedkeuringstraject." in html
    assert source.render().startswith(b"%PDF-")
