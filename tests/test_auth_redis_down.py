"""With Redis (the cache) unreachable, logging in and password reset still work, and are still
limited. Rate-limit pages are Dutch. Issue #10, item 3.
"""

from __future__ import annotations

import time

import pytest
from django.core.cache import caches
from django.urls import reverse

PASSWORD = "correct-paard-batterij-niet"
HOME_A = "/VOA001/"
EMAIL = "toezicht@alfa.example"
DEAD_REDIS = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": "redis://127.0.0.1:1/0",
    "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
}


@pytest.fixture(autouse=True)
def _clean_caches(db):
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def cache_down(settings):
    """The default cache is django-redis on a port where nothing listens: Redis is down."""
    settings.CACHES = {**settings.CACHES, "default": DEAD_REDIS}
    yield
    for cache in caches.all():
        cache.close()


def _login(client, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": EMAIL, "password": password})


def test_it_logs_in_within_two_seconds_when_the_cache_is_unreachable(world, client, cache_down):
    started = time.monotonic()
    response = _login(client)
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:300]
    assert elapsed < 2.0
    assert client.get(HOME_A).status_code == 200


def test_it_sends_the_password_reset_mail_when_the_cache_is_unreachable(
    world, client, cache_down, mailoutbox
):
    response = client.post(reverse("account_reset_password"), {"email": EMAIL})
    assert response.status_code == 302
    assert len(mailoutbox) == 1


def test_it_still_limits_logins_when_the_cache_is_unreachable(world, client, cache_down, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "3/m/ip"}
    assert [_login(client).status_code for _ in range(3)] == [302] * 3
    assert _login(client).status_code == 429


def test_the_rate_limit_page_is_dutch(world, client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "1/m/ip"}
    _login(client, "verkeerd-wachtwoord")
    response = _login(client)
    body = response.content.decode()
    assert response.status_code == 429
    assert 'lang="nl"' in body and "Te veel pogingen" in body
    assert "Too Many Requests" not in body
