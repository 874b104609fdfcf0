"""The one way views get a job (the 404/403 rule of ``swvportal.core.access``).

Someone else's job is a 404 (only the bestuurder sees every job of the tenant); "writing" a job
is starting it again, which also needs the capability of its kind.
"""

from __future__ import annotations

from django.http import HttpRequest

from swvportal.accounts.permissions import visible
from swvportal.core.access import ObjectAccess

from .models import Job
from .services import job_may_retry

JOBS: ObjectAccess[Job] = ObjectAccess(
    lambda membership: visible(Job.objects.all(), membership, "jobs.view_job"),
    may_write=lambda membership, job: job_may_retry(membership=membership, job=job),
    read_only="U mag deze taak niet opnieuw starten.",
)


def get_job_for_user(request: HttpRequest, job_id: int) -> tuple[Job, bool]:
    """The job and whether this member may start it again."""
    return JOBS.get_for_user(request, job_id)


def get_job_for_retry(request: HttpRequest, job_id: int) -> Job:
    return JOBS.get_for_writing(request, job_id)
