"""Every rule of ``referrals.services`` and the registration models, table by table.

Thuiszitters (domain.md §6), OPPs (§7), edit conflicts, the per-school overview, and the demo
data (which is written through the same services, so it must obey the same rules).
"""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from referrals import services
from referrals.demo import seed_registrations
from referrals.models import (
    DEFAULT_REQUIRED_FIELDS,
    AbsenceKind,
    AbsenceRegistration,
    OppRegistration,
    Outcome,
    Pupil,
    RegistrationSettings,
    SchoolConversation,
)
from referrals.selectors import school_overview
from swvportal.tenancy.models import School, SchoolKind, Tenant
from swvportal.tenancy.tests.factories import SchoolFactory

from .factories import (
    absence_data,
    birth_year,
    close_absence,
    days_ago,
    make_absence,
    make_closed_absence,
    make_opp,
)

LATE = "OPP later dan 6 weken na plaatsing vastgesteld"
NOT_SET = "OPP nog niet vastgesteld, terwijl 6 weken na plaatsing voorbij zijn"
OVERDUE = "Jaarlijkse evaluatie te laat"
CONFLICT = (
    "Deze registratie is intussen door iemand anders gewijzigd. Uw wijziging is niet "
    "opgeslagen; open de registratie opnieuw en voer uw wijziging nog eens in."
)
FUTURE = "Deze datum ligt in de toekomst."


@pytest.fixture
def in_a(world):
    """Tenant A's scope, for tests that read and write its records."""
    with scope(tenant=world.tenant_a):
        yield world


class Ago(int):
    """A date given as days before today, resolved when the test runs (not at collection)."""

    def date(self) -> datetime.date:
        return days_ago(self)


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


# --- Thuiszitters: dates ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, None, {}),  # starts today, open
        (-1, None, {"start_date": ["De begindatum ligt in de toekomst."]}),
        (10, 10, {}),  # ends the day it starts
        (10, 0, {}),  # ends today
        (10, 11, {"end_date": ["De einddatum ligt voor de begindatum."]}),
        (10, -1, {"end_date": ["De einddatum ligt in de toekomst."]}),
        (
            -1,
            -2,
            {
                "start_date": ["De begindatum ligt in de toekomst."],
                "end_date": ["De einddatum ligt in de toekomst."],
            },
        ),
    ],
    ids=["today", "start-future", "same-day", "end-today", "end-before", "end-future", "both"],
)
def test_absence_dates(in_a, start, end, expected):
    """Offsets are days before today; negative is in the future."""
    data = absence_data(start_date=days_ago(start))
    if end is not None:
        data.update(end_date=days_ago(end), outcome=Outcome.OWN_SCHOOL)
    if expected:
        with pytest.raises(ValidationError) as excinfo:
            services.absence_create(school=in_a.school_a1, data=data)
        assert errors_of(excinfo) == expected
        assert AbsenceRegistration.objects.count() == 0
    else:
        registration = services.absence_create(school=in_a.school_a1, data=data)
        assert registration.start_date == days_ago(start)
        assert registration.end_date == (days_ago(end) if end is not None else None)


@pytest.mark.parametrize(
    ("end", "expected"),
    [
        (20, {}),
        (35, {}),  # the start date itself
        (36, {"end_date": ["De einddatum ligt voor de begindatum."]}),
        (-1, {"end_date": ["De einddatum ligt in de toekomst."]}),
    ],
)
def test_closing_checks_the_end_date(in_a, end, expected):
    registration = make_absence(in_a.school_a1, start_date=days_ago(35))
    if expected:
        with pytest.raises(ValidationError) as excinfo:
            close_absence(registration, end_date=days_ago(end))
        assert errors_of(excinfo) == expected
        registration.refresh_from_db()
        assert (registration.end_date, registration.revision) == (None, 1)
    else:
        closed = close_absence(registration, end_date=days_ago(end))
        assert (closed.end_date, closed.outcome, closed.revision) == (
            days_ago(end),
            "eigen_school",
            2,
        )


def test_closing_without_an_end_date_is_refused(in_a):
    registration = make_absence(in_a.school_a1)
    with pytest.raises(ValidationError) as excinfo:
        services.absence_close(
            registration=registration, end_date=None, outcome="eigen_school", revision=1
        )
    assert errors_of(excinfo) == {"end_date": ["Vul de einddatum in."]}


