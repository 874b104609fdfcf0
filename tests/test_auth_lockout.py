"""Lockout per account from any address, a separate limit per address, the client address
taken from trusted proxies only, and a cool-off that grows. Issue #10, item 2.

Through the real login: allauth's views, axes' backend, handler and middleware.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

PASSWORD = "correct-paard-batterij-niet"
HOME_A = "/VOA001/"
EMAIL = "toezicht@alfa.example"


@pytest.fixture(autouse=True)
def _clean_caches(db):
    for cache in caches.all():
        cache.clear()


def _login(client: Client, email: str, password: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, **extra)


def test_it_locks_the_account_after_five_wrong_passwords_from_five_addresses(
    world, client, settings
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(Client(), EMAIL, "verkeerd-wachtwoord", REMOTE_ADDR=f"198.51.100.{n + 1}")
    response = _login(client, EMAIL, PASSWORD, REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(HOME_A).status_code == 302


def test_it_takes_the_client_address_from_the_trusted_proxy(world, client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client itself may send any X-Forwarded-For; our proxy appends the address it saw.
    _login(
        client,
        EMAIL,
        "verkeerd-wachtwoord",
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7",
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]


def test_it_ignores_forwarded_for_without_a_trusted_proxy(world, client, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _login(
        client, EMAIL, "verkeerd-wachtwoord", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6"
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.2"]


def test_it_lets_a_shared_school_address_log_in_more_than_thirty_times_a_minute(world, client):
    for _ in range(40):
        assert _login(client, EMAIL, PASSWORD, REMOTE_ADDR="192.0.2.10").status_code == 302
        client.logout()


def test_it_refuses_an_address_after_many_failures_for_different_accounts(world, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    school = "192.0.2.20"
    for role in ("bestuurder", "loket", "zorgcoordinator", "inspectie"):
        for _ in range(2):
            _login(Client(), f"{role}@alfa.example", "verkeerd-wachtwoord", REMOTE_ADDR=school)
    assert _login(Client(), EMAIL, PASSWORD, REMOTE_ADDR=school).status_code == 429
    # The account itself is not locked: from another address it logs in.
    assert _login(Client(), EMAIL, PASSWORD, REMOTE_ADDR="192.0.2.21").status_code == 302


def test_failures_below_the_address_limit_do_not_refuse_the_address(world, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 8
    school = "192.0.2.30"
    for role in ("bestuurder", "loket", "zorgcoordinator"):
        for _ in range(2):
            _login(Client(), f"{role}@alfa.example", "verkeerd-wachtwoord", REMOTE_ADDR=school)
    assert _login(Client(), EMAIL, PASSWORD, REMOTE_ADDR=school).status_code == 302


def _age_failures(by: timedelta) -> None:
    """As if the failures happened ``by`` earlier."""
    for attempt in AccessAttempt.objects.select_related("expiration"):
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])
        attempt.expiration.expires_at -= by
        attempt.expiration.save(update_fields=["expires_at"])


@pytest.mark.parametrize(("rounds", "locked"), [(1, False), (2, True)])
def test_the_cool_off_grows_when_the_failures_go_on(world, client, settings, rounds, locked):
    """One round of failures cools off after the base time; a second round doubles it."""
    for _ in range(rounds * settings.AXES_FAILURE_LIMIT):
        _login(Client(), EMAIL, "verkeerd-wachtwoord")
    _age_failures(timedelta(hours=settings.AXES_COOLOFF_HOURS * 1.5))
    response = _login(client, EMAIL, PASSWORD)
    assert response.status_code == (429 if locked else 302)
