"""The computed indicators against figures worked out by hand.

Every dataset is small and built in tenant A at a fixed peildatum P, with a decoy in tenant B that
must never count. Records are made with the ORM, not the services: the datasets need dates around
a fixed P and states the services refuse (a closed registration without an outcome, as an import
might leave it), because the calculations must count those too.

The period is ``P - 365 < date <= P``: ``day(365)`` is just outside, ``day(364)`` just inside.
"""

from __future__ import annotations

import datetime
import itertools
import json
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from conftest import World
from referrals.calculations import complete_q
from referrals.models import (
    DEFAULT_REQUIRED_FIELDS,
    AbsenceKind,
    AbsenceRegistration,
    OppRegistration,
    Pupil,
    RegistrationSettings,
)
from referrals.services import REQUIRABLE_FIELDS
from swvportal.core.calculations import (
    CALCULATIONS,
    Figure,
    Result,
    calculation,
    compute,
    compute_for,
    percentage,
    period_start,
)
from swvportal.tenancy.models import School, SchoolKind, Tenant
from swvportal.tenancy.scoping import tenant_scope
from swvportal.tenancy.tests.factories import SchoolFactory, TenantFactory

P = datetime.date(2025, 6, 30)
AFTER_P = P + datetime.timedelta(days=1)
ABS, REL, EXEMPT, ALLOWED = (
    AbsenceKind.ABSOLUTE,
    AbsenceKind.RELATIVE,
    AbsenceKind.EXEMPTION,
    AbsenceKind.ALLOWED,
)
_numbers = itertools.count(1)


def day(days_before_p: int) -> datetime.date:
    return P - datetime.timedelta(days=days_before_p)


def pupil(school: School) -> Pupil:
    # One pupil per record: a pupil may have only one open registration.
    return Pupil.objects.create(
        tenant=school.tenant, school=school, pupil_number=f"T-{next(_numbers)}", birth_year=2011
    )


def absence(school: School, **fields: Any) -> AbsenceRegistration:
    """A complete registration; open, started 30 days before its end (or before P)."""
    data: dict[str, Any] = {
        "kind": REL,
        "reason_category": "psychisch",
        "partners": ["leerplicht"],
        "plan": "Gefaseerde terugkeer.",
        "last_contact_date": day(3),
        "start_date": (fields.get("end_date") or P) - datetime.timedelta(days=30),
    }
    data.update(fields)
    return AbsenceRegistration.objects.create(
        tenant=school.tenant, school=school, pupil=pupil(school), **data
    )


def opp(school: School, **fields: Any) -> OppRegistration:
    data: dict[str, Any] = {"placement_date": day(200)}
    data.update(fields)
    return OppRegistration.objects.create(
        tenant=school.tenant, school=school, pupil=pupil(school), **data
    )


def pct(teller: int, noemer: int, value: str | None) -> Figure:
    return Figure(Decimal(value) if value else None, noemer, {"teller": teller, "noemer": noemer})


def run(name: str, tenant: Tenant) -> Result:
    with tenant_scope(tenant):
        return compute(name, tenant=tenant, on=P)


@pytest.fixture
def opdc_schools(world: World) -> tuple[School, School, School]:
    """Two OPDCs in tenant A and a decoy OPDC in tenant B."""
    with scopes_disabled():
        return (
            SchoolFactory(tenant=world.tenant_a, kind=SchoolKind.OPDC, brin="11AC00"),
            SchoolFactory(tenant=world.tenant_a, kind=SchoolKind.OPDC, brin="11AD00"),
            SchoolFactory(tenant=world.tenant_b, kind=SchoolKind.OPDC, brin="22BC00"),
        )


# --- Datasets ----------------------------------------------------------------------------------


def thuiszitters_data(w: World) -> None:
    a1, a2 = w.school_a1, w.school_a2
    absence(a1, kind=ABS, start_date=day(10))  # thuiszitter, 10 days
    absence(a1, kind=ABS, start_date=day(10))  # same group as the one above: 10 days
    absence(a1, kind=ABS, start_date=day(40), end_date=AFTER_P)  # open on P: 40 days
    absence(a1, kind=REL, start_date=day(28))  # exactly 4 weeks: thuiszitter, 28 days
    absence(a1, kind=REL, start_date=day(27))  # 27 days: open, not yet a thuiszitter
    absence(a1, kind=EXEMPT, start_date=day(200), legal_ground="Lpw art. 5a")  # apart
    absence(a1, kind=REL, start_date=day(100), end_date=P, outcome="eigen_school")  # ended on P
    absence(a1, kind=ABS, start_date=AFTER_P)  # not started on P
    absence(a2, kind=REL, start_date=day(91))  # thuiszitter, 91 days
    absence(a2, kind=ALLOWED, start_date=day(5))  # apart
    absence(a2, kind=ABS, start_date=day(400), end_date=day(300), outcome="mbo")  # over
    absence(w.school_b1, kind=ABS, start_date=day(10))  # decoy