# --- Thuiszitters: who counts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "days", "counts"),
    [
        (AbsenceKind.RELATIVE, 0, False),
        (AbsenceKind.RELATIVE, 27, False),
        (AbsenceKind.RELATIVE, 28, True),
        (AbsenceKind.RELATIVE, 120, True),
        (AbsenceKind.ABSOLUTE, 0, True),
        (AbsenceKind.ABSOLUTE, 27, True),
        (AbsenceKind.EXEMPTION, 27, False),
        (AbsenceKind.EXEMPTION, 300, False),
        (AbsenceKind.ALLOWED, 27, False),
        (AbsenceKind.ALLOWED, 300, False),
    ],
)
def test_who_counts_as_thuiszitter(in_a, kind, days, counts):
    open_one = make_absence(in_a.school_a1, kind=kind, start_date=days_ago(days))
    assert open_one.duration_days() == days
    assert open_one.counts_as_thuiszitter() is counts
    # The same on a peildatum, and for a closed registration of the same length.
    start = days_ago(days + 100)
    closed = make_closed_absence(
        in_a.school_a2, kind=kind, start_date=start, end_date=start + datetime.timedelta(days)
    )
    assert closed.duration_days() == days
    assert closed.counts_as_thuiszitter() is counts
    assert open_one.counts_as_thuiszitter(on=days_ago(0)) is counts


def test_relative_absence_becomes_a_thuiszitter_on_day_28(in_a):
    registration = make_absence(in_a.school_a1, start_date=days_ago(30))
    on_day = {d: registration.counts_as_thuiszitter(on=days_ago(30 - d)) for d in (26, 27, 28)}
    assert on_day == {26: False, 27: False, 28: True}


# --- Thuiszitters: outcome, one open at a time, legal ground, partners -----------------------


@pytest.mark.parametrize(
    ("outcome", "refused"),
    [("", True), (Outcome.OWN_SCHOOL, False), (Outcome.NONE, False), (Outcome.OUTSIDE, False)],
)
def test_a_closed_registration_needs_an_outcome(in_a, outcome, refused):
    message = "Een afgesloten registratie heeft een uitkomst: waar gaat de leerling nu naartoe?"
    data = absence_data(start_date=days_ago(40), end_date=days_ago(2), outcome=outcome)
    registration = make_absence(in_a.school_a2)
    if refused:
        with pytest.raises(ValidationError) as created:
            services.absence_create(school=in_a.school_a1, data=data)
        assert errors_of(created) == {"outcome": [message]}
        with pytest.raises(ValidationError) as closed:
            close_absence(registration, end_date=days_ago(0), outcome=outcome)
        assert errors_of(closed) == {"outcome": [message]}
        registration.refresh_from_db()
        assert registration.is_open
    else:
        assert services.absence_create(school=in_a.school_a1, data=data).outcome == outcome
        assert close_absence(registration, outcome=outcome).outcome == outcome


def test_one_open_registration_per_pupil(in_a):
    message = "Deze leerling heeft al een open registratie. Sluit die eerst af, of werk die bij."
    first = make_absence(in_a.school_a1, pupil_number="2025-0042", start_date=days_ago(60))
    with pytest.raises(ValidationError) as excinfo:
        make_absence(in_a.school_a1, pupil_number="2025-0042", start_date=days_ago(10))
    assert errors_of(excinfo) == {"end_date": [message]}
    assert AbsenceRegistration.objects.filter(pupil=first.pupil).count() == 1
    # Another pupil at the same school, and the same number at another school, are other pupils.
    assert make_absence(in_a.school_a1, pupil_number="2025-0043").pupil != first.pupil
    assert make_absence(in_a.school_a2, pupil_number="2025-0042").pupil != first.pupil
    # After closing the first one, a new open registration is fine.
    close_absence(first, end_date=days_ago(20))
    second = make_absence(in_a.school_a1, pupil_number="2025-0042", start_date=days_ago(10))
    assert second.pupil == first.pupil
    assert [r.is_open for r in first.pupil.absences.order_by("start_date")] == [False, True]
    # Reopening the first one now would make two open ones.
    first.refresh_from_db()
    with pytest.raises(ValidationError) as reopened:
        services.absence_update(
            registration=first, data={"end_date": None, "outcome": ""}, revision=first.revision
        )
    assert errors_of(reopened) == {"end_date": [message]}


