"""Part "vangnet" of the crawls (see ``crawl``): the figures per school and the claims.

The pages of a school take ``school_id`` and ``school_year``; a figure ``figure_id``; a claim
``claim_id``. Tenant A's pages are opened on school A1 (the zorgcoördinator's own school) and a
claim and a figure of A1, so the zorgcoördinator gets 200 on what is theirs; a school that is not
theirs is a 404 (``test_vangnet_views``).
"""

from __future__ import annotations

import datetime

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import FigureKind, FigureSource, Peildatum, VangnetClaim, VangnetFigure

B, Z = Role.BESTUURDER, Role.ZORGCOORDINATOR
YEAR = 2025

MATRIX: dict[str, set[str]] = {
    "finance:vangnet": {B, Z},
    "finance:vangnet_school": {B, Z},
    "finance:claim_detail": {B, Z},
    "finance:vangnet_figure_delete": {B},  # the confirmation page
    "finance:vangnet_import": {B},
}
POST_ONLY: dict[str, set[str]] = {
    "finance:vangnet_figure_save": {B},
    "finance:claim_register": {B},
    "finance:vangnet_pdf": {B, Z},
    "finance:claim_verify": {B},
    "finance:claim_approve": {B},
    "finance:claim_refuse": {B},
    "finance:claim_pay": {B},
}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set(POST_ONLY)

SCHOOL_PAGES = {
    "finance:vangnet_school",
    "finance:vangnet_figure_save",
    "finance:claim_register",
    "finance:vangnet_pdf",
}
CLAIM_PAGES = {
    "finance:claim_detail",
    "finance:claim_verify",
    "finance:claim_approve",
    "finance:claim_refuse",
    "finance:claim_pay",
}


def a_claim(school, year: int = YEAR) -> VangnetClaim:
    with scopes_disabled():
        claim, _ = VangnetClaim.objects.get_or_create(
            tenant=school.tenant,
            school=school,
            school_year=year,
            defaults={"submitted_on": datetime.date(year + 1, 9, 1), "amount_claimed": 1000},
        )
        return claim


def a_figure(school, year: int = YEAR) -> VangnetFigure:
    with scopes_disabled():
        figure, _ = VangnetFigure.objects.get_or_create(
            tenant=school.tenant,
            school=school,
            school_year=year,
            kind=FigureKind.RESIDENTIAL,
            peildatum=Peildatum.JUNE,
            category="laag",
            defaults={"value": 1, "source": FigureSource.ENTERED},
        )
        return figure


def kwargs(world, page: str) -> dict:
    if page in SCHOOL_PAGES:
        return {"school_id": world.school_a1.pk, "school_year": YEAR}
    if page in CLAIM_PAGES:
        return {"claim_id": a_claim(world.school_a1).pk}
    if page == "finance:vangnet_figure_delete":
        return {"figure_id": a_figure(world.school_a1).pk}
    return {}


def b_values(world) -> dict:
    return {
        "school_year": YEAR,
        "claim_id": a_claim(world.school_b1).pk,
        "figure_id": a_figure(world.school_b1).pk,
    }


def snapshot_b(world) -> list:
    with scopes_disabled():
        return [
            row
            for m in (VangnetClaim, VangnetFigure)
            for row in m.objects.filter(tenant=world.tenant_b).values()
        ]


def browser_values(demo) -> dict:
    """The demo's claim (Het Anker vso, ``demo_vangnet``), its school year and a figure of it."""
    with scopes_disabled():
        claim = VangnetClaim.objects.filter(tenant=demo.tenant).order_by("pk").first()
        figure = VangnetFigure.objects.filter(tenant=demo.tenant).order_by("pk").first()
    if claim is None:
        return {}
    return {
        "claim_id": claim.pk,
        "school_year": claim.school_year,
        "figure_id": figure.pk if figure else 0,
    }
