"""The jaarplan's PDFs as issued documents (issue 14, Build 7): archived once per vastgesteld
version, the progress and the evaluation, ``render_pdf jaarplan``, who may download, the panel on
the jaarplan's page, Bijlage 6 of the OSP and the document's query count.

Rendering is not the point here (a render takes seconds): the builders are stubs, except in the
one test that runs ``render_pdf`` for real. ``test_pdf`` reads real PDFs.
"""

from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.pdf import evaluation_edition, jaarplan_document, plan_edition
from plans.jaarplan.views import pdf as pdf_views
from plans.jaarplan.views.panels import panels_for
from plans.models import Activity, CalendarItem, Jaarplan
from plans.pdf import osp_document
from swvportal.documents import registry
from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import document_issue
from swvportal.documents.tests.stubs import StubSource, _pdf, use_builder

from .builders import a_jaarplan, adopt, an_activity
from .pdf_data import ADOPTED_ON, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def renders(monkeypatch, media) -> list[str]:
    """Stub builders for both types; each render gives other bytes, so an identical file was
    not rendered again."""
    made: list[str] = []

    def stub(kind: str):
        def build(*, tenant, jaarplan) -> StubSource:
            text = f"{kind} {jaarplan.pk} {jaarplan.status} #{len(made)}"
            return StubSource(f"{tenant.code}-{kind}-{jaarplan.version}.pdf", _pdf(text), made)

        return build

    use_builder(monkeypatch, "jaarplan", stub("jaarplan"))
    use_builder(monkeypatch, "jaarplan_evaluatie", stub("jaarplan_evaluatie"))
    return made


@pytest.fixture
def jaarplan(world) -> Jaarplan:
    """Tenant A's concept jaarplan 2026-2027 with one activity."""
    found = a_jaarplan(world.tenant_a, 2026)
    an_activity(found)
    return found


def _issue(world, kind: str, jaarplan: Jaarplan) -> IssuedDocument:
    with scope(tenant=world.tenant_a):
        return document_issue(tenant=world.tenant_a, kind=kind, jaarplan=jaarplan)


def _bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _adopt(jaarplan: Jaarplan) -> Jaarplan:
    with scope(tenant=jaarplan.tenant):
        return services.jaarplan_set_status(jaarplan=jaarplan, status="vastgesteld", on=ADOPTED_ON)


def _evaluate(jaarplan: Jaarplan) -> Jaarplan:
    with scope(tenant=jaarplan.tenant):
        for activity in Activity.objects.filter(jaarplan=jaarplan):
            services.activity_evaluate(activity=activity, evaluation="behaald", text="Gelukt.")
        return services.jaarplan_set_status(jaarplan=jaarplan, status="geevalueerd")


# --- Archived once per vastgesteld version -------------------------------------------------------


def test_a_concepts_pdf_is_a_new_document_each_time(world, jaarplan, renders):
    first = _issue(world, "jaarplan", jaarplan)
    second = _issue(world, "jaarplan", jaarplan)
    assert not first.archived and not second.archived and first.pk != second.pk
    assert len(renders) == 2 and first.title == "Jaarplan 2026-2027 (versie 1.0)"


def test_a_vastgesteld_versions_pdf_is_archived_once_and_never_changes(world, jaarplan, renders):
    adopted = _adopt(jaarplan)
    first = _issue(world, "jaarplan", adopted)
    content = _bytes(first)
    assert first.archived and first.subject == adopted and first.version_label == "1.0"
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    with scope(tenant=world.tenant_a):
        activity = Activity.objects.get(jaarplan=adopted)
        services.activity_progress(activity=activity, status="loopt", note="Begonnen.")
    evaluated = _evaluate(adopted)
    again = _issue(world, "jaarplan", evaluated)
    assert again.pk == first.pk and _bytes(again) == content and len(renders) == 1


def test_each_vastgesteld_version_gets_its_own_archive(world, jaarplan, renders):
    first = _issue(world, "jaarplan", _adopt(jaarplan))
    with scope(tenant=world.tenant_a):
        newer = services.jaarplan_new_version(jaarplan=Jaarplan.objects.get(pk=jaarplan.pk))
    second = _issue(world, "jaarplan", _adopt(newer))
    assert first.archived and second.archived and first.pk != second.pk
    assert (first.version_label, second.version_label) == ("1.0", "1.1")


