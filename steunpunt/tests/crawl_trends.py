"""Part "trends" of the crawls (see ``crawl``): the overview and the trends."""

from __future__ import annotations

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import Contact, Trend
from .builders import a_contact, a_trend

B, T = Role.BESTUURDER, Role.TOEZICHT

MATRIX: dict[str, set[str]] = {
    "steunpunt:overview": {B, T},
    "steunpunt:trend_list": {B, T},
    "steunpunt:trend_detail": {B, T},
    "steunpunt:trend_create": {B},
    "steunpunt:trend_edit": {B},
}
POST_ONLY: dict[str, set[str]] = {
    "steunpunt:trend_signal_add": {B},
    "steunpunt:trend_signal_remove": {B},
}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set(POST_ONLY)


def _trend_with_signal(tenant, title: str) -> tuple[Trend, Contact]:
    with scopes_disabled():
        trend = Trend.objects.filter(tenant=tenant, title=title).first()
        if trend is None:
            contact = a_contact(tenant, is_signal=True)
            trend = a_trend(tenant, title=title, signals=[contact])
        signal = Contact.objects.filter(trend=trend).first()
        if signal is None:
            signal = a_contact(tenant, is_signal=True, trend=trend)
        return trend, signal


def kwargs(world, page: str) -> dict:
    if page == "steunpunt:overview" or page not in {**MATRIX, **POST_ONLY}:
        return {}
    if page in ("steunpunt:trend_list", "steunpunt:trend_create"):
        return {}
    trend, signal = _trend_with_signal(world.tenant_a, "Crawl: vervoer")
    if page == "steunpunt:trend_signal_remove":
        return {"trend_id": trend.pk, "contact_id": signal.pk}
    return {"trend_id": trend.pk}


def b_values(world) -> dict:
    trend, signal = _trend_with_signal(world.tenant_b, "Crawl B: vervoer")
    return {"trend_id": trend.pk, "contact_id": signal.pk}


def snapshot_b(world) -> list:
    with scopes_disabled():
        return [
            *Trend.objects.filter(tenant=world.tenant_b)
            .order_by("pk")
            .values_list("pk", "revision", "status"),
            *Contact.objects.filter(tenant=world.tenant_b)
            .order_by("pk")
            .values_list("pk", "trend_id", "is_signal"),
        ]


def browser_values(demo) -> dict:
    with scopes_disabled():
        trend = Trend.objects.filter(tenant=demo.tenant).order_by("pk").first()
        if trend is None:
            return {}
        values = {"trend_id": trend.pk}
        signal = Contact.objects.filter(trend=trend).order_by("pk").first()
        if signal is not None:
            values["contact_id"] = signal.pk
        return values
