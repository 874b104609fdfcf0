"""Part "pages" of the crawls (see ``crawl``): the begroting's list, versions, lines, amounts,
comparison, approvals and settings."""

from __future__ import annotations

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import Begroting, BegrotingApproval, BudgetAmount, BudgetLine, FinanceSettings
from .builders import a_begroting

B, T, INS = Role.BESTUURDER, Role.TOEZICHT, Role.INSPECTIE
EVERYONE = set(Role.values)

# On tenant A's adopted begroting (every reader) …
MATRIX: dict[str, set[str]] = {
    "finance:begroting_list": {B, T, INS},
    "finance:begroting_detail": {B, T, INS},
}
POST_ONLY: dict[str, set[str]] = {}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set()


def kwargs(world, page: str) -> dict:
    if page == "finance:begroting_list":
        return {}
    return {"begroting_id": a_begroting(world.tenant_a, adopted=True).pk}


def b_values(world) -> dict:
    adopted = a_begroting(world.tenant_b, adopted=True)
    return {"begroting_id": adopted.pk}


def snapshot_b(world) -> list:
    models = (Begroting, BudgetLine, BudgetAmount, BegrotingApproval, FinanceSettings)
    with scopes_disabled():
        return [row for m in models for row in m.objects.filter(tenant=world.tenant_b).values()]


def browser_values(demo) -> dict:
    with scopes_disabled():
        concept = Begroting.objects.get(tenant=demo.tenant, status="concept")
    return {"begroting_id": concept.pk}
