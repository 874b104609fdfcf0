"""The nightly loops over every tenant: one helper, so one tenant's failure stops no other.

@shared_task(ignore_result=True)
def anonymise_expired_pupil_records() -> int:
    run = for_each_tenant(lambda tenant: pupil_records_anonymise(tenant=tenant))
    return sum(run.results.values())
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from celery.exceptions import SoftTimeLimitExceeded
from django.db import transaction
from django_scopes import scopes_disabled

from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

logger = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass
class TenantRun(Generic[T]):
    """What a loop did: each tenant's result, and the tenants where it failed (with the reason;
    the log has the traceback)."""

    results: dict[str, T] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.failed


def for_each_tenant(
    fn: Callable[[Tenant], T], *, tenants: Iterable[Tenant] | None = None
) -> TenantRun[T]:
    """Call ``fn(tenant)`` in each tenant's scope and its own transaction (every tenant, by code,
    unless ``tenants`` is given).

    A tenant whose call raises is logged and skipped, and its half-done work rolled back; the
    loop goes on with the next. A task's soft time limit is not a tenant's failure: it ends the
    loop.
    """
    if tenants is None:
        with scopes_disabled():  # the list of tenants itself is platform data
            tenants = list(Tenant.objects.order_by("code"))
    run: TenantRun[T] = TenantRun()
    name = getattr(fn, "__qualname__", repr(fn))
    for tenant in tenants:
        try:
            with tenant_scope(tenant), transaction.atomic():
                run.results[tenant.code] = fn(tenant)
        except SoftTimeLimitExceeded:
            raise
        except Exception as exc:
            logger.exception("%s failed for tenant %s; going on with the next", name, tenant.code)
            run.failed[tenant.code] = f"{type(exc).__name__}: {exc}"
    if run.failed:
        logger.error("%s: %d tenant(s) failed: %s", name, len(run.failed), ", ".join(run.failed))
    return run
