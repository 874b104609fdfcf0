"""Scoping fails closed: tenant data queried without an active tenant raises."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import ScopeError, scope

from swvportal.accounts.models import Membership
from swvportal.jobs.models import Job
from swvportal.tenancy.models import School


@pytest.mark.parametrize("model", [School, Membership, Job])
def test_an_unscoped_query_on_tenant_data_raises(world, model):
    with pytest.raises(ScopeError):
        list(model.objects.all())
    with pytest.raises(ScopeError):
        model.objects.count()
    with pytest.raises(ScopeError):
        model.objects.filter(pk=1).exists()


def test_a_scoped_query_returns_only_the_active_tenant(world):
    with scope(tenant=world.tenant_a):
        names = set(School.objects.values_list("name", flat=True))
        assert names == {"Alfa College", "Alfa Lyceum"}
        assert School.objects.filter(pk=world.school_b1.pk).first() is None


def test_a_related_manager_is_scoped_too(world):
    membership = world.members["zorgcoordinator"]
    with pytest.raises(ScopeError):
        list(membership.schools.all())


def test_a_task_without_a_scope_raises(world):
    from celery import shared_task

    @shared_task
    def count_schools():
        return School.objects.count()

    with pytest.raises(ScopeError):
        count_schools.apply().get()


def test_a_command_without_a_scope_raises(world):
    from django.core.management.base import BaseCommand

    class Forgetful(BaseCommand):
        def handle(self, *args, **options):
            return str(School.objects.count())

    with pytest.raises(ScopeError):
        call_command(Forgetful())
