"""The one helper for logging reads of pupil data; and ``log_created``, the change log of rows
saved with ``bulk_create`` (which sends no signals for auditlog to hear).

Every page, export or API call that shows pupil-level data calls ``log_read`` exactly once per
response: for a detail page with the record itself, for a list or export with the object that
anchors it (the school, or the tenant) and the number of rows shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log, pre_log
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model
from django.db.models.signals import pre_save
from django.http import HttpRequest

from swvportal.core.addresses import client_address

from .models import AuditEntry, AuditEntryManager


def log_read(
    request: HttpRequest, obj: Model, *, what: str, count: int | None = None, **details: Any
) -> AuditEntry:
    """Record that ``request.user`` read ``obj`` (or a list anchored on it)."""
    data = {"what": what, "path": request.path, **details}
    if count is not None:
        data["count"] = count
    if request.resolver_match is not None:
        data["view"] = request.resolver_match.view_name
    return AuditEntry.objects.log_create(
        obj,
        force_log=True,
        action=LogEntry.Action.ACCESS,
        changes=None,
        actor=request.user if request.user.is_authenticated else None,
        remote_addr=client_address(request),
        additional_data=data,
    )


def log_created(instances: Iterable[Model], *, batch_size: int = 1000) -> list[AuditEntry]:
    """Write, at once, the log entries ``save()`` writes for these rows it would have created.

    For rows saved with ``bulk_create``, which sends no signals: per row the entry auditlog's
    post_save receiver writes (the same ``changes``, ``additional_data``, tenant, object and
    correlation id, made by the same ``log_create``), and the same ``pre_save`` signal per entry,
    through which ``set_actor`` (the middleware) fills in actor and address. As with ``save()``,
    nothing is written for a model auditlog does not register or while auditlog is disabled,
    and auditlog's ``pre_log``/``post_log`` signals are sent.
    """
    if auditlog_disabled.get():
        return []
    pending = [_unsaved_entry(instance) for instance in instances]
    pending = [p for p in pending if p is not None]
    AuditEntry.objects.bulk_create([entry for _, entry, _ in pending], batch_size=batch_size)
    for instance, entry, pre_log_results in pending:
        post_log.send(
            type(instance),
            instance=instance,
            instance_old=None,
            action=LogEntry.Action.CREATE,
            error=None,
            pre_log_results=pre_log_results,
            changes=entry.changes,
            log_entry=entry,
            log_created=True,
            use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES,
        )
    return [entry for _, entry, _ in pending]


class _UnsavedEntries(AuditEntryManager):
    """``log_create`` as it is, except that the entry it makes is returned unsaved."""

    def create(self, **kwargs: Any) -> AuditEntry:
        return self.model(**kwargs)


_unsaved = _UnsavedEntries()
_unsaved.model = AuditEntry


def _unsaved_entry(instance: Model) -> tuple[Model, AuditEntry, list] | None:
    """What auditlog's create receiver would save for ``instance``, or None when it saves none."""
    if not auditlog.contains(type(instance)):
        return None
    pre_log_results = pre_log.send(type(instance), instance=instance, action=LogEntry.Action.CREATE)
    if any(result is False for _, result in pre_log_results):
        return None
    changes = model_instance_diff(
        None, instance, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES
    )
    if not changes:
        return None
    entry = _unsaved.log_create(instance, action=LogEntry.Action.CREATE, changes=changes)
    pre_save.send(AuditEntry, instance=entry, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None)
    return instance, entry, pre_log_results
