"""The kwaliteitskalender in a member's own calendar: the page where they make or revoke their
secret address (``feed_manage``, ``feed_revoke``), and the address itself (``feed``, outside the
tenant's URLs: a calendar program fetches it without logging in)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.decorators.http import require_safe
from django_scopes import scope

from swvportal.core.mixins import TenantPageMixin

from ...models import CalendarFeed
from ..calendar_services import feed_create, feed_revoke, feed_touch
from ..feed import absolute_url, feed_for_token, feed_ics, feed_years

USE_FEED = "plans.use_calendar_feed"
TEMPLATES = "plans/jaarplan/calendar/"


def _manage_url(tenant) -> str:
    return reverse("jaarplan:feed_manage", kwargs={"tenant_code": tenant.code})


class FeedManageView(TenantPageMixin, View):
    """GET: whether this member has an address. POST: make a new one and show it, once."""

    capability = USE_FEED

    def _page(self, request: HttpRequest, *, address: str = "") -> HttpResponse:
        active = (
            CalendarFeed.objects.filter(
                tenant=self.tenant, user=request.user, revoked_at__isnull=True
            )
            .order_by("-created_at")
            .first()
        )
        years = feed_years()
        return render(
            request,
            TEMPLATES + "feed_manage.html",
            {
                "active": active,
                "address": address,
                "years": years,
                "calendar_url": reverse(
                    "jaarplan:calendar", kwargs={"tenant_code": self.tenant.code}
                ),
            },
        )

    def get(self, request: HttpRequest) -> HttpResponse:
        return self._page(request)

    def post(self, request: HttpRequest) -> HttpResponse:
        _feed, token = feed_create(tenant=self.tenant, user=request.user)
        address = absolute_url(reverse("agenda:feed", kwargs={"feed_token": token}))
        messages.success(
            request,
            "Uw agenda-adres is gemaakt. Kopieer het nu: het staat hieronder maar één keer.",
        )
        # Shown in this answer only (not after a redirect): the token is stored nowhere.
        return self._page(request, address=address)


class FeedRevokeView(TenantPageMixin, View):
    capability = USE_FEED

    def get(self, request: HttpRequest) -> HttpResponse:
        active = CalendarFeed.objects.filter(
            tenant=self.tenant, user=request.user, revoked_at__isnull=True
        ).exists()
        return render(
            request,
            TEMPLATES + "feed_revoke.html",
            {"active": active, "back_url": _manage_url(self.tenant)},
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        if feed_revoke(tenant=self.tenant, user=request.user):
            messages.success(
                request,
                "Uw agenda-adres is ingetrokken. Uw agenda haalt de kwaliteitskalender niet meer "
                "op; verwijder het abonnement ook in uw agenda.",
            )
        else:
            messages.info(request, "U had geen actief agenda-adres.")
        return redirect(_manage_url(self.tenant))


@require_safe
def feed(request: HttpRequest, feed_token: str) -> HttpResponse:
    """The .ics itself. Unknown, revoked, or no longer a member: a 404 that says nothing."""
    found = feed_for_token(feed_token, viewer=request.user)
    if found is None:
        raise Http404("Niet gevonden.")
    with scope(tenant=found.tenant):
        body = feed_ics(found)
        feed_touch(found)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kwaliteitskalender.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
