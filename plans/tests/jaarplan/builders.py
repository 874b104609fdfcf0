"""Jaarplannen for tests, built through the services as users build them.

``an_adopted_plan`` gives an OSP 2026–2030 with a step of every timing; ``a_jaarplan`` generates
the jaarplan of a school year from it; ``an_activity`` adds an activity to a verbeterpunt.
"""

from __future__ import annotations

import datetime
from typing import Any

from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.generate import jaarplan_generate
from plans.models import (
    Activity,
    CalendarItem,
    Improvement,
    Jaarplan,
    Meeting,
    MeetingSeries,
    Plan,
)
from plans.tests.factories import make_plan

# One doel with a step of each timing; the comment says in which school years it applies.
STEPS = [
    {"wanneer": "schooljaar", "schooljaar": "2026-2027", "tekst": "Stap in 2026-2027."},
    {"wanneer": "schooljaar", "schooljaar": "2027-2028", "tekst": "Stap in 2027-2028."},
    {"wanneer": "vanaf", "schooljaar": "2027-2028", "tekst": "Stap vanaf 2027-2028."},
    {"wanneer": "vanaf", "schooljaar": "2025-2026", "tekst": "Stap vanaf 2025-2026."},
    {"wanneer": "jaarlijks", "schooljaar": None, "tekst": "Jaarlijkse stap."},
    {"wanneer": "doorlopend", "schooljaar": None, "tekst": "Doorlopende stap."},
]


def an_adopted_plan(tenant, **changes: Any) -> Plan:
    pillars = [
        {
            "titel": "Leren binnen scholen",
            "inleiding": "",
            "ambitie": "",
            "doelen": [
                {"titel": "Elke stap", "omschrijving": "", "slottekst": "", "stappen": STEPS},
                {
                    "titel": "Tweede doel",
                    "omschrijving": "",
                    "slottekst": "",
                    "stappen": [
                        {"wanneer": "schooljaar", "schooljaar": "2028-2029", "tekst": "Later."}
                    ],
                },
            ],
        },
        {"titel": "Leren over schoolgrenzen", "inleiding": "", "ambitie": "", "doelen": []},
    ]
    return make_plan(tenant, status="vastgesteld", pijlers=pillars, **changes)


def a_jaarplan(tenant, school_year: int = 2026, *, plan: Plan | None = None) -> Jaarplan:
    """The concept jaarplan of ``school_year`` generated from an adopted plan (made if needed)."""
    with scope(tenant=tenant):
        if plan is None and not Plan.objects.filter(tenant=tenant, status="vastgesteld").exists():
            an_adopted_plan(tenant)
        return jaarplan_generate(tenant=tenant, school_year=school_year).jaarplan


def first_improvement(jaarplan: Jaarplan) -> Improvement:
    with scopes_disabled():
        return Improvement.objects.filter(jaarplan=jaarplan).order_by("position").first()


def an_activity(
    jaarplan: Jaarplan, improvement: Improvement | None = None, by=None, **data: Any
) -> Activity:
    values = {
        "result": "Er is een plan van aanpak.",
        "what": "Plan van aanpak schrijven",
        "who": "Werkgroep",
        "due_date": datetime.date(2027, 6, 30),
    }
    values.update(data)
    with scope(tenant=jaarplan.tenant):
        return services.activity_create(
            improvement=improvement or first_improvement(jaarplan), data=values, by=by
        )


def adopt(jaarplan: Jaarplan, by=None) -> Jaarplan:
    """Vaststellen (the demo tenant's settings require no approval step unless a test sets one)."""
    with scope(tenant=jaarplan.tenant):
        return services.jaarplan_set_status(jaarplan=jaarplan, status="vastgesteld", by=by)


def a_calendar_item(tenant, **data: Any) -> CalendarItem:
    values = {
        "category": "verantwoording",
        "title": "Jaarverslag",
        "frequency": "jaarlijks",
        "due_month": 7,
        "due_day": 1,
        "owner": "Directeur-bestuurder",
    }
    values.update(data)
    with scopes_disabled():
        return CalendarItem.objects.create(tenant=tenant, **values)


def a_series(tenant, **data: Any) -> MeetingSeries:
    values = {"name": "Netwerk zorgcoördinatoren", "planned_per_year": 2}
    values.update(data)
    with scopes_disabled():
        return MeetingSeries.objects.create(tenant=tenant, **values)


def a_meeting(series: MeetingSeries, **data: Any) -> Meeting:
    values = {"school_year": 2026, "planned_on": datetime.date(2026, 10, 1)}
    values.update(data)
    with scopes_disabled():
        return Meeting.objects.create(tenant=series.tenant, series=series, **values)
