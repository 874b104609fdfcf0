"""The change and access log: who and when, per tenant, readable by the bestuurder only."""

from __future__ import annotations

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.test import RequestFactory
from django_scopes import scope

from swvportal.audit.models import AuditEntry
from swvportal.audit.services import log_read


def test_a_change_is_logged_with_who_and_which_tenant(world):
    user = world.user("bestuurder")
    with scope(tenant=world.tenant_a), set_actor(user):
        world.school_a1.name = "Alfa College Vernieuwd"
        world.school_a1.save()
    entry = AuditEntry.objects.filter(
        object_pk=str(world.school_a1.pk), action=LogEntry.Action.UPDATE
    ).latest("timestamp")
    assert entry.actor == user
    assert entry.tenant_id == world.tenant_a.pk
    assert entry.changes_dict["name"] == ["Alfa College", "Alfa College Vernieuwd"]


def test_a_membership_change_of_schools_is_logged(world):
    membership = world.members["zorgcoordinator"]
    with scope(tenant=world.tenant_a):
        membership.schools.add(world.school_a2)
    assert AuditEntry.objects.filter(object_pk=str(membership.pk), tenant=world.tenant_a).exists()


def test_log_read_records_one_access_entry(world):
    request = RequestFactory().get("/VOA001/scholen/11/")
    request.user = world.user("zorgcoordinator")
    request.resolver_match = None
    entry = log_read(request, world.school_a1, what="schooldetail", count=1)
    assert entry.action == LogEntry.Action.ACCESS
    assert entry.actor == request.user and entry.tenant_id == world.tenant_a.pk
    assert entry.additional_data == {
        "what": "schooldetail",
        "path": "/VOA001/scholen/11/",
        "count": 1,
    }


def test_the_log_page_shows_only_this_tenants_entries(world, login):
    with scope(tenant=world.tenant_b), set_actor(world.user("outsider")):
        world.school_b1.board = "Gewijzigd bestuur"
        world.school_b1.save()
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        world.school_a2.board = "Ander bestuur"
        world.school_a2.save()
    response = login(world.user("bestuurder")).get("/VOA001/logboek/")
    body = response.content.decode()
    assert "Ander bestuur" in body
    assert "Gewijzigd bestuur" not in body and "GEHEIM" not in body
