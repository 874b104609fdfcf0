"""The ondersteuningsplan as a PDF for the Inspectie (domain.md §3, §10; issue #6).

``osp_document(plan)`` returns a ``PdfSource`` for the portal's one PDF pipeline
(``swvportal.core.pdf``: PDF/A-3a, tagged, fonts embedded, same input → same bytes). The document:

1. the cover (``pdf/_cover.html``): SWV, title, motto, code, period, version, status, date;
2. the contents (``pdf/_toc.html``), page numbers by CSS ``target-counter()``;
3. the chapters, Markdown rendered and sanitised (``plans.rendering.render_markdown``, the
   function behind the ``markdown`` template filter), their headings moved up one level so that
   the headings stay in order under the chapter's ``h1``;
4. the strategische opgaven, then per pijler its inleiding, ambitie and ontwikkeldoelen;
5. the *sections* after the pijlers: the appendices (``APPENDICES``), then the abbreviation list
   and the colophon with the approval trail (``CLOSING``).

One source for headings and contents
    Every heading the contents list shows is built here once, as a part with an ``anchor`` and
    a ``title`` (``ChapterPart``, ``PillarPart``, ``GoalPart``, ``Section``); the template prints
    exactly that title with that ``id``, and ``toc_entries`` walks the same parts. The contents
    and the headings cannot drift apart. Level 1: chapters, the strategische opgaven, pijlers and
    every section; level 2: the ontwikkeldoelen.

Sections (how later issues add theirs)
    A section is ``Section(anchor, title, template, data)``: ``osp.html`` prints its page break,
    its ``h1`` (``id=anchor``) and includes ``template`` with ``data`` in the context; the
    partial holds the rest and starts its own headings at ``h2``. ``APPENDICES`` is the ordered
    list of builders ``(OspData) -> Section | None`` (``None``: nothing to print, the section and
    its contents line are left out). The budget appendix (Bijlage 3, a later issue) adds a
    ``bijlage_3`` builder and its partial under ``plans/pdf/`` and puts the builder between
    ``bijlage_1`` and ``bijlage_4``; nothing else changes. The jaarplan (a later issue) is a
    document of its own: it builds its parts and sections from the same types and may include the
    same partials (``_steps_table.html`` for one doel's steps; ``_colophon.html`` for a trail,
    given ``plan``, ``tenant``, ``facts`` and ``maker`` in its context).

Figures
    Bijlage 4 lists every active kernindicator of the tenant with its norm. With ``with_status``
    it adds the newest official (not provisional) figure on or before ``peildatum`` with its
    status in words. Toezicht and inspectie read this document: the figures are the SWV's
    aggregates from the dashboard (``monitoring.selectors.dashboard``), small counts always
    suppressed (``monitoring.display.value_label(..., suppress=True)``).

Reproducible
    The creation date comes from the plan: its adoption date (or the date it was sent) at 00:00,
    else its newest change. Anchors use positions, not database ids. Besides the plan, only
    Bijlage 4 reads the monitoring app: its catalogue of kernindicatoren and, with
    ``with_status``, the figures on or before ``peildatum`` (their dates are printed).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from monitoring import display as monitoring_display
from monitoring import selectors as monitoring_selectors
from pillars.models import Goal, Pillar, Step
from swvportal.core.pdf import PdfMeta, PdfSource, TocEntry, long_date
from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from .models import Plan
from .rendering import render_markdown
from .selectors import PlanTree, plan_tree

TEMPLATE = "plans/pdf/osp.html"
MAKER = "SWV Portaal"


# --- The parts of the document -----------------------------------------------------------------


@dataclass(frozen=True)
class ChapterPart:
    anchor: str
    title: str  # "Hoofdstuk 1: Visie …", or the bare title of an unnumbered chapter
    body: SafeString


@dataclass(frozen=True)
class GoalPart:
    anchor: str
    number: str  # "1.3"
    title: str  # "1.3 Afbouw van …": the heading and its contents line
    goal: Goal
    steps: list[Step]
    description: SafeString
    closing: SafeString
    steps_anchor: str  # the doel's step table in Bijlage 1


@dataclass(frozen=True)
class PillarPart:
    anchor: str
    number: int
    title: str  # "Pijler 1: Leren binnen scholen"
    introduction: SafeString
    ambition: SafeString
    goals: list[GoalPart]


@dataclass(frozen=True)
class Section:
    """A part after the pijlers: an appendix, the abbreviation list, the colophon."""

    anchor: str
    title: str
    template: str  # a partial under plans/pdf/; it gets ``data`` and the document's context
    data: Any = None


@dataclass
class OspData:
    """What every section builder sees: the plan read once, and the caller's choices."""

    plan: Plan
    tenant: Tenant
    tree: PlanTree
    pillars: list[PillarPart]
    with_status: bool
    peildatum: datetime.date
    goal_numbers: dict[Any, str] = field(default_factory=dict)  # Goal.uid → "1.3"


