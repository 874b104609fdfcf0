"""The dashboard's meeting rows (Bijlage 4, pijler 2): after ``compute_indicators`` they are
computed from the held bijeenkomsten of their series and equal a count by hand; they are no
pupil data, so toezicht sees their small numbers; the data migration switches old rows both
ways."""

from __future__ import annotations

import datetime
import importlib
import json
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from monitoring.demo import CATALOGUE
from monitoring.disclosure import HIDDEN
from monitoring.models import Indicator, Measurement
from monitoring.services import catalogue_load, indicators_compute_all
from monitoring.tests.factories import thuiszitter

from .builders import a_meeting, a_series

pytestmark = pytest.mark.django_db

D = datetime.date
P = D(2026, 10, 1)  # the period: 2 October 2025 up to and including 1 October 2026
NETWORK_ROW = "Aantal bijeenkomsten per netwerk"
BERSEBA_ROW = "Aantal structurele overleggen"
migration = importlib.import_module("monitoring.migrations.0004_meeting_rows_computed")


def _catalogue(tenant) -> None:
    with scope(tenant=tenant):
        catalogue_load(tenant=tenant, document=json.loads(CATALOGUE.read_text(encoding="utf-8")))


def _held(series, *days: datetime.date) -> None:
    for day in days:
        a_meeting(series, school_year=day.year if day.month >= 8 else day.year - 1, held_on=day)


def _planned(series, day: datetime.date) -> None:
    a_meeting(series, school_year=day.year if day.month >= 8 else day.year - 1, planned_on=day)


@pytest.fixture
def meetings(world):
    """Tenant A's meetings around P, and tenant B's; the comments give the count by hand."""
    a = world.tenant_a
    in_period = [D(2025, 10, 2), D(2026, 2, 1), D(2026, 10, 1)]  # its first and last day
    out = [D(2025, 10, 1), D(2026, 10, 2)]  # the day before, and after P
    _held(a_series(a, name="Netwerk Noord", indicator="netwerk"), *in_period, *out)  # 3
    oost = a_series(a, name="Netwerk Oost", indicator="netwerk")
    _held(oost, D(2025, 12, 1), D(2026, 6, 1))  # 2
    _planned(oost, D(2026, 9, 1))  # planned, not held: 0
    _held(a_series(a, name="Netwerk Zuid", indicator="netwerk"), D(2026, 3, 5))  # 1: the lowest
    a_series(a, name="Netwerk West", indicator="netwerk", is_active=False)  # inactive: not counted
    berseba = a_series(a, name="Overleg Berséba", indicator="berseba")
    _held(berseba, D(2025, 10, 14), D(2026, 4, 14), D(2025, 4, 14))  # 2
    _held(a_series(a, name="Overleg Berséba HB", indicator="berseba"), D(2026, 9, 30))  # 1
    _held(a_series(a, name="Oud overleg", indicator="berseba", is_active=False), D(2026, 1, 1))
    _held(a_series(a, name="Thuiszitteroverleg", planned_per_year=5), *in_period)  # no row
    b = world.tenant_b
    a_series(b, name="Netwerk GEHEIM-B", indicator="netwerk")  # 0 for B, not for A
    _held(a_series(b, name="Berséba GEHEIM-B", indicator="berseba"), *in_period)  # 3 for B
    return {"per_netwerk": {"Netwerk Noord": 3, "Netwerk Oost": 2, "Netwerk Zuid": 1}, "berseba": 3}


def _figure(tenant, text: str) -> Measurement:
    with scopes_disabled():
        return Measurement.objects.get(
            tenant=tenant, indicator__text=text, peildatum=P, school__isnull=True
        )


def test_compute_indicators_counts_the_held_meetings_of_the_rows_series(world, meetings):
    _catalogue(world.tenant_a)
    with scopes_disabled():
        rows = Indicator.objects.filter(tenant=world.tenant_a, text__in=[NETWORK_ROW, BERSEBA_ROW])
        assert {(i.source, i.calculation) for i in rows} == {
            ("berekend", "bijeenkomsten_per_netwerk"),
            ("berekend", "structurele_overleggen"),
        }
    call_command("compute_indicators", "--tenant", "VOA001", "--peildatum", P.isoformat())
    network = _figure(world.tenant_a, NETWORK_ROW)
    assert network.value == Decimal(min(meetings["per_netwerk"].values()))  # 1: Netwerk Zuid
    assert network.records == sum(meetings["per_netwerk"].values())
    assert network.details == {"per_netwerk": meetings["per_netwerk"], "netwerken": 3}
    assert network.status == "niet behaald"  # the norm: at least 2 for every network
    berseba = _figure(world.tenant_a, BERSEBA_ROW)
    assert (berseba.value, berseba.records, berseba.status) == (Decimal(3), 3, "behaald")


