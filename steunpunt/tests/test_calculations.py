"""The dashboard's three steunpunt rows (issue #16, point 5): after ``compute_indicators`` their
measurements equal a hand count, toezicht sees a count of 1–4 contacts as "<5", and the
monitoring migration 0005 makes the catalogue's rows computed."""

from __future__ import annotations

import datetime
import importlib
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from monitoring import display
from monitoring.catalogue import indicator_fields_from_document
from monitoring.disclosure import HIDDEN
from monitoring.models import Indicator, Measurement
from monitoring.services import _validate_indicator
from swvportal.core.calculations import CALCULATIONS, compute, compute_for
from swvportal.tenancy.tests.factories import SchoolFactory

from ..calculations import feedback_school_year
from .builders import a_contact, a_feedback, a_trend

P = datetime.date(2026, 10, 1)  # the default yearly peildatum, in school year 2026-2027
CATALOGUE = Path(settings.BASE_DIR) / "fixtures" / "refsvo_bijlage4.json"
ROWS = {
    "steunpunt_contacten": "Gebruik ouder- en jeugdsteunpunt (aantal contacten)",
    "steunpunt_trends": "Aantal gesignaleerde trends uit ouderinput",
    "steunpunt_terugkoppeling": "Jaarlijkse terugkoppeling naar scholen",
}
migration = importlib.import_module("monitoring.migrations.0005_steunpunt_rows_computed")


def _catalogue_rows() -> list[dict]:
    document = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    return [r for r in document["indicatoren"] if r["kernindicator"] in ROWS.values()]


def _indicators(tenant) -> dict[str, Indicator]:
    """The three rows as the catalogue gives them to a new tenant."""
    made = {}
    with scopes_disabled():
        for position, row in enumerate(_catalogue_rows(), 1):
            fields = indicator_fields_from_document(row, position)
            indicator = Indicator(tenant=tenant, **fields)
            _validate_indicator(indicator)
            indicator.save()
            made[indicator.calculation] = indicator
    return made


@pytest.fixture
def small_world(world):
    """Tenant A around P: 3 contacts in the 12 months (one on P itself), one just outside; two
    trends in the period, one before; a third school; feedback of 2025-2026 to two of the three
    schools (one of them after P, which does not count yet), one of 2024-2025. Tenant B: noise."""
    a = world.tenant_a
    for day in (P, P - datetime.timedelta(days=364), datetime.date(2026, 3, 1)):
        a_contact(a, received_on=day, school=world.school_a1)
    a_contact(a, received_on=P - datetime.timedelta(days=365))
    a_contact(a, received_on=P + datetime.timedelta(days=1))
    a_trend(a, title="Vervoer", signalled_on=datetime.date(2026, 1, 10))
    a_trend(a, title="Wachtlijst", signalled_on=P)
    a_trend(a, title="Oud", signalled_on=datetime.date(2025, 9, 1))
    with scopes_disabled():
        third = SchoolFactory(tenant=a, brin="11AC00", name="Alfa Mavo")
    a_feedback(world.school_a1, 2025, given_on=datetime.date(2026, 6, 20))
    a_feedback(third, 2025, given_on=P + datetime.timedelta(days=5))
    a_feedback(world.school_a2, 2024, given_on=datetime.date(2025, 6, 1))
    for _ in range(6):
        a_contact(world.tenant_b, received_on=P, school=world.school_b1)
    a_feedback(world.school_b1, 2025, given_on=datetime.date(2026, 6, 1))
    return {"third": third}


def _newest(indicator, school=None) -> Measurement:
    with scopes_disabled():
        return (
            Measurement.objects.filter(indicator=indicator, school=school, peildatum=P)
            .order_by("computed_at", "pk")
            .last()
        )


def test_the_three_rows_are_registered_with_their_units():
    assert CALCULATIONS["steunpunt_contacten"].unit == "aantal"
    assert CALCULATIONS["steunpunt_contacten"].about_pupils
    assert not CALCULATIONS["steunpunt_trends"].about_pupils
    assert CALCULATIONS["steunpunt_terugkoppeling"].unit == "%"
    assert not CALCULATIONS["steunpunt_terugkoppeling"].about_pupils
    for name, text in ROWS.items():
        assert CALCULATIONS[name].label == text


def test_the_school_year_of_the_feedback_is_the_last_one_ended():
    assert feedback_school_year(datetime.date(2026, 10, 1)).start == 2025
    assert feedback_school_year(datetime.date(2026, 7, 31)).start == 2025
    assert feedback_school_year(datetime.date(2026, 7, 30)).start == 2024


def test_compute_indicators_gives_the_hand_counts(world, small_world, capsys):
    rows = _indicators(world.tenant_a)
    call_command("compute_indicators", "--tenant", "VOA001", "--peildatum", P.isoformat())
    contacts = _newest(rows["steunpunt_contacten"])
    assert (contacts.value, contacts.records) == (Decimal(3), 3)
    trends = _newest(rows["steunpunt_trends"])
    assert (trends.value, trends.records) == (Decimal(2), 2)
    feedback = _newest(rows["steunpunt_terugkoppeling"])
    # 1 of the 3 schools got the feedback of 2025-2026 by P: 33.3%.
    assert feedback.value == Decimal("33.3")
    assert feedback.details["teller"] == 1 and feedback.details["noemer"] == 3
    assert feedback.details["over_schooljaar"] == "2025-2026"
    assert _newest(rows["steunpunt_terugkoppeling"], world.school_a1).value == Decimal(100)
    assert _newest(rows["steunpunt_terugkoppeling"], world.school_a2).value == Decimal(0)
    assert _newest(rows["steunpunt_terugkoppeling"], small_world["third"]).value == Decimal(0)