@pytest.mark.parametrize(
    ("kind", "legal_ground", "refused"),
    [
        (AbsenceKind.EXEMPTION, "", True),
        (AbsenceKind.EXEMPTION, "   ", True),
        (AbsenceKind.EXEMPTION, "Leerplichtwet art. 5 onder a", False),
        (AbsenceKind.RELATIVE, "", False),
        (AbsenceKind.ABSOLUTE, "", False),
        (AbsenceKind.ALLOWED, "", False),
    ],
)
def test_a_vrijstelling_names_its_legal_ground(in_a, kind, legal_ground, refused):
    data = absence_data(kind=kind, legal_ground=legal_ground)
    if refused:
        with pytest.raises(ValidationError) as excinfo:
            services.absence_create(school=in_a.school_a1, data=data)
        assert errors_of(excinfo) == {
            "legal_ground": [
                "Vul de wettelijke grond van de vrijstelling in, bijvoorbeeld 'Leerplichtwet "
                "art. 5 onder a'."
            ]
        }
    else:
        registration = services.absence_create(school=in_a.school_a1, data=data)
        assert (registration.kind, registration.legal_ground) == (kind, legal_ground)


def test_a_vrijstelling_cannot_lose_its_legal_ground_later(in_a):
    registration = make_absence(in_a.school_a1, kind=AbsenceKind.EXEMPTION)
    with pytest.raises(ValidationError) as excinfo:
        services.absence_update(registration=registration, data={"legal_ground": ""}, revision=1)
    assert list(errors_of(excinfo)) == ["legal_ground"]
    registration.refresh_from_db()
    assert registration.legal_ground == "Leerplichtwet art. 5 onder a"


@pytest.mark.parametrize(
    ("partners", "expected"),
    [
        ([], {}),
        (["leerplicht", "jeugdhulp", "ggd", "opdc", "wijkteam", "zorgaanbieder", "anders"], {}),
        (["leerplicht", "buurman"], {"partners": ["Onbekende partner(s): buurman."]}),
        (["Leerplicht", "politie"], {"partners": ["Onbekende partner(s): Leerplicht, politie."]}),
    ],
)
def test_unknown_partners_are_refused(in_a, partners, expected):
    data = absence_data(partners=partners)
    if expected:
        with pytest.raises(ValidationError) as excinfo:
            services.absence_create(school=in_a.school_a1, data=data)
        assert errors_of(excinfo) == expected
    else:
        assert services.absence_create(school=in_a.school_a1, data=data).partners == partners


# --- Pupils: numbers per school ----------------------------------------------------------------


def test_the_same_number_at_another_school_is_another_pupil(in_a):
    year_a1, year_a2 = birth_year(15), birth_year(17)
    a1 = services.pupil_for(school=in_a.school_a1, pupil_number="2024-0173", birth_year=year_a1)
    a2 = services.pupil_for(school=in_a.school_a2, pupil_number="2024-0173", birth_year=year_a2)
    again = services.pupil_for(
        school=in_a.school_a1, pupil_number=" 2024-0173 ", birth_year=year_a1
    )
    assert a1 != a2 and again == a1
    assert (a1.school, a2.school, a2.birth_year) == (in_a.school_a1, in_a.school_a2, year_a2)
    assert Pupil.objects.filter(pupil_number="2024-0173").count() == 2


def test_a_known_number_with_another_birth_year_is_refused(in_a):
    known = birth_year(15)
    services.pupil_for(school=in_a.school_a1, pupil_number="2024-0173", birth_year=known)
    with pytest.raises(ValidationError) as excinfo:
        make_absence(in_a.school_a1, pupil_number="2024-0173", birth_year=known + 1)
    assert errors_of(excinfo) == {
        "birth_year": [
            f"Leerlingnummer 2024-0173 is bij deze school bekend met geboortejaar {known}. "
            "Controleer het nummer of het geboortejaar."
        ]
    }
    assert AbsenceRegistration.objects.count() == 0
    assert Pupil.objects.get(pupil_number="2024-0173").birth_year == known


@pytest.mark.parametrize(
    ("number", "age", "field"),
    [
        ("", 14, "pupil_number"),
        ("   ", 14, "pupil_number"),
        ("2024-0001", 26, "birth_year"),
        ("2024-0001", 2, "birth_year"),
    ],
)
def test_pupil_number_and_birth_year_are_checked(in_a, number, age, field):
    this_year = timezone.localdate().year
    messages = {
        "pupil_number": "Vul het leerlingnummer van de school in.",
        "birth_year": f"Vul een geboortejaar tussen {this_year - 25} en {this_year - 3} in.",
    }
    with pytest.raises(ValidationError) as excinfo:
        services.pupil_for(school=in_a.school_a1, pupil_number=number, birth_year=birth_year(age))
    assert errors_of(excinfo) == {field: [messages[field]]}
    assert Pupil.objects.count() == 0


@pytest.mark.parametrize("age", [3, 25])
def test_birth_year_bounds_are_inclusive(in_a, age):
    pupil = services.pupil_for(
        school=in_a.school_a1, pupil_number="2024-0002", birth_year=birth_year(age)
    )
    assert pupil.birth_year == timezone.localdate().year - age