def completeness_data(w: World) -> None:
    a1, a2 = w.school_a1, w.school_a2
    absence(a1, start_date=day(60))  # complete
    absence(a1, plan="")  # plan missing
    absence(a1, partners=[])  # partners missing
    absence(a1, end_date=day(364), outcome="eigen_school")  # in the period, complete
    absence(a1, end_date=day(365), outcome="eigen_school")  # ended before the period
    absence(a1, end_date=day(10), outcome="")  # closed without outcome
    absence(a1, start_date=AFTER_P)  # not started on P
    absence(a2, kind=EXEMPT, legal_ground="")  # vrijstelling without legal ground
    absence(  # anonymised: plan and legal ground erased, still complete
        a2,
        kind=EXEMPT,
        plan="",
        legal_ground="",
        end_date=day(100),
        outcome="eigen_school",
        anonymised_at=timezone.now(),
    )
    absence(a2, last_contact_date=None)  # last contact missing
    absence(a2)  # complete
    absence(w.school_b1)  # decoys
    absence(w.school_b1, plan="")


def signed_data(w: World) -> None:
    a1, a2 = w.school_a1, w.school_a2
    opp(a1, set_on=P, signed_on=P)  # set and signed on P: in, signed
    opp(a1, set_on=day(364), signed_on=None)  # in, not signed
    opp(a1, set_on=day(365), signed_on=day(300))  # set before the period
    opp(a1, set_on=day(100), signed_on=AFTER_P)  # in, signed only after P
    opp(a1, set_on=None, signed_on=day(5))  # not set: out
    opp(a1, set_on=day(50), signed_on=day(40))  # in, signed
    opp(a2, set_on=day(200), signed_on=day(190))  # in, signed
    opp(a2, set_on=AFTER_P, signed_on=AFTER_P)  # set after P
    opp(w.school_b1, set_on=day(10), signed_on=day(9))  # decoy


def heard_data(w: World) -> None:
    a1, a2 = w.school_a1, w.school_a2
    opp(a1, set_on=day(10), heard_on=day(12), heard_how="gesprek")  # heard
    opp(a1, set_on=day(20), heard_on=None)  # not heard
    opp(a1, set_on=day(30), heard_on=P, heard_how="gesprek")  # heard on P
    opp(a2, set_on=day(364), heard_on=AFTER_P, heard_how="gesprek")  # heard after P
    opp(a2, set_on=day(365), heard_on=day(365), heard_how="gesprek")  # set before the period
    opp(w.school_b1, set_on=day(10), heard_on=day(10), heard_how="gesprek")  # decoy


def opdc_data(w: World, opdc: School, opdc2: School, opdc_b: School) -> None:
    opp(opdc, placement_date=day(100), set_on=day(120))  # OPP before intake
    opp(opdc, placement_date=day(100), set_on=day(100))  # OPP on the day of intake
    opp(opdc, placement_date=day(100), set_on=day(99))  # OPP a day after intake
    opp(opdc, placement_date=day(50), set_on=None)  # no OPP
    opp(opdc, placement_date=day(365), set_on=day(400))  # placed before the period
    opp(opdc, placement_date=day(364), set_on=day(364))  # first day of the period, with OPP
    opp(opdc, placement_date=AFTER_P, set_on=day(1))  # placed after P
    opp(opdc2, placement_date=day(30), set_on=day(31))  # with OPP
    opp(w.school_a1, placement_date=day(10), set_on=day(20))  # not an OPDC
    opp(opdc_b, placement_date=day(10), set_on=day(20))  # decoy


