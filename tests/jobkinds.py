"""A job kind for tests: counts the tenant's schools, reporting progress on the way."""

from __future__ import annotations

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
