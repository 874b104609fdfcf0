"""Plans for tests, built through the import so they are valid by the same rules as real ones."""

from __future__ import annotations

import copy
import datetime
from typing import Any

from django_scopes import scope

from plans.exchange import import_plan
from plans.models import Plan

SMALL_PLAN: dict[str, Any] = {
    "schema": "swvportal.osp/1",
    "titel": "Ondersteuningsplan Alfa 2026–2030",
    "motto": "Samen sterk",
    "eerste_schooljaar": "2026-2027",
    "versie": "1.0",
    "status": "concept",
    "strategische_opgaven": ["Thuisnabij onderwijs voor iedereen"],
    "hoofdstukken": [
        {
            "titel": "Inleiding",
            "genummerd": False,
            "tekst": "Een korte inleiding.\n\nTweede alinea.",
        },
        {"titel": "Visie", "genummerd": True, "tekst": "### Kern\n\nWij kijken naar wat nodig is."},
    ],
    "pijlers": [
        {
            "titel": "Leren binnen scholen",
            "inleiding": "De basis op orde.",
            "ambitie": "Thuisnabij onderwijs.",
            "doelen": [
                {
                    "titel": "Pedagogische visie",
                    "omschrijving": "Een gedeelde taal.",
                    "slottekst": "",
                    "stappen": [
                        {
                            "wanneer": "schooljaar",
                            "schooljaar": "2026-2027",
                            "tekst": "Inventariseren.",
                        },
                        {"wanneer": "schooljaar", "schooljaar": "2027-2028", "tekst": "Invoeren."},
                    ],
                },
                {
                    "titel": "Thuiszitten voorkomen",
                    "omschrijving": "",
                    "slottekst": "",
                    "stappen": [
                        {
                            "wanneer": "jaarlijks",
                            "schooljaar": None,
                            "tekst": "Overzicht bespreken.",
                        }
                    ],
                },
            ],
        },
        {"titel": "Leren over schoolgrenzen", "inleiding": "", "ambitie": "", "doelen": []},
    ],
    "afkortingen": [{"afkorting": "OPR", "betekenis": "Ondersteuningsplanraad"}],
    "goedkeuringen": [],
}

OPR_CONSENT = {
    "orgaan": "opr",
    "soort": "instemming",
    "datum": "2026-04-14",
    "uitkomst": "positief",
    "toelichting": "",
}


def plan_document(**changes: Any) -> dict[str, Any]:
    document = copy.deepcopy(SMALL_PLAN)
    document.update(changes)
    return document


def make_plan(tenant, **changes: Any) -> Plan:
    if changes.get("status") in ("vastgesteld", "verzonden") and "goedkeuringen" not in changes:
        changes["goedkeuringen"] = [OPR_CONSENT]
    with scope(tenant=tenant):
        result = import_plan(tenant=tenant, document=plan_document(**changes), commit=True)
    assert not result.problems, result.problems
    return result.plan


def add_approval(
    plan: Plan,
    *,
    body: str = "opr",
    kind: str = "instemming",
    outcome: str = "positief",
    date: datetime.date = datetime.date(2026, 4, 14),
):
    """A step in ``plan``'s approval trail, through the service as a user adds it."""
    from plans import services

    with scope(tenant=plan.tenant):
        return services.item_create(
            plan=plan,
            kind="goedkeuring",
            data={"body": body, "kind": kind, "date": date, "outcome": outcome, "note": ""},
        )
