"""Retention (domain.md §11): closed registrations are anonymised after the tenant's period.

Time travel: ``registrations_anonymise(today=...)`` for the service, a patched
``django.utils.timezone.localdate`` for the nightly Celery task. Registrations are made with
fixed dates in the past, so "today" can be put anywhere after them.
"""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
from django.db.models import Count
from django_scopes import scope, scopes_disabled

from referrals import services
from referrals.models import (
    AbsenceKind,
    AbsenceRegistration,
    OppRegistration,
    Pupil,
    RegistrationSettings,
)
from referrals.selectors import school_overview
from swvportal.core.tasks import anonymise_expired_pupil_records

from .factories import make_absence, make_closed_absence, make_opp

START = datetime.date(2023, 1, 9)
END = datetime.date(2023, 3, 15)  # closed on this day; 2 years later is 2025-03-15


def years_later(day: datetime.date, years: int, days: int = 0) -> datetime.date:
    return day.replace(year=day.year + years) + datetime.timedelta(days=days)


def rows(tenant) -> dict[int, dict]:
    """Every field of every registration and pupil of the tenant, to compare before and after."""
    with scopes_disabled():
        return {
            "absences": {
                r["id"]: r for r in AbsenceRegistration.objects.filter(tenant=tenant).values()
            },
            "pupils": {p["id"]: p for p in Pupil.objects.filter(tenant=tenant).values()},
            "opps": {o["id"]: o for o in OppRegistration.objects.filter(tenant=tenant).values()},
        }


@pytest.fixture
def in_a(world):
    with scope(tenant=world.tenant_a):
        yield world


def closed(school, end=END, start=START, **overrides) -> AbsenceRegistration:
    return make_closed_absence(school, start_date=start, end_date=end, **overrides)


# --- The period ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "anonymised"),
    [
        (years_later(END, 2, +1), True),  # 2 years + 1 day
        (years_later(END, 2), False),  # exactly 2 years: still within the period
        (years_later(END, 2, -1), False),  # 2 years − 1 day
        (years_later(END, 1), False),
        (years_later(END, 10), True),
    ],
)
def test_closed_registrations_expire_after_two_years(in_a, today, anonymised):
    registration = closed(in_a.school_a1)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == int(anonymised)
    registration.refresh_from_db()
    assert (registration.anonymised_at is not None) is anonymised
    assert registration.plan == (
        "" if anonymised else "Gefaseerde terugkeer met begeleiding van de mentor."
    )


@pytest.mark.parametrize(
    ("end", "anonymised"),
    [
        (datetime.date(2026, 2, 27), True),
        (datetime.date(2026, 2, 28), False),  # on 29 February, two years back is 28 February
    ],
)
def test_a_leap_day_counts_back_to_28_february(in_a, end, anonymised):
    registration = closed(in_a.school_a1, start=datetime.date(2026, 1, 5), end=end)
    leap_day = datetime.date(2028, 2, 29)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=leap_day) == anonymised
    registration.refresh_from_db()
    assert (registration.anonymised_at is not None) is anonymised


@pytest.mark.parametrize("kind", AbsenceKind.values)
def test_open_registrations_are_never_anonymised(in_a, kind):
    registration = make_absence(in_a.school_a1, kind=kind, start_date=datetime.date(2020, 9, 1))
    before = rows(in_a.tenant_a)
    for years in (2, 5, 20):
        today = years_later(datetime.date(2026, 9, 1), years)
        assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == 0
    assert rows(in_a.tenant_a) == before
    registration.refresh_from_db()
    assert (registration.anonymised_at, registration.pupil.pupil_number) == (
        None,
        before["pupils"][registration.pupil_id]["pupil_number"],
    )


def test_a_tenant_with_five_years_keeps_them_longer(in_a):
    RegistrationSettings.objects.create(tenant=in_a.tenant_a, retention_years=5)
    registration = closed(in_a.school_a1)
    for today, expected in [
        (years_later(END, 2, +1), 0),
        (years_later(END, 5), 0),
        (years_later(END, 5, +1), 1),
    ]:
        assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == expected
    registration.refresh_from_db()
    assert registration.anonymised_at is not None


# --- What stays and what goes --------------------------------------------------------------------


