"""The background job that makes a PDF of any registered type (a kind of the jobs framework)."""

from __future__ import annotations

from swvportal.jobs.models import Job
from swvportal.jobs.registry import Progress, job_handler

from .services import JOB_KIND, document_issue, document_type, document_url


@job_handler(JOB_KIND, "PDF maken", "documents.create")
def render_document(job: Job, progress: Progress) -> str:
    """Idempotent for an archiving type: a second run returns the archived document unchanged.

    ``params`` is ``{"kind": …}`` plus the type's ``to_json``; ``from_json`` runs in the job's
    tenant scope and raises ``LookupError`` when what the PDF was to show is gone.
    """
    data = dict(job.params)
    kind = data.pop("kind", "")
    params = document_type(kind).from_json(data)
    progress(10, "PDF opmaken…")
    document = document_issue(tenant=job.tenant, kind=kind, by=job.created_by, **params)
    progress(100, f"{document.title} staat klaar om te downloaden.")
    return document_url(document)
