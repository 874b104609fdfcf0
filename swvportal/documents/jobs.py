"""The background job that makes a PDF: registered with the jobs framework."""

from __future__ import annotations

import datetime

from plans.models import Plan
from swvportal.jobs.models import Job
from swvportal.jobs.registry import Progress, job_handler

from .services import JOB_KIND, document_issue, document_url


@job_handler(JOB_KIND, "PDF maken", "documents.create")
def render_document(job: Job, progress: Progress) -> str:
    """Idempotent for an adopted plan: a second run returns the archived document unchanged."""
    params = job.params
    plan = None
    if params.get("plan_id"):
        plan = Plan.objects.filter(pk=params["plan_id"]).first()  # scoped: the job's tenant
        if plan is None:
            raise LookupError("Dit ondersteuningsplan bestaat niet meer.")
    peildatum = params.get("peildatum")
    progress(10, "PDF opmaken…")
    document = document_issue(
        tenant=job.tenant,
        kind=params.get("kind", ""),
        plan=plan,
        peildatum=datetime.date.fromisoformat(peildatum) if peildatum else None,
        by=job.created_by,
    )
    progress(100, f"{document.title} staat klaar om te downloaden.")
    return document_url(document)
