"""The begroting's PDF as an issued document (issue #15, Build 7): archived once per vastgestelde
version and returned unchanged, ``render_pdf begroting``, who may download, "PDF maken", the
panel on the version's page, the document's query count, and when the OSP has no Bijlage 3.

Rendering is not the point here (a render takes seconds): the builder is a stub, except in the
one test that runs ``render_pdf`` for real. ``test_pdf_render`` reads real PDFs.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from plans.pdf import osp_document
from plans.tests.factories import make_plan
from swvportal.documents import registry
from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import document_issue
from swvportal.documents.tests.stubs import StubSource, _pdf, use_builder
from tests.conftest import eager_tasks  # noqa: F401  (fixture)

from .. import services
from ..models import Begroting, BudgetLine, LineGroup
from ..pdf_begroting import begroting_document, begroting_for_osp, percent_label
from ..views import pdf as pdf_views
from ..views.panels import panels_for
from .builders import ADOPTED_ON, a_begroting, a_concept_after, line_titled, record_required_steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def renders(monkeypatch, media) -> list[str]:
    """A stub builder; each render gives other bytes, so an identical file was not rendered
    again."""
    made: list[str] = []

    def build(*, tenant, begroting) -> StubSource:
        text = f"begroting {begroting.pk} {begroting.status} #{len(made)}"
        return StubSource(f"{tenant.code}-begroting-{begroting.version}.pdf", _pdf(text), made)

    use_builder(monkeypatch, "begroting", build)
    return made


@pytest.fixture
def concept(world) -> Begroting:
    return a_begroting(world.tenant_a)


@pytest.fixture
def adopted(world) -> Begroting:
    return a_begroting(world.tenant_a, adopted=True)


def _issue(world, begroting: Begroting) -> IssuedDocument:
    with scope(tenant=world.tenant_a):
        return document_issue(tenant=world.tenant_a, kind="begroting", begroting=begroting)


def _bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _adopt(begroting: Begroting) -> Begroting:
    with scopes_disabled():
        record_required_steps(begroting)
        return services.begroting_adopt(begroting=begroting, on=ADOPTED_ON)


# --- Archived once per vastgestelde version ------------------------------------------------------


def test_a_concepts_pdf_is_a_new_document_each_time(world, concept, renders):
    first, second = _issue(world, concept), _issue(world, concept)
    assert not first.archived and not second.archived and first.pk != second.pk
    assert len(renders) == 2 and first.title == "Meerjarenbegroting 2025–2027 (versie 1.0)"


def test_a_vastgestelde_versions_pdf_is_archived_once_and_returned_unchanged(
    world, concept, renders
):
    _issue(world, concept)  # made as a concept: not the archive
    adopted = _adopt(concept)
    first = _issue(world, adopted)
    content = _bytes(first)
    assert first.archived and first.subject == adopted and first.version_label == "1.0"
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    # Whatever changes afterwards (the settings of the checks, a next version), the archive
    # comes back as it was, without a render.
    with scopes_disabled():
        services.settings_save(tenant=world.tenant_a, data={"reserve_ceiling": 100_000})
    a_concept_after(adopted)
    again = _issue(world, adopted)
    assert again.pk == first.pk and _bytes(again) == content and len(renders) == 2
    with scopes_disabled():
        assert IssuedDocument.objects.filter(kind="begroting", archived=True).count() == 1


def test_each_vastgestelde_version_gets_its_own_archive(world, adopted, renders):
    first = _issue(world, adopted)
    second = _issue(world, _adopt(a_concept_after(adopted)))
    assert first.archived and second.archived and first.pk != second.pk
    assert (first.version_label, second.version_label) == ("1.0", "1.1")


def test_adoption_itself_renders_nothing(world, concept, renders):
    """As the OSP and the jaarplan: the archive is made by the first "PDF maken" (or
    ``render_pdf``) of the vastgestelde version, not in the adoption's transaction."""
    _adopt(concept)
    with scopes_disabled():
        assert not IssuedDocument.objects.exists()
    assert not renders


def test_the_job_says_what_it_makes_and_stops_plainly_when_the_version_is_gone(world, concept):
    kind = registry.get("begroting")
    data = kind.to_json(begroting=concept)
    with scope(tenant=world.tenant_a):
        assert kind.from_json(data) == {"begroting": concept}
        assert kind.job_fact(data) == "Meerjarenbegroting 2025–2027 (versie 1.0)"
        assert kind.from_json({}) == {"begroting": None}
        with pytest.raises(LookupError, match="bestaat niet meer"):
            kind.from_json({"begroting_id": 10**9})
    with scope(tenant=world.tenant_b), pytest.raises(LookupError):
        kind.from_json(data)  # another tenant's job never finds it


