"""The platform's pupil records and retention registry, as this app fills and uses it.

``swvportal.core.pupils`` knows no domain model: referrals registers its two record types from
``ReferralsConfig.ready()``, and the retention run follows the registry. The cross-type rule: a
pupil keeps its number while any registered record of it, of any type, is within its term.
"""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.core.exceptions import ImproperlyConfigured
from django_scopes import scope

from referrals import services
from referrals.models import AbsenceRegistration, OppRegistration, Pupil, RegistrationSettings
from swvportal.core import pupils
from swvportal.core.pupils import PupilRecord, RetentionType, register_retention_type

from .factories import make_absence, make_closed_absence, make_opp

NUMBER = "2021-0042"
CLOSED = datetime.date(2023, 3, 15)  # the registration's term (2 years) ends 2025-03-15
OPP_LAST = datetime.date(2024, 2, 1)  # the OPP's last date (evaluated); its term ends 2026-02-01


@pytest.fixture
def in_a(world):
    with scope(tenant=world.tenant_a):
        yield world


def _pupil_with_a_registration_and_an_opp(school) -> Pupil:
    registration = make_closed_absence(
        school, pupil_number=NUMBER, start_date=datetime.date(2023, 1, 9), end_date=CLOSED
    )
    opp = make_opp(
        school,
        pupil_number=NUMBER,
        placement_date=datetime.date(2023, 1, 9),
        heard_on=datetime.date(2023, 1, 20),
        set_on=datetime.date(2023, 2, 1),
        parents_consent_on=datetime.date(2023, 2, 3),
        signed_on=datetime.date(2023, 2, 3),
        evaluation_due=datetime.date(2024, 2, 1),
        evaluated_on=OPP_LAST,
    )
    assert opp.pupil == registration.pupil
    return registration.pupil


def _number(pupil: Pupil) -> str:
    pupil.refresh_from_db()
    return pupil.pupil_number


def test_the_registry_holds_exactly_the_thuiszitter_registrations_and_the_opps(in_a):
    assert [kind.label for kind in pupils.retention_types()][:2] == [
        "referrals.AbsenceRegistration",
        "referrals.OppRegistration",
    ]
    # Both take the tenant's own term from its registration settings (the Loket's its own).
    RegistrationSettings.objects.create(tenant=in_a.tenant_a, retention_years=7)
    referrals = [k for k in pupils.retention_types() if k.label.startswith("referrals.")]
    assert [kind.term_years(in_a.tenant_a) for kind in referrals] == [7, 7, 2, 2]


def test_a_pupil_keeps_its_number_while_an_opp_is_within_its_term(in_a):
    pupil = _pupil_with_a_registration_and_an_opp(in_a.school_a1)
    # June 2025: the registration has expired, the OPP (last evaluated February 2024) has not.
    assert (
        services.registrations_anonymise(tenant=in_a.tenant_a, today=datetime.date(2025, 6, 15))
        == 1
    )
    assert [r.anonymised_at is not None for r in pupil.absences.all()] == [True]
    assert [o.anonymised_at is None for o in pupil.opps.all()] == [True]
    assert _number(pupil) == NUMBER
    # 2 February 2026: the OPP's term has passed too, and with it the number.
    assert (
        services.registrations_anonymise(tenant=in_a.tenant_a, today=datetime.date(2026, 2, 2)) == 1
    )
    assert pupil.opps.get().pupil_view == ""
    assert _number(pupil) == f"geanonimiseerd-{pupil.pk}"


def test_each_type_counts_its_own_term(in_a, monkeypatch):
    opps_five_years = RetentionType(model=OppRegistration, term_years=lambda tenant: 5)
    monkeypatch.setitem(pupils._types, "referrals.OppRegistration", opps_five_years)
    pupil = _pupil_with_a_registration_and_an_opp(in_a.school_a1)
    today = datetime.date(2026, 2, 2)  # past the OPP's two years, within its five
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == 1
    assert pupil.opps.get().anonymised_at is None
    assert _number(pupil) == NUMBER
    five_years = datetime.date(2029, 2, 1)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=five_years) == 0
    assert (
        services.registrations_anonymise(tenant=in_a.tenant_a, today=datetime.date(2029, 2, 2)) == 1
    )
    assert _number(pupil) == f"geanonimiseerd-{pupil.pk}"


def test_the_run_follows_the_registry_and_no_list_of_its_own(in_a, monkeypatch):
    # A registry without the OPPs (a copy: the real one keeps its order for the other tests).
    without = {k: v for k, v in pupils._types.items() if k != "referrals.OppRegistration"}
    monkeypatch.setattr(pupils, "_types", without)
    pupil = _pupil_with_a_registration_and_an_opp(in_a.school_a1)
    assert (
        services.registrations_anonymise(tenant=in_a.tenant_a, today=datetime.date(2030, 1, 1)) == 1
    )
    assert pupil.absences.get().anonymised_at is not None
    opp = pupil.opps.get()
    assert (opp.anonymised_at, opp.pupil_view) == (None, "Wil graag meer praktijkvakken.")


@pytest.mark.parametrize("model", [Pupil, PupilRecord, "referrals.OppRegistration"])
def test_only_a_concrete_pupil_record_can_be_registered(model):
    with pytest.raises(ImproperlyConfigured):
        register_retention_type(model, term_years=lambda tenant: 2)


# The run selects with ``retention_expired`` (one filter in the database); the rule it stands
# for is ``retention_starts_on`` (the latest date set). They must agree, NULLs included.
def test_the_expiry_filter_agrees_with_the_latest_date_of_each_record(in_a):
    dates = {
        "placement_date": datetime.date(2023, 1, 9),
        "set_on": None,
        "parents_consent_on": None,
        "heard_on": None,
        "heard_how": "",
        "pupil_view": "",
        "signed_on": None,
        "evaluation_due": None,
    }
    later = [datetime.date(2023, 6, 1), datetime.date(2024, 9, 1)]
    for set_on, evaluated_on in itertools.product([None, *later], [None, *later]):
        if set_on and evaluated_on and evaluated_on < set_on:
            continue  # the service refuses an evaluation before the OPP was set
        make_opp(in_a.school_a1, **{**dates, "set_on": set_on, "evaluated_on": evaluated_on})
    make_absence(in_a.school_a1, start_date=datetime.date(2023, 1, 9))  # open: never expires
    make_closed_absence(
        in_a.school_a1, start_date=datetime.date(2023, 1, 9), end_date=datetime.date(2023, 6, 1)
    )
    cutoffs = [datetime.date(2023, 1, 9), datetime.date(2023, 6, 2), datetime.date(2024, 9, 2)]
    sizes = {}
    for model, cutoff in itertools.product((OppRegistration, AbsenceRegistration), cutoffs):
        records = list(model.objects.all())
        selected = set(model.objects.filter(model.retention_expired(cutoff)))
        expected = {r for r in records if (r.retention_starts_on() or cutoff) < cutoff}
        assert selected == expected, (model, cutoff)
        sizes[model.__name__, cutoff.year, cutoff.month] = (len(selected), len(records))
    # Neither empty nor everything in between; the open registration is never selected.
    assert sizes == {
        ("OppRegistration", 2023, 1): (0, 8),
        ("OppRegistration", 2023, 6): (4, 8),
        ("OppRegistration", 2024, 9): (8, 8),
        ("AbsenceRegistration", 2023, 1): (0, 2),
        ("AbsenceRegistration", 2023, 6): (1, 2),
        ("AbsenceRegistration", 2024, 9): (1, 2),
    }