def test_each_calculation_is_one_query_for_any_number_of_tenants(
    world, small_world, django_assert_num_queries
):
    ids = [world.tenant_a.pk, world.tenant_b.pk]
    with scopes_disabled():
        for name in ROWS:
            with django_assert_num_queries(1):
                results = compute_for(name, tenant_ids=ids, on=P)
            assert set(results) == set(ids)
        b = compute_for("steunpunt_terugkoppeling", tenant_ids=ids, on=P)[world.tenant_b.pk]
        assert b.tenant.value == Decimal(100)
        assert compute_for("steunpunt_contacten", tenant_ids=ids, on=P)[
            world.tenant_b.pk
        ].tenant.value == Decimal(6)


def test_a_tenant_without_anything_counts_zero_and_has_no_percentage(world):
    with scope(tenant=world.tenant_b):
        assert compute("steunpunt_contacten", tenant=world.tenant_b, on=P).tenant.value == 0
        assert compute("steunpunt_trends", tenant=world.tenant_b, on=P).tenant.value == 0
        result = compute("steunpunt_terugkoppeling", tenant=world.tenant_b, on=P)
    assert result.tenant.value == Decimal(0) and result.tenant.records == 1  # one school, none
    with scopes_disabled():
        from swvportal.tenancy.models import School, Tenant

        empty = Tenant.objects.create(code="VOC001", name="Leeg")
        assert not School.objects.filter(tenant=empty).exists()
    with scope(tenant=empty):
        assert compute("steunpunt_terugkoppeling", tenant=empty, on=P).tenant.value is None


def test_toezicht_sees_a_small_count_of_contacts_as_less_than_five(world, small_world, login):
    rows = _indicators(world.tenant_a)
    call_command("compute_indicators", "--tenant", "VOA001", "--peildatum", P.isoformat())
    contacts = _newest(rows["steunpunt_contacten"])
    indicator = rows["steunpunt_contacten"]
    assert display.value_label(indicator, contacts, suppress=True) == "<5"
    assert display.value_label(indicator, contacts, suppress=False) == "3"
    url = reverse("monitoring:dashboard", kwargs={"tenant_code": "VOA001"})
    page = login(world.user("toezicht")).get(url, {"peildatum": P.isoformat()}).content.decode()
    assert '<td class="metric-value">&lt;5</td>' in page
    page = login(world.user("bestuurder")).get(url, {"peildatum": P.isoformat()}).content.decode()
    assert '<td class="metric-value">3</td>' in page
    # The trends (no people) are shown as they are, small or not.
    trends = _newest(rows["steunpunt_trends"])
    assert display.value_label(rows["steunpunt_trends"], trends, suppress=True) == "2"


def test_other_rows_keep_the_dashboards_own_word_for_hidden(world):
    """A computed count without a ``small_label`` (thuiszitters) still reads ``HIDDEN``."""
    with scopes_disabled():
        indicator = Indicator(
            tenant=world.tenant_a, source="berekend", calculation="thuiszitters", unit="aantal"
        )
        measurement = Measurement(indicator=indicator, value=Decimal(3), records=3, details={})
    assert display.value_label(indicator, measurement, suppress=True) == HIDDEN


def test_the_migration_makes_the_entered_rows_computed_and_back(world):
    with scopes_disabled():
        old = {
            text: Indicator.objects.create(
                tenant=world.tenant_a, pillar_number=3, text=text, norm_text="Jaarlijks",
                frequency="jaarlijks", source="swv",
                **({"unit": "%", "norm_kind": "percentage", "norm_minimum": 100}
                   if name == "steunpunt_terugkoppeling" else
                   {"unit": "tekst", "norm_kind": "inzicht"}),
            )
            for name, text in ROWS.items()
        }  # fmt: skip
        migration.computed(apps, None)
        for indicator in old.values():
            indicator.refresh_from_db()
            _validate_indicator(indicator)  # a valid row after the change
        contacts = old[ROWS["steunpunt_contacten"]]
        assert (contacts.source, contacts.calculation, contacts.unit) == (
            "berekend",
            "steunpunt_contacten",
            "aantal",
        )
        assert (contacts.norm_kind, contacts.norm_direction) == ("trend", "stijgend")
        trends = old[ROWS["steunpunt_trends"]]
        assert (trends.unit, trends.norm_kind, trends.norm_minimum) == ("aantal", "aantal", 0)
        assert old[ROWS["steunpunt_terugkoppeling"]].calculation == "steunpunt_terugkoppeling"
        migration.entered(apps, None)
        for indicator in old.values():
            indicator.refresh_from_db()
            _validate_indicator(indicator)
            assert (indicator.source, indicator.calculation) == ("swv", "")
        assert old[ROWS["steunpunt_contacten"]].unit == "tekst"


def test_the_catalogue_rows_are_computed_like_the_migration_makes_them():
    rows = {r["kernindicator"]: r for r in _catalogue_rows()}
    for name, text in ROWS.items():
        assert rows[text]["bron"] == "berekend" and rows[text]["berekening"] == name
        note = migration.ROWS[text][1]
        assert rows[text]["toelichting"] == note
    assert rows[ROWS["steunpunt_contacten"]]["eenheid"] == "aantal"
    assert rows[ROWS["steunpunt_trends"]]["eenheid"] == "aantal"
