"""What a background job makes, as users know it: the peildatum it computes, the document it
makes. For the job page (``templates/jobs/job_detail.html``), which reads a job's ``params``.

It lives here because the two kinds of work a user waits on are the PDFs (this app) and the
computation (monitoring), and this app already knows both.
"""

from __future__ import annotations

import datetime

from django import template

from plans.models import Plan
from swvportal.core.pdf import long_date
from swvportal.jobs.models import Job

from ..models import DocumentKind
from ..services import JOB_KIND as RENDER

register = template.Library()


@register.simple_tag
def job_facts(job: Job) -> list[tuple[str, str]]:
    """``[("Peildatum", "1 oktober 2026")]`` or ``[("Document", "… (versie 4.0)")]``."""
    params = job.params if isinstance(job.params, dict) else {}
    day = _day(params.get("peildatum"))
    if job.kind == RENDER:
        return [("Document", _document(params, day))]
    if day is None:
        return []
    if params.get("voorlopig"):
        return [("Stand van", f"{long_date(day)} (voorlopig)")]
    return [("Peildatum", long_date(day))]


def _document(params: dict, day: datetime.date | None) -> str:
    if params.get("kind") == DocumentKind.OSP:
        plan = Plan.objects.filter(pk=params.get("plan_id")).first()  # scoped to the tenant
        if plan is None:
            return "Ondersteuningsplan (deze versie bestaat niet meer)"
        return f"{plan.title} (versie {plan.version})"
    return f"Monitoringsrapportage, peildatum {long_date(day)}" if day else "Monitoringsrapportage"


def _day(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
