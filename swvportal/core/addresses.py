"""The client's address, the same for the lockout, allauth's rate limits and the audit log.

Behind ``TRUSTED_PROXY_COUNT`` proxies of our own it is the address the outermost of them added
to ``X-Forwarded-For`` (allauth reads ``ALLAUTH_TRUSTED_PROXY_COUNT``, set from it); with 0 it is
``REMOTE_ADDR``. Entries a client wrote into the header itself are never believed.
"""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    try:
        return get_adapter().get_client_ip(request)
    except PermissionDenied:  # a request without any address, e.g. Client.force_login's
        return None
