from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from swvportal.tenancy.scoping import tenant_scope

from .models import Job
from .services import job_claim, job_run, jobs_sweep


def job_execute(job_id: int, *, kind: str | None = None) -> None:
    """What every job task does: claim, then run in the job's tenant scope. Idempotent: a job
    that is not claimable (finished, running with a fresh heartbeat, another kind) is left alone.
    """
    token = job_claim(job_id=job_id, kind=kind)
    if token is None:
        return
    with scopes_disabled():  # only to learn which tenant the job belongs to
        job = Job.objects.select_related("tenant").get(pk=job_id)
    with tenant_scope(job.tenant):
        job_run(job=job, token=token)


# acks_late with reject_on_worker_lost: a worker that dies mid-job gives the message back.
@shared_task(acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: int) -> None:
    """Run one job of any kind, in-process (the settings' time limits apply).

    Jobs are queued on their kind's own task (``jobs.<kind>``, see ``registry.job_kind``); this
    one stays for messages queued before that, and for a job whose kind is no longer registered
    (it fails with a Dutch message instead of waiting forever).
    """
    job_execute(job_id)


@shared_task(ignore_result=True)
def sweep_jobs() -> int:
    """Beat, every minute: queue again the jobs that never started or whose worker died."""
    return jobs_sweep()
