"""One builder for every place that prints dashboard rows (``display.indicator_rows``): the
page, the XLSX and JSON exports, the monitoring PDF, Bijlage 4 of the plan and the plan's pijler
pages print the same value, status and records of a figure, suppressed alike."""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django_scopes import scope

from monitoring import display, exports, pdf, selectors
from monitoring.disclosure import HIDDEN, HIDDEN_STATUS
from monitoring.models import Indicator
from monitoring.tests.test_views import PEILDATUM, dashboard_a  # noqa: F401  (fixture)


def _built(tenant, *, suppress: bool):
    with scope(tenant=tenant):
        sections = selectors.dashboard(tenant=tenant, peildatum=PEILDATUM)
        goals = selectors.goal_links(plan=selectors.shown_plan(tenant=tenant))
        rows = display.indicator_rows(sections, goals, suppress=suppress)
    return sections, goals, rows


@pytest.mark.parametrize(("suppress", "value"), [(True, HIDDEN), (False, "3")])
def test_every_export_prints_what_the_builder_says(world, dashboard_a, suppress, value):  # noqa: F811
    sections, goals, built = _built(world.tenant_a, suppress=suppress)
    rows = {row.indicator.text: row for section in built for row in section.rows}
    count = rows["Aantal thuiszitters"]
    assert count.value == value
    assert (count.status == HIDDEN_STATUS) is suppress and count.hidden is suppress

    table = {r["indicator"]: r for r in exports.dashboard_rows(sections, goals, suppress=suppress)}
    document = exports.dashboard_json(sections, goals, PEILDATUM, suppress=suppress)
    json_rows = {r["kernindicator"]: r for r in document["indicatoren"]}
    for text, row in rows.items():
        assert (table[text]["waarde"], table[text]["status"]) == (row.value, row.status)
        assert table[text]["records"] == row.records
        assert json_rows[text]["status"] == row.status
        assert json_rows[text]["niet_getoond"] is row.hidden
    assert json_rows["Aantal thuiszitters"]["waarde"] == (None if suppress else 3.0)


def test_the_pdf_always_prints_the_suppressed_rows(world, dashboard_a):  # noqa: F811
    _, _, built = _built(world.tenant_a, suppress=True)
    source = pdf.monitoring_document(world.tenant_a, PEILDATUM)
    printed = [row for pillar in source.context["pillars"] for row in pillar["rows"]]
    expected = [row for section in built for row in section.rows]
    assert [(r["value"], r["status"], r["history"]) for r in printed] == [
        (r.value, r.status, r.history) for r in expected
    ]
    assert HIDDEN in [r["value"] for r in printed]


def test_the_plans_pages_get_the_same_labels(world, dashboard_a):  # noqa: F811
    count, uid = dashboard_a["count"], uuid.uuid4()
    with scope(tenant=world.tenant_a):
        Indicator.objects.filter(pk=count.pk).update(goal_uid=uid)  # a doel of the plan
        labels = selectors.goal_indicator_labels(
            tenant=world.tenant_a, goal_uids=[uid], suppress=True
        )
    _, _, built = _built(world.tenant_a, suppress=True)
    by_id = {row.indicator.pk: row for section in built for row in section.rows}
    [label] = [r for rows in labels.values() for r in rows if r.indicator.pk == count.pk]
    expected = by_id[count.pk]
    assert (label.value, label.status, label.measured_on) == (
        expected.value,
        expected.status,
        expected.measured_on,
    )


def test_bijlage_4_of_the_plan_prints_the_suppressed_rows(world, dashboard_a):  # noqa: F811
    _, _, built = _built(world.tenant_a, suppress=True)
    data = SimpleNamespace(
        tenant=world.tenant_a, peildatum=PEILDATUM, with_status=True, pillars=[], goal_numbers={}
    )
    with scope(tenant=world.tenant_a):
        section = pdf.bijlage_4(data)
    printed = [line for group in section.data.groups for line in group.lines]
    expected = [row for s in built for row in s.rows]
    assert [(line.text, line.value, line.status, line.measured_on) for line in printed] == [
        (r.indicator.text, r.value, r.status, r.measured_on) for r in expected
    ]
    assert HIDDEN in [line.value for line in printed]
