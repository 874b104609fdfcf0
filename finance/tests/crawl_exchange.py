"""Part "exchange" of the crawls (see ``crawl``): the Excel and JSON downloads of a version (every
reader of A's adopted begroting) and the import page (the bestuurder)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import Begroting, BudgetAmount, BudgetLine
from .builders import a_begroting

B, T, INS = Role.BESTUURDER, Role.TOEZICHT, Role.INSPECTIE

MATRIX: dict[str, set[str]] = {
    "finance:begroting_export_xlsx": {B, T, INS},
    "finance:begroting_export_json": {B, T, INS},
    "finance:begroting_import": {B},
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set()


def kwargs(world, page: str) -> dict:
    if page == "finance:begroting_import":
        return {}
    return {"begroting_id": a_begroting(world.tenant_a, adopted=True).pk}


def b_values(world) -> dict:
    return {"begroting_id": a_begroting(world.tenant_b, adopted=True).pk}


def snapshot_b(world) -> list:
    """An import makes a begroting: none may appear in B, and B's lines stay as they are."""
    with scopes_disabled():
        return [
            row
            for model in (Begroting, BudgetLine, BudgetAmount)
            for row in model.objects.filter(tenant=world.tenant_b).values()
        ]


def browser_values(demo) -> dict:
    with scopes_disabled():
        concept = Begroting.objects.get(tenant=demo.tenant, status="concept")
    return {"begroting_id": concept.pk}