def outside_data(w: World) -> None:
    a1, a2, out = w.school_a1, w.school_a2, "buiten_swv"
    absence(a1, end_date=day(10), outcome=out, last_contact_date=day(10))  # contact
    absence(a1, end_date=day(20), outcome=out, last_contact_date=day(365))  # contact too long ago
    absence(a1, end_date=day(364), outcome=out, last_contact_date=day(364))  # contact
    absence(a1, end_date=day(365), outcome=out, last_contact_date=day(365))  # before the period
    absence(a1, end_date=day(5), outcome="eigen_school", last_contact_date=day(5))  # not outside
    absence(a1, end_date=P, outcome=out, last_contact_date=None)  # no contact
    absence(a2, end_date=day(30), outcome=out, last_contact_date=P)  # contact on P
    absence(a2, end_date=day(40), outcome=out, last_contact_date=AFTER_P)  # contact after P
    absence(a2, end_date=day(60), outcome=out, last_contact_date=day(61))  # contact
    absence(a2)  # open
    absence(w.school_b1, end_date=day(10), outcome=out, last_contact_date=day(10))  # decoy


def return_data(w: World) -> None:
    a1, a2 = w.school_a1, w.school_a2
    absence(a1, end_date=day(10), outcome="eigen_school")
    absence(a1, end_date=day(20), outcome="eigen_school")
    absence(a1, end_date=day(30), outcome="mbo")
    absence(a1, end_date=day(40), outcome="geen")  # not back in education
    absence(a1, end_date=day(365), outcome="eigen_school")  # before the period
    absence(a1, end_date=P, outcome="vso")  # ended on P: counts
    absence(a1, end_date=day(50), outcome="")  # closed without outcome
    absence(a1)  # open
    absence(a2, end_date=day(364), outcome="buiten_swv")
    absence(a2, end_date=day(1), outcome="opdc")
    absence(a2, end_date=AFTER_P, outcome="andere_school")  # after P
    absence(w.school_b1, end_date=day(10), outcome="eigen_school")  # decoy


@pytest.fixture
def everything(world: World, opdc_schools: tuple[School, School, School]) -> World:
    with scopes_disabled():
        for build in (
            thuiszitters_data,
            completeness_data,
            signed_data,
            heard_data,
            outside_data,
            return_data,
        ):
            build(world)
        opdc_data(world, *opdc_schools)
    return world


# --- The calculations --------------------------------------------------------------------------


def thuiszitters_details(
    absoluut: int, relatief: int, vrij: int, geoorloofd: int, korter: int, duur: float | None
) -> dict[str, Any]:
    return {
        "per_soort": {"absoluut": absoluut, "relatief": relatief},
        "vrijstellingen": vrij,
        "geoorloofd": geoorloofd,
        "relatief_korter_dan_4_weken": korter,
        "gemiddelde_duur_dagen": duur,
    }


def test_thuiszitters_counts_absolute_and_relative_of_four_weeks_open_on_p(world: World) -> None:
    with scopes_disabled():
        thuiszitters_data(world)
    result = run("thuiszitters", world.tenant_a)
    # A1: absoluut 10, 10, 40 days; relatief 28 days → 4 thuiszitters, (10+10+40+28)/4 = 22.0.
    #     Open on P as well: relatief of 27 days and a vrijstelling → 6 records.
    # A2: relatief 91 days → 1 thuiszitter, 91.0; plus a geoorloofd → 2 records.
    # Tenant: 5 thuiszitters, 8 records, (88 + 91)/5 = 35.8 days.
    assert result == Result(
        tenant=Figure(Decimal(5), 8, thuiszitters_details(3, 2, 1, 1, 1, 35.8)),
        per_school={
            world.school_a1.pk: Figure(Decimal(4), 6, thuiszitters_details(3, 1, 1, 0, 1, 22.0)),
            world.school_a2.pk: Figure(Decimal(1), 2, thuiszitters_details(0, 1, 0, 1, 0, 91.0)),
        },
    )


def test_relative_absence_counts_from_exactly_28_days(world: World) -> None:
    with scopes_disabled():
        absence(world.school_a1, kind=REL, start_date=day(27))
    assert run("thuiszitters", world.tenant_a).tenant.value == 0
    with scopes_disabled():
        absence(world.school_a1, kind=REL, start_date=day(28))
    assert run("thuiszitters", world.tenant_a).tenant.value == 1


