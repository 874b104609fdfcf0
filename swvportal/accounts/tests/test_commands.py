"""Onboarding by script: createtenant, adduser, seed_demo, totp_code."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scope, scopes_disabled

from swvportal.accounts.models import Membership, User
from swvportal.tenancy.models import School, Tenant


def _call(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_createtenant_normalises_the_code(db):
    assert "/VO31-02/" in _call("createtenant", "vo 31-02", "SWV Voorbeeld", "--sector", "vo")
    tenant = Tenant.objects.get(code="VO31-02")
    assert (tenant.name, tenant.sector) == ("SWV Voorbeeld", "VO")


@pytest.mark.parametrize(
    ("code", "message"),
    [("VOA001", "bestaat al"), ("1234", "twee letters"), ("V", "twee letters")],
)
def test_createtenant_refuses_bad_or_existing_codes(world, code, message):
    with pytest.raises(CommandError, match=message):
        _call("createtenant", code, "X", "--sector", "VO")


def test_adduser_creates_a_zorgcoordinator_for_named_schools(world, tmp_path):
    password = tmp_path / "pw"
    password.write_text("een-lang-en-sterk-wachtwoord\n")
    _call(
        "adduser",
        "Nieuw@Alfa.example",
        "--tenant",
        "VOA001",
        "--role",
        "zorgcoordinator",
        "--school",
        "11ab00",
        "--password-file",
        str(password),
    )
    user = User.objects.get(email="nieuw@alfa.example")
    assert user.check_password("een-lang-en-sterk-wachtwoord")
    with scope(tenant=world.tenant_a):
        membership = Membership.objects.get(user=user)
        assert [s.brin for s in membership.schools.all()] == ["11AB00"]


def test_adduser_gives_a_second_tenant_without_touching_the_first(world):
    _call("adduser", "bestuurder@beta.example", "--tenant", "VOA001", "--role", "toezicht")
    with scopes_disabled():
        roles = dict(
            Membership.objects.filter(user__email="bestuurder@beta.example").values_list(
                "tenant__code", "role"
            )
        )
    assert roles == {"VOA001": "toezicht", "VOB001": "bestuurder"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "zorgcoordinator"], "minstens één school"),
        (["--role", "zorgcoordinator", "--school", "22BB00"], "Onbekende school"),  # B's school
        (["--role", "toezicht", "--school", "11AA00"], "Alleen een zorgcoördinator"),
    ],
)
def test_adduser_refuses_inconsistent_requests_and_saves_nothing(world, args, message):
    with pytest.raises(CommandError, match=message):
        _call("adduser", "iemand@alfa.example", "--tenant", "VOA001", *args)
    assert not User.objects.filter(email="iemand@alfa.example").exists()


def test_adduser_refuses_a_weak_password(world, tmp_path):
    password = tmp_path / "pw"
    password.write_text("12345678")
    with pytest.raises(CommandError, match="Wachtwoord afgewezen"):
        _call(
            "adduser",
            "x@alfa.example",
            "--tenant",
            "VOA001",
            "--role",
            "inspectie",
            "--password-file",
            str(password),
        )


def test_seed_demo_is_idempotent_and_prints_the_logins(db):
    first = _call("seed_demo")
    second = _call("seed_demo")
    assert "bestuurder@refsvo.example" in first and "demo-wachtwoord-2026" in first
    assert first == second
    tenant = Tenant.objects.get(code="VO0001")
    assert tenant.is_demo
    with scope(tenant=tenant):
        assert School.objects.count() == 10 and all(s.is_demo for s in School.objects.all())
        assert Membership.objects.count() == 9  # two of them the Loket's deskundigen
    for email in (
        "bestuurder@refsvo.example",
        "loket@refsvo.example",
        "deskundige@refsvo.example",
        "zorg@refsvo.example",
    ):
        assert User.objects.get(email=email).authenticator_set.count() == 2  # TOTP + recovery
    assert not User.objects.get(email="opr@refsvo.example").authenticator_set.exists()


def test_totp_code_prints_a_code_that_logs_in(db, client):
    _call("seed_demo")
    code = _call("totp_code", "zorg@refsvo.example").split()[0]
    assert code.isdigit() and len(code) == 6
    client.post(
        "/accounts/login/", {"login": "zorg@refsvo.example", "password": "demo-wachtwoord-2026"}
    )
    client.post("/accounts/2fa/authenticate/", {"code": code})
    assert client.get("/VO0001/").status_code == 200


def test_totp_code_refuses_members_of_a_real_tenant(world):
    with pytest.raises(CommandError, match="Alleen voor demogebruikers"):
        _call("totp_code", "bestuurder@alfa.example")
