"""A jaarplan with something in every part the PDF prints, built through the services: activities
of every status on every verbeterpunt, an "Aanvullend (beleidsmatig)" item, an approval step,
a kwaliteitskalender with every kind of rule and bijeenkomsten planned and held.

``fill(jaarplan, scale=n)`` makes ``n`` times as many activities, calendar items and series (the
query-count test); the texts are numbered so a test can look each one up in the PDF.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django_scopes import scope

from plans.jaarplan import services
from plans.models import CalendarOccurrence, Improvement, Jaarplan

from .builders import a_calendar_item, a_meeting, a_series, an_activity

STATUSES = ["gereed", "loopt", "niet_gestart", "vertraagd", "vervallen"]
EXPLANATIONS = {
    "vertraagd": "De werkgroep begint later; nieuwe verwachting maart 2027.",
    "vervallen": "Dit onderdeel is opgenomen in het landelijke programma.",
}
ADOPTED_ON = datetime.date(2026, 10, 1)
EVALUATED_ON = datetime.date(2027, 7, 10)


@dataclass
class Filled:
    improvements: list[str] = field(default_factory=list)  # every verbeterpunt's text
    results: list[str] = field(default_factory=list)  # every activity's beoogd resultaat
    whats: list[str] = field(default_factory=list)
    calendar_titles: list[str] = field(default_factory=list)
    series_names: list[str] = field(default_factory=list)
    additional: str = ""


def fill(jaarplan: Jaarplan, *, scale: int = 1, responsible=None, by=None) -> Filled:
    filled = Filled()
    tenant = jaarplan.tenant
    with scope(tenant=tenant):
        filled.additional = "Communicatie over passend onderwijs met een nieuwsbrief"
        services.improvement_create(jaarplan=jaarplan, title=filled.additional, by=by)
        services.approval_add(
            jaarplan=jaarplan,
            data={
                "body": "rvt",
                "kind": "goedkeuring",
                "date": datetime.date(2026, 9, 20),
                "outcome": "positief",
            },
            by=by,
        )
        improvements = list(Improvement.objects.filter(jaarplan=jaarplan).order_by("position"))
    number = 0
    for improvement in improvements:
        filled.improvements.append(improvement.title)
        for _ in range(2 * scale):
            number += 1
            status = STATUSES[number % len(STATUSES)]
            result = f"Beoogd resultaat nummer {number}: de scholen werken met een gedeelde aanpak."
            what = f"Werkgroep {number} schrijft een notitie en bespreekt die met de directeuren."
            an_activity(
                jaarplan,
                improvement,
                by=by,
                result=result,
                what=what,
                who="Beleidsmedewerker",
                responsible=responsible if number % 3 == 0 else None,
                due_date=datetime.date(2027, 1 + number % 6, 28),
                due_is_month=number % 4 == 0,
                status=status,
                explanation=EXPLANATIONS.get(status, ""),
            )
            filled.results.append(result)
            filled.whats.append(what)
    _calendar(jaarplan, scale, filled)
    _meetings(jaarplan, scale, filled)
    return filled


def _calendar(jaarplan: Jaarplan, scale: int, filled: Filled) -> None:
    tenant = jaarplan.tenant
    for n in range(scale):
        suffix = f" {n + 1}" if scale > 1 else ""
        yearly = a_calendar_item(tenant, title=f"Jaarverslag{suffix}", adopted_by="RvT")
        a_calendar_item(
            tenant,
            category="plannen",
            title=f"Ondersteuningsplan{suffix}",
            frequency="vierjaarlijks",
            due_month=5,
            due_day=1,
            anchor_year=2025,  # 2025-2026, 2029-2030: not in 2026-2027
        )
        thrice = a_calendar_item(
            tenant,
            category="verantwoording",
            title=f"Managementrapportage financieel{suffix}",
            frequency="meermaals",
            due_month=None,
            due_day=None,
            dates=[[11, 1], [3, 1], [7, 1]],
            owner="Administratiekantoor",
        )
        a_calendar_item(
            tenant,
            category="evaluatie",
            title=f"Inspectieonderzoek{suffix}",
            frequency="planning",
            due_month=None,
            due_day=None,
            dates=["2027-02-10"],
            owner="Inspectie van het Onderwijs",
        )
        with scope(tenant=tenant):
            CalendarOccurrence.objects.create(
                tenant=tenant,
                item=thrice,
                due_date=datetime.date(2026, 11, 1),
                done_on=datetime.date(2026, 10, 28),
            )
            # Done after the day of adoption: open in the PDF of the version as adopted.
            CalendarOccurrence.objects.create(
                tenant=tenant,
                item=yearly,
                due_date=datetime.date(2027, 7, 1),
                done_on=datetime.date(2027, 6, 20),
            )
        filled.calendar_titles += [
            yearly.title,
            f"Ondersteuningsplan{suffix}",
            thrice.title,
            f"Inspectieonderzoek{suffix}",
        ]


def _meetings(jaarplan: Jaarplan, scale: int, filled: Filled) -> None:
    tenant = jaarplan.tenant
    for n in range(scale):
        suffix = f" {n + 1}" if scale > 1 else ""
        network = a_series(tenant, name=f"Netwerk zorgcoördinatoren{suffix}", planned_per_year=2)
        a_meeting(
            network,
            planned_on=datetime.date(2026, 9, 24),
            held_on=datetime.date(2026, 9, 24),
            theme="Het nieuwe groeidocument",
        )
        a_meeting(
            network,
            planned_on=datetime.date(2027, 3, 18),
            held_on=datetime.date(2027, 3, 18),
            theme="Terugblik op het jaar",
        )
        a_series(tenant, name=f"Overleg VSO-directeuren{suffix}", planned_per_year=4, position=1)
        filled.series_names += [network.name, f"Overleg VSO-directeuren{suffix}"]
