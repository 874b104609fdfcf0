from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from swvportal.accounts.permissions import capabilities_of
from swvportal.accounts.selectors import memberships_of

from . import health
from .health import broker_state, database_state
from .mixins import TenantPageMixin


@login_required
def choose_tenant(request: HttpRequest) -> HttpResponse:
    """After login: straight into the only tenant, or a choice between several."""
    memberships = memberships_of(request.user)
    if len(memberships) == 1 and not request.GET.get("kiezen"):
        return redirect("core:tenant_home", tenant_code=memberships[0].tenant.code)
    return render(request, "core/choose_tenant.html", {"memberships": memberships})


class TenantHomeView(TenantPageMixin, TemplateView):
    capability = "portal.view_home"
    template_name = "core/tenant_home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            capabilities=capabilities_of(self.membership),
            other_memberships=[
                m for m in memberships_of(self.request.user) if m.tenant_id != self.tenant.pk
            ],
            **kwargs,
        )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON for load balancers and monitoring. 503 only when the database is gone: without a
    broker, pages still work and jobs wait for the sweeper."""
    database, broker = database_state(), broker_state()
    if database != health.OK:
        return JsonResponse({"status": "down", "database": database, "broker": broker}, status=503)
    status = "ok" if broker == health.OK else "degraded"
    return JsonResponse({"status": status, "database": database, "broker": broker})
