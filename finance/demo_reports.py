"""The demo's realisation (part "reports"): fictional figures for Q1, Q2 and Q3 of 2026 against
the vastgestelde version 1.0, read in through the same service as an uploaded file, and one own
prognosis with a note.

Realised to date is the line's 2026 budget × the share of the year (3/12, 6/12, 9/12) × the
line's own pace (``PACE``): most lines close to the budget, a few clearly off, so the
managementrapportage has something to say. Idempotent: a period already read in stays as it is,
and the lines it prints are the same on every run.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import tablib

from swvportal.tenancy.models import Tenant

from . import reports
from .models import (
    Begroting,
    BegrotingStatus,
    BudgetAmount,
    BudgetLine,
    Period,
    PrognosisOverride,
    Realisation,
)
from .reports import COLUMN_LINE, COLUMN_REALISED

YEAR = 2026
PERIODS = (Period.Q1, Period.Q2, Period.Q3)
# The line's pace against its budget (1: as budgeted), per period; lines not named: 1.
PACE = {
    "Overige baten": (Decimal("0.40"), Decimal("0.55"), Decimal("0.60")),
    "Programma 3 Loket": (Decimal("1.20"), Decimal("1.28"), Decimal("1.30")),
    "Programma 4 Ontwikkeling en innovatie": (Decimal("0.35"), Decimal("0.45"), Decimal("0.52")),
    "Programma 2 opdc": (Decimal("1.02"), Decimal("1.04"), Decimal("1.05")),
    "Programma 1 Zorgbudget vo": (Decimal("0.98"), Decimal("0.99"), Decimal("0.99")),
}
OVERRIDE_LINE = "Programma 4 Ontwikkeling en innovatie"
OVERRIDE_AMOUNT = 190_000
OVERRIDE_NOTE = (
    "De pilots voor de overgang po-vo starten pas in het najaar; de facturen komen in "
    "november en december. Wij verwachten het jaar bijna volgens begroting af te sluiten."
)


def _version_1(tenant: Tenant) -> Begroting | None:
    return (
        Begroting.objects.filter(
            tenant=tenant, status=BegrotingStatus.ADOPTED, version_major=1, version_minor=0
        )
        .order_by("pk")
        .first()
    )


def _dataset(begroting: Begroting, index: int) -> tablib.Dataset:
    share = Decimal(3 * (index + 1)) / 12
    lines = list(BudgetLine.objects.filter(begroting=begroting, children__isnull=True))
    budget = dict(
        BudgetAmount.objects.filter(line__begroting=begroting, year=YEAR).values_list(
            "line_id", "amount"
        )
    )
    names = reports.line_names(lines)
    data = tablib.Dataset(headers=[COLUMN_LINE.lower(), COLUMN_REALISED.lower()])
    for line in sorted(lines, key=lambda x: (x.group, x.position, x.pk)):
        pace = PACE.get(line.title, (Decimal(1),) * 3)[index]
        realised = (Decimal(budget.get(line.pk, 0)) * share * pace).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        data.append([names[line.pk], int(realised)])
    return data


def seed_reports(tenant: Tenant) -> list[str]:
    """Runs inside the tenant's scope, after the begroting (``demo.seed_begroting``)."""
    begroting = _version_1(tenant)
    if begroting is None:
        return []
    for index, period in enumerate(PERIODS):
        if not Realisation.objects.filter(tenant=tenant, year=YEAR, period=period).exists():
            reports.realisation_import(
                begroting=begroting,
                year=YEAR,
                period=period,
                dataset=_dataset(begroting, index),
                commit=True,
                source_name=f"administratiekantoor-{YEAR}-{reports.period_label(period)}.xlsx",
            )
    line = BudgetLine.objects.filter(begroting=begroting, title=OVERRIDE_LINE).first()
    if line is not None and not PrognosisOverride.objects.filter(line=line).exists():
        reports.prognosis_set(
            line=line, year=YEAR, period=Period.Q3, amount=OVERRIDE_AMOUNT, note=OVERRIDE_NOTE
        )
    done = [
        reports.period_label(p.period)
        for p in reports.imported_periods(tenant=tenant).get(YEAR, [])
    ]
    overrides = PrognosisOverride.objects.filter(tenant=tenant).count()
    return [
        f"Realisatie {YEAR}: {', '.join(done)} ingelezen; {overrides} eigen prognose — "
        f"/{tenant.code}/begroting/rapportage/{YEAR}/{Period.Q3}/"
    ]
