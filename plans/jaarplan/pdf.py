"""The jaarplan as a PDF (issue 14, Build 7; domain.md §10), through the portal's one pipeline
(``swvportal.core.pdf``: PDF/A-3a, tagged, fonts embedded, same input → same bytes).

``jaarplan_document(jaarplan, edition)`` returns a ``PdfSource``. The document:

1. the cover (``pdf/_cover.html``): SWV, "Jaarplan 2026-2027", code, school year, version,
   status, date, and the OSP version it derives from;
2. the contents (``pdf/_toc.html``), page numbers by CSS ``target-counter()``;
3. an introduction; after the evaluation a summary of behaald / deels / niet per pijler;
4. per pijler and ontwikkeldoel the verbeterpunten (the step's letter, when and text) with their
   activities table (beoogd resultaat, wat, wie, wanneer gereed, status and toelichting; after
   the evaluation also the evaluation), then the "Aanvullend (beleidsmatig)" items;
5. the kwaliteitskalender of the school year, per category, and the bijeenkomsten;
6. the colophon with the version's approval trail.

Editions (``Edition``): one builder, three ways of showing the year.

* ``jaarplan`` of a concept: the data as it is now, dated by its newest change.
* ``jaarplan`` of a vastgesteld version: the version *as adopted*. Its content no longer
  changes, but statuses do through the year, so the statuses are those at the end of the day of
  adoption (rebuilt from the progress history), the kwaliteitskalender counts what was done by
  then and the bijeenkomsten what was held by then. The archived file then depends on the data
  alone, not on the day someone first asked for it (as ``plans.pdf`` does for Bijlage 4).
* ``jaarplan_evaluatie``: a vastgesteld version's progress today (a new document each time), and
  once the year is geëvalueerd, the evaluation: the evaluation column and the summary, as it
  stood on the day of evaluation (archived once: the version then never changes again).

Reads go through ``selectors.jaarplan_tree`` and (for the kwaliteitskalender and the
bijeenkomsten, ``pdf_calendar``) ``calendar_selectors``: a fixed number of queries whatever the
size of the jaarplan. ``pdf_types`` registers the document types and the OSP's Bijlage 6.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import override

from swvportal.core.pdf import PdfMeta, PdfSource, TocEntry, long_date
from swvportal.tenancy.scoping import tenant_scope

from ..jaarplan_rules import due_label
from ..models import (
    Activity,
    ActivityNote,
    ActivityStatus,
    Evaluation,
    Jaarplan,
    JaarplanApproval,
    JaarplanStatus,
)
from .pdf_calendar import CalendarGroup, SeriesPart, calendar_groups, series_parts
from .selectors import JaarplanTree, jaarplan_tree

TEMPLATE = "plans/jaarplan/pdf/jaarplan.html"
MAKER = "SWV Portaal"


# --- Which view of the year ----------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """What one PDF of a jaarplan version shows."""

    name: str  # "concept", "vastgesteld", "voortgang", "evaluatie"
    title: str  # "Jaarplan", "Voortgang jaarplan", "Evaluatie jaarplan"
    as_of: datetime.date | None  # statuses, ticks and held meetings up to the end of this day
    with_evaluation: bool = False
    marks_overdue: bool = False  # "te laat" against ``as_of`` (the progress edition)

    @property
    def filename_suffix(self) -> str:
        return "" if self.name in ("concept", "vastgesteld") else f"-{self.name}"


def plan_edition(jaarplan: Jaarplan) -> Edition:
    """The jaarplan itself: a concept as it is, a vastgesteld version as adopted."""
    if jaarplan.is_adopted and jaarplan.adopted_on:
        return Edition("vastgesteld", "Jaarplan", jaarplan.adopted_on)
    return Edition("concept", "Jaarplan", None)


def evaluation_edition(jaarplan: Jaarplan, *, today: datetime.date | None = None) -> Edition:
    """A vastgesteld version's progress on ``today``, or its evaluation once geëvalueerd."""
    if jaarplan.status == JaarplanStatus.EVALUATED and jaarplan.evaluated_on:
        return Edition("evaluatie", "Evaluatie jaarplan", jaarplan.evaluated_on, True)
    day = today or timezone.localdate()
    return Edition("voortgang", "Voortgang jaarplan", day, marks_overdue=True)


