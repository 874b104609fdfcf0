"""Test builders for the begroting and the vangnet: small, explicit worlds (no demo data).

``a_begroting(tenant)`` is a concept over 2025–2027 with two lines per group; ``adopted=True``
records the tenant's required steps and adopts it (ALV 26 November 2024). Amounts are per line
``(title → (2025, 2026, 2027))``: baten 1.000.000 + 200.000, afdrachten 300.000 + 0, programma's
700.000 + 200.000, so every resultaat is 0 unless a test changes a line.
"""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from swvportal.core.versioning import ApprovalBody, ApprovalKind, ApprovalOutcome

from .. import services
from ..models import Begroting, BudgetLine, LineGroup

YEARS = (2025, 2026, 2027)
LINES = (
    (LineGroup.INCOME, "Zware ondersteuning", (1_000_000, 1_000_000, 1_000_000)),
    (LineGroup.INCOME, "Overige baten", (200_000, 200_000, 200_000)),
    (LineGroup.TRANSFERS, "Afdracht ondersteuningsbekostiging vso (via DUO)", (300_000,) * 3),
    (LineGroup.TRANSFERS, "Afdracht lwoo (via DUO)", (0, 0, 0)),
    (LineGroup.PROGRAMMES, "Programma 1 Zorgbudget vo", (700_000, 700_000, 700_000)),
    (LineGroup.PROGRAMMES, "Programma 3 Loket", (200_000, 200_000, 200_000)),
)
REQUIRED_STEPS = (
    (ApprovalBody.FINANCE, ApprovalKind.ADVICE, datetime.date(2024, 10, 28)),
    (ApprovalBody.RVT, ApprovalKind.APPROVAL, datetime.date(2024, 11, 11)),
    (ApprovalBody.OPR, ApprovalKind.APPROVAL, datetime.date(2024, 11, 18)),
)
ADOPTED_ON = datetime.date(2024, 11, 26)


def record_required_steps(begroting: Begroting, by=None) -> None:
    for body, kind, date in REQUIRED_STEPS:
        services.approval_add(
            begroting=begroting,
            data={"body": body, "kind": kind, "date": date, "outcome": ApprovalOutcome.POSITIVE},
            by=by,
        )


def a_begroting(
    tenant,
    *,
    years: tuple[int, ...] = YEARS,
    lines=LINES,
    adopted: bool = False,
    opening_reserve: int = 400_000,
    by=None,
) -> Begroting:
    with scopes_disabled():
        begroting = services.begroting_create(
            tenant=tenant,
            first_year=years[0],
            last_year=years[-1],
            opening_reserve=opening_reserve,
        )
        for group, title, amounts in lines:
            services.line_create(
                begroting=begroting,
                group=group,
                title=title,
                amounts=dict(zip(years, amounts, strict=True)),
                by=by,
            )
        if adopted:
            record_required_steps(begroting, by)
            begroting = services.begroting_adopt(begroting=begroting, on=ADOPTED_ON, by=by)
        return begroting


def a_concept_after(adopted: Begroting, by=None) -> Begroting:
    """The next version (a concept) of an adopted begroting, for the same years."""
    with scopes_disabled():
        return services.begroting_new_version(begroting=adopted, by=by)


def line_titled(begroting: Begroting, title: str) -> BudgetLine:
    with scopes_disabled():
        return BudgetLine.objects.get(begroting=begroting, title=title)
