"""The demo's realisation (``demo_reports``): Q1–Q3 of 2026 against version 1.0, plausible,
one own prognosis with a note, idempotent and printing the same line on every run."""

from __future__ import annotations

import pytest
from django_scopes import scope

from swvportal.tenancy.models import Tenant

from .. import reports
from ..demo import seed_begroting
from ..demo_reports import OVERRIDE_LINE, seed_reports
from ..models import Begroting, BegrotingStatus, Period, PrognosisOverride, Realisation


@pytest.fixture
def demo(db):
    tenant = Tenant.objects.create(code="VO0001", name="RefSVO", is_demo=True)
    with scope(tenant=tenant):
        seed_begroting(tenant)
        first = seed_reports(tenant)
        yield tenant, first


def test_the_demo_reads_in_q1_to_q3_and_prints_the_same_line_twice(demo):
    tenant, first = demo
    assert first == [
        "Realisatie 2026: Q1, Q2, Q3 ingelezen; 1 eigen prognose — "
        "/VO0001/begroting/rapportage/2026/q3/"
    ]
    counts = Realisation.objects.filter(tenant=tenant).count()
    assert seed_reports(tenant) == first
    assert Realisation.objects.filter(tenant=tenant).count() == counts == 3 * 14


def test_the_demo_figures_are_plausible_with_a_few_lines_clearly_off(demo):
    tenant, _ = demo
    adopted = Begroting.objects.get(tenant=tenant, status=BegrotingStatus.ADOPTED)
    report = reports.management_report(begroting=adopted, year=2026, period=Period.Q2)
    lines = {i.row.line.title: i.figures for g in report.groups for i in g.lines}
    zware = lines["Zware ondersteuning"]
    assert zware.realised == zware.budget_to_date == 19_514_629 // 2 + 1  # half up
    assert lines["Programma 3 Loket"].variance_percent > 20
    assert lines["Overige baten"].variance_percent < -40
    override = PrognosisOverride.objects.get(tenant=tenant)
    assert override.line.title == OVERRIDE_LINE and override.period == Period.Q3 and override.note
    q3 = reports.management_report(begroting=adopted, year=2026, period=Period.Q3)
    ontwikkeling = next(i for g in q3.groups for i in g.lines if i.row.line.title == OVERRIDE_LINE)
    assert ontwikkeling.figures.prognosis == 190_000 != ontwikkeling.figures.linear_prognosis


def test_the_periods_read_in_are_listed_in_the_years_order(demo):
    tenant, _ = demo
    periods = reports.imported_periods(tenant=tenant)
    assert list(periods) == [2026]
    assert [(p.period, p.lines) for p in periods[2026]] == [
        (Period.Q1, 14),
        (Period.Q2, 14),
        (Period.Q3, 14),
    ]
