"""What every tenant page view inherits: the capability check and the tenant in context."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from swvportal.accounts.permissions import can, visible


class TenantPageMixin:
    """A page under ``/<tenant_code>/``. Set ``capability``; the middleware has opened the scope.

    A role without ``capability`` gets a 403 before anything is read.
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


def get_visible_or_404(
    request: HttpRequest, queryset: QuerySet, pk: int, capability: str, **visible_kwargs: Any
) -> Model:
    """One object the member may see under ``capability``, else 404 (see the 404/403 rule)."""
    obj = visible(queryset, request.membership, capability, **visible_kwargs).filter(pk=pk).first()
    if obj is None:
        raise Http404("Niet gevonden.")
    return obj