# --- The parts of the document -------------------------------------------------------------------


@dataclass(frozen=True)
class ActivityLine:
    result: str
    what: str
    who: str
    responsible: str  # the responsible member's name, "" when none (or no name is known)
    due: str  # "30 juni 2027", "juni 2027", ""
    status: str  # "Loopt"
    status_key: str  # "loopt" (a CSS class; the word is printed, never colour alone)
    explanation: str
    carried_from: str  # "2025-2026" when carried over from that year's jaarplan
    overdue: bool = False
    evaluation: str = ""  # "Behaald", "Deels behaald", "Niet behaald"
    evaluation_key: str = ""
    evaluation_text: str = ""


@dataclass(frozen=True)
class ImprovementPart:
    heading: str  # "Stap 1.3a (2026-2027)", or the text of an item of one's own
    text: str  # the step's text ("" when the heading is the text)
    label: str  # "stap 1.3a": the activity table's caption
    activities: list[ActivityLine]


@dataclass(frozen=True)
class GoalPart:
    anchor: str
    number: str  # "1.3"; "" for the additional items
    title: str  # "1.3 Afbouw van …": the heading and its contents line
    improvements: list[ImprovementPart]


@dataclass(frozen=True)
class PillarPart:
    anchor: str
    title: str  # "Pijler 1: Leren binnen scholen", or "Aanvullend (beleidsmatig)"
    goals: list[GoalPart]
    is_additional: bool = False


@dataclass(frozen=True)
class EvaluationCount:
    title: str
    achieved: int
    partly: int
    not_achieved: int
    missing: int

    @property
    def total(self) -> int:
        return self.achieved + self.partly + self.not_achieved + self.missing


@dataclass
class JaarplanData:
    jaarplan: Jaarplan
    edition: Edition
    pillars: list[PillarPart]
    calendar: list[CalendarGroup]
    series: list[SeriesPart]
    approvals: list[JaarplanApproval]
    tree: JaarplanTree
    counts: list[EvaluationCount] = field(default_factory=list)

    @property
    def missing_evaluations(self) -> int:
        return self.counts[-1].missing if self.counts else 0


# --- The document --------------------------------------------------------------------------------

INTRODUCTION = TocEntry("inleiding", "Inleiding")
SUMMARY = TocEntry("evaluatie", "Evaluatie in het kort")
COLOPHON = TocEntry("colofon", "Colofon")


def jaarplan_document(jaarplan: Jaarplan, edition: Edition | None = None) -> PdfSource:
    """The PDF source of one jaarplan version. Reads everything here (in the tenant's scope);
    ``render()`` later needs no database."""
    tenant = jaarplan.tenant
    edition = edition or plan_edition(jaarplan)
    with tenant_scope(tenant), override("nl"):
        data = read_jaarplan(jaarplan, edition)
        created = _created(jaarplan, edition, data)
        year = jaarplan.year.label
        plan = jaarplan.plan
        entries = toc_entries(data, year)
        context = {
            "jaarplan": jaarplan,
            "tenant": tenant,
            "plan": plan,
            "year": year,
            "edition": edition,
            "as_of": long_date(edition.as_of) if edition.as_of else "",
            "data": data,
            "facts": _cover_facts(jaarplan, edition, created),
            "entries": entries,
            "anchors": {e.title: e.anchor for e in entries},
            "adopted_on": long_date(jaarplan.adopted_on) if jaarplan.adopted_on else "",
            "evaluated_on": long_date(jaarplan.evaluated_on) if jaarplan.evaluated_on else "",
            "created_on": long_date(timezone.localdate(created)),
            "maker": MAKER,
        }
    title = f"{edition.title} {year}"
    meta = PdfMeta(
        title=title,
        author=tenant.name,
        created=created,
        subject=(
            f"{title} van {tenant.name} ({tenant.code}), versie {jaarplan.version}, afgeleid van "
            f"{plan.title} (versie {plan.version})"
        ),
    )
    return PdfSource(
        template_name=TEMPLATE,
        context=context,
        meta=meta,
        filename=f"{tenant.code}-jaarplan-{year}-{jaarplan.version}{edition.filename_suffix}.pdf",
    )


