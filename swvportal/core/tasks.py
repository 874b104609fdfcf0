from __future__ import annotations

from celery import shared_task
from django_scopes import scopes_disabled

from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from .pupils import pupil_records_anonymise


@shared_task(acks_late=True, ignore_result=True)
def anonymise_expired_pupil_records() -> int:
    """Beat, nightly: every registered pupil record past its term, tenant by tenant."""
    with scopes_disabled():  # the list of tenants itself is platform data
        tenants = list(Tenant.objects.all())
    total = 0
    for tenant in tenants:
        with tenant_scope(tenant):
            total += pupil_records_anonymise(tenant=tenant)
    return total
