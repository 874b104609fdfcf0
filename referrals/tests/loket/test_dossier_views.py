"""The dossier's pages: the download is the only way to a file (access checked, read logged),
the upload form with its Dutch errors, the removal with its confirmation step, and the panel on
the request's page in a fixed number of queries."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from referrals.models import DossierDocument, RequestStatus
from referrals.services import loket_dossier
from referrals.views import loket_panels
from swvportal.audit.models import AuditEntry

from . import dossier_samples as samples
from .builders import a_request, an_advice, deskundige_of
from .dossier_samples import private_storage_in, stored_files

CODE = "VOA001"


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    return private_storage_in(tmp_path / "private", monkeypatch)


@pytest.fixture
def dossier(world, private_dir):
    """A concept request at A1, assigned to the world's deskundige, with one PDF."""
    tlv = a_request(world.school_a1, status=RequestStatus.CONCEPT, submitted_on=None)
    an_advice(tlv, deskundige_of(world))
    with scope(tenant=world.tenant_a):
        document = loket_dossier.dossier_upload(
            tlv=tlv,
            kind="onderzoek",
            upload=samples.upload("Onderzoek mei.pdf", samples.PDF),
            by=world.members["zorgcoordinator"],
        )
    return tlv, document


def url(name, tlv, document=None):
    kwargs = {"tenant_code": tlv.tenant.code, "tlv_id": tlv.pk}
    if document is not None:
        kwargs["dossier_document_id"] = document.pk
    return reverse(f"loket:{name}", kwargs=kwargs)


READERS = ["bestuurder", "loket", "deskundige", "zorgcoordinator"]


@pytest.mark.parametrize("role", READERS)
def test_a_member_who_may_see_the_request_downloads_the_file_and_the_read_is_logged(
    world, login, dossier, role
):
    tlv, document = dossier
    response = login(world.user(role)).get(url("document_download", tlv, document))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == samples.PDF
    assert response["Content-Disposition"] == 'attachment; filename="Onderzoek mei.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    with scopes_disabled():
        read = AuditEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=str(document.pk))
        assert [e.additional_data["what"] for e in read] == ["stuk uit het dossier"]
        assert read.get().actor == world.user(role)


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_toezicht_and_inspectie_never_get_a_document(world, login, dossier, role):
    tlv, document = dossier
    client = login(world.user(role))
    assert client.get(url("document_download", tlv, document)).status_code == 403
    assert client.get(url("dossier", tlv)).status_code == 403


def test_a_document_id_of_another_request_is_a_404(world, login, dossier):
    tlv, _ = dossier
    other = a_request(world.school_a1, status=RequestStatus.CONCEPT, submitted_on=None)
    with scope(tenant=world.tenant_a):
        foreign = loket_dossier.dossier_upload(
            tlv=other,
            kind="overig",
            upload=samples.upload("ander.png", samples.image("PNG")),
            by=world.members["loket"],
        )
    response = login(world.user("loket")).get(url("document_download", tlv, foreign))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("who", "where"),
    [
        pytest.param("zorgcoordinator", "school_a2", id="zorgcoordinator-of-another-school"),
        pytest.param("deskundige", "school_a1", id="deskundige-not-assigned"),
    ],
)
def test_a_request_out_of_reach_hides_its_documents(world, login, private_dir, who, where):
    tlv = a_request(getattr(world, where), status=RequestStatus.CONCEPT, submitted_on=None)
    with scope(tenant=world.tenant_a):
        document = loket_dossier.dossier_upload(
            tlv=tlv,
            kind="overig",
            upload=samples.upload("x.pdf", samples.PDF),
            by=world.members["loket"],
        )
    client = login(world.user(who))
    assert client.get(url("document_download", tlv, document)).status_code == 404
    assert client.get(url("dossier", tlv)).status_code == 404


def test_the_private_storage_has_no_url_and_no_url_serves_its_files(world, login, dossier):
    _, document = dossier
    storage = DossierDocument._meta.get_field("file").storage
    with pytest.raises(ValueError, match="geen adres"):
        storage.url(document.file.name)
    assert "base_url" not in settings.STORAGES["private"].get("OPTIONS", {})
    assert not Path(settings.PRIVATE_MEDIA_ROOT).is_relative_to(Path(settings.MEDIA_ROOT))
    client = login(world.user("bestuurder"))
    for guess in (
        f"{settings.MEDIA_URL.rstrip('/')}/{document.file.name}",
        f"/media/{document.file.name}",
        f"/niet-openbaar/{document.file.name}",
        f"/{CODE}/loket/{document.file.name}",
    ):
        assert client.get(guess).status_code == 404, guess


# --- The dossier page and the upload form -------------------------------------------------------


