"""Job kinds for tests: counting the tenant's schools, failing, and living through a crash."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from swvportal.jobs.params import JobParams
from swvportal.jobs.registry import job_kind
from swvportal.tenancy.models import School

RUNS: list[int] = []
LIMITS = {"soft_time_limit": 60, "time_limit": 90}


@dataclass(frozen=True)
class AnyParams(JobParams):
    """Whatever the test passes, kept as it is (the tests compare stored dicts)."""

    data: dict[str, Any] = field(default_factory=dict)

    def to_params(self) -> dict[str, Any]:
        return dict(self.data)

    @classmethod
    def from_params(cls, data: Mapping[str, Any]) -> AnyParams:
        return cls(dict(data))


@job_kind("test.count_schools", "Scholen tellen (test)", params=AnyParams, **LIMITS)
def count_schools(job, params, progress) -> str:
    progress(50, "Bezig met tellen")
    count = School.objects.count()  # scoped: only the job's tenant
    RUNS.append(job.pk)
    job.params["count"] = count
    type(job).objects.filter(pk=job.pk).update(params=job.params)
    return f"/{job.tenant.code}/scholen/"


@job_kind("test.fails", "Mislukt altijd (test)", **LIMITS)
def fails(job, params, progress) -> None:
    raise RuntimeError("interne details die de gebruiker niet hoeft te zien")


@job_kind(
    "test.pdf_right",
    "Alleen met het recht om PDF's te maken (test)",
    capability="documents.create",
    **LIMITS,
)
def needs_pdf_right(job, params, progress) -> None:
    progress(100, "Gedaan")


@job_kind("test.waits_for_heartbeat", "Wacht op een teken van leven (test)", **LIMITS)
def waits_for_heartbeat(job, params, progress) -> None:
    """A long step without progress calls: only the runner's heartbeat thread touches the row."""
    from django.db import OperationalError

    claimed = type(job).objects.get(pk=job.pk).heartbeat_at
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        time.sleep(0.05)
        try:  # SQLite's shared in-memory test database may be busy with the heartbeat's write
            beat = type(job).objects.get(pk=job.pk).heartbeat_at
        except OperationalError:
            continue
        if beat > claimed:
            job.params["heartbeat_seen"] = True
            type(job).objects.filter(pk=job.pk).update(params=job.params)
            return


# The first attempt sleeps 120 s until it is killed: the hard limit must lie beyond that.
@job_kind(
    "test.killed_once",
    "Eerste poging wordt afgebroken (test)",
    soft_time_limit=300,
    time_limit=360,
)
def killed_once(job, params, progress) -> None:
    """The first attempt tells which process runs it and then hangs until that process is killed."""
    Job = type(job)
    progress(10, "PDF opmaken…")
    if job.attempts == 1:
        Job.objects.filter(pk=job.pk).update(params={**job.params, "pid": os.getpid()})
        time.sleep(120)
        return
    params = Job.objects.get(pk=job.pk).params
    Job.objects.filter(pk=job.pk).update(
        params={**params, "finished": params.get("finished", 0) + 1}
    )


@job_kind("test.too_long", "Duurt te lang (test)", **LIMITS)
def too_long(job, params, progress) -> None:
    """What a worker does when the kind's soft time limit passes: the handler is interrupted."""
    from celery.exceptions import SoftTimeLimitExceeded

    progress(30, "Bezig…")
    raise SoftTimeLimitExceeded()