def test_anonymising_keeps_what_counts_and_drops_what_identifies(in_a):
    exemption = closed(
        in_a.school_a2,
        kind=AbsenceKind.EXEMPTION,
        legal_ground="Leerplichtwet art. 5 onder a",
        reason_category="lichamelijk",
        outcome="vso",
    )
    relative = closed(in_a.school_a1, reason_category="psychisch", outcome="mbo")
    counted = ("kind", "start_date", "end_date", "school_id", "reason_category", "outcome")
    before = rows(in_a.tenant_a)["absences"]
    by_kind = dict(
        AbsenceRegistration.objects.values_list("kind").annotate(n=Count("pk")).order_by()
    )

    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=years_later(END, 3)) == 2

    after = rows(in_a.tenant_a)["absences"]
    for registration in (exemption, relative):
        old, new = before[registration.pk], after[registration.pk]
        assert {f: new[f] for f in counted} == {f: old[f] for f in counted}
        assert (new["plan"], new["legal_ground"]) == ("", "")
        assert old["plan"] == "Gefaseerde terugkeer met begeleiding van de mentor."
        assert new["anonymised_at"] is not None and old["anonymised_at"] is None
    assert before[exemption.pk]["legal_ground"] == "Leerplichtwet art. 5 onder a"
    assert after[exemption.pk]["outcome"] == "vso"
    assert (
        dict(AbsenceRegistration.objects.values_list("kind").annotate(n=Count("pk")).order_by())
        == by_kind
        == {"vrijstelling": 1, "relatief": 1}
    )


def test_anonymising_twice_changes_nothing_the_second_time(in_a):
    one = closed(in_a.school_a1, pupil_number="2022-0001", initials="J.K.")
    two = closed(in_a.school_a2, kind=AbsenceKind.EXEMPTION, pupil_number="2022-0002")
    still_open = make_absence(in_a.school_a1, pupil_number="2026-0100")
    today = years_later(END, 3)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == 2
    first = rows(in_a.tenant_a)
    assert [first["absences"][r.pk]["anonymised_at"] is not None for r in (one, two)] == [
        True,
        True,
    ]
    assert first["absences"][still_open.pk]["anonymised_at"] is None
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == 0
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=years_later(END, 9)) == 0
    assert rows(in_a.tenant_a) == first


def test_the_pupil_number_goes_once_every_registration_has_expired(in_a):
    registration = closed(in_a.school_a1, pupil_number="2022-0001", initials="J.K.")
    today = years_later(END, 3)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == 1
    pupil = Pupil.objects.get(pk=registration.pupil_id)
    assert (pupil.pupil_number, pupil.initials) == (f"geanonimiseerd-{pupil.pk}", "")
    assert pupil.birth_year == registration.pupil.birth_year
    after = rows(in_a.tenant_a)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=today) == 0
    assert rows(in_a.tenant_a) == after


# Anonymising empties the plan (a default required field) and a vrijstelling's legal ground on
# purpose: the school's completeness figure must not drop because of it.
def test_anonymising_does_not_change_the_completeness_figure(in_a):
    closed(in_a.school_a1)
    closed(in_a.school_a1, kind=AbsenceKind.EXEMPTION, start=START, end=END)
    bestuurder = in_a.members["bestuurder"]

    def completeness() -> list:
        return [(r.school.name, r.completeness) for r in school_overview(membership=bestuurder)]

    before = completeness()
    assert before == [("Alfa College", 100), ("Alfa Lyceum", None)]
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=years_later(END, 3)) == 2
    assert completeness() == before


# --- Pupils ---------------------------------------------------------------------------------------


def _pupil_with_two_registrations(school) -> Pupil:
    first = closed(
        school,
        pupil_number="2021-0007",
        initials="M.B.",
        start=datetime.date(2022, 1, 10),
        end=datetime.date(2022, 6, 1),
    )
    second = closed(
        school,
        pupil_number="2021-0007",
        start=datetime.date(2023, 5, 1),
        end=datetime.date(2023, 9, 1),
    )
    assert second.pupil == first.pupil
    return first.pupil


