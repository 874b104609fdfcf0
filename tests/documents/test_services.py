"""Issuing PDFs: an adopted plan's PDF is archived once and never changes; the job around it."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from plans.pdf import _osp_source
from swvportal.documents.models import IssuedDocument
from swvportal.documents.services import JOB_KIND, document_issue, document_start
from swvportal.documents.tests.stubs import use_builder
from swvportal.jobs.models import Job
from swvportal.jobs.tasks import run_job

PEILDATUM = datetime.date(2026, 10, 1)


def _issue(world, **kwargs) -> IssuedDocument:
    with scope(tenant=world.tenant_a):
        return document_issue(tenant=world.tenant_a, **kwargs)


def _bytes(document: IssuedDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def test_an_adopted_plans_pdf_is_archived_with_the_sha256_of_its_file(world, plans, stub):
    document = _issue(world, kind="osp", plan=plans.adopted, by=world.user("bestuurder"))
    content = _bytes(document)
    assert document.archived and document.kind == "osp"
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.file.name.startswith("documenten/VOA001/")
    assert document.filename == "VOA001-ondersteuningsplan-1.0.pdf"
    assert document.version_label == "1.0" and document.created_by == world.user("bestuurder")


def test_asking_again_returns_the_archived_file_without_rendering(world, plans, stub):
    first = _issue(world, kind="osp", plan=plans.adopted)
    second = _issue(world, kind="osp", plan=plans.adopted)
    assert second.pk == first.pk and len(stub) == 1
    assert _bytes(second) == _bytes(first)
    assert hashlib.sha256(_bytes(second)).hexdigest() == first.sha256


def test_a_sent_plan_keeps_the_pdf_archived_when_it_was_adopted(world, plans, stub):
    from plans.services import plan_set_status

    first = _issue(world, kind="osp", plan=plans.adopted)
    with scope(tenant=world.tenant_a):
        sent = plan_set_status(plan=plans.adopted, status="verzonden")
    assert _issue(world, kind="osp", plan=sent).pk == first.pk and len(stub) == 1


def test_a_concepts_pdf_is_not_archived_and_each_request_makes_a_new_one(world, plans, stub):
    first = _issue(world, kind="osp", plan=plans.concept)
    second = _issue(world, kind="osp", plan=plans.concept)
    assert not first.archived and not second.archived
    assert first.pk != second.pk and first.sha256 != second.sha256 and len(stub) == 2
    with scopes_disabled():
        newest_first = list(IssuedDocument.objects.filter(plan=plans.concept))
    assert newest_first == [second, first]
    assert _bytes(first) != _bytes(second)  # both files kept


def test_a_monitoring_report_is_a_new_document_each_time(world, stub):
    first = _issue(world, kind="monitoring", peildatum=PEILDATUM)
    second = _issue(world, kind="monitoring", peildatum=PEILDATUM)
    assert first.pk != second.pk and not first.archived and first.subject is None
    assert first.title == "Monitoringsrapportage peildatum 01-10-2026"


def test_the_database_allows_one_archived_document_per_plan(world, plans, stub):
    document = _issue(world, kind="osp", plan=plans.adopted)
    with scopes_disabled(), pytest.raises(IntegrityError):
        IssuedDocument.objects.create(
            tenant=world.tenant_a,
            kind="osp",
            subject=plans.adopted,
            title="tweede",
            filename="x.pdf",
            file="documenten/VOA001/x.pdf",
            sha256=document.sha256,
            size=1,
            archived=True,
        )


def test_a_lost_race_returns_the_first_archive_and_removes_its_own_file(
    world, plans, stub, media, monkeypatch
):
    """Two renders of one adopted plan at once: the second insert fails, the first stands."""
    from swvportal.documents import services

    first = _issue(world, kind="osp", plan=plans.adopted)
    calls = iter([None, first])  # nothing archived yet at the start, the first one afterwards
    monkeypatch.setattr(services, "archived_document", lambda **subject: next(calls))
    again = _issue(world, kind="osp", plan=plans.adopted)
    assert again.pk == first.pk and len(stub) == 2
    stored = [p.relative_to(media).as_posix() for p in media.rglob("*.pdf")]
    assert stored == [first.file.name]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": "onbekend"}, "Onbekende soort document"),  # (the jaarplan, the begroting are now)
        ({"kind": "osp"}, "Kies de versie van het ondersteuningsplan."),
        ({"kind": "monitoring"}, "Kies een peildatum."),
        (
            {"kind": "monitoring", "peildatum": timezone.localdate() + datetime.timedelta(days=1)},
            "peildatum in de toekomst",
        ),
        (
            {"kind": "monitoring", "peildatum": datetime.date(1, 1, 1)},
            "Vul een datum in tussen 01-01-2000 en 31-12-2099.",
        ),
    ],
)
def test_it_refuses_a_bad_request_in_dutch(world, stub, kwargs, message):
    with pytest.raises(ValidationError) as exc:
        _issue(world, **kwargs)
    assert message in " ".join(exc.value.messages)
    assert stub == []


def test_it_refuses_a_plan_of_another_tenant(world, stub):
    from plans.tests.factories import make_plan

    plan_b = make_plan(world.tenant_b, status="vastgesteld")
    with pytest.raises(ValidationError, match="hoort niet bij dit samenwerkingsverband"):
        _issue(world, kind="osp", plan=plan_b)
    assert stub == []


# --- The job ---------------------------------------------------------------------------------


def _start(world, capture, **kwargs) -> Job:
    with scope(tenant=world.tenant_a), capture(execute=True):
        job = document_start(tenant=world.tenant_a, by=world.user("bestuurder"), **kwargs)
    job.refresh_from_db()
    return job


def test_the_job_makes_the_pdf_once_and_links_the_download(
    world, plans, stub, eager_tasks, django_capture_on_commit_callbacks
):
    job = _start(world, django_capture_on_commit_callbacks, kind="osp", plan=plans.adopted)
    assert job.kind == JOB_KIND and job.status == Job.Status.DONE and job.progress == 100
    with scopes_disabled():
        document = IssuedDocument.objects.get(plan=plans.adopted)
    assert job.result_url == f"/VOA001/documenten/{document.pk}/download/"
    assert "staat klaar om te downloaden" in job.message
    assert document.created_by == world.user("bestuurder") and len(stub) == 1


def test_a_redelivered_job_changes_nothing(
    world, plans, stub, eager_tasks, django_capture_on_commit_callbacks
):
    job = _start(world, django_capture_on_commit_callbacks, kind="osp", plan=plans.adopted)
    with scopes_disabled():
        before = Job.objects.values().get(pk=job.pk)
    run_job.apply(args=(job.pk,))
    with scopes_disabled():
        assert Job.objects.values().get(pk=job.pk) == before
        assert IssuedDocument.objects.count() == 1
    assert len(stub) == 1


def test_a_job_run_again_for_an_adopted_plan_returns_the_same_archive(
    world, plans, stub, eager_tasks, django_capture_on_commit_callbacks
):
    """A worker died after the PDF was stored: the job is claimed again and run a second time."""
    job = _start(world, django_capture_on_commit_callbacks, kind="osp", plan=plans.adopted)
    with scopes_disabled():
        Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    run_job.apply(args=(job.pk,))
    again = Job.objects.with_scopes_disabled().get(pk=job.pk)
    assert again.status == Job.Status.DONE and again.result_url == job.result_url
    with scopes_disabled():
        assert IssuedDocument.objects.count() == 1
    assert len(stub) == 1


def test_asking_twice_while_the_job_waits_starts_one_job(world, plans, stub):
    with scope(tenant=world.tenant_a):
        first = document_start(tenant=world.tenant_a, kind="osp", plan=plans.concept)
        second = document_start(tenant=world.tenant_a, kind="osp", plan=plans.concept)
        other = document_start(tenant=world.tenant_a, kind="monitoring", peildatum=PEILDATUM)
    assert first.pk == second.pk and other.pk != first.pk
    assert first.params == {"kind": "osp", "plan_id": plans.concept.pk, "peildatum": None}


def test_starting_refuses_a_bad_request_before_a_job_exists(world, stub):
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError):
        document_start(tenant=world.tenant_a, kind="monitoring")
    assert not Job.objects.with_scopes_disabled().exists()


def test_a_failing_render_shows_a_plain_dutch_error(
    world, plans, media, monkeypatch, eager_tasks, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise RuntimeError("WeasyPrint internals")

    use_builder(monkeypatch, "osp", broken)
    job = _start(world, django_capture_on_commit_callbacks, kind="osp", plan=plans.adopted)
    assert job.status == Job.Status.FAILED and job.error.startswith("Er ging iets mis")
    with scopes_disabled():
        assert not IssuedDocument.objects.exists()


def test_an_adopted_plans_figures_are_those_of_its_adoption_day_not_of_the_first_click(
    world, plans, monkeypatch
):
    asked = []
    monkeypatch.setattr(
        "plans.pdf.osp_document", lambda plan, peildatum=None: asked.append(peildatum)
    )
    plans.adopted.adopted_on = datetime.date(2026, 4, 23)
    _osp_source(tenant=world.tenant_a, plan=plans.adopted, peildatum=None)
    _osp_source(tenant=world.tenant_a, plan=plans.concept, peildatum=None)
    assert asked == [datetime.date(2026, 4, 23), None]  # a concept: its figures of today
