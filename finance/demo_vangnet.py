"""The demo's vangnet: one claim computed from the demo Loket's TLVs (``referrals.demo_loket``).

The demo Loket sends its VSO TLVs to two receiving schools, De Ark vso (cluster 3, 99RG00) and
Het Anker vso (cluster 4, 99RH00). For the school year whose 1 juni passed most recently
(``current_school_year``) we add, as the SWV's own entry (source "invoer", so the page shows
where they come from), residential pupils at Het Anker who came in after 1 februari (the Loket
does not know residential pupils; fictional, category laag): at least two, and as many more as
it takes for the demo to show a claim (the demo TLVs are spread evenly over the year, so on
their own they rarely grow more after 1 februari). Then the school's claim is registered on
15 september for the computed amount and verified.

Idempotent: a school year that has the figures and the claim is left alone, and the printed line
is read from the database, so it is the same on every run.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from swvportal.tenancy.models import School, Tenant

from . import vangnet
from . import vangnet_claims as claims
from . import vangnet_data as data
from .models import ClaimStatus, FigureKind, FigureSource, Peildatum, VangnetClaim, VangnetFigure

SCHOOL_BRIN = "99RH00"  # Het Anker vso (cluster 4)
RESIDENTIAL_NOTE = "Demo: residentieel geplaatst via een zorginstelling (fictief)"
DEMO_CATEGORY = "laag"
MOST_RESIDENTIAL = 60


def _residential_needed(figures: data.SchoolFigures) -> int:
    """The fewest residential pupils (at least two) with which the school has a claim."""
    c = figures.counts
    for extra in range(2, MOST_RESIDENTIAL + 1):
        flows = [
            vangnet.Flow(f.category, f.new_tlvs, f.new_residential + extra, f.outflow)
            if f.category == DEMO_CATEGORY
            else f
            for f in figures.flows
        ]
        counts = vangnet.Counts(c.september, c.february, c.june + extra)
        if vangnet.compute(counts, flows, figures.amounts).claimable:
            return extra
    return 2


def seed_vangnet(tenant: Tenant) -> list[str]:
    school = School.objects.filter(tenant=tenant, brin=SCHOOL_BRIN).first()
    if school is None:
        return []
    year = data.current_school_year()
    mine = VangnetFigure.objects.filter(tenant=tenant, school=school, school_year=year)
    if not mine.exists():
        extra = _residential_needed(data.school_figures(school=school, school_year=year))
    else:
        extra = 2  # seeded before: get_or_create below leaves the rows as they are
    rows = ((FigureKind.RESIDENTIAL, Peildatum.JUNE), (FigureKind.NEW_RESIDENTIAL, ""))
    for kind, peildatum in rows:
        VangnetFigure.objects.get_or_create(
            tenant=tenant,
            school=school,
            school_year=year,
            kind=kind,
            peildatum=peildatum,
            category=DEMO_CATEGORY,
            defaults={"value": extra, "source": FigureSource.ENTERED, "note": RESIDENTIAL_NOTE},
        )
    claim = VangnetClaim.objects.filter(tenant=tenant, school=school, school_year=year).first()
    today = timezone.localdate()  # on or after the school year's 1 juni (current_school_year)
    if claim is None:
        computed = data.school_figures(school=school, school_year=year).outcome.total
        claim = claims.claim_register(
            school=school,
            school_year=year,
            submitted_on=min(datetime.date(year + 1, 9, 15), today),
            amount_claimed=computed if computed > 0 else Decimal(1),  # never below 1
            by=None,
        )
        claims.claim_verify(
            claim=claim,
            note="Demo: vergeleken met de cijfers van het Loket en de ingevoerde residentiële "
            "leerlingen.",
            by=None,
            today=min(datetime.date(year + 1, 9, 29), today),
        )
    claim.refresh_from_db()
    label = data.school_year_label(year)
    status = ClaimStatus(claim.status).label.lower()
    amount = vangnet.euros(claim.amount_claimed)
    return [
        f"Vangnet: declaratie {school.name} {label} {status}, € {amount} — "
        f"/{tenant.code}/vangnet/declaratie/{claim.pk}/"
    ]