def test_completeness_uses_the_required_fields_and_the_fixed_rules(world: World) -> None:
    with scopes_disabled():
        completeness_data(world)
    with tenant_scope(world.tenant_a):
        result = compute(
            "volledigheid_registratie",
            tenant=world.tenant_a,
            on=P,
            required_fields=DEFAULT_REQUIRED_FIELDS,
        )
    # A1 known in the period: complete, no plan, no partners, closed on P-364, closed without
    #    outcome → 2 of 5 complete. (Closed on P-365 and started after P are not known.)
    # A2: vrijstelling without ground, anonymised (complete), no last contact, complete → 2 of 4.
    # Tenant: 4 of 9 = 44.4%.
    assert result == Result(
        tenant=pct(4, 9, "44.4"),
        per_school={world.school_a1.pk: pct(2, 5, "40.0"), world.school_a2.pk: pct(2, 4, "50.0")},
    )


def test_completeness_without_required_fields_still_needs_ground_and_outcome(
    world: World,
) -> None:
    with scopes_disabled():
        completeness_data(world)
    with tenant_scope(world.tenant_a):
        result = compute(
            "volledigheid_registratie", tenant=world.tenant_a, on=P, required_fields=[]
        )
    # A1: only the closed registration without outcome fails → 4 of 5.
    # A2: only the vrijstelling without legal ground fails → 3 of 4. Tenant 7/9 = 77.8%.
    assert result == Result(
        tenant=pct(7, 9, "77.8"),
        per_school={world.school_a1.pk: pct(4, 5, "80.0"), world.school_a2.pk: pct(3, 4, "75.0")},
    )


def test_completeness_reads_the_tenants_settings_in_one_extra_query(
    world: World, django_assert_num_queries: Any
) -> None:
    with scopes_disabled():
        completeness_data(world)
        RegistrationSettings.objects.create(tenant=world.tenant_a, required_fields=["plan"])
    with django_assert_num_queries(2):
        result = run("volledigheid_registratie", world.tenant_a)
    # Only the plan required. A1: no plan and no outcome fail → 3/5. A2: the vrijstelling
    # without ground fails (the anonymised record's erased plan counts) → 3/4. Tenant 6/9.
    assert result == Result(
        tenant=pct(6, 9, "66.7"),
        per_school={world.school_a1.pk: pct(3, 5, "60.0"), world.school_a2.pk: pct(3, 4, "75.0")},
    )


def test_opp_signed_counts_signatures_up_to_p_of_opps_set_in_the_period(world: World) -> None:
    with scopes_disabled():
        signed_data(world)
    # A1: set on P (signed P), P-364 (unsigned), P-100 (signed after P), P-50 (signed) → 2/4.
    # A2: set P-200, signed → 1/1. Tenant 3/5 = 60.0%.
    assert run("opp_ondertekend", world.tenant_a) == Result(
        tenant=pct(3, 5, "60.0"),
        per_school={world.school_a1.pk: pct(2, 4, "50.0"), world.school_a2.pk: pct(1, 1, "100.0")},
    )


def test_pupils_heard_counts_hearings_up_to_p(world: World) -> None:
    with scopes_disabled():
        heard_data(world)
    # A1: heard, not heard, heard on P → 2/3 = 66.7%. A2: heard after P → 0/1 = 0.0%, a figure,
    # not "no data". Tenant 2/4 = 50.0%.
    assert run("leerlingen_gehoord", world.tenant_a) == Result(
        tenant=pct(2, 4, "50.0"),
        per_school={world.school_a1.pk: pct(2, 3, "66.7"), world.school_a2.pk: pct(0, 1, "0.0")},
    )


def test_opdc_intake_counts_opps_set_on_or_before_placement(
    world: World, opdc_schools: tuple[School, School, School]
) -> None:
    opdc, opdc2, opdc_b = opdc_schools
    with scopes_disabled():
        opdc_data(world, opdc, opdc2, opdc_b)
    # OPDC 1, placed in the period: OPP before, on the day, a day after, none, on P-364 → 3/5.
    # OPDC 2: 1/1. School A1 is no OPDC and is left out. Tenant 4/6 = 66.7%.
    assert run("opdc_instroom_met_opp", world.tenant_a) == Result(
        tenant=pct(4, 6, "66.7"),
        per_school={opdc.pk: pct(3, 5, "60.0"), opdc2.pk: pct(1, 1, "100.0")},
    )


def test_outside_swv_counts_contact_in_the_period(world: World) -> None:
    with scopes_disabled():
        outside_data(world)
    # A1, ended outside the SWV in the period: contact P-10, P-365 (too old), P-364, none → 2/4.
    # A2: contact on P, after P, P-61 → 2/3 = 66.7%. Tenant 4/7 = 57.1%.
    assert run("buiten_swv_met_contact", world.tenant_a) == Result(
        tenant=pct(4, 7, "57.1"),
        per_school={world.school_a1.pk: pct(2, 4, "50.0"), world.school_a2.pk: pct(2, 3, "66.7")},
    )


