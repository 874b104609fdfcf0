"""Wrong second-factor codes (TOTP and recovery codes) are limited, counted with passwords, logged.

Every test goes through the real login: allauth's login and MFA views, axes' backend and
middleware. Issue #10, item 1.
"""

from __future__ import annotations

import pytest
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from swvportal.audit.models import AuditEntry

PASSWORD = "correct-paard-batterij-niet"
HOME_A = "/VOA001/"
EMAIL = "zorgcoordinator@alfa.example"


@pytest.fixture(autouse=True)
def _clean_caches(db):
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def checked_codes():
    """How many codes allauth actually compared against the user's authenticators and refused."""
    seen: list[str] = []

    def count(sender, user, **kwargs) -> None:
        seen.append(user.email)

    mfa_signals.authentication_failed.connect(count)
    yield seen
    mfa_signals.authentication_failed.disconnect(count)


def _current_code(user) -> str:
    device = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(device.data["secret"])
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def _wrong_codes(user, n: int) -> list[str]:
    right = _current_code(user)
    return [c for c in (f"{i:06d}" for i in range(n + 1)) if c != right][:n]


def _password_step(client: Client, email: str = EMAIL):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def _code_step(client: Client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def _logged_in(client: Client) -> bool:
    return client.get(HOME_A).status_code == 200


def test_it_refuses_wrong_codes_after_the_limit_and_the_right_code_during_the_cool_off(
    world, client, settings, checked_codes
):
    """The scripted attack: 50 wrong TOTP codes, then the right one."""
    user = world.user("zorgcoordinator")
    assert _password_step(client)["Location"] == reverse("mfa_authenticate")
    for code in _wrong_codes(user, 50):
        response = _code_step(client, code)
        assert response.status_code in (200, 302, 429)
    assert len(checked_codes) <= settings.AXES_FAILURE_LIMIT
    _code_step(client, _current_code(user))
    assert not _logged_in(client)
    # A new half-login with the right password and the right code does not get in either.
    fresh = Client()
    assert _password_step(fresh).status_code == 429
    _code_step(fresh, _current_code(user))
    assert not _logged_in(fresh)


def test_it_counts_wrong_codes_in_the_same_lockout_as_wrong_passwords(world, client, settings):
    user = world.user("zorgcoordinator")
    for _ in range(settings.AXES_FAILURE_LIMIT - 2):
        client.post(reverse("account_login"), {"login": EMAIL, "password": "verkeerd-wachtwoord"})
    _password_step(client)
    for code in _wrong_codes(user, 2):
        _code_step(client, code)
    response = _password_step(Client())
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()


def test_it_shows_the_lockout_page_when_the_code_limit_is_reached(world, client, settings):
    user = world.user("zorgcoordinator")
    _password_step(client)
    responses = [_code_step(client, c) for c in _wrong_codes(user, settings.AXES_FAILURE_LIMIT)]
    assert [r.status_code for r in responses[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert responses[-1].status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in responses[-1].content.decode()


def test_it_refuses_a_right_recovery_code_after_wrong_recovery_codes_locked_the_account(
    world, client, settings, checked_codes
):
    user = world.user("zorgcoordinator")
    recovery = RecoveryCodes.activate(user)
    _password_step(client)
    for i in range(settings.AXES_FAILURE_LIMIT + 10):
        _code_step(client, f"{10000000 + i}")
    assert len(checked_codes) <= settings.AXES_FAILURE_LIMIT
    _code_step(client, recovery.get_unused_codes()[0])
    assert not _logged_in(client)


def test_it_logs_each_wrong_code_in_the_audit_log(world, client, caplog):
    user = world.user("zorgcoordinator")
    _password_step(client)
    for code in _wrong_codes(user, 3):
        _code_step(client, code)
    entries = AuditEntry.objects.filter(object_pk=str(user.pk), additional_data__kind="mfa")
    assert entries.count() == 3
    assert all(e.additional_data["what"] == "Verkeerde code bij de tweede stap" for e in entries)
    assert caplog.text.count("Wrong second-factor code") == 3
    assert _current_code(user) not in caplog.text


def test_it_ends_the_half_login_after_the_limit_even_when_the_account_counter_was_reset(
    world, client, settings
):
    """The owner's correct login resets axes' counter; the attacker's half-login still ends."""
    user = world.user("zorgcoordinator")
    _password_step(client)
    for code in _wrong_codes(user, settings.AXES_FAILURE_LIMIT - 1):
        _code_step(client, code)
    owner = Client()
    _password_step(owner)
    _code_step(owner, _current_code(user))
    assert _logged_in(owner)
    _code_step(client, _wrong_codes(user, 1)[0])
    response = _code_step(client, _current_code(user))
    assert response["Location"] == reverse("account_login")
    assert not _logged_in(client)


def test_the_right_code_below_the_limit_still_logs_in(world, client, settings):
    user = world.user("zorgcoordinator")
    _password_step(client)
    for code in _wrong_codes(user, settings.AXES_FAILURE_LIMIT - 2):
        assert _code_step(client, code).status_code == 200
    _code_step(client, _current_code(user))
    assert _logged_in(client)
