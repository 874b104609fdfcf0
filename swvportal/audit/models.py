"""django-auditlog's log entry with a ``tenant`` column, so a tenant's log is one indexed query.

Changes to registered models are logged by django-auditlog's signals (who: the request's user,
through ``AuditlogMiddleware``). Reads of pupil data are logged by ``swvportal.audit.log_read``.
The manager is deliberately not tenant-scoped: entries are written from signals in any context;
the only reader, ``selectors.audit_entries``, filters on the tenant explicitly.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntryManager
from django.db import models


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        kwargs.setdefault("tenant_id", _tenant_id_of(instance))
        return super().log_create(instance, force_log=force_log, **kwargs)


def _tenant_id_of(instance: models.Model) -> int | None:
    from swvportal.tenancy.models import Tenant

    if isinstance(instance, Tenant):
        return instance.pk
    return getattr(instance, "tenant_id", None)


class AuditEntry(AbstractLogEntry):
    tenant = models.ForeignKey(
        "tenancy.Tenant",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="samenwerkingsverband",
    )

    objects = AuditEntryManager()

    class Meta(AbstractLogEntry.Meta):
        swappable = "AUDITLOG_LOGENTRY_MODEL"
        verbose_name = "logregel"
        verbose_name_plural = "logregels"
        indexes = [
            models.Index(fields=["tenant", "-timestamp"], name="audit_tenant_time"),
            models.Index(
                fields=["content_type", "object_pk", "-timestamp"], name="audit_object_time"
            ),
        ]
