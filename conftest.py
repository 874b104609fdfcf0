"""Personas shared by every test (healthchecks' alice/bob/charlie, for SWV Portaal).

Tenant A (``VOA001``) with schools A1 and A2 and one member per role; tenant B (``VOB001``) with
school B1 and its own bestuurder: the outsider. Names of B's objects carry ``GEHEIM-B`` so a
test can see whether any of B's data leaked into a response.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from swvportal.accounts.models import Membership, Role
from swvportal.accounts.tests.factories import MembershipFactory, UserFactory
from swvportal.tenancy.models import School, Tenant
from swvportal.tenancy.tests.factories import SchoolFactory, TenantFactory

MARKER_B = "GEHEIM-B"


@dataclass
class World:
    tenant_a: Tenant
    tenant_b: Tenant
    school_a1: School
    school_a2: School
    school_b1: School
    members: dict[str, Membership]  # role → membership in A, plus "outsider" (bestuurder of B)

    def user(self, persona: str):
        return self.members[persona].user


@pytest.fixture
def world(db) -> World:
    with scopes_disabled():
        tenant_a = TenantFactory(code="VOA001", name="Samenwerkingsverband Alfa")
        tenant_b = TenantFactory(code="VOB001", name=f"Samenwerkingsverband {MARKER_B}")
        school_a1 = SchoolFactory(tenant=tenant_a, brin="11AA00", name="Alfa College")
        school_a2 = SchoolFactory(tenant=tenant_a, brin="11AB00", name="Alfa Lyceum")
        school_b1 = SchoolFactory(tenant=tenant_b, brin="22BB00", name=f"{MARKER_B} School")
        members = {
            role: MembershipFactory(
                tenant=tenant_a,
                role=role,
                user=UserFactory(email=f"{role}@alfa.example"),
                schools=[school_a1] if role == Role.ZORGCOORDINATOR else [],
            )
            for role in Role.values
        }
        members["outsider"] = MembershipFactory(
            tenant=tenant_b, role=Role.BESTUURDER, user=UserFactory(email="bestuurder@beta.example")
        )
    return World(tenant_a, tenant_b, school_a1, school_a2, school_b1, members)


@pytest.fixture
def login(client):
    """``login(user)`` → a client logged in as that user (the second factor counts as done)."""

    def _login(user) -> Client:
        client.force_login(user)
        return client

    return _login
