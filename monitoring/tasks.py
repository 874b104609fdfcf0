from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from . import selectors
from .jobs import compute_start
from .services import monitoring_settings


@shared_task(ignore_result=True)
def compute_indicators_nightly() -> int:
    """Beat, nightly: per tenant one job. On a peildatum of the tenant within its plan's period it
    computes the official figures of the indicators due that day; on other days the provisional
    state of today.
    A job row is written first, so a broker outage delays the work but loses none of it.
    """
    today = timezone.localdate()
    with scopes_disabled():  # the list of tenants itself is platform data
        tenants = list(Tenant.objects.all())
    for tenant in tenants:
        with tenant_scope(tenant):
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
    return len(tenants)
