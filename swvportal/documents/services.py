"""Issuing PDF documents: render through a builder, store the file with its SHA-256.

The builders live in the apps whose data they show (``plans.pdf``, ``monitoring.pdf``) and are
imported inside the functions below: WeasyPrint and the templates are only needed by whoever
renders. ``BUILDERS`` maps a kind to its builder so tests can put a fast stub in its place.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from plans.models import ADOPTED_STATUSES, Plan
from swvportal.core.forms import check_date_range
from swvportal.jobs.models import Job
from swvportal.jobs.services import job_start_once
from swvportal.tenancy.models import Tenant

from .models import DocumentKind, IssuedDocument

logger = logging.getLogger(__name__)

JOB_KIND = "documents.render"


class Renderable(Protocol):
    """What a builder returns: ``core.pdf.PdfSource`` or anything with the same two members."""

    filename: str

    def render(self) -> bytes: ...


Builder = Callable[..., Renderable]


def _osp_source(*, tenant: Tenant, plan: Plan, peildatum: datetime.date | None) -> Renderable:
    from plans.pdf import osp_document

    # An adopted version shows Bijlage 4 as it stood when it was adopted, not on the day
    # someone first asked for its PDF: the archived file depends on the data alone.
    adopted_on = (plan.adopted_on or plan.sent_on) if plan.status in ADOPTED_STATUSES else None
    return osp_document(plan, peildatum=adopted_on)


def _monitoring_source(
    *, tenant: Tenant, plan: Plan | None, peildatum: datetime.date
) -> Renderable:
    from monitoring.pdf import monitoring_document

    return monitoring_document(tenant, peildatum)


BUILDERS: dict[str, Builder] = {
    DocumentKind.OSP: _osp_source,
    DocumentKind.MONITORING: _monitoring_source,
}


def document_validate(
    *, tenant: Tenant, kind: str, plan: Plan | None, peildatum: datetime.date | None
) -> None:
    """The request makes sense: a known kind, this tenant's plan, a peildatum not in the future."""
    if kind not in DocumentKind.values:
        raise ValidationError(f"Onbekende soort document: {kind!r}.")
    if kind == DocumentKind.OSP:
        if plan is None:
            raise ValidationError("Kies de versie van het ondersteuningsplan.")
        if plan.tenant_id != tenant.pk:
            raise ValidationError("Dit ondersteuningsplan hoort niet bij dit samenwerkingsverband.")
        return
    if plan is not None:
        raise ValidationError("Een monitoringsrapportage hoort niet bij een ondersteuningsplan.")
    if peildatum is None:
        raise ValidationError("Kies een peildatum.")
    check_date_range(peildatum)
    if peildatum > timezone.localdate():
        raise ValidationError("Voor een peildatum in de toekomst is nog geen rapportage te maken.")


def archived_document(*, plan: Plan) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(plan=plan, archived=True).first()


def document_issue(
    *,
    tenant: Tenant,
    kind: str,
    plan: Plan | None = None,
    peildatum: datetime.date | None = None,
    by=None,
) -> IssuedDocument:
    """The PDF asked for. An adopted plan's archived PDF is returned as it is, never rendered again.

    Rendering takes seconds, so it happens outside any transaction of ours (SQLite takes its
    write lock at the start of one); only the insert is atomic.
    """
    document_validate(tenant=tenant, kind=kind, plan=plan, peildatum=peildatum)
    archive = kind == DocumentKind.OSP and plan.status in ADOPTED_STATUSES
    if archive and (existing := archived_document(plan=plan)):
        return existing
    source = BUILDERS[kind](tenant=tenant, plan=plan, peildatum=peildatum)
    content = source.render()
    document = IssuedDocument(
        tenant=tenant,
        kind=kind,
        plan=plan if kind == DocumentKind.OSP else None,
        peildatum=peildatum if kind == DocumentKind.MONITORING else None,
        version_label=plan.version if kind == DocumentKind.OSP else "",
        title=_title(kind, plan, peildatum),
        filename=source.filename,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        created_by=by,
        archived=archive,
    )
    return _store(document, content)


def _store(document: IssuedDocument, content: bytes) -> IssuedDocument:
    document.file.save(document.filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        # Two requests rendered the same adopted plan at once: the first archive stands.
        document.file.delete(save=False)
        existing = archived_document(plan=document.plan) if document.archived else None
        if existing is None:
            raise
        return existing
    return document


def _title(kind: str, plan: Plan | None, peildatum: datetime.date | None) -> str:
    if kind == DocumentKind.OSP:
        return f"{plan.title} (versie {plan.version})"
    return f"Monitoringsrapportage peildatum {peildatum:%d-%m-%Y}"


def document_url(document: IssuedDocument) -> str:
    return reverse(
        "documents:document_download",
        kwargs={"tenant_code": document.tenant.code, "document_id": document.pk},
    )


def document_start(
    *,
    tenant: Tenant,
    kind: str,
    plan: Plan | None = None,
    peildatum: datetime.date | None = None,
    by=None,
) -> Job:
    """Make the PDF in the background, or return the same request's job that has not finished."""
    document_validate(tenant=tenant, kind=kind, plan=plan, peildatum=peildatum)
    params: dict[str, Any] = {
        "kind": kind,
        "plan_id": plan.pk if plan is not None else None,
        "peildatum": peildatum.isoformat() if peildatum else None,
    }
    return job_start_once(tenant=tenant, kind=JOB_KIND, params=params, by=by)
