"""The RefSVO demo's begroting: Bijlage 3 of the seed OSP exactly (every line and year), adopted
by the ALV in November, and a concept of the next cycle with a few changes to compare.

The figures of version 1.0 are the seed's (``BIJLAGE_3``): Totale baten 2025 is 33.026.007 and
every resultaat is 0; ``finance/tests/test_demo.py`` checks each of them, and that the derived
totals equal the seed's own totals (``SEED_TOTALS``). The approval trail, the opening reserve
and version 2.0 are fictional. Realisation (``demo_reports``) and the vangnet
(``demo_vangnet``) add their own rows.
"""

from __future__ import annotations

import datetime

from swvportal.accounts.models import Membership, Role
from swvportal.core.versioning import ApprovalBody, ApprovalKind, ApprovalOutcome
from swvportal.tenancy.models import Tenant

from . import services
from .models import Begroting, BegrotingApproval, BudgetLine, Forecast, LineGroup

YEARS = (2025, 2026, 2027, 2028, 2029)
INC, T, P = LineGroup.INCOME, LineGroup.TRANSFERS, LineGroup.PROGRAMMES

# (group, title, forecast, amounts 2025 … 2029): the seed's Bijlage 3, line by line.
# fmt: off
BIJLAGE_3: tuple[tuple[str, str, str, tuple[int, ...]], ...] = (
    (INC, "Lichte ondersteuning", "", (2_719_825, 2_893_287, 2_863_492, 2_848_661, 2_860_953)),
    (INC, "Lwoo", "", (8_851_077, 9_415_341, 9_318_381, 9_270_118, 9_310_119)),
    (INC, "Pro", "", (2_258_989, 2_403_001, 2_378_255, 2_365_937, 2_376_147)),
    (INC, "Zware ondersteuning", "", (18_567_496, 19_514_629, 19_313_665, 19_213_634, 19_296_543)),
    (INC, "Overige baten", "", (0, 272_214, 272_214, 272_214, 212_214)),
    (INC, "Geoormerkte subsidies en bijdragen voor specifieke programma's in het "
        "ondersteuningsplan", "", (628_620, 396_000, 432_000, 432_000, 432_000)),
    (T, "Afdracht lwoo (via DUO)", "", (0, 0, 0, 0, 0)),
    (T, "Afdracht pro (via DUO)", "", (3_194_057, 3_765_738, 3_518_493, 3_518_493, 3_505_813)),
    (T, "Afdracht ondersteuningsbekostiging vso (via DUO)", Forecast.VSO_TRANSFER,
        (7_968_916, 8_114_297, 8_114_297, 8_114_297, 8_114_297)),
    (P, "Programma 1 Zorgbudget vo", "",
        (20_455_489, 21_802_986, 21_769_767, 21_544_824, 21_660_615)),
    (P, "Programma 2 opdc", "", (448_000, 464_000, 480_000, 491_000, 501_800)),
    (P, "Programma 3 Loket", "", (100_000, 89_500, 77_000, 79_500, 79_500)),
    (P, "Programma 4 Ontwikkeling en innovatie", "", (531_245, 218_250, 188_750, 216_250, 181_250)),
    (P, "Programma 5 Bestuur en organisatie", "", (328_300, 439_700, 429_700, 438_200, 444_700)),
)
# The seed's own totals, to check the derived ones against (never stored).
SEED_TOTALS = {
    "Totale baten": (33_026_007, 34_578_471, 34_578_007, 34_402_565, 34_487_976),
    "Totaal afdrachten": (11_162_973, 11_880_036, 11_632_790, 11_632_790, 11_620_111),
    "Totaal programma's": (21_863_034, 23_014_436, 22_945_217, 22_769_774, 22_867_865),
    "Totale lasten": (33_026_007, 34_578_471, 34_578_007, 34_402_565, 34_487_976),
    "Resultaat": (0, 0, 0, 0, 0),
}
# fmt: on
# Where the seed's printed totals are not the sums of its printed lines (the sheet behind it
# holds cents; the lines are rounded): label → {year: (printed, sum of the printed lines)}.
# 2026's Totale baten and Totale lasten are misprinted (the lines give 34.894.472 for both, and
# so a resultaat of €1 rather than 0, like 2029's, from the rounded afdrachten).
SEED_DEVIATIONS = {
    "Totale baten": {2026: (34_578_471, 34_894_472), 2028: (34_402_565, 34_402_564)},
    "Totaal afdrachten": {2026: (11_880_036, 11_880_035), 2029: (11_620_111, 11_620_110)},
    "Totale lasten": {
        2026: (34_578_471, 34_894_471),
        2028: (34_402_565, 34_402_564),
        2029: (34_487_976, 34_487_975),
    },
    "Resultaat": {2026: (0, 1), 2029: (0, 1)},
}

