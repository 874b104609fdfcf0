"""django-auditlog's middleware, with the client address from the trusted proxy only.

auditlog itself takes the leftmost ``X-Forwarded-For`` entry, which any client can write.
"""

from __future__ import annotations

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.http import HttpRequest

from swvportal.core.addresses import client_address


class PortalAuditlogMiddleware(AuditlogMiddleware):
    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if settings.AUDITLOG_DISABLE_REMOTE_ADDR:
            return None
        return client_address(request)
