"""What every tenant page view inherits: the capability check and the tenant in context."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest

from swvportal.accounts.permissions import can


class TenantPageMixin:
    """A page under ``/<tenant_code>/``. Set ``capability``; the middleware has opened the scope.

    A role without ``capability`` gets a 403 before anything is read; single objects come
    through the resource's ``get_<thing>_for_user`` (``swvportal.core.access``).
    """

    capability: str = ""
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any):
        kwargs.pop("tenant_code", None)
        if not can(request.membership, self.capability):
            raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")
        return super().dispatch(request, *args, **kwargs)

    @property
    def tenant(self):
        return self.request.tenant

    @property
    def membership(self):
        return self.request.membership

    def can(self, capability: str, obj: Model | None = None) -> bool:
        return can(self.membership, capability, obj)
