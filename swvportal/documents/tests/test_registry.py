"""The document-type registry: a type registered by a test, knowing nothing of plans or the
dashboard, is issued, archived, listed, downloaded and made by the job like the real ones."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from swvportal.audit.models import AuditEntry
from swvportal.documents import registry
from swvportal.documents.models import IssuedDocument
from swvportal.documents.registry import Archive, DocumentType, Facts, Section
from swvportal.documents.services import document_issue, document_start
from swvportal.jobs.models import Job
from swvportal.tenancy.models import School

KIND = "schoolkaart"


@dataclass
class Source:
    filename: str
    content: bytes

    def render(self) -> bytes:
        return self.content


def _clean(*, tenant, school=None, final=False) -> None:
    if school is None:
        raise ValidationError("Kies een school.")


def _build(*, tenant, school, final=False) -> Source:
    return Source(f"{school.brin}.pdf", f"%PDF-1.7 {school.name} {final}".encode())


def _facts(*, school, final=False) -> Facts:
    return Facts(title=f"Schoolkaart {school.name}", subject=school, final=final)


def _from_json(data: dict) -> dict:
    school = School.objects.filter(pk=data["school_id"]).first()
    if school is None:
        raise LookupError("Deze school bestaat niet meer.")
    return {"school": school, "final": data["final"]}


SCHOOL_CARD = DocumentType(
    key=KIND,
    label="Schoolkaart",
    build=_build,
    clean=_clean,
    facts=_facts,
    to_json=lambda *, school, final=False: {"school_id": school.pk, "final": final},
    from_json=_from_json,
    job_fact=lambda data: f"Schoolkaart van school {data['school_id']}",
    create_capability="documents.create",
    read_capability="documents.view_plan_pdf",  # every role, once archived
    draft_capability="documents.view_draft_pdf",  # the bestuurder
    archive=Archive.ONCE_PER_SUBJECT,
)


@pytest.fixture
def card_type(monkeypatch, media) -> DocumentType:
    monkeypatch.setitem(registry.TYPES, KIND, SCHOOL_CARD)
    return SCHOOL_CARD


def _issue(world, **params) -> IssuedDocument:
    with scope(tenant=world.tenant_a):
        return document_issue(tenant=world.tenant_a, kind=KIND, **params)


def _download(document: IssuedDocument):
    return reverse(
        "documents:document_download",
        kwargs={"tenant_code": "VOA001", "document_id": document.pk},
    )


def test_a_registered_type_is_issued_with_its_subject_and_archived_once(world, card_type):
    draft = _issue(world, school=world.school_a1)
    final = _issue(world, school=world.school_a1, final=True)
    again = _issue(world, school=world.school_a1, final=True)
    assert not draft.archived and final.archived and again.pk == final.pk
    assert final.subject == world.school_a1 and final.title == "Schoolkaart Alfa College"
    with scopes_disabled():
        assert IssuedDocument.objects.filter(kind=KIND).count() == 2


def test_its_own_rules_refuse_a_bad_request(world, card_type):
    with pytest.raises(ValidationError, match=r"Kies een school\."):
        _issue(world)


def test_it_is_listed_and_downloaded_by_the_capabilities_it_names(world, login, card_type):
    draft = _issue(world, school=world.school_a1)
    final = _issue(world, school=world.school_a1, final=True)
    for role, sees in (("bestuurder", {draft, final}), ("toezicht", {final})):
        client = login(world.user(role))
        listing = client.get(reverse("documents:document_list", args=["VOA001"]))
        assert set(listing.context["table"].data) == sees, role
        assert "Schoolkaart (gearchiveerd)" in listing.content.decode()
        assert client.get(_download(final)).status_code == 200
        expected = 200 if draft in sees else 404
        assert client.get(_download(draft)).status_code == expected, role


def test_the_job_makes_it(world, card_type, eager_tasks, django_capture_on_commit_callbacks):
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        job = document_start(tenant=world.tenant_a, kind=KIND, school=world.school_a1)
    job.refresh_from_db()
    assert job.params == {"kind": KIND, "school_id": world.school_a1.pk, "final": False}
    assert job.status == Job.Status.DONE, job.error
    with scopes_disabled():
        document = IssuedDocument.objects.get(kind=KIND)
    assert job.result_url == _download(document)


def test_a_sensitive_types_download_is_logged_as_a_read(world, login, card_type, monkeypatch):
    monkeypatch.setitem(registry.TYPES, KIND, replace(card_type, sensitive=True))
    document = _issue(world, school=world.school_a1, final=True)
    response = login(world.user("inspectie")).get(_download(document))
    assert response.status_code == 200
    with scopes_disabled():
        reads = AuditEntry.objects.filter(action=LogEntry.Action.ACCESS, object_pk=document.pk)
        entry = reads.get()
    assert entry.actor == world.user("inspectie")
    assert entry.additional_data["what"] == f"download {KIND}"


def test_a_type_that_is_not_sensitive_logs_no_read(world, login, card_type):
    document = _issue(world, school=world.school_a1, final=True)
    assert login(world.user("bestuurder")).get(_download(document)).status_code == 200
    with scopes_disabled():
        assert not AuditEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_an_unknown_kind_is_refused_and_a_key_registers_once():
    with pytest.raises(ValidationError, match="Onbekende soort document"):
        IssuedDocument(kind="bestaat-niet").clean()
    with pytest.raises(ValueError, match="already registered"):
        registry.register(replace(registry.TYPES["osp"], label="Tweede"))


def test_the_apps_fill_the_registry_from_their_own_pdf_modules():
    """plans, monitoring and referrals registered their types and the OSP's appendices: no
    central list."""
    assert {t.key: t.build.__module__ for t in registry.all_types()} == {
        "osp": "plans.pdf",
        "jaarplan": "plans.jaarplan.pdf_types",  # issue 14, imported by plans.pdf
        "jaarplan_evaluatie": "plans.jaarplan.pdf_types",
        "monitoring": "monitoring.pdf",
        "tlv_letter": "referrals.pdf",  # the Loket's decision letter
        "begroting": "finance.pdf_begroting",  # the begroting (issue 15)
        "vangnet": "finance.pdf_vangnet",  # a school's vangnet figures and claim
    }
    osp = [(a.order, a.build.__module__) for a in registry.appendices_of("osp")]
    assert osp == [
        (1, "plans.pdf"),
        (3, "finance.pdf_begroting"),
        (4, "monitoring.pdf"),
        (6, "plans.jaarplan.pdf_types"),
    ]


def test_an_appendix_from_another_app_takes_its_place_in_the_order(monkeypatch):
    monkeypatch.setattr(registry, "APPENDICES", list(registry.APPENDICES))

    @registry.appendix("osp", order=5)
    def bijlage_5(data) -> Section:
        return Section("bijlage-5", "Bijlage 5: Iets anders", "x.html")

    assert [a.order for a in registry.appendices_of("osp")] == [1, 3, 4, 5, 6]
