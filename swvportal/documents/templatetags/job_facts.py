"""What a background job makes, as users know it: the peildatum it computes, the document it
makes. For the job page (``templates/jobs/job_detail.html``), which reads a job's ``params``.

What a PDF job makes the document type says (``registry.DocumentType.job_fact``); other jobs
name their peildatum in their parameters.
"""

from __future__ import annotations

import datetime

from django import template

from swvportal.core.pdf import long_date
from swvportal.jobs.models import Job

from .. import registry
from ..services import JOB_KIND as RENDER

register = template.Library()


@register.simple_tag
def job_facts(job: Job) -> list[tuple[str, str]]:
    """``[("Peildatum", "1 oktober 2026")]`` or ``[("Document", "… (versie 4.0)")]``."""
    params = job.params if isinstance(job.params, dict) else {}
    day = _day(params.get("peildatum"))
    if job.kind == RENDER:
        return [("Document", _document(params))]
    if day is None:
        return []
    if params.get("voorlopig"):
        return [("Stand van", f"{long_date(day)} (voorlopig)")]
    return [("Peildatum", long_date(day))]


def _document(params: dict) -> str:
    data = dict(params)
    kind = data.pop("kind", "")
    document_type = registry.get(kind)
    if document_type is None:
        return registry.label_of(kind) or "Document"
    return document_type.job_fact(data)


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