def test_the_progress_is_new_each_time_and_the_evaluation_is_archived_once(
    world, jaarplan, renders
):
    adopted = _adopt(jaarplan)
    progress = [_issue(world, "jaarplan_evaluatie", adopted) for _ in range(2)]
    assert progress[0].pk != progress[1].pk and not any(d.archived for d in progress)
    assert progress[0].title.startswith("Voortgang jaarplan 2026-2027 (versie 1.0), stand ")
    evaluated = _evaluate(adopted)
    first = _issue(world, "jaarplan_evaluatie", evaluated)
    second = _issue(world, "jaarplan_evaluatie", evaluated)
    assert first.archived and second.pk == first.pk and len(renders) == 3
    assert first.title == "Evaluatie jaarplan 2026-2027 (versie 1.0)"


def test_a_concept_has_no_progress_or_evaluation_pdf(world, jaarplan, renders):
    with pytest.raises(ValidationError, match="pas als het jaarplan is vastgesteld"):
        _issue(world, "jaarplan_evaluatie", jaarplan)
    assert not renders


def test_the_editions_date_the_document_by_the_day_they_show(world, jaarplan):
    assert plan_edition(jaarplan).as_of is None
    adopted = _adopt(jaarplan)
    assert plan_edition(adopted).as_of == ADOPTED_ON
    today = datetime.date(2027, 3, 1)
    assert evaluation_edition(adopted, today=today).as_of == today
    assert jaarplan_document(adopted).meta.created.date() == ADOPTED_ON
    assert jaarplan_document(adopted).filename == "VOA001-jaarplan-2026-2027-1.0.pdf"
    progress = jaarplan_document(adopted, evaluation_edition(adopted, today=today))
    assert progress.filename == "VOA001-jaarplan-2026-2027-1.0-voortgang.pdf"


def test_the_job_says_what_it_makes_and_stops_plainly_when_the_version_is_gone(world, jaarplan):
    plan_type, evaluation_type = registry.get("jaarplan"), registry.get("jaarplan_evaluatie")
    data = plan_type.to_json(jaarplan=jaarplan)
    with scope(tenant=world.tenant_a):
        assert plan_type.from_json(data) == {"jaarplan": jaarplan}
        assert plan_type.job_fact(data) == "Jaarplan 2026-2027 (versie 1.0)"
        _adopt(jaarplan)
        assert evaluation_type.job_fact(data) == "Voortgang jaarplan 2026-2027 (versie 1.0)"
        with pytest.raises(LookupError, match="bestaat niet meer"):
            plan_type.from_json({"jaarplan_id": 10**9})
    with scope(tenant=world.tenant_b), pytest.raises(LookupError):
        plan_type.from_json(data)  # another tenant's job never finds it


# --- render_pdf jaarplan -------------------------------------------------------------------------


def _render(*args: str) -> None:
    call_command("render_pdf", "jaarplan", "--tenant", "VOA001", *args)


def test_render_pdf_takes_the_newest_vastgesteld_version_and_archives_it(
    world, jaarplan, renders, tmp_path
):
    adopted = _adopt(jaarplan)
    with scope(tenant=world.tenant_a):
        services.jaarplan_new_version(jaarplan=adopted)  # a concept 1.1
    out = tmp_path / "jaarplan.pdf"
    _render("--schooljaar", "2026-2027", "--out", str(out))
    with scopes_disabled():
        document = IssuedDocument.objects.get()
    assert document.subject == adopted and document.archived
    assert hashlib.sha256(out.read_bytes()).hexdigest() == document.sha256
    _render("--schooljaar", "2026-2027", "--versie", "1.1", "--out", str(tmp_path / "c.pdf"))
    with scopes_disabled():
        assert IssuedDocument.objects.filter(archived=False, version_label="1.1").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Geef het schooljaar van het jaarplan: --schooljaar 2026-2027."),
        (("--schooljaar", "2026"), "Ongeldig schooljaar '2026': Schrijf een schooljaar als"),
        (("--schooljaar", "2026-2028"), "De twee jaren van een schooljaar moeten op elkaar volgen"),
        (("--schooljaar", "2030-2031"), "VOA001 heeft geen jaarplan voor 2030-2031."),
        (("--schooljaar", "2026-2027", "--versie", "1"), "Ongeldige versie '1': schrijf"),
        (("--schooljaar", "2026-2027", "--versie", "3.0"), "Versie 3.0 van het jaarplan 2026-2027"),
        (("--schooljaar", "2026-2027", "--version", "4.0"), "--version hoort bij osp"),
    ],
)
def test_render_pdf_refuses_in_dutch(world, jaarplan, renders, tmp_path, args, message):
    with pytest.raises(CommandError, match=re.escape(message)):
        _render(*args, "--out", str(tmp_path / "x.pdf"))
    assert not renders


