from __future__ import annotations

from django.db.models import QuerySet

from swvportal.tenancy.models import Tenant

from .models import AuditEntry


def audit_entries(*, tenant: Tenant) -> QuerySet[AuditEntry]:
    """The tenant's change and access log, newest first."""
    return (
        AuditEntry.objects.filter(tenant=tenant)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
