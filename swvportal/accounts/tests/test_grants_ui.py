"""The member page's "Extra bevoegdheden": the bestuurder gives one member a grantable
capability on top of their role (issue #16, point 6), and takes it back."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_scopes import scopes_disabled

from swvportal.accounts.models import Membership, Role
from swvportal.accounts.services import membership_grants_set
from swvportal.audit.models import AuditEntry

HANDLE = "steunpunt.handle_contacts"
A = "VOA001"


def grants_url(member: Membership) -> str:
    return reverse("accounts:member_grants", kwargs={"tenant_code": A, "member_id": member.pk})


def overview_url() -> str:
    return reverse("steunpunt:overview", kwargs={"tenant_code": A})


def reload(member: Membership) -> Membership:
    with scopes_disabled():
        return Membership.objects.get(pk=member.pk)


def test_the_page_lists_the_grantable_capabilities_as_checkboxes(world, login):
    loket = world.members[Role.LOKET]
    response = login(world.user("bestuurder")).get(grants_url(loket))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'type="checkbox"' in body and f'value="{HANDLE}"' in body
    assert "Het ouder- en jeugdsteunpunt bemensen" in body
    assert "tweede factor" in body
    # Not grantable: the settings stay the bestuurder's.
    assert 'value="steunpunt.change_settings"' not in body


def test_granting_handle_to_a_loket_member_opens_the_steunpunt_and_revoking_closes_it(world, login):
    loket = world.members[Role.LOKET]
    assert login(loket.user).get(overview_url()).status_code == 403

    bestuurder = login(world.user("bestuurder"))
    # What an ouder- en jeugdconsulent gets: staffing, which implies the overview it works from.
    response = bestuurder.post(grants_url(loket), {"capabilities": [HANDLE]}, follow=True)
    assert "De extra bevoegdheden van" in response.content.decode()
    assert reload(loket).extra_capabilities == [HANDLE]
    # The member list shows the marker.
    listing = bestuurder.get(reverse("accounts:member_list", kwargs={"tenant_code": A}))
    assert "extra: Het ouder- en jeugdsteunpunt bemensen" in listing.content.decode()

    assert login(loket.user).get(overview_url()).status_code == 200

    login(world.user("bestuurder")).post(grants_url(loket), {})
    assert reload(loket).extra_capabilities == []
    assert login(loket.user).get(overview_url()).status_code == 403


def test_a_granted_member_must_use_a_second_factor(world, login):
    loket = world.members[Role.LOKET]
    login(world.user("bestuurder")).post(grants_url(loket), {"capabilities": [HANDLE]})
    assert reload(loket).requires_mfa


def test_the_audit_log_holds_the_change(world, login):
    loket = world.members[Role.LOKET]
    login(world.user("bestuurder")).post(grants_url(loket), {"capabilities": [HANDLE]})
    with scopes_disabled():
        entries = AuditEntry.objects.filter(
            content_type__model="membership", object_pk=str(loket.pk)
        ).order_by("pk")
        last = entries.last()
    assert last is not None
    assert "extra_capabilities" in last.changes_dict
    assert last.actor_id == world.user("bestuurder").pk
    assert last.tenant_id == world.tenant_a.pk


@pytest.mark.parametrize("role", [Role.TOEZICHT, Role.INSPECTIE])
def test_granting_to_toezicht_or_the_inspectie_is_refused(world, login, role):
    member = world.members[role]
    client = login(world.user("bestuurder"))
    page = client.get(grants_url(member))
    assert page.status_code == 200
    assert "krijgen nooit extra bevoegdheden" in page.content.decode()
    assert 'name="capabilities"' not in page.content.decode()
    response = client.post(grants_url(member), {"capabilities": [HANDLE]})
    assert response.status_code == 400
    assert reload(member).extra_capabilities == []


@pytest.mark.parametrize("role", [Role.TOEZICHT, Role.INSPECTIE])
def test_the_service_refuses_toezicht_and_the_inspectie_in_dutch(world, role):
    with pytest.raises(ValidationError, match="krijgt nooit extra bevoegdheden"):
        membership_grants_set(world.members[role], [HANDLE])
    assert reload(world.members[role]).extra_capabilities == []


def test_the_service_refuses_a_capability_that_is_not_grantable(world):
    loket = world.members[Role.LOKET]
    with pytest.raises(ValidationError, match="kan niet aan dit lid worden gegeven"):
        membership_grants_set(loket, [HANDLE, "steunpunt.change_settings"])
    assert reload(loket).extra_capabilities == []


def test_a_posted_name_that_is_not_offered_is_refused_on_the_page(world, login):
    loket = world.members[Role.LOKET]
    response = login(world.user("bestuurder")).post(
        grants_url(loket), {"capabilities": ["finance.handle_vangnet"]}
    )
    assert response.status_code == 400
    assert "kan niet aan dit lid worden gegeven" in response.content.decode()
    assert reload(loket).extra_capabilities == []


@pytest.mark.parametrize("role", ["loket", "deskundige", "zorgcoordinator", "toezicht"])
def test_a_non_bestuurder_cannot_post_grants(world, login, role):
    loket = world.members[Role.LOKET]
    user = world.user(role)
    response = login(user).post(grants_url(loket), {"capabilities": [HANDLE]})
    assert response.status_code == 403
    assert reload(loket).extra_capabilities == []


def test_a_member_of_another_tenant_is_a_404(world, login):
    outsider = world.members["outsider"]
    response = login(world.user("bestuurder")).post(
        grants_url(outsider), {"capabilities": [HANDLE]}
    )
    assert response.status_code == 404
    assert reload(outsider).extra_capabilities == []


def test_the_bestuurder_has_nothing_extra_to_get(world, login):
    bestuurder = world.members[Role.BESTUURDER]
    page = login(bestuurder.user).get(grants_url(bestuurder)).content.decode()
    assert "niets extra te geven" in page


def test_the_member_list_stays_bounded(world, login, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from swvportal.accounts.tests.factories import MembershipFactory, UserFactory

    client = login(world.user("bestuurder"))
    url = reverse("accounts:member_list", kwargs={"tenant_code": A})
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    bound = len(captured.captured_queries)
    with scopes_disabled():
        for i in range(10):
            MembershipFactory(
                tenant=world.tenant_a,
                role=Role.LOKET,
                user=UserFactory(email=f"extra{i}@alfa.example"),
                extra_capabilities=[HANDLE],
            )
    with django_assert_max_num_queries(bound):
        assert "extra: " in client.get(url).content.decode()
