"""Part "vangnet" of the crawls (see ``crawl``): the figures per school and the claims."""

from __future__ import annotations

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import VangnetClaim, VangnetFigure

B, Z = Role.BESTUURDER, Role.ZORGCOORDINATOR

MATRIX: dict[str, set[str]] = {
    "finance:vangnet": {B, Z},
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set()


def kwargs(world, page: str) -> dict:
    return {}


def b_values(world) -> dict:
    return {}


def snapshot_b(world) -> list:
    with scopes_disabled():
        return [
            row
            for m in (VangnetClaim, VangnetFigure)
            for row in m.objects.filter(tenant=world.tenant_b).values()
        ]


def browser_values(demo) -> dict:
    return {}
