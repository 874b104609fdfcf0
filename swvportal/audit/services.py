"""The one helper for logging reads of pupil data.

Every page, export or API call that shows pupil-level data calls ``log_read`` exactly once per
response: for a detail page with the record itself, for a list or export with the object that
anchors it (the school, or the tenant) and the number of rows shown.
"""

from __future__ import annotations

from typing import Any

from auditlog.models import LogEntry
from django.db.models import Model
from django.http import HttpRequest

from swvportal.core.addresses import client_address

from .models import AuditEntry


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
