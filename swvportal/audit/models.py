"""django-auditlog's log entry with a ``tenant`` column, so a tenant's log is one indexed query.

Changes to registered models are logged by django-auditlog's signals (who: the request's user,
through ``AuditlogMiddleware``). Reads of pupil data are logged by ``swvportal.audit.log_read``.
The manager is deliberately not tenant-scoped: entries are written from signals in any context;
the only reader, ``selectors.audit_entries``, filters on the tenant explicitly.
"""

from __future__ import annotations

from auditlog.models import AbstractLogEntry, LogEntry, LogEntryManager
from django.db import models

ACTION_LABELS = {
    LogEntry.Action.CREATE: "aangemaakt",
    LogEntry.Action.UPDATE: "gewijzigd",
    LogEntry.Action.DELETE: "verwijderd",
    LogEntry.Action.ACCESS: "ingezien",
}


class AuditEntryManager(LogEntryManager):
    def log_create(self, instance, force_log: bool = False, **kwargs):
        kwargs.setdefault("tenant_id", _tenant_id_of(instance))
        return super().log_create(instance, force_log=force_log, **kwargs)

    def log_m2m_changes(self, changed_queryset, instance, operation, field_name, **kwargs):
        # auditlog writes these without log_create: without this a membership's schools
        # changed unseen by the tenant's logboek.
        kwargs.setdefault("tenant_id", _tenant_id_of(instance))
        return super().log_m2m_changes(changed_queryset, instance, operation, field_name, **kwargs)


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

    def __str__(self) -> str:
        # auditlog's own says "Created …" in English, and in the admin users read it.
        return f"{self.object_repr} {ACTION_LABELS.get(self.action, 'vastgelegd')}"

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
