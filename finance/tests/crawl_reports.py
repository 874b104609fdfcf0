"""Part "reports" of the crawls (see ``crawl``): the managementrapportages, reading realisation
in, its template and the bestuurder's own prognoses."""

from __future__ import annotations

from django_scopes import scope, scopes_disabled

from swvportal.accounts.models import Role

from .. import reports
from ..models import Begroting, BegrotingStatus, BudgetLine, Period, PrognosisOverride, Realisation
from .builders import a_begroting

B, T = Role.BESTUURDER, Role.TOEZICHT
YEAR, PERIOD = 2026, Period.Q2

# On tenant A's adopted begroting 2025–2027 with Q2 2026 read in and one own prognosis.
MATRIX: dict[str, set[str]] = {
    "finance:report_list": {B, T},
    "finance:report": {B, T},
    "finance:realisation_import": {B},
    "finance:realisation_template": {B},
    "finance:prognosis": {B},
    "finance:prognosis_remove": {B},  # GET: the confirmation step
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set()


def _with_realisation(tenant) -> tuple[Begroting, BudgetLine]:
    """An adopted begroting of ``tenant`` with Q2 2026 read in and an own prognosis on its
    first line."""
    from .reports_files import dataset

    begroting = a_begroting(tenant, adopted=True)
    with scope(tenant=tenant):
        lines = list(BudgetLine.objects.filter(begroting=begroting).order_by("pk"))
        rows = [(line.title, 1_000) for line in lines]
        reports.realisation_import(
            begroting=begroting, year=YEAR, period=PERIOD, dataset=dataset(rows), commit=True
        )
        reports.prognosis_set(line=lines[0], year=YEAR, period=PERIOD, amount=5, note="Crawl.")
    return begroting, lines[0]


def kwargs(world, page: str) -> dict:
    if page in ("finance:report_list", "finance:realisation_import"):
        return {}
    begroting, line = _with_realisation(world.tenant_a)
    if page == "finance:realisation_template":
        return {"begroting_id": begroting.pk}
    found = {"report_year": YEAR, "period": PERIOD}
    if page in ("finance:prognosis", "finance:prognosis_remove"):
        found["report_line_id"] = line.pk
    return found


def b_values(world) -> dict:
    _begroting, line = _with_realisation(world.tenant_b)
    return {"report_year": YEAR, "period": PERIOD, "report_line_id": line.pk}


def snapshot_b(world) -> list:
    with scopes_disabled():
        return [
            row
            for m in (Realisation, PrognosisOverride)
            for row in m.objects.filter(tenant=world.tenant_b).values()
        ]


def browser_values(demo) -> dict:
    """The demo's Q3 2026 report and its line with an own prognosis (``demo_reports``)."""
    with scopes_disabled():
        override = (
            PrognosisOverride.objects.filter(
                tenant=demo.tenant, line__begroting__status=BegrotingStatus.ADOPTED
            )
            .order_by("pk")
            .first()
        )
    return {
        "report_year": override.year,
        "period": override.period,
        "report_line_id": override.line_id,
    }
