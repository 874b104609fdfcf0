"""Login, lockout, the second factor, and how unknown tenants and outsiders are answered."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.urls import reverse
from django.utils import timezone

PASSWORD = "correct-paard-batterij-niet"
HOME_A = "/VOA001/"


def _post_login(client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _current_code(user) -> str:
    device = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(device.data["secret"])
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def test_a_role_without_pupil_data_logs_in_with_a_password_alone(world, client):
    response = _post_login(client, "toezicht@alfa.example", PASSWORD)
    assert response.status_code == 302
    assert client.get(HOME_A).status_code == 200


def test_a_pupil_data_role_needs_the_second_factor_to_finish_logging_in(world, client):
    response = _post_login(client, "zorgcoordinator@alfa.example", PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")
    # Password alone is not a login: tenant pages still send the user to the login page.
    assert client.get(HOME_A)["Location"].startswith(reverse("account_login"))
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200 and "code" in wrong.context["form"].errors
    user = world.user("zorgcoordinator")
    client.post(reverse("mfa_authenticate"), {"code": _current_code(user)})
    assert client.get(HOME_A).status_code == 200


@pytest.mark.parametrize("role", ["bestuurder", "loket", "zorgcoordinator"])
def test_a_pupil_data_role_without_a_second_factor_must_set_one_up(world, login, role):
    user = world.user(role)
    Authenticator.objects.filter(user=user).delete()
    response = login(user).get(HOME_A)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_roles_without_pupil_data_do_not_need_a_second_factor(world, login, role):
    assert not Authenticator.objects.filter(user=world.user(role)).exists()
    assert login(world.user(role)).get(HOME_A).status_code == 200


def test_repeated_failures_lock_the_account_even_for_the_right_password(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _post_login(client, "toezicht@alfa.example", "verkeerd-wachtwoord")
    response = _post_login(client, "toezicht@alfa.example", PASSWORD)
    assert response.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in response.content.decode()
    assert client.get(HOME_A).status_code == 302  # not logged in


def test_failures_below_the_limit_do_not_lock(world, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _post_login(client, "toezicht@alfa.example", "verkeerd").status_code == 200
    assert _post_login(client, "toezicht@alfa.example", PASSWORD).status_code == 302


def test_the_login_page_is_dutch(client, db):
    body = client.get(reverse("account_login")).content.decode()
    assert 'lang="nl"' in body and "Inloggen" in body


def test_password_reset_sends_a_dutch_mail(world, client, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": "toezicht@alfa.example"})
    assert len(mailoutbox) == 1
    assert "wachtwoord" in mailoutbox[0].body.lower()


def test_an_unknown_tenant_code_is_a_dutch_404(world, login):
    response = login(world.user("bestuurder")).get("/VO9999/")
    assert response.status_code == 404
    assert "Dit samenwerkingsverband bestaat niet" in response.content.decode()


def test_a_tenant_without_membership_is_a_dutch_403(world, login):
    response = login(world.user("bestuurder")).get("/VOB001/")
    assert response.status_code == 403
    assert "U heeft geen toegang tot dit samenwerkingsverband" in response.content.decode()


def test_an_unknown_page_is_a_dutch_404(world, login):
    response = login(world.user("bestuurder")).get("/bestaat/niet/echt/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_a_person_in_two_tenants_chooses_and_switches(world, login):
    from django_scopes import scopes_disabled

    from swvportal.accounts.tests.factories import MembershipFactory

    user = world.user("toezicht")
    with scopes_disabled():
        MembershipFactory(user=user, tenant=world.tenant_b, role="inspectie")
    client = login(user)
    choice = client.get(reverse("core:choose_tenant"))
    assert choice.status_code == 200
    assert {m.tenant.code for m in choice.context["memberships"]} == {"VOA001", "VOB001"}
    assert client.get("/VOB001/").context["current_membership"].role == "inspectie"
    assert client.get(HOME_A).context["current_membership"].role == "toezicht"


def test_one_tenant_goes_straight_to_its_home(world, login):
    response = login(world.user("loket")).get(reverse("core:choose_tenant"))
    assert response["Location"] == HOME_A
