"""The status workflow of swvportal.core.workflow, on a throwaway object (no app, no database):
the page's "why not yet" and the service's refusal are the same list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from swvportal.core.workflow import Workflow


class Fase(models.TextChoices):
    OPEN = "open", "Open"
    KLAAR = "klaar", "Klaar"
    DICHT = "dicht", "Gesloten"


@dataclass
class Verzoek:
    status: str = Fase.OPEN
    compleet: bool = False
    gesloten_op: datetime.date | None = None


def _compleet(verzoek: Verzoek) -> list[str]:
    return [] if verzoek.compleet else ["Het dossier is nog niet compleet."]


FLOW = Workflow(
    states=Fase,
    transitions={Fase.OPEN: (Fase.KLAAR,), Fase.KLAAR: (Fase.OPEN, Fase.DICHT), Fase.DICHT: ()},
    noun="het verzoek",
    invalid="Kies open, klaar of gesloten.",
    guards={Fase.KLAAR: (_compleet,)},
    stamps={Fase.DICHT: "gesloten_op"},
)
DAY = datetime.date(2026, 10, 1)


@pytest.mark.parametrize(
    ("start", "target", "compleet", "problems"),
    [
        (Fase.OPEN, Fase.KLAAR, True, []),
        (Fase.OPEN, Fase.KLAAR, False, ["Het dossier is nog niet compleet."]),
        (Fase.OPEN, Fase.DICHT, True, ["Van 'Open' kan het verzoek niet naar 'Gesloten'."]),
        (Fase.KLAAR, Fase.DICHT, False, []),
        (Fase.DICHT, Fase.OPEN, True, ["Van 'Gesloten' kan het verzoek niet naar 'Open'."]),
        (Fase.OPEN, "weg", True, ["Kies open, klaar of gesloten."]),
    ],
)
def test_problems_say_why_not_yet(start, target, compleet, problems):
    verzoek = Verzoek(status=start, compleet=compleet)
    assert FLOW.problems(verzoek, target) == problems
    if problems:
        with pytest.raises(ValidationError) as exc:
            FLOW.apply(verzoek, target, on=DAY)
        assert exc.value.messages == problems and verzoek.status == start
    else:
        FLOW.apply(verzoek, target, on=DAY)
        assert verzoek.status == target


def test_options_list_each_next_status_with_its_problems():
    assert FLOW.options(Verzoek()) == [(Fase.KLAAR, ["Het dossier is nog niet compleet."])]
    assert FLOW.options(Verzoek(status=Fase.KLAAR)) == [(Fase.OPEN, []), (Fase.DICHT, [])]
    assert FLOW.options(Verzoek(status=Fase.DICHT)) == []


def test_a_move_stamps_its_date():
    verzoek = Verzoek(status=Fase.KLAAR)
    FLOW.apply(verzoek, Fase.DICHT, on=DAY)
    assert (verzoek.status, verzoek.gesloten_op) == (Fase.DICHT, DAY)