SectionBuilder = Callable[[OspData], "Section | None"]


# --- The document ------------------------------------------------------------------------------


def osp_document(
    plan: Plan, *, with_status: bool = True, peildatum: datetime.date | None = None
) -> PdfSource:
    """The PDF source of one plan version. ``peildatum`` (default today) bounds the figures in
    Bijlage 4 when ``with_status``; the document prints the dates of the figures it shows."""
    tenant = plan.tenant
    with tenant_scope(tenant), override("nl"):
        tree = plan_tree(plan)
        pillars = [_pillar_part(pillar) for pillar in tree.pillars]
        data = OspData(
            plan=plan,
            tenant=tenant,
            tree=tree,
            pillars=pillars,
            with_status=with_status,
            peildatum=peildatum or timezone.localdate(),
            goal_numbers={g.goal.uid: g.number for p in pillars for g in p.goals},
        )
        chapters = [_chapter_part(chapter) for chapter in tree.chapters]
        sections = [s for build in (*APPENDICES, *CLOSING) if (s := build(data)) is not None]
        created = _created(plan, tree)
        facts = _cover_facts(plan, tenant, created)
    meta = PdfMeta(
        title=plan.title,
        author=tenant.name,
        created=created,
        subject=(
            f"Ondersteuningsplan van {tenant.name} ({tenant.code}), schooljaren "
            f"{period_label(plan)}, versie {plan.version} ({plan.get_status_display().lower()})"
        ),
    )
    context = {
        "plan": plan,
        "tenant": tenant,
        "motto": plan.motto,
        "facts": facts,
        "chapters": chapters,
        "opgaven": OPGAVEN,
        "tasks": tree.tasks,
        "pillars": pillars,
        "sections": sections,
        "entries": toc_entries(chapters, pillars, sections),
        "period": period_label(plan),
        "maker": MAKER,
    }
    return PdfSource(
        template_name=TEMPLATE,
        context=context,
        meta=meta,
        filename=f"{tenant.code}-ondersteuningsplan-{plan.version}.pdf",
    )


OPGAVEN = TocEntry("strategische-opgaven", "Strategische opgaven")


def toc_entries(
    chapters: list[ChapterPart], pillars: list[PillarPart], sections: list[Section]
) -> list[TocEntry]:
    """The contents in document order, from the very parts the template prints as headings."""
    entries = [TocEntry(c.anchor, c.title) for c in chapters]
    entries.append(OPGAVEN)
    for pillar in pillars:
        entries.append(TocEntry(pillar.anchor, pillar.title))
        entries += [TocEntry(g.anchor, g.title, level=2) for g in pillar.goals]
    entries += [TocEntry(s.anchor, s.title) for s in sections]
    return entries


def period_label(plan: Plan) -> str:
    """``"2026-2027 tot en met 2029-2030"``."""
    years = plan.period
    return f"{years[0]} tot en met {years[-1]}"


def _chapter_part(chapter) -> ChapterPart:
    title = f"Hoofdstuk {chapter.number}: {chapter.title}" if chapter.number else chapter.title
    return ChapterPart(
        anchor=f"hoofdstuk-{chapter.position}",
        title=title,
        body=markdown_under(chapter.body, level=1),
    )


def _pillar_part(pillar: Pillar) -> PillarPart:
    goals = [
        GoalPart(
            anchor=f"doel-{pillar.position}-{goal.position}",
            number=f"{pillar.position}.{goal.position}",
            title=f"{pillar.position}.{goal.position} {goal.title}",
            goal=goal,
            steps=list(goal.steps.all()),
            description=markdown_under(goal.description, level=2),
            closing=markdown_under(goal.closing, level=3),
            steps_anchor=f"stappen-{pillar.position}-{goal.position}",
        )
        for goal in pillar.goals.all()
    ]
    return PillarPart(
        anchor=f"pijler-{pillar.position}",
        number=pillar.position,
        title=f"Pijler {pillar.position}: {pillar.title}",
        introduction=markdown_under(pillar.introduction, level=1),
        ambition=markdown_under(pillar.ambition, level=2),
        goals=goals,
    )


_HEADING_TAG = re.compile(r"<(/?)h([3-6])>")


