"""The demo's kwaliteitskalender: every row of seed 002 §3 with its rule, seeded once."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scope

from plans.calendar_rules import due_dates
from plans.jaarplan.calendar_selectors import calendar_year, rule_of
from plans.jaarplan.demo_calendar import seed_calendar
from plans.models import CalendarItem, CalendarOccurrence
from plans.tests.jaarplan.calendar_support import on_demo_day  # noqa: F401
from swvportal.accounts.demo import seed_users
from swvportal.tenancy.demo import seed_schools, seed_tenant

pytestmark = pytest.mark.usefixtures("on_demo_day")

D = datetime.date


def _snapshot():
    items = list(CalendarItem.objects.values().order_by("pk"))
    ticks = list(CalendarOccurrence.objects.values().order_by("pk"))
    return items, ticks


def test_the_demo_has_the_seeds_whole_kwaliteitskalender_and_seeds_once(db):
    tenant = seed_tenant()
    with scope(tenant=tenant):
        seed_schools(tenant)
        seed_users(tenant)
        seed_calendar(tenant)
        first = _snapshot()
        seed_calendar(tenant)
        assert _snapshot() == first

        items = {i.title: i for i in CalendarItem.objects.all()}
        assert len(items) == 23  # the seed's 22 rows and the jaarplan itself
        per_category = {c: 0 for c in ("plannen", "verantwoording", "gesprekscyclus", "evaluatie")}
        for item in items.values():
            per_category[item.category] += 1
        assert per_category == {
            "plannen": 8,
            "verantwoording": 6,
            "gesprekscyclus": 3,
            "evaluatie": 6,
        }

        osp = items["Ondersteuningsplan"]
        assert osp.link == "osp_verzonden"
        assert [due_dates(rule_of(osp), y) for y in (2025, 2026, 2027, 2028, 2029)] == [
            [D(2026, 5, 1)],
            [],
            [],
            [],
            [D(2030, 5, 1)],
        ]
        assert due_dates(rule_of(items["Managementrapportage financieel"]), 2026) == [
            D(2026, 11, 1),
            D(2027, 3, 1),
            D(2027, 7, 1),
        ]

        last_year = calendar_year(tenant=tenant, school_year=2025)
        year = calendar_year(tenant=tenant, school_year=2026)
        today = D(2026, 12, 1)
        done = {d.item.title for d in year if d.is_done}
        late = {d.item.title for d in year if d.is_overdue(today)}
    assert [d.item.title for d in last_year if not d.is_done] == [
        "Verantwoording op de inhoudelijke doelen"
    ]
    assert {"Beleidsnotitie PO/VO", "Managementrapportage financieel"} <= done
    assert {
        "Jaarverslag CvA",
        "Handboek: protocollen, werkwijzen, reglementen en richtlijnen",
    } <= late
