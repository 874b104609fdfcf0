"""The documents pages per role: list, download, "PDF maken", the links on plan and dashboard."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django_scopes import scope

from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import document_issue

B, L, Z, T, I = "bestuurder", "loket", "zorgcoordinator", "toezicht", "inspectie"  # noqa: E741
PEILDATUM = datetime.date(2026, 10, 1)


@pytest.fixture
def documents(world, plans, stub) -> dict[str, IssuedDocument]:
    with scope(tenant=world.tenant_a):
        return {
            "archived": document_issue(tenant=world.tenant_a, kind="osp", plan=plans.adopted),
            "concept": document_issue(tenant=world.tenant_a, kind="osp", plan=plans.concept),
            "monitoring": document_issue(
                tenant=world.tenant_a, kind="monitoring", peildatum=PEILDATUM
            ),
        }


def _url(name: str, code: str = "VOA001", **kwargs) -> str:
    return reverse(f"documents:{name}", kwargs={"tenant_code": code, **kwargs})


def _download(document: IssuedDocument, code: str = "VOA001") -> str:
    return _url("document_download", code, document_id=document.pk)


SEES = {
    B: {"archived", "concept", "monitoring"},
    L: {"archived"},
    Z: {"archived"},
    T: {"archived", "monitoring"},
    I: {"archived", "monitoring"},
}


@pytest.mark.parametrize("role", sorted(SEES))
def test_each_role_lists_and_downloads_what_it_may_see(world, login, documents, role):
    client = login(world.user(role))
    listing = client.get(_url("document_list"))
    assert listing.status_code == 200
    listed = {d.pk for d in listing.context["table"].data}
    assert listed == {documents[name].pk for name in SEES[role]}
    for name, document in documents.items():
        expected = 200 if name in SEES[role] else 404
        assert client.get(_download(document)).status_code == expected, name


def test_the_download_is_the_stored_file_as_an_attachment(world, login, documents):
    document = documents["archived"]
    response = login(world.user(I)).get(_download(document))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="VOA001-ondersteuningsplan-1.0.pdf"'
    )
    with document.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_the_list_shows_title_kind_sha_size_and_a_download_link(world, login, documents):
    body = login(world.user(B)).get(_url("document_list")).content.decode()
    archived = documents["archived"]
    assert archived.title in body and "(gearchiveerd)" in body
    assert f'<code title="{archived.sha256}">{archived.sha256[:12]}…</code>' in body
    assert _download(archived) in body and "versie 1.0" in body and "01-10-2026" in body
    assert "concept, niet gearchiveerd" in body


def test_the_list_says_when_there_is_nothing_yet(world, login):
    body = login(world.user(I)).get(_url("document_list")).content.decode()
    assert "Er zijn nog geen documenten die u kunt downloaden." in body


def test_another_tenants_document_is_not_found(world, login, documents):
    client = login(world.user("outsider"))
    assert client.get(_download(documents["archived"], "VOB001")).status_code == 404
    assert client.get(_download(documents["archived"])).status_code == 403  # not a member of A


def test_a_document_whose_file_is_gone_is_a_404_not_a_500(world, login, documents):
    document = documents["archived"]
    document.file.storage.delete(document.file.name)
    assert login(world.user(B)).get(_download(document)).status_code == 404


# --- "PDF maken" -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [L, Z, T, I])
def test_only_the_bestuurder_makes_pdfs(world, login, plans, stub, role):
    client = login(world.user(role))
    assert client.post(_url("osp_create", plan_id=plans.adopted.pk)).status_code == 403
    monitoring = client.post(_url("monitoring_create"), {"peildatum": "2026-10-01"})
    assert monitoring.status_code == 403


def test_making_a_pdf_takes_a_post(world, login, plans):
    client = login(world.user(B))
    assert client.get(_url("osp_create", plan_id=plans.adopted.pk)).status_code == 405
    assert client.get(_url("monitoring_create")).status_code == 405


def test_pdf_maken_runs_in_the_background_and_offers_the_download(
    world, login, plans, stub, eager_tasks, django_capture_on_commit_callbacks
):
    client = login(world.user(B))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("osp_create", plan_id=plans.adopted.pk))
    assert response.status_code == 302 and "/VOA001/taken/" in response["Location"]
    job_page = client.get(response["Location"]).content.decode()
    assert "Resultaat openen" in job_page
    with scope(tenant=world.tenant_a):
        document = IssuedDocument.objects.get(plan=plans.adopted)
    assert _download(document) in job_page
    assert client.get(_download(document)).status_code == 200


def test_with_htmx_the_button_becomes_the_job_status(world, login, plans, stub):
    response = login(world.user(B)).post(
        _url("osp_create", plan_id=plans.concept.pk), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="job-status"' in body and "/VOA001/taken/" in body and "hx-get" in body


def test_a_monitoring_report_needs_a_valid_peildatum(world, login, stub):
    client = login(world.user(B))
    response = client.post(_url("monitoring_create"), {"peildatum": "31-02-2026"})
    assert response.status_code == 302 and response["Location"] == "/VOA001/monitoring/"
    htmx = client.post(_url("monitoring_create"), {"peildatum": ""}, HTTP_HX_REQUEST="true")
    assert "Kies een peildatum." in htmx.content.decode()
    future = client.post(
        _url("monitoring_create"), {"peildatum": "2090-01-01"}, HTTP_HX_REQUEST="true"
    )
    assert "toekomst" in future.content.decode()
    ancient = client.post(
        _url("monitoring_create"), {"peildatum": "0001-01-01"}, HTTP_HX_REQUEST="true"
    )
    assert "Vul een datum in tussen 01-01-2000 en 31-12-2099." in ancient.content.decode()
    with scope(tenant=world.tenant_a):
        assert not IssuedDocument.objects.exists()


def test_a_monitoring_report_is_made_for_the_peildatum(
    world, login, stub, eager_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        login(world.user(B)).post(_url("monitoring_create"), {"peildatum": "01-10-2026"})
    with scope(tenant=world.tenant_a):
        assert IssuedDocument.objects.get().peildatum == PEILDATUM


def test_a_plan_of_another_tenant_cannot_be_made_into_a_pdf(world, login, stub):
    from plans.tests.factories import make_plan

    plan_b = make_plan(world.tenant_b, status="vastgesteld")
    response = login(world.user(B)).post(_url("osp_create", plan_id=plan_b.pk))
    assert response.status_code == 404


# --- The links on the plan and the dashboard ------------------------------------------------


def _plan_page(client, plan) -> str:
    url = reverse("plans:plan_detail", kwargs={"tenant_code": "VOA001", "plan_id": plan.pk})
    return client.get(url).content.decode()


def test_the_plan_page_offers_pdf_maken_to_the_bestuurder_until_it_is_archived(
    world, login, plans, stub
):
    client = login(world.user(B))
    page = _plan_page(client, plans.adopted)
    assert "PDF maken" in page and _url("osp_create", plan_id=plans.adopted.pk) in page
    assert 'name="csrfmiddlewaretoken" value="' in page
    with scope(tenant=world.tenant_a):
        document = document_issue(tenant=world.tenant_a, kind="osp", plan=plans.adopted)
    page = _plan_page(client, plans.adopted)
    assert "PDF maken" not in page and _download(document) in page
    assert "PDF maken" in _plan_page(client, plans.concept)  # a concept: a new PDF each time


@pytest.mark.parametrize("role", [L, Z, T, I])
def test_readers_of_an_adopted_plan_get_its_archived_pdf(world, login, plans, stub, role):
    client = login(world.user(role))
    assert "Download PDF" not in _plan_page(client, plans.adopted)
    with scope(tenant=world.tenant_a):
        document = document_issue(tenant=world.tenant_a, kind="osp", plan=plans.adopted)
    page = _plan_page(client, plans.adopted)
    assert "Download PDF" in page and _download(document) in page and "PDF maken" not in page


def test_the_dashboard_offers_the_report_as_pdf_to_the_bestuurder_only(world, login):
    url = reverse("monitoring:dashboard", kwargs={"tenant_code": "VOA001"})
    assert "Rapportage als PDF" in login(world.user(B)).get(url).content.decode()
    assert "Rapportage als PDF" not in login(world.user(T)).get(url).content.decode()


def test_documenten_is_in_the_menu_of_every_role(world, login):
    for role in SEES:
        home = login(world.user(role)).get(reverse("core:tenant_home", args=["VOA001"]))
        assert _url("document_list") in home.content.decode(), role