def test_updates_never_move_a_registration_to_another_pupil(in_a):
    registration = make_absence(in_a.school_a1, pupil_number="2024-0010")
    updated = services.absence_update(
        registration=registration,
        data={"pupil_number": "2024-0099", "birth_year": 2000, "plan": "Nieuw plan."},
        revision=1,
    )
    assert (updated.pupil.pupil_number, updated.plan) == ("2024-0010", "Nieuw plan.")
    assert Pupil.objects.count() == 1


# --- Completeness ------------------------------------------------------------------------------


def test_default_settings(in_a):
    settings = services.registration_settings(in_a.tenant_a)
    assert (settings.pk, settings.required_fields, settings.retention_years) == (
        None,
        ["reason_category", "partners", "plan", "last_contact_date"],
        2,
    )
    RegistrationSettings.objects.create(
        tenant=in_a.tenant_a, required_fields=["plan"], retention_years=5
    )
    settings = services.registration_settings(in_a.tenant_a)
    assert (settings.required_fields, settings.retention_years) == (["plan"], 5)


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({}, []),
        ({"plan": ""}, ["plan"]),
        ({"partners": []}, ["partners"]),
        ({"last_contact_date": None}, ["last_contact_date"]),
        ({"reason_category": ""}, ["reason_category"]),
        (
            {"plan": "", "partners": [], "last_contact_date": None, "reason_category": ""},
            ["reason_category", "partners", "plan", "last_contact_date"],
        ),
        ({"end_date": "today", "outcome": ""}, ["outcome"]),
        ({"end_date": "today", "outcome": "mbo"}, []),
        ({"kind": AbsenceKind.EXEMPTION, "legal_ground": ""}, ["legal_ground"]),
        ({"kind": AbsenceKind.EXEMPTION, "legal_ground": "Leerplichtwet art. 5 onder a"}, []),
        ({"kind": AbsenceKind.EXEMPTION, "legal_ground": "", "plan": ""}, ["plan", "legal_ground"]),
    ],
)
def test_missing_fields_with_the_default_required_fields(in_a, changes, missing):
    registration = make_absence(in_a.school_a1)
    assert registration.missing_fields(DEFAULT_REQUIRED_FIELDS) == []
    for field, value in changes.items():  # in memory: the services would refuse some of these
        setattr(registration, field, days_ago(0) if value == "today" else value)
    assert registration.missing_fields(DEFAULT_REQUIRED_FIELDS) == missing


def test_missing_fields_follow_the_tenant_setting(in_a):
    registration = make_absence(in_a.school_a1, plan="", partners=[])
    assert registration.missing_fields(DEFAULT_REQUIRED_FIELDS) == ["partners", "plan"]
    assert registration.missing_fields(["plan"]) == ["plan"]
    assert registration.missing_fields([]) == []


# --- OPPs --------------------------------------------------------------------------------------


def _on(placement: datetime.date, days: int | None) -> datetime.date | None:
    return None if days is None else placement + datetime.timedelta(days=days)


@pytest.mark.parametrize(
    ("set_after", "due_after", "evaluated_after", "today_after", "flags"),
    [
        (42, None, None, 100, []),
        (43, None, None, 100, [LATE]),
        (0, None, None, 100, []),
        (-30, None, None, 100, []),  # an OPDC sets the OPP before admitting the pupil
        (None, None, None, 42, []),
        (None, None, None, 43, [NOT_SET]),
        (42, 80, None, 80, []),  # due today
        (42, 80, None, 81, [OVERDUE]),
        (42, 80, 79, 81, []),
        (42, 80, 95, 100, []),  # evaluated late, but evaluated
        (60, 80, None, 100, [LATE, OVERDUE]),
    ],
)
def test_opp_flags(in_a, set_after, due_after, evaluated_after, today_after, flags):
    placement = days_ago(200)
    opp = make_opp(
        in_a.school_a1,
        placement_date=placement,
        set_on=_on(placement, set_after),
        parents_consent_on=None,
        heard_on=None,
        heard_how="",
        pupil_view="",
        signed_on=None,
        evaluation_due=_on(placement, due_after),
        evaluated_on=_on(placement, evaluated_after),
    )
    assert opp.opp_deadline == placement + datetime.timedelta(days=42)
    assert opp.flags(today=_on(placement, today_after)) == flags


