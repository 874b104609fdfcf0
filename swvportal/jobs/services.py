"""Starting, running and re-queueing jobs."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from swvportal.tenancy.models import Tenant

from .models import Job
from .registry import KINDS

logger = logging.getLogger(__name__)


@transaction.atomic
def job_start(*, tenant: Tenant, kind: str, params: dict[str, Any] | None = None, by=None) -> Job:
    """Write the job row, then queue it once the transaction has committed."""
    if kind not in KINDS:
        raise ValidationError(f"Onbekende soort achtergrondtaak: {kind}.")
    job = Job.objects.create(
        tenant=tenant, kind=kind, params=params or {}, created_by=by, message="In de wachtrij."
    )
    transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    return job


UNFINISHED = (Job.Status.QUEUED, Job.Status.RUNNING)


def job_unfinished(
    *, tenant: Tenant, kind: str, params: dict[str, Any] | None = None
) -> Job | None:
    """The newest job of this kind (and these parameters, when given) that has not finished."""
    jobs = Job.objects.filter(tenant=tenant, kind=kind, status__in=UNFINISHED)
    if params is not None:
        jobs = jobs.filter(params=params)
    return jobs.order_by("-created_at", "-pk").first()


def job_start_once(*, tenant: Tenant, kind: str, params: dict[str, Any], by=None) -> Job:
    """Start the job, unless the same request still waits or runs: then that one is the answer."""
    return job_unfinished(tenant=tenant, kind=kind, params=params) or job_start(
        tenant=tenant, kind=kind, params=params, by=by
    )


def job_enqueue(*, job_id: int) -> bool:
    """Hand the job to the broker. With the broker down, the job waits for the sweeper."""
    from .tasks import run_job

    try:
        run_job.apply_async((job_id,), retry=True)
    except (BrokerError, OSError) as exc:
        logger.warning("Job %s not queued, broker unreachable: %s", job_id, exc)
        return False
    Job.objects.with_scopes_disabled().filter(pk=job_id, status=Job.Status.QUEUED).update(
        enqueued_at=timezone.now()
    )
    return True


def job_claim(*, job_id: int) -> bool:
    """Mark the job running, unless it is already running, finished or unknown.

    A job left "bezig" longer than the task time limit belonged to a worker that died; it may be
    claimed again. This is what makes a redelivered task harmless.
    """
    claimable = (
        Job.objects.with_scopes_disabled()
        .filter(pk=job_id)
        .filter(Q(status=Job.Status.QUEUED) | _died_while_running())
    )
    return bool(
        claimable.update(
            status=Job.Status.RUNNING,
            started_at=timezone.now(),
            progress=0,
            message="Bezig…",
            error="",
        )
    )


def _died_while_running() -> Q:
    stale_before = timezone.now() - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    return Q(status=Job.Status.RUNNING, started_at__lt=stale_before)


def job_run(*, job: Job) -> None:
    """Run a claimed job's handler and record the outcome (in the job's tenant scope)."""
    kind = KINDS.get(job.kind)
    Job.objects.filter(pk=job.pk).update(attempts=job.attempts + 1)

    last = {"percent": 0, "message": ""}

    def progress(percent: int, message: str) -> None:
        last.update(percent=percent, message=message[:300])
        Job.objects.filter(pk=job.pk).update(
            progress=max(0, min(100, percent)), message=message[:300]
        )

    try:
        if kind is None:
            raise LookupError(f"Onbekende soort achtergrondtaak: {job.kind}.")
        result_url = kind.handler(job, progress) or ""
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message="Mislukt.",
            error=_dutch_error(exc),
        )
        return
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
        # A handler that reported 100% said what it did; keep that instead of a bare "Klaar."
        message=f"Klaar. {last['message']}" if last["percent"] >= 100 else "Klaar.",
        result_url=result_url,
    )


def _dutch_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError | LookupError):
        return " ".join(getattr(exc, "messages", [str(exc)]))
    return "Er ging iets mis bij het uitvoeren. De beheerder is op de hoogte gebracht."


def jobs_sweep() -> int:
    """Queue again what never started or whose worker died. Returns how many were queued."""
    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_SWEEP_AFTER_SECONDS)
    stuck = Job.objects.with_scopes_disabled().filter(
        Q(status=Job.Status.QUEUED, enqueued_at__isnull=True, created_at__lt=cutoff)
        | Q(status=Job.Status.QUEUED, enqueued_at__lt=cutoff)
        | _died_while_running()
    )
    queued = 0
    for job_id in stuck.values_list("pk", flat=True)[:500]:
        queued += job_enqueue(job_id=job_id)
    return queued
