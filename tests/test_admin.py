"""Platform administrators manage tenants and accounts in the admin, behind the second factor."""

from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from swvportal.accounts.models import User


@pytest.fixture
def platform_admin(db):
    user = User.objects.create_superuser("beheer@platform.example", "beheer-wachtwoord-lang")
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:tenancy_tenant_changelist",
        "admin:tenancy_school_changelist",
        "admin:accounts_membership_changelist",
        "admin:accounts_user_changelist",
    ],
)
def test_the_platform_admin_manages_tenants_and_accounts_across_tenants(
    world, platform_admin, login, url_name
):
    response = login(platform_admin).get(reverse(url_name))
    assert response.status_code == 200


def test_the_admin_edits_a_membership_across_the_scope(world, platform_admin, login):
    membership = world.members["zorgcoordinator"]
    url = reverse("admin:accounts_membership_change", args=[membership.pk])
    assert login(platform_admin).get(url).status_code == 200


def test_the_admin_requires_a_second_factor(world, login):
    user = User.objects.create_superuser("nieuw@platform.example", "beheer-wachtwoord-lang")
    response = login(user).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_the_admin_login_goes_through_the_portal_login(client, db):
    response = client.get(reverse("admin:login"))
    assert response["Location"].startswith(reverse("account_login"))


def test_a_platform_admin_without_membership_sees_no_tenant_pages(world, platform_admin, login):
    assert login(platform_admin).get("/VOA001/").status_code == 403


def test_tenant_members_do_not_get_into_the_admin(world, login):
    response = login(world.user("bestuurder")).get(reverse("admin:index"))
    assert response.status_code in (302, 403)
    assert "Platformbeheer" not in response.content.decode()
