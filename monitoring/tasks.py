from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from swvportal.jobs.tenants import for_each_tenant
from swvportal.tenancy.models import Tenant

from . import selectors
from .jobs import compute_start
from .services import monitoring_settings


@shared_task(ignore_result=True)
def compute_indicators_nightly() -> int:
    """Beat, nightly: per tenant one job. On a peildatum of the tenant within its plan's period it
    computes the official figures of the indicators due that day; on other days the provisional
    state of today. Returns for how many tenants a job was asked.
    A job row is written first, so a broker outage delays the work but loses none of it.
    """
    today = timezone.localdate()

    def start(tenant: Tenant) -> None:
        allowed = selectors.computable_peildata(
            settings=monitoring_settings(tenant),
            plan=selectors.computing_plan(tenant=tenant),
            today=today,
        )
        # A peildatum outside the plan's period gets the provisional state, as any day.
        if today in allowed:
            compute_start(tenant=tenant, peildatum=today, only_due=True)
        else:
            compute_start(tenant=tenant, peildatum=today, provisional=True)

    return len(for_each_tenant(start).results)
