"""The dossier of a TLV request: its documents in private storage (issue 13, items 3 and 14).

Who may add a document: the school (``referrals.submit_tlv_requests``) while the request is a
concept or the Loket asked for a supplement; the Loket (``referrals.handle_tlv_requests``) at any
time before the decision. Who may remove one: the same people, only before the request is
submitted, or during a supplement for what was added for it. A file is judged by its content
(``loket_dossier_files``); a refused file leaves nothing behind, no row and no file.

After the retention term ``dossier_erase`` deletes the files and empties the free texts around
the request (``TlvRequest.anonymise`` calls it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can

from ..models.loket import (
    Advice,
    AgendaItem,
    DocumentKind,
    DossierDocument,
    Objection,
    RequestStatus,
    SupplementRequest,
    TlvRequest,
)
from . import loket_dossier_files as files
from .loket_workflow import settings_of

S = RequestStatus
SUBMIT_TLV = "referrals.submit_tlv_requests"
HANDLE_TLV = "referrals.handle_tlv_requests"
# When each may add documents.
SCHOOL_UPLOADS = (S.CONCEPT, S.SUPPLEMENT)
LOKET_UPLOADS = (S.CONCEPT, S.SUBMITTED, S.IN_REVIEW, S.SUPPLEMENT)


@dataclass(frozen=True)
class Writer:
    """How a member may write in a request's dossier: as its school, as the Loket, or not."""

    as_school: bool = False
    as_loket: bool = False

    @classmethod
    def of(cls, membership: Membership, tlv: TlvRequest) -> Writer:
        return cls(
            as_school=can(membership, SUBMIT_TLV, tlv), as_loket=can(membership, HANDLE_TLV, tlv)
        )

    @property
    def any(self) -> bool:
        return self.as_school or self.as_loket


# --- The rules (pure: the panel and the services read the same answers) -------------------------


def upload_problems(tlv: TlvRequest, writer: Writer) -> list[str]:
    """Why this member cannot add a document now (empty: they can)."""
    if tlv.anonymised_at:
        return ["Dit dossier is na de bewaartermijn gewist; er kunnen geen stukken meer bij."]
    if not writer.any:
        return ["U mag geen stukken aan dit dossier toevoegen."]
    if writer.as_loket and tlv.status in LOKET_UPLOADS:
        return []
    if writer.as_school and tlv.status in SCHOOL_UPLOADS:
        return []
    if writer.as_loket:
        return ["Na het besluit kunnen er geen stukken meer bij het dossier."]
    return [
        "De school kan stukken toevoegen zolang de aanvraag een concept is, of als het Loket om "
        f"een aanvulling vraagt. De aanvraag is nu: {tlv.get_status_display().lower()}."
    ]


def delete_problems(
    document: DossierDocument, tlv: TlvRequest, writer: Writer, open_supplement_id: int | None
) -> list[str]:
    """Why this member cannot remove ``document`` now (empty: they can).

    ``open_supplement_id``: the question the school is answering now, if any.
    """
    if not writer.any or tlv.anonymised_at:
        return ["U mag dit stuk niet verwijderen."]
    if tlv.status == S.CONCEPT:
        return []
    if (
        tlv.status == S.SUPPLEMENT
        and open_supplement_id is not None
        and document.supplement_id == open_supplement_id
    ):
        return []
    return [
        "Een stuk kan alleen worden verwijderd voordat de aanvraag is ingediend, of tijdens een "
        "aanvulling als het voor die aanvulling is toegevoegd."
    ]


def open_supplement(tlv: TlvRequest) -> SupplementRequest | None:
    """The question the school is answering now (one query, only while there can be one)."""
    if tlv.status != S.SUPPLEMENT:
        return None
    return tlv.supplements.filter(answered_on__isnull=True).first()


def max_upload_bytes(tlv: TlvRequest) -> int:
    return settings_of(tlv).max_upload_mb * files.MB


# --- Writing ------------------------------------------------------------------------------------


@transaction.atomic
def dossier_upload(*, tlv: TlvRequest, kind: str, upload: File, by: Membership) -> DossierDocument:
    """Add ``upload`` to the dossier as a document of ``kind``, uploaded by ``by``.

    Raises a ``ValidationError`` (Dutch, naming the reason) when the member may not add one
    now, or when the file is refused; then nothing is stored.
    """
    tlv = _locked(tlv)
    problems = upload_problems(tlv, Writer.of(by, tlv))
    if problems:
        raise ValidationError(problems)
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Kies wat voor stuk dit is."})
    try:
        checked = files.inspect_upload(upload, max_bytes=max_upload_bytes(tlv))
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    _refuse_duplicate(tlv, checked.sha256)
    document = DossierDocument(
        tenant=tlv.tenant,
        request=tlv,
        kind=kind,
        original_name=checked.name,
        content_type=checked.file_type.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=by.user,
        supplement=open_supplement(tlv),
    )
    # The file goes first (its name comes from the SHA-256); it is removed again if the row
    # cannot be saved, so a refusal never leaves a file behind.
    upload.seek(0)
    document.file.save(checked.name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.storage.delete(document.file.name)
        raise
    return document


def _locked(tlv: TlvRequest) -> TlvRequest:
    """The request as it is now, locked until the end of the transaction (its status decides)."""
    return TlvRequest.objects.select_for_update().select_related("tenant").get(pk=tlv.pk)


def _refuse_duplicate(tlv: TlvRequest, sha256: str) -> None:
    same = tlv.documents.filter(sha256=sha256).first()
    if same is not None:
        raise ValidationError(
            {
                "file": f"Dit bestand staat al in het dossier, als '{same.original_name}' "
                f"({same.get_kind_display().lower()})."
            }
        )


@transaction.atomic
def dossier_delete(*, document: DossierDocument, by: Membership) -> None:
    """Remove ``document`` from the dossier and its file from storage (after the commit, so a
    rolled-back removal keeps its file)."""
    tlv = _locked(document.request)
    supplement = open_supplement(tlv)
    problems = delete_problems(document, tlv, Writer.of(by, tlv), supplement and supplement.pk)
    if problems:
        raise ValidationError(problems)
    _delete_files([document.file.name])
    document.delete()


def dossier_erase(*, tlv: TlvRequest) -> int:
    """After the retention term: delete the dossier's documents and their files, and empty the
    free texts around the request (the Loket's questions and the school's answers, the advices'
    reasoning, the meeting notes, the objections' notes). Dates and outcomes stay for the
    figures. Returns how many documents went. Runs inside the caller's transaction."""
    documents = list(DossierDocument.objects.filter(request=tlv).only("pk", "file"))
    _delete_files([d.file.name for d in documents])
    DossierDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    SupplementRequest.objects.filter(request=tlv).update(question="", answer="")
    Advice.objects.filter(request=tlv).update(reasoning="")
    AgendaItem.objects.filter(request=tlv).update(discussion="")
    Objection.objects.filter(decision__request=tlv).update(note="")
    return len(documents)


def _delete_files(names: Iterable[str]) -> None:
    names = [n for n in names if n]
    if not names:
        return
    storage = DossierDocument._meta.get_field("file").storage

    def delete() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete)
