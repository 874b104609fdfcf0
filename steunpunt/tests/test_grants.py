"""Capabilities given to one member on top of their role (``Capability.grantable``)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from swvportal.accounts.models import Role
from swvportal.accounts.permissions import can, capabilities_of, grantable_to, visible
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory

from ..models import Contact
from ..selectors import HANDLE
from .builders import a_consulent, a_contact


def test_a_granted_member_has_the_capability_and_the_objects(world):
    consulent = a_consulent(world)
    mine, other = a_contact(world.tenant_a), a_contact(world.tenant_b)
    assert can(consulent, HANDLE)
    assert can(consulent, HANDLE, mine)
    assert not can(consulent, HANDLE, other)
    with scopes_disabled():
        assert list(visible(Contact.objects.all(), consulent, HANDLE)) == [mine]
    assert HANDLE in {c.name for c in capabilities_of(consulent)}


def test_the_same_role_without_the_grant_has_nothing(world):
    with scopes_disabled():
        contact = a_contact(world.tenant_a)
        assert not can(world.members[Role.LOKET], HANDLE)
        assert not visible(Contact.objects.all(), world.members[Role.LOKET], HANDLE).exists()
        assert not can(world.members[Role.LOKET], HANDLE, contact)


@pytest.mark.parametrize("role", [Role.TOEZICHT, Role.INSPECTIE])
def test_toezicht_and_the_inspectie_are_never_granted_personal_data(world, role):
    with scopes_disabled():
        member = MembershipFactory(
            tenant=world.tenant_a,
            role=role,
            user=UserFactory(email=f"extra-{role}@alfa.example"),
            extra_capabilities=[HANDLE],
        )
    assert not can(member, HANDLE)
    assert grantable_to(member) == []


def test_a_capability_that_is_not_grantable_is_not_given_by_a_grant(world):
    consulent = a_consulent(world, grants=["steunpunt.change_settings", "finance.handle_vangnet"])
    assert not can(consulent, "steunpunt.change_settings")
    assert not can(consulent, "finance.handle_vangnet")


def test_a_grant_asks_for_a_second_factor(world):
    with scopes_disabled():
        plain = MembershipFactory(
            tenant=world.tenant_a, role=Role.TOEZICHT, user=UserFactory(email="t2@alfa.example")
        )
    assert not plain.requires_mfa
    assert a_consulent(world).requires_mfa


def test_what_may_be_granted_to_a_loket_member(world):
    names = {c.name for c in grantable_to(world.members[Role.LOKET])}
    assert names == {"steunpunt.handle_contacts"}
    # The bestuurder has them all already.
    assert grantable_to(world.members[Role.BESTUURDER]) == []


def test_staffing_the_steunpunt_implies_reading_its_overview_and_feedback(world):
    consulent = a_consulent(world, grants=[HANDLE])
    assert can(consulent, "steunpunt.view_trends")
    assert can(consulent, "steunpunt.view_feedback")
    assert not can(world.members[Role.LOKET], "steunpunt.view_trends")
