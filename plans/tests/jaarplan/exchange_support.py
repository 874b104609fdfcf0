"""What the exchange tests share: a jaarplan with every kind of row, and workbooks built by hand."""

from __future__ import annotations

import datetime
import io
from typing import Any

import openpyxl
from django_scopes import scope, scopes_disabled

from plans.jaarplan import services
from plans.jaarplan.exchange_xlsx import JAARPLAN_COLUMNS
from plans.models import Activity, Improvement, Jaarplan

from .builders import a_jaarplan, an_activity

HEADER = [name for name, _width in JAARPLAN_COLUMNS]


def improvement_of(jaarplan: Jaarplan, letter: str) -> Improvement:
    with scopes_disabled():
        return Improvement.objects.get(jaarplan=jaarplan, goal_number="1.1", step_letter=letter)


def a_full_jaarplan(tenant, by=None) -> Jaarplan:
    """The concept jaarplan 2026-2027 with activities of every kind: a date and a month, each
    status (vertraagd and vervallen with a toelichting), an aanvullend item with an activity, one
    without, and a verbeterpunt (step e) without activities."""
    jaarplan = a_jaarplan(tenant, 2026)
    step_a, step_d = improvement_of(jaarplan, "a"), improvement_of(jaarplan, "d")
    an_activity(jaarplan, step_a, result="Er is een plan van aanpak.", what="Schrijven",
                who="Werkgroep", due_date=datetime.date(2027, 2, 1))  # fmt: skip
    an_activity(jaarplan, step_a, result="Scholen kennen het plan.", what="Presenteren",
                who="Directeur-bestuurder", due_date=datetime.date(2027, 6, 30),
                due_is_month=True, status="loopt")  # fmt: skip
    an_activity(jaarplan, step_d, result="Analyse van de stromen.", what="", who="",
                due_date=None, status="vertraagd",
                explanation="De cijfers komen later.")  # fmt: skip
    an_activity(jaarplan, step_d, result="Nascholing.", what="Cursus", who="Netwerk",
                due_date=datetime.date(2026, 12, 1), status="vervallen",
                explanation="Geen budget.")  # fmt: skip
    an_activity(jaarplan, step_d, result="=Formule?", what="+31 bellen", who="@team",
                due_date=datetime.date(2026, 11, 15), status="gereed")  # fmt: skip
    with scope(tenant=tenant):
        extra = services.improvement_create(
            jaarplan=jaarplan, title="Bijeenkomst gedragsproblematiek", by=by
        )
        services.improvement_create(jaarplan=jaarplan, title="Ouderpagina op de website", by=by)
    an_activity(jaarplan, extra, result="Een brede bijeenkomst.", what="Organiseren",
                who="Bureau", due_date=datetime.date(2026, 11, 30), due_is_month=True)  # fmt: skip
    return jaarplan


def activity_rows(jaarplan: Jaarplan) -> set[tuple]:
    """Each activity as the round trip must keep it, by doel and step (or aanvullend text)."""
    with scopes_disabled():
        activities = Activity.objects.filter(jaarplan=jaarplan).select_related("improvement")
        return {
            (
                a.improvement.goal_number,
                a.improvement.step_letter,
                a.improvement.title if a.improvement.is_additional else "",
                a.result,
                a.what,
                a.who,
                a.due_date,
                a.due_is_month,
                a.status,
                a.explanation,
            )
            for a in activities
        }


def workbook(rows: list[list[Any]], header: list[str] | None = None, **sheets) -> bytes:
    """An .xlsx whose sheet "Jaarplan" has ``header`` (the export's) and ``rows``."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Jaarplan"
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    for title, extra in sheets.items():
        book.create_sheet(title).append(extra)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def row(goal="1.1", letter="a", text="", result="Resultaat", what="Wat", who="Wie",
        due="1-8-2027", status="Niet gestart", explanation="") -> list[Any]:  # fmt: skip
    """A row in the export's columns (Pijler and Ontwikkeldoel only for show)."""
    return ["1. Pijler", goal, "Doel", letter, text, result, what, who, due, status, explanation]
