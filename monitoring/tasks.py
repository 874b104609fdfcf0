from __future__ import annotations

from celery import shared_task
from django.utils import timezone
from django_scopes import scopes_disabled

from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from .jobs import compute_start
from .services import monitoring_settings


@shared_task(ignore_result=True)
def compute_indicators_nightly() -> int:
    """Beat, nightly: per tenant one job. On a peildatum of the tenant it computes the official
    figures of the indicators due that day; on other days the provisional state of today.
    A job row is written first, so a broker outage delays the work but loses none of it.
    """
    today = timezone.localdate()
    with scopes_disabled():  # the list of tenants itself is platform data
        tenants = list(Tenant.objects.all())
    for tenant in tenants:
        with tenant_scope(tenant):
            settings = monitoring_settings(tenant)
            days = (settings.peildata_twice or []) + (settings.peildata_yearly or [])
            if [today.month, today.day] in [list(d) for d in days]:
                compute_start(tenant=tenant, peildatum=today, only_due=True)
            else:
                compute_start(tenant=tenant, peildatum=today, provisional=True)
    return len(tenants)
