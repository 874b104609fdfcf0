"""Part "pages" of the crawls (see ``crawl``): the begroting's list, a new version, a version's
page and header, its lines (amounts, text, sub-lines, delete, move) and the settings."""

from __future__ import annotations

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import Begroting, BegrotingApproval, BudgetAmount, BudgetLine, FinanceSettings
from .builders import a_begroting, line_titled

B, T, INS = Role.BESTUURDER, Role.TOEZICHT, Role.INSPECTIE
EVERYONE = set(Role.values)
LINE = "Programma 3 Loket"

# On tenant A's adopted begroting (every reader) …
READ_PAGES = {"finance:begroting_list", "finance:begroting_detail", "finance:line_show"}
# … the others on a concept, which only the bestuurder changes.
LINE_PAGES = {
    "finance:line_show",
    "finance:amounts_edit",
    "finance:line_edit",
    "finance:subline_create",
    "finance:line_delete",
    "finance:line_move",
}

MATRIX: dict[str, set[str]] = {
    "finance:begroting_list": {B, T, INS},
    "finance:begroting_detail": {B, T, INS},
    "finance:line_show": {B, T, INS},  # without htmx: back to the page at the line (302)
    "finance:begroting_create": {B},
    "finance:finance_settings": {B},
    "finance:begroting_edit": {B},
    "finance:line_create": {B},
    "finance:amounts_edit": {B},
    "finance:line_edit": {B},
    "finance:subline_create": {B},
    "finance:line_delete": {B},
}
POST_ONLY: dict[str, set[str]] = {"finance:line_move": {B}}
REDIRECTS: set[str] = {"finance:line_show"}
BROWSER_POST_ONLY: set[str] = {"finance:line_move"}


def kwargs(world, page: str) -> dict:
    if page in ("finance:begroting_list", "finance:begroting_create", "finance:finance_settings"):
        return {}
    begroting = a_begroting(world.tenant_a, adopted=page in READ_PAGES)
    found = {"begroting_id": begroting.pk}
    if page in LINE_PAGES:
        found["line_id"] = line_titled(begroting, LINE).pk
    return found


def b_values(world) -> dict:
    adopted = a_begroting(world.tenant_b, adopted=True)
    return {"begroting_id": adopted.pk, "line_id": line_titled(adopted, LINE).pk}


def snapshot_b(world) -> list:
    models = (Begroting, BudgetLine, BudgetAmount, BegrotingApproval, FinanceSettings)
    with scopes_disabled():
        return [row for m in models for row in m.objects.filter(tenant=world.tenant_b).values()]


def browser_values(demo) -> dict:
    """The demo's concept (version 2.0) and one of its typed lines."""
    with scopes_disabled():
        concept = Begroting.objects.get(tenant=demo.tenant, status="concept")
        line = (
            BudgetLine.objects.filter(begroting=concept, parent=None, source="")
            .order_by("group", "position")
            .first()
        )
    return {"begroting_id": concept.pk, "line_id": line.pk}