OPENING_RESERVE = 512_000  # fictional: the eigen vermogen on 1 januari 2025
RESERVE_CEILING = 600_000  # RefSVO's own rule (the seed OSP)
ADOPTED_ON = datetime.date(2024, 11, 26)
TRAIL = (
    (ApprovalBody.FINANCE, ApprovalKind.ADVICE, datetime.date(2024, 10, 28),
     "Positief advies; let op de daling van de baten na 2026."),
    (ApprovalBody.RVT, ApprovalKind.APPROVAL, datetime.date(2024, 11, 11), ""),
    (ApprovalBody.OPR, ApprovalKind.APPROVAL, datetime.date(2024, 11, 18), ""),
)  # fmt: skip
NEXT_YEARS = (2026, 2030)
# Version 2.0 (the next cycle, a concept): the changes against 1.0 (title → {year: amount}).
NEXT_CHANGES = {
    "Programma 3 Loket": {2027: 95_000, 2028: 97_500, 2029: 97_500, 2030: 99_000},
    "Overige baten": {2027: 290_214, 2028: 290_214, 2029: 230_214, 2030: 230_214},
    "Programma 2 opdc": {2030: 512_000},
}


def _bestuurder(tenant: Tenant):
    membership = (
        Membership.objects.filter(tenant=tenant, role=Role.BESTUURDER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _adopted(tenant: Tenant, by) -> Begroting:
    begroting = services.begroting_create(
        tenant=tenant,
        first_year=YEARS[0],
        last_year=YEARS[-1],
        title="Meerjarenbegroting",
        opening_reserve=OPENING_RESERVE,
        note="De meerjarenbegroting van Bijlage 3 van het ondersteuningsplan 2026–2030.",
    )
    for group, title, forecast, amounts in BIJLAGE_3:
        services.line_create(
            begroting=begroting,
            group=group,
            title=title,
            forecast=forecast,
            amounts=dict(zip(YEARS, amounts, strict=True)),
            by=by,
        )
    for body, kind, date, note in TRAIL:
        services.approval_add(
            begroting=begroting,
            data={
                "body": body,
                "kind": kind,
                "date": date,
                "outcome": ApprovalOutcome.POSITIVE,
                "note": note,
            },
            by=by,
        )
    return services.begroting_adopt(begroting=begroting, on=ADOPTED_ON, by=by)


def _next(adopted: Begroting, by) -> Begroting:
    concept = services.begroting_new_version(
        begroting=adopted, first_year=NEXT_YEARS[0], last_year=NEXT_YEARS[1], by=by
    )
    concept.note = "Concept voor de cyclus 2026–2030: meer capaciteit voor het Loket."
    concept.save(update_fields=["note"])
    for line in BudgetLine.objects.filter(begroting=concept, parent=None):
        last = line.amounts.filter(year=NEXT_YEARS[1] - 1).first()
        amounts = {NEXT_YEARS[1]: last.amount if last else 0}
        amounts.update(NEXT_CHANGES.get(line.title, {}))
        services.amounts_set(line=line, amounts=amounts, by=by)
    return concept


def seed_begroting(tenant: Tenant) -> list[str]:
    """Runs inside the tenant's scope; idempotent (a tenant with a begroting keeps it)."""
    by = _bestuurder(tenant)
    if not Begroting.objects.filter(tenant=tenant).exists():
        services.settings_save(tenant=tenant, data={"reserve_ceiling": RESERVE_CEILING})
        adopted = _adopted(tenant, by)
        _next(adopted, by)
    versions = Begroting.objects.filter(tenant=tenant).order_by("version_major", "version_minor")
    steps = BegrotingApproval.objects.filter(tenant=tenant).count()
    shown = ", ".join(f"{v.version} {v.first_year}–{v.last_year} {v.get_status_display().lower()}"
                      for v in versions)  # fmt: skip
    return [f"Begroting: versies {shown}; {steps} goedkeuringsstappen — /{tenant.code}/begroting/"]


def seed_finance(tenant: Tenant) -> list[str]:
    from .demo_reports import seed_reports
    from .demo_vangnet import seed_vangnet

    return [*seed_begroting(tenant), *seed_reports(tenant), *seed_vangnet(tenant)]
