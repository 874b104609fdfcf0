"""Starting, running, re-queueing and retrying jobs.

Each kind has its own Celery task (``registry.job_kind``), through which the job is queued,
queued again and retried; ``tasks.run_job`` is the kind-blind entry for messages from before.
A job runs exactly once to the end, even when its worker dies: ``job_claim`` takes the row with one
conditional UPDATE and a fresh ``attempt_token``; only the run holding that token may report
progress or record the outcome. A worker killed mid-job hands its message back
(``task_reject_on_worker_lost``), but the redelivery finds the job still showing signs of life and
does nothing; once the heartbeat has been silent for ``JOBS_STALE_AFTER_SECONDS`` the sweeper (or
the redelivery) may take it again, at most ``JOBS_MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from swvportal.accounts.models import Membership
from swvportal.accounts.permissions import can
from swvportal.tenancy.models import Tenant

from .models import Job
from .params import JobParams
from .registry import KINDS, JobKind

logger = logging.getLogger(__name__)

RESTARTED = "Opnieuw gestart na een onderbreking."
TOO_LONG = (
    "De taak duurde te lang en is gestopt. Probeer het later opnieuw. "
    "Lukt het dan nog niet? Neem dan contact op met de beheerder."
)
GAVE_UP = (
    "De taak is steeds onderbroken en daarom gestopt. Probeer het later opnieuw. "
    "Lukt het dan nog niet? Neem dan contact op met de beheerder."
)


class JobSuperseded(Exception):
    """This run lost its claim: the job was taken by a newer run or stopped by the sweeper."""


Params = JobParams | Mapping[str, Any] | None


def _kind(kind: str) -> JobKind:
    if kind not in KINDS:
        raise ValidationError(f"Onbekende soort achtergrondtaak: {kind}.")
    return KINDS[kind]


@transaction.atomic
def job_start(*, tenant: Tenant, kind: str, params: Params = None, by=None) -> Job:
    """Check the parameters (Dutch ``ValidationError``), write the job row, then queue it on
    the kind's task once the transaction has committed."""
    stored = _kind(kind).stored_params(params)
    job = Job.objects.create(
        tenant=tenant, kind=kind, params=stored, created_by=by, message="In de wachtrij."
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


def job_start_once(*, tenant: Tenant, kind: str, params: Params, by=None) -> Job:
    """Start the job, unless the same request still waits or runs: then that one is the answer.

    A job that stopped showing signs of life is no answer (the user would wait for nothing): it
    is queued again. A failed job is never returned; asking again starts a new one.
    """
    stored = _kind(kind).stored_params(params)
    job = job_unfinished(tenant=tenant, kind=kind, params=stored)
    if job is None:
        return job_start(tenant=tenant, kind=kind, params=stored, by=by)
    if job.is_stale:
        try:
            return job_retry(job=job)
        except ValidationError:  # another request or the sweeper was first: that one holds it
            job.refresh_from_db()
    return job


def job_enqueue(*, job_id: int) -> bool:
    """Hand the job to its kind's task. With the broker down, the job waits for the sweeper."""
    kind = (
        Job.objects.with_scopes_disabled().filter(pk=job_id).values_list("kind", flat=True).first()
    )
    try:
        _task_for(kind).apply_async((job_id,), retry=True)
    except (BrokerError, OSError) as exc:
        logger.warning("Job %s not queued, broker unreachable: %s", job_id, exc)
        return False
    Job.objects.with_scopes_disabled().filter(pk=job_id, status=Job.Status.QUEUED).update(
        enqueued_at=timezone.now()
    )
    return True


def _task_for(kind: str | None):
    """The kind's own task; a kind no longer registered goes to ``run_job``, which records
    that it is unknown."""
    if kind in KINDS:
        return KINDS[kind].task
    from .tasks import run_job

    return run_job


def _stale_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.JOBS_STALE_AFTER_SECONDS)


def _stale() -> Q:
    """Running without a sign of life for too long: its worker died (rows from before the
    heartbeat existed count from their start)."""
    before = _stale_before()
    return Q(status=Job.Status.RUNNING) & (
        Q(heartbeat_at__lt=before) | Q(heartbeat_at__isnull=True, started_at__lt=before)
    )


def job_claim(*, job_id: int, kind: str | None = None) -> uuid.UUID | None:
    """Take the job for one run and return that run's token; ``None`` when it is not ours to run.

    One conditional UPDATE, so two deliveries of the same job (a redelivered message and the
    sweeper's) cannot both win. A job running with a fresh heartbeat, finished or unknown is
    left alone: that is what makes a redelivered task harmless. With ``kind`` (a kind's own
    task), a job of another kind is not claimed either.
    """
    token = uuid.uuid4()
    now = timezone.now()
    claimable = Q(status=Job.Status.QUEUED) | (
        _stale() & Q(attempts__lt=settings.JOBS_MAX_ATTEMPTS)
    )
    jobs = Job.objects.with_scopes_disabled().filter(claimable, pk=job_id)
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    claimed = jobs.update(
        status=Job.Status.RUNNING,
        attempt_token=token,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        progress=0,
        message="Bezig…",
        error="",
    )
    return token if claimed else None