def test_the_school_adds_a_document_and_returns_to_the_page_it_came_from(world, login, dossier):
    tlv, _ = dossier
    back = url("dossier", tlv) + "?vanaf=aanvraag"
    response = login(world.user("zorgcoordinator")).post(
        url("dossier", tlv),
        {
            "kind": "zienswijze",
            "file": samples.upload("Zienswijze.docx", samples.docx()),
            "next": back,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == back
    assert "'Zienswijze.docx' is aan het dossier toegevoegd" in unescape(response.content.decode())
    with scopes_disabled():
        assert tlv.documents.filter(kind="zienswijze").count() == 1


def test_a_next_outside_the_portal_is_ignored(world, login, dossier):
    tlv, _ = dossier
    response = login(world.user("zorgcoordinator")).post(
        url("dossier", tlv),
        {
            "kind": "overig",
            "file": samples.upload("a.png", samples.image("PNG")),
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == url("dossier", tlv)


def test_a_refused_upload_shows_the_reason_above_the_form_and_at_the_field(
    world, login, dossier, private_dir
):
    tlv, _ = dossier
    response = login(world.user("zorgcoordinator")).post(
        url("dossier", tlv),
        {"kind": "onderzoek", "file": samples.upload("rapport.pdf", samples.EXE)},
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert "Er ging iets mis" in body and body.count("programma of script") == 2
    with scopes_disabled():
        assert tlv.documents.count() == 1
    assert len(stored_files(private_dir)) == 1


def test_a_missing_kind_and_file_get_dutch_messages(world, login, dossier):
    tlv, _ = dossier
    response = login(world.user("zorgcoordinator")).post(url("dossier", tlv), {})
    assert response.status_code == 422
    assert "Kies wat voor stuk dit is." in response.content.decode()
    assert "Kies een bestand." in response.content.decode()


@pytest.mark.parametrize("role", ["bestuurder", "deskundige"])
def test_a_reader_cannot_post_a_document(world, login, dossier, role):
    tlv, _ = dossier
    response = login(world.user(role)).post(
        url("dossier", tlv), {"kind": "overig", "file": samples.upload("b.pdf", samples.PDF + b"b")}
    )
    assert response.status_code == 403


def test_the_dossier_page_shows_what_is_missing_and_logs_the_read(world, login, private_dir):
    tlv = a_request(
        world.school_a1, status=RequestStatus.CONCEPT, submitted_on=None, complete=False
    )
    response = login(world.user("zorgcoordinator")).get(url("dossier", tlv))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Er zijn nog geen stukken in dit dossier." in body
    assert "Integratief beeld" in body and "(ontbreekt)" in body
    assert 'enctype="multipart/form-data"' in body
    with scopes_disabled():
        assert AuditEntry.objects.filter(
            action=LogEntry.Action.ACCESS,
            object_pk=str(tlv.pk),
            additional_data__what="dossier van een TLV-aanvraag",
        ).exists()


def test_a_submitted_request_shows_no_upload_form_to_the_school(world, login, private_dir):
    tlv = a_request(world.school_a1)
    body = login(world.user("zorgcoordinator")).get(url("dossier", tlv)).content.decode()
    assert "Stuk toevoegen" not in body
    assert "zolang de aanvraag een concept is" in body


# --- Removing a document --------------------------------------------------------------------------


def test_removing_asks_first_then_deletes_row_and_file(
    world, login, dossier, private_dir, django_capture_on_commit_callbacks
):
    tlv, document = dossier
    client = login(world.user("zorgcoordinator"))
    confirm = client.get(url("document_delete", tlv, document))
    assert confirm.status_code == 200
    assert "Weet u zeker" in confirm.content.decode()
    with scopes_disabled():
        assert DossierDocument.objects.filter(pk=document.pk).exists()  # asking deletes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("document_delete", tlv, document), {"confirm": "True"}, follow=True
        )
    assert "'Onderzoek mei.pdf' is uit het dossier verwijderd." in unescape(
        response.content.decode()
    )
    with scopes_disabled():
        assert not DossierDocument.objects.filter(pk=document.pk).exists()
    assert stored_files(private_dir) == []


@pytest.mark.parametrize(
    ("role", "status"),
    [
        pytest.param("zorgcoordinator", RequestStatus.SUBMITTED, id="school-after-submitting"),
        pytest.param("loket", RequestStatus.IN_REVIEW, id="loket-in-review"),
        pytest.param("bestuurder", RequestStatus.CONCEPT, id="bestuurder-reads-only"),
        pytest.param("deskundige", RequestStatus.CONCEPT, id="deskundige-reads-only"),
    ],
)
def test_removing_is_refused_outside_its_rule(world, login, dossier, role, status):
    tlv, document = dossier
    with scopes_disabled():
        type(tlv).objects.filter(pk=tlv.pk).update(status=status)
    client = login(world.user(role))
    assert client.get(url("document_delete", tlv, document)).status_code == 403
    assert client.post(url("document_delete", tlv, document)).status_code == 403
    with scopes_disabled():
        assert DossierDocument.objects.filter(pk=document.pk).exists()


# --- The panel on the request's page --------------------------------------------------------------


def test_the_dossier_panel_is_registered_for_the_request_page(world, dossier):
    tlv, document = dossier
    http_request = RequestFactory().get("/")
    http_request.membership = world.members["zorgcoordinator"]
    with scope(tenant=world.tenant_a):
        shown = loket_panels.panels_for(http_request, tlv, True)
    [panel] = [p for p in shown if p["name"] == "dossier_panel"]
    assert panel["template"] == "loket/dossier/_panel.html"
    assert panel["groups"][0]["documents"] == [document]
    assert panel["upload_form"] is not None


@pytest.mark.parametrize("n", [3, 30])
def test_the_panel_asks_a_fixed_number_of_queries(
    world, login, private_dir, django_assert_max_num_queries, n
):
    tlv = a_request(world.school_a1, status=RequestStatus.CONCEPT, submitted_on=None)
    with scopes_disabled():
        DossierDocument.objects.bulk_create(
            DossierDocument(
                tenant=world.tenant_a,
                request=tlv,
                kind=["opp", "onderzoek", "overig"][i % 3],
                file=f"loket/x/{i}.bin",
                original_name=f"stuk {i}.pdf",
                content_type="application/pdf",
                size=1000 + i,
                sha256=f"{i:064d}",
                uploaded_by=world.user("zorgcoordinator"),
            )
            for i in range(n)
        )
    client = login(world.user("zorgcoordinator"))
    with django_assert_max_num_queries(17):
        response = client.get(url("dossier", tlv))
    assert response.content.decode().count("toegevoegd door") == n