def test_opp_flags_default_to_today(in_a):
    unset = {"set_on": None, "signed_on": None, "evaluation_due": None}
    assert make_opp(in_a.school_a1, placement_date=days_ago(43), **unset).flags() == [NOT_SET]
    assert make_opp(in_a.school_a1, placement_date=days_ago(42), **unset).flags() == []
    assert make_opp(in_a.school_a1).flags() == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, {}),
        (
            {"set_on": None, "signed_on": None, "parents_consent_on": None, "evaluation_due": None},
            {},
        ),
        ({"heard_on": None, "heard_how": "", "pupil_view": ""}, {}),
        ({"heard_how": ""}, {"heard_how": ["Vul in hoe de leerling is gehoord."]}),
        (
            {"heard_on": None, "pupil_view": ""},
            {"heard_on": ["Vul in wanneer de leerling is gehoord."]},
        ),
        (
            {"heard_on": None, "heard_how": ""},  # a view without a date
            {"heard_on": ["Vul in wanneer de leerling is gehoord."]},
        ),
        ({"heard_on": None, "heard_how": "", "pupil_view": "  "}, {}),
        (
            {"set_on": None},
            {
                "signed_on": [
                    "Een OPP wordt ondertekend nadat het is vastgesteld: vul eerst de datum van "
                    "vaststellen in."
                ]
            },
        ),
        ({"placement_date": Ago(-1)}, {"placement_date": [FUTURE]}),
        ({"set_on": Ago(-1), "signed_on": None, "evaluated_on": None}, {"set_on": [FUTURE]}),
        (
            {"set_on": Ago(20), "signed_on": Ago(25)},
            {"signed_on": ["Deze datum ligt voor de datum waarop het OPP is vastgesteld."]},
        ),
        (
            {"set_on": Ago(20), "signed_on": None, "evaluated_on": Ago(21)},
            {"evaluated_on": ["Deze datum ligt voor de datum waarop het OPP is vastgesteld."]},
        ),
        ({"parents_consent_on": Ago(-1)}, {"parents_consent_on": [FUTURE]}),
        ({"heard_on": Ago(-1)}, {"heard_on": [FUTURE]}),
        ({"signed_on": Ago(-1)}, {"signed_on": [FUTURE]}),
        ({"evaluated_on": Ago(-1)}, {"evaluated_on": [FUTURE]}),
        ({"evaluation_due": Ago(-1)}, {}),  # a planned evaluation lies ahead
        ({"evaluated_on": Ago(0), "signed_on": Ago(0), "heard_on": Ago(0)}, {}),  # today is fine
        # Placed 60 days ago (the default): set exactly a year before, or a day more.
        ({"set_on": Ago(60 + 365), "signed_on": None}, {}),
        (
            {"set_on": Ago(60 + 366), "signed_on": None},
            {
                "set_on": [
                    "Het OPP is meer dan een jaar voor de plaatsing vastgesteld. Klopt de datum?"
                ]
            },
        ),
    ],
)
def test_opp_rules(in_a, changes, expected):
    changes = {k: v.date() if isinstance(v, Ago) else v for k, v in changes.items()}
    if expected:
        with pytest.raises(ValidationError) as excinfo:
            make_opp(in_a.school_a1, **changes)
        assert errors_of(excinfo) == expected
        assert OppRegistration.objects.count() == 0
    else:
        opp = make_opp(in_a.school_a1, **changes)
        for field, value in changes.items():
            assert getattr(opp, field) == value


def test_opp_rules_hold_on_update(in_a):
    opp = make_opp(in_a.school_a1)
    with pytest.raises(ValidationError) as excinfo:
        services.opp_update(opp=opp, data={"set_on": None}, revision=1)
    assert list(errors_of(excinfo)) == ["signed_on"]
    updated = services.opp_update(opp=opp, data={"evaluated_on": days_ago(0)}, revision=1)
    assert (updated.evaluated_on, updated.revision) == (days_ago(0), 2)


# --- Edit conflicts ------------------------------------------------------------------------------


def _stale_absence_update(registration):
    return services.absence_update(
        registration=registration, data={"plan": "Van de tweede gebruiker."}, revision=1
    )


def _stale_absence_close(registration):
    return services.absence_close(
        registration=registration, end_date=days_ago(0), outcome="mbo", revision=1
    )


def _stale_opp_update(opp):
    return services.opp_update(opp=opp, data={"pupil_view": "Van de tweede gebruiker."}, revision=1)


