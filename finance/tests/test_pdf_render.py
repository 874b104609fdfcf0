"""The begroting as a PDF and Bijlage 3 of the OSP (issue #15, Build 7), read back with pypdf.

The demo's begroting (the seed's Bijlage 3, ``finance.demo``) in a tenant that also has an
adopted plan. Rendering takes seconds, so the whole module renders four times: the vastgestelde
version twice (the same bytes), the concept once (with sub-lines and notes added) and the
plan's PDF once. The fixture works in a transaction it rolls back, so the reused test database
stays empty.
"""

from __future__ import annotations

import io
import itertools
import re
from dataclasses import dataclass

import pytest
from django.db import transaction
from django_scopes import scope, scopes_disabled
from pypdf import PdfReader

from plans.tests.factories import make_plan
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory
from swvportal.core.pdf import TocEntry
from swvportal.documents import registry
from swvportal.tenancy.tests.factories import TenantFactory

from .. import services
from ..demo import BIJLAGE_3, YEARS, seed_begroting
from ..models import Begroting, BegrotingStatus, LineGroup
from ..pdf_begroting import begroting_document
from ..rules import format_euros
from .builders import line_titled

pytestmark = pytest.mark.django_db

SWV = "Samenwerkingsverband Foxtrot"
POSTS = (("Formatie Loket", 60_000), ("Deskundigen op afroep", 40_000))
NOTE = "Twee posten: de formatie en de deskundigen op afroep."


@dataclass
class Rendered:
    adopted: bytes
    again: bytes
    adopted_html: str
    filename: str
    entries: list[TocEntry]
    concept: bytes
    osp: bytes
    osp_html: str


