"""Opening a tenant scope outside a request: management commands and Celery tasks.

A request gets its scope from ``TenantMiddleware``. Everything else says explicitly which tenant it
works in, with ``tenant_scope``; platform-wide maintenance (the job sweeper, the admin) uses
``django_scopes.scopes_disabled`` and says why at that place.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import CommandError
from django_scopes import scope

from .models import Tenant, normalize_tenant_code


@contextmanager
def tenant_scope(tenant: Tenant) -> Iterator[Tenant]:
    with scope(tenant=tenant):
        yield tenant


def tenant_for_command(code: str) -> Tenant:
    """The tenant a management command's ``--tenant CODE`` names, or a Dutch ``CommandError``."""
    try:
        return Tenant.objects.get(code=normalize_tenant_code(code))
    except Tenant.DoesNotExist:
        raise CommandError(f"Onbekend samenwerkingsverband: {code!r}.") from None
