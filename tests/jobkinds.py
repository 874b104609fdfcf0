"""Job kinds for tests: counting the tenant's schools, failing, and living through a crash."""

from __future__ import annotations

import os
import time

from swvportal.jobs.registry import job_handler
from swvportal.tenancy.models import School

RUNS: list[int] = []


@job_handler("test.count_schools", "Scholen tellen (test)")
def count_schools(job, progress) -> str:
    progress(50, "Bezig met tellen")
    count = School.objects.count()  # scoped: only the job's tenant
    RUNS.append(job.pk)
    job.params["count"] = count
    type(job).objects.filter(pk=job.pk).update(params=job.params)
    return f"/{job.tenant.code}/scholen/"


@job_handler("test.fails", "Mislukt altijd (test)")
def fails(job, progress) -> None:
    raise RuntimeError("interne details die de gebruiker niet hoeft te zien")


@job_handler("test.pdf_right", "Alleen met het recht om PDF's te maken (test)", "documents.create")
def needs_pdf_right(job, progress) -> None:
    progress(100, "Gedaan")


@job_handler("test.waits_for_heartbeat", "Wacht op een teken van leven (test)")
def waits_for_heartbeat(job, progress) -> None:
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


@job_handler("test.killed_once", "Eerste poging wordt afgebroken (test)")
def killed_once(job, progress) -> None:
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