@pytest.mark.parametrize(
    ("make", "first_change", "stale_change", "fields"),
    [
        (make_absence, "absence", _stale_absence_update, ("plan", "end_date", "outcome")),
        (make_absence, "absence", _stale_absence_close, ("plan", "end_date", "outcome")),
        (make_opp, "opp", _stale_opp_update, ("pupil_view", "evaluated_on")),
    ],
    ids=["absence_update", "absence_close", "opp_update"],
)
def test_a_stale_revision_is_refused_and_changes_nothing(
    in_a, make, first_change, stale_change, fields
):
    record = make(in_a.school_a1)
    # The first user saves: revision 1 → 2.
    if first_change == "absence":
        saved = services.absence_update(
            registration=record, data={"plan": "Van de eerste gebruiker."}, revision=1
        )
    else:
        saved = services.opp_update(
            opp=record, data={"pupil_view": "Van de eerste gebruiker."}, revision=1
        )
    assert saved.revision == 2
    before = {f: getattr(saved, f) for f in fields}
    # The second user still has revision 1.
    with pytest.raises(ValidationError) as excinfo:
        stale_change(record)
    assert excinfo.value.messages == [CONFLICT]
    assert excinfo.value.code == "conflict"
    record.refresh_from_db()
    assert record.revision == 2
    assert {f: getattr(record, f) for f in fields} == before


def test_an_anonymised_registration_cannot_be_changed(in_a):
    registration = make_closed_absence(
        in_a.school_a1, start_date=datetime.date(2023, 1, 9), end_date=datetime.date(2023, 3, 1)
    )
    assert services.registrations_anonymise(tenant=in_a.tenant_a) == 1
    with pytest.raises(ValidationError) as excinfo:
        services.absence_update(registration=registration, data={"plan": "x"}, revision=2)
    assert excinfo.value.messages == [
        "Deze registratie is geanonimiseerd en kan niet meer worden gewijzigd."
    ]
    registration.refresh_from_db()
    assert registration.plan == ""


# --- Conversations -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("held", "participants", "expected"),
    [
        (0, "zorgcoördinator en consulent", {}),
        (-1, "zorgcoördinator", {"held_on": ["Leg een gesprek vast nadat het is gehouden."]}),
        (3, "   ", {"participants": ["Dit veld kan niet leeg zijn"]}),
    ],
)
def test_conversation_rules(in_a, held, participants, expected):
    def create():
        return services.conversation_create(
            school=in_a.school_a1, held_on=days_ago(held), participants=participants
        )

    if expected:
        with pytest.raises(ValidationError) as excinfo:
            create()
        assert errors_of(excinfo) == expected
        assert SchoolConversation.objects.count() == 0
    else:
        conversation = create()
        assert (conversation.held_on, conversation.participants) == (days_ago(held), participants)


# --- The per-school overview ---------------------------------------------------------------------


@pytest.fixture
def small_set(world):
    """A hand-made set; the expected figures in the tests below are worked out by hand."""
    with scope(tenant=world.tenant_a):
        mavo = SchoolFactory(tenant=world.tenant_a, brin="11AC00", name="Alfa Mavo")
        a1, a2 = world.school_a1, world.school_a2
        # Alfa College: 3 open (30, 10 and 50 days), 1 closed; the 10-day one lacks a plan.
        make_absence(a1, kind=AbsenceKind.RELATIVE, start_date=days_ago(30))
        make_absence(a1, kind=AbsenceKind.RELATIVE, start_date=days_ago(10), plan="")
        make_absence(a1, kind=AbsenceKind.ABSOLUTE, start_date=days_ago(50))
        make_closed_absence(a1, start_date=days_ago(200), end_date=days_ago(100))
        services.conversation_create(school=a1, held_on=days_ago(300), participants="zc")
        services.conversation_create(school=a1, held_on=days_ago(30), participants="zc")
        services.conversation_create(school=a1, held_on=days_ago(120), participants="zc")
        # Alfa Lyceum: 1 open vrijstelling (21 days), 1 closed without partners.
        make_absence(a2, kind=AbsenceKind.EXEMPTION, start_date=days_ago(21))
        make_closed_absence(
            a2, start_date=days_ago(90), end_date=days_ago(40), outcome="opdc", partners=[]
        )
    with scope(tenant=world.tenant_b):  # never part of A's overview
        make_absence(world.school_b1, kind=AbsenceKind.ABSOLUTE, start_date=days_ago(5))
        services.conversation_create(school=world.school_b1, held_on=days_ago(1), participants="zc")
    world.mavo = mavo
    return world


def _figures(rows):
    return [
        (
            r.school.name,
            r.open_count,
            r.thuiszitters,
            r.average_days,
            r.registrations,
            r.completeness,
            r.last_conversation,
        )
        for r in rows
    ]


