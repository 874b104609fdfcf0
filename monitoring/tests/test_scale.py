"""The scale data generator (``manage.py generate_scale_data``) and the bench's pure helpers."""

from __future__ import annotations

import importlib.util
import io
import itertools
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from referrals.models import AbsenceRegistration, OppRegistration, Pupil
from swvportal.tenancy.models import BRIN_RE, School, SchoolKind
from swvportal.tenancy.tests.factories import SchoolFactory, TenantFactory
from tools.scale import REFERENCE_DATE, scale_tenants

PREFIX = "ST"
TINY = {"tenants": 2, "schools": 3, "years": 2, "workers": 1, "prefix": PREFIX}


def generate(**options) -> None:
    call_command("generate_scale_data", **{**TINY, **options}, stdout=io.StringIO())


def fingerprint() -> dict[str, int]:
    """Counts and sums of dates: equal for two runs exactly when the data is (almost surely)."""
    with scopes_disabled():
        absences = AbsenceRegistration.objects.filter(tenant__in=scale_tenants(PREFIX))
        opps = OppRegistration.objects.filter(tenant__in=scale_tenants(PREFIX))
        return {
            "pupils": Pupil.objects.filter(tenant__in=scale_tenants(PREFIX)).count(),
            "absences": absences.count(),
            "open": absences.filter(end_date__isnull=True).count(),
            "opps": opps.count(),
            "absence_days": sum(
                a.start_date.toordinal() + (a.end_date or REFERENCE_DATE).toordinal()
                for a in absences
            ),
            "opp_days": sum(
                o.placement_date.toordinal() + (o.set_on or REFERENCE_DATE).toordinal()
                for o in opps
            ),
            "signed": opps.filter(signed_on__isnull=False).count(),
        }


@pytest.mark.django_db
def test_it_generates_tenants_schools_and_records_that_obey_the_registration_rules():
    generate()
    with scopes_disabled():
        tenants = list(scale_tenants(PREFIX))
        assert [t.code for t in tenants] == ["ST0001", "ST0002"]
        schools = School.objects.filter(tenant__in=tenants)
        assert schools.count() == 6 and all(s.is_demo for s in schools)
        assert all(BRIN_RE.match(s.brin) and len(s.brin) == 6 for s in schools)
        assert {s.kind for s in schools} <= set(SchoolKind.values)
        absences = list(
            AbsenceRegistration.objects.filter(tenant__in=tenants).order_by("pupil", "start_date")
        )
        opps = list(OppRegistration.objects.filter(tenant__in=tenants))
    assert absences and opps
    for pupil, periods in itertools.groupby(absences, key=lambda a: a.pupil_id):
        periods = list(periods)
        assert sum(1 for a in periods if a.end_date is None) <= 1, pupil
        for earlier, later in itertools.pairwise(periods):
            assert earlier.end_date is not None and earlier.end_date < later.start_date, pupil
    for absence in absences:
        assert absence.start_date <= (absence.end_date or REFERENCE_DATE) <= REFERENCE_DATE
        assert bool(absence.end_date) == bool(absence.outcome)
        assert absence.school_id == absence.pupil.school_id
    for opp in opps:
        assert opp.placement_date <= REFERENCE_DATE
        assert not opp.signed_on or (opp.set_on and opp.set_on <= opp.signed_on <= REFERENCE_DATE)
        assert not opp.evaluated_on or opp.set_on < opp.evaluated_on <= REFERENCE_DATE
        assert bool(opp.heard_on) == bool(opp.heard_how)
        assert not opp.pupil_view or opp.heard_on


@pytest.mark.django_db
def test_the_same_seed_gives_the_same_data_and_replace_removes_the_earlier_tenants():
    generate(seed=7)
    first = fingerprint()
    with scopes_disabled():
        earlier_ids = set(scale_tenants(PREFIX).values_list("pk", flat=True))
    generate(seed=7, replace=True)
    assert fingerprint() == first
    with scopes_disabled():
        assert not earlier_ids & set(scale_tenants(PREFIX).values_list("pk", flat=True))
        assert scale_tenants(PREFIX).count() == 2
    generate(seed=8, replace=True)
    assert fingerprint() != first


@pytest.mark.django_db
def test_it_refuses_to_overwrite_without_replace_and_never_deletes_a_real_tenant():
    with scopes_disabled():
        real = TenantFactory(code="ST0003", name="Echt samenwerkingsverband")
        SchoolFactory(tenant=real)
    generate()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    with pytest.raises(CommandError, match="ST0003 bestaat al"):
        generate(tenants=3, replace=True)
    with scopes_disabled():
        assert School.objects.filter(tenant=real).count() == 1


def _bench_module():
    path = Path(__file__).resolve().parents[2] / "tools" / "bench.py"
    spec = importlib.util.spec_from_file_location("bench", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("values", "share", "expected"),
    [
        ([5.0], 50, 5.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([4.0, 1.0, 3.0, 2.0], 50, 2.5),
        ([float(n) for n in range(1, 101)], 95, 95.05),
        ([1.0, 2.0], 100, 2.0),
        ([1.0, 2.0], 0, 1.0),
    ],
)
def test_the_bench_percentile_interpolates_between_the_nearest_ranks(values, share, expected):
    assert _bench_module().percentile(values, share) == pytest.approx(expected)


def test_the_bench_percentile_of_nothing_is_none():
    assert _bench_module().percentile([], 50) is None
