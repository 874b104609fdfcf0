"""Writes about tenants and schools."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Tenant, normalize_tenant_code


@transaction.atomic
def tenant_create(*, code: str, name: str, sector: str, is_demo: bool = False) -> Tenant:
    tenant = Tenant(
        code=normalize_tenant_code(code), name=name.strip(), sector=sector.upper(), is_demo=is_demo
    )
    if Tenant.objects.filter(code=tenant.code).exists():
        raise ValidationError(f"Er bestaat al een samenwerkingsverband met code {tenant.code}.")
    tenant.full_clean()
    tenant.save()
    return tenant