def test_render_pdf_jaarplan_makes_a_real_pdf_that_comes_out_identical(world, media, tmp_path):
    """The one real render here: the archived file, written twice, the same bytes."""
    jaarplan = a_jaarplan(world.tenant_a, 2026)
    an_activity(jaarplan, result="Een gedeelde werkwijze voor de scholen.")
    adopt(jaarplan)
    first, second = tmp_path / "1.pdf", tmp_path / "2.pdf"
    _render("--schooljaar", "2026-2027", "--out", str(first))
    _render("--schooljaar", "2026-2027", "--versie", "1.0", "--out", str(second))
    assert first.read_bytes().startswith(b"%PDF-") and first.read_bytes() == second.read_bytes()


# --- Who may download ----------------------------------------------------------------------------

# The jaarplan's read rule: concepts for bestuurder, loket and zorgcoördinator; every role reads
# the PDF of a vastgesteld version; another tenant's member nothing.
SEES_CONCEPT = {"bestuurder", "loket", "zorgcoordinator"}
PERSONAS = ["bestuurder", "loket", "zorgcoordinator", "deskundige", "toezicht", "inspectie"]


@pytest.mark.parametrize("persona", [*PERSONAS, "outsider"])
def test_who_may_download_follows_the_jaarplans_read_rule(world, login, jaarplan, renders, persona):
    concept = _issue(world, "jaarplan", jaarplan)
    adopted = _adopt(jaarplan)
    archived = _issue(world, "jaarplan", adopted)
    progress = _issue(world, "jaarplan_evaluatie", adopted)
    client = login(world.user(persona))
    # The outsider asks in its own tenant (in tenant A it is no member at all: 403).
    code = "VOB001" if persona == "outsider" else "VOA001"

    def status(document: IssuedDocument) -> int:
        kwargs = {"tenant_code": code, "document_id": document.pk}
        return client.get(reverse("documents:document_download", kwargs=kwargs)).status_code

    reads_drafts = persona in SEES_CONCEPT
    assert status(concept) == (200 if reads_drafts else 404)
    assert status(progress) == (200 if reads_drafts else 404)
    assert status(archived) == (404 if persona == "outsider" else 200)


@pytest.mark.parametrize(("persona", "expected"), [("bestuurder", 302), ("toezicht", 403)])
def test_only_the_bestuurder_starts_pdf_maken(world, login, jaarplan, renders, persona, expected):
    url = reverse(
        "documents:jaarplan_create", kwargs={"tenant_code": "VOA001", "jaarplan_id": jaarplan.pk}
    )
    assert login(world.user(persona)).post(url).status_code == expected


# --- The panel on the jaarplan's page ------------------------------------------------------------


def _panel(world, persona: str, jaarplan: Jaarplan) -> dict | None:
    assert pdf_views.pdf  # importing the module registers the panel (the URLconf does it too)
    http = RequestFactory().get("/")
    http.membership, http.user = world.members[persona], world.user(persona)
    http.tenant = world.tenant_a
    with scope(tenant=world.tenant_a):
        shown = panels_for(http, jaarplan, persona == "bestuurder")
    return next((p for p in shown if p["name"] == "pdf"), None)


def test_the_panel_offers_pdf_maken_and_after_the_vaststelling_the_archived_file(
    world, jaarplan, renders
):
    panel = _panel(world, "bestuurder", jaarplan)
    assert [a.button for a in panel["actions"]] == ["PDF maken"]
    assert f"/documenten/jaarplan/{jaarplan.pk}/maken/" in panel["html"]
    assert "Van deze versie is nog geen PDF gemaakt." in panel["html"]
    adopted = _adopt(jaarplan)
    archived = _issue(world, "jaarplan", adopted)
    panel = _panel(world, "bestuurder", adopted)
    assert panel["actions"][0].archived == archived
    assert panel["actions"][1].button == "PDF met de voortgang maken"
    assert "Jaarplan 2026-2027 (versie 1.0) downloaden" in panel["html"]
    assert len(panel["documents"]) == 0  # the archived file stands above, not in the list
    progress = _issue(world, "jaarplan_evaluatie", adopted)
    panel = _panel(world, "bestuurder", adopted)
    assert panel["documents"] == [progress] and "Andere PDF's van deze versie" in panel["html"]


