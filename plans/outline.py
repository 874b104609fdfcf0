"""The kinds of parts a plan is made of, in one table: how each is ordered and validated.

Services and views work on any kind through this table, so adding, editing, moving and deleting a
chapter, a pijler, a doel or a stap all follow the same rules (read-only adopted versions,
renumbering, conflict detection, audit log).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from pillars.models import Goal, Pillar, Step
from pillars.timing import StepYearProblem, step_year_problem
from plans.models import Abbreviation, ApprovalStep, Chapter, Plan, PlanItem, StrategicTask

_STEP_YEAR_MESSAGES = {
    StepYearProblem.MISSING: "Kies het schooljaar van deze stap.",
    StepYearProblem.NOT_ALLOWED: (
        "Een jaarlijkse of doorlopende stap heeft geen schooljaar. Laat het veld leeg."
    ),
}


def _validate_step(step: Step, plan: Plan) -> None:
    """The one rule of ``pillars.timing``, in the words of the step form."""
    problem = step_year_problem(
        step.timing, step.school_year, first=plan.period_start, last=plan.school_years[-1]
    )
    if problem is not None:
        message = _STEP_YEAR_MESSAGES.get(
            problem, f"Het schooljaar valt buiten de planperiode {plan.period_label}."
        )
        raise ValidationError({"school_year": message})


@dataclass(frozen=True)
class ItemKind:
    slug: str  # in URLs
    model: type[PlanItem]
    label: str
    parent_field: str | None = None  # the FK that groups siblings; None: the plan itself
    movable: bool = True  # False: shown in an order of its own (alphabetical, by date)
    table_row: bool = False  # shown as a table row on the plan page
    validate: Callable[[PlanItem, Plan], None] | None = None
    # Where the item sits on the plan page, for anchors and swaps.
    section: str = ""


KINDS: dict[str, ItemKind] = {
    k.slug: k
    for k in [
        ItemKind("hoofdstuk", Chapter, "hoofdstuk", section="hoofdstukken"),
        ItemKind("opgave", StrategicTask, "strategische opgave", section="opgaven"),
        ItemKind(
            "afkorting",
            Abbreviation,
            "afkorting",
            movable=False,
            table_row=True,
            section="afkortingen",
        ),
        ItemKind(
            "goedkeuring",
            ApprovalStep,
            "stap in het goedkeuringstraject",
            movable=False,
            table_row=True,
            section="goedkeuringen",
        ),
        ItemKind("pijler", Pillar, "pijler", section="pijlers"),
        ItemKind("doel", Goal, "ontwikkeldoel", parent_field="pillar", section="pijlers"),
        ItemKind(
            "stap", Step, "stap", parent_field="goal", validate=_validate_step, section="pijlers"
        ),
    ]
}
KIND_OF_MODEL = {k.model: k for k in KINDS.values()}


def kind_of(item: PlanItem) -> ItemKind:
    return KIND_OF_MODEL[type(item)]


def parent_kind(kind: ItemKind) -> ItemKind | None:
    """The kind of part this kind hangs under (a stap under a doel), or None: the plan."""
    if kind.parent_field is None:
        return None
    return KIND_OF_MODEL[kind.model._meta.get_field(kind.parent_field).related_model]


def siblings(item: PlanItem):
    kind = kind_of(item)
    queryset = kind.model.objects.filter(plan_id=item.plan_id)
    if kind.parent_field:
        queryset = queryset.filter(
            **{f"{kind.parent_field}_id": getattr(item, f"{kind.parent_field}_id")}
        )
    return queryset


def item_label(item: PlanItem) -> str:
    """How a part is named in messages, by its number as the page shows it: 'doel 1.2 …'.
    Not ``__str__``: that is for the logboek, without the pijler's number."""
    kind = kind_of(item).slug
    if kind == "doel":
        return f"doel {item.pillar.position}.{item.position} {item.title}"
    if kind == "stap":
        return f"stap {item.letter}: {_short(item.text)}"
    if kind == "pijler":
        return f"pijler {item.position}: {item.title}"
    if kind == "opgave":
        return f"strategische opgave {_short(item.text)}"
    if kind == "afkorting":
        return f"afkorting {item.abbreviation}"
    if kind == "goedkeuring":
        return f"stap in het goedkeuringstraject ({item.get_body_display()})"
    return f"{KINDS[kind].label} {item.title}"


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def mark_ends(items: list[PlanItem]) -> None:
    """Flag the first and last of siblings, so a page offers no 'Omhoog' that cannot move."""
    for index, item in enumerate(items):
        item.is_first, item.is_last = index == 0, index == len(items) - 1
