"""Issuing PDF documents of any registered type: render, store the file with its SHA-256.

The types live in the apps whose data they show (their ``pdf`` modules fill
``documents.registry``); this module asks the type for everything it must know: whether the
request makes sense, what to render, the title and subject of the row, and whether the file is
the one archive of its subject. Parameters are the type's own keyword arguments
(``plan=…`` for the plan, ``peildatum=…`` for the monitoring report).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.urls import reverse

from swvportal.jobs.models import Job
from swvportal.jobs.services import job_start_once
from swvportal.tenancy.models import Tenant

from . import registry
from .models import IssuedDocument
from .registry import Archive, DocumentType

logger = logging.getLogger(__name__)

JOB_KIND = "documents.render"


def document_type(kind: str) -> DocumentType:
    found = registry.get(kind)
    if found is None:
        raise ValidationError(f"Onbekende soort document: {kind!r}.")
    return found


def document_validate(*, tenant: Tenant, kind: str, **params: Any) -> DocumentType:
    """A known kind, and parameters its type accepts (a Dutch ``ValidationError`` if not)."""
    found = document_type(kind)
    found.clean(tenant=tenant, **params)
    return found


def archived_document(*, kind: str, subject: Model) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(
        kind=kind,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        archived=True,
    ).first()


def documents_discard(*, subject: Model) -> int:
    """Delete every issued document of ``subject`` and its file: for a subject whose retention
    term has passed (a decision letter holds what the anonymised decision no longer does). The
    files go once the transaction commits, so a rolled-back run keeps them."""
    documents = list(
        IssuedDocument.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
    )
    names = [d.file.name for d in documents if d.file]
    storage = IssuedDocument._meta.get_field("file").storage
    IssuedDocument.objects.filter(pk__in=[d.pk for d in documents]).delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(documents)


def document_issue(*, tenant: Tenant, kind: str, by=None, **params: Any) -> IssuedDocument:
    """The PDF asked for. An archived document is returned as it is, never rendered again.

    Rendering takes seconds, so it happens outside any transaction of ours (SQLite takes its
    write lock at the start of one); only the insert is atomic.
    """
    found = document_validate(tenant=tenant, kind=kind, **params)
    facts = found.facts(**params)
    archive = found.archive is Archive.ONCE_PER_SUBJECT and facts.final
    if archive and (existing := archived_document(kind=kind, subject=facts.subject)):
        return existing
    source = found.build(tenant=tenant, **params)
    content = source.render()
    document = IssuedDocument(
        tenant=tenant,
        kind=kind,
        subject=facts.subject,
        peildatum=facts.peildatum,
        version_label=facts.version_label,
        title=facts.title,
        filename=source.filename,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_by=by,
        archived=archive,
    )
    return _store(document, content, facts.subject)


def _store(document: IssuedDocument, content: bytes, subject: Model | None) -> IssuedDocument:
    document.file.save(document.filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Two requests rendered the same final subject at once: the first archive stands.
        document.file.delete(save=False)
        existing = (
            archived_document(kind=document.kind, subject=subject) if document.archived else None
        )
        if existing is None:
            raise
        return existing
    return document


def document_url(document: IssuedDocument) -> str:
    return reverse(
        "documents:document_download",
        kwargs={"tenant_code": document.tenant.code, "document_id": document.pk},
    )


def document_start(*, tenant: Tenant, kind: str, by=None, **params: Any) -> Job:
    """Make the PDF in the background, or return the same request's job that has not finished."""
    found = document_validate(tenant=tenant, kind=kind, **params)
    job_params = {"kind": kind, **found.to_json(**params)}
    return job_start_once(tenant=tenant, kind=JOB_KIND, params=job_params, by=by)
