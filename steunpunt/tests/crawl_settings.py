"""Part "settings" of the crawls (see ``crawl``): the settings page and the themes, for the
bestuurder only (``steunpunt.change_settings``)."""

from __future__ import annotations

from django_scopes import scopes_disabled

from ..models import SteunpuntSettings, Theme

B = "bestuurder"

MATRIX: dict[str, set[str]] = {
    "steunpunt:settings": {B},
    "steunpunt:theme_list": {B},
    "steunpunt:theme_edit": {B},
    "steunpunt:theme_delete": {B},
}
POST_ONLY: dict[str, set[str]] = {
    "steunpunt:theme_create": {B},
    "steunpunt:theme_defaults": {B},
}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set(POST_ONLY)

THEME_PAGES = {"steunpunt:theme_edit", "steunpunt:theme_delete"}


def _theme(tenant, name: str) -> Theme:
    with scopes_disabled():
        theme, _ = Theme.objects.get_or_create(tenant=tenant, name=name, defaults={"order": 1})
        return theme


def kwargs(world, page: str) -> dict:
    if page in THEME_PAGES:
        return {"theme_id": _theme(world.tenant_a, "Vervoer").pk}
    return {}


def b_values(world) -> dict:
    from .. import services

    with scopes_disabled():
        services.steunpunt_settings(world.tenant_b)
    return {"theme_id": _theme(world.tenant_b, "Thema van B").pk}


def snapshot_b(world) -> list:
    with scopes_disabled():
        return [
            *Theme.objects.filter(tenant=world.tenant_b).order_by("pk").values(),
            *SteunpuntSettings.objects.filter(tenant=world.tenant_b).values(),
        ]


def browser_values(demo) -> dict:
    with scopes_disabled():
        theme = Theme.objects.filter(tenant=demo.tenant).order_by("order", "name").first()
    return {"theme_id": theme.pk} if theme else {}
