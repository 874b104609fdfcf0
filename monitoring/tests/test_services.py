"""The monitoring services: the catalogue, school reports, roll-ups and the snapshot job.

Datasets are small and built in tenant A around a fixed peildatum P (1 October 2025, school year
2025-2026); tenant B holds decoys (its own indicators, reports, thuiszitters and snapshots) that
tenant A's runs must never count or touch. Records are made with the ORM, as in
``test_calculations``; school reports and SWV entries go through their services where the service
accepts the school year.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from conftest import World
from monitoring import selectors
from monitoring.demo import REPORT_YEARS, past_peildata, seed_monitoring
from monitoring.jobs import compute_start
from monitoring.models import Frequency, Indicator, SchoolAnswer, SchoolReport, SwvEntry, Unit
from monitoring.norms import NormKind, school_year_of
from monitoring.services import (
    catalogue_load,
    indicator_save,
    indicators_compute,
    school_report_save,
    school_rollup,
    swv_entries_save,
    swv_figure,
)
from monitoring.tests.factories import (
    COUNT,
    INSIGHT,
    PERCENT,
    SCORE,
    SWV_COUNT,
    SWV_PERCENT,
    SWV_TREND,
    THUIS,
    YES,
    P,
    adopted_plan,
    compute,
    entry,
    make,
    newest,
    rows,
    tenant_data,
    thuiszitter,
)
from pillars.models import Goal, Pillar
from plans.demo import seed_plan
from plans.models import Plan
from referrals.demo import seed_registrations
from referrals.models import AbsenceRegistration
from swvportal.jobs.models import Job
from swvportal.jobs.tasks import run_job
from swvportal.tenancy.demo import seed_schools
from swvportal.tenancy.models import School, Tenant
from swvportal.tenancy.tests.factories import TenantFactory

YEAR = P.year  # P's school year: 2025-2026
NO_DATA, MET, NOT_MET, ON_TRACK = "geen gegevens", "behaald", "niet behaald", "op koers"
CATALOGUE = Path(settings.BASE_DIR) / "fixtures" / "refsvo_bijlage4.json"


# --- The catalogue -----------------------------------------------------------------------------


def bijlage4() -> dict[str, Any]:
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture
def plan(world: World) -> Plan:
    with scope(tenant=world.tenant_a):
        return seed_plan(world.tenant_a)


def test_loading_bijlage_4_links_every_indicator_to_its_pillar_and_goal(
    world: World, plan: Plan
) -> None:
    tenant, document = world.tenant_a, bijlage4()
    with scope(tenant=tenant):
        created = catalogue_load(tenant=tenant, document=document, plan=plan)
        loaded = {(i.pillar_number, i.text): i for i in Indicator.objects.filter(tenant=tenant)}
        pillars = dict(Pillar.objects.filter(plan=plan).values_list("position", "uid"))
        goals = {
            (g.pillar.position, g.title): g.uid
            for g in Goal.objects.filter(plan=plan).select_related("pillar")
        }
    assert created == len(loaded) == 43
    assert Counter(number for number, _ in loaded) == {1: 11, 2: 18, 3: 14}
    for row in document["indicatoren"]:
        indicator = loaded[(row["pijler"], row["kernindicator"])]
        assert indicator.pillar_uid == pillars[row["pijler"]]
        expected_goal = goals[(row["pijler"], row["doel"])] if row["doel"] else None
        assert indicator.goal_uid == expected_goal, row["kernindicator"]


def test_loading_the_catalogue_again_creates_nothing(world: World, plan: Plan) -> None:
    with scope(tenant=world.tenant_a):
        catalogue_load(tenant=world.tenant_a, document=bijlage4(), plan=plan)
        before = tenant_data(world.tenant_a)["Indicator"]
        assert catalogue_load(tenant=world.tenant_a, document=bijlage4(), plan=plan) == 0
    assert tenant_data(world.tenant_a)["Indicator"] == before


def _last_row(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document["indicatoren"][-1].update(changes)


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda d: d.update(schema="swvportal.plan/1"), "Dit is geen indicatorenbestand"),
        (_last_row(norm={"soort": "gevoel"}), "Indicator 43: onbekende soort norm 'gevoel'"),
        (_last_row(doel="Een doel dat niet bestaat"), "Indicator 43: onbekend ontwikkeldoel"),
        (_last_row(kleur="rood"), "Indicator 43: onbekende sleutel"),
    ],
)
def test_a_bad_catalogue_is_refused_in_dutch_and_creates_nothing(
    world: World, plan: Plan, spoil: Callable[[dict[str, Any]], None], message: str
) -> None:
    document = bijlage4()
    spoil(document)  # the last row spoilt: the 42 before it must be rolled back too
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match=message):
        catalogue_load(tenant=world.tenant_a, document=document, plan=plan)
    assert tenant_data(world.tenant_a)["Indicator"] == []


# --- indicator_save ----------------------------------------------------------------------------

VALID = dict(pillar_number=1, text="Pilot", norm_text="100% in 2027", frequency="jaarlijks")
VALID |= SWV_PERCENT


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({**THUIS, "calculation": "bestaat_niet"}, "calculation", "Kies een berekening"),
        ({**YES, "answer_kind": ""}, "answer_kind", "Kies wat scholen antwoorden"),
        ({**INSIGHT, "unit": Unit.PERCENT}, "unit", "hoort bij de eenheid 'tekst'"),
        ({"norm_minimum": None}, "norm_kind", "percentage heeft een minimum nodig"),
        (
            {"norm_kind": NormKind.MILESTONE, "norm_target_year": None, "unit": Unit.YES_NO},
            "norm_kind",
            "een mijlpaal heeft een schooljaar nodig",
        ),
    ],
)
def test_an_impossible_indicator_is_refused_field_by_field(
    world: World, changes: dict[str, Any], field: str, message: str
) -> None:
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError) as refused:
        indicator_save(tenant=world.tenant_a, data={**VALID, **changes})
    assert list(refused.value.message_dict) == [field]
    assert message in refused.value.message_dict[field][0]
    assert tenant_data(world.tenant_a)["Indicator"] == []


def test_a_new_indicator_goes_last_in_its_own_pillar(world: World) -> None:
    tenant = world.tenant_a
    make(tenant, "Bestaand", pillar_number=1, position=7, **SWV_PERCENT)
    make(tenant, "Andere pijler", pillar_number=2, position=9, **SWV_PERCENT)
    make(world.tenant_b, "B", pillar_number=1, position=20, **SWV_PERCENT)
    with scope(tenant=tenant):
        first = indicator_save(tenant=tenant, data=VALID)
        second = indicator_save(tenant=tenant, data={**VALID, "text": "Nog een"})
        fresh = indicator_save(tenant=tenant, data={**VALID, "pillar_number": 3})
    assert (first.position, second.position, fresh.position) == (8, 9, 1)


# --- school_report_save ------------------------------------------------------------------------


Kinds = dict[str, Indicator]


@pytest.fixture
def kinds(world: World) -> Kinds:
    """One school indicator per answer kind; an inactive one and an SWV one need no answer."""
    make(world.tenant_a, "Niet meer gevraagd", is_active=False, **SCORE)
    make(world.tenant_a, "Van het SWV", **SWV_COUNT)
    found = {"yes": YES, "count": COUNT, "score": SCORE, "percent": PERCENT}
    return {name: make(world.tenant_a, name, **fields) for name, fields in found.items()}


MISSING = object()


def answers(kinds: Kinds, **values: Any) -> dict[int, tuple[Decimal | None, str]]:
    values = {"yes": 1, "count": 3, "score": 7, "percent": 80, **values}
    return {
        kinds[name].pk: (None if v is None else Decimal(str(v)), "")
        for name, v in values.items()
        if v is not MISSING
    }


def report(world: World, kinds: Kinds, revision: int | None = None, **values: Any) -> SchoolReport:
    with scope(tenant=world.tenant_a):
        return school_report_save(
            tenant=world.tenant_a,
            school=world.school_a1,
            school_year=YEAR,
            answers=answers(kinds, **values),
            revision=revision,
        )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("yes", MISSING, "Kies ja of nee."),
        ("score", None, "Vul een score van 1 tot en met 10 in."),
        ("yes", 2, "Kies ja of nee."),
        ("yes", "0.5", "Kies ja of nee."),
        ("score", 11, "Vul een score van 1 tot en met 10 in."),
        ("score", 0, "Vul een score van 1 tot en met 10 in."),
        ("percent", 101, "Vul een percentage van 0 tot 100 in."),
        ("count", -1, "Vul een aantal van 0 of meer in."),
        ("count", "1.5", "Vul een aantal van 0 of meer in."),
    ],
)
def test_every_active_school_indicator_needs_an_answer_in_range(
    world: World, kinds: Kinds, name: str, value: Any, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        report(world, kinds, **{name: value})
    assert refused.value.message_dict == {f"indicator_{kinds[name].pk}": [message]}
    assert tenant_data(world.tenant_a)["SchoolReport"] == []


@pytest.mark.parametrize("offset", [1, 5])
def test_a_report_for_a_future_school_year_is_refused(
    world: World, kinds: Kinds, offset: int
) -> None:
    later = school_year_of(timezone.localdate()) + offset
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="kan nog niet"):
        school_report_save(
            tenant=world.tenant_a, school=world.school_a1, school_year=later, answers=answers(kinds)
        )
    assert tenant_data(world.tenant_a)["SchoolReport"] == []


def test_resubmitting_updates_the_answers_and_a_stale_revision_is_refused(
    world: World, kinds: Kinds
) -> None:
    first = report(world, kinds)
    again = report(world, kinds, revision=1, score=9, yes=0)
    assert (again.pk, first.revision, again.revision) == (first.pk, 1, 2)
    with pytest.raises(ValidationError, match="Iemand anders heeft deze rapportage"):
        report(world, kinds, revision=1, score=4)
    with scopes_disabled():
        saved = dict(SchoolAnswer.objects.filter(report=first).values_list("indicator", "value"))
        assert SchoolReport.objects.get(pk=first.pk).revision == 2
    expected = {"yes": 0, "count": 3, "score": 9, "percent": 80}
    assert saved == {kinds[name].pk: value for name, value in expected.items()}


# --- school_rollup and swv_figure --------------------------------------------------------------


def _d(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@pytest.mark.parametrize(
    ("kind", "given", "value", "records", "details"),
    [
        ("ja/nee", {1: "1", 2: "1", 3: "0"}, "66.7", 3, {"ja": 2}),
        ("ja/nee", {1: "1", 2: None, 3: "0"}, "50.0", 2, {"ja": 1}),  # None: did not report
        ("aantal", {1: "3", 2: "4"}, "7", 2, {}),
        ("score", {1: "7", 2: "7.5"}, "7.3", 2, {}),  # 7.25: half up, not to even
        ("score", {1: "6", 2: "7", 3: "7"}, "6.7", 3, {}),
        ("%", {1: "12", 2: "12.5", 9: "100"}, "12.3", 2, {}),  # 9 is another tenant's school
        ("score", {}, None, 0, {}),
        ("ja/nee", {1: None, 9: "1"}, None, 0, {}),
    ],
)
def test_school_rollup_by_what_the_schools_answer(
    kind: str,
    given: dict[int, str | None],
    value: str | None,
    records: int,
    details: dict[str, int],
) -> None:
    figures = school_rollup(
        Indicator(answer_kind=kind), {s: _d(v) for s, v in given.items()}, [1, 2, 3, 4]
    )
    tenant = figures.pop(None)
    assert (tenant.value, tenant.records) == (_d(value), records)
    expected = {"gerapporteerd": records, "verwacht": 4, "ontbreekt": 4 - records, **details}
    assert tenant.details == expected
    assert set(figures) == {s for s, v in given.items() if v is not None and s != 9}


@pytest.mark.parametrize(
    ("frequency", "years", "on", "value", "label"),
    [
        (Frequency.YEARLY, [2025, 2024], P, "25", "2025-2026"),
        (Frequency.YEARLY, [2024], P, None, None),  # a yearly entry does not carry over
        (Frequency.TWICE, [2024], P, None, None),
        (Frequency.YEARLY, [2024], datetime.date(2025, 7, 31), "24", "2024-2025"),
        (Frequency.ONCE, [2019], P, "19", "2019-2020"),  # a one-off lasts
        (Frequency.BIENNIAL, [2024], P, "24", "2024-2025"),  # one extra year
        (Frequency.BIENNIAL, [2023], P, None, None),
        (Frequency.ONCE, [], P, None, None),
    ],
)
def test_swv_figure_takes_the_entry_that_still_stands_on_the_peildatum(
    frequency: str, years: list[int], on: datetime.date, value: str | None, label: str | None
) -> None:
    entries = [SwvEntry(school_year=y, value=Decimal(y % 100), text="t") for y in years]
    figure = swv_figure(Indicator(frequency=frequency), entries, on)
    assert (figure.value, figure.records) == (_d(value), 1 if value else 0)
    assert figure.details == ({"schooljaar": label} if label else {})


# --- indicators_compute ------------------------------------------------------------------------


@dataclass
class Dash:
    world: World
    thuis: Indicator
    yes: Indicator
    score: Indicator
    swv_count: Indicator
    insight: Indicator


def _school_report(tenant: Tenant, school: School, given: dict[Indicator, int]) -> None:
    found = {i.pk: (Decimal(v), "") for i, v in given.items()}
    with scope(tenant=tenant):
        school_report_save(tenant=tenant, school=school, school_year=YEAR, answers=found)


@pytest.fixture
def dash(world: World) -> Dash:
    """Tenant A: 2 + 1 thuiszitters, two school reports, two SWV entries; B: decoys."""
    a, b = world.tenant_a, world.tenant_b
    d = Dash(
        world,
        make(a, "Thuiszitters", **THUIS),
        make(a, "Pedagogische visie", **YES),
        make(a, "Tevredenheid", **SCORE),
        make(a, "Netwerkgroepen", **SWV_COUNT),
        make(a, "Inzicht", **INSIGHT),
    )
    for school, n in ((world.school_a1, 2), (world.school_a2, 1), (world.school_b1, 5)):
        for _ in range(n):
            thuiszitter(school)
    _school_report(a, world.school_a1, {d.yes: 1, d.score: 8})
    _school_report(a, world.school_a2, {d.yes: 0, d.score: 7})
    with scope(tenant=a):
        swv_entries_save(
            tenant=a,
            school_year=YEAR,
            entries={d.swv_count.pk: (Decimal(3), ""), d.insight.pk: (None, "Ouders gehoord.")},
        )
    b_yes = make(b, "B visie", **YES)
    make(b, "B thuiszitters", **THUIS)
    _school_report(b, world.school_b1, {b_yes: 1})
    compute(b)
    return d


def test_the_first_run_writes_the_tenants_figures_and_the_schools_parts(dash: Dash) -> None:
    w = dash.world
    a1, a2 = w.school_a1.pk, w.school_a2.pk
    summary = compute(w.tenant_a)
    found = {(m["indicator_id"], m["school_id"]): m for m in rows(w.tenant_a)}
    assert (summary.indicators, summary.written, summary.unchanged) == (5, 11, 0)
    # A school's own ja/nee figure is on the tenant's scale: 100% or 0% of itself.
    assert {key: (m["value"], m["records"]) for key, m in found.items()} == {
        (dash.thuis.pk, None): (3, 3),  # B's five thuiszitters do not count
        (dash.thuis.pk, a1): (2, 2),
        (dash.thuis.pk, a2): (1, 1),
        (dash.yes.pk, None): (Decimal("50.0"), 2),
        (dash.yes.pk, a1): (100, 1),
        (dash.yes.pk, a2): (0, 1),
        (dash.score.pk, None): (Decimal("7.5"), 2),
        (dash.score.pk, a1): (8, 1),
        (dash.score.pk, a2): (7, 1),
        (dash.swv_count.pk, None): (3, 1),
        (dash.insight.pk, None): (None, 1),
    }
    tenant_status = {i: found[(i, None)]["status"] for i, _ in found}
    assert tenant_status == {
        dash.thuis.pk: NO_DATA,  # one measurement is no trend yet
        dash.yes.pk: ON_TRACK,  # 50% < 100%, before 2027
        dash.score.pk: MET,
        dash.swv_count.pk: MET,
        dash.insight.pk: MET,
    }
    assert found[(dash.insight.pk, None)]["text"] == "Ouders gehoord."
    expected = dict(gerapporteerd=2, verwacht=2, ontbreekt=0, ja=1)
    assert found[(dash.yes.pk, None)]["details"] == expected
    assert all(not m["provisional"] and m["peildatum"] == P for m in found.values())


def test_a_second_run_with_unchanged_data_writes_nothing(dash: Dash) -> None:
    tenant = dash.world.tenant_a
    compute(tenant)
    before = rows(tenant)
    summary = compute(tenant)
    assert (summary.written, summary.unchanged) == (0, 11)
    assert rows(tenant) == before


def test_a_changed_figure_is_added_and_the_earlier_one_stays(dash: Dash) -> None:
    tenant, a1 = dash.world.tenant_a, dash.world.school_a1
    compute(tenant)
    before = rows(tenant)
    thuiszitter(a1)
    summary = compute(tenant)
    after = rows(tenant)
    assert summary.written == 2  # the tenant's figure and A1's; A2 and the rest are unchanged
    assert after[: len(before)] == before
    assert {(m["school_id"], m["value"]) for m in after[len(before) :]} == {(None, 4), (a1.pk, 3)}
    with scope(tenant=tenant):
        history = selectors.indicator_history(indicator=dash.thuis)
    assert [(m.peildatum, m.value) for m in history] == [(P, 3), (P, 4)]
    assert [m.value for m in selectors.newest_per_peildatum(history)] == [4]
    assert newest(dash.thuis).value == 4


def test_a_school_that_lost_its_figure_gets_an_explicit_no_data_snapshot(dash: Dash) -> None:
    tenant, a2 = dash.world.tenant_a, dash.world.school_a2
    compute(tenant)
    with scopes_disabled():  # A2's thuiszitter now starts after P: no records on P
        AbsenceRegistration.objects.filter(school=a2).update(start_date=P + datetime.timedelta(1))
    assert compute(tenant).written == 2
    lost = newest(dash.thuis, a2)
    assert (lost.value, lost.records, lost.status) == (None, 0, NO_DATA)
    assert newest(dash.thuis).value == 2
    assert compute(tenant).written == 0  # and it stays that way


@pytest.mark.parametrize(
    ("on", "value", "status"),
    [
        (datetime.date(2026, 10, 1), 80, ON_TRACK),
        (datetime.date(2027, 10, 1), 80, NOT_MET),
        (datetime.date(2026, 10, 1), 100, MET),
        (datetime.date(2026, 10, 1), None, NO_DATA),
    ],
)
def test_a_percentage_norm_is_on_track_until_its_target_year(
    world: World, on: datetime.date, value: int | None, status: str
) -> None:
    indicator = make(world.tenant_a, "100% in 2027", **SWV_PERCENT)
    entry(indicator, school_year_of(on), value)
    compute(world.tenant_a, on)
    assert newest(indicator, on=on).status == status


@pytest.mark.parametrize(("values", "third"), [((10, 8, 6), MET), ((6, 8, 10), NOT_MET)])
def test_a_trend_is_judged_from_the_third_official_peildatum(
    world: World, values: tuple[int, int, int], third: str
) -> None:
    tenant = world.tenant_a
    indicator = make(tenant, "Verwijzingen cluster 4", **SWV_TREND)
    statuses = []
    for year, value in zip((2022, 2023, 2024), values, strict=True):
        entry(indicator, year, value)
        if year == 2023:  # a provisional figure in between is no peildatum of the trend
            compute(tenant, datetime.date(2023, 5, 1), provisional=True)
        compute(tenant, datetime.date(year, 10, 1))
        statuses.append(newest(indicator, on=datetime.date(year, 10, 1)).status)
    assert statuses == [NO_DATA, NO_DATA, third]


def test_a_trend_on_a_leap_day_still_sees_the_earlier_peildata(world: World) -> None:
    # The nightly provisional run also runs on 29 February; four years back is no such day.
    indicator = make(world.tenant_a, "Verwijzingen cluster 4", **SWV_TREND)
    for year, value in ((2020, 10), (2021, 8), (2022, 6), (2023, 4)):
        entry(indicator, year, value)
        if year < 2023:
            compute(world.tenant_a, datetime.date(year, 10, 1))
    leap_day = datetime.date(2024, 2, 29)
    compute(world.tenant_a, leap_day, provisional=True)
    assert newest(indicator, on=leap_day).status == MET


@pytest.mark.parametrize(
    ("on", "due"),
    [
        (datetime.date(2026, 3, 1), {"thuis"}),
        (P, {"thuis", "yes", "score", "swv_count", "insight"}),
        (datetime.date(2026, 1, 15), set()),
    ],
)
def test_only_due_computes_the_indicators_whose_peildatum_it_is(
    dash: Dash, on: datetime.date, due: set[str]
) -> None:
    summary = compute(dash.world.tenant_a, on, only_due=True)
    computed = {m["indicator_id"] for m in rows(dash.world.tenant_a, school=None)}
    assert summary.indicators == len(due)
    assert computed == {getattr(dash, name).pk for name in due}


def test_a_provisional_run_replaces_the_earlier_provisional_figures_only(dash: Dash) -> None:
    tenant = dash.world.tenant_a
    compute(tenant)
    official = rows(tenant, provisional=False)
    monday, tuesday = datetime.date(2025, 11, 3), datetime.date(2025, 11, 4)
    compute(tenant, monday, provisional=True)
    assert {m["peildatum"] for m in rows(tenant, provisional=True)} == {monday}
    compute(tenant, tuesday, provisional=True)
    again = compute(tenant, tuesday, provisional=True)
    provisional = rows(tenant, provisional=True)
    assert {m["peildatum"] for m in provisional} == {tuesday}
    assert len(provisional) == 11 and again.written == 0
    assert rows(tenant, provisional=False) == official


def test_tenant_b_is_never_counted_or_touched(dash: Dash) -> None:
    w = dash.world
    before = tenant_data(w.tenant_b)
    assert before["Measurement"]  # B has snapshots of its own that A's runs could disturb
    compute(w.tenant_a)
    thuiszitter(w.school_a1)
    compute(w.tenant_a)
    compute(w.tenant_a, datetime.date(2025, 11, 3), provisional=True)
    assert tenant_data(w.tenant_b) == before
    assert newest(dash.thuis).value == 4
    assert newest(dash.yes).details["verwacht"] == 2
    assert not {m["school_id"] for m in rows(w.tenant_a)} & {w.school_b1.pk}


# --- The demo ----------------------------------------------------------------------------------


def test_seed_monitoring_measures_the_demo_tenant_and_a_second_run_changes_nothing(db) -> None:
    tenant = TenantFactory(code="VO0001", name="RefSVO")
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_plan(tenant)
        seed_registrations(tenant)
        first = seed_monitoring(tenant)
        before = tenant_data(tenant)
        assert seed_monitoring(tenant) == first
        today = timezone.localdate()
        rerun = [
            indicators_compute(tenant=tenant, peildatum=day, only_due=True).written
            for day in past_peildata(today, REPORT_YEARS)
        ]
        rerun.append(indicators_compute(tenant=tenant, peildatum=today, provisional=True).written)
    assert first["indicators"] == 43 + 4 and first["reports"] > 0  # Bijlage 4 + the Loket's
    assert first["measurements"] > 43
    assert tenant_data(tenant) == before
    assert rerun == [0] * len(rerun)
    with scopes_disabled():
        linked = Indicator.objects.filter(tenant=tenant, goal_uid__isnull=False).count()
    assert linked == 41


# --- The job -----------------------------------------------------------------------------------


def test_a_second_request_while_the_first_waits_returns_the_same_job(world: World) -> None:
    tenant = world.tenant_a
    adopted_plan(tenant, school_year_of(P))
    with scope(tenant=tenant):
        first = compute_start(tenant=tenant, peildatum=P)
        assert compute_start(tenant=tenant, peildatum=P).pk == first.pk
        Job.objects.filter(pk=first.pk).update(status=Job.Status.RUNNING)
        assert compute_start(tenant=tenant, peildatum=P).pk == first.pk
        other = compute_start(tenant=tenant, peildatum=timezone.localdate(), provisional=True)
        Job.objects.filter(pk=first.pk).update(status=Job.Status.DONE)
        after_done = compute_start(tenant=tenant, peildatum=P)
        assert Job.objects.count() == 3
    assert len({first.pk, other.pk, after_done.pk}) == 3


def test_a_future_peildatum_cannot_be_computed(world: World) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with scope(tenant=world.tenant_a), pytest.raises(ValidationError, match="in de toekomst"):
        compute_start(tenant=world.tenant_a, peildatum=tomorrow)
    with scopes_disabled():
        assert not Job.objects.exists()


def test_running_the_job_twice_leaves_identical_snapshots(dash: Dash) -> None:
    tenant = dash.world.tenant_a
    adopted_plan(tenant, school_year_of(P))
    with scope(tenant=tenant):
        job = compute_start(tenant=tenant, peildatum=P)
    run_job.run(job.pk)
    written = rows(tenant)
    run_job.run(job.pk)  # a redelivered message: the finished job is not claimed again
    with scopes_disabled():
        assert Job.objects.get(pk=job.pk).attempts == 1
        # As if the worker died before recording the outcome: the handler itself runs again.
        Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED)
    run_job.run(job.pk)
    with scopes_disabled():
        job.refresh_from_db()
    assert (job.status, job.attempts) == (Job.Status.DONE, 2)
    assert job.result_url == "/VOA001/monitoring/?peildatum=2025-10-01"
    assert len(written) == 11 and {m["job_id"] for m in written} == {job.pk}
    assert rows(tenant) == written


# --- Regressions --------------------------------------------------------------------------------


def test_a_school_that_answered_ja_meets_a_100_percent_norm_on_its_own(dash: Dash) -> None:
    compute(dash.world.tenant_a)
    a1 = newest(dash.yes, dash.world.school_a1)
    assert (a1.value, a1.status) == (100, MET)


def test_a_trend_without_a_figure_on_the_peildatum_has_no_status(world: World) -> None:
    indicator = make(world.tenant_a, "Verwijzingen cluster 4", **SWV_TREND)
    for year, value in ((2021, 10), (2022, 8), (2023, 6)):
        entry(indicator, year, value)
        compute(world.tenant_a, datetime.date(year, 10, 1))
    compute(world.tenant_a)  # no entry for 2025-2026: a yearly entry does not carry over
    missing = newest(indicator)
    assert (missing.value, missing.records, missing.status) == (None, 0, NO_DATA)


def test_a_catalogue_that_lists_a_row_twice_creates_it_once(world: World) -> None:
    row = {
        "pijler": 2,
        "kernindicator": "Aantal actieve netwerkgroepen",
        "norm_tekst": "Minimaal 3–5",
        "norm": {"soort": "aantal", "minimum": 3, "maximum": 5},
        "rapportage": "jaarlijks",
        "bron": "swv",
        "eenheid": "aantal",
    }
    document = {"schema": "swvportal.indicators/1", "indicatoren": [row, row]}
    with scope(tenant=world.tenant_a):
        assert catalogue_load(tenant=world.tenant_a, document=document) == 1
        assert Indicator.objects.filter(tenant=world.tenant_a).count() == 1


def test_a_school_of_another_tenant_cannot_report_here(world: World) -> None:
    with scope(tenant=world.tenant_a):
        yes = make(world.tenant_a, "Pedagogische visie", **YES)
        with pytest.raises(ValidationError, match="hoort niet bij dit samenwerkingsverband"):
            school_report_save(
                tenant=world.tenant_a,
                school=world.school_b1,
                school_year=2025,
                answers={yes.pk: (Decimal(1), "")},
            )
    with scopes_disabled():
        assert not SchoolReport.objects.exists()


def test_the_service_refuses_what_the_forms_refuse(world: World) -> None:
    with scope(tenant=world.tenant_a):
        data = {"text": "Zonder pijler", "norm_text": "Minimaal 2", "frequency": "jaarlijks"}
        with pytest.raises(ValidationError, match="pijler heeft een nummer van 1"):
            indicator_save(tenant=world.tenant_a, data={**data, **SWV_COUNT, "pillar_number": 0})
        score = make(world.tenant_a, "Tevredenheid", **SCORE)
        cases = [((Decimal("7.25"), ""), "één cijfer achter de komma"), ((7, "x" * 2001), "korter")]
        for answer, message in cases:
            with pytest.raises(ValidationError, match=message):
                school_report_save(
                    tenant=world.tenant_a,
                    school=world.school_a1,
                    school_year=2025,
                    answers={score.pk: answer},
                )
    with scopes_disabled():
        assert not SchoolReport.objects.exists()
        assert not Indicator.objects.filter(text="Zonder pijler").exists()
