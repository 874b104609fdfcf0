"""Object-level access: one rule per resource (a Q), the single-object check derived from it,
and one helper shape for every resource, ``get_<thing>_for_user(request, pk) -> (obj, can_write)``
with 404 for what the member may not see and 403 for read-only (``swvportal.core.access``)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from swvportal.accounts import permissions
from swvportal.accounts.object_rules import Where, q_matches
from swvportal.accounts.permissions import Capability, can, visible
from swvportal.jobs.models import Job
from swvportal.tenancy.models import School

B, L, Z, T, I = "bestuurder", "loket", "zorgcoordinator", "toezicht", "inspectie"  # noqa: E741
EVERYONE = (B, L, Z, T, I)


def _request(world, persona: str) -> SimpleNamespace:
    """What the helpers read of a request: the membership the middleware resolved."""
    return SimpleNamespace(membership=world.members[persona])


def _measurement(world, school: School | None):
    from monitoring.models import Measurement
    from monitoring.tests.factories import SCORE, make

    indicator = make(world.tenant_a, "Tevredenheid", **SCORE)
    with scopes_disabled():
        return Measurement.objects.create(
            tenant=world.tenant_a,
            indicator=indicator,
            peildatum=datetime.date(2025, 10, 1),
            school=school,
            status="behaald",
            computed_at=timezone.now(),
        )


# --- The mismatch that is gone -------------------------------------------------------------


def test_an_object_without_a_school_is_refused_by_can_and_visible_for_a_school_bound_role(world):
    """A school's part of a figure (a Measurement) may have no school: the tenant's figure.

    It used to pass ``can``'s object check for a zorgcoördinator while ``visible`` left it out
    of the list; now both refuse it, and the bestuurder still sees it.
    """
    from monitoring.models import Measurement

    without_school = _measurement(world, None)
    own_school = _measurement(world, world.school_a1)
    report = "monitoring.report_school"  # per school: B, Z
    zorg, bestuurder = world.members[Z], world.members[B]
    with scopes_disabled():
        listed = {
            persona: set(visible(Measurement.objects.all(), world.members[persona], report))
            for persona in (Z, B)
        }
    assert not can(zorg, report, without_school)
    assert without_school not in listed[Z]
    assert can(zorg, report, own_school) and own_school in listed[Z]
    assert can(bestuurder, report, without_school) and without_school in listed[B]


# --- One rule, two uses ----------------------------------------------------------------------


def test_the_single_object_check_needs_no_query_for_the_platform_shapes(
    world, django_assert_num_queries
):
    with scopes_disabled():
        own = Job.objects.create(tenant=world.tenant_a, kind="x", created_by=world.user(Z))
        other = Job.objects.create(tenant=world.tenant_a, kind="x", created_by=world.user(B))
    zorg = world.members[Z]
    with scopes_disabled():
        zorg.school_ids  # noqa: B018 - read once per request (cached), not per object
    with django_assert_num_queries(0):
        assert can(zorg, "jobs.view_job", own) and not can(zorg, "jobs.view_job", other)
        assert can(zorg, "referrals.view_pupil_records", world.school_a1)
        assert not can(zorg, "referrals.view_pupil_records", world.school_a2)
        assert not can(world.members["outsider"], "tenancy.view_schools", world.school_a1)


@pytest.fixture
def assigned(world, monkeypatch):
    """A throwaway row whose rule the old shorthands could not say: "assigned to this member",
    through a many-to-many (a zorgcoördinator's schools, as a deskundige's dossiers will be)."""
    cap = Capability.of(
        "test.view_assigned",
        "test",
        B,
        Z,
        rule=Where(lambda m: Q(memberships__user=m.user_id)),
    )
    monkeypatch.setitem(permissions.CAPABILITIES, cap.name, cap)
    permissions.RULES.add_rule(cap.name, permissions._rule_for(cap))
    yield cap.name
    permissions.RULES.remove_rule(cap.name)


def test_an_apps_own_rule_over_a_relation_is_one_filter_and_one_query_per_object(
    world, assigned, django_assert_num_queries
):
    with scopes_disabled():
        schools = list(School.objects.all())
        for persona in (Z, B):
            membership = world.members[persona]
            shown = set(visible(School.objects.all(), membership, assigned, school_field="pk"))
            # One exists() per object of the tenant; another tenant's fails in Python first.
            own_tenant = [s for s in schools if s.tenant_id == membership.tenant_id]
            with django_assert_num_queries(len(own_tenant)):
                allowed = {s for s in schools if can(membership, assigned, s)}
            assert shown == allowed
    assert shown == set()  # the bestuurder of A is assigned to no school
    assert {s.pk for s in schools if can(world.members[Z], assigned, s)} == {world.school_a1.pk}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        (Q(), True),
        (Q(school=None), True),
        (Q(school__in=[1, 2]), False),  # as in SQL: NULL is in no list
        (~Q(school__in=[1, 2]), True),
        (Q(tenant_id=7) | Q(school__in=[3]), True),
        (Q(tenant_id=8) & Q(created_by=5), False),
        (Q(tenant_id=7, created_by=5), True),
    ],
)
def test_a_q_is_evaluated_on_a_plain_object_as_the_database_would(q, expected):
    obj = SimpleNamespace(tenant_id=7, school_id=None, created_by_id=5)
    assert q_matches(obj, q) is expected


# --- One helper shape -------------------------------------------------------------------------


@pytest.fixture
def records(world):
    from referrals.tests.factories import make_absence, make_opp

    with scope(tenant=world.tenant_a):
        return {
            "own": make_absence(world.school_a1),
            "other": make_absence(world.school_a2),
            "opp": make_opp(world.school_a1),
        }


def test_pupil_records_are_404_outside_ones_schools_and_writable_inside(world, records):
    from referrals.access import (
        get_absence_for_user,
        get_absence_for_writing,
        get_opp_for_user,
        get_school_for_user,
    )

    zorg = _request(world, Z)
    with scope(tenant=world.tenant_a):
        assert get_absence_for_user(zorg, records["own"].pk) == (records["own"], True)
        assert get_opp_for_user(zorg, records["opp"].pk) == (records["opp"], True)
        assert get_absence_for_writing(zorg, records["own"].pk) == records["own"]
        for helper, pk in [
            (get_absence_for_user, records["other"].pk),
            (get_absence_for_writing, records["other"].pk),
            (get_opp_for_user, records["own"].pk + 999),
            (get_school_for_user, world.school_a2.pk),
        ]:
            with pytest.raises(Http404, match=r"^Niet gevonden\.$"):
                helper(zorg, pk)
        # The school is the zorgcoördinator's, but recording a conversation is the bestuurder's.
        assert get_school_for_user(zorg, world.school_a1.pk) == (world.school_a1, False)
        assert get_school_for_user(_request(world, B), world.school_a2.pk)[1] is True


def test_a_concept_plan_is_404_for_toezicht_and_read_only_is_403(world):
    from plans.access import get_plan_for_user, get_plan_for_writing
    from plans.tests.factories import make_plan

    concept = make_plan(world.tenant_a)
    adopted = make_plan(world.tenant_a, versie="3.0", status="vastgesteld")
    with scope(tenant=world.tenant_a):
        assert get_plan_for_user(_request(world, B), concept.pk) == (concept, True)
        assert get_plan_for_user(_request(world, T), adopted.pk) == (adopted, False)
        with pytest.raises(Http404, match="bestaat niet of u mag het niet inzien"):
            get_plan_for_user(_request(world, T), concept.pk)
        with pytest.raises(PermissionDenied, match="Alleen de bestuurder"):
            get_plan_for_writing(_request(world, L), concept.pk)
    with scope(tenant=world.tenant_b), pytest.raises(Http404):
        get_plan_for_user(_request(world, "outsider"), adopted.pk)


def test_someone_elses_job_is_404_and_retry_needs_the_kinds_capability(world):
    from swvportal.jobs.access import get_job_for_retry, get_job_for_user

    with scopes_disabled():
        own = Job.objects.create(tenant=world.tenant_a, kind="x", created_by=world.user(T))
    with scope(tenant=world.tenant_a):
        assert get_job_for_user(_request(world, T), own.pk) == (own, True)
        assert get_job_for_user(_request(world, B), own.pk) == (own, True)
        for persona in (L, Z, I):
            with pytest.raises(Http404):
                get_job_for_user(_request(world, persona), own.pk)
        assert get_job_for_retry(_request(world, T), own.pk) == own


def test_an_indicator_is_read_by_the_dashboard_roles_and_changed_by_the_bestuurder(world):
    from monitoring.access import get_indicator_for_user, get_indicator_for_writing
    from monitoring.tests.factories import SCORE, make

    indicator = make(world.tenant_a, "Tevredenheid", **SCORE)
    with scope(tenant=world.tenant_a):
        assert get_indicator_for_user(_request(world, B), indicator.pk) == (indicator, True)
        assert get_indicator_for_user(_request(world, I), indicator.pk) == (indicator, False)
        with pytest.raises(PermissionDenied):
            get_indicator_for_writing(_request(world, T), indicator.pk)
        with pytest.raises(Http404):
            get_indicator_for_user(_request(world, Z), indicator.pk)


@pytest.mark.parametrize("persona", EVERYONE)
def test_every_helper_answers_obj_and_can_write(world, persona):
    """The shape, for the helpers whose resource every role may open (schools, own job)."""
    from monitoring.access import get_report_school_for_user
    from swvportal.jobs.access import get_job_for_user
    from swvportal.tenancy.access import get_school_for_user

    with scopes_disabled():
        job = Job.objects.create(tenant=world.tenant_a, kind="x", created_by=world.user(persona))

    request = _request(world, persona)
    with scope(tenant=world.tenant_a):
        assert get_school_for_user(request, world.school_a1.pk) == (world.school_a1, False)
        assert get_job_for_user(request, job.pk)[0] == job
        if persona in (B, Z):
            assert get_report_school_for_user(request, world.school_a1.pk) == (
                world.school_a1,
                True,
            )
        else:
            with pytest.raises(Http404):
                get_report_school_for_user(request, world.school_a1.pk)