@pytest.mark.parametrize(
    ("tenant", "message"),
    [("a", "Kies de versie van de begroting."), ("b", "hoort niet bij dit samenwerkingsverband")],
)
def test_it_refuses_no_version_or_another_tenants(world, concept, renders, tenant, message):
    other = world.tenant_a if tenant == "a" else world.tenant_b
    params = {} if tenant == "a" else {"begroting": concept}
    with scope(tenant=other), pytest.raises(ValidationError, match=message):
        document_issue(tenant=other, kind="begroting", **params)
    assert not renders


# --- render_pdf begroting ------------------------------------------------------------------------


def _render(*args: str) -> None:
    call_command("render_pdf", "begroting", "--tenant", "VOA001", *args)


def test_render_pdf_takes_the_vastgestelde_version_and_archives_it(
    world, adopted, renders, tmp_path
):
    newer = a_concept_after(adopted)  # a concept 1.1: not the default
    out = tmp_path / "begroting.pdf"
    _render("--out", str(out))
    with scopes_disabled():
        document = IssuedDocument.objects.get()
    assert document.subject == adopted and document.archived
    assert hashlib.sha256(out.read_bytes()).hexdigest() == document.sha256
    _render("--versie", "1.1", "--out", str(tmp_path / "c.pdf"))
    with scopes_disabled():
        made = IssuedDocument.objects.get(archived=False)
    assert made.subject == newer and made.version_label == "1.1"