def test_school_overview_for_the_bestuurder(small_set):
    with scope(tenant=small_set.tenant_a):
        rows = school_overview(membership=small_set.members["bestuurder"])
    assert _figures(rows) == [
        # open 3; thuiszitters: 30-day relatief and absoluut; (30+10+50)/3 = 30; 3 of 4 complete
        ("Alfa College", 3, 2, 30, 4, 75, days_ago(30)),
        # open 1; a vrijstelling never counts; 21 days; 1 of 2 complete
        ("Alfa Lyceum", 1, 0, 21, 2, 50, None),
        ("Alfa Mavo", 0, 0, None, 0, None, None),
    ]


def test_school_overview_on_an_earlier_peildatum(small_set):
    with scope(tenant=small_set.tenant_a):
        rows = school_overview(membership=small_set.members["bestuurder"], on=days_ago(5))
    # Durations shrink by 5 days: the 30-day relatief is now 25 days, so not yet a thuiszitter.
    assert _figures(rows)[:2] == [
        ("Alfa College", 3, 1, 25, 4, 75, days_ago(30)),
        ("Alfa Lyceum", 1, 0, 16, 2, 50, None),
    ]


def test_school_overview_follows_the_tenant_required_fields(small_set):
    with scope(tenant=small_set.tenant_a):
        RegistrationSettings.objects.create(tenant=small_set.tenant_a, required_fields=["plan"])
        rows = school_overview(membership=small_set.members["bestuurder"])
    # Only the plan is required now: Alfa Lyceum's registration without partners is complete.
    assert [(r.school.name, r.complete, r.completeness) for r in rows] == [
        ("Alfa College", 3, 75),
        ("Alfa Lyceum", 2, 100),
        ("Alfa Mavo", 0, None),
    ]


def test_school_overview_of_a_zorgcoordinator_is_their_own_school(small_set):
    with scope(tenant=small_set.tenant_a):
        rows = school_overview(membership=small_set.members["zorgcoordinator"])
    assert _figures(rows) == [("Alfa College", 3, 2, 30, 4, 75, days_ago(30))]


@pytest.mark.parametrize("role", ["loket", "toezicht", "inspectie"])
def test_school_overview_is_empty_for_roles_without_pupil_data(small_set, role):
    with scope(tenant=small_set.tenant_a):
        assert school_overview(membership=small_set.members[role]) == []


def test_school_overview_of_tenant_b(small_set):
    with scope(tenant=small_set.tenant_b):
        rows = school_overview(membership=small_set.members["outsider"])
    assert _figures(rows) == [(small_set.school_b1.name, 1, 1, 5, 1, 100, days_ago(1))]


# --- Demo data -----------------------------------------------------------------------------------


def _seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def _snapshot(tenant: Tenant) -> dict:
    with scope(tenant=tenant):
        return {
            "pupils": sorted(Pupil.objects.values_list("school__brin", "pupil_number")),
            "absences": sorted(
                AbsenceRegistration.objects.values_list(
                    "pupil__pupil_number", "kind", "start_date", "end_date", "revision"
                )
            ),
            "opps": sorted(
                OppRegistration.objects.values_list("pupil__pupil_number", "placement_date")
            ),
            "conversations": sorted(
                SchoolConversation.objects.values_list("school__brin", "held_on")
            ),
        }


@pytest.mark.django_db
def test_seed_demo_twice_duplicates_nothing():
    first = _seed_demo()
    tenant = Tenant.objects.get(code="VO0001")
    before = _snapshot(tenant)
    second = _seed_demo()
    assert second == first
    assert _snapshot(tenant) == before
    with scope(tenant=tenant):
        absences, opps = AbsenceRegistration.objects.count(), OppRegistration.objects.count()
        assert seed_registrations(tenant) == {
            "pupils": Pupil.objects.count(),
            "absences": absences,
            "opps": opps,
            "conversations": SchoolConversation.objects.count(),
        }
    line = f"Leerlinggegevens (fictief): {absences} thuiszittersregistraties, {opps} OPP's."
    assert line in first
    assert 60 <= absences <= 90 and 120 <= opps <= 180
    assert len(before["absences"]) == absences and len(before["opps"]) == opps