@pytest.fixture(scope="module")
def rendered(django_db_setup, django_db_blocker) -> Rendered:
    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():
            tenant = TenantFactory(code="VOF001", name=SWV)
            MembershipFactory(
                tenant=tenant, role="bestuurder", user=UserFactory(email="bert@foxtrot.example")
            )
        with scope(tenant=tenant):
            seed_begroting(tenant)
            adopted = Begroting.objects.get(tenant=tenant, status=BegrotingStatus.ADOPTED)
            concept = Begroting.objects.get(tenant=tenant, status=BegrotingStatus.CONCEPT)
            loket = line_titled(concept, "Programma 3 Loket")
            for title, amount in POSTS:
                sub = services.line_create(
                    begroting=concept, group=LineGroup.PROGRAMMES, title=title, parent=loket
                )
                services.amounts_set(line=sub, amounts=dict.fromkeys(concept.years, amount))
            services.line_update(line=loket, data={"note": NOTE})
        source = begroting_document(adopted)
        plan = make_plan(tenant, status="vastgesteld", vastgesteld_op="2026-04-23")
        osp = registry.get("osp").build(tenant=tenant, plan=plan)
        found = Rendered(
            adopted=source.render(),
            again=begroting_document(adopted).render(),
            adopted_html=source.html(),
            filename=source.filename,
            entries=source.context["entries"],
            concept=begroting_document(concept).render(),
            osp=osp.render(),
            osp_html=osp.html(),
        )
        transaction.set_rollback(True)
    return found


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(content: bytes) -> list[str]:
    return [_norm(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


@pytest.fixture(scope="module")
def reader(rendered) -> PdfReader:
    return PdfReader(io.BytesIO(rendered.adopted))


@pytest.fixture(scope="module")
def pages(rendered) -> list[str]:
    return _text(rendered.adopted)


# --- A tagged PDF/A like the others --------------------------------------------------------------


def test_the_pdf_is_tagged_and_identifies_as_pdf_a_3a(reader):
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    xmp = root["/Metadata"].get_data().decode()
    assert re.search(r'pdfaid:part(="|>)3', xmp)
    assert re.search(r'pdfaid:conformance(="|>)A', xmp)


def test_metadata_title_author_language_and_filename(rendered, reader):
    assert reader.metadata.title == "Meerjarenbegroting 2025–2029"
    assert reader.metadata.author == SWV
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert rendered.filename == "VOF001-begroting-2025-2029-1.0.pdf"


def test_the_same_version_gives_the_same_bytes(rendered):
    assert rendered.adopted == rendered.again


# --- What it says --------------------------------------------------------------------------------


def test_the_cover_names_the_swv_years_version_status_and_the_day_of_adoption(pages):
    cover = pages[0]
    assert SWV in cover and "Meerjarenbegroting 2025–2029" in cover
    assert "Code Kalenderjaren Versie Status Vastgesteld op" in cover
    assert "VOF001 2025 tot en met 2029 1.0 Vastgesteld 26 november 2024" in cover


def test_the_table_has_every_line_and_every_figure_in_dutch_notation(pages):
    text = " ".join(pages)
    for _group, title, _forecast, amounts in BIJLAGE_3:
        figures = " ".join(format_euros(a) for a in amounts)
        # a long title wraps in its column; its figures follow its last words
        assert re.search(re.escape(title.split()[-1]) + r" " + re.escape(figures), text), title
    assert "2025 2026 2027 2028 2029" in text


def test_the_totals_are_derived_and_bold(pages, rendered):
    text = " ".join(pages)
    assert "Totale baten 33.026.007 34.894.472 34.578.007 34.402.564 34.487.976" in text
    assert "Totaal afdrachten 11.162.973 11.880.035 11.632.790 11.632.790 11.620.110" in text
    assert "Totaal programma's 21.863.034 23.014.436 22.945.217 22.769.774 22.867.865" in text
    assert "Totale lasten 33.026.007 34.894.471 34.578.007 34.402.564 34.487.975" in text
    assert "Resultaat 0 1 0 0 1" in text
    assert rendered.adopted_html.count('class="fin-total') == 5  # three groups, lasten, resultaat


def test_the_reserve_checks_per_year(pages):
    text = " ".join(pages)
    # eigen vermogen 512.000 on 1 January 2025; ceiling 600.000; 3,5% of the totale baten
    assert "2025 512.000 0 512.000 600.000 1.155.910 Binnen de grenzen" in text
    assert "2026 512.000 1 512.001 600.000 1.221.307 Binnen de grenzen" in text
    assert "ten hoogste € 600.000" in text and "3,5% van de totale baten" in text
    assert "In geen enkel jaar ligt het eigen vermogen boven" in text


def test_the_colophon_has_the_approval_trail_with_the_alv(pages):
    text = " ".join(pages)
    assert "Financiële commissie" in text and "Positief advies; let op de daling" in text
    assert "11 november 2024" in text and "18 november 2024" in text
    assert "Vastgesteld door de algemene ledenvergadering." in text


def test_the_contents_list_the_parts_with_their_pages(rendered, pages):
    contents = pages[1]
    for entry in rendered.entries:
        match = re.search(re.escape(entry.title) + r"[ .]*?(\d+)", contents)
        assert match, entry
        assert entry.title in pages[int(match[1]) - 1], entry


def test_headings_run_in_order_and_every_contents_entry_is_one(rendered):
    html = rendered.adopted_html
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)
    for entry in rendered.entries:
        assert html.count(f'id="{entry.anchor}"') == 1, entry


def test_a_concept_shows_its_sub_lines_notes_and_status(rendered):
    text = " ".join(_text(rendered.concept))
    assert "Meerjarenbegroting 2026–2030" in text and "Concept" in text
    assert "Programma 3 Loket 100.000 100.000 100.000 100.000 100.000" in text
    for title, amount in POSTS:
        assert f"{title} {format_euros(amount)}" in text
    assert "Toelichting bij de regels" in text and NOTE in text


# --- Bijlage 3 of the OSP ------------------------------------------------------------------------


def test_the_osp_has_the_seeds_bijlage_3_in_dutch_number_format(rendered):
    pages = _text(rendered.osp)
    # the appendix's own page (the contents on page 2 name it too)
    text = next(p for p in pages[2:] if "Bijlage 3: Meerjarenbegroting" in p)
    assert f"Bijlage 3: Meerjarenbegroting {SWV} 2025–2029" in text
    assert " ".join(str(y) for y in YEARS) in text
    for label in ("Baten", "Verplichte afdrachten", "Programma's"):
        assert label in text
    for _group, title, _forecast, amounts in BIJLAGE_3:
        figures = " ".join(format_euros(a) for a in amounts)
        assert re.search(re.escape(title.split()[-1]) + r" " + re.escape(figures), text), title
    assert "Totale baten 33.026.007" in text and "Resultaat 0 1 0 0 1" in text
    assert "Bijlage 3: Meerjarenbegroting" in pages[1]  # in the plan's contents
    # after Bijlage 1, before the abbreviations (the appendices' order)
    html = rendered.osp_html
    assert (
        html.index('id="bijlage-1"') < html.index('id="bijlage-3"') < html.index('id="afkortingen"')
    )
