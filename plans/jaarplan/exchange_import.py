"""Activities read from an Excel file in the export's columns (``exchange_xlsx``) into a concept
jaarplan, on the platform's import (``swvportal.core.imports``): the file is checked by its
content and size, then a dry run checks every row; only a file without a single bad row is
saved, all in one transaction.

Each row of the sheet "Jaarplan" goes to a verbeterpunt of the target jaarplan:

* with a *Doel (nummer)*: the doel's verbeterpunt with the same text, else the doel's step with
  the same letter, else the one verbeterpunt anywhere with the same text;
* without one: the "Aanvullend (beleidsmatig)" item with that text, made when it is missing.

*Wanneer gereed* takes an Excel date, "1-8-2027", "2027-08-01", "1 augustus 2027", or a month
("juni 2027": the activity is due at the end of that month). *Status* takes the Dutch label
(empty: niet gestart); *vertraagd* and *vervallen* need a toelichting
(``jaarplan_rules.status_problems``, the same words as the page). The evaluation columns are
not read: a concept is not evaluated.

A row matching an activity the verbeterpunt already has (same beoogd resultaat and wat) leaves
it alone when nothing differs and updates it otherwise, so reading a file twice adds nothing.
A row whose activity cells are all empty (a verbeterpunt without activities) adds nothing, or
only its aanvullend verbeterpunt.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import tablib
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from swvportal.core.imports import FormImporter, ImportReport, rebind, run_import

from ..jaarplan_rules import due_label
from ..models import Activity, ActivityStatus, Improvement, Jaarplan
from . import services
from .exchange_cells import ActivityRowForm, NoActivityForm, cell_text, normalized
from .exchange_xlsx import (
    DOEL,
    RESULTAAT,
    STAP,
    STATUS,
    TOELICHTING,
    VERBETERPUNT,
    WANNEER,
    WAT,
    WIE,
)

GOAL_NUMBER = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
NO_IMPROVEMENT = f"{VERBETERPUNT}: vul de tekst van het verbeterpunt in, of het doel en de stap."
BAD_GOAL = (
    DOEL + ": {goal!r} is geen doelnummer. Schrijf het als 1.3 (pijler en doel), of laat het "
    "leeg bij een aanvullend verbeterpunt."
)
GOAL_NOT_HERE = (
    DOEL + ": doel {goal} heeft in dit jaarplan geen verbeterpunten. Controleer het doelnummer, "
    "of laat het leeg bij een aanvullend verbeterpunt."
)
STEP_NOT_HERE = (
    VERBETERPUNT + ": doel {goal} heeft in dit jaarplan geen stap {letter} en geen verbeterpunt "
    "met deze tekst. De stappen van dit doel in dit jaarplan: {letters}."
)
NOT_CONCEPT = (
    "Versie {version} van dit jaarplan is {status}. Activiteiten inlezen kan alleen in een "
    "concept: maak eerst een nieuwe versie van het jaarplan."
)


# --- The rows -----------------------------------------------------------------------------------


@dataclass
class PlannedRow:
    """What one row does (or would do): shown after the dry run and the commit."""

    line: int
    action: str  # nieuw, bijgewerkt, ongewijzigd, geen activiteit
    improvement: str
    result: str = ""
    due: str = ""
    status: str = ""
    new_improvement: bool = False


ACTIVITY_KEYS = ("result", "what", "who", "due", "status", "explanation")
COLUMN_OF = {
    "goal": DOEL,
    "letter": STAP,
    "text": VERBETERPUNT,
    "result": RESULTAAT,
    "what": WAT,
    "who": WIE,
    "due": WANNEER,
    "status": STATUS,
    "explanation": TOELICHTING,
}


class ActivityImporter(FormImporter):
    """The rows of one file for one concept jaarplan; ``prepare`` reads its verbeterpunten and
    activities once, so the dry run asks the database nothing per row."""

    labels = {name: COLUMN_OF[name] for name in ACTIVITY_KEYS}

    def messages(self, exc: ValidationError) -> list[str]:
        """Where the row goes (its verbeterpunt) first, then its cells in the file's order."""
        if not hasattr(exc, "error_dict"):
            return list(exc.messages)
        where = exc.error_dict.pop(NON_FIELD_ERRORS, [])
        return [m for e in where for m in e.messages] + super().messages(exc)

    def __init__(self, *, jaarplan: Jaarplan, by=None) -> None:
        self.jaarplan = jaarplan
        self.by = by
        self.activity_form = ActivityRowForm()
        self.empty_form = NoActivityForm()
        self.planned: list[PlannedRow] = []
        self.new_titles: list[str] = []

    def prepare(self, dataset: tablib.Dataset, *, dry_run: bool) -> None:
        improvements = list(Improvement.objects.filter(jaarplan=self.jaarplan))
        self.in_goal: dict[str, list[Improvement]] = defaultdict(list)
        self.by_text: dict[str, list[Improvement]] = defaultdict(list)
        self.additional: dict[str, Improvement | None] = {}
        for improvement in improvements:
            if improvement.is_additional:
                self.additional[normalized(improvement.title)] = improvement
            else:
                self.in_goal[improvement.goal_number].append(improvement)
                self.by_text[normalized(improvement.title)].append(improvement)
        self.existing: dict[tuple, list[Activity]] = defaultdict(list)
        for activity in Activity.objects.filter(jaarplan=self.jaarplan).order_by("position", "pk"):
            key = (activity.improvement_id, normalized(activity.result), normalized(activity.what))
            self.existing[key].append(activity)
        self.used: set[int] = set()
        self.planned, self.new_titles = [], []

    def read_row(self, row: dict[str, Any], line: int) -> dict[str, Any]:
        cells = {key: row.get(column.lower()) for key, column in COLUMN_OF.items()}
        data = {key: cell_text(cells[key]) for key in COLUMN_OF}
        data["due"] = cells["due"] if not isinstance(cells["due"], str) else data["due"]
        data["line"] = line
        data["blank"] = not any(cell_text(v) for v in row.values())
        data["empty"] = not any(cell_text(cells[key]) for key in ACTIVITY_KEYS)
        improvement, new_title, problem = self._match(data["goal"], data["letter"], data["text"])
        data.update(improvement=improvement, new_title=new_title, problems=[])
        if problem and not data["empty"]:
            data["problems"].append(problem)
        data["skipped"] = bool(problem) and data["empty"]
        return data

    def _match(self, goal: str, letter: str, text: str) -> tuple[Improvement | None, str, str]:
        """(verbeterpunt, title of an aanvullend one to make, problem): one of the three."""
        key = normalized(text)
        if not goal:
            if not key:
                return None, "", NO_IMPROVEMENT
            if self.additional.get(key) is not None:
                return self.additional[key], "", ""
            return None, " ".join(text.split()), ""  # to make (or made by an earlier row)
        if not GOAL_NUMBER.fullmatch(goal):
            return None, "", BAD_GOAL.format(goal=goal)
        in_goal = self.in_goal.get(goal, [])
        same_text = [i for i in in_goal if key and normalized(i.title) == key]
        if len(same_text) == 1:
            return same_text[0], "", ""
        same_letter = [i for i in in_goal if letter and i.step_letter == letter.strip().lower()]
        if len(same_letter) == 1:
            return same_letter[0], "", ""
        anywhere = self.by_text.get(key, []) if key else []
        if len(anywhere) == 1:
            return anywhere[0], "", ""
        if not in_goal:
            return None, "", GOAL_NOT_HERE.format(goal=goal)
        letters = ", ".join(sorted({i.step_letter for i in in_goal if i.step_letter}))
        return (
            None,
            "",
            STEP_NOT_HERE.format(goal=goal, letter=letter or "(leeg)", letters=letters or "geen"),
        )

    def find(self, data: dict[str, Any]) -> Any:
        """The activity this row already is (or None); for a row without an activity, its
        verbeterpunt (nothing to save) unless an aanvullend one must be made."""
        if data["blank"] or data["skipped"]:
            return data
        if data["empty"]:
            return data["improvement"]  # None: an aanvullend verbeterpunt to make
        improvement = data["improvement"]
        if improvement is None:
            return None
        key = (improvement.pk, normalized(data["result"]), normalized(data["what"]))
        for activity in self.existing.get(key, []):
            if activity.pk not in self.used:
                self.used.add(activity.pk)
                return activity
        return None

    def make_form(self, data: dict[str, Any], record: Any) -> forms.BaseForm:
        self._data = data  # ``unchanged`` gets only the record and the cleaned values
        if data["empty"] or data["blank"]:
            return rebind(self.empty_form, data)
        return rebind(self.activity_form, data)

    def unchanged(self, record: Any, cleaned: dict[str, Any]) -> bool:
        data = self._data
        if data["blank"]:
            return True
        if data["skipped"]:
            self._plan(data, "geen activiteit (verbeterpunt niet in dit jaarplan)")
            return True
        if data["empty"]:
            self._plan(data, "geen activiteit")
            return True
        same = _values(cleaned) == {
            "result": record.result,
            "what": record.what,
            "who": record.who,
            "due_date": record.due_date,
            "due_is_month": record.due_is_month,
            "status": record.status,
            "explanation": record.explanation,
        }
        if same:
            self._plan(data, "ongewijzigd", cleaned)
        return same

    def check(self, data: dict[str, Any], cleaned: dict[str, Any], record: Any) -> None:
        """The dry run: what the row would do (the form has checked its rules)."""
        first = bool(data["new_title"]) and self._new_improvement(data["new_title"], save=False)
        if data["empty"]:
            self._plan(data, "geen activiteit", new_improvement=first)
        else:
            action = "nieuw" if record is None else "bijgewerkt"
            self._plan(data, action, cleaned, new_improvement=first)

    def save(self, data: dict[str, Any], cleaned: dict[str, Any], record: Any) -> None:
        first = False
        if data["improvement"] is None:
            first = self._new_improvement(data["new_title"], save=True)
            data["improvement"] = self.additional[normalized(data["new_title"])]
        if data["empty"]:
            self._plan(data, "geen activiteit", new_improvement=first)
            return
        values = _values(cleaned)
        if record is None:
            services.activity_create(improvement=data["improvement"], data=values, by=self.by)
        else:
            services.activity_update(
                activity=record, data=values, revision=record.revision, by=self.by
            )
        action = "nieuw" if record is None else "bijgewerkt"
        self._plan(data, action, cleaned, new_improvement=first)

    def _new_improvement(self, title: str, *, save: bool) -> bool:
        """Make the aanvullend verbeterpunt ``title`` once (a dry run only notes it); whether
        this row is the one that makes it."""
        key = normalized(title)
        if key in self.additional:
            return False
        self.new_titles.append(title)
        self.additional[key] = (
            services.improvement_create(jaarplan=self.jaarplan, title=title, by=self.by)
            if save
            else None
        )
        return True

    def _plan(
        self,
        data: dict[str, Any],
        action: str,
        cleaned: dict | None = None,
        *,
        new_improvement: bool = False,
    ) -> None:
        improvement = data["improvement"]
        if improvement is not None:
            where = " ".join(p for p in (improvement.goal_number, improvement.step_letter) if p)
            label = f"{where or 'Aanvullend'}: {improvement.title}"
        else:
            label = f"Aanvullend: {data['new_title'] or data['text']}"
        row = PlannedRow(data["line"], action, label, new_improvement=new_improvement)
        if cleaned:
            day, is_month = cleaned["due"]
            row.result = cleaned["result"]
            row.due = due_label(day, is_month)
            row.status = ActivityStatus(cleaned["status"]).label
        self.planned.append(row)


