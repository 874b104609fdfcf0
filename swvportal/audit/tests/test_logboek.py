"""The logboek speaks the users' language: Dutch names of what changed, field names by their
verbose names, values as users know them and times in Europe/Amsterdam (issue #11, defect 9)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from auditlog.context import set_actor
from django.utils import timezone
from django_scopes import scope

from monitoring.models import MonitoringSettings, SwvEntry
from monitoring.tests.factories import SCORE, make, thuiszitter
from plans.models import ApprovalStep, Plan
from referrals.models import AbsenceRegistration, RegistrationSettings
from swvportal.audit.models import AuditEntry
from swvportal.audit.tables import AuditEntryTable

LOGBOEK = "/VOA001/logboek/"


def _logboek(world, login) -> str:
    response = login(world.user("bestuurder")).get(LOGBOEK)
    assert response.status_code == 200
    return response.content.decode()


def test_it_names_an_swv_entry_and_its_indicator_instead_of_ids(world, login):
    indicator = make(world.tenant_a, "Tevredenheid van ouders", **SCORE)
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        entry = SwvEntry.objects.create(
            tenant=world.tenant_a, indicator=indicator, school_year=2026, value=Decimal("7.5")
        )
    body = _logboek(world, login)
    assert f"object ({entry.pk})" not in body
    assert "Invoer 2026-2027: Tevredenheid van ouders" in body
    assert f"indicator: {indicator.pk}" not in body
    assert "indicator: Tevredenheid van ouders" in body
    assert "schooljaar: 2026-2027" in body
    assert "waarde: 7,5" in body


def test_it_shows_a_changed_time_in_local_time_without_microseconds(world, login):
    indicator = make(world.tenant_a, "Netwerkgroepen", **SCORE)
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        entry = SwvEntry.objects.create(
            tenant=world.tenant_a, indicator=indicator, school_year=2026, value=3
        )
    local = timezone.localtime(entry.entered_at)
    body = _logboek(world, login)
    assert f"ingevoerd op: {local:%d-%m-%Y %H:%M}" in body
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", body)


def test_it_shows_peildata_as_dates_not_as_lists(world, login):
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        MonitoringSettings.objects.create(
            tenant=world.tenant_a, peildata_twice=[[10, 1], [3, 1]], peildata_yearly=[[10, 1]]
        )
    body = _logboek(world, login)
    assert "MonitoringSettings object" not in body
    assert "[[10, 1]]" not in body and "[[10, 1], [3, 1]]" not in body
    assert "peildata bij 2x per jaar: 1 oktober en 1 maart" in body
    assert "peildatum bij jaarlijks: 1 oktober" in body


def test_it_shows_choices_by_their_label_and_dates_as_dd_mm_jjjj(world, login):
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        plan = Plan.objects.create(
            tenant=world.tenant_a, title="Ondersteuningsplan", period_start=2026
        )
        step = ApprovalStep.objects.create(
            tenant=world.tenant_a,
            plan=plan,
            body="opr",
            kind="instemming",
            date=datetime.date(2026, 3, 9),
            outcome="positief",
        )
    body = _logboek(world, login)
    assert f"datum: {step.date:%d-%m-%Y}" in body and "2026-03-09" not in body
    assert f"orgaan: {step.get_body_display()}" in body
    assert f"uitkomst: {step.get_outcome_display()}" in body


def test_it_shows_a_role_change_by_its_label(world, login):
    membership = world.members["loket"]
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        membership.role = "zorgcoordinator"
        membership.save()
    body = _logboek(world, login)
    assert "Loket → Zorgcoördinator" in body


def test_it_shows_which_schools_were_added_to_a_membership(world, login):
    membership = world.members["zorgcoordinator"]
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        membership.schools.add(world.school_a2)
    body = _logboek(world, login)
    assert "toegevoegd: Alfa Lyceum" in body


def test_a_change_of_a_memberships_schools_is_logged_in_the_tenants_log(world):
    membership = world.members["zorgcoordinator"]
    with scope(tenant=world.tenant_a):
        membership.schools.add(world.school_a2)
    entry = AuditEntry.objects.filter(object_pk=str(membership.pk)).latest("pk")
    assert entry.changes_dict["schools"]["operation"] == "add"
    assert entry.tenant_id == world.tenant_a.pk


def test_it_names_the_required_fields_of_registrations_by_their_labels(world, login):
    with scope(tenant=world.tenant_a), set_actor(world.user("bestuurder")):
        RegistrationSettings.objects.create(
            tenant=world.tenant_a, required_fields=["reason_category", "plan"]
        )
    body = _logboek(world, login)
    assert "reason_category" not in body
    assert "verplichte velden voor volledigheid: reden, plan van aanpak" in body


def test_a_records_own_log_shows_partners_by_their_labels(world):
    with scope(tenant=world.tenant_a), set_actor(world.user("zorgcoordinator")):
        thuiszitter(world.school_a1)
        absence = AbsenceRegistration.objects.get(school=world.school_a1)
        entry = AuditEntry.objects.get_for_object(absence).get()
        cell = AuditEntryTable([entry], reveal_sensitive=True).render_changes(
            entry.changes_dict, entry
        )
    assert "betrokken partners: Leerplicht" in cell and "leerplicht" not in cell
    assert "leerling: Leerling S-" in cell
