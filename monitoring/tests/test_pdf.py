"""The monitoring report as a PDF (issue #6), read back with pypdf only.

Rendering costs seconds, so tenant A's data is built and the report rendered once per module
(twice: the second render checks that the same input gives the same bytes), inside a
transaction that is rolled back before the tests read the results.
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass
from functools import cached_property

import pypdf
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import override
from django_scopes import scope, scopes_disabled

from monitoring import selectors, services
from monitoring.demo import REPORT_YEARS, past_peildata, seed_monitoring
from monitoring.pdf import monitoring_document
from plans.demo import seed_plan
from referrals.models import Pupil
from referrals.tests.factories import make_absence
from swvportal.tenancy.demo import seed_schools
from swvportal.tenancy.tests.factories import TenantFactory

THUISZITTERS = "thuiszitters"
SMALL = 3  # thuiszitters at one school on the peildatum: a count under 5
# The report is built in a module fixture; the mark makes pytest-django set up the database
# even when only tests that read the rendered report are selected.
pytestmark = pytest.mark.django_db
FIGURE = re.compile(rb"/Figure\s*<<\s*/MCID \d+\s*>>\s*BDC(.*?)\nEMC", re.DOTALL)


@dataclass(frozen=True)
class Report:
    peildatum: datetime.date
    filename: str
    html: str
    pdf: bytes
    again: bytes  # a second document built from the same data
    indicators: list[tuple[str, str]]  # (kernindicator, norm) of every indicator shown
    pillars: list[str]  # "Pijler 1: Leren binnen scholen"
    statuses: set[str]
    small: tuple[str, str]  # (kernindicator, norm) of the thuiszitters indicator
    pupil_numbers: list[str]
    newest_computed_at: datetime.datetime

    @cached_property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(io.BytesIO(self.pdf))

    @cached_property
    def pages(self) -> list[str]:
        """Each page's text with every run of whitespace (line breaks too) as one space."""
        return [" ".join((p.extract_text() or "").split()) for p in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker) -> Report:
    """Tenant A with the demo plan, ten schools, school reports and SWV entries over three school
    years (``seed_monitoring``) and three thuiszitters at one school on the newest peildatum."""
    peildatum = past_peildata(timezone.localdate(), 2)[-1]
    with django_db_blocker.unblock(), transaction.atomic():
        with scopes_disabled():
            tenant = TenantFactory(code="VOA001", name="Samenwerkingsverband Alfa")
        with scope(tenant=tenant):
            schools = seed_schools(tenant)
            seed_plan(tenant)
            started = peildatum - datetime.timedelta(days=60)
            absences = [
                make_absence(schools[0], kind="absoluut", start_date=started) for _ in range(SMALL)
            ]
            seed_monitoring(tenant)
            sections = selectors.dashboard(tenant=tenant, peildatum=peildatum)
            rows = [row for section in sections for row in section.rows]
            source = monitoring_document(tenant, peildatum)
            html, pdf = source.html(), source.render()
            again = monitoring_document(tenant, peildatum).render()
            small = next(r for r in rows if r.indicator.calculation == THUISZITTERS)
            assert small.measurement.value == SMALL  # the figure the report must not show
            result = Report(
                peildatum=peildatum,
                filename=source.filename,
                html=html,
                pdf=pdf,
                again=again,
                indicators=[(r.indicator.text, r.indicator.norm_text) for r in rows],
                pillars=[f"Pijler {s.number}: {s.title}" for s in sections],
                statuses={r.status for r in rows},
                small=(small.indicator.text, small.indicator.norm_text),
                pupil_numbers=list(
                    Pupil.objects.filter(tenant=tenant).values_list("pupil_number", flat=True)
                ),
                newest_computed_at=max(m.computed_at for r in rows for m in r.history),
            )
            assert {a.pupil.pupil_number for a in absences} <= set(result.pupil_numbers)
        transaction.set_rollback(True)
    return result


def test_every_pillar_and_indicator_is_in_the_report(report):
    text = report.text
    assert len(report.pillars) == 3 and len(report.indicators) > 30
    for heading in report.pillars:
        assert heading in text
    for indicator, norm in report.indicators:
        # The trend block of each kernindicator: its heading, then its norm.
        assert f"{indicator} Norm: {norm}" in text


def test_the_contents_list_each_pillar_with_its_page(report):
    contents = report.pages[1]
    assert contents.startswith("Inhoud Toelichting")
    for heading in report.pillars:
        number = int(re.search(re.escape(heading) + r"[ .]*(\d+)", contents).group(1))
        assert report.pages[number - 1].startswith(heading)  # the h1 opens the page it is listed on


