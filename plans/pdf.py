"""The ondersteuningsplan as a PDF for the Inspectie (domain.md §3, §10; issue #6).

``osp_document(plan)`` returns a ``PdfSource`` for the portal's one PDF pipeline
(``swvportal.core.pdf``: PDF/A-3a, tagged, fonts embedded, same input → same bytes). The document:

1. the cover (``pdf/_cover.html``): SWV, title, motto, code, period, version, status, date;
2. the contents (``pdf/_toc.html``), page numbers by CSS ``target-counter()``;
3. the chapters, Markdown rendered and sanitised (``plans.rendering.render_markdown``, the
   function behind the ``markdown`` template filter), their headings moved up one level so that
   the headings stay in order under the chapter's ``h1``;
4. the strategische opgaven, then per pijler its inleiding, ambitie and ontwikkeldoelen;
5. the *sections* after the pijlers: the appendices (the appendix registry of
   ``swvportal.documents.registry`` for ``"osp"``, in their ``order``), then the abbreviation
   list and the colophon with the approval trail (``CLOSING``).

One source for headings and contents
    Every heading the contents list shows is built here once, as a part with an ``anchor`` and
    a ``title`` (``ChapterPart``, ``PillarPart``, ``GoalPart``, ``Section``); the template prints
    exactly that title with that ``id``, and ``toc_entries`` walks the same parts. The contents
    and the headings cannot drift apart. Level 1: chapters, the strategische opgaven, pijlers and
    every section; level 2: the ontwikkeldoelen.

Sections (how later issues add theirs)
    A section is ``Section(anchor, title, template, data)``: ``osp.html`` prints its page break,
    its ``h1`` (``id=anchor``) and includes ``template`` with ``data`` in the context; the
    partial holds the rest and starts its own headings at ``h2``. An appendix is a builder
    ``(OspData) -> Section | None`` (``None``: nothing to print, the section and its contents
    line are left out) registered with ``@appendix("osp", order=n)`` from any app: Bijlage 1
    here, Bijlage 4 by ``monitoring.pdf``. The budget appendix (Bijlage 3, a later issue) is
    ``@appendix("osp", order=3)`` in the finance app's ``pdf`` module; nothing here changes.
    The jaarplan (a later issue) is a document of its own: it builds its parts and sections from
    the same types and may include the same partials (``_steps_table.html`` for one doel's
    steps; ``_colophon.html`` for a trail, given ``plan``, ``tenant``, ``facts`` and ``maker``
    in its context).

Figures
    Bijlage 4 (``monitoring.pdf.bijlage_4``) lists every active kernindicator with its norm and,
    with ``with_status``, the newest official figure on or before ``peildatum``. Toezicht and
    inspectie read this document: aggregates only, small counts always suppressed.

Reproducible
    The creation date comes from the plan: its adoption date (or the date it was sent) at 00:00,
    else its newest change. Anchors use positions, not database ids. Besides the plan, only
    the appendices of other apps read other data (Bijlage 4: the figures on or before
    ``peildatum``, their dates printed).

The document type ``osp`` (at the end): archived once per plan version when the version is
adopted, read with ``documents.view_plan_pdf`` (archived) or ``documents.view_draft_pdf``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import override

from pillars.models import Goal, Pillar, Step
from swvportal.core.pdf import PdfMeta, PdfSource, TocEntry, long_date
from swvportal.documents.registry import (
    Archive,
    DocumentType,
    Facts,
    Option,
    Section,
    appendices_of,
    appendix,
    register,
)
from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from .access import get_plan_for_user
from .models import ADOPTED_STATUSES, Plan
from .rendering import render_markdown
from .selectors import PlanTree, current_plan, plan_tree

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


# ``Section`` (a part after the pijlers: an appendix, the abbreviation list, the colophon) is
# the documents registry's, so that other apps' appendices build the same type.


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
        builders = [a.build for a in appendices_of(OSP)] + CLOSING
        sections = [s for build in builders if (s := build(data)) is not None]
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


@appendix("osp", order=1)
def bijlage_1(data: OspData) -> Section | None:
    """Every ontwikkeldoel with its steps per school year, from the structured plan."""
    return Section(
        "bijlage-1",
        "Bijlage 1: Ontwikkeldoelen en stappen per schooljaar",
        "plans/pdf/_bijlage_1.html",
        data.pillars,
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


# After the appendices, always last.
CLOSING: list[SectionBuilder] = [abbreviations, colophon]


# --- The document type -------------------------------------------------------------------------

OSP = "osp"
VERSION_RE = re.compile(r"^(\d{1,4})\.(\d{1,4})$")


def _osp_source(*, tenant: Tenant, plan: Plan, peildatum: datetime.date | None = None) -> PdfSource:
    # An adopted version shows Bijlage 4 as it stood when it was adopted, not on the day
    # someone first asked for its PDF: the archived file depends on the data alone.
    adopted_on = (plan.adopted_on or plan.sent_on) if plan.status in ADOPTED_STATUSES else None
    return osp_document(plan, peildatum=adopted_on)


def _clean(*, tenant: Tenant, plan: Plan | None = None, peildatum: datetime.date | None = None):
    if plan is None:
        raise ValidationError("Kies de versie van het ondersteuningsplan.")
    if plan.tenant_id != tenant.pk:
        raise ValidationError("Dit ondersteuningsplan hoort niet bij dit samenwerkingsverband.")


def _facts(*, plan: Plan, peildatum: datetime.date | None = None) -> Facts:
    return Facts(
        title=f"{plan.title} (versie {plan.version})",
        subject=plan,
        version_label=plan.version,
        final=plan.status in ADOPTED_STATUSES,  # an adopted version never changes again
    )


def _to_json(*, plan: Plan, peildatum: datetime.date | None = None) -> dict:
    # "peildatum": None keeps the shape of the jobs queued before the document registry.
    return {"plan_id": plan.pk, "peildatum": None}


def _from_json(data: dict) -> dict:
    if not data.get("plan_id"):
        return {"plan": None}  # refused by _clean with a Dutch message
    plan = Plan.objects.filter(pk=data["plan_id"]).first()  # scoped: the job's tenant
    if plan is None:
        raise LookupError("Dit ondersteuningsplan bestaat niet meer.")
    return {"plan": plan}


def _job_fact(data: dict) -> str:
    plan = Plan.objects.filter(pk=data.get("plan_id")).first()  # scoped to the tenant
    if plan is None:
        return "Ondersteuningsplan (deze versie bestaat niet meer)"
    return f"{plan.title} (versie {plan.version})"


def _from_request(request: HttpRequest, plan_id: int) -> dict:
    plan, _ = get_plan_for_user(request, plan_id)
    return {"plan": plan}


def _back(request: HttpRequest, plan_id: int) -> str:
    return reverse(
        "plans:plan_detail", kwargs={"tenant_code": request.tenant.code, "plan_id": plan_id}
    )


def _make_hint(tenant: Tenant) -> str:
    url = reverse("plans:plan_list", kwargs={"tenant_code": tenant.code})
    return format_html(
        'bij de versie van het <a href="{}">ondersteuningsplan</a> ("PDF maken")', url
    )


def parse_version(raw: str | None) -> tuple[int, int] | None:
    if raw is None:
        return None
    match = VERSION_RE.match(raw.strip())
    if match is None:
        raise CommandError(f"Ongeldige versie {raw!r}: schrijf bijvoorbeeld 4.0.")
    return int(match[1]), int(match[2])


def plan_for_pdf(*, tenant: Tenant, version: tuple[int, int] | None = None) -> Plan | None:
    """The plan version ``version``, or the newest adopted version, or the newest version.

    Newest means the latest period first, then the highest version number (``Plan.Meta``).
    """
    if version is not None:
        plans = Plan.objects.filter(tenant=tenant)
        return plans.filter(version_major=version[0], version_minor=version[1]).first()
    return current_plan(tenant=tenant)


def _from_options(tenant: Tenant, options: dict) -> dict:
    version = parse_version(options.get("plan_version"))
    plan = plan_for_pdf(tenant=tenant, version=version)
    if plan is None:
        raise CommandError(
            f"Versie {version[0]}.{version[1]} van het ondersteuningsplan bestaat niet "
            f"bij {tenant.code}."
            if version
            else f"{tenant.code} heeft nog geen ondersteuningsplan."
        )
    return {"plan": plan}


OSP_TYPE = register(
    DocumentType(
        key=OSP,
        label="Ondersteuningsplan",
        build=_osp_source,
        clean=_clean,
        facts=_facts,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact,
        create_capability="documents.create",
        read_capability="documents.view_plan_pdf",
        draft_capability="documents.view_draft_pdf",
        archive=Archive.ONCE_PER_SUBJECT,
        create_path="osp/<int:plan_id>/maken/",
        create_name="osp_create",
        from_request=_from_request,
        back=_back,
        make_hint=_make_hint,
        options=(
            Option(
                "--version",
                "plan_version",
                "osp: de versie, bijvoorbeeld 4.0 (standaard de nieuwste vastgestelde versie, "
                "anders de nieuwste).",
            ),
        ),
        from_options=_from_options,
    )
)


# The jaarplan's document types and its Bijlage 6 (the registry autodiscovers this module only).
from .jaarplan import pdf_types  # noqa: E402, F401