def read_jaarplan(jaarplan: Jaarplan, edition: Edition) -> JaarplanData:
    """Every part of the document, in a fixed number of queries."""
    tree = jaarplan_tree(jaarplan)
    pillars = pillar_parts(tree, edition)
    data = JaarplanData(
        jaarplan=jaarplan,
        edition=edition,
        pillars=pillars,
        calendar=calendar_groups(
            jaarplan, as_of=edition.as_of, marks_overdue=edition.marks_overdue
        ),
        series=series_parts(jaarplan, as_of=edition.as_of),
        approvals=list(JaarplanApproval.trail(jaarplan).order_by("date", "position", "pk")),
        tree=tree,
    )
    if edition.with_evaluation:
        data.counts = _counts(pillars)
    return data


def toc_entries(data: JaarplanData, year: str) -> list[TocEntry]:
    """The contents in document order, from the very parts the template prints as headings."""
    entries = [INTRODUCTION]
    if data.edition.with_evaluation:
        entries.append(SUMMARY)
    for pillar in data.pillars:
        entries.append(TocEntry(pillar.anchor, pillar.title))
        entries += [TocEntry(g.anchor, g.title, level=2) for g in pillar.goals if g.number]
    entries.append(TocEntry("kwaliteitskalender", f"Kwaliteitskalender {year}"))
    entries.append(TocEntry("bijeenkomsten", f"Bijeenkomsten {year}"))
    entries.append(COLOPHON)
    return entries


# --- Activities as of a day ----------------------------------------------------------------------

TRACKED = ("status", "explanation")


def _states_as_of(
    activities: list[Activity], jaarplan: Jaarplan, as_of: datetime.date | None
) -> dict[int, dict[str, str]]:
    """Each activity's status and toelichting at the end of ``as_of`` (now when None).

    Every change of either after that day left a line in the history (``ActivityNote``) with
    what it was; the earliest such line per field gives the value of that day. One query.
    """
    states = {a.pk: {"status": a.status, "explanation": a.explanation} for a in activities}
    if as_of is None or not states:
        return states
    after = timezone.make_aware(
        datetime.datetime.combine(as_of + datetime.timedelta(days=1), datetime.time())
    )
    notes = ActivityNote.objects.filter(
        activity__jaarplan=jaarplan, written_at__gte=after
    ).order_by("written_at", "pk")
    settled: set[tuple[int, str]] = set()
    for note in notes.only("activity_id", "status_from", "status_to", "changes"):
        changes = note.changes if isinstance(note.changes, dict) else {}
        for name in TRACKED:
            key = (note.activity_id, name)
            if key in settled or note.activity_id not in states:
                continue
            if name == "status" and note.status_to:
                was = note.status_from  # "" on the line of the activity's creation
            elif name in changes and isinstance(changes[name], list) and changes[name]:
                was = changes[name][0]
            else:
                continue
            if name == "status" and not was:
                continue
            states[note.activity_id][name] = was or ""
            settled.add(key)
    return states


def _activity_line(activity: Activity, state: dict[str, str], edition: Edition) -> ActivityLine:
    status = state["status"]
    responsible = activity.responsible.get_full_name() if activity.responsible_id else ""
    carried = activity.carried_from
    evaluation = edition.with_evaluation and activity.evaluation
    return ActivityLine(
        result=activity.result,
        what=activity.what,
        who=activity.who,
        responsible=responsible,
        due=due_label(activity.due_date, activity.due_is_month),
        status=_label(ActivityStatus, status),
        status_key=status,
        explanation=state["explanation"],
        carried_from=carried.jaarplan.year.label if carried is not None else "",
        overdue=bool(
            edition.marks_overdue
            and edition.as_of
            and activity.due_date
            and activity.due_date < edition.as_of
            and status not in (ActivityStatus.DONE, ActivityStatus.CANCELLED)
        ),
        evaluation=_label(Evaluation, activity.evaluation) if evaluation else "",
        evaluation_key=activity.evaluation if evaluation else "",
        evaluation_text=activity.evaluation_text if evaluation else "",
    )


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# --- Pijlers, doelen, verbeterpunten -------------------------------------------------------------


