from __future__ import annotations

from celery import shared_task

from swvportal.jobs.tenants import for_each_tenant

from .pupils import pupil_records_anonymise


@shared_task(acks_late=True, ignore_result=True)
def anonymise_expired_pupil_records() -> int:
    """Beat, nightly: every registered pupil record past its term, tenant by tenant. Returns how
    many records were anonymised (a tenant that fails is logged; the others go on)."""
    run = for_each_tenant(lambda tenant: pupil_records_anonymise(tenant=tenant))
    return sum(run.results.values())