def outcomes(**counts: int) -> dict[str, Any]:
    every = ("eigen_school", "andere_school", "opdc", "vso", "mbo", "buiten_swv")
    return {"per_uitkomst": {o: counts.get(o, 0) for o in every}}


def test_return_to_education_counts_closed_with_an_education_outcome(world: World) -> None:
    with scopes_disabled():
        return_data(world)
    # A1: eigen_school ×2, mbo, vso (ended on P) → 4; geen, blank, open, P-365 do not count.
    # A2: buiten_swv (P-364), opdc → 2; ended after P does not count. Tenant 6.
    assert run("terugkeer_onderwijs", world.tenant_a) == Result(
        tenant=Figure(Decimal(6), 6, outcomes(eigen_school=2, mbo=1, vso=1, buiten_swv=1, opdc=1)),
        per_school={
            world.school_a1.pk: Figure(Decimal(4), 4, outcomes(eigen_school=2, mbo=1, vso=1)),
            world.school_a2.pk: Figure(Decimal(2), 2, outcomes(buiten_swv=1, opdc=1)),
        },
    )


# --- Every calculation -------------------------------------------------------------------------

NAMES = (
    "thuiszitters",
    "volledigheid_registratie",
    "opp_ondertekend",
    "leerlingen_gehoord",
    "opdc_instroom_met_opp",
    "buiten_swv_met_contact",
    "terugkeer_onderwijs",
)
# The Loket's calculations (referrals.calculations_loket), tested over their own data in
# referrals/tests/loket/test_register_figures.py.
LOKET_NAMES = (
    "verwijzingen_cluster_4",
    "verwijzingen_extern",
    "tlvs_geldig",
    "binnen_behandeltermijn",
    "behandelduur_mediaan",
    "bezwaren",
)
# The jaarplan's meeting counts (plans.jaarplan.calculations), tested in
# plans/tests/jaarplan/.
JAARPLAN_NAMES = ("bijeenkomsten_per_netwerk", "structurele_overleggen")
STEUNPUNT_NAMES = ("steunpunt_contacten", "steunpunt_trends", "steunpunt_terugkoppeling")


def test_the_registry_holds_every_calculation() -> None:
    assert set(CALCULATIONS) == (
        set(NAMES) | set(LOKET_NAMES) | set(JAARPLAN_NAMES) | set(STEUNPUNT_NAMES)
    )
    for name, found in CALCULATIONS.items():
        assert found.name == name
        assert found.unit in {"%", "aantal"}
        assert found.label and found.explanation and found.func.__doc__


def test_an_unknown_calculation_is_refused() -> None:
    with pytest.raises(ValueError, match="Onbekende berekening"):
        compute("bestaat_niet", tenant=Tenant(), on=P)


def test_a_name_cannot_be_registered_twice() -> None:
    with pytest.raises(ValueError, match="al geregistreerd"):
        calculation("thuiszitters", "Dubbel", "aantal", "Dubbel.")(lambda tenant, on: None)
    assert CALCULATIONS["thuiszitters"].label == "Thuiszitters op de peildatum"


@pytest.mark.parametrize("name", NAMES)
def test_each_calculation_is_one_query(
    everything: World, name: str, django_assert_num_queries: Any
) -> None:
    tenant = everything.tenant_a
    options = {"required_fields": DEFAULT_REQUIRED_FIELDS} if name == NAMES[1] else {}
    with tenant_scope(tenant), django_assert_num_queries(1):
        compute(name, tenant=tenant, on=P, **options)


@pytest.mark.parametrize("name", NAMES)
def test_every_tenant_at_once_is_still_one_query_and_gives_the_same_figures(
    everything: World, name: str, django_assert_num_queries: Any
) -> None:
    a, b = everything.tenant_a, everything.tenant_b
    options = {"required_fields": DEFAULT_REQUIRED_FIELDS} if name == NAMES[1] else {}
    with scopes_disabled():  # a platform-wide run, as the all-tenant computation does
        with django_assert_num_queries(1):
            both = compute_for(name, tenant_ids=[a.pk, b.pk], on=P, **options)
        assert both == {
            a.pk: compute(name, tenant=a, on=P, **options),
            b.pk: compute(name, tenant=b, on=P, **options),
        }


