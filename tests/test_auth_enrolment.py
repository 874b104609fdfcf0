"""Setting up the second factor needs more than the password, and nobody adds e-mail addresses.

A password alone does not let anyone enrol a TOTP device: only the session in which the
password was set from the e-mailed reset link, or an administrator's one-time enrolment code.
Issue #10, item 11 (login parts).
"""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from swvportal.accounts.models import EnrolmentCode

PASSWORD = "correct-paard-batterij-niet"
NEW_PASSWORD = "een-heel-nieuw-wachtwoord-2026"
HOME_A = "/VOA001/"
EMAIL = "bestuurder@alfa.example"


@pytest.fixture(autouse=True)
def _clean_caches(db):
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def without_totp(world):
    """A bestuurder without TOTP, with the verified address that administrators give everyone."""
    user = world.user("bestuurder")
    Authenticator.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _password_login(client: Client, password: str = PASSWORD) -> None:
    """Log in, then confirm the password again as allauth asks before security settings change."""
    response = client.post(reverse("account_login"), {"login": EMAIL, "password": password})
    assert response.status_code == 302
    client.post(reverse("account_reauthenticate"), {"password": password})


def _code_for_session_secret(client: Client) -> str:
    secret = client.session[SECRET_SESSION_KEY]
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def _try_to_enrol(client: Client):
    client.get(reverse("mfa_activate_totp"))
    return client.post(reverse("mfa_activate_totp"), {"code": _code_for_session_secret(client)})


def _issue_code(email: str = EMAIL) -> str:
    out = StringIO()
    call_command("enrolment_code", email, stdout=out)
    return re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", out.getvalue()).group(1)


def test_it_refuses_totp_enrolment_after_a_login_with_the_password_only(without_totp, client):
    _password_login(client)
    page = client.get(reverse("mfa_activate_totp"))
    body = page.content.decode()
    assert "activeringscode" in body
    assert client.session[SECRET_SESSION_KEY] not in body
    _try_to_enrol(client)
    assert not Authenticator.objects.filter(user=without_totp).exists()


def test_it_allows_enrolment_in_the_session_that_set_the_password_from_the_mailed_link(
    without_totp, client, mailoutbox
):
    client.post(reverse("account_reset_password"), {"email": EMAIL})
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    _password_login(client, NEW_PASSWORD)
    _try_to_enrol(client)
    assert Authenticator.objects.filter(user=without_totp, type="totp").exists()


def test_a_password_reset_in_another_session_does_not_allow_enrolment(
    without_totp, client, mailoutbox
):
    other = Client()
    other.post(reverse("account_reset_password"), {"email": EMAIL})
    link = re.search(r"https?://[^/\s]+(/\S+)", mailoutbox[0].body).group(1)
    form_url = other.get(link)["Location"]
    other.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    _password_login(client, NEW_PASSWORD)
    _try_to_enrol(client)
    assert not Authenticator.objects.filter(user=without_totp).exists()


def test_it_allows_enrolment_with_an_administrators_one_time_code(without_totp, client):
    code = _issue_code()
    _password_login(client)
    client.post(reverse("mfa_activate_totp"), {"enrolment_code": code.lower()})
    _try_to_enrol(client)
    assert Authenticator.objects.filter(user=without_totp, type="totp").exists()


def test_it_refuses_an_enrolment_code_a_second_time(without_totp, client):
    code = _issue_code()
    _password_login(client)
    client.post(reverse("mfa_activate_totp"), {"enrolment_code": code})
    second = Client()
    _password_login(second)
    second.post(reverse("mfa_activate_totp"), {"enrolment_code": code})
    _try_to_enrol(second)
    assert not Authenticator.objects.filter(user=without_totp).exists()


def test_it_refuses_an_expired_enrolment_code(without_totp, client):
    code = _issue_code()
    EnrolmentCode.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    _password_login(client)
    client.post(reverse("mfa_activate_totp"), {"enrolment_code": code})
    _try_to_enrol(client)
    assert not Authenticator.objects.filter(user=without_totp).exists()


def test_it_refuses_another_users_enrolment_code(without_totp, client, world):
    code = _issue_code("loket@alfa.example")
    _password_login(client)
    client.post(reverse("mfa_activate_totp"), {"enrolment_code": code})
    _try_to_enrol(client)
    assert not Authenticator.objects.filter(user=without_totp).exists()


def test_wrong_enrolment_codes_count_towards_the_lockout(without_totp, client, settings):
    _password_login(client)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("mfa_activate_totp"), {"enrolment_code": "AAAA-AAAA"})
    response = Client().post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert response.status_code == 429


def test_the_enrolment_code_is_stored_hashed(without_totp):
    code = _issue_code()
    stored = EnrolmentCode.objects.get()
    assert code not in stored.code_hash and code.replace("-", "") not in stored.code_hash


def test_it_refuses_adding_a_second_email_address(world, login):
    user = world.user("toezicht")
    client = login(user)
    client.post(reverse("account_email"), {"action_add": "", "email": "ander@elders.example"})
    assert list(EmailAddress.objects.filter(user=user).values_list("email", flat=True)) == [
        user.email
    ]


def test_the_email_page_is_dutch_and_offers_no_way_to_add_an_address(world, login):
    body = login(world.user("toezicht")).get(reverse("account_email")).content.decode()
    assert 'lang="nl"' in body and "beheerder" in body
    assert 'name="action_add"' not in body