def pillar_parts(tree: JaarplanTree, edition: Edition) -> list[PillarPart]:
    """The jaarplan's pijlers as the document prints them (one query beyond the tree's)."""
    states = _states_as_of(tree.activities, tree.jaarplan, edition.as_of)
    return [_pillar_part(p, states, edition) for p in tree.pillars]


def _pillar_part(pillar, states: dict[int, dict[str, str]], edition: Edition) -> PillarPart:
    is_additional = pillar.number is None
    goals = []
    for goal in pillar.goals:
        improvements = [
            _improvement_part(i, [_activity_line(a, states[a.pk], edition) for a in i.rows])
            for i in goal.improvements
        ]
        anchor = f"doel-{goal.number.replace('.', '-')}" if goal.number else "aanvullend-items"
        title = f"{goal.number} {goal.title}" if goal.number else ""
        goals.append(GoalPart(anchor, goal.number, title, improvements))
    if is_additional:
        return PillarPart("aanvullend", pillar.title, goals, True)
    return PillarPart(f"pijler-{pillar.number}", f"Pijler {pillar.number}: {pillar.title}", goals)


def _improvement_part(improvement, activities: list[ActivityLine]) -> ImprovementPart:
    if improvement.step_letter:
        number = f"{improvement.goal_number}{improvement.step_letter}"
        when = f" ({improvement.step_when})" if improvement.step_when else ""
        return ImprovementPart(
            f"Stap {number}{when}", improvement.title, f"stap {number}", activities
        )
    return ImprovementPart(improvement.title, "", "dit verbeterpunt", activities)


def _counts(pillars: list[PillarPart]) -> list[EvaluationCount]:
    """Behaald / deels / niet per pijler, and the total last."""
    counts = []
    for pillar in pillars:
        lines = [a for g in pillar.goals for i in g.improvements for a in i.activities]
        counts.append(_count(pillar.title, lines))
    every = [a for p in pillars for g in p.goals for i in g.improvements for a in i.activities]
    counts.append(_count("Totaal", every))
    return counts


def _count(title: str, lines: list[ActivityLine]) -> EvaluationCount:
    keys = [line.evaluation_key for line in lines]
    return EvaluationCount(
        title,
        keys.count(Evaluation.ACHIEVED),
        keys.count(Evaluation.PARTLY),
        keys.count(Evaluation.NOT),
        sum(1 for k in keys if not k),
    )


# --- Cover and dates -----------------------------------------------------------------------------


def _created(jaarplan: Jaarplan, edition: Edition, data: JaarplanData) -> datetime.datetime:
    """The day the edition shows at 00:00, else (a concept) the jaarplan's newest change."""
    if edition.as_of is not None:
        return timezone.make_aware(datetime.datetime.combine(edition.as_of, datetime.time()))
    tree = data.tree
    stamps = [
        jaarplan.updated_at,
        *(i.updated_at for i in tree.improvements),
        *(a.updated_at for a in tree.activities),
        *(s.updated_at for s in data.approvals),
    ]
    return timezone.localtime(max((s for s in stamps if s), default=jaarplan.created_at))


def _cover_facts(
    jaarplan: Jaarplan, edition: Edition, created: datetime.datetime
) -> list[tuple[str, str]]:
    plan = jaarplan.plan
    facts = [
        ("Code", jaarplan.tenant.code),
        ("Schooljaar", jaarplan.year.label),
        ("Versie", jaarplan.version),
    ]
    if edition.name == "concept":
        facts += [("Status", "Concept"), ("Datum", long_date(timezone.localdate(created)))]
    else:
        status = "Geëvalueerd" if edition.with_evaluation else "Vastgesteld"
        facts += [("Status", status), ("Vastgesteld op", long_date(jaarplan.adopted_on))]
        if edition.with_evaluation:
            facts.append(("Geëvalueerd op", long_date(jaarplan.evaluated_on)))
        elif edition.name == "voortgang":
            facts.append(("Stand op", long_date(edition.as_of)))
    facts.append(("Afgeleid van", f"{plan.title} (versie {plan.version})"))
    return facts
