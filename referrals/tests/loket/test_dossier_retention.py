"""Retention of the Loket (issue 13, item 14), through the nightly run
(``swvportal.core.pupils.pupil_records_anonymise``): after ``LoketSettings.retention_years``
(default 2) from ``retention_from_date`` the dossier's files are deleted from storage and the
free texts emptied; the decision row stays, anonymised, so the counts stay."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scope, scopes_disabled

from referrals.models import (
    Advice,
    DossierDocument,
    SupplementRequest,
    TlvDecision,
    TlvRequest,
)
from referrals.services import loket_dossier
from swvportal.core.pupils import pupil_records_anonymise, retention_types

from . import dossier_samples as samples
from .builders import a_decision, a_deskundige, a_request, an_advice, settings_for
from .dossier_samples import private_storage_in, stored_files

END = datetime.date(2027, 7, 31)  # the TLV's end date: the term counts from here


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    return private_storage_in(tmp_path / "private", monkeypatch)


def a_finished_tlv(world, *, retention_from=END):
    """A granted request with a PDF and a PNG, a question and its answer, and an advice."""
    tlv = a_request(world.school_a1, status="aanvulling")
    with scopes_disabled():
        SupplementRequest.objects.create(
            tenant=world.tenant_a,
            request=tlv,
            asked_on=datetime.date(2026, 9, 10),
            question="Stuur het verslag van de jeugdarts.",
        )
    with scope(tenant=world.tenant_a):
        for name, content in (("a.pdf", samples.PDF), ("b.png", samples.image("PNG"))):
            loket_dossier.dossier_upload(
                tlv=tlv,
                kind="onderzoek",
                upload=samples.upload(name, content),
                by=world.members["zorgcoordinator"],
            )
    with scopes_disabled():
        SupplementRequest.objects.filter(request=tlv).update(
            answered_on=datetime.date(2026, 9, 15), answer="Bijgevoegd."
        )
    an_advice(tlv, a_deskundige(world.tenant_a), submitted=True)
    decision = a_decision(tlv, retention_from_date=retention_from)
    with scopes_disabled():
        TlvRequest.objects.filter(pk=tlv.pk).update(retention_from_date=retention_from)
    return tlv, decision


def run(world, today, django_capture_on_commit_callbacks) -> int:
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        return pupil_records_anonymise(tenant=world.tenant_a, today=today)


def test_the_loket_records_are_registered_for_retention():
    labels = [kind.label for kind in retention_types() if kind.label.startswith("referrals.")]
    assert labels[-2:] == ["referrals.TlvRequest", "referrals.TlvDecision"]


@pytest.mark.parametrize(
    ("years", "today", "erased"),
    [
        pytest.param(2, datetime.date(2029, 7, 31), False, id="default-2-years-on-the-last-day"),
        pytest.param(2, datetime.date(2029, 8, 1), True, id="default-2-years-the-day-after"),
        pytest.param(5, datetime.date(2029, 8, 1), False, id="tenant-5-years-not-yet"),
        pytest.param(5, datetime.date(2032, 8, 1), True, id="tenant-5-years-passed"),
    ],
)
def test_after_the_term_the_files_go_and_the_decision_row_stays(
    world, private_dir, django_capture_on_commit_callbacks, years, today, erased
):
    settings_for(world.tenant_a, retention_years=years)
    tlv, decision = a_finished_tlv(world)
    assert len(stored_files(private_dir)) == 2
    run(world, today, django_capture_on_commit_callbacks)
    with scopes_disabled():
        tlv.refresh_from_db()
        decision.refresh_from_db()
        documents = DossierDocument.objects.filter(request=tlv).count()
        supplement = SupplementRequest.objects.get(request=tlv)
        advice = Advice.objects.get(request=tlv)
    if not erased:
        assert (len(stored_files(private_dir)), documents, tlv.anonymised_at) == (2, 2, None)
        return
    assert stored_files(private_dir) == [] and documents == 0
    assert tlv.anonymised_at is not None
    assert (tlv.integrated_picture, tlv.steps_taken, tlv.parents_view) == ("", "", "")
    assert (supplement.question, supplement.answer) == ("", "")
    assert supplement.answered_on == datetime.date(2026, 9, 15)  # the handling time stays
    assert advice.reasoning == "" and advice.conclusion == "toelaatbaar"
    assert decision.anonymised_at is not None and decision.reasoning == ""
    assert (decision.outcome, decision.category, decision.end_date) == ("toegekend", "laag", END)


def test_an_open_request_keeps_its_dossier(world, private_dir, django_capture_on_commit_callbacks):
    tlv, _ = a_finished_tlv(world, retention_from=None)
    with scopes_disabled():
        TlvDecision.objects.filter(request=tlv).delete()
    assert run(world, datetime.date(2040, 1, 1), django_capture_on_commit_callbacks) == 0
    assert len(stored_files(private_dir)) == 2


def test_the_nightly_run_is_idempotent(world, private_dir, django_capture_on_commit_callbacks):
    a_finished_tlv(world)
    assert run(world, datetime.date(2030, 1, 1), django_capture_on_commit_callbacks) == 2
    assert run(world, datetime.date(2030, 1, 2), django_capture_on_commit_callbacks) == 0


def test_the_archived_letter_goes_with_the_anonymised_decision(
    world, private_dir, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    """The letter holds the reasoning and the pupil number: once the decision is anonymised, the
    archived PDF is deleted, file and row; the decision row itself stays for the counts."""
    from swvportal.documents.models import IssuedDocument
    from swvportal.documents.services import document_issue
    from swvportal.documents.tests.stubs import StubSource, use_builder

    settings.MEDIA_ROOT = tmp_path / "media"
    use_builder(
        monkeypatch,
        "tlv_letter",
        lambda *, tenant, decision: StubSource("brief.pdf", b"%PDF-1.7\n% brief\n%%EOF\n", []),
    )
    _, decision = a_finished_tlv(world)
    with scope(tenant=world.tenant_a):
        letter = document_issue(tenant=world.tenant_a, kind="tlv_letter", decision=decision)
    stored = settings.MEDIA_ROOT / letter.file.name
    assert letter.archived and stored.exists()
    run(world, datetime.date(2029, 8, 1), django_capture_on_commit_callbacks)
    with scopes_disabled():
        assert not IssuedDocument.objects.filter(pk=letter.pk).exists()
        assert TlvDecision.objects.get(pk=decision.pk).anonymised_at is not None
    assert not stored.exists()