def job_run(*, job: Job, token: uuid.UUID | None = None) -> None:
    """Run a claimed job's handler with its typed parameters and record the outcome (in the
    job's tenant scope). Parameters that no longer read (``from_params``) fail the job with
    their Dutch message. ``token`` is the claim's; a run that lost it stops at its next
    progress report and records nothing, so the newer run's outcome stands.
    """
    kind = KINDS.get(job.kind)
    ours = Job.objects.filter(pk=job.pk, attempt_token=token)
    last = {"percent": 0, "message": ""}

    def progress(percent: int, message: str) -> None:
        last.update(percent=percent, message=message[:300])
        reported = ours.update(
            progress=max(0, min(100, percent)), message=message[:300], heartbeat_at=timezone.now()
        )
        if not reported:
            raise JobSuperseded(job.pk)

    try:
        if kind is None:
            raise LookupError(f"Onbekende soort achtergrondtaak: {job.kind}.")
        params = kind.params.from_params(job.params)
        with _heartbeat(job_id=job.pk, token=token):
            result_url = kind.handler(job, params, progress) or ""
    except JobSuperseded:
        logger.warning("Job %s: this run lost its claim; its outcome is dropped", job.pk)
        return
    except Exception as exc:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        ours.update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            message="Mislukt.",
            error=_dutch_error(exc),
        )
        return
    done = ours.update(
        status=Job.Status.DONE,
        progress=100,
        finished_at=timezone.now(),
        # A handler that reported 100% said what it did; keep that instead of a bare "Klaar."
        message=f"Klaar. {last['message']}" if last["percent"] >= 100 else "Klaar.",
        result_url=result_url,
    )
    if not done:
        logger.warning("Job %s: this run lost its claim; its outcome is dropped", job.pk)


@contextmanager
def _heartbeat(*, job_id: int, token: uuid.UUID | None) -> Iterator[None]:
    """Touch the job's row every ``JOBS_HEARTBEAT_SECONDS`` while the handler runs, so a long
    step without progress reports is not taken for a dead worker."""
    interval = settings.JOBS_HEARTBEAT_SECONDS
    if interval <= 0:
        yield
        return
    stop = threading.Event()
    beat = threading.Thread(
        target=_beat, args=(job_id, token, interval, stop), name=f"job-{job_id}-heartbeat"
    )
    beat.daemon = True  # never keep a worker alive for a heartbeat
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=30)


def _beat(job_id: int, token: uuid.UUID | None, interval: float, stop: threading.Event) -> None:
    try:
        while not stop.wait(interval):
            try:
                Job.objects.with_scopes_disabled().filter(
                    pk=job_id, attempt_token=token, status=Job.Status.RUNNING
                ).update(heartbeat_at=timezone.now())
            except DatabaseError as exc:  # a missed beat is not worth failing the job for
                logger.warning("Job %s: heartbeat not written: %s", job_id, exc)
    finally:
        connections.close_all()  # this thread's own connections: Django opens them per thread


def _dutch_error(exc: Exception) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return TOO_LONG
    if isinstance(exc, ValidationError | LookupError):
        return " ".join(getattr(exc, "messages", [str(exc)]))
    return "Er ging iets mis bij het uitvoeren. De beheerder is op de hoogte gebracht."


@transaction.atomic
def job_retry(*, job: Job) -> Job:
    """Queue a failed or stuck job again at a user's request, with a fresh set of attempts."""
    retried = Job.objects.filter(Q(status=Job.Status.FAILED) | _stale(), pk=job.pk).update(
        status=Job.Status.QUEUED,
        attempts=0,
        attempt_token=None,
        progress=0,
        message="Opnieuw in de wachtrij gezet.",
        error="",
        result_url="",
        heartbeat_at=None,
        enqueued_at=None,
        finished_at=None,
    )
    if not retried:
        raise ValidationError("Deze taak loopt nog of is al klaar. Opnieuw proberen is niet nodig.")
    transaction.on_commit(lambda: job_enqueue(job_id=job.pk))
    job.refresh_from_db()
    return job


def job_may_retry(*, membership: Membership, job: Job) -> bool:
    """The member sees the job (their own, or any as bestuurder) and may start its kind."""
    kind = KINDS.get(job.kind)
    if not can(membership, "jobs.view_job", job):
        return False
    return kind is None or kind.capability is None or can(membership, kind.capability)


def jobs_sweep() -> int:
    """Queue again what never started or whose worker died. Returns how many were queued."""
    stuck = Job.objects.with_scopes_disabled()
    stuck.filter(_stale(), attempts__gte=settings.JOBS_MAX_ATTEMPTS).update(
        status=Job.Status.FAILED,
        attempt_token=None,
        finished_at=timezone.now(),
        message="Mislukt.",
        error=GAVE_UP,
    )
    candidates = list(stuck.filter(_stale()).values_list("pk", flat=True)[:500])
    restarted = [pk for pk in candidates if _requeue(job_id=pk)]
    cutoff = timezone.now() - timedelta(seconds=settings.JOBS_SWEEP_AFTER_SECONDS)
    waiting = stuck.filter(
        Q(status=Job.Status.QUEUED, enqueued_at__isnull=True, created_at__lt=cutoff)
        | Q(status=Job.Status.QUEUED, enqueued_at__lt=cutoff)
    ).exclude(pk__in=restarted)
    job_ids = restarted + list(waiting.values_list("pk", flat=True)[:500])
    return sum(job_enqueue(job_id=job_id) for job_id in job_ids)


def _requeue(*, job_id: int) -> bool:
    """Back to the queue, if still stale: a redelivered message may have taken it meanwhile."""
    return bool(
        Job.objects.with_scopes_disabled()
        .filter(_stale(), pk=job_id, attempts__lt=settings.JOBS_MAX_ATTEMPTS)
        .update(
            status=Job.Status.QUEUED,
            attempt_token=None,
            progress=0,
            message=RESTARTED,
            heartbeat_at=None,
            enqueued_at=None,
        )
    )