def test_a_small_pupil_count_is_not_shown_and_never_as_the_number(report):
    indicator, norm = report.small
    day = f"{report.peildatum:%d-%m-%Y}"
    text = report.text
    row = re.search(
        re.escape(indicator) + r" Doel [^<]{0,200}?" + re.escape(norm) + " (\\S+ \\S+)", text
    )
    assert row and row.group(1) == "niet getoond"  # the table
    trend = text[text.index(f"{indicator} Norm: {norm}") :][:600]
    assert f"{day} niet getoond" in trend and f"{day} {SMALL}" not in trend  # the trend's figures
    assert "Geen trendlijn" in trend  # no suppressed point is drawn
    cells = report.html.split(f'<th scope="row">{escape(indicator)}', 1)[1]
    assert cells.split('<td class="metric-value">', 1)[1].startswith("niet getoond</td>")
    assert "niet getoond (kleine aantallen)" in cells.split("</tr>", 1)[0]  # and its status
    assert "Alleen totalen; kleine aantallen (1 tot 4) niet getoond" in text  # the cover says so


def test_no_pupil_numbers_anywhere_in_the_report(report):
    assert report.pupil_numbers
    for number in report.pupil_numbers:
        assert number not in report.text
        assert number not in report.html


def test_status_words_stand_in_the_tables(report):
    assert len(report.statuses) >= 2
    tables = report.text.split("Verloop per kernindicator", 1)[1]  # past the introduction
    for status in report.statuses:
        assert status in tables
        assert f"metric-status--{status.replace(' ', '-')}" in report.html


def test_the_trend_charts_are_vector_drawings_with_their_numbers_as_alt_text(report):
    charts = report.html.count('class="sparkline sparkline--large"')
    assert charts > 10
    reader = report.reader
    figures = [
        node["/Alt"]
        for node in _structure(reader.trailer["/Root"]["/StructTreeRoot"])
        if node.get("/S") == "/Figure" and str(node.get("/Alt", "")).startswith("Trend: ")
    ]
    assert len(figures) == charts
    assert any(f"{report.peildatum:%d-%m-%Y}: " in alt for alt in figures)
    # In the pages' content, each figure is a stroked line (m, l, S) with filled dots (c, f).
    drawn = [
        figure
        for page in reader.pages
        for figure in FIGURE.findall(page.get_contents().get_data())
        if all(op in figure for op in (b" m\n", b" l\n", b"\nS\n", b" c\n", b"\nf\n"))
    ]
    assert len(drawn) == charts
    for page in reader.pages:  # and no raster image stands in for a chart
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(x.get_object().get("/Subtype") != "/Image" for x in xobjects.values())


def test_metadata_names_the_report_and_the_swv_and_comes_from_the_data(report):
    meta = report.reader.metadata
    assert meta.title == f"Monitoringsrapportage {report.peildatum:%d-%m-%Y}"
    assert meta.author == "Samenwerkingsverband Alfa"
    created = timezone.localtime(report.newest_computed_at)
    assert meta["/CreationDate"].startswith(f"D:{created:%Y%m%d}")
    assert report.filename == f"VOA001-monitoring-{report.peildatum:%Y-%m-%d}.pdf"


def test_the_same_input_gives_the_same_bytes(report):
    assert report.pdf == report.again


def test_the_report_is_a_tagged_pdf(report):
    root = report.reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert root["/Lang"] == "nl"
    assert "/StructTreeRoot" in root


def test_a_tenant_without_figures_gets_a_report_dated_on_the_peildatum(world):
    peildatum = datetime.date(2026, 10, 1)
    with override("en"):  # the report is Dutch, whoever asks for it
        source = monitoring_document(world.tenant_b, peildatum)
    assert source.meta.created == timezone.make_aware(datetime.datetime(2026, 10, 1))
    assert "Er zijn nog geen kernindicatoren" in source.html()
    assert "op peildatum 1 oktober 2026" in source.html()
    pdf = pypdf.PdfReader(io.BytesIO(source.render()))
    assert pdf.metadata["/CreationDate"].startswith("D:20261001")


def test_the_report_reads_a_fixed_number_of_queries(world):
    """One indicator with one figure, then the whole catalogue over several peildata."""
    tenant = world.tenant_a
    with scope(tenant=tenant):
        seed_plan(tenant)  # with or without a plan the count differs; not with more figures
        services.indicator_save(
            tenant=tenant,
            data={
                "pillar_number": 1,
                "text": "Aantal thuiszitters",
                "norm_text": "Dalende trend",
                "norm_kind": "trend",
                "norm_direction": "dalend",
                "frequency": "2x per jaar",
                "source": "berekend",
                "calculation": THUISZITTERS,
                "unit": "aantal",
            },
        )
        days = past_peildata(datetime.date(2026, 10, 1), REPORT_YEARS)
        services.indicators_compute(tenant=tenant, peildatum=days[-1])
        small = _queries(tenant, days[-1])
        seed_monitoring(tenant)  # the catalogue; the tenant has figures already
        for day in days:
            services.indicators_compute(tenant=tenant, peildatum=day)
        assert _queries(tenant, days[-1]) == small


def _queries(tenant, peildatum: datetime.date) -> int:
    with CaptureQueriesContext(connection) as queries:
        source = monitoring_document(tenant, peildatum)
    with CaptureQueriesContext(connection) as rendering:
        source.html()
    assert len(rendering) == 0  # the worker renders from what the builder read
    return len(queries)


def _structure(node):
    """Every structure element under ``node``, depth first."""
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, list):
        for child in node:
            yield from _structure(child)
    elif isinstance(node, dict):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from _structure(node["/K"])
