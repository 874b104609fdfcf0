"""The monitoring report of a peildatum as a PDF (issue #6): per pijler each kernindicator's
value, norm, status and trend, rendered by the portal's one PDF pipeline (``swvportal.core.pdf``).

The report leaves the SWV: it holds aggregates only and always hides what ``disclosure`` hides,
whoever asks for it (``display.value_label(..., suppress=True)``: a figure resting on 1 to 4
pupils, and what would give it back, reads "niet getoond" with the status "niet getoond (kleine
aantallen)", and a chart leaves that point out). No school breakdown, no pupil data.

The trend charts are the dashboard's own server-rendered SVG (``monitoring/_sparkline.html``,
geometry from ``display.sparkline``), drawn by WeasyPrint as vector paths, with their numbers in
a small table beside them.

The queries are the dashboard's (``selectors.dashboard`` and ``selectors.goal_links``): a fixed
number, whatever the number of indicators or peildata.

This module also registers (autodiscovered by ``swvportal.documents``):

* the document type ``monitoring`` (``MONITORING_TYPE``): a new document each time, read with
  ``documents.view_monitoring_pdf``, made on the dashboard ("Rapportage als PDF") or with
  ``render_pdf monitoring [--peildatum jjjj-mm-dd]``;
* Bijlage 4 of the ondersteuningsplan (``bijlage_4``): the kernindicatoren with their norms and,
  in the PDF of a plan, their figures. The plan's PDF asks the appendix registry for it, so
  ``plans`` does not import this app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from typing import Any, Protocol

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from swvportal.core.forms import check_date_range
from swvportal.core.pdf import PdfMeta, PdfSource, TocEntry, long_date
from swvportal.documents.registry import DocumentType, Facts, Option, Section, appendix, register
from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from . import display, selectors
from .forms import MonitoringReportForm
from .models import Measurement, Unit
from .norms import TREND_MINIMUM_POINTS, TREND_WINDOW

TEMPLATE = "monitoring/pdf/report.html"
# The chart beside its table of figures fits the A4 text width (168 mm ≈ 635 px); above 100 px
# high, ``display.sparkline`` leaves room for the values above the dots and the dates below.
CHART_WIDTH = 430
CHART_HEIGHT = 170
SUPPRESSION_NOTE = "Alleen totalen; kleine aantallen (1 tot 4) niet getoond"


def monitoring_document(tenant: Tenant, peildatum: datetime.date) -> PdfSource:
    """The monitoring report of ``tenant`` on ``peildatum``: the official figures only.

    Reads the data here (in the tenant's scope); ``render()`` later needs no database.
    """
    with tenant_scope(tenant):
        plan = selectors.shown_plan(tenant=tenant)
        sections = selectors.dashboard(
            tenant=tenant, peildatum=peildatum, titles=selectors.pillar_titles(plan=plan)
        )
        goals = selectors.goal_links(plan=plan)
    # The report leaves the SWV: it always hides what ``disclosure`` hides, whoever asks.
    pillars = [_pillar(s) for s in display.indicator_rows(sections, goals, suppress=True)]
    shown = [m for section in sections for row in section.rows for m in row.history]
    title = f"Monitoringsrapportage {peildatum:%d-%m-%Y}"
    meta = PdfMeta(
        title=title,
        author=tenant.name,
        created=_created(shown, peildatum),
        subject=f"Kernindicatoren, normen, status en trend per pijler op {peildatum:%d-%m-%Y}",
    )
    entries = [TocEntry("toelichting", "Toelichting")]
    entries += [TocEntry(p["anchor"], p["heading"]) for p in pillars]
    context: dict[str, Any] = {
        "tenant": tenant,
        "peildatum": peildatum,
        "peildatum_long": long_date(peildatum),
        "pillars": pillars,
        "entries": entries,
        "facts": [
            ("Code", tenant.code),
            ("Peildatum", f"{peildatum:%d-%m-%Y}"),
            ("Cijfers", SUPPRESSION_NOTE),
        ],
        "small_count": display.SMALL_COUNT,
        "chart_width": CHART_WIDTH,
        "trend_window": TREND_WINDOW,
        "trend_minimum": TREND_MINIMUM_POINTS,
    }
    return PdfSource(
        template_name=TEMPLATE,
        context=context,
        meta=meta,
        filename=f"{tenant.code}-monitoring-{peildatum:%Y-%m-%d}.pdf",
    )


def _created(shown: list[Measurement], peildatum: datetime.date) -> datetime.datetime:
    """The newest computation behind the figures; lacking any, midnight of the peildatum."""
    if shown:
        return timezone.localtime(max(m.computed_at for m in shown))
    return timezone.make_aware(datetime.datetime.combine(peildatum, datetime.time()))


def _pillar(section: display.IndicatorSection) -> dict[str, Any]:
    heading = f"Pijler {section.number}" + (f": {section.title}" if section.title else "")
    return {
        "number": section.number,
        "anchor": f"pijler-{section.number}",
        "heading": heading,
        "rows": [_row(row) for row in section.rows],
    }


def _row(row: display.IndicatorRow) -> dict[str, Any]:
    """One kernindicator as the report prints it (built with small counts suppressed)."""
    is_text = row.indicator.unit == Unit.TEXT
    return {
        "indicator": row.indicator,
        "anchor": f"indicator-{row.indicator.pk}",
        "goal": row.goal,
        "value": row.value,
        "status": row.status,
        "measured_on": row.measured_on,
        "missing_reports": row.missing_reports,
        "is_text": is_text,
        "chart": None if is_text else _chart(row),
        "suppressed_points": any(value == display.SUPPRESSED for _, value in row.history),
        "history": row.history,
    }


def _chart(row: display.IndicatorRow) -> SafeString | None:
    """The dashboard's large trend chart (``monitoring/_sparkline.html``), ready for WeasyPrint."""
    line = row.chart(width=CHART_WIDTH, height=CHART_HEIGHT)
    if line is None:
        return None
    return render_to_string(
        "monitoring/_sparkline.html", {"line": line, "large": True, "for_print": True}
    )


# --- The document type -------------------------------------------------------------------------

MONITORING = "monitoring"


def _clean(*, tenant: Tenant, peildatum: datetime.date | None = None) -> None:
    if peildatum is None:
        raise ValidationError("Kies een peildatum.")
    check_date_range(peildatum)
    if peildatum > timezone.localdate():
        raise ValidationError("Voor een peildatum in de toekomst is nog geen rapportage te maken.")


def _build(*, tenant: Tenant, peildatum: datetime.date) -> PdfSource:
    return monitoring_document(tenant, peildatum)


def _facts(*, peildatum: datetime.date) -> Facts:
    return Facts(title=f"Monitoringsrapportage peildatum {peildatum:%d-%m-%Y}", peildatum=peildatum)


def _to_json(*, peildatum: datetime.date) -> dict:
    # "plan_id": None keeps the shape of the jobs queued before the document registry.
    return {"plan_id": None, "peildatum": peildatum.isoformat()}


def _day(value: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _from_json(data: dict) -> dict:
    return {"peildatum": _day(data.get("peildatum"))}


def _job_fact(data: dict) -> str:
    day = _day(data.get("peildatum"))
    return f"Monitoringsrapportage, peildatum {long_date(day)}" if day else "Monitoringsrapportage"


def _from_request(request: HttpRequest) -> dict:
    form = MonitoringReportForm(request.POST)
    if not form.is_valid():
        raise ValidationError(list(form.errors["peildatum"]))
    return {"peildatum": form.cleaned_data["peildatum"]}


def _back(request: HttpRequest) -> str:
    return reverse("monitoring:dashboard", kwargs={"tenant_code": request.tenant.code})


def _make_hint(tenant: Tenant) -> str:
    url = reverse("monitoring:dashboard", kwargs={"tenant_code": tenant.code})
    return format_html('op het <a href="{}">dashboard</a> ("Rapportage als PDF")', url)


def _from_options(tenant: Tenant, options: dict) -> dict:
    raw = options.get("peildatum")
    if raw is None:
        # The newest official peildatum with figures, else today.
        return {"peildatum": selectors.latest_peildatum(tenant=tenant) or timezone.localdate()}
    try:
        return {"peildatum": datetime.date.fromisoformat(raw)}
    except ValueError:
        raise CommandError(f"Ongeldige peildatum {raw!r}: schrijf jjjj-mm-dd.") from None


MONITORING_TYPE = register(
    DocumentType(
        key=MONITORING,
        label="Monitoringsrapportage",
        build=_build,
        clean=_clean,
        facts=_facts,
        to_json=_to_json,
        from_json=_from_json,
        job_fact=_job_fact,
        create_capability="documents.create",
        read_capability="documents.view_monitoring_pdf",
        draft_capability="documents.view_monitoring_pdf",
        create_path="monitoring/maken/",
        create_name="monitoring_create",
        from_request=_from_request,
        back=_back,
        make_hint=_make_hint,
        options=(
            Option(
                "--peildatum",
                "peildatum",
                "monitoring: jjjj-mm-dd (standaard de laatste peildatum met cijfers, "
                "anders vandaag).",
            ),
        ),
        from_options=_from_options,
    )
)


# --- Bijlage 4 of the ondersteuningsplan -------------------------------------------------------


class PlanPdfData(Protocol):
    """What Bijlage 4 reads of the plan's PDF data (``plans.pdf.OspData``)."""

    tenant: Tenant
    peildatum: datetime.date
    with_status: bool
    pillars: list  # parts with ``number`` and ``title``
    goal_numbers: dict  # Goal.uid → "1.3"


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
    small_count: int = display.SMALL_COUNT


@appendix("osp", order=4)
def bijlage_4(data: PlanPdfData) -> Section | None:
    """Every active kernindicator per pijler with its norm; with ``with_status`` its figure."""
    sections = selectors.dashboard(tenant=data.tenant, peildatum=data.peildatum)
    titles = {p.number: p.title for p in data.pillars}
    groups = []
    # The plan names its own doelen (``data.goal_numbers``): no dashboard links needed here.
    for section in display.indicator_rows(sections, {}, suppress=True):
        # The plan's own norms; an indicator the SWV tracks on the dashboard only stays out.
        lines = [_line(row, data) for row in section.rows if row.indicator.in_plan]
        if not lines:
            continue
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
        "monitoring/pdf/_osp_bijlage_4.html",
        Dashboard(data.with_status, groups, max(shown, default=None)),
    )


def _line(row: display.IndicatorRow, data: PlanPdfData) -> IndicatorLine:
    """A kernindicator in Bijlage 4; its figure (``with_status``) as the dashboard's builder
    words it, small counts always suppressed (the plan leaves the SWV)."""
    indicator = row.indicator
    line = IndicatorLine(
        text=indicator.text,
        goal=data.goal_numbers.get(indicator.goal_uid, ""),
        norm=indicator.norm_text,
        frequency=indicator.get_frequency_display(),
    )
    if not data.with_status:
        return line
    return replace(line, status=row.status, value=row.value, measured_on=row.measured_on)
