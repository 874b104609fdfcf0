"""The audit log records the client's address as the trusted proxy saw it, never one the client
wrote into ``X-Forwarded-For`` itself."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django_scopes import scopes_disabled

from swvportal.audit.middleware import PortalAuditlogMiddleware
from swvportal.audit.models import AuditEntry

FORGED = "6.6.6.6"
SEEN_BY_PROXY = "203.0.113.7"
PROXY = "10.0.0.2"


@pytest.mark.parametrize(("proxies", "expected"), [(1, SEEN_BY_PROXY), (0, PROXY)])
def test_a_read_is_logged_with_the_address_the_trusted_proxy_saw(
    world, login, settings, proxies, expected
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    client = login(world.user("bestuurder"))
    response = client.get(
        "/VOA001/leerlingen/scholen/",
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"{FORGED}, {SEEN_BY_PROXY}",
    )
    assert response.status_code == 200
    with scopes_disabled():
        entry = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS).latest("pk")
    assert entry.remote_addr == expected


@pytest.mark.parametrize(("proxies", "expected"), [(1, SEEN_BY_PROXY), (0, PROXY)])
def test_changes_are_logged_with_the_address_the_trusted_proxy_saw(settings, proxies, expected):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get(
        "/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{FORGED}, {SEEN_BY_PROXY}"
    )
    assert PortalAuditlogMiddleware(lambda r: None).get_extra_data(request)["remote_addr"] == (
        expected
    )