def markdown_under(text: str, *, level: int) -> SafeString:
    """Plan Markdown as sanitised HTML whose headings continue below a heading of ``level``.

    ``render_markdown`` starts headings at ``h3`` (the web page has the plan and the chapter
    above them); here a chapter is an ``h1``, so its Markdown headings become ``h2``: a screen
    reader's heading list has no gaps. The sanitised output has bare heading tags only.
    """
    html = str(render_markdown(text))
    shift = 3 - (level + 1)
    if shift:
        html = _HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) - shift, 6)}>", html)
    return mark_safe(html)  # noqa: S308 - sanitised by render_markdown; only tag names changed


def _created(plan: Plan, tree: PlanTree) -> datetime.datetime:
    """The adoption date (or the date it was sent) at 00:00, else the plan's newest change."""
    day = plan.adopted_on or plan.sent_on
    if day:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    items = [
        *tree.chapters,
        *tree.tasks,
        *tree.abbreviations,
        *tree.approvals,
        *tree.pillars,
        *tree.goals,
        *tree.steps,
    ]
    stamps = [plan.updated_at, *(item.updated_at for item in items)]
    return timezone.localtime(max((s for s in stamps if s), default=plan.created_at))


def _cover_facts(plan: Plan, tenant: Tenant, created: datetime.datetime) -> list[tuple[str, str]]:
    facts = [
        ("Code", tenant.code),
        ("Periode", period_label(plan)),
        ("Versie", plan.version),
        ("Status", plan.get_status_display()),
    ]
    if plan.adopted_on:
        facts.append(("Vastgesteld op", long_date(plan.adopted_on)))
    if plan.sent_on:
        facts.append(("Verzonden aan inspectie", long_date(plan.sent_on)))
    if not (plan.adopted_on or plan.sent_on):
        facts.append(("Datum", long_date(timezone.localdate(created))))
    return facts


# --- Sections after the pijlers ----------------------------------------------------------------


def bijlage_1(data: OspData) -> Section | None:
    """Every ontwikkeldoel with its steps per school year, from the structured plan."""
    return Section(
        "bijlage-1",
        "Bijlage 1: Ontwikkeldoelen en stappen per schooljaar",
        "plans/pdf/_bijlage_1.html",
        data.pillars,
    )


@dataclass(frozen=True)
class IndicatorLine:
    text: str
    goal: str  # "1.3", or "" when the kernindicator belongs to the pijler as a whole
    norm: str
    frequency: str
    status: str = ""
    value: str = ""
    measured_on: datetime.date | None = None


@dataclass(frozen=True)
class IndicatorGroup:
    number: int
    title: str
    lines: list[IndicatorLine]


@dataclass(frozen=True)
class Dashboard:
    with_status: bool
    groups: list[IndicatorGroup]
    measured_on: datetime.date | None  # the newest figure shown
    small_count: int = monitoring_display.SMALL_COUNT


def bijlage_4(data: OspData) -> Section | None:
    """Every active kernindicator per pijler with its norm; with ``with_status`` its figure."""
    sections = monitoring_selectors.dashboard(tenant=data.tenant, peildatum=data.peildatum)
    titles = {p.number: p.title for p in data.pillars}
    groups = []
    for section in sections:
        lines = []
        for row in section.rows:
            indicator, measurement = row.indicator, row.measurement
            line = IndicatorLine(
                text=indicator.text,
                goal=data.goal_numbers.get(indicator.goal_uid, ""),
                norm=indicator.norm_text,
                frequency=indicator.get_frequency_display(),
            )
            if data.with_status:
                line = replace(
                    line,
                    status=monitoring_display.status_label(indicator, measurement, suppress=True),
                    value=monitoring_display.value_label(indicator, measurement, suppress=True),
                    measured_on=measurement.peildatum if measurement else None,
                )
            lines.append(line)
        title = titles.get(section.number) or (
            f"Pijler {section.number}: {section.title}"
            if section.title
            else f"Pijler {section.number}"
        )
        groups.append(IndicatorGroup(section.number, title, lines))
    shown = [line.measured_on for g in groups for line in g.lines if line.measured_on]
    return Section(
        "bijlage-4",
        "Bijlage 4: Dashboard met kernindicatoren en normen",
        "plans/pdf/_bijlage_4.html",
        Dashboard(data.with_status, groups, max(shown, default=None)),
    )


def abbreviations(data: OspData) -> Section | None:
    return Section(
        "afkortingen",
        "Lijst van afkortingen",
        "plans/pdf/_abbreviations.html",
        data.tree.abbreviations_alphabetical,
    )


def colophon(data: OspData) -> Section | None:
    return Section("colofon", "Colofon", "plans/pdf/_colophon.html", data.tree.approvals)


# The appendices in print order. Bijlage 3 (the budget) goes between 1 and 4.
APPENDICES: list[SectionBuilder] = [bijlage_1, bijlage_4]
# After the appendices, always last.
CLOSING: list[SectionBuilder] = [abbreviations, colophon]
