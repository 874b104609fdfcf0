"""Who may add and remove dossier documents, and when (the rules the panel and services share)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from referrals.models import DossierDocument, RequestStatus, SupplementRequest, TlvRequest
from referrals.services import loket_dossier
from referrals.services.loket_dossier import Writer, delete_problems, upload_problems

from . import dossier_samples as samples
from .builders import a_request
from .dossier_samples import private_storage_in, stored_files

S = RequestStatus
SCHOOL = Writer(as_school=True)
LOKET = Writer(as_school=True, as_loket=True)
NOBODY = Writer()


@pytest.fixture
def private_dir(tmp_path, monkeypatch):
    return private_storage_in(tmp_path / "private", monkeypatch)


UPLOADS = [
    (SCHOOL, S.CONCEPT, True),
    (SCHOOL, S.SUBMITTED, False),
    (SCHOOL, S.IN_REVIEW, False),
    (SCHOOL, S.SUPPLEMENT, True),
    (SCHOOL, S.DECIDED, False),
    (SCHOOL, S.CLOSED, False),
    (SCHOOL, S.WITHDRAWN, False),
    (LOKET, S.CONCEPT, True),
    (LOKET, S.SUBMITTED, True),
    (LOKET, S.IN_REVIEW, True),
    (LOKET, S.SUPPLEMENT, True),
    (LOKET, S.DECIDED, False),
    (LOKET, S.CLOSED, False),
    (LOKET, S.WITHDRAWN, False),
    (NOBODY, S.CONCEPT, False),
]


def _who(writer: Writer) -> str:
    return {SCHOOL: "school", LOKET: "loket", NOBODY: "read-only"}[writer]


@pytest.mark.parametrize(
    ("writer", "status", "allowed"),
    [pytest.param(w, s, a, id=f"{_who(w)}-{s}-{'may' if a else 'may-not'}") for w, s, a in UPLOADS],
)
def test_who_may_add_a_document_when(writer, status, allowed):
    tlv = TlvRequest(status=status)
    assert (upload_problems(tlv, writer) == []) is allowed


def test_nobody_adds_to_an_anonymised_dossier():
    tlv = TlvRequest(
        status=S.CONCEPT, anonymised_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    assert upload_problems(tlv, LOKET) == [
        "Dit dossier is na de bewaartermijn gewist; er kunnen geen stukken meer bij."
    ]


OPEN_QUESTION = 7
DELETES = [
    # writer, status, the document's supplement, allowed
    (SCHOOL, S.CONCEPT, None, True),
    (LOKET, S.CONCEPT, None, True),
    (SCHOOL, S.SUBMITTED, None, False),
    (LOKET, S.SUBMITTED, None, False),
    (LOKET, S.IN_REVIEW, None, False),
    (SCHOOL, S.SUPPLEMENT, OPEN_QUESTION, True),
    (SCHOOL, S.SUPPLEMENT, None, False),  # in the dossier before the question
    (SCHOOL, S.SUPPLEMENT, 3, False),  # added for an earlier, answered question
    (LOKET, S.SUPPLEMENT, OPEN_QUESTION, True),
    (LOKET, S.DECIDED, None, False),
    (NOBODY, S.CONCEPT, None, False),
]


@pytest.mark.parametrize(
    ("writer", "status", "supplement", "allowed"),
    [
        pytest.param(w, s, q, a, id=f"{_who(w)}-{s}-question-{q}-{'may' if a else 'may-not'}")
        for w, s, q, a in DELETES
    ],
)
def test_who_may_remove_a_document_when(writer, status, supplement, allowed):
    tlv = TlvRequest(status=status)
    document = DossierDocument(supplement_id=supplement)
    open_question = OPEN_QUESTION if status == S.SUPPLEMENT else None
    assert (delete_problems(document, tlv, writer, open_question) == []) is allowed


# --- Through the services, with the real roles ---------------------------------------------------


def upload(world, tlv, role, name="verslag.pdf", content=samples.PDF):
    with scope(tenant=world.tenant_a):
        return loket_dossier.dossier_upload(
            tlv=tlv, kind="onderzoek", upload=samples.upload(name, content), by=world.members[role]
        )


@pytest.mark.parametrize("role", ["bestuurder", "deskundige", "toezicht", "inspectie"])
def test_a_member_who_only_reads_cannot_add_a_document(world, private_dir, role):
    tlv = a_request(world.school_a1, status=S.CONCEPT, submitted_on=None)
    with pytest.raises(ValidationError, match="U mag geen stukken aan dit dossier toevoegen"):
        upload(world, tlv, role)
    assert stored_files(private_dir) == []


def test_the_school_cannot_add_to_a_submitted_request_but_the_loket_can(world, private_dir):
    tlv = a_request(world.school_a1)
    with pytest.raises(ValidationError, match="zolang de aanvraag een concept is"):
        upload(world, tlv, "zorgcoordinator")
    assert upload(world, tlv, "loket").uploaded_by == world.user("loket")


def test_a_document_added_during_a_supplement_can_be_removed_until_resubmitting(
    world, private_dir, django_capture_on_commit_callbacks
):
    tlv = a_request(world.school_a1, status=S.SUPPLEMENT)
    with scopes_disabled():
        question = SupplementRequest.objects.create(
            tenant=world.tenant_a, request=tlv, asked_on=datetime.date(2026, 9, 20), question="?"
        )
    added = upload(world, tlv, "zorgcoordinator")
    assert added.supplement == question
    with scope(tenant=world.tenant_a), django_capture_on_commit_callbacks(execute=True):
        loket_dossier.dossier_delete(document=added, by=world.members["zorgcoordinator"])
        assert not DossierDocument.objects.filter(pk=added.pk).exists()
    assert stored_files(private_dir) == []


def test_a_removal_that_is_not_allowed_keeps_row_and_file(world, private_dir):
    tlv = a_request(world.school_a1, status=S.CONCEPT, submitted_on=None)
    document = upload(world, tlv, "zorgcoordinator")
    with scopes_disabled():
        TlvRequest.objects.filter(pk=tlv.pk).update(status=S.SUBMITTED)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="voordat de aanvraag"):
        loket_dossier.dossier_delete(document=document, by=world.members["zorgcoordinator"])
    with scopes_disabled():
        assert DossierDocument.objects.filter(pk=document.pk).exists()
    assert len(stored_files(private_dir)) == 1


def test_a_removal_keeps_the_file_until_the_transaction_commits(world, private_dir):
    """A removal that is rolled back must not lose the file: it goes after the commit."""
    tlv = a_request(world.school_a1, status=S.CONCEPT, submitted_on=None)
    document = upload(world, tlv, "zorgcoordinator")
    with scope(tenant=world.tenant_a):
        loket_dossier.dossier_delete(document=document, by=world.members["zorgcoordinator"])
    # The test's transaction never commits: the file is still there.
    assert len(stored_files(private_dir)) == 1