def test_a_pupil_keeps_its_number_while_a_registration_is_within_the_period(in_a):
    pupil = _pupil_with_two_registrations(in_a.school_a1)
    # On 15 June 2025 the first one (closed June 2022) has expired, the second (closed
    # September 2023) has not.
    june_2025 = datetime.date(2025, 6, 15)
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=june_2025) == 1
    pupil.refresh_from_db()
    assert (pupil.pupil_number, pupil.initials) == ("2021-0007", "M.B.")
    assert [r.anonymised_at is not None for r in pupil.absences.order_by("start_date")] == [
        True,
        False,
    ]


def test_a_pupil_loses_its_number_when_its_last_registration_expires(in_a):
    pupil = _pupil_with_two_registrations(in_a.school_a1)
    assert (
        services.registrations_anonymise(tenant=in_a.tenant_a, today=datetime.date(2025, 6, 15))
        == 1
    )
    assert (
        services.registrations_anonymise(tenant=in_a.tenant_a, today=datetime.date(2025, 9, 2)) == 1
    )
    pupil.refresh_from_db()
    assert (pupil.pupil_number, pupil.initials) == (f"geanonimiseerd-{pupil.pk}", "")
    assert list(pupil.absences.values_list("end_date", flat=True).order_by("end_date")) == [
        datetime.date(2022, 6, 1),
        datetime.date(2023, 9, 1),
    ]


def test_a_pupil_with_an_open_registration_keeps_its_number(in_a):
    old = closed(in_a.school_a1, pupil_number="2021-0008")
    make_absence(in_a.school_a1, pupil_number="2021-0008", start_date=datetime.date(2024, 1, 8))
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=years_later(END, 3)) == 1
    old.pupil.refresh_from_db()
    assert old.pupil.pupil_number == "2021-0008"


def test_a_pupil_with_an_opp_keeps_its_number(in_a):
    old = closed(in_a.school_a1, pupil_number="2021-0009")
    make_opp(in_a.school_a1, pupil_number="2021-0009")
    assert services.registrations_anonymise(tenant=in_a.tenant_a, today=years_later(END, 3)) == 1
    old.pupil.refresh_from_db()
    assert old.pupil.pupil_number == "2021-0009"


# --- Tenants and the nightly task ----------------------------------------------------------------


def test_anonymising_one_tenant_never_touches_another(world):
    with scope(tenant=world.tenant_a):
        mine = closed(world.school_a1)
    with scope(tenant=world.tenant_b):
        closed(world.school_b1)
    before_b = rows(world.tenant_b)
    with scope(tenant=world.tenant_a):
        count = services.registrations_anonymise(tenant=world.tenant_a, today=years_later(END, 3))
    assert count == 1
    assert rows(world.tenant_b) == before_b
    mine.refresh_from_db()
    assert mine.anonymised_at is not None


def run_task_on(today: datetime.date) -> int:
    with mock.patch("django.utils.timezone.localdate", return_value=today):
        return anonymise_expired_pupil_records.apply().get()


def test_the_nightly_task_processes_each_tenant_by_its_own_period(world):
    with scope(tenant=world.tenant_a):  # A: the default 2 years
        a_closed = closed(world.school_a1)
        a_open = make_absence(world.school_a1, start_date=datetime.date(2024, 2, 5))
    with scope(tenant=world.tenant_b):  # B: 5 years
        RegistrationSettings.objects.create(tenant=world.tenant_b, retention_years=5)
        b_closed = closed(world.school_b1)
    before_b = rows(world.tenant_b)

    # Two years and a day: A's closed registration goes; B's stays untouched.
    assert run_task_on(years_later(END, 2, +1)) == 1
    assert rows(world.tenant_b) == before_b
    after_a = rows(world.tenant_a)
    assert after_a["absences"][a_closed.pk]["anonymised_at"] is not None
    assert after_a["absences"][a_open.pk]["anonymised_at"] is None

    # Five years: still only A's (already done); five years and a day: B's goes as well.
    assert run_task_on(years_later(END, 5)) == 0
    assert rows(world.tenant_b) == before_b
    assert run_task_on(years_later(END, 5, +1)) == 1
    after_b = rows(world.tenant_b)
    assert after_b["absences"][b_closed.pk]["anonymised_at"] is not None
    assert rows(world.tenant_a) == after_a  # A's rows were not touched again

    # And again: nothing left to do.
    assert run_task_on(years_later(END, 6)) == 0
    assert rows(world.tenant_a) == after_a and rows(world.tenant_b) == after_b