@pytest.mark.parametrize("name", NAMES)
def test_each_calculation_filters_on_the_tenant_itself(everything: World, name: str) -> None:
    # Without a scope only the explicit tenant filter keeps tenant B's decoys out.
    with scopes_disabled():
        unscoped = compute(name, tenant=everything.tenant_a, on=P)
        for_b = compute(name, tenant=everything.tenant_b, on=P)
        schools_b = set(
            School.objects.filter(tenant=everything.tenant_b).values_list("pk", flat=True)
        )
    assert unscoped == run(name, everything.tenant_a)
    assert unscoped.per_school and not set(unscoped.per_school) & schools_b
    assert for_b.per_school and set(for_b.per_school) <= schools_b  # every dataset has a decoy
    json.dumps([unscoped.tenant.details, *(f.details for f in unscoped.per_school.values())])


@pytest.mark.parametrize("name", NAMES)
def test_a_tenant_without_records_has_no_percentages_and_zero_counts(db: None, name: str) -> None:
    empty = TenantFactory(code="VOE001")
    result = run(name, empty)
    assert result.per_school == {}
    assert result.tenant.records == 0
    expected = None if CALCULATIONS[name].unit == "%" else Decimal(0)
    assert result.tenant.value == expected


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [
        (1, 16, Decimal("6.3")),  # 6.25: half up, not to even
        (2, 3, Decimal("66.7")),
        (1, 3, Decimal("33.3")),
        (0, 5, Decimal("0.0")),
        (5, 5, Decimal("100.0")),
        (3, 0, None),
    ],
)
def test_percentage_rounds_half_up_to_one_decimal(
    numerator: int, denominator: int, expected: Decimal | None
) -> None:
    assert percentage(numerator, denominator) == expected


def test_the_period_is_365_days_up_to_and_including_p() -> None:
    assert period_start(P) == datetime.date(2024, 6, 30)  # excluded; 1 July 2024 is the first day


# --- complete_q agrees with missing_fields -----------------------------------------------------

# Every combination of what completeness looks at: 4 kinds × 2^8 filled-or-empty = 1024 records.
VARIANTS = {
    "kind": AbsenceKind.values,
    "legal_ground": ["", "Leerplichtwet art. 5 onder a"],
    "end_date": [None, day(10)],
    "outcome": ["", "eigen_school"],
    "reason_category": ["", "psychisch"],
    "partners": [[], ["leerplicht"]],
    "plan": ["", "Plan van aanpak"],
    "last_contact_date": [None, day(3)],
    "anonymised": [False, True],
}
REQUIRED_SETS = [
    *(
        list(subset)
        for size in range(len(REQUIRABLE_FIELDS) + 1)
        for subset in itertools.combinations(REQUIRABLE_FIELDS, size)
    ),
    ["legal_ground"],
    ["outcome", "end_date"],
]


def every_combination(school: School) -> None:
    now = timezone.now()
    pupils = Pupil.objects.bulk_create(
        Pupil(tenant=school.tenant, school=school, pupil_number=f"C-{n}", birth_year=2011)
        for n in range(2 ** (len(VARIANTS) - 1) * len(AbsenceKind.values))
    )
    records = []
    for pupil_, values in zip(pupils, itertools.product(*VARIANTS.values()), strict=True):
        fields = dict(zip(VARIANTS, values, strict=True))
        anonymised = fields.pop("anonymised")
        records.append(
            AbsenceRegistration(
                tenant=school.tenant,
                school=school,
                pupil=pupil_,
                start_date=day(30),
                anonymised_at=now if anonymised else None,
                **fields,
            )
        )
    AbsenceRegistration.objects.bulk_create(records)


def test_complete_q_agrees_with_missing_fields_record_by_record(world: World) -> None:
    with scopes_disabled():
        every_combination(world.school_a1)
        stored = list(AbsenceRegistration.objects.all())
        assert len(stored) == 1024
        for required in REQUIRED_SETS:
            in_sql = set(
                AbsenceRegistration.objects.filter(complete_q(required)).values_list(
                    "pk", flat=True
                )
            )
            in_python = {r.pk for r in stored if not r.missing_fields(required)}
            assert in_sql == in_python, required


def test_complete_q_refuses_a_field_it_cannot_judge_like_python() -> None:
    with pytest.raises(ValueError, match="revision"):
        complete_q(["revision"])
