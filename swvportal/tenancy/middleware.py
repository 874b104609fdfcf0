"""Resolve the tenant of a request before the view runs, and open its scope.

The rules, written down once (views rely on them):

* A URL under ``/<tenant_code>/`` needs a logged-in user: anonymous requests go to the login page.
* A *public* page of a tenant names it ``<public_tenant_code>`` instead (the steunpunt's form for
  parents): no login, no membership; an unknown code is a 404; the view runs in the tenant's scope
  with ``request.membership`` None. Such a page is public by its URL, so the crawls see it.
* An unknown tenant code is a 404; a known tenant without a membership of this user is a 403.
* A member whose role sees pupil data must have a second factor before entering (domain.md §2).
* Inside the tenant, an object of another tenant is a 404 (scoped managers cannot find it); the
  rest of the 404-versus-403 rule is written down once, in ``swvportal.core.access``.
* The admin (platform administrators only, with a second factor) runs without a tenant scope:
  it manages tenants and accounts, and pupil-data models are never registered there.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_scopes import scope, scopes_disabled

from swvportal.accounts.selectors import membership_for

from .models import Tenant

# The URL parameter of a tenant's public pages (no login): see the module's docstring.
PUBLIC_TENANT_PARAM = "public_tenant_code"


class TenantMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.tenant = None
        request.membership = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        if match is not None and "tenant_code" in match.kwargs:
            return self._tenant_request(request, match.kwargs["tenant_code"])
        if match is not None and PUBLIC_TENANT_PARAM in match.kwargs:
            return self._public_request(request, match.kwargs[PUBLIC_TENANT_PARAM])
        if request.path_info.startswith("/admin/") and request.user.is_staff:
            if not request.user.has_mfa:
                return redirect(self._mfa_setup_url(request))
            with scopes_disabled():
                return self.get_response(request)
        return self.get_response(request)

    def _tenant_request(self, request: HttpRequest, code: str) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
        tenant = Tenant.objects.filter(code=code).first()
        if tenant is None:
            return self._error(request, Http404("Dit samenwerkingsverband bestaat niet."))
        membership = membership_for(request.user, tenant)
        if membership is None:
            return self._error(
                request, PermissionDenied("U heeft geen toegang tot dit samenwerkingsverband.")
            )
        if membership.requires_mfa and not request.user.has_mfa:
            return redirect(self._mfa_setup_url(request))
        request.tenant = tenant
        request.membership = membership
        with scope(tenant=tenant):
            return self.get_response(request)

    def _public_request(self, request: HttpRequest, code: str) -> HttpResponse:
        tenant = Tenant.objects.filter(code=code).first()
        if tenant is None:
            return self._error(request, Http404("Dit samenwerkingsverband bestaat niet."))
        request.tenant = tenant
        with scope(tenant=tenant):
            return self.get_response(request)

    def _mfa_setup_url(self, request: HttpRequest) -> str:
        return f"{reverse('mfa_activate_totp')}?{urlencode({'next': request.get_full_path()})}"

    def _error(self, request: HttpRequest, exc: Exception) -> HttpResponse:
        from django.core.handlers.exception import response_for_exception

        return response_for_exception(request, exc)