def test_toezicht_gets_the_archived_file_only_and_no_panel_before(world, jaarplan, renders):
    _issue(world, "jaarplan", jaarplan)  # a concept's PDF: not for toezicht
    adopted = _adopt(jaarplan)
    assert _panel(world, "toezicht", adopted) is None
    archived = _issue(world, "jaarplan", adopted)
    panel = _panel(world, "toezicht", adopted)
    assert [a.archived for a in panel["actions"]] == [archived]
    assert panel["documents"] == [] and "<button" not in panel["html"]


def test_after_the_evaluation_the_panel_offers_the_evaluation(world, jaarplan, renders):
    evaluated = _evaluate(_adopt(jaarplan))
    buttons = [a.button for a in _panel(world, "bestuurder", evaluated)["actions"]]
    assert buttons == ["PDF maken", "PDF met de evaluatie maken"]


@pytest.mark.parametrize("count", [2, 20])
def test_the_panel_asks_a_fixed_number_of_queries(
    world, jaarplan, renders, django_assert_max_num_queries, count
):
    for _ in range(count):
        _issue(world, "jaarplan", jaarplan)
    http = RequestFactory().get("/")
    http.membership, http.user = world.members["bestuurder"], world.user("bestuurder")
    http.tenant = world.tenant_a
    # The PDF panel's own context (the page renders the other parts' panels too).
    with scope(tenant=world.tenant_a), django_assert_max_num_queries(2):
        panel = pdf_views.pdf(http, jaarplan, True)
    assert len(panel["documents"]) == min(count, 10) and panel["more_documents"] == (count > 10)


# --- Bijlage 6 of the ondersteuningsplan ---------------------------------------------------------


def _osp_html(jaarplan: Jaarplan, peildatum: datetime.date) -> str:
    with scopes_disabled():
        plan = Jaarplan.objects.select_related("plan").get(pk=jaarplan.pk).plan
    return osp_document(plan, peildatum=peildatum).html()


def test_the_osp_has_the_vastgesteld_jaarplan_of_its_current_year_as_bijlage_6(world, jaarplan):
    adopt(jaarplan)
    html = _osp_html(jaarplan, datetime.date(2027, 2, 1))
    assert '<h1 id="bijlage-jaarplan">Bijlage 6: Jaarplan 2026-2027</h1>' in html
    assert (
        "Er is een plan van aanpak." in html and "Stap 1.1a (2026-2027): Stap in 2026-2027." in html
    )
    assert "jp-status" not in html  # statuses change through the year: not in the plan
    # A later school year without a jaarplan of its own: the newest one before it.
    assert "Bijlage 6: Jaarplan 2026-2027" in _osp_html(jaarplan, datetime.date(2027, 11, 1))


@pytest.mark.parametrize(
    ("adopted", "peildatum"),
    [
        (False, datetime.date(2027, 2, 1)),  # a concept is no part of the plan
        (True, datetime.date(2026, 9, 1)),  # adopted on 1 October, after the peildatum
        (True, datetime.date(2026, 5, 1)),  # before the plan's first school year
    ],
)
def test_without_a_vastgesteld_jaarplan_the_osp_has_no_bijlage_6(
    world, jaarplan, adopted, peildatum
):
    if adopted:
        adopt(jaarplan)
        with scopes_disabled():
            Jaarplan.objects.filter(pk=jaarplan.pk).update(adopted_on=ADOPTED_ON)
    assert "Bijlage 6" not in _osp_html(jaarplan, peildatum)


# --- Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("scale", [1, 10])
def test_the_document_reads_a_fixed_number_of_queries(world, django_assert_max_num_queries, scale):
    tenant, persona = (world.tenant_a, "bestuurder") if scale == 1 else (world.tenant_b, "outsider")
    jaarplan = a_jaarplan(tenant, 2026)
    fill(jaarplan, scale=scale, responsible=world.user(persona))
    with scopes_disabled():
        CalendarItem.objects.create(
            tenant=tenant,
            category="plannen",
            title="Jaarplan",
            frequency="jaarlijks",
            due_month=10,
            due_day=1,
            link="jaarplan_vastgesteld",
        )
    adopted = _adopt(jaarplan)
    with scopes_disabled():
        adopted = Jaarplan.objects.get(pk=adopted.pk)  # nothing cached from the services
    with django_assert_max_num_queries(14):
        source = jaarplan_document(adopted, evaluation_edition(adopted))
    assert len(source.context["data"].pillars[0].goals[0].improvements[0].activities) == 2 * scale