def test_render_pdf_without_a_vastgestelde_version_takes_the_newest(
    world, concept, renders, tmp_path
):
    _render("--out", str(tmp_path / "x.pdf"))
    with scopes_disabled():
        assert IssuedDocument.objects.get().subject == concept


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--versie", "1"), "Ongeldige versie '1': schrijf bijvoorbeeld 1.0."),
        (("--versie", "3.0"), "Versie 3.0 van de begroting bestaat niet bij VOA001."),
        (("--schooljaar", "2026-2027"), "--schooljaar hoort bij jaarplan"),
        (("--version", "4.0"), "--version hoort bij osp, niet bij begroting"),
    ],
)
def test_render_pdf_refuses_in_dutch(world, concept, renders, tmp_path, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        _render(*args, "--out", str(tmp_path / "x.pdf"))
    assert not renders


def test_render_pdf_without_any_begroting_says_so(world, renders, tmp_path):
    with pytest.raises(CommandError, match=r"VOA001 heeft nog geen begroting\."):
        _render("--out", str(tmp_path / "x.pdf"))


def test_render_pdf_begroting_makes_a_real_pdf_that_comes_out_identical(world, media, tmp_path):
    """The one real render here: the archived file, written twice, the same bytes."""
    a_begroting(world.tenant_a, adopted=True)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    _render("--out", str(first))
    _render("--versie", "1.0", "--out", str(second))
    assert first.read_bytes().startswith(b"%PDF-") and first.read_bytes() == second.read_bytes()


# --- Who may download and make -------------------------------------------------------------------

# The begroting's read rule: concepts for bestuurder and toezicht; the archived PDF of a
# vastgestelde version also for the inspectie; loket, deskundige and zorgcoördinator nothing.
READS_DRAFTS = {"bestuurder", "toezicht"}
READS_ARCHIVE = {"bestuurder", "toezicht", "inspectie"}
PERSONAS = ["bestuurder", "loket", "zorgcoordinator", "deskundige", "toezicht", "inspectie"]


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"])
def test_who_may_download_follows_the_begrotings_read_rule(world, login, concept, renders, persona):
    made_as_concept = _issue(world, concept)
    archived = _issue(world, _adopt(concept))
    client = login(world.user(persona))
    code = "VOB001" if persona == "outsider" else "VOA001"  # the outsider in its own tenant

    def status(document: IssuedDocument) -> int:
        kwargs = {"tenant_code": code, "document_id": document.pk}
        return client.get(reverse("documents:document_download", kwargs=kwargs)).status_code

    assert status(made_as_concept) == (200 if persona in READS_DRAFTS else 404)
    assert status(archived) == (200 if persona in READS_ARCHIVE else 404)


@pytest.mark.parametrize(("persona", "expected"), [("bestuurder", 302), ("toezicht", 403)])
def test_only_the_bestuurder_starts_pdf_maken(world, login, concept, renders, persona, expected):
    url = reverse(
        "documents:begroting_create",
        kwargs={"tenant_code": "VOA001", "begroting_id": concept.pk},
    )
    assert login(world.user(persona)).post(url).status_code == expected


def test_pdf_maken_of_a_version_one_may_not_read_is_a_404(world, login, renders):
    other = a_begroting(world.tenant_b)
    url = reverse(
        "documents:begroting_create", kwargs={"tenant_code": "VOA001", "begroting_id": other.pk}
    )
    assert login(world.user("bestuurder")).post(url).status_code == 404
    with scopes_disabled():
        assert not IssuedDocument.objects.exists()


@pytest.mark.usefixtures("eager_tasks")
def test_pdf_maken_makes_the_document_and_the_documents_page_says_where(
    world, login, concept, renders, django_capture_on_commit_callbacks
):
    client = login(world.user("bestuurder"))
    url = reverse(
        "documents:begroting_create", kwargs={"tenant_code": "VOA001", "begroting_id": concept.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "De PDF wordt gemaakt." in response.content.decode()
    with scopes_disabled():
        document = IssuedDocument.objects.get()
    assert document.subject == concept and document.created_by == world.user("bestuurder")
    listing = client.get(reverse("documents:document_list", kwargs={"tenant_code": "VOA001"}))
    assert "bij de versie van de <a" in listing.content.decode()


# --- The panel on the version's page -------------------------------------------------------------


def _panel(world, persona: str, begroting: Begroting) -> dict | None:
    http = RequestFactory().get("/")
    http.membership, http.user = world.members[persona], world.user(persona)
    http.tenant = world.tenant_a
    with scope(tenant=world.tenant_a):
        shown = panels_for(http, begroting, persona == "bestuurder")
    return next((p for p in shown if p["name"] == "pdf"), None)


def test_the_panel_offers_pdf_maken_and_after_the_vaststelling_the_archived_file(
    world, concept, renders
):
    panel = _panel(world, "bestuurder", concept)
    assert panel["can_create"] and panel["archived"] is None
    assert f"/documenten/begroting/{concept.pk}/maken/" in panel["html"]
    assert "Van deze versie is nog geen PDF gemaakt." in panel["html"]
    assert "niet gearchiveerd" in panel["html"]
    made = _issue(world, concept)
    adopted = _adopt(concept)
    panel = _panel(world, "bestuurder", adopted)
    assert panel["can_create"] and "wordt gearchiveerd" in panel["html"]
    archived = _issue(world, adopted)
    panel = _panel(world, "bestuurder", adopted)
    assert panel["archived"] == archived and not panel["can_create"]
    assert "Meerjarenbegroting 2025–2027 (versie 1.0) downloaden" in panel["html"]
    assert "<button" not in panel["html"]
    assert panel["documents"] == [made] and "Andere PDF's van deze versie" in panel["html"]


def test_the_inspectie_gets_the_archived_file_only_and_no_panel_before(world, concept, renders):
    _issue(world, concept)  # made as a concept: not for the inspectie
    adopted = _adopt(concept)
    assert _panel(world, "inspectie", adopted) is None
    archived = _issue(world, adopted)
    panel = _panel(world, "inspectie", adopted)
    assert panel["archived"] == archived and panel["documents"] == []
    assert "<button" not in panel["html"]


def test_toezicht_reads_a_concepts_pdfs_but_cannot_make_one(world, concept, renders):
    assert _panel(world, "toezicht", concept) is None
    made = _issue(world, concept)
    panel = _panel(world, "toezicht", concept)
    assert panel["documents"] == [made] and "<button" not in panel["html"]


def test_the_version_page_shows_the_panel(world, login, concept, renders):
    url = reverse(
        "finance:begroting_detail", kwargs={"tenant_code": "VOA001", "begroting_id": concept.pk}
    )
    page = login(world.user("bestuurder")).get(url).content.decode()
    assert 'id="begroting-pdf-titel"' in page and "PDF maken" in page


@pytest.mark.parametrize("count", [2, 20])
def test_the_panel_asks_a_fixed_number_of_queries(
    world, concept, renders, django_assert_max_num_queries, count
):
    for _ in range(count):
        _issue(world, concept)
    http = RequestFactory().get("/")
    http.membership, http.user = world.members["bestuurder"], world.user("bestuurder")
    http.tenant = world.tenant_a
    with scope(tenant=world.tenant_a), django_assert_max_num_queries(2):
        panel = pdf_views.pdf(http, concept, True)
    assert len(panel["documents"]) == min(count, 10) and panel["more_documents"] == (count > 10)


# --- The document: its reads and its date --------------------------------------------------------


def _many_lines(scale: int) -> tuple:
    groups = (LineGroup.INCOME, LineGroup.TRANSFERS, LineGroup.PROGRAMMES)
    return tuple(
        (group, f"Regel {group} {n}", (1_000 * n, 1_000 * n, 1_000 * n))
        for group in groups
        for n in range(1, 3 * scale + 1)
    )


@pytest.mark.parametrize("scale", [1, 10])
def test_the_document_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries, scale):
    begroting = a_begroting(world.tenant_a, lines=_many_lines(scale), adopted=True)
    with scopes_disabled():
        line = line_titled(begroting, "Regel baten 1")
        line.note = "Toelichting."
        line.save()
        begroting = Begroting.objects.get(pk=begroting.pk)  # nothing cached from the services
    with django_assert_max_num_queries(6):
        source = begroting_document(begroting)
    data = source.context["data"]
    assert len(data.table.rows()) == 9 * scale and len(data.notes) == 1
    assert len(data.approvals) == 4  # financiële commissie, RvT, OPR and the ALV


def test_a_vastgestelde_version_is_dated_by_its_adoption_a_concept_by_its_last_change(
    world, concept
):
    source = begroting_document(concept)
    assert source.meta.created == max(
        [concept.updated_at, *(line.updated_at for line in _lines(concept))]
    )
    assert ("Status", "Concept") in source.context["facts"]
    adopted = _adopt(concept)
    source = begroting_document(adopted)
    assert source.meta.created.date() == ADOPTED_ON and source.meta.created.hour == 0
    assert ("Vastgesteld op", "26 november 2024") in source.context["facts"]


def _lines(begroting: Begroting):
    with scopes_disabled():
        return list(BudgetLine.objects.filter(begroting=begroting))


def test_many_years_turn_the_tables_pages_to_landscape(world):
    years = tuple(range(2025, 2031))
    lines = ((LineGroup.INCOME, "Zware ondersteuning", (1,) * 6),)
    html = begroting_document(a_begroting(world.tenant_a, years=years, lines=lines)).html()
    assert "fin-budget--wide" in html and "fin-table--years-6" in html
    assert "fin-budget--wide" not in begroting_document(a_begroting(world.tenant_b)).html()


@pytest.mark.parametrize(("rate", "label"), [("0.0350", "3,5%"), ("0.04", "4%"), ("0.1", "10%")])
def test_the_signal_rate_reads_as_a_dutch_percentage(rate, label):
    assert percent_label(Decimal(rate)) == label


# --- Bijlage 3 of the OSP: when there is none ----------------------------------------------------


def _osp_html(world, peildatum: datetime.date) -> str:
    plan = make_plan(world.tenant_a, status="vastgesteld", vastgesteld_op="2026-04-23")
    return osp_document(plan, peildatum=peildatum).html()


def test_the_osp_has_the_vastgestelde_begroting_as_bijlage_3(world, adopted):
    html = _osp_html(world, datetime.date(2026, 4, 23))
    assert (
        '<h1 id="bijlage-3">Bijlage 3: Meerjarenbegroting Samenwerkingsverband Alfa 2025–2027</h1>'
        in html
    )
    assert "versie 1.0, vastgesteld op 26 november 2024" in html
    assert "1.000.000" in html and "Totale baten" in html


@pytest.mark.parametrize(
    "case",
    [
        "none",  # the tenant has no begroting at all
        "concept",  # a concept is no part of the plan
        "adopted later",  # adopted after the plan's peildatum
    ],
)
def test_without_a_vastgestelde_begroting_the_osp_has_no_bijlage_3(world, case):
    if case == "concept":
        a_begroting(world.tenant_a)
    if case == "adopted later":
        a_begroting(world.tenant_a, adopted=True)
    peildatum = datetime.date(2024, 11, 1)  # before 26 November 2024
    html = _osp_html(world, peildatum)
    assert "Bijlage 3" not in html and 'id="bijlage-1"' in html


def test_the_osp_takes_the_newest_version_vastgesteld_by_its_peildatum(world, adopted):
    newer = _adopt_on(a_concept_after(adopted), datetime.date(2025, 11, 20))
    with scope(tenant=world.tenant_a):
        assert begroting_for_osp(tenant=world.tenant_a, peildatum=datetime.date(2025, 1, 1)) == (
            adopted
        )
        assert begroting_for_osp(tenant=world.tenant_a, peildatum=datetime.date(2026, 1, 1)) == (
            newer
        )


def _adopt_on(begroting: Begroting, day: datetime.date) -> Begroting:
    with scopes_disabled():
        record_required_steps(begroting)
        return services.begroting_adopt(begroting=begroting, on=day)