@pytest.mark.django_db
def test_the_demo_data_is_plausible():
    _seed_demo()
    tenant = Tenant.objects.get(code="VO0001")
    today = timezone.localdate()
    with scope(tenant=tenant):
        absences = list(AbsenceRegistration.objects.select_related("pupil"))
        opps = list(OppRegistration.objects.select_related("pupil", "school"))
        schools = list(School.objects.all())
        pupils = list(Pupil.objects.select_related("school"))
        conversations = SchoolConversation.objects.count()
    closed = [r for r in absences if not r.is_open]
    assert {r.kind for r in absences} == set(AbsenceKind.values)
    assert {r.kind for r in absences if r.is_open} == set(AbsenceKind.values)
    assert {r.outcome for r in closed} == set(Outcome.values)
    assert all(r.start_date <= r.end_date <= today and r.outcome for r in closed)
    assert all(r.start_date <= today for r in absences)
    assert all(r.start_date.year >= today.year - 5 for r in absences)
    short = [
        r for r in absences if r.kind == AbsenceKind.RELATIVE and not r.counts_as_thuiszitter()
    ]
    assert len(short) >= 3
    exemptions = [r for r in absences if r.kind == AbsenceKind.EXEMPTION]
    assert all(r.legal_ground.startswith("Leerplichtwet art.") for r in exemptions)
    incomplete = [r for r in absences if r.missing_fields(DEFAULT_REQUIRED_FIELDS)]
    assert 3 <= len(incomplete) <= len(absences) // 5
    # Pupil numbers and ages.
    assert all(p.pupil_number[:4].isdigit() and p.pupil_number[4] == "-" for p in pupils)
    for registration in absences:
        age = registration.start_date.year - registration.pupil.birth_year
        assert 12 <= age <= 18, registration
    # OPPs: most set within 6 weeks, some later, a few not set; most heard and signed.
    flags = [opp.flags() for opp in opps]
    late = sum(LATE in f for f in flags)
    not_set = sum(NOT_SET in f for f in flags)
    overdue = sum(OVERDUE in f for f in flags)
    on_time = sum(1 for o in opps if o.set_on and o.set_on <= o.opp_deadline)
    assert on_time > 0.7 * len(opps)
    assert 3 <= late <= 0.25 * len(opps) and 1 <= not_set <= 8 and overdue >= 1
    assert 0.5 * len(opps) < sum(1 for o in opps if o.heard_on) < len(opps)
    assert 0.6 * len(opps) < sum(1 for o in opps if o.signed_on) < len(opps)
    dates = ("placement_date", "set_on", "parents_consent_on", "heard_on", "signed_on")
    assert all(getattr(o, f) is None or getattr(o, f) <= today for o in opps for f in dates)
    # OPDCs, vso and PrO: (almost) every pupil has an OPP.
    special = (SchoolKind.OPDC, SchoolKind.VSO_CLUSTER3, SchoolKind.VSO_CLUSTER4, SchoolKind.PRO)
    with_opp = {o.pupil_id for o in opps}
    for school in schools:
        here = [p for p in pupils if p.school_id == school.pk]
        assert here, school
        if school.kind in special:
            assert sum(p.pk in with_opp for p in here) >= 0.85 * len(here), school
    assert 5 <= conversations <= 30


def test_demo_seeding_leaves_a_tenant_with_pupils_alone(in_a):
    make_absence(in_a.school_a1)
    assert seed_registrations(in_a.tenant_a) == {
        "pupils": 1,
        "absences": 1,
        "opps": 0,
        "conversations": 0,
    }
    with scopes_disabled():
        assert AbsenceRegistration.objects.count() == 1


@pytest.mark.parametrize(
    ("first", "second", "overlaps"),
    [
        ((60, 40), (45, None), True),  # starts inside a closed period
        ((60, 40), (40, None), True),  # starts on its last day
        ((60, 40), (39, None), False),  # starts the day after
        ((60, 40), (70, 50), True),  # a closed period around the start of the other
        ((60, 40), (80, 61), False),  # ends the day before
    ],
)
def test_periods_of_one_pupil_may_not_overlap(in_a, first, second, overlaps):
    def days(n):
        return timezone.localdate() - datetime.timedelta(days=n)

    earlier = make_absence(in_a.school_a1, pupil_number="OV-1", start_date=days(first[0]))
    services.absence_close(
        registration=earlier,
        end_date=days(first[1]),
        outcome="eigen_school",
        revision=earlier.revision,
    )
    data = {"pupil_number": "OV-1", "start_date": days(second[0])}
    if second[1] is not None:
        data.update(end_date=days(second[1]), outcome="eigen_school")
    if overlaps:
        with pytest.raises(ValidationError) as excinfo:
            make_absence(in_a.school_a1, **data)
        assert "overlapt" in " ".join(excinfo.value.messages)
    else:
        assert make_absence(in_a.school_a1, **data).pk


def test_the_last_contact_is_not_in_the_future(in_a):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        make_absence(in_a.school_a1, last_contact_date=tomorrow)
    assert excinfo.value.message_dict == {"last_contact_date": ["Deze datum ligt in de toekomst."]}