def test_every_tenant_at_once_gives_each_its_own_count(world, meetings):
    _catalogue(world.tenant_a)
    _catalogue(world.tenant_b)
    indicators_compute_all(peildatum=P)
    assert _figure(world.tenant_a, BERSEBA_ROW).value == Decimal(meetings["berseba"])
    assert _figure(world.tenant_b, BERSEBA_ROW).value == Decimal(3)
    assert _figure(world.tenant_b, NETWORK_ROW).details["per_netwerk"] == {"Netwerk GEHEIM-B": 0}
    assert _figure(world.tenant_b, NETWORK_ROW).value == Decimal(0)


def test_without_network_series_there_is_nothing_to_measure_and_berseba_counts_zero(world):
    _catalogue(world.tenant_a)
    call_command("compute_indicators", "--tenant", "VOA001", "--peildatum", P.isoformat())
    network = _figure(world.tenant_a, NETWORK_ROW)
    assert (network.value, network.status) == (None, "geen gegevens")
    assert _figure(world.tenant_a, BERSEBA_ROW).value == Decimal(0)


# --- Small numbers are shown: these rows count meetings, not pupils ---------------------------


def test_toezicht_sees_the_small_meeting_counts_and_still_not_small_pupil_counts(
    world, login, meetings
):
    _catalogue(world.tenant_a)
    for _ in range(3):  # three thuiszitters on P: a pupil count of 1 to 4
        thuiszitter(world.school_a1, start=P - datetime.timedelta(days=20))
    call_command("compute_indicators", "--tenant", "VOA001", "--peildatum", P.isoformat())
    with scopes_disabled():
        network = Indicator.objects.get(tenant=world.tenant_a, text=NETWORK_ROW)
        pupils = Indicator.objects.filter(tenant=world.tenant_a, calculation="thuiszitters")[0]
    assert not network.counts_pupils and pupils.counts_pupils
    client = login(world.user("toezicht"))
    dashboard = reverse("monitoring:dashboard", kwargs={"tenant_code": "VOA001"})
    page = client.get(dashboard, {"peildatum": P.isoformat()}).content.decode()
    assert _value_cell(page, NETWORK_ROW) == "1"
    assert _value_cell(page, BERSEBA_ROW) == "3"
    assert _value_cell(page, pupils.text) == HIDDEN
    detail = reverse(
        "monitoring:indicator_detail", kwargs={"tenant_code": "VOA001", "indicator_id": network.pk}
    )
    body = client.get(detail, {"peildatum": P.isoformat()}).content.decode()
    assert '<p class="metric-big">1 <span' in body  # the figure itself, 1, is shown
    assert "per netwerk · Netwerk Zuid</th><td>1</td>" in body  # and each network's count
    assert f"<td>{HIDDEN}</td>" not in body


def _value_cell(page: str, text: str) -> str:
    row = page.split(f">{text}</a>", 1)[1].split("</tr>", 1)[0]
    return row.split('<td class="metric-value">', 1)[1].split("<", 1)[0].strip()


# --- The data migration (monitoring 0004), both ways --------------------------------------------


def _indicator(tenant, text: str, **fields) -> Indicator:
    values = {
        "pillar_number": 2,
        "norm_text": "Minimaal 2 per jaar",
        "norm_kind": "aantal",
        "norm_minimum": 2,
        "frequency": "jaarlijks",
        "source": "swv",
        "unit": "aantal",
        **fields,
    }
    with scopes_disabled():
        return Indicator.objects.create(tenant=tenant, text=text, **values)


def test_an_entered_meeting_row_becomes_computed_and_back(world):
    network = _indicator(world.tenant_a, NETWORK_ROW)
    berseba = _indicator(world.tenant_a, BERSEBA_ROW)
    other = _indicator(world.tenant_a, "Aantal actieve netwerkgroepen")
    with scopes_disabled():  # the live models are scoped; a migration's historical ones are not
        migration.computed(apps, None)
        for indicator in (network, berseba, other):
            indicator.refresh_from_db()
    assert (network.source, network.calculation) == ("berekend", "bijeenkomsten_per_netwerk")
    assert (berseba.source, berseba.calculation) == ("berekend", "structurele_overleggen")
    assert "gehouden bijeenkomsten" in network.note
    assert (other.source, other.calculation) == ("swv", "")
    with scopes_disabled():
        migration.entered(apps, None)
        network.refresh_from_db()
        berseba.refresh_from_db()
    assert (network.source, network.calculation) == ("swv", "")
    assert (berseba.source, berseba.calculation) == ("swv", "")


def test_a_meeting_row_the_swv_made_computed_otherwise_is_left_alone(world):
    own = _indicator(
        world.tenant_b, BERSEBA_ROW, source="berekend", calculation="bijeenkomsten_per_netwerk"
    )
    with scopes_disabled():
        migration.computed(apps, None)
        migration.entered(apps, None)
        own.refresh_from_db()
    assert (own.source, own.calculation) == ("berekend", "bijeenkomsten_per_netwerk")
