"""The jaarplan exchange format ``swvportal.jaarplan/1`` (JSON), and the face of the exchange.

The format is documented by its JSON Schema (``plans/schema/jaarplan-1.schema.json``) and the
README. One document is one version of a tenant's jaarplan for one school year:

* the jaarplan: tenant code, school year, version, status, the dates it was adopted and
  evaluated, and the OSP version it derives from (title and version);
* ``verbeterpunten`` in the jaarplan's order, each with its pijler, its doel (number and
  title), its step (letter, when) or none ("aanvullend"), its text, and its ``activiteiten``
  with every field: status, toelichting, evaluation, the responsible member as an e-mail
  address (or null), the activity it was carried from (or null) and its progress history;
* the approval trail (``goedkeuringen``), the school year's ``kwaliteitskalender`` (each due
  date, and when and by whom it was done) and its ``bijeenkomsten`` (per series planned
  against held, and each meeting).

The same jaarplan gives the same text. The Excel export lives in ``exchange_xlsx``, the import
of activities from Excel in ``exchange_import``; this module names all three for views and
commands.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import timezone
from jsonschema import Draft202012Validator

from swvportal.core.schoolyear import school_year_label

from ..calendar_rules import describe
from ..models import ActivityNote, Improvement, Jaarplan, JaarplanApproval
from .calendar_selectors import Due, calendar_year, meetings_year, rule_of
from .exchange_cells import read_workbook  # noqa: F401  (the face of the exchange)
from .exchange_import import ImportOutcome, import_activities  # noqa: F401
from .exchange_xlsx import XLSX_CONTENT_TYPE, export_filename, jaarplan_xlsx  # noqa: F401
from .selectors import jaarplan_tree

SCHEMA_ID = "swvportal.jaarplan/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "jaarplan-1.schema.json"
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


@cache
def validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))


def export_jaarplan(jaarplan: Jaarplan) -> dict[str, Any]:
    """The document of one jaarplan version, in a fixed number of queries."""
    tree = jaarplan_tree(jaarplan)
    notes = _notes_of(jaarplan)
    plan = jaarplan.plan
    return {
        "schema": SCHEMA_ID,
        "samenwerkingsverband": jaarplan.tenant.code,
        "schooljaar": jaarplan.year.label,
        "versie": jaarplan.version,
        "status": jaarplan.status,
        "vastgesteld_op": _date(jaarplan.adopted_on),
        "geevalueerd_op": _date(jaarplan.evaluated_on),
        "afgeleid_van": {
            "titel": plan.title,
            "versie": plan.version,
            "eerste_schooljaar": school_year_label(plan.period_start),
        },
        "verbeterpunten": [_improvement(i, notes) for i in tree.improvements],
        "goedkeuringen": [
            {
                "orgaan": step.body,
                "soort": step.kind,
                "datum": _date(step.date),
                "uitkomst": step.outcome,
                "toelichting": step.note,
            }
            for step in JaarplanApproval.trail(jaarplan).order_by("date", "position", "pk")
        ],
        "kwaliteitskalender": [
            _due(d) for d in calendar_year(tenant=jaarplan.tenant, school_year=jaarplan.year)
        ],
        "bijeenkomsten": [
            {
                "naam": year.series.name,
                "voor_wie": year.series.group,
                "gepland_per_jaar": year.series.planned_per_year,
                "telt_mee_voor": year.series.indicator,
                "gepland": year.planned,
                "gehouden": year.held,
                "bijeenkomsten": [
                    {
                        "gepland_op": _date(m.planned_on),
                        "gehouden_op": _date(m.held_on),
                        "thema": m.theme,
                        "verslag": m.report,
                    }
                    for m in year.meetings
                ],
            }
            for year in meetings_year(tenant=jaarplan.tenant, school_year=jaarplan.year)
        ],
    }


def _improvement(improvement: Improvement, notes: dict[int, list[ActivityNote]]) -> dict:
    additional = improvement.is_additional
    return {
        "id": str(improvement.uid),
        "aanvullend": additional,
        "pijler": (
            {"nummer": improvement.pillar_number, "titel": improvement.pillar_title}
            if improvement.pillar_number
            else None
        ),
        "doel": (
            None
            if additional
            else {
                "nummer": improvement.goal_number,
                "titel": improvement.goal_title,
                "id": str(improvement.goal_uid),
            }
        ),
        "stap": (
            {
                "letter": improvement.step_letter,
                "wanneer": improvement.step_when,
                "id": str(improvement.step_uid),
            }
            if improvement.step_uid
            else None
        ),
        "tekst": improvement.title,
        "activiteiten": [_activity(a, notes.get(a.pk, [])) for a in improvement.rows],
    }


def _activity(activity, notes: list[ActivityNote]) -> dict:
    origin = activity.carried_from
    return {
        "id": str(activity.uid),
        "beoogd_resultaat": activity.result,
        "wat": activity.what,
        "wie": activity.who,
        "verantwoordelijke": activity.responsible.email if activity.responsible_id else None,
        "wanneer_gereed": _date(activity.due_date),
        "hele_maand": activity.due_is_month,
        "status": activity.status,
        "toelichting": activity.explanation,
        "evaluatie": activity.evaluation or None,
        "evaluatie_toelichting": activity.evaluation_text,
        "overgenomen_uit": (
            {
                "schooljaar": origin.jaarplan.year.label,
                "versie": origin.jaarplan.version,
                "id": str(origin.uid),
            }
            if origin is not None
            else None
        ),
        "voortgang": [
            {
                "op": timezone.localtime(note.written_at).isoformat(timespec="seconds"),
                "door": note.written_by.email if note.written_by_id else None,
                "status_was": note.status_from or None,
                "status_werd": note.status_to or None,
                "tekst": note.text,
            }
            for note in reversed(notes)  # oldest first, as a history reads
        ],
    }


def _notes_of(jaarplan: Jaarplan) -> dict[int, list[ActivityNote]]:
    found: dict[int, list[ActivityNote]] = {}
    notes = ActivityNote.objects.filter(activity__jaarplan=jaarplan).select_related("written_by")
    for note in notes:
        found.setdefault(note.activity_id, []).append(note)
    return found


def _due(due: Due) -> dict:
    item = due.item
    return {
        "onderwerp": item.title,
        "categorie": item.category,
        "frequentie": describe(rule_of(item)),
        "wie": item.owner,
        "vaststelling_door": item.adopted_by,
        "opmerking": item.note,
        "uiterlijk": _date(due.due_date),
        "gedaan_op": _date(due.done_on),
        "afgevinkt_door": (
            due.done.done_by.email if due.done is not None and due.done.done_by_id else None
        ),
        "door_het_portaal": due.auto.what if due.done is None and due.auto else None,
        "document": due.document.title if due.document is not None else None,
    }


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def schema_problems(document: Any) -> list[str]:
    """What makes ``document`` not a valid ``swvportal.jaarplan/1`` (path: message)."""
    return sorted(
        f"{'/'.join(map(str, e.absolute_path)) or '(bestand)'}: {e.message}"
        for e in validator().iter_errors(document)
    )
