"""Issue #10, item 4: the small-count rule (``monitoring.disclosure``), table-driven, and how
the pages apply it for toezicht and inspectie (the bestuurder still sees everything)."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from monitoring.disclosure import (
    HIDDEN,
    HIDDEN_STATUS,
    Cells,
    Relation,
    breakdown_hidden,
    figure_cells,
    protect,
)
from monitoring.models import Measurement
from monitoring.tests.factories import THUIS, make

P = datetime.date(2026, 10, 1)
OPP = dict(
    source="berekend",
    calculation="opp_ondertekend",
    unit="%",
    norm_kind="percentage",
    norm_minimum=Decimal(95),
)
RETURN = {**THUIS, "calculation": "terugkeer_onderwijs", "norm_kind": "aantal",
          "norm_minimum": Decimal(2), "norm_direction": ""}  # fmt: skip


def _pct(teller: int, noemer: int) -> Cells:
    value = Decimal(100 * teller / noemer).quantize(Decimal("0.1")) if noemer else None
    return figure_cells(
        percent=True, value=value, records=noemer, details={"teller": teller, "noemer": noemer}
    )


def _thuis(absoluut, relatief, vrij=0, geoorloofd=0, kort=0) -> Cells:
    value = absoluut + relatief
    details = {
        "per_soort": {"absoluut": absoluut, "relatief": relatief},
        "vrijstellingen": vrij,
        "geoorloofd": geoorloofd,
        "relatief_korter_dan_4_weken": kort,
        "gemiddelde_duur_dagen": 40.0,
    }
    return figure_cells(
        percent=False,
        value=Decimal(value),
        records=value + vrij + geoorloofd + kort,
        details=details,
    )


# --- The rule, pure ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("teller", "noemer", "hidden"),
    [
        (25, 27, True),  # 92,6% of 27: 2 did not sign
        (4, 8, True),  # 50% of 8: 4
        (1, 100, True),  # the teller is small
        (96, 100, True),  # the rest is small
        (95, 100, False),  # 5 and 95: nothing small
        (0, 20, False),  # 0 is not small: nobody signed is shown
        (20, 20, False),  # everybody signed (the rest is 0)
        (3, 3, True),  # a small noemer
        (0, 0, False),  # nothing to measure
    ],
)
def test_it_hides_a_percentage_whose_teller_or_rest_is_one_to_four(teller, noemer, hidden):
    found = protect(_pct(teller, noemer))
    assert ("value" in found) is hidden
    assert ("teller" in found) is hidden and ("rest" in found) is hidden
    assert ("records" in found) is (1 <= noemer <= 4)  # a noemer of 5 or more stays


@pytest.mark.parametrize(
    ("cells", "hidden", "shown"),
    [
        # a count of 1..4 is hidden; 0 is not
        (
            _thuis(3, 0, kort=24),  # 27 records minus 24 short ones would give the 3
            {"value", "gemiddelde_duur_dagen", "per_soort.absoluut", "relatief_korter_dan_4_weken"},
            {"records"},
        ),
        (_thuis(3, 0), {"value", "records"}, set()),  # 3 records: a small count too
        (_thuis(0, 0, vrij=7), set(), {"value", "records", "vrijstellingen"}),
        # one small kind: the other kind goes too, the total stays
        (_thuis(3, 20), {"per_soort.absoluut", "per_soort.relatief"}, {"value", "records"}),
        # a small count apart: the total of the records goes too, the headline stays
        (_thuis(10, 20, vrij=3), {"vrijstellingen", "records"}, {"value"}),
        # two small kinds that add up to 2 would both be 1: the total goes too
        (_thuis(1, 1, vrij=30), {"per_soort.absoluut", "per_soort.relatief", "value"}, set()),
        # an average over 5 pupils or more is shown
        (_thuis(5, 0), set(), {"gemiddelde_duur_dagen", "value"}),
    ],
)
def test_it_hides_small_counts_and_what_would_give_them_back(cells, hidden, shown):
    found = protect(cells)
    assert hidden <= found
    assert not shown & found


def test_it_never_leaves_one_hidden_cell_in_a_relation():
    cells = Cells(
        {"t": 30, "a": 2, "b": 9, "c": 19},
        (Relation("t", ("a", "b", "c")),),
    )
    assert protect(cells) == {"a", "b"}  # the next smallest part, not the total
    # A hidden total that may not change (the tenant's, when its schools are judged) is not
    # the sum of its parts: one part goes with it.
    cells = Cells({"t": 30, "a": 10, "b": 20}, (Relation("t", ("a", "b")),))
    assert protect(cells, hidden={"t"}, fixed={"t"}) == {"t", "a"}


def test_uitkomsten_hide_a_small_outcome_with_the_next_smallest():
    cells = figure_cells(
        percent=False,
        value=Decimal(30),
        records=30,
        details={"per_uitkomst": {"eigen_school": 3, "opdc": 7, "mbo": 20, "vso": 0}},
    )
    found = protect(cells)
    assert {"per_uitkomst.eigen_school", "per_uitkomst.opdc"} <= found
    assert "value" not in found and "per_uitkomst.mbo" not in found


@pytest.mark.parametrize(
    ("schools", "hidden_schools"),
    [
        ({1: (2, 22), 2: (20, 30), 3: (40, 50)}, {1, 2}),  # one small school: the next one too
        ({1: (10, 22), 2: (20, 30), 3: (40, 50)}, set()),
        ({1: (4, 8), 2: (1, 9), 3: (40, 50)}, {1, 2}),  # two small ones: enough
    ],
)
def test_one_hidden_school_is_hidden_with_the_next_smallest(schools, hidden_schools):
    teller = sum(t for t, _ in schools.values())
    noemer = sum(n for _, n in schools.values())
    tenant = _pct(teller, noemer)
    per_school = {k: _pct(t, n) for k, (t, n) in schools.items()}
    found = breakdown_hidden(tenant, protect(tenant), per_school)
    assert {k for k, cells in found.items() if "value" in cells} == hidden_schools


def test_a_hidden_tenant_total_is_not_the_sum_of_its_schools():
    tenant = _thuis(10, 20, vrij=3)  # the tenant's records are hidden
    schools = {
        1: figure_cells(percent=False, value=Decimal(10), records=12, details={}, breakdown=True),
        2: figure_cells(percent=False, value=Decimal(20), records=21, details={}, breakdown=True),
    }
    found = breakdown_hidden(tenant, protect(tenant), schools)
    assert "records" in found[1]  # the smallest school's records
    assert "value" not in found[1] and "value" not in found[2]


# --- The pages ---------------------------------------------------------------------------------


def _snapshot(tenant, indicator, value, records, details, school=None, status="behaald"):
    with scopes_disabled():
        return Measurement.objects.create(
            tenant=tenant,
            indicator=indicator,
            peildatum=P,
            school=school,
            value=Decimal(value),
            records=records,
            details=details,
            status=status,
            computed_at=timezone.now(),
        )


@pytest.fixture
def signed(world):
    """92,6% of 27 OPPs signed at the tenant: 2 did not sign. At school A1 50% of 8."""
    indicator = make(world.tenant_a, "OPP's ondertekend", **OPP)
    tenant = world.tenant_a
    _snapshot(tenant, indicator, "92.6", 27, {"teller": 25, "noemer": 27})
    _snapshot(tenant, indicator, "50.0", 8, {"teller": 4, "noemer": 8}, world.school_a1,
              "niet behaald")  # fmt: skip
    _snapshot(tenant, indicator, "100.0", 19, {"teller": 19, "noemer": 19}, world.school_a2)
    return indicator


def _get(client, name, **kwargs):
    url = reverse(f"monitoring:{name}", kwargs={"tenant_code": "VOA001", **kwargs})
    response = client.get(url, {"peildatum": P.isoformat()})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("role", ["toezicht", "inspectie"])
def test_it_hides_a_percentage_whose_rest_is_small_with_its_status(world, login, signed, role):
    client = login(world.user(role))
    page = _get(client, "dashboard").content.decode()
    assert "92,6%" not in page and "behaald<" not in page
    assert f'<td class="metric-value">{HIDDEN}</td>' in page and HIDDEN_STATUS in page
    detail = _get(client, "indicator_detail", indicator_id=signed.pk).content.decode()
    assert "92,6%" not in detail and "50%" not in detail and ">25<" not in detail
    assert detail.count(HIDDEN_STATUS) >= 3  # the tenant, its history, school A1
    school = detail.split('id="per-school"')[1]
    a1 = school.split("Alfa College")[1].split("</tr>")[0]
    assert "50%" not in a1 and ">8<" in a1 and "niet behaald" not in a1  # 8 records: not small
    rows = list(
        openpyxl.load_workbook(io.BytesIO(_get(client, "dashboard_export").content)).active.values
    )
    assert rows[1][4:6] == (HIDDEN, HIDDEN_STATUS)


def test_the_bestuurder_still_sees_every_figure(world, login, signed):
    client = login(world.user("bestuurder"))
    page = _get(client, "dashboard").content.decode()
    assert "92,6%" in page and HIDDEN_STATUS not in page
    detail = _get(client, "indicator_detail", indicator_id=signed.pk).content.decode()
    assert "50%" in detail and "100%" in detail and HIDDEN not in detail


def test_it_hides_an_average_duration_over_fewer_than_five_pupils(world, login):
    indicator = make(world.tenant_a, "Thuiszitters", **THUIS)
    details = {
        "per_soort": {"absoluut": 3, "relatief": 0},
        "vrijstellingen": 0,
        "geoorloofd": 0,
        "relatief_korter_dan_4_weken": 24,
        "gemiddelde_duur_dagen": 89.7,
    }
    _snapshot(world.tenant_a, indicator, 3, 27, details, status="geen gegevens")
    detail = _get(login(world.user("toezicht")), "indicator_detail", indicator_id=indicator.pk)
    body = detail.content.decode()
    assert "89,7" not in body and ">24<" not in body  # 27 records minus 24 would give 3


def test_it_hides_the_status_of_a_small_count_on_a_norm(world, login):
    indicator = make(world.tenant_a, "Terug naar onderwijs", **RETURN)
    _snapshot(world.tenant_a, indicator, 3, 3, {"per_uitkomst": {"eigen_school": 3}})
    page = _get(login(world.user("toezicht")), "dashboard").content.decode()
    assert "behaald" not in page.split("<tbody>")[1].split("</tbody>")[0]
