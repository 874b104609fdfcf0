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
"""

from __future__ import annotations

import datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from swvportal.core.pdf import PdfMeta, PdfSource, TocEntry, long_date
from swvportal.tenancy.models import Tenant
from swvportal.tenancy.scoping import tenant_scope

from . import display, selectors
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
