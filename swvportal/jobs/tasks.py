from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from swvportal.tenancy.scoping import tenant_scope

from .models import Job
from .services import job_claim, job_run, jobs_sweep


# acks_late with reject_on_worker_lost: a worker that dies mid-job gives the message back.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: int) -> None:
    """Run one job in its tenant's scope. Idempotent: a job that is not claimable is left alone."""
    token = job_claim(job_id=job_id)
    if token is None:
        return
    with scopes_disabled():  # only to learn which tenant the job belongs to
        job = Job.objects.select_related("tenant").get(pk=job_id)
    with tenant_scope(job.tenant):
        job_run(job=job, token=token)


@shared_task(ignore_result=True)
def sweep_jobs() -> int:
    """Beat, every minute: queue again the jobs that never started or whose worker died."""
    return jobs_sweep()
