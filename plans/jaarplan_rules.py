"""The jaarplan's rules as pure functions (no database): which steps a school year takes from the
OSP, what an activity's status needs, and how its date reads. Services, forms, the import and
the pages ask these; each says the problem in the same Dutch words.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any, Protocol

from django.utils.formats import date_format

from pillars.timing import applies_in
from swvportal.core.schoolyear import SchoolYear

from .models.jaarplan import CLOSED_STATUSES, EXPLAINED_STATUSES, ActivityStatus, Evaluation


class StepLike(Protocol):
    timing: str
    school_year: int | None


def steps_for_year(steps: Iterable[Any], school_year: SchoolYear | int) -> list[Any]:
    """The steps of the plan that apply in ``school_year``: *in* that year, *vanaf* that year or
    an earlier one, *jaarlijks* and *doorlopend* (``pillars.timing.applies_in``)."""
    return [s for s in steps if applies_in(s.timing, s.school_year, school_year)]


EXPLANATION_NEEDED = {
    ActivityStatus.DELAYED: "Licht toe waarom de activiteit vertraagd is en wat de nieuwe "
    "verwachting is.",
    ActivityStatus.CANCELLED: "Licht toe waarom de activiteit vervalt.",
}


def status_problems(status: str, explanation: str) -> dict[str, str]:
    """Why this status and toelichting cannot be saved (field → message; empty: they can)."""
    if status not in ActivityStatus.values:
        return {"status": "Kies een status: niet gestart, loopt, gereed, vertraagd of vervallen."}
    if status in EXPLAINED_STATUSES and not (explanation or "").strip():
        return {"explanation": EXPLANATION_NEEDED[ActivityStatus(status)]}
    return {}


def evaluation_problems(evaluation: str, text: str) -> dict[str, str]:
    if evaluation not in Evaluation.values:
        return {"evaluation": "Kies of het beoogde resultaat behaald, deels of niet behaald is."}
    if not (text or "").strip():
        return {"evaluation_text": "Schrijf in één zin hoe het is gegaan."}
    return {}


def can_carry(status: str) -> bool:
    """An activity of last year's jaarplan that is not gereed or vervallen may carry over."""
    return status not in CLOSED_STATUSES


def is_overdue(due_date: datetime.date | None, status: str, today: datetime.date) -> bool:
    return due_date is not None and due_date < today and status not in CLOSED_STATUSES


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month: an activity due 'in juni 2027' is due on 30 June 2027."""
    if month == 12:
        return datetime.date(year, 12, 31)
    return datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)


def due_label(due_date: datetime.date | None, is_month: bool) -> str:
    """'1 augustus 2027', or 'juni 2027' for a month; empty when no date is set."""
    if due_date is None:
        return ""
    return date_format(due_date, "F Y" if is_month else "j F Y")