def _values(cleaned: dict[str, Any]) -> dict[str, Any]:
    day, is_month = cleaned["due"]
    return {
        "result": cleaned["result"],
        "what": cleaned["what"],
        "who": cleaned["who"],
        "due_date": day,
        "due_is_month": is_month,
        "status": cleaned["status"],
        "explanation": cleaned["explanation"],
    }


# --- What views and commands call ---------------------------------------------------------------


@dataclass
class ImportOutcome:
    report: ImportReport
    rows: list[PlannedRow] = field(default_factory=list)
    new_improvements: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def ok(self) -> bool:
        return self.report.ok

    @property
    def committed(self) -> bool:
        return self.report.committed


def ensure_concept(jaarplan: Jaarplan) -> None:
    if not jaarplan.is_editable:
        raise ValidationError(
            NOT_CONCEPT.format(
                version=jaarplan.version, status=jaarplan.get_status_display().lower()
            )
        )


def import_activities(
    *, jaarplan: Jaarplan, dataset: tablib.Dataset, commit: bool, by=None
) -> ImportOutcome:
    """Dry run; with ``commit`` and no bad row at all, the import for real, all or nothing.
    A jaarplan that is no concept is refused (``ValidationError``) before any row is read."""
    ensure_concept(jaarplan)
    passes: list[ActivityImporter] = []

    def make() -> ActivityImporter:
        passes.append(ActivityImporter(jaarplan=jaarplan, by=by))
        return passes[-1]

    report = run_import(make, dataset, commit=commit)
    last = passes[-1]
    return ImportOutcome(report, last.planned, last.new_titles)
