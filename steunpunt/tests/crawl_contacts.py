"""Part "contacts" of the crawls (see ``crawl``): the staff's pages on contacts.

Every page takes ``contact_id``; tenant A's pages are opened on an open contact of school A1
with a call-back request, so the detail page shows everything and closing can be asked.
"""

from __future__ import annotations

from django_scopes import scopes_disabled

from swvportal.accounts.models import Role

from ..models import CallbackRequest, Contact
from .builders import a_contact

B = Role.BESTUURDER

MATRIX: dict[str, set[str]] = {
    "steunpunt:contact_list": {B},
    "steunpunt:contact_create": {B},
    "steunpunt:contact_detail": {B},
    "steunpunt:contact_edit": {B},
    "steunpunt:contact_close": {B},  # the confirmation page
}
POST_ONLY: dict[str, set[str]] = {
    "steunpunt:contact_signal": {B},
}
REDIRECTS: set[str] = set()
BROWSER_POST_ONLY: set[str] = set(POST_ONLY)

CONTACT_PAGES = {
    "steunpunt:contact_detail",
    "steunpunt:contact_edit",
    "steunpunt:contact_close",
    "steunpunt:contact_signal",
}
CALLBACK = {"name": "Terugbel Persoon", "phone": "0612345678"}


def _open_contact(tenant, school) -> Contact:
    with scopes_disabled():
        found = Contact.objects.filter(tenant=tenant, closed_on__isnull=True).order_by("pk").first()
    return found or a_contact(tenant, school=school, callback=CALLBACK)


def kwargs(world, page: str) -> dict:
    if page in CONTACT_PAGES:
        return {"contact_id": _open_contact(world.tenant_a, world.school_a1).pk}
    return {}


def b_values(world) -> dict:
    return {"contact_id": _open_contact(world.tenant_b, world.school_b1).pk}


def snapshot_b(world) -> list:
    with scopes_disabled():
        contacts = Contact.objects.filter(tenant=world.tenant_b).order_by("pk")
        callbacks = CallbackRequest.objects.filter(tenant=world.tenant_b).order_by("pk")
        return [
            *contacts.values_list("pk", "revision", "closed_on", "is_signal", "trend_id"),
            *callbacks.values(),
        ]


def browser_values(demo) -> dict:
    """An open contact of the demo tenant (part "demo" makes some)."""
    with scopes_disabled():
        contact = (
            Contact.objects.filter(tenant=demo.tenant, closed_on__isnull=True)
            .order_by("pk")
            .first()
        )
    return {"contact_id": contact.pk} if contact else {}
